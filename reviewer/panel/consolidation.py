"""Consolidation of the panel's scores: statistics, deviations, agreement, ranking, the proposed list.

Everything here reads what the merge stored in the chair's database
(``expert_score``, ``expert_assessment``) for the assigned, selected
declarations, and computes with pandas — imported inside the functions, so
the window opens without it.

Conventions (issue 4; shared/domain/FACTS.md):

- An expert's *total* for a declaration counts only when complete: not
  recused and every criterion of the direction's rubric scored.
- ``std`` is the sample standard deviation (n − 1); NaN for fewer than two.
- The *trimmed* mean drops one highest and one lowest value
  (去掉一个最高分和一个最低分) when n ≥ ``trim_min_panel`` (and n ≥ 3);
  below that it is the plain mean.
- A declaration is *vetoed* when more than half of its scoring panel (the
  assigned experts who did not recuse) raised a veto item.
- A total is a *deviation* when it lies more than ``deviation`` (a fraction)
  from the mean of the declaration's complete totals (n ≥ 2).
- A declaration held back by the formal check (pending or excluded, see
  :mod:`reviewer.formal_status`) is shown with its status but never ranked
  or proposed.
"""

from __future__ import annotations

import itertools
import json
import threading
import weakref
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from reviewer.errors import ReviewerError
from reviewer.formal_status import BLOCKING, STATUS_SQL
from reviewer.review import Review
from reviewer.rubric import Rubric
from reviewer.store.models import (
    AuditRow, DeclarationRow, DeviationNoteRow, ExpertAssessmentRow, ExpertRow, GroupOpinionRow, SettingRow,
)

if TYPE_CHECKING:
    import pandas as pd

SETTING_KEY = "consolidation"
METHODS = ("mean", "median", "trimmed")
RESOLUTIONS = ("confirmed", "corrected")
_EPSILON = 1e-9      # a deviation exactly at the threshold is not flagged
_RANK_DIGITS = 6     # consolidated values equal to 6 decimals share a rank


class ConsolidationError(ReviewerError):
    """A consolidation setting or a chair's resolution that cannot be stored; nothing was changed."""


@dataclass(frozen=True)
class ConsolidationSettings:
    method: str = "trimmed"        # "mean" | "median" | "trimmed" (drop one highest and one lowest)
    trim_min_panel: int = 5        # the trimmed mean applies only when n >= this; else the plain mean
    deviation: float = 0.30        # an expert's total more than ±30% from the panel mean is flagged
    proposed: dict[int, int] = field(default_factory=dict)   # direction -> how many to propose (拟支持)
    leader: str = ""               # the panel leader (组长): an expert's name, '' if none


# --- settings -----------------------------------------------------------------------------------

def load_settings(review: Review) -> ConsolidationSettings:
    """The chair's choices, from the ``setting`` table; the defaults when none were saved."""
    with Session(review.engine) as s:
        row = s.get(SettingRow, SETTING_KEY)
    if row is None:
        return ConsolidationSettings()
    data = json.loads(row.value)
    data["proposed"] = {int(k): int(v) for k, v in data.get("proposed", {}).items()}
    known = {k: v for k, v in data.items() if k in ConsolidationSettings.__dataclass_fields__}
    settings = ConsolidationSettings(**known)
    _check_settings(review, settings)
    return settings


def save_settings(review: Review, settings: ConsolidationSettings) -> None:
    """Store the chair's choices (checked first; the leader must be on the expert list), audited when they change."""
    _check_settings(review, settings)
    if settings.leader and settings.leader not in _expert_names(review):
        raise ConsolidationError("leader_unknown", review.path, leader=settings.leader)
    value = json.dumps({**asdict(settings), "proposed": {str(k): v for k, v in sorted(settings.proposed.items())}})
    with Session(review.engine) as s:
        row = s.get(SettingRow, SETTING_KEY)
        old = row.value if row is not None else None
        if old == value:
            return
        s.merge(SettingRow(key=SETTING_KEY, value=value))
        s.add(AuditRow(at=_now(), action="consolidation_settings", subject=SETTING_KEY, old_value=old, new_value=value))
        s.commit()


