"""The one error dialog of the GUI, and the hooks that send every unhandled exception to it.

A user never sees a Python traceback: an exception nobody caught (in a slot, in a
worker thread) becomes one sentence in the user's language, with "详细信息" to
expand the technical details (the traceback, the log file that holds it) and
"复制" to copy them for whoever supports the meeting. Expected errors keep their
windows' own message boxes; a damaged review with an automatic backup beside it
is offered a copy of that backup to work on (:func:`offer_backup`).
"""

from __future__ import annotations

import shutil
import sys
import threading
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QMessageBox, QPlainTextEdit, QPushButton,
    QStyle, QVBoxLayout, QWidget,
)

from reviewer.errors import ReviewerError, UnexpectedError, as_reviewer_error
from reviewer.safeio import write_atomic


class ErrorDialog(QDialog):
    """A sentence for the user; the technical details folded away, with a button to copy them."""

    def __init__(self, parent: QWidget | None, message: str, details: str, title: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title or QCoreApplication.translate("ErrorDialog", "评审工作台 — 出错了"))
        self.setMinimumWidth(520)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head = QHBoxLayout()
        head.addWidget(icon)
        head.addWidget(self.message, 1)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setMinimumHeight(220)
        self.details.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.toggle = QPushButton(QCoreApplication.translate("ErrorDialog", "详细信息"))
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._show_details)
        self.copy = QPushButton(QCoreApplication.translate("ErrorDialog", "复制"))
        self.copy.setToolTip(QCoreApplication.translate("ErrorDialog", "把错误说明和技术详情复制到剪贴板"))
        self.copy.clicked.connect(self.copy_to_clipboard)
        buttons.addButton(self.toggle, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(QCoreApplication.translate("ErrorDialog", "关闭"))
        buttons.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.adjustSize()

    def copy_to_clipboard(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.message.text()}\n\n{self.details.toPlainText()}")


def describe(error: BaseException, language: str) -> tuple[str, str]:
    """(the sentence a user reads, the technical details) of any exception; unexpected ones are logged."""
    reviewer_error = as_reviewer_error(error) or UnexpectedError(error, None)
    details = getattr(reviewer_error, "details", "") or _details(error)
    return reviewer_error.message(language), details


def _details(error: BaseException) -> str:
    import traceback

    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


def show_error(error: BaseException, parent: QWidget | None = None, language: str | None = None) -> ErrorDialog:
    """Show ``error`` in the error dialog (modal, returns when the user closes it)."""
    message, details = describe(error, language or _language())
    dialog = ErrorDialog(parent or _active_window(), message, details)
    dialog.exec()
    return dialog


# --- a damaged review with a backup ----------------------------------------------------------

def has_backup(error: ReviewerError) -> bool:
    """Whether ``error`` is a damaged review with an automatic backup beside it."""
    return error.code == "db_corrupt_backup" and error.file is not None and Path(str(error.params.get("backup"))).is_file()


def offer_backup(parent: QWidget | None, error: ReviewerError, language: str) -> Path | None:
    """For a damaged review with an automatic backup (:func:`has_backup`): say so and offer to open a copy of
    the backup (never the backup itself, which stays as it is). The copy's path, or None when declined."""
    backup = Path(str(error.params.get("backup")))
    assert error.file is not None
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("ErrorDialog", "评审库已损坏"), error.message(language), parent=parent)
    use = box.addButton(QCoreApplication.translate("ErrorDialog", "打开备份的副本"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QCoreApplication.translate("ErrorDialog", "取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(use)
    box.exec()
    if box.clickedButton() is not use:
        return None
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    copy = error.file.with_name(f"{error.file.stem}.restored-{stamp}{error.file.suffix}")
    try:
        return write_atomic(copy, lambda temporary: shutil.copy2(backup, temporary))
    except ReviewerError as failed:
        QMessageBox.critical(parent, QCoreApplication.translate("ErrorDialog", "无法复制备份"), failed.message(language))
        return None


# --- the hooks -------------------------------------------------------------------------------

class _Relay(QObject):
    """Carries an exception from any thread to the GUI thread."""

    raised = Signal(object)


_state: dict[str, object] = {}


def install(language: Callable[[], str]) -> None:
    """Send every exception nobody caught — on the GUI thread or any other — to the error dialog."""
    relay = _Relay()
    relay.raised.connect(_on_gui_thread, Qt.ConnectionType.QueuedConnection)
    _state.update(relay=relay, language=language, showing=False)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


def uninstall() -> None:
    sys.excepthook = sys.__excepthook__
    threading.excepthook = threading.__excepthook__
    _state.clear()


def _excepthook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    error.__traceback__ = trace
    relay = _state.get("relay")
    if isinstance(relay, _Relay):
        relay.raised.emit(error)  # queued: shown once the slot that raised has returned
    else:
        sys.__excepthook__(kind, error, trace)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        _excepthook(args.exc_type, args.exc_value, args.exc_traceback)


def _on_gui_thread(error: BaseException) -> None:
    if _state.get("showing"):  # one dialog at a time: a fault repeating in a loop does not stack dialogs
        describe(error, _language())  # still logged
        return
    _state["showing"] = True
    try:
        show_error(error)
    finally:
        _state["showing"] = False


def _language() -> str:
    language = _state.get("language")
    return language() if callable(language) else "zh"


def _active_window() -> QWidget | None:
    return QApplication.activeWindow()
