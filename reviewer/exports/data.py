"""Everything the output documents show, read once from the chair's database (the consolidation's frames),
and the wording the documents share: labels for stored codes, dates, the aggregation method, ranks."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlmodel import Session, select

from reviewer.errors import ReviewerError
from reviewer.formal_status import blocks, status_label
from reviewer.panel import consolidation as cons
from reviewer.review import Review
from reviewer.rubric import Rubric
from reviewer.store.models import ExpertRow, GroupOpinionRow, ScoreFileRow

if TYPE_CHECKING:
    import pandas as pd

#: What the documents and the workbook print for the stored codes (never the codes themselves).
RECOMMENDATION = {"recommend": "推荐", "reject": "不推荐", "undecided": "待议"}
YES_NO = {True: "是", False: "否"}


@dataclass(frozen=True)
class Agreement:
    """Kendall's W of one direction, over the experts and declarations with complete totals that it used."""
    w: float | None
    declarations: int     # declarations the W was computed over
    experts: int
    of: int               # declarations in the direction

    def text(self) -> str:
        if self.w is None:
            return "—（完整评分不足）"
        partial = f"，基于 {self.declarations}/{self.of} 项评分完整的项目" if self.declarations < self.of else ""
        return f"{self.w:.3f}（{self.experts} 位专家{partial}）"


@dataclass(frozen=True)
class ScoreFile:
    """A merged score file as the chair's export lists it."""
    expert_id: int
    expert: str
    sha256: str
    fingerprint: str
    seq: int
    merged_at: str


@dataclass
class PanelData:
    title: str                   # the call's name (2019年新型信息消费示范项目), not the batch folder's
    call_id: str
    settings: cons.ConsolidationSettings
    stats: pd.DataFrame          # declaration_stats: one row per selected declaration, ranked per direction
    criteria: pd.DataFrame       # criterion_stats
    totals: pd.DataFrame         # totals_frame
    zscores: pd.DataFrame
    deviations: pd.DataFrame
    agreement: dict[int, Agreement]
    proposed: pd.DataFrame       # proposed_list
    experts: list[ExpertRow]
    directions: dict[int, str]     # direction -> name
    rubrics: dict[int, Rubric]
    opinions: dict[int, tuple[str, str]]   # declaration -> (group opinion, dissent); a seeded text when none stored
    scores: pd.DataFrame         # expert_id declaration_id criterion_id points remark (the experts' own sheets)
    recusals: dict[tuple[int, int], str]   # (expert, declaration) -> reason
    today: str                   # 2019年4月2日
    leader: str = ""             # 专家组组长 ('' when the chair named none)
    formal: dict[int, str] = field(default_factory=dict)    # declaration -> formal status label ('' when unknown)
    score_files: list[ScoreFile] = field(default_factory=list)
    key_fingerprints: dict[int, str] = field(default_factory=dict)   # expert -> key fingerprint

    def criteria_of(self, declaration_id: int, direction: int) -> list[tuple[str, str, float, float | None, float | None]]:
        """(id, criterion, max, mean, consolidated) for every criterion of the direction's rubric, in its order;
        mean and consolidated None where nobody scored it."""
        if not hasattr(self, "_criteria_by"):
            c = self.criteria
            grouped: dict[tuple[int, str], tuple[float, float]] = {}
            for d, cid, mean, value in zip(c["declaration_id"], c["criterion_id"], c["mean"], c["consolidated"]):
                grouped[(int(d), str(cid))] = (float(mean), float(value))
            self._criteria_by = grouped
        lines = []
        for criterion in self.rubrics[direction].criteria:
            mean, value = self._criteria_by.get((declaration_id, criterion.id), (None, None))
            lines.append((criterion.id, criterion.name, float(criterion.max), mean, value))
        return lines

    def members_of(self, declaration_id: int) -> list[str]:
        """The experts who sit on a declaration (assigned, not recused), by expert id."""
        if not hasattr(self, "_members_by"):
            t = self.totals
            sat = t[~t["recused"]].sort_values(["declaration_id", "expert_id"])
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

    def veto_name(self, direction: int, veto_id: str) -> str:
        rubric = self.rubrics.get(direction)
        veto = rubric.veto(veto_id) if rubric is not None else None
        return f"{veto_id} {veto.name}" if veto is not None else veto_id