def _expert_names(review: Review) -> set[str]:
    with review.engine.connect() as connection:
        return {str(r[0]) for r in connection.exec_driver_sql("SELECT name FROM expert").all()}


def _check_settings(review: Review, settings: ConsolidationSettings) -> None:
    def bad(name: str, value: object, why: str) -> ConsolidationError:
        return ConsolidationError("bad_value", review.path, field=name, value=value, why=why)
    if settings.method not in METHODS:
        raise bad("method", settings.method, " / ".join(METHODS))
    if not isinstance(settings.trim_min_panel, int) or settings.trim_min_panel < 3:
        raise bad("trim_min_panel", settings.trim_min_panel, "≥ 3")
    if not 0 < settings.deviation < 10:
        raise bad("deviation", settings.deviation, "0 < x < 10 (a fraction: 0.30 = ±30%)")
    for direction, count in settings.proposed.items():
        if not isinstance(direction, int) or not isinstance(count, int) or count < 0:
            raise bad("proposed", {direction: count}, "direction → a whole number ≥ 0")
    if not isinstance(settings.leader, str) or len(settings.leader) > 100:
        raise bad("leader", settings.leader, "an expert's name")


# --- the data, as frames ------------------------------------------------------------------------
#
# Everything is computed from one snapshot of the panel (_Panel), read in one read transaction through
# the DB-API (no ORM objects; criterion ids travel as small integers). A snapshot is kept per review and
# pooled connection until the database changes: PRAGMA data_version moves on any commit by another
# connection or process, total_changes on any change made through the connection itself.

@dataclass(frozen=True)
class _Panel:
    declarations: "pd.DataFrame"   # selected, in the batch's order: declaration_id code direction project_name applicant
                                   # recommender formal (the formal status)
    experts: "pd.DataFrame"        # expert_id expert
    criteria: "pd.DataFrame"       # direction order criterion_id criterion max (the rubrics)
    points: "pd.DataFrame"         # expert_id declaration_id direction order points: assigned, not recused, rubric criteria
    totals: "pd.DataFrame"         # per assigned pair: direction submitted recused vetoed total scored complete


_CACHE: "weakref.WeakKeyDictionary[Review, dict[tuple[int, int | None], tuple[tuple[int, int], _Panel]]]" = \
    weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
_SERIALS = itertools.count(1)
_KEEP = 36  # snapshots kept per review: the whole panel and each direction, per pooled connection that read recently


def _panel(review: Review, direction: int | None = None) -> _Panel:
    """The panel's data (one direction's only, with ``direction``: the board reads a direction when it shows it)."""
    raw = review.engine.raw_connection()
    try:
        con = raw.dbapi_connection
        assert con is not None
        serial = raw.info.setdefault("consolidation_serial", next(_SERIALS))
        key = (serial, direction)
        state = (con.execute("PRAGMA data_version").fetchone()[0], con.total_changes)  # read before the data
        with _LOCK:
            hit = _CACHE.get(review, {}).get(key)
        if hit is not None and hit[0] == state:
            return hit[1]
        panel = _load(con, direction)
    finally:
        raw.close()
    with _LOCK:
        kept = _CACHE.setdefault(review, {})
        kept.pop(key, None)
        kept[key] = (state, panel)
        while len(kept) > _KEEP:           # connections the pool has since replaced
            del kept[next(iter(kept))]
    return panel


