"""Each declaration's formal status: what the formal check found and what the chair decided.

One rule, one place (the SQL below, used by :func:`formal_statuses` and by the
consolidation's snapshot):

- the chair's resolution, when there is one, is the status (accepted, corrected,
  supplemented, excluded);
- else an error-severity finding on the declaration makes it *pending*: it is
  not assigned, not ranked and never proposed until the chair resolves it;
- else a warning makes it *warning* (warnings never exclude);
- else *ok*.

A declaration takes part in the review (is *admitted*) when it is selected by
the order rule and its status is neither pending nor excluded.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session


class FormalStatus(str, Enum):
    OK = "ok"
    WARNING = "warning"
    PENDING = "pending"              # an unresolved error: not assigned, not ranked, never proposed
    ACCEPTED = "accepted"            # the chair accepted it as it is, with a reason
    CORRECTED = "corrected"          # the chair corrected a field (direction, applicant, credit code)
    SUPPLEMENTED = "supplemented"    # a readable document (补充材料) was attached
    EXCLUDED = "excluded"            # the chair excluded it from the review


#: Statuses that keep a declaration out of assignment, ranking and the proposed list.
BLOCKING = frozenset({FormalStatus.PENDING, FormalStatus.EXCLUDED})
#: The chair's resolutions (the values stored in ``formal_resolution.kind``).
RESOLUTIONS = (FormalStatus.ACCEPTED, FormalStatus.CORRECTED, FormalStatus.SUPPLEMENTED, FormalStatus.EXCLUDED)

#: ``status`` of every declaration by ``id``; a sub-select other queries join to.
STATUS_SQL = """
    SELECT d.id AS declaration_id,
           COALESCE(r.kind,
                    CASE WHEN EXISTS (SELECT 1 FROM finding f WHERE f.declaration = d.code AND f.severity = 'error')
                         THEN 'pending'
                         WHEN EXISTS (SELECT 1 FROM finding f WHERE f.declaration = d.code AND f.severity = 'warning')
                         THEN 'warning'
                         ELSE 'ok' END) AS status
    FROM declaration d LEFT JOIN formal_resolution r ON r.declaration_id = d.id"""

#: ``WHERE`` condition (declaration aliased ``d``, the STATUS_SQL sub-select aliased ``fs``) of an admitted one.
ADMITTED_SQL = "d.selected AND fs.status NOT IN ('pending', 'excluded')"

_LABELS: dict[FormalStatus, tuple[str, str]] = {
    FormalStatus.OK: ("合格", "OK"),
    FormalStatus.WARNING: ("有提示", "Warning"),
    FormalStatus.PENDING: ("待处理", "Pending"),
    FormalStatus.ACCEPTED: ("已接受", "Accepted"),
    FormalStatus.CORRECTED: ("已更正", "Corrected"),
    FormalStatus.SUPPLEMENTED: ("已补充材料", "Supplemented"),
    FormalStatus.EXCLUDED: ("已排除", "Excluded"),
}


def formal_statuses(session: Session) -> dict[int, FormalStatus]:
    """Every declaration's formal status, by declaration id."""
    rows = session.connection().exec_driver_sql(STATUS_SQL).all()
    return {int(d): FormalStatus(s) for d, s in rows}


def status_label(status: FormalStatus | str, lang: str = "zh") -> str:
    """What a person reads: 合格, 有提示, 待处理, … (English for ``lang="en"``)."""
    zh, en = _LABELS[FormalStatus(status)]
    return en if lang.startswith("en") else zh


def blocks(status: FormalStatus | str) -> bool:
    """True when the status keeps the declaration out of assignment, ranking and the proposed list."""
    return FormalStatus(status) in BLOCKING
