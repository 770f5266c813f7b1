"""An expert scores a declaration with the keyboard only, closes, reopens and finds everything."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from reviewer.review import Review
from reviewer.scoring import ReviewState
from ui.main_window import MainWindow
from ui.score_widgets import ScoreSpin


def _open(qtbot: QtBot, path: Path, settings: QSettings) -> tuple[Review, MainWindow]:
    review = Review.open(path)
    window = MainWindow(review, settings)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return review, window


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "keyboard focus was lost"
    return widget


def _type(qtbot: QtBot, text: str) -> None:
    """Type ASCII as key presses; Chinese arrives as an input method commits it."""
    if text.isascii():
        qtbot.keyClicks(_focused(), text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(_focused(), event)


def _key(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(_focused(), key, modifier)


def test_keyboard_scoring_survives_closing_the_window(qtbot: QtBot, review_path: Path, settings: QSettings) -> None:
    review, window = _open(qtbot, review_path, settings)
    first = window.current_id
    assert first == window.visible_ids()[0]
    rubric = review.rubric(review.declaration(first).direction)
    _key(qtbot, Qt.Key.Key_F2)
    expected: dict[str, float] = {}
    for i, criterion in enumerate(rubric.criteria):
        focused = QApplication.focusWidget()
        assert isinstance(focused, ScoreSpin) and focused is window.scoring.criteria[criterion.id].spin
        points = criterion.max - (i % 4) * 0.5
        _type(qtbot, f"{points:g}")
        _key(qtbot, Qt.Key.Key_Return)
        expected[criterion.id] = points
    assert QApplication.focusWidget() is window.scoring.opinion
    _type(qtbot, "技术路线清晰，示范性强。")
    assert window.scoring.total.text().startswith(f"总分 {sum(expected.values()):g}")
    assert window.model.summary(first).state == ReviewState.DONE
    assert "已保存" in window.statusBar().currentMessage()
    assert window.progress_label.text().startswith("1/")

    _key(qtbot, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    second = window.current_id
    assert second == window.visible_ids()[1]
    window.close()
    review.close()

    review, window = _open(qtbot, review_path, settings)
    assert window.current_id == second  # the window comes back where the expert left it
    window.select(first)
    assert {cid: e.spin.points() for cid, e in window.scoring.criteria.items()} == expected
    assert window.scoring.opinion.toPlainText() == "技术路线清晰，示范性强。"
    assert review.sheet(first).points == expected
    window.close()
    review.close()


def test_ctrl_z_undoes_a_score_edit_in_the_database(qtbot: QtBot, review_path: Path, settings: QSettings) -> None:
    review, window = _open(qtbot, review_path, settings)
    did = window.current_id
    _key(qtbot, Qt.Key.Key_F2)
    _type(qtbot, "12")
    _key(qtbot, Qt.Key.Key_Return)
    _type(qtbot, "7")
    assert review.sheet(did).points == {"C1": 12, "C2": 7}
    _key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review.sheet(did).points == {"C1": 12}
    assert window.scoring.criteria["C2"].spin.points() is None
    _key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review.sheet(did).points == {}
    _key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert review.sheet(did).points == {"C1": 12}
    assert window.scoring.criteria["C1"].spin.points() == 12
    window.close()
    review.close()


def test_entry_is_bounded_to_the_criterion_range(qtbot: QtBot, review_path: Path, settings: QSettings) -> None:
    review, window = _open(qtbot, review_path, settings)
    did = window.current_id
    c1 = review.rubric(review.declaration(did).direction).criteria[0]
    _key(qtbot, Qt.Key.Key_F2)
    _type(qtbot, "99")
    stored = review.sheet(did).points.get("C1")
    assert stored is not None and stored <= c1.max
    window.close()
    review.close()


def test_recusal_takes_the_declaration_out_of_scoring(qtbot: QtBot, review_path: Path, settings: QSettings) -> None:
    review, window = _open(qtbot, review_path, settings)
    did = window.current_id
    window.scoring.recused.click()
    assert not window.scoring.criteria["C1"].isEnabled()
    assert QApplication.focusWidget() is window.scoring.recusal_reason
    _type(qtbot, "近三年曾在申报单位任职")
    assert window.model.summary(did).state == ReviewState.RECUSED
    assert review.sheet(did).recusal_reason == "近三年曾在申报单位任职"
    window.close()
    review.close()


def test_filters_by_state_and_direction(qtbot: QtBot, review_path: Path, settings: QSettings) -> None:
    review, window = _open(qtbot, review_path, settings)
    everything = window.visible_ids()
    did = window.current_id
    review.set_opinion(did, "部分意见")
    window.model.update(review.summary(did))
    window.state_filter.setCurrentIndex(window.state_filter.findData(ReviewState.IN_PROGRESS.value))
    assert window.visible_ids() == [did]
    window.state_filter.setCurrentIndex(0)
    direction = review.summary(everything[-1]).direction
    window.direction_filter.setCurrentIndex(window.direction_filter.findData(direction))
    assert window.visible_ids() and all(review.summary(i).direction == direction for i in window.visible_ids())
    window.direction_filter.setCurrentIndex(0)
    assert window.visible_ids() == everything
    window.close()
    review.close()