def _load(con: Any, direction: int | None = None) -> _Panel:
    """Read the panel in one read transaction, so that every part comes from the same state."""
    only = "" if direction is None else f" AND d.direction = {int(direction)}"
    scores_of = "" if direction is None else f" AND declaration_id IN (SELECT id FROM declaration WHERE direction = {int(direction)})"
    started = not con.in_transaction
    if started:
        con.execute("BEGIN")
    try:
        declarations = _frame(con, """
            SELECT d.id AS declaration_id, d.code, d.direction, d.project_name, d.applicant, r.name AS recommender,
                   fs.status AS formal
            FROM declaration d JOIN recommender r ON r.id = d.recommender_id
            JOIN (""" + STATUS_SQL + """) fs ON fs.declaration_id = d.id
            WHERE d.selected""" + only + """ ORDER BY d.direction, d.recommender_id, d.seq""")
        experts = _frame(con, "SELECT id AS expert_id, name AS expert FROM expert ORDER BY id")
        criteria = _criteria([Rubric.from_json(row[0]) for row in con.execute("SELECT content FROM rubric ORDER BY direction")])
        pairs = _frame(con, """
            SELECT a.expert_id, a.declaration_id, d.direction, x.expert_id IS NOT NULL AS submitted,
                   COALESCE(x.recused, 0) AS recused, COALESCE(x.vetoes, '{}') NOT IN ('{}', '') AS vetoed
            FROM assignment a JOIN declaration d ON d.id = a.declaration_id
            LEFT JOIN expert_assessment x ON x.expert_id = a.expert_id AND x.declaration_id = a.declaration_id
            WHERE d.selected""" + only + """ ORDER BY d.direction, a.declaration_id, a.expert_id""", numeric=True)
        ids = sorted(set(criteria["criterion_id"]))
        case = "CASE criterion_id " + " ".join("WHEN ? THEN ?" for _ in ids) + " ELSE -1 END"
        rows = con.execute(f"SELECT expert_id, declaration_id, {case}, points FROM expert_score WHERE points IS NOT NULL{scores_of}",
                           [x for i, cid in enumerate(ids) for x in (cid, i)]).fetchall()
    finally:
        if started:
            con.rollback()
    for column in ("submitted", "recused", "vetoed"):
        pairs[column] = pairs[column].astype(bool)
    pairs["vetoed"] &= ~pairs["recused"]          # a veto left on a recused sheet does not count
    points = _points(rows, pairs, criteria.assign(key=criteria["criterion_id"].map({cid: i for i, cid in enumerate(ids)})))
    return _Panel(declarations, experts, criteria, points, _sum(pairs, points, criteria))


def _points(rows: list[tuple[Any, ...]], pairs: "pd.DataFrame", criteria: "pd.DataFrame") -> "pd.DataFrame":
    """(expert, declaration, criterion key, points) rows kept where the pair is assigned and not recused and
    the criterion belongs to the declaration's rubric; the criterion as its place in the rubric (``order``)."""
    import numpy as np
    import pandas as pd

    array = np.array(rows, dtype=float).reshape(-1, 4)
    points = pd.DataFrame({"expert_id": array[:, 0].astype(np.int64), "declaration_id": array[:, 1].astype(np.int64),
                           "key": array[:, 2].astype(np.int64), "points": array[:, 3]})
    sitting = pairs.loc[~pairs["recused"], ["expert_id", "declaration_id", "direction"]]
    points = points.merge(sitting, on=["expert_id", "declaration_id"])
    points = points.merge(criteria[["direction", "key", "order"]].astype({"key": "int64"}), on=["direction", "key"])
    return points[["expert_id", "declaration_id", "direction", "order", "points"]]


def _frame(con: Any, sql: str, numeric: bool = False) -> "pd.DataFrame":
    import numpy as np
    import pandas as pd

    cursor = con.execute(sql)
    columns = [d[0] for d in cursor.description]
    rows = cursor.fetchall()
    if numeric:
        return pd.DataFrame(np.array(rows, dtype=np.int64).reshape(-1, len(columns)), columns=columns)
    return pd.DataFrame.from_records(rows, columns=columns)


def _criteria(rubrics: list[Rubric]) -> "pd.DataFrame":
    """The rubrics' criteria: (direction, order, criterion_id, criterion, max)."""
    import pandas as pd

    rows = [(r.direction, i, c.id, c.name, c.max) for r in rubrics for i, c in enumerate(r.criteria)]
    frame = pd.DataFrame(rows, columns=["direction", "order", "criterion_id", "criterion", "max"])
    return frame.astype({"direction": "int64", "order": "int64", "max": float})


