"""macOS hands a double-clicked file to the running app as a QFileOpenEvent: it opens like `reviewer gui FILE`."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from ui.app import AppController

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _started(qtbot: QtBot, settings: QSettings, first: Path) -> AppController:
    controller = AppController(QApplication.instance(), settings, "zh")  # type: ignore[arg-type]
    controller.start(first)
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    qtbot.waitUntil(lambda: controller.review is not None, timeout=20000)
    return controller


def test_a_review_database_opened_from_the_finder_replaces_the_open_one(qtbot: QtBot, tmp_path: Path,
                                                                       settings: QSettings, message_boxes: list[str]) -> None:
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    shutil.copy(FIXTURES / "review-v3.sqlite", first)
    shutil.copy(FIXTURES / "review-v3.sqlite", second)
    controller = _started(qtbot, settings, first)
    QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(second)))
    qtbot.waitUntil(lambda: controller.review is not None and controller.review.path == second, timeout=20000)
    assert controller.window is not None and controller.window.isVisible() and controller.window.review is controller.review
    qtbot.addWidget(controller.window)
    assert settings.value("last_review") == str(second.resolve())
    controller.window.close()
    controller.review.close()  # type: ignore[union-attr]


def test_a_work_package_opened_from_the_finder_asks_for_its_passphrase(qtbot: QtBot, tmp_path: Path,
                                                                      settings: QSettings, message_boxes: list[str]) -> None:
    first = tmp_path / "first.sqlite"
    shutil.copy(FIXTURES / "review-v3.sqlite", first)
    controller = _started(qtbot, settings, first)
    package = tmp_path / "001_专家甲.rvpkg"
    package.write_bytes(b"not opened: the expert cancels at the passphrase")
    asked: list[str] = []
    polls = iter(range(400))

    def answer() -> None:
        """Reads the passphrase dialog's words and cancels it; gives any modal dialog up after 20 s (no hang)."""
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
        words = [" ".join(label.text() for label in d.findChildren(QLabel)) for d in dialogs]
        if any(package.name in text for text in words) or next(polls, None) is None:
            asked.extend(text for text in words if package.name in text)
            for dialog in dialogs:
                dialog.reject()
            asked.append("closed")
            return
        QTimer.singleShot(50, answer)

    QTimer.singleShot(50, answer)
    QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(package)))
    qtbot.waitUntil(lambda: "closed" in asked, timeout=30000)
    assert len(asked) == 2 and package.name in asked[0] and "口令" in asked[0], asked
    assert controller.review is not None and controller.review.path == first  # cancelled: what was open stays
    assert not list(tmp_path.glob("001_*.sqlite"))  # no review made from the package
    assert controller.window is not None
    controller.window.close()
    controller.review.close()
