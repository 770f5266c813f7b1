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
    """One field's change, already committed when the command is made (a write the store refused never
    reaches the stack, so no undo can later write a value the store never held). Undo and redo write
    again; a write that fails there goes to ``failed`` and the store keeps what it held."""

    def __init__(self, review: Review, done: Edit, key: FieldKey, new: object,
                 applied: Callable[[Edit, bool], None], failed: Callable[[int, Exception], None], text: str) -> None:
        super().__init__(text)
        self.review, self.declaration_id, self.key = review, done.declaration_id, key
        self.old: object = done.old  # what the store held before the first write
        self.new = new
        self.applied = applied  # called after each write with (edit, from_undo_stack)
        self.failed = failed
        self._done: Edit | None = done

    def redo(self) -> None:
        if self._done is not None:  # the push of a write already committed
            done, self._done = self._done, None
            self.applied(done, False)
            return
        self._write(self.new)

    def undo(self) -> None:
        self._write(self.old)

    def _write(self, value: object) -> None:
        try:
            edit = write(self.review, self.declaration_id, self.key, value)
        except Exception as error:  # noqa: BLE001 - the window says why; the store is unchanged
            self.failed(self.declaration_id, error)
            return
        self.applied(edit, True)

    def id(self) -> int:
        return _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FieldEdit) or (other.declaration_id, other.key) != (self.declaration_id, self.key):
            return False
        if self.key[0] in _DISCRETE or (self.key[0] == "veto" and other.new is None):
            return False  # a toggle or a choice is its own undo step
        self.new = other.new
        return True