def _sum(pairs: "pd.DataFrame", points: "pd.DataFrame", criteria: "pd.DataFrame") -> "pd.DataFrame":
    """Each pair's total, counted only when complete: not recused and every criterion of the rubric scored."""
    sums = points.groupby(["expert_id", "declaration_id"], as_index=False)["points"].agg(total="sum", scored="count")
    frame = pairs.merge(sums, on=["expert_id", "declaration_id"], how="left")
    needed = frame["direction"].map(criteria.groupby("direction").size())
    frame["scored"] = frame["scored"].fillna(0).astype(int)
    frame["complete"] = ~frame["recused"] & frame["scored"].eq(needed)
    frame["total"] = frame["total"].where(frame["complete"])
    return frame


def _named(panel: _Panel, frame: "pd.DataFrame") -> "pd.DataFrame":
    """``frame`` with the expert's name and the declaration's code beside the ids."""
    named = frame.merge(panel.experts, on="expert_id", how="left")
    return named.merge(panel.declarations[["declaration_id", "code"]], on="declaration_id", how="left")


def scores_frame(review: Review, direction: int | None = None) -> "pd.DataFrame":
    """One row per (expert, declaration, criterion) with points, for assigned pairs the expert did not recuse."""
    panel = _panel(review, direction)
    frame = _named(panel, panel.points).merge(panel.criteria[["direction", "order", "criterion_id"]], on=["direction", "order"])
    frame = frame.sort_values(["direction", "declaration_id", "expert_id", "order"], ignore_index=True)
    return frame[["expert_id", "expert", "declaration_id", "code", "direction", "criterion_id", "points"]]


def totals_frame(review: Review, direction: int | None = None) -> "pd.DataFrame":
    """One row per assigned (expert, declaration): the total when complete, recusal, vetoes, recommendation, opinion."""
    panel = _panel(review, direction)
    detail = _detail(review, direction=direction)
    frame = _named(panel, panel.totals).merge(detail, on=["expert_id", "declaration_id"], how="left")
    frame["vetoes"] = [v if isinstance(v, dict) else {} for v in frame["vetoes"]]
    frame["opinion"] = frame["opinion"].fillna("")
    return frame[["expert_id", "expert", "declaration_id", "code", "direction", "total", "complete", "recused",
                  "vetoed", "vetoes", "recommendation", "opinion", "submitted"]]


def _detail(review: Review, declaration_id: int | None = None, direction: int | None = None) -> "pd.DataFrame":
    """What the experts wrote (not cached: only the tables and the opinion editor need it)."""
    import pandas as pd

    where, params = ("WHERE declaration_id = ?", (declaration_id,)) if declaration_id is not None else ("", ())
    if declaration_id is None and direction is not None:
        where, params = "WHERE declaration_id IN (SELECT id FROM declaration WHERE direction = ?)", (direction,)
    with review.engine.connect() as connection:
        rows = connection.exec_driver_sql(
            f"SELECT expert_id, declaration_id, vetoes, recommendation, opinion FROM expert_assessment {where}", params).all()
    frame = pd.DataFrame.from_records([tuple(r) for r in rows],
                                      columns=["expert_id", "declaration_id", "vetoes", "recommendation", "opinion"])
    frame["vetoes"] = [{} if text in ("{}", "") else json.loads(text) for text in frame["vetoes"]]
    return frame.astype({"expert_id": "int64", "declaration_id": "int64"})


# --- statistics -----------------------------------------------------------------------------------

def _stats(frame: "pd.DataFrame", keys: list[str], value: str, settings: ConsolidationSettings) -> "pd.DataFrame":
    """n, mean, median, trimmed, std, range and the consolidated value of ``value`` per group of ``keys``."""
    grouped = frame.groupby(keys, sort=False)[value]
    out = grouped.agg(n="count", mean="mean", median="median", std="std", low="min", high="max", sum="sum")
    trims = out["n"].ge(max(settings.trim_min_panel, 3))
    out["trimmed"] = ((out["sum"] - out["high"] - out["low"]) / (out["n"] - 2)).where(trims, out["mean"])
    out["range"] = out["high"] - out["low"]
    out["consolidated"] = out[settings.method]
    return out.reset_index()[[*keys, "n", "mean", "median", "trimmed", "std", "range", "consolidated"]]


