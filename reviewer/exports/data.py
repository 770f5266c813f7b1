"""Everything the output documents show, read once from the chair's database (the consolidation's frames)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from reviewer.panel import consolidation as cons
from reviewer.review import Review
from reviewer.store.models import ExpertRow, GroupOpinionRow

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class PanelData:
    title: str
    call_id: str
    settings: cons.ConsolidationSettings
    stats: pd.DataFrame          # declaration_stats: one row per selected declaration, ranked per direction
    criteria: pd.DataFrame       # criterion_stats
    totals: pd.DataFrame         # totals_frame
    zscores: pd.DataFrame
    deviations: pd.DataFrame
    kendall: dict[int, float | None]
    proposed: pd.DataFrame       # proposed_list
    experts: list[ExpertRow]
    directions: dict[int, str]     # direction -> name
    opinions: dict[int, tuple[str, str]]   # declaration -> (group opinion, dissent); a seeded text when none stored
    scores: pd.DataFrame         # expert_id declaration_id criterion_id points remark (the experts' own sheets)
    recusals: dict[tuple[int, int], str]   # (expert, declaration) -> reason
    today: str

    def criteria_of(self, declaration_id: int) -> list[tuple[str, float, float, float]]:
        """(criterion, max, mean, consolidated) of one declaration, in the rubric's order."""
        if not hasattr(self, "_criteria_by"):
            c = self.criteria
            grouped: dict[int, list[tuple[str, float, float, float]]] = {}
            for d, *line in zip(c["declaration_id"], c["criterion"], c["max"], c["mean"], c["consolidated"]):
                grouped.setdefault(int(d), []).append(tuple(line))  # type: ignore[arg-type]
            self._criteria_by = grouped
        return self._criteria_by.get(declaration_id, [])

    def members_of(self, declaration_id: int) -> list[str]:
        """The experts who scored a declaration (assigned, submitted, not recused), by expert id."""
        if not hasattr(self, "_members_by"):
            t = self.totals
            sat = t[t["submitted"] & ~t["recused"]].sort_values(["declaration_id", "expert_id"])
            grouped: dict[int, list[str]] = {}
            for d, name in zip(sat["declaration_id"], sat["expert"]):
                grouped.setdefault(int(d), []).append(name)
            self._members_by = grouped
        return self._members_by.get(declaration_id, [])

    def direction_size(self, direction: int) -> int:
        if not hasattr(self, "_sizes"):
            self._sizes = {int(k): int(v) for k, v in self.stats["direction"].value_counts().items()}
        return self._sizes.get(direction, 0)

    def direction_label(self, direction: int) -> str:
        return f"方向{direction} {self.directions.get(direction, '')}".strip()

    def method_text(self, n: int) -> str:
        return cons._method_text(self.settings, n)   # the wording the group-opinion seed uses


def collect(review: Review, with_opinions: bool = True) -> PanelData:
    import pandas as pd

    settings = cons.load_settings(review)
    stats = cons.declaration_stats(review, settings)
    info = review.info()
    directions = {int(d): review.rubric(int(d)).direction_name for d in sorted(stats["direction"].unique())}
    with Session(review.engine) as s:
        experts = list(s.exec(select(ExpertRow).order_by(ExpertRow.id)))
        stored = {g.declaration_id: (g.text, g.dissent) for g in s.exec(select(GroupOpinionRow))}
    totals = cons.totals_frame(review)
    opinions: dict[int, tuple[str, str]] = {}
    if with_opinions:
        seeds = seeds_of(totals, stats, settings)
        for declaration_id in stats["declaration_id"]:
            text, dissent = stored.get(int(declaration_id), ("", ""))
            opinions[int(declaration_id)] = (text if text.strip() else seeds.get(int(declaration_id), ""), dissent)
    with review.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT expert_id, declaration_id, criterion_id, points, remark FROM expert_score").all()
        recused = connection.exec_driver_sql(
            "SELECT expert_id, declaration_id, recusal_reason FROM expert_assessment WHERE recused").all()
    scores = pd.DataFrame.from_records([tuple(r) for r in rows],
                                       columns=["expert_id", "declaration_id", "criterion_id", "points", "remark"])
    return PanelData(
        title=info.title if info else "", call_id=info.call_id if info else "miit-2019", settings=settings, stats=stats,
        criteria=cons.criterion_stats(review, settings), totals=totals, zscores=cons.zscores(review),
        deviations=cons.deviations(review, settings), kendall=cons.kendall_w(review),
        proposed=cons.proposed_list(review, settings), experts=experts, directions=directions, opinions=opinions,
        scores=scores, recusals={(int(e), int(d)): reason or "" for e, d, reason in recused},
        today=date.today().strftime("%Y年%m月%d日"))


def seeds_of(totals: pd.DataFrame, stats: pd.DataFrame, settings: cons.ConsolidationSettings) -> dict[int, str]:
    """``consolidation.seed_group_opinion`` for every declaration at once (the same text; checked by a test)."""
    sitting = totals[~totals["recused"]].sort_values(["declaration_id", "expert_id"])
    opinions: dict[int, list[str]] = {}
    vetoes: dict[int, int] = {}
    for r in sitting.itertuples(index=False):
        text = " ".join(str(r.opinion or "").split())
        if text:
            opinions.setdefault(int(r.declaration_id), []).append(text)
        vetoes[int(r.declaration_id)] = vetoes.get(int(r.declaration_id), 0) + int(bool(r.vetoed))
    seeds = {}
    for row in stats.itertuples(index=False):
        d = int(row.declaration_id)
        lines = [f"专家{i}：{text}" for i, text in enumerate(opinions.get(d, []), 1)]
        if vetoes.get(d):
            lines.append(f"否决项：{vetoes[d]} 位专家提出否决项。")
        if int(row.n):
            lines.append(f"综合得分：{row.consolidated:.2f}（{cons._method_text(settings, int(row.n))}，{int(row.n)} 位专家评分）")
        seeds[d] = "\n".join(lines)
    return seeds


def fmt(value: Any, digits: int = 2) -> str:
    """A figure as the documents show it: 2 decimals; blank when missing."""
    try:
        number = float(value)
    except (TypeError, ValueError):   # None, pd.NA
        return ""
    return "" if math.isnan(number) else f"{number:.{digits}f}"


def expert_directions(expert: ExpertRow) -> list[int]:
    return [int(d) for d in json.loads(expert.directions or "[]")]
