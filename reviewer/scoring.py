"""An expert's scoring of one declaration, and when it counts as finished."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from reviewer.errors import ScoringError
from reviewer.rubric import on_step
from reviewer.safeio import clean_text

if TYPE_CHECKING:
    from reviewer.rubric import Criterion, Rubric


class ReviewState(str, Enum):
    NOT_STARTED = "not_started"   # 未评
    IN_PROGRESS = "in_progress"   # 进行中
    DONE = "done"                 # 已完成
    RECUSED = "recused"           # 回避


RECOMMENDATIONS = ("recommend", "reject", "undecided")  # 推荐 / 不推荐 / 待议


@dataclass
class ScoreSheet:
    """Everything one expert entered for one declaration."""

    declaration_id: int
    points: dict[str, float] = field(default_factory=dict)
    remarks: dict[str, str] = field(default_factory=dict)
    opinion: str = ""
    recommendation: str | None = None
    vetoes: dict[str, str] = field(default_factory=dict)  # veto id -> reason
    recused: bool = False
    recusal_reason: str = ""

    @property
    def total(self) -> float:
        return sum(self.points.values())

    @property
    def vetoed(self) -> bool:
        return bool(self.vetoes)

    def is_blank(self) -> bool:
        return not (self.points or any(self.remarks.values()) or self.opinion.strip()
                    or self.recommendation or self.vetoes or self.recused)


@dataclass(frozen=True)
class Missing:
    """What still keeps a declaration from being finished."""

    criteria: tuple[str, ...] = ()
    opinion: bool = False
    veto_reasons: tuple[str, ...] = ()
    recusal_reason: bool = False

    def __bool__(self) -> bool:
        return bool(self.criteria or self.opinion or self.veto_reasons or self.recusal_reason)


def missing(sheet: ScoreSheet, rubric: Rubric) -> Missing:
    """What is lacking: a recusal or veto needs its reason; otherwise every score and the opinion."""
    if sheet.recused:
        return Missing(recusal_reason=not sheet.recusal_reason.strip())
    if sheet.vetoes:
        return Missing(veto_reasons=tuple(v for v, reason in sheet.vetoes.items() if not reason.strip()))
    unscored = tuple(c.id for c in rubric.criteria if c.id not in sheet.points)
    return Missing(criteria=unscored, opinion=not sheet.opinion.strip())


def state_of(sheet: ScoreSheet, rubric: Rubric) -> ReviewState:
    if sheet.is_blank():
        return ReviewState.NOT_STARTED
    if missing(sheet, rubric):
        return ReviewState.IN_PROGRESS
    return ReviewState.RECUSED if sheet.recused else ReviewState.DONE


# --- the one validator: the window, the offline sheet and the merge all pass through it ---------------

#: The longest text a field may hold (an opinion is a paragraph or a page, not a book).
MAX_TEXT = 20_000


def check_points(rubric: Rubric, criterion_id: str, points: object, file: object = None, place: str = "") -> float | None:
    """A score for one criterion, or ScoringError: an unknown criterion, not a number, out of range, off the step."""
    criterion = _criteria(rubric).get(criterion_id) if type(criterion_id) is str else None
    if criterion is None:
        raise ScoringError("criterion_unknown", file, place, criterion=str(criterion_id)[:40])
    if points is None:
        return None
    if type(points) is not float and type(points) is not int:  # bool, text, a list: not a number
        raise ScoringError("bad_value", file, place, field=criterion.name, value=str(points)[:40], why="not a number")
    value = float(points)
    if not 0 <= value <= criterion.max:  # NaN fails this too
        raise ScoringError("score_out_of_range", file, place, criterion=criterion.name, value=value, max=criterion.max)
    if not on_step(value):
        raise ScoringError("score_step", file, place, criterion=criterion.name, value=value)
    return value


def check_veto(rubric: Rubric, veto_id: object, file: object = None, place: str = "") -> str:
    if not isinstance(veto_id, str) or rubric.veto(veto_id) is None:
        raise ScoringError("veto_unknown", file, place, veto=str(veto_id)[:40])
    return veto_id


def check_recommendation(value: object, file: object = None, place: str = "") -> str | None:
    if value is not None and value not in RECOMMENDATIONS:
        raise ScoringError("bad_value", file, place, field="recommendation", value=str(value)[:40],
                           why=" / ".join(RECOMMENDATIONS))
    return value  # type: ignore[return-value]


def check_text(value: object, field_name: str, file: object = None, place: str = "") -> str:
    """Text as it may be stored: a string, not absurdly long, without characters Word and XML cannot hold."""
    if not isinstance(value, str):
        raise ScoringError("bad_value", file, place, field=field_name, value=type(value).__name__, why="text")
    if len(value) > MAX_TEXT:
        raise ScoringError("bad_value", file, place, field=field_name, value=f"{len(value)} chars", why=f"≤ {MAX_TEXT}")
    return clean_text(value)[0]


def checked(sheet: ScoreSheet, rubric: Rubric, file: object = None, place: str = "") -> ScoreSheet:
    """``sheet`` checked against its rubric field by field, texts sanitised; ScoringError names the first fault."""
    return ScoreSheet(
        sheet.declaration_id,
        points={c: v for c, p in sheet.points.items()
                if (v := check_points(rubric, c, p, file, place)) is not None},
        remarks={_criterion(rubric, c, file, place): check_text(r, "remark", file, place)
                 for c, r in sheet.remarks.items()},
        opinion=check_text(sheet.opinion, "opinion", file, place),
        recommendation=check_recommendation(sheet.recommendation, file, place),
        vetoes={check_veto(rubric, v, file, place): check_text(r, "veto reason", file, place)
                for v, r in sheet.vetoes.items()},
        recused=_flag(sheet.recused, file, place),
        recusal_reason=check_text(sheet.recusal_reason, "recusal reason", file, place),
    )


def sheet_from_data(item: object, declaration_id: int, rubric: Rubric, file: object = None, place: str = "") -> ScoreSheet:
    """A sheet from untrusted data (a score file's JSON): its shape and types, then :func:`checked`."""
    def mapping(key: str) -> dict[str, object]:
        value = item.get(key) if isinstance(item, dict) else None
        if not isinstance(value, dict):
            raise ScoringError("bad_value", file, place, field=key, value=type(value).__name__, why="object")
        return value

    keys = {"declaration", "points", "remarks", "opinion", "recommendation", "vetoes", "recused", "recusal_reason"}
    if not isinstance(item, dict) or set(item) != keys:
        found = sorted(set(item) ^ keys) if isinstance(item, dict) else [type(item).__name__]
        raise ScoringError("bad_value", file, place, field="declaration", value=", ".join(found)[:60], why="fields")
    sheet = ScoreSheet(declaration_id, points=mapping("points"), remarks=mapping("remarks"),  # type: ignore[arg-type]
                       opinion=item["opinion"], recommendation=item["recommendation"],
                       vetoes=mapping("vetoes"), recused=item["recused"],  # type: ignore[arg-type]
                       recusal_reason=item["recusal_reason"])
    return checked(sheet, rubric, file, place)


_BY_ID: dict[int, tuple[Rubric, dict[str, Criterion]]] = {}


def _criteria(rubric: Rubric) -> dict[str, Criterion]:
    """The rubric's criteria by id (a merge checks 100,000 scores: no linear search for each)."""
    known = _BY_ID.get(id(rubric))
    if known is None or known[0] is not rubric:
        known = _BY_ID[id(rubric)] = (rubric, {c.id: c for c in rubric.criteria})
    return known[1]


def _criterion(rubric: Rubric, criterion_id: str, file: object, place: str) -> str:
    check_points(rubric, criterion_id, None, file, place)
    return criterion_id


def _flag(value: object, file: object, place: str) -> bool:
    if not isinstance(value, bool):
        raise ScoringError("bad_value", file, place, field="recused", value=str(value)[:20], why="true / false")
    return value