def criterion_stats(review: Review, settings: ConsolidationSettings, direction: int | None = None) -> "pd.DataFrame":
    """Per (declaration, criterion): n, mean, median, trimmed, std, range and the consolidated points
    (every expert who scored the criterion, whether or not their total is complete)."""
    panel = _panel(review, direction)
    stats = _stats(panel.points, ["declaration_id", "direction", "order"], "points", settings)
    frame = stats.merge(panel.criteria, on=["direction", "order"])
    frame = frame.merge(panel.declarations[["declaration_id", "code"]].reset_index(names="at"), on="declaration_id")
    frame = frame.sort_values(["at", "order"], ignore_index=True)
    return frame[["declaration_id", "code", "direction", "criterion_id", "criterion", "max",
                  "n", "mean", "median", "trimmed", "std", "range", "consolidated"]]


def declaration_stats(review: Review, settings: ConsolidationSettings, direction: int | None = None) -> "pd.DataFrame":
    """Per selected declaration: the statistics of the complete totals, vetoes, rank, ties and the proposal
    (each direction ranks on its own, so one direction's figures are the same read alone)."""
    ranked = _ranked(_panel(review, direction), settings)
    chosen = _cut(ranked, settings)
    ranked["proposed"] = ranked["declaration_id"].isin(chosen["declaration_id"])
    return ranked


def _ranked(panel: _Panel, settings: ConsolidationSettings) -> "pd.DataFrame":
    totals = panel.totals
    stats = _stats(totals[totals["complete"]], ["declaration_id"], "total", settings)
    sitting = totals[~totals["recused"]].groupby("declaration_id").agg(panel=("expert_id", "size"), vetoed_by=("vetoed", "sum"))
    recused = totals.groupby("declaration_id")["recused"].sum().rename("recused")
    frame = panel.declarations.merge(stats, on="declaration_id", how="left")
    frame = frame.merge(sitting, on="declaration_id", how="left").merge(recused, on="declaration_id", how="left")
    for column in ("n", "panel", "vetoed_by", "recused"):
        frame[column] = frame[column].fillna(0).astype(int)
    frame["vetoed"] = frame["vetoed_by"] * 2 > frame["panel"]
    frame = _rank(frame)  # below: ties and unranked ones stay in the batch's order (recommender, sequence)
    return frame.sort_values(["direction", "rank"], na_position="last", kind="stable", ignore_index=True)


def _rank(frame: "pd.DataFrame") -> "pd.DataFrame":
    """Rank within each direction by the consolidated value, highest first; vetoed ones after the others;
    equal values share the lowest rank ("min"). A declaration without a complete total, or held back by the
    formal check, has no rank."""
    import numpy as np

    key = frame["consolidated"].round(_RANK_DIGITS)
    scored = key.notna() & ~frame["formal"].isin([s.value for s in BLOCKING])
    clean, vetoed = scored & ~frame["vetoed"], scored & frame["vetoed"]
    rank = np.full(len(frame), np.nan)
    rank[clean.to_numpy()] = key[clean].groupby(frame["direction"][clean]).rank(method="min", ascending=False)
    ahead = clean.groupby(frame["direction"]).transform("sum")
    rank[vetoed.to_numpy()] = key[vetoed].groupby(frame["direction"][vetoed]).rank(method="min", ascending=False) + ahead[vetoed]
    frame["rank"] = rank
    frame["rank"] = frame["rank"].astype("Int64")
    frame["tied"] = scored & frame.assign(key=key).duplicated(["direction", "vetoed", "key"], keep=False)
    return frame


