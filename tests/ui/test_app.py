"""Starting the GUI: language switching, and clear messages when a review cannot be opened."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ui.app import AppController

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"




def _menu_titles(controller: AppController) -> list[str]:
    assert controller.window is not None
    return [action.text() for action in controller.window.menuBar().actions()]


def test_switching_to_english_and_back(qtbot: QtBot, review_path: Path, settings: QSettings) -> None:
    controller = AppController(QApplication.instance(), settings, "zh")  # type: ignore[arg-type]
    assert controller.open(review_path)
    qtbot.addWidget(controller.window)
    assert _menu_titles(controller)[:3] == ["文件(&F)", "编辑(&E)", "评审(&R)"]
    current = controller.window.current_id  # type: ignore[union-attr]
    controller.set_language("en")
    qtbot.addWidget(controller.window)
    assert _menu_titles(controller)[:3] == ["&File", "&Edit", "&Review"]
    assert controller.window.current_id == current  # type: ignore[union-attr]
    assert controller.window.progress_label.text().endswith("finished")  # type: ignore[union-attr]
    assert settings.value("language") == "en"
    controller.set_language("zh")
    qtbot.addWidget(controller.window)
    assert _menu_titles(controller)[0] == "文件(&F)"
    controller.window.close()  # type: ignore[union-attr]


def test_a_newer_database_gets_a_message_naming_it(qtbot: QtBot, tmp_path: Path, settings: QSettings, message_boxes: list[str]) -> None:
    db = tmp_path / "newer.sqlite"
    shutil.copy(FIXTURES / "review-v1.sqlite", db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")  # newer than any schema this program knows
    con.close()
    before = db.read_bytes()
    seen = message_boxes
    controller = AppController(QApplication.instance(), settings, "zh")  # type: ignore[arg-type]
    assert not controller.open(db)
    assert seen and str(db) in seen[0] and "更新版本" in seen[0]
    assert db.read_bytes() == before
    assert controller.window is None


def test_an_upgraded_database_says_where_the_backup_is(qtbot: QtBot, tmp_path: Path, settings: QSettings, message_boxes: list[str]) -> None:
    db = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "review-v1.sqlite", db)
    seen = message_boxes
    controller = AppController(QApplication.instance(), settings, "zh")  # type: ignore[arg-type]
    assert controller.open(db)
    qtbot.addWidget(controller.window)
    assert seen and "备份" in seen[0] and "v1-backup" in seen[0]
    assert controller.window.model.summary(1).total == 22.5  # type: ignore[union-attr]
    controller.window.close()  # type: ignore[union-attr]


def test_start_shows_the_window_then_the_review(qtbot: QtBot, review_path: Path, settings: QSettings) -> None:
    controller = AppController(QApplication.instance(), settings, "zh")  # type: ignore[arg-type]
    controller.start(review_path)
    window = controller.window
    assert window is not None and window.isVisible()
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.review is not None, timeout=20000)
    assert len(window.visible_ids()) == 20
    assert window.current_id == window.visible_ids()[0]
    assert window.scoring.title.text() == window.model.summary(window.current_id).project_name
    assert settings.value("last_review") == str(review_path.resolve())
    window.close()


def test_start_with_a_missing_file_names_it(qtbot: QtBot, tmp_path: Path, settings: QSettings, message_boxes: list[str]) -> None:
    seen = message_boxes
    exit_codes: list[int] = []
    controller = AppController(QApplication.instance(), settings, "en", quit=exit_codes.append)  # type: ignore[arg-type]
    missing = tmp_path / "gone.sqlite"
    controller.start(missing)
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    qtbot.waitUntil(lambda: bool(seen), timeout=20000)
    assert str(missing) in seen[0] and "does not exist" in seen[0]
    assert controller.review is None and not missing.exists()
    assert exit_codes == [2]
    controller.window.close()
