"""What a score box shows is what the review file holds, whatever is typed into it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reviewer.review import Review
from ui.main_window import MainWindow
from ui.score_widgets import CriterionEditor


def _stored(path: Path, declaration_id: int, criterion_id: str) -> float | None:
    """The points as the SQLite file holds them, read past the program."""
    con = sqlite3.connect(path)
    try:
        row = con.execute("SELECT points FROM score WHERE declaration_id = ? AND criterion_id = ?",
                          (declaration_id, criterion_id)).fetchone()
    finally:
        con.close()
    return None if row is None else row[0]


@pytest.fixture
def window(opened: tuple[Review, MainWindow]) -> MainWindow:
    return opened[1]


def _fifteen_point(window: MainWindow) -> CriterionEditor:
    editor = next(e for e in window.scoring.criteria.values() if e.criterion.max == 15)
    editor.spin.setFocus()
    editor.spin.selectAll()
    return editor


@pytest.mark.parametrize(("typed", "kept"), [("7.3", 7.0), ("14.75", 14.5), ("16", 1.0), ("7.5", 7.5), ("15", 15.0),
                                              ("0", 0.0), ("15.5", 15.0), ("abc", None), ("-1", 1.0)])
def test_typed_score_is_exactly_what_is_stored(window: MainWindow, qtbot: QtBot, review_path: Path,
                                               typed: str, kept: float | None) -> None:
    editor = _fifteen_point(window)
    qtbot.keyClicks(editor.spin, typed)
    shown = editor.spin.points()
    assert shown == kept
    assert _stored(review_path, window.current_id, editor.criterion.id) == kept
    assert float(editor.spin.text().rstrip(".")) == kept if kept is not None else editor.spin.text() in ("", "—")
    refused = kept is None or f"{kept:g}" != typed
    assert editor.note.isVisible() == refused  # a refusal is said, with the range and the step
    if refused:
        assert "0–15 分，步长 0.5" in editor.note.text() and editor.spin.property("refused")
    qtbot.keyClick(editor.spin, Qt.Key.Key_Tab)  # leaving the box keeps what is stored
    assert _stored(review_path, window.current_id, editor.criterion.id) == kept
    assert editor.spin.points() == kept


def test_clearing_a_box_by_backspace_clears_the_stored_score(window: MainWindow, qtbot: QtBot, review_path: Path) -> None:
    editor = _fifteen_point(window)
    qtbot.keyClicks(editor.spin, "12.5")
    assert _stored(review_path, window.current_id, editor.criterion.id) == 12.5
    for _ in range(4):
        qtbot.keyClick(editor.spin, Qt.Key.Key_Backspace)
    assert editor.spin.points() is None
    assert _stored(review_path, window.current_id, editor.criterion.id) is None
    assert window.scoring.total.text().startswith("总分 0")


def test_arrow_keys_step_by_half_a_point_within_the_range(window: MainWindow, qtbot: QtBot, review_path: Path) -> None:
    editor = _fifteen_point(window)
    qtbot.keyClicks(editor.spin, "14.5")
    qtbot.keyClick(editor.spin, Qt.Key.Key_Up)
    qtbot.keyClick(editor.spin, Qt.Key.Key_Up)
    assert editor.spin.points() == 15 == _stored(review_path, window.current_id, editor.criterion.id)
    assert QApplication.focusWidget() is editor.spin


def test_a_write_the_review_cannot_take_shows_the_stored_value_and_costs_nothing_on_undo(
        window: MainWindow, qtbot: QtBot, review_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another program holds the review while the expert types: the box goes back to what is stored, the
    error is said, and Ctrl+Z afterwards undoes the last write that was made, not the one that was not."""
    import reviewer.store.migrations as migrations
    from reviewer.errors import ReviewerError

    monkeypatch.setattr(migrations, "BUSY_TIMEOUT", 0.2)  # the wait before "another program is writing"
    editor = _fifteen_point(window)
    qtbot.keyClicks(editor.spin, "12")
    steps = window.undo_stack.count()
    holder = sqlite3.connect(review_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        editor.spin.selectAll()
        with qtbot.captureExceptions() as raised:
            qtbot.keyClicks(editor.spin, "9")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [isinstance(e[1], ReviewerError) for e in raised] == [True]
    assert raised[0][1].code == "db_locked"
    assert editor.spin.points() == 12.0 == _stored(review_path, window.current_id, editor.criterion.id)
    assert window.scoring.total.text().startswith("总分 12")
    assert window.undo_stack.count() == steps
    window.undo_stack.undo()  # the typed 12 is undone; nothing is written that the store never held
    assert _stored(review_path, window.current_id, editor.criterion.id) is None
    window.undo_stack.redo()
    assert _stored(review_path, window.current_id, editor.criterion.id) == 12.0 == editor.spin.points()
