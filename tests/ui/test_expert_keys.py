"""Keyboard truths: every key in the README's table does what the table says; no two mnemonics clash."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QMenu, QWidget
from pytestqt.qtbot import QtBot

from reviewer.review import Review
from ui import i18n
from ui.main_window import MainWindow
from ui.score_widgets import ScoreSpin

README = Path(__file__).resolve().parents[2] / "README.md"
ARROWS = {"↓": "Down", "↑": "Up"}


def readme_keys() -> dict[str, str]:
    """Each key combination of the README's key table, with the action its row names."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| Keys | Action |"):].split("\n\n")[0]
    keys: dict[str, str] = {}
    for row in table.splitlines()[2:]:
        cells = [c.strip() for c in row.strip("|").split("|")]
        for combo in re.split(r" / |, |\(|\)", cells[0]):
            combo = combo.strip()
            for arrow, name in ARROWS.items():
                combo = combo.replace(arrow, name)
            if combo:
                keys[combo] = cells[1]
    return keys


@pytest.fixture
def window(opened: tuple[Review, MainWindow]) -> MainWindow:
    return opened[1]


def _press(qtbot: QtBot, combo: str) -> None:
    sequence = QKeySequence(combo)
    assert not sequence.isEmpty(), combo
    key = sequence[0]
    target = QApplication.focusWidget() or QApplication.activeWindow()
    qtbot.keyClick(target, key.key(), key.keyboardModifiers())


def _in_scoring(window: MainWindow) -> None:
    window.scoring.focus_first_criterion()


def _expect_move(offset: int) -> Callable[[MainWindow, Callable[[], None]], None]:
    def check(window: MainWindow, press: Callable[[], None]) -> None:
        ids = window.visible_ids()
        window.select(ids[3])
        window.tree.setFocus()
        press()
        assert window.current_id == ids[3 + offset]
    return check


def _expect_next_unfinished(window: MainWindow, press: Callable[[], None]) -> None:
    first = window.visible_ids()[0]
    window.review.set_opinion(first, "写了一半")  # type: ignore[union-attr]
    window.model.update(window.review.summary(first))  # type: ignore[union-attr]
    window.select(window.visible_ids()[5])
    press()
    assert window.current_id == window.visible_ids()[6]


def _expect_focus(get: Callable[[MainWindow], QWidget]) -> Callable[[MainWindow, Callable[[], None]], None]:
    def check(window: MainWindow, press: Callable[[], None]) -> None:
        window.tree.setFocus()
        press()
        assert QApplication.focusWidget() is get(window)
    return check


def _expect_next_criterion(backwards: bool = False) -> Callable[[MainWindow, Callable[[], None]], None]:
    def check(window: MainWindow, press: Callable[[], None]) -> None:
        editors = list(window.scoring.criteria.values())
        editors[1].spin.setFocus()
        press()
        assert QApplication.focusWidget() is editors[0 if backwards else 2].spin
    return check


def _expect_step(delta: float) -> Callable[[MainWindow, Callable[[], None]], None]:
    def check(window: MainWindow, press: Callable[[], None]) -> None:
        spin = window.scoring.criteria["C1"].spin
        spin.set_points(5)
        spin.setFocus()
        press()
        assert spin.points() == 5 + delta == window.review.sheet(window.current_id).points["C1"]  # type: ignore[union-attr]
    return check


def _expect_undo(redo: bool) -> Callable[[MainWindow, Callable[[], None]], None]:
    def check(window: MainWindow, press: Callable[[], None]) -> None:
        spin = window.scoring.criteria["C1"].spin
        spin.setFocus()
        spin.selectAll()
        QApplication.focusWidget()
        spin.lineEdit().insert("9")
        did = window.current_id
        if redo:
            window.undo_stack.undo()
        press()
        assert window.review.sheet(did).points.get("C1") == (9 if redo else None)  # type: ignore[union-attr]
    return check


def _expect_section(step: int) -> Callable[[MainWindow, Callable[[], None]], None]:
    def check(window: MainWindow, press: Callable[[], None]) -> None:
        items = window.documents._flat_items()
        window.documents.outline.setCurrentItem(items[2])
        press()
        assert window.documents.outline.currentItem() is items[2 + step]
    return check


def _expect_find(window: MainWindow, press: Callable[[], None]) -> None:
    press()
    assert window.documents.find_bar.isVisible() and QApplication.focusWidget() is window.documents.find_bar.field
    assert not window.search.hasFocus()


def _expect_reading(window: MainWindow, press: Callable[[], None]) -> None:
    press()
    assert not window.list_panel.isVisible() and not window.documents.outline.isVisible()
    press()
    assert window.list_panel.isVisible()


def _expect_zoom(step: int) -> Callable[[MainWindow, Callable[[], None]], None]:
    def check(window: MainWindow, press: Callable[[], None]) -> None:
        window.documents.set_zoom(2)
        press()
        assert window.documents.zoom == (0 if step == 0 else 2 + step)
        assert window.settings.value("reading/zoom") in (window.documents.zoom, str(window.documents.zoom))
    return check


def _expect_terms(window: MainWindow, press: Callable[[], None]) -> None:
    press()
    assert window.documents.terms_shown and window.documents.term_matches()


def _expect_outline(window: MainWindow, press: Callable[[], None]) -> None:
    before = window.documents.outline.isVisible()
    press()
    assert window.documents.outline.isVisible() != before


def _expect_window(title: str) -> Callable[[MainWindow, Callable[[], None]], None]:
    def check(window: MainWindow, press: Callable[[], None]) -> None:
        press()
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == title]
        assert shown, title
        for w in shown:
            w.close()
    return check


