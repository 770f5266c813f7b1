"""Reading aids for the application form: the find bar and the highlights it and the key terms paint.

The find bar only asks; the document pane finds (in the text view by the document's own search, in a
PDF through QtPdf's search model) and says how many matches there are.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTextEdit, QToolButton, QWidget

MATCH_COLOR = QColor("#fde68a")
CURRENT_COLOR = QColor("#f59e0b")
TERM_COLOR = QColor("#d1fae5")
MAX_MATCHES = 2000  # a bound on the highlights one search paints


class FindBar(QWidget):
    """Find in the form: a text box, previous / next, how many, close (Esc)."""

    search = Signal(str, bool)  # (text, forward)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 4)
        self.field = QLineEdit()
        self.field.setPlaceholderText(self.tr("在申报书中查找"))
        self.field.setClearButtonEnabled(True)
        self.previous = tool_button(self.tr("上一个"), self.tr("上一个匹配（Shift+Enter）"))
        self.next = tool_button(self.tr("下一个"), self.tr("下一个匹配（Enter）"))
        self.count = QLabel()
        self.count.setObjectName("muted")
        close = tool_button("✕", self.tr("关闭查找（Esc）"))
        layout.addWidget(self.field, 1)
        for widget in (self.count, self.previous, self.next, close):
            layout.addWidget(widget)
        self.field.textChanged.connect(lambda text: self.search.emit(text, True))
        self.field.installEventFilter(self)
        self.previous.clicked.connect(lambda: self.search.emit(self.field.text(), False))
        self.next.clicked.connect(lambda: self.search.emit(self.field.text(), True))
        close.clicked.connect(self.close_bar)
        self.setVisible(False)

    def open_bar(self) -> None:
        self.setVisible(True)
        self.field.setFocus()
        self.field.selectAll()
        if self.field.text():
            self.search.emit(self.field.text(), True)

    def close_bar(self) -> None:
        self.setVisible(False)
        self.closed.emit()

    def show_count(self, current: int, total: int) -> None:
        """``current`` counts from 1; 0 matches say so in red."""
        if not self.field.text():
            self.count.setText("")
        elif total == 0:
            self.count.setText(self.tr("无匹配"))
        else:
            self.count.setText(self.tr("第 {current}/{total} 处").format(current=current, total=total))
        self.count.setStyleSheet("color: #b42318" if self.field.text() and total == 0 else "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                forward = not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.search.emit(self.field.text(), bool(forward))
                return True
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return False


def tool_button(text: str, tip: str, slot: object = None) -> QToolButton:
    """A flat button of a reading bar."""
    button = QToolButton()
    button.setText(text)
    button.setToolTip(tip)
    button.setAutoRaise(True)
    if slot is not None:
        button.clicked.connect(slot)  # type: ignore[arg-type]
    return button


def find_all(document: QTextDocument, needle: str, limit: int = MAX_MATCHES) -> list[QTextCursor]:
    """Every place ``needle`` occurs (case-insensitive), in order, at most ``limit``."""
    found: list[QTextCursor] = []
    if not needle:
        return found
    cursor = document.find(needle, 0)
    while not cursor.isNull() and len(found) < limit:
        found.append(cursor)
        cursor = document.find(needle, cursor)
    return found


def selections(cursors: list[QTextCursor], color: QColor) -> list[QTextEdit.ExtraSelection]:
    painted = []
    for cursor in cursors:
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        char = QTextCharFormat()
        char.setBackground(color)
        selection.format = char
        painted.append(selection)
    return painted
