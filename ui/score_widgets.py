"""Small editing widgets of the scoring pane."""

from __future__ import annotations

import re

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QValidator, QWheelEvent
from PySide6.QtWidgets import QDoubleSpinBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from reviewer.rubric import STEP, on_step
from ui.labels import grade_name

if TYPE_CHECKING:
    from reviewer.rubric import Criterion

UNSET = -0.5  # the spin box's "not scored" value, shown as "—"


def _passes_undo(event: QEvent) -> bool:
    """Let Ctrl+Z / Ctrl+Shift+Z reach the review's undo stack instead of the line edit."""
    return event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and (
        event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo))


class KeyboardFlow:
    """Ctrl+Z goes to the review's undo stack; Enter moves on (``advance``)."""

    advance: Signal

    def event(self, event: QEvent) -> bool:
        if _passes_undo(event):
            event.ignore()
            return True
        return super().event(event)  # type: ignore[misc]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.advance.emit()
            return
        super().keyPressEvent(event)  # type: ignore[misc]


class ScoreSpin(KeyboardFlow, QDoubleSpinBox):
    """Points for one criterion: 0..max in steps of 0.5; "—" (or an empty box) means not scored.

    The box only ever holds text that is exactly a value it may store: a keystroke that would make it
    off-step (7.3, 14.75) or out of range (16 of 15) is refused and ``refused`` is emitted, so the
    criterion can say why. What the box shows is therefore always what is stored.
    """

    advance = Signal()
    refused = Signal(str)  # the text that was refused

    def __init__(self, maximum: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(UNSET, maximum)
        self.setSingleStep(STEP)
        self.setDecimals(1)
        self.setSpecialValueText("—")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMinimumWidth(84)
        self.setAccelerated(True)
        self.setCorrectionMode(QDoubleSpinBox.CorrectionMode.CorrectToPreviousValue)

    def points(self) -> float | None:
        return None if self.value() <= UNSET else self.value()

    def set_points(self, points: float | None) -> None:
        self.blockSignals(True)
        self.setValue(UNSET if points is None else points)
        self.blockSignals(False)

    def textFromValue(self, value: float) -> str:
        return f"{value:g}"

    def valueFromText(self, text: str) -> float:
        number = parse_points(text)
        return UNSET if number is None else number

    def validate(self, text: str, pos: int) -> object:
        verdict = score_text_state(text, self.maximum())
        if verdict == QValidator.State.Invalid:
            self.refused.emit(text)
        return verdict, text, pos

    def fixup(self, text: str) -> str:
        return text.rstrip(".")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.lineEdit().selectedText() == self.text():
            self.setValue(UNSET)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Leaving the box shows the stored value in its canonical form ("7." becomes "7")."""
        super().focusOutEvent(event)
        self.blockSignals(True)
        self.lineEdit().setText(self.textFromValue(self.value()) if self.value() > UNSET else "")
        self.blockSignals(False)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # scrolling the pane must not change a score


_PARTIAL = re.compile(r"\d{0,3}(\.\d?)?")


def parse_points(text: str) -> float | None:
    """The number a score box's text stands for; None for "not scored" (empty or "—")."""
    text = text.strip()
    if text in ("", "—"):
        return None
    return float(text.rstrip("."))


def score_text_state(text: str, maximum: float) -> QValidator.State:
    """Acceptable: exactly a storable value (or empty = not scored); Intermediate: "7." on the way to
    "7.5"; Invalid: anything else, among them every off-step or out-of-range number."""
    text = text.strip()
    if text in ("", "—"):
        return QValidator.State.Acceptable
    if not _PARTIAL.fullmatch(text):
        return QValidator.State.Invalid
    value = float(text.rstrip(".") or "0")
    if not 0 <= value <= maximum:
        return QValidator.State.Invalid
    if text.endswith("."):
        return QValidator.State.Intermediate if value + STEP <= maximum else QValidator.State.Invalid
    return QValidator.State.Acceptable if on_step(value) else QValidator.State.Invalid


def allowed_text(maximum: float) -> str:
    """ "0–15 分，步长 0.5": what a criterion accepts."""
    return QCoreApplication.translate("ScoreSpin", "{low}–{high} 分，步长 {step}").format(
        low=0, high=f"{maximum:g}", step=f"{STEP:g}")


class UndoAwareLineEdit(KeyboardFlow, QLineEdit):
    """A line edit whose Ctrl+Z goes to the review's undo stack; Enter advances."""

    advance = Signal()


class CriterionEditor(QFrame):
    """One criterion: name, points, level descriptors (the current one highlighted), remark."""

    points_edited = Signal(str, object)
    remark_edited = Signal(str, str)
    advance = Signal()

    def __init__(self, criterion: Criterion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.criterion = criterion
        self.setObjectName("criterion")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        head = QHBoxLayout()
        title = QLabel(f"<span style='color:#5f6b7a'>{criterion.id}</span>&nbsp; <b>{criterion.name}</b>")
        title.setWordWrap(True)
        title.setToolTip(criterion.guide)
        self.spin = ScoreSpin(criterion.max)
        self.spin.setAccessibleName(criterion.name)
        self.spin.setToolTip(allowed_text(criterion.max))
        title.setBuddy(self.spin)
        out_of = QLabel(self.tr("/ {max} 分").format(max=f"{criterion.max:g}"))
        out_of.setObjectName("muted")
        head.addWidget(title, 1)
        head.addWidget(self.spin)
        head.addWidget(out_of)
        layout.addLayout(head)
        self.note = QLabel()
        self.note.setObjectName("refusal")
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        layout.addWidget(self.note)
        if criterion.guide:
            guide = QLabel(criterion.guide)
            guide.setWordWrap(True)
            guide.setObjectName("guide")
            layout.addWidget(guide)
        self.levels = [self._level_label(level.grade, level.min, level.max, level.text) for level in criterion.levels]
        for label in self.levels:
            layout.addWidget(label)
        self.remark = UndoAwareLineEdit()
        self.remark.setPlaceholderText(self.tr("评分说明（可选）"))
        layout.addWidget(self.remark)
        self.spin.valueChanged.connect(self._points_changed)
        self.spin.refused.connect(self._refused)
        self.spin.installEventFilter(self)
        self.spin.advance.connect(self.advance)
        self.remark.textEdited.connect(lambda text: self.remark_edited.emit(criterion.id, text))
        self.remark.advance.connect(self.advance)

    def _level_label(self, grade: str, low: float, high: float, text: str) -> QLabel:
        label = QLabel(f"<b>{grade_name(grade)}</b>&nbsp;<span style='color:#5f6b7a'>{low:g}–{high:g}</span>&nbsp; {text}")
        label.setWordWrap(True)
        label.setObjectName("level")
        label.setProperty("current", False)
        return label

    def _refused(self, text: str) -> None:
        """Say at once what was refused and what is kept; the note stays until the box is entered again."""
        shown = self.spin.points()
        kept = f"{shown:g}" if shown is not None else "—"
        self.note.setText(self.tr("未接受“{typed}”：本项 {allowed}。当前保存：{kept}").format(
            typed=text, allowed=allowed_text(self.criterion.max), kept=kept))
        self.note.setVisible(True)
        _set_flag(self.spin, "refused", True)

    def _clear_refusal(self) -> None:
        self.note.setVisible(False)
        _set_flag(self.spin, "refused", False)

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        if watched is self.spin and event.type() == QEvent.Type.FocusIn:
            self._clear_refusal()
        return False

    def _points_changed(self) -> None:
        points = self.spin.points()
        self._highlight(points)
        self.points_edited.emit(self.criterion.id, points)

    def _highlight(self, points: float | None) -> None:
        for label, level in zip(self.levels, self.criterion.levels):
            _set_flag(label, "current", points is not None and level.min <= points <= level.max)

    def set_values(self, points: float | None, remark: str) -> None:
        self._clear_refusal()
        self.spin.set_points(points)
        self._highlight(points)
        if self.remark.text() != remark:
            self.remark.setText(remark)



def _set_flag(widget: QWidget, name: str, on: bool) -> None:
    """A boolean property the stylesheet reads (``#level[current="true"]``), re-polished when it changes."""
    if bool(widget.property(name)) != on:
        widget.setProperty(name, on)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