def _cut(ranked: "pd.DataFrame", settings: ConsolidationSettings) -> "pd.DataFrame":
    """Per direction the first N by rank (vetoed and unranked ones excluded); all tied at the last place are in,
    flagged ``tie_at_cut`` when together they exceed N."""
    candidates = ranked[~ranked["vetoed"] & ranked["rank"].notna()]
    direction, rank = candidates["direction"], candidates["rank"].astype(float)
    quota = direction.map(lambda d: settings.proposed.get(int(d), 0)).astype(int)
    position = candidates.groupby("direction").cumcount()
    last = rank.where(position.eq(quota - 1)).groupby(direction).transform("max")
    too_few = rank.groupby(direction).transform("size").lt(quota)
    chosen = candidates[rank.le(last) | too_few].copy()
    over = chosen.groupby("direction")["code"].transform("size").gt(quota[chosen.index])
    chosen["tie_at_cut"] = over & chosen["rank"].eq(chosen.groupby("direction")["rank"].transform("max"))
    return chosen


def proposed_list(review: Review, settings: ConsolidationSettings, direction: int | None = None) -> "pd.DataFrame":
    """拟支持: per direction the top N by rank, vetoed ones excluded; all tied at the last place, flagged ``tie_at_cut``."""
    chosen = _cut(_ranked(_panel(review, direction), settings), settings)
    columns = ["direction", "rank", "declaration_id", "code", "project_name", "applicant", "recommender",
               "consolidated", "n", "tied", "tie_at_cut"]
    return chosen[columns].reset_index(drop=True)


def zscores(review: Review) -> "pd.DataFrame":
    """Per assigned (expert, declaration): the total and its z-score over that expert's complete totals
    (sample standard deviation; NaN with fewer than 2 totals or no spread)."""
    panel = _panel(review)
    frame = _named(panel, panel.totals[["expert_id", "declaration_id", "direction", "total"]])
    by_expert = frame.groupby("expert_id")["total"]
    mean, std, count = by_expert.transform("mean"), by_expert.transform("std"), by_expert.transform("count")
    frame["z"] = ((frame["total"] - mean) / std).where(count.ge(2) & std.gt(0))
    return frame[["expert_id", "expert", "declaration_id", "code", "direction", "total", "z"]]


def deviations(review: Review, settings: ConsolidationSettings, direction: int | None = None) -> "pd.DataFrame":
    """The flagged totals: more than ``settings.deviation`` from the panel mean, with the chair's resolution."""
    import pandas as pd

    panel = _panel(review, direction)
    complete = panel.totals.loc[panel.totals["complete"], ["expert_id", "declaration_id", "direction", "total"]]
    by_declaration = complete.groupby("declaration_id")["total"]
    mean, count = by_declaration.transform("mean"), by_declaration.transform("count")
    deviation = ((complete["total"] - mean) / mean).where(count.ge(2) & mean.ne(0))
    flagged = complete.assign(panel_mean=mean, deviation=deviation)[deviation.abs() > settings.deviation + _EPSILON]
    with review.engine.connect() as connection:
        notes = connection.exec_driver_sql("SELECT expert_id, declaration_id, kind, note, at FROM deviation_note").all()
    notes_frame = pd.DataFrame.from_records([tuple(n) for n in notes],
                                            columns=["expert_id", "declaration_id", "resolution", "note", "resolved_at"])
    frame = _named(panel, flagged).merge(notes_frame.astype({"expert_id": "int64", "declaration_id": "int64"}),
                                         on=["expert_id", "declaration_id"], how="left")
    for column in ("resolution", "note", "resolved_at"):
        frame[column] = frame[column].fillna("").astype(str)
    frame = frame.sort_values(["direction", "code", "expert_id"], ignore_index=True)
    return frame[["expert_id", "expert", "declaration_id", "code", "direction", "total", "panel_mean", "deviation",
                  "resolution", "note", "resolved_at"]]


def deviates(fraction: float, threshold: float) -> bool:
    """The deviation rule for one total (the frames above apply the same comparison to whole columns)."""
    return abs(fraction) > threshold + _EPSILON


