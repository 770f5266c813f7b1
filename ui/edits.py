"""Score edits as undoable commands: each do/undo is one committed write.

A field is named by a key: ``("points", criterion)``, ``("remark", criterion)``,
``("opinion",)``, ``("recommendation",)``, ``("veto", veto_id)``,
``("recused",)``, ``("recusal_reason",)``. Consecutive edits of one field merge
into one undo step, so Ctrl+Z undoes a whole typed value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from PySide6.QtGui import QUndoCommand

if TYPE_CHECKING:  # keep SQLAlchemy out of the window's start-up
    from reviewer.review import Edit, Review

FieldKey = tuple[str, ...]

_MERGE_ID = 0x5256
_DISCRETE = frozenset({"recommendation", "recused"})


def write(review: Review, declaration_id: int, key: FieldKey, value: object) -> Edit:
    """Commit one field of one declaration through the core."""
    kind = key[0]
    if kind == "points":
        return review.set_points(declaration_id, key[1], value)  # type: ignore[arg-type]
    if kind == "remark":
        return review.set_remark(declaration_id, key[1], str(value))
    if kind == "opinion":
        return review.set_opinion(declaration_id, str(value))
    if kind == "recommendation":
        return review.set_recommendation(declaration_id, value)  # type: ignore[arg-type]
    if kind == "veto":
        return review.set_veto(declaration_id, key[1], value)  # type: ignore[arg-type]
    if kind == "recused":
        return review.set_recusal(declaration_id, bool(value))
    if kind == "recusal_reason":
        return review.set_recusal_reason(declaration_id, str(value))
    raise KeyError(key)


class FieldEdit(QUndoCommand):
    """Set one field; undo restores the value the store held before."""

    def __init__(self, review: Review, declaration_id: int, key: FieldKey, new: object,
                 applied: Callable[[Edit, bool], None], text: str) -> None:
        super().__init__(text)
        self.review, self.declaration_id, self.key = review, declaration_id, key
        self.old: object = None  # what the store held before the first write
        self.new = new
        self.applied = applied  # called after each write with (edit, from_undo_stack)
        self._first = True

    def redo(self) -> None:
        edit = write(self.review, self.declaration_id, self.key, self.new)
        if self._first:
            self.old = edit.old
        self.applied(edit, not self._first)
        self._first = False

    def undo(self) -> None:
        self.applied(write(self.review, self.declaration_id, self.key, self.old), True)

    def id(self) -> int:
        return _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FieldEdit) or (other.declaration_id, other.key) != (self.declaration_id, self.key):
            return False
        if self.key[0] in _DISCRETE or (self.key[0] == "veto" and other.new is None):
            return False  # a toggle or a choice is its own undo step
        self.new = other.new
        return True