def _expect_recusal(window: MainWindow, press: Callable[[], None]) -> None:
    _in_scoring(window)
    press()
    deadline = 50
    while not window.scoring.recused.isChecked() and deadline:  # a mnemonic clicks after a short animation
        QApplication.processEvents()
        window.thread().msleep(20)
        deadline -= 1
    assert window.scoring.recused.isChecked() and window.review.sheet(window.current_id).recused  # type: ignore[union-attr]


CHECKS: dict[str, Callable[[MainWindow, Callable[[], None]], None]] = {
    "Ctrl+PgDown": _expect_move(1), "Ctrl+PgUp": _expect_move(-1), "Alt+Down": _expect_move(1), "Alt+Up": _expect_move(-1),
    "Ctrl+Shift+N": _expect_next_unfinished,
    "F2": _expect_focus(lambda w: w.scoring.criteria["C1"].spin), "F3": _expect_focus(lambda w: w.tree),
    "Enter": _expect_next_criterion(), "Tab": _expect_next_criterion(), "Shift+Tab": _expect_next_criterion(backwards=True),
    "↑ ↓ change a score by 0.5": _expect_step(0.5),
    "Ctrl+Z": _expect_undo(redo=False), "Ctrl+Shift+Z": _expect_undo(redo=True),
    "Ctrl+]": _expect_section(1), "Ctrl+[": _expect_section(-1),
    "Ctrl+F": _expect_find, "Ctrl+Shift+F": _expect_focus(lambda w: w.search),
    "F11": _expect_reading, "Ctrl+R": _expect_reading,
    "Ctrl+=": _expect_zoom(1), "Ctrl+-": _expect_zoom(-1), "Ctrl+0": _expect_zoom(0),
    "Ctrl+K": _expect_terms, "Ctrl+Shift+T": _expect_outline,
    "Ctrl+Shift+V": _expect_window("我的评分概览"), "Ctrl+Shift+C": _expect_window("并排比较"),
    "Alt+J": _expect_recusal,
}
SPECIAL = {"Enter": "Return", "↑ ↓ change a score by 0.5": "Up"}


IN_ACTIONS = {"Shift+Tab", "↑ ↓ change a score by 0.5"}  # keys the table names in its action column


def test_the_readme_table_and_the_checks_name_the_same_keys() -> None:
    assert set(readme_keys()) == set(CHECKS) - IN_ACTIONS
    actions = " ".join(readme_keys().values())
    assert all(k.split(" change")[0].replace("↑ ↓", "↑ ↓") in actions for k in IN_ACTIONS)


@pytest.mark.parametrize("combo", sorted(CHECKS))
def test_every_key_in_the_readme_does_what_it_says(combo: str, window: MainWindow, qtbot: QtBot) -> None:
    key = SPECIAL.get(combo, combo)
    CHECKS[combo](window, lambda: _press(qtbot, key))


def mnemonics(text: str) -> list[str]:
    return [m.lower() for m in re.findall(r"&(?!#?\w+;)([^&\s])", text.replace("&&", ""))]


def clashes(window: QWidget) -> list[str]:
    """Alt+letter clashes: among the menu bar's titles and the window's visible widgets, and inside each menu."""
    scope: dict[str, list[str]] = {}
    found: list[str] = []
    bar = window.menuBar() if hasattr(window, "menuBar") else None  # type: ignore[attr-defined]
    texts = [a.text() for a in bar.actions() if a.isVisible()] if bar is not None else []
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, (QAbstractButton, QGroupBox)):
            texts.append(widget.text() if isinstance(widget, QAbstractButton) else widget.title())
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            texts.append(widget.text())
    for text in texts:
        for letter in mnemonics(text):
            scope.setdefault(letter, []).append(text)
    found += [f"{letter}: {names}" for letter, names in scope.items() if len(names) > 1]
    for menu in window.findChildren(QMenu):
        inner: dict[str, list[str]] = {}
        for action in menu.actions():
            if action.isVisible() and not action.isSeparator():
                for letter in mnemonics(action.text()):
                    inner.setdefault(letter, []).append(action.text())
        found += [f"{menu.title()} {letter}: {names}" for letter, names in inner.items() if len(names) > 1]
    return found


@pytest.mark.parametrize("language", ["zh", "en"])
def test_no_two_mnemonics_clash_in_a_window(language: str, qtbot: QtBot, review_path: Path, settings: QSettings,
                                           qapp: QApplication) -> None:
    i18n.install(qapp, language)
    review = Review.open(review_path)
    window = MainWindow(review, settings, language)
    qtbot.addWidget(window)
    window.show()
    assert clashes(window) == []
    assert any("&" in a.text() for a in window.menuBar().actions())
    overview = window.show_overview()
    compare = window.show_compare()
    for other in (overview, compare):
        assert other is not None
        assert clashes(other) == []
        other.close()
    if language == "en":
        assert window.scoring.recused.text() == "I recuse &myself"
        assert "(&" not in window.scoring.recommendation.button(0).text()  # English mnemonics are inside the word
    window.close()
    review.close()


def test_tab_from_the_last_criterion_goes_to_the_conclusion(window: MainWindow, qtbot: QtBot) -> None:
    spins = [e.spin for e in window.scoring.criteria.values()]
    spins[-1].setFocus()
    qtbot.keyClick(spins[-1], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.scoring.recommendation.button(0)
    assert all(isinstance(s, ScoreSpin) for s in spins)


def test_help_keys_lists_every_key_of_the_readme(qapp: QApplication) -> None:
    from ui.help import shortcut_rows

    listed = " ".join(keys for _what, keys in shortcut_rows()).replace("↓", "Down").replace("↑", "Up")
    assert [k for k in readme_keys() if k not in listed] == []