def collect(review: Review, with_opinions: bool = True) -> PanelData:
    import pandas as pd

    settings = cons.load_settings(review)
    stats = cons.declaration_stats(review, settings)
    info = review.info()
    with Session(review.engine) as s:
        experts = list(s.exec(select(ExpertRow).order_by(ExpertRow.id)))
        stored = {g.declaration_id: (g.text, g.dissent) for g in s.exec(select(GroupOpinionRow))}
    rubrics = {int(d): review.rubric(int(d)) for d in sorted(stats["direction"].unique())}
    totals = cons.totals_frame(review)
    with review.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            "SELECT expert_id, declaration_id, criterion_id, points, remark FROM expert_score").all()
        recused = connection.exec_driver_sql(
            "SELECT expert_id, declaration_id, recusal_reason FROM expert_assessment WHERE recused").all()
    scores = pd.DataFrame.from_records([tuple(r) for r in rows],
                                       columns=["expert_id", "declaration_id", "criterion_id", "points", "remark"])
    call_id = info.call_id if info else "miit-2019"
    data = PanelData(
        title=call_title(call_id, info.title if info else ""), call_id=call_id, settings=settings, stats=stats,
        criteria=cons.criterion_stats(review, settings), totals=totals, zscores=cons.zscores(review),
        deviations=cons.deviations(review, settings), agreement=agreement(totals, stats),
        proposed=cons.proposed_list(review, settings), experts=experts, directions={d: r.direction_name for d, r in rubrics.items()},
        rubrics=rubrics, opinions={}, scores=scores,
        recusals={(int(e), int(d)): reason or "" for e, d, reason in recused}, today=chinese_date(date.today()),
        leader=settings.leader, formal=formal_labels(review), score_files=score_files(review),
        key_fingerprints={int(e.id): e.key_fingerprint for e in experts if e.id is not None and e.key_fingerprint})
    if with_opinions:
        seeds = seeds_of(data)
        for declaration_id in stats["declaration_id"]:
            text, dissent = stored.get(int(declaration_id), ("", ""))
            data.opinions[int(declaration_id)] = (text if text.strip() else seeds.get(int(declaration_id), ""), dissent)
    return data


def call_title(call_id: str, review_title: str) -> str:
    """The call's name from its call.toml; the review's title without the batch folder's suffix otherwise."""
    from reviewer.call import bundled_call

    try:
        call = bundled_call()
        title = call.title if call.id == call_id else ""
    except ReviewerError:   # an unreadable call file: fall back to the stored title
        title = ""
    return title or review_title.split(" · ")[0].strip() or "新型信息消费示范项目"


def chinese_date(day: date) -> str:
    """2019年4月2日 (no zero padding, as official documents write dates)."""
    return f"{day.year}年{day.month}月{day.day}日"


def formal_labels(review: Review) -> dict[int, str]:
    """Each declaration's formal status as the documents print it (合格, 有提示, 已接受, …)."""
    from reviewer.formal_status import formal_statuses, status_label

    with Session(review.engine) as session:
        return {int(d): status_label(status, "zh") for d, status in formal_statuses(session).items()}


def score_files(review: Review) -> list[ScoreFile]:
    """The current merged score file of each expert: digest, signer's fingerprint and sequence number."""
    with Session(review.engine) as session:
        rows = session.exec(select(ScoreFileRow, ExpertRow.name).join(ExpertRow, ExpertRow.id == ScoreFileRow.expert_id)
                            .where(ScoreFileRow.current == True)  # noqa: E712
                            .order_by(ScoreFileRow.expert_id, ScoreFileRow.id)).all()
    return [ScoreFile(int(f.expert_id), str(name), f.sha256, f.fingerprint, f.seq, f.merged_at) for f, name in rows]


# --- Kendall's W ------------------------------------------------------------------------------------

def agreement(totals: pd.DataFrame, stats: pd.DataFrame) -> dict[int, Agreement]:
    """Kendall's W per direction over a complete expert × declaration table: either the declarations every
    scoring expert completed, or the experts who completed every declaration — whichever keeps more scores.
    One vetoed declaration that some experts did not total therefore drops that declaration, not the W."""
    sizes = stats.groupby("direction").size()
    result: dict[int, Agreement] = {int(d): Agreement(None, 0, 0, int(n)) for d, n in sizes.items()}
    complete = totals[totals["complete"]]
    for direction, block in complete.groupby("direction"):
        table = block.pivot(index="expert_id", columns="declaration_id", values="total")
        options = [t for t in (table.dropna(axis=1), table.dropna(axis=0)) if t.shape[0] >= 2 and t.shape[1] >= 2]
        if not options:
            continue
        best = max(options, key=lambda t: t.size)
        result[int(direction)] = Agreement(cons._w(best), best.shape[1], best.shape[0], int(sizes.get(direction, 0)))
    return result