def resolve_deviation(review: Review, expert_id: int, declaration_id: int, kind: str, note: str) -> None:
    """Record the expert's written confirmation or correction of a deviating total (a note is required)."""
    if kind not in RESOLUTIONS:
        raise ConsolidationError("bad_value", review.path, field="kind", value=kind, why=" / ".join(RESOLUTIONS))
    if not note.strip():
        raise ConsolidationError("reason_required", review.path, what="偏离说明 / the deviation note")
    with Session(review.engine) as s:
        expert, declaration = s.get(ExpertRow, expert_id), s.get(DeclarationRow, declaration_id)
        if expert is None or declaration is None or s.get(ExpertAssessmentRow, (expert_id, declaration_id)) is None:
            raise ConsolidationError("declaration_unknown", review.path, declaration=f"{expert_id}/{declaration_id}")
        old = s.get(DeviationNoteRow, (expert_id, declaration_id))
        at = _now()
        s.add(AuditRow(at=at, action="deviation_resolved", subject=f"{expert.name} · {declaration.code}",
                       old_value=f"{old.kind}: {old.note}" if old else None, new_value=kind, reason=note.strip()))
        s.merge(DeviationNoteRow(expert_id=expert_id, declaration_id=declaration_id, kind=kind, note=note.strip(), at=at))
        s.commit()


def kendall_w(review: Review, direction: int | None = None) -> dict[int, float | None]:
    """Kendall's W per direction with selected declarations (tie-corrected), over the experts with a complete
    total for every declaration of the direction that has any; None with fewer than 2 such experts or 2 declarations.
    With ``direction``, that direction's only (the board computes a direction when it is shown)."""
    panel = _panel(review, direction)
    complete = panel.totals[panel.totals["complete"]]
    directions = panel.declarations["direction"].unique()
    if direction is not None:
        complete = complete[complete["direction"] == direction]
        directions = [d for d in directions if d == direction]
    result: dict[int, float | None] = {int(d): None for d in directions}
    for direction, block in complete.groupby("direction"):
        table = block.pivot(index="expert_id", columns="declaration_id", values="total").dropna()
        result[int(direction)] = _w(table)
    return result


def _w(table: "pd.DataFrame") -> float | None:
    """W = 12 S / (m² (n³ − n) − m T), T = Σ over experts and tie groups of (t³ − t)."""
    m, n = table.shape
    if m < 2 or n < 2:
        return None
    sums = table.rank(axis=1, method="average").sum(axis=0)
    s = float(((sums - sums.mean()) ** 2).sum())
    groups = table.stack().groupby(level=0).value_counts()
    t = float((groups ** 3 - groups).sum())
    denominator = m * m * (n ** 3 - n) - m * t
    return 12 * s / denominator if denominator > 0 else None


# --- group opinion ----------------------------------------------------------------------------------

def set_group_opinion(review: Review, declaration_id: int, text: str, dissent: str = "") -> None:
    """The panel's opinion on a declaration (专家组意见) and any dissent with its reasons."""
    with Session(review.engine) as s:
        if s.get(DeclarationRow, declaration_id) is None:
            raise ConsolidationError("declaration_unknown", review.path, declaration=declaration_id)
        s.merge(GroupOpinionRow(declaration_id=declaration_id, text=text, dissent=dissent, updated_at=_now()))
        s.commit()


def group_opinion(review: Review, declaration_id: int) -> tuple[str, str]:
    with Session(review.engine) as s:
        row = s.get(GroupOpinionRow, declaration_id)
    return (row.text, row.dissent) if row is not None else ("", "")


_SYNTHESIS = {
    "zh": {"none": "尚无完整的专家评分，专家组意见待评分汇入后形成。",
           "head": "经评审，{n} 位专家给出完整评分，综合得分 {score:.2f} 分。",
           "votes": "专家建议：{items}。", "vote": "{word} {count} 位", "comma": "，", "list": "、",
           "vetoes": "{k} 位专家提出否决项（{items}）。",
           "criteria": "得分率较高的指标为{first}、{second}，较低的为{last}。", "join": "",
           "recommend": "推荐", "reject": "不推荐", "undecided": "待议"},
    "en": {"none": "No complete scores yet; the group opinion is formed once the experts' scores are merged.",
           "head": "{n} experts gave complete scores; consolidated score {score:.2f}.",
           "votes": "Recommendations: {items}.", "vote": "{word} {count}", "comma": ", ", "list": ", ",
           "vetoes": "{k} expert(s) raised veto items ({items}).",
           "criteria": "Strongest criteria: {first}, {second}; weakest: {last}.", "join": " ",
           "recommend": "recommend", "reject": "do not recommend", "undecided": "undecided"},
}
_VOTE_CODES = ("recommend", "reject", "undecided")


