"""An expert's scoring of one declaration, and when it counts as finished."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reviewer.rubric import Rubric


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