# --- the group opinion's seed -----------------------------------------------------------------------

def seeds_of(data: PanelData) -> dict[int, str]:
    """A concise synthesis per declaration for the chair to edit into the group opinion: the panel's score,
    what the experts recommend, the veto items raised, the strongest and weakest criteria (the rank and the
    veto reasons are printed beside it in the opinion already)."""
    sitting = data.totals[~data.totals["recused"]]
    by_declaration = {int(d): block for d, block in sitting.groupby("declaration_id")}
    return {int(row.declaration_id): seed(data, row, by_declaration.get(int(row.declaration_id)))
            for row in data.stats.itertuples(index=False)}


def seed(data: PanelData, row: Any, sitting: pd.DataFrame | None) -> str:
    if sitting is None or not int(row.n) or missing(row.consolidated):
        return cons.synthesis(0, None, {}, 0, [], [])
    votes, items = cons.panel_voice(sitting)
    rated = [(value / top, name) for _, name, top, _, value in data.criteria_of(int(row.declaration_id), int(row.direction))
             if value is not None and top]
    return cons.synthesis(int(row.n), float(row.consolidated), votes, int(row.vetoed_by),
                          [data.veto_name(int(row.direction), i) for i in items], rated)


def veto_summary(data: PanelData, direction: int, sitting: pd.DataFrame) -> str:
    """The veto items raised and their reasons: “V1 违法违规（3 位：存在知识产权纠纷）”."""
    items: dict[str, list[str]] = {}
    for vetoes in sitting.loc[sitting["vetoed"], "vetoes"]:
        for item, reason in vetoes.items():
            items.setdefault(str(item), []).append(" ".join(str(reason or "").split()))
    parts = []
    for item, reasons in sorted(items.items()):
        distinct = list(dict.fromkeys(r for r in reasons if r))
        parts.append(f"{data.veto_name(direction, item)}（{len(reasons)} 位" + (f"：{'；'.join(distinct)}" if distinct else "") + "）")
    return "；".join(parts)


# --- shared wording ---------------------------------------------------------------------------------

def missing(value: object) -> bool:
    """None, NaN or pandas' NA (a declaration nobody finished scoring has no rank)."""
    import pandas as pd

    return value is None or bool(pd.isna(value))


def rank_text(data: PanelData, row: Any) -> str:
    """Where a declaration stands in its direction, in words (never “排名：无排名”)."""
    size = data.direction_size(int(row.direction))
    if isinstance(row.formal, str) and row.formal and blocks(row.formal):   # held back, whatever the scores
        label = data.formal.get(int(row.declaration_id)) or status_label(row.formal, "zh")
        return f"形式审查{label}，不参与本方向排名（本方向共 {size} 项）"
    if missing(row.rank):
        return f"尚无完整评分，暂未参与本方向排名（本方向共 {size} 项）"
    return f"在本方向 {size} 个项目中排名第 {int(row.rank)}"


def method_text(settings: cons.ConsolidationSettings, n: int) -> str:
    """How the consolidated total of ``n`` complete scores is formed, in one clause that cannot contradict the panel size."""
    if n == 0:
        return "尚无完整评分，未计算综合得分"
    if settings.method == "trimmed":
        if n >= max(settings.trim_min_panel, 3):
            return f"综合得分为 {n} 份有效评分去掉一个最高分和一个最低分后的平均分"
        return f"有效评分 {n} 份，不足 {settings.trim_min_panel} 份，综合得分为其平均分（不去掉最高分和最低分）"
    return f"综合得分为 {n} 份有效评分的{'中位数' if settings.method == 'median' else '平均分'}"


def fmt(value: Any, digits: int = 2) -> str:
    """A figure as the documents show it: 2 decimals; blank when missing."""
    try:
        number = float(value)
    except (TypeError, ValueError):   # None, pd.NA
        return ""
    return "" if math.isnan(number) else f"{number:.{digits}f}"