def synthesis(n: int, consolidated: float | None, votes: dict[str, int], vetoed_by: int, veto_items: list[str],
              rated: list[tuple[float, str]], lang: str = "zh") -> str:
    """The group opinion's first draft, one short paragraph the chair edits (never a list of the experts'
    opinions, which the board shows beside it): the panel's score, the recommendations counted, the veto
    items named, the strongest and weakest criteria (``rated``: (score ratio, criterion name)). The same
    words on the board and in every document that prints an opinion the chair has not written yet."""
    words = _SYNTHESIS["en" if lang.startswith("en") else "zh"]
    if not n or consolidated is None:
        return words["none"]
    parts = [words["head"].format(n=n, score=consolidated)]
    counted = [words["vote"].format(word=words[code], count=votes[code]) for code in _VOTE_CODES if votes.get(code)]
    if counted:
        parts.append(words["votes"].format(items=words["comma"].join(counted)))
    if veto_items:
        parts.append(words["vetoes"].format(k=vetoed_by, items=words["list"].join(veto_items)))
    ranked = sorted(rated, key=lambda x: -x[0])
    if len(ranked) >= 3:
        parts.append(words["criteria"].format(first=ranked[0][1], second=ranked[1][1], last=ranked[-1][1]))
    return words["join"].join(parts)


def panel_voice(sitting: "pd.DataFrame") -> tuple[dict[str, int], list[str]]:
    """What the sitting experts of one declaration (rows of :func:`totals_frame`, recused ones left out) said
    besides their points: the recommendations of those whose scores are complete — the experts the panel's
    score rests on, so the draft never counts more votes than scores — and every veto item any of them raised
    (a veto stands whether or not the sheet was finished)."""
    complete = sitting[sitting["complete"].astype(bool)]
    votes = {str(k): int(v) for k, v in complete["recommendation"].dropna().value_counts().items()}
    items = sorted({str(item) for vetoes in sitting.loc[sitting["vetoed"].astype(bool), "vetoes"] for item in vetoes})
    return votes, items


def seed_group_opinion(review: Review, declaration_id: int, lang: str = "zh") -> str:
    """The :func:`synthesis` of one declaration, from its direction's figures (the board's draft)."""
    settings = load_settings(review)
    with review.engine.connect() as connection:
        direction = connection.exec_driver_sql("SELECT direction FROM declaration WHERE id = ?", (declaration_id,)).scalar()
    if direction is None:
        return ""
    direction = int(direction)
    stats = declaration_stats(review, settings, direction)
    row = stats[stats["declaration_id"] == declaration_id]
    if row.empty:
        return ""
    row = row.iloc[0]
    totals = totals_frame(review, direction)
    sitting = totals[(totals["declaration_id"] == declaration_id) & ~totals["recused"]]
    votes, items = panel_voice(sitting)
    rubric = review.rubric(direction)
    names = [f"{item} {veto.name}" if (veto := rubric.veto(item)) is not None else item for item in items]
    criteria = criterion_stats(review, settings, direction)
    values = {str(c): float(v) for c, v in zip(*(criteria.loc[criteria["declaration_id"] == declaration_id, k]
                                                   for k in ("criterion_id", "consolidated")))}
    rated = [(values[c.id] / c.max, c.name) for c in rubric.criteria if c.id in values and c.max]
    consolidated = None if _missing(row["consolidated"]) else float(row["consolidated"])
    return synthesis(int(row["n"]), consolidated, votes, int(row["vetoed_by"]), names, rated, lang)


def _missing(value: object) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")
