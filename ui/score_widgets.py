"""Small editing widgets of the scoring pane."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QWheelEvent
from PySide6.QtWidgets import QDoubleSpinBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

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
    """Points for one criterion, bounded to 0..max in steps of 0.5; "—" means not scored."""

    advance = Signal()

    def __init__(self, maximum: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(UNSET, maximum)
        self.setSingleStep(0.5)
        self.setDecimals(1)
        self.setSpecialValueText("—")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMinimumWidth(84)
        self.setAccelerated(True)

    def points(self) -> float | None:
        return None if self.value() <= UNSET else round(self.value() * 2) / 2

    def set_points(self, points: float | None) -> None:
        self.blockSignals(True)
        self.setValue(UNSET if points is None else points)
        self.blockSignals(False)

    def textFromValue(self, value: float) -> str:
        return f"{value:g}"

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.lineEdit().selectedText() == self.text():
            self.setValue(UNSET)
            return
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # scrolling the pane must not change a score


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
        title.setBuddy(self.spin)
        out_of = QLabel(self.tr("/ {max} 分").format(max=f"{criterion.max:g}"))
        out_of.setObjectName("muted")
        head.addWidget(title, 1)
        head.addWidget(self.spin)
        head.addWidget(out_of)
        layout.addLayout(head)
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
        self.spin.advance.connect(self.advance)
        self.remark.textEdited.connect(lambda text: self.remark_edited.emit(criterion.id, text))
        self.remark.advance.connect(self.advance)

    def _level_label(self, grade: str, low: float, high: float, text: str) -> QLabel:
        label = QLabel(f"<b>{grade}</b>&nbsp;<span style='color:#5f6b7a'>{low:g}–{high:g}</span>&nbsp; {text}")
        label.setWordWrap(True)
        label.setObjectName("level")
        label.setProperty("current", False)
        return label

    def _points_changed(self) -> None:
        points = self.spin.points()
        self._highlight(points)
        self.points_edited.emit(self.criterion.id, points)

    def _highlight(self, points: float | None) -> None:
        for label, level in zip(self.levels, self.criterion.levels):
            current = points is not None and level.min <= points <= level.max
            if label.property("current") != current:
                label.setProperty("current", current)
                label.style().unpolish(label)
                label.style().polish(label)

    def set_values(self, points: float | None, remark: str) -> None:
        self.spin.set_points(points)
        self._highlight(points)
        if self.remark.text() != remark:
            self.remark.setText(remark)

