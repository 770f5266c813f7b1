"""The expert's window on a 13-inch laptop: it fits, the form is widest, and it comes back as it was left."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from reviewer.review import Review
from ui.main_window import MainWindow, first_geometry

# The free area of a 1366×768 screen and of 1920×1080 at 150 % (1280×720 logical), each less a task bar.
LAPTOPS = [QRect(0, 0, 1366, 728), QRect(0, 0, 1280, 680)]


def _window(qtbot: QtBot, path: Path, settings: QSettings) -> tuple[Review, MainWindow]:
    review = Review.open(path)
    window = MainWindow(review, settings)
    qtbot.addWidget(window)
    return review, window


def _inside(widget: QWidget, window: QWidget) -> QRect:
    """The widget's rectangle in the window's coordinates, which must lie inside the window."""
    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    assert widget.isVisible() and window.rect().contains(rect), (widget, rect, window.rect())
    return rect


@pytest.mark.parametrize("available", LAPTOPS)
def test_first_start_fits_the_screen_and_is_centred(available: QRect) -> None:
    rect = first_geometry(available)
    assert available.contains(rect)
    assert rect.center() == available.center() or (rect.center() - available.center()).manhattanLength() <= 1
    assert rect.width() >= available.width() * 0.85


@pytest.mark.parametrize("available", LAPTOPS)
def test_form_score_box_and_total_are_visible_together(available: QRect, qtbot: QtBot, review_path: Path,
                                                       settings: QSettings) -> None:
    review, window = _window(qtbot, review_path, settings)
    window.fit_to(available)
    window.show()
    qtbot.waitExposed(window)
    window.scoring.focus_first_criterion()
    QApplication.processEvents()
    assert window.width() <= available.width() and window.height() <= available.height()
    form = _inside(window.documents.text.viewport(), window)
    total = _inside(window.scoring.total, window)
    _inside(window.progress_bar, window)
    spin = window.scoring.criteria["C1"].spin
    box = _inside(spin, window)
    assert QRect(box).intersected(_inside(window.scoring.scroll.viewport(), window)) == box  # not scrolled away
    assert total.width() >= window.scoring.total.sizeHint().width()  # "总分 … / 100" not cut off
    assert form.width() > window.scoring.width() and form.width() > window.list_panel.width()
    assert form.width() >= 0.4 * window.width()
    window.close()
    review.close()


def test_reading_mode_gives_the_form_most_of_the_width(qtbot: QtBot, review_path: Path, settings: QSettings) -> None:
    review, window = _window(qtbot, review_path, settings)
    window.fit_to(LAPTOPS[0])
    window.show()
    qtbot.waitExposed(window)
    window.set_reading_mode(True)
    QApplication.processEvents()
    assert not window.list_panel.isVisible() and not window.documents.outline.isVisible()
    assert window.documents.text.viewport().width() >= 0.55 * window.width()
    _inside(window.scoring.total, window)
    window.close()
    review.close()


def test_size_splitter_zoom_and_reading_mode_are_remembered(qtbot: QtBot, review_path: Path, settings: QSettings) -> None:
    review, window = _window(qtbot, review_path, settings)
    window.fit_to(LAPTOPS[0])
    window.show()
    qtbot.waitExposed(window)
    window.resize(760, 600)  # inside the test screen (Qt keeps a restored window on its screen)
    window.splitter.setSizes([150, 350, 250])
    window.documents.set_zoom(3)
    window.set_reading_mode(True)
    sizes = window.splitter.sizes()
    window.close()
    review.close()

    review, again = _window(qtbot, review_path, settings)
    again.show()
    qtbot.waitExposed(again)
    assert again.size() == window.size()
    assert again.documents.zoom == 3 and again.documents.zoom_label.text() == "130%"
    assert again.reading_action.isChecked() and not again.list_panel.isVisible()
    assert again.splitter.sizes()[2] == sizes[2]  # the scoring pane's width as the expert left it
    again.set_reading_mode(False)
    QApplication.processEvents()
    assert again.list_panel.isVisible() and again.splitter.sizes()[0] >= 100
    again.close()
    review.close()


def test_a_settings_file_with_nonsense_falls_back(qtbot: QtBot, review_path: Path, settings: QSettings) -> None:
    settings.setValue("window/geometry", b"not a geometry")
    settings.setValue("window/splitter", "rubbish")
    settings.setValue("reading/zoom", "huge")
    settings.setValue("reading/mode", "perhaps")
    review, window = _window(qtbot, review_path, settings)
    screen = window.screen().availableGeometry()
    assert screen.contains(window.geometry())
    assert window.documents.zoom == 0 and not window.reading_action.isChecked()
    window.close()
    review.close()


def test_window_title_names_the_review_once(qtbot: QtBot, review_path: Path, settings: QSettings) -> None:
    review, window = _window(qtbot, review_path, settings)
    title = review.info().title  # type: ignore[union-attr]
    assert window.windowTitle() == title and "评审工作台" not in title
    assert QApplication.applicationDisplayName() in ("评审工作台", "reviewer")  # Qt appends it once
    window.close()
    review.close()


def test_an_experts_review_hides_the_chairs_actions(qtbot: QtBot, review_path: Path, settings: QSettings) -> None:
    review, window = _window(qtbot, review_path, settings)
    assert window.import_action.isVisible() and window.formal_action.isVisible()  # the demo: a local review
    window.close()
    review.close()
    con = sqlite3.connect(review_path)
    con.execute("UPDATE review SET role = 'expert', expert_name = '张三'")
    con.commit()
    con.close()
    review, window = _window(qtbot, review_path, settings)
    hidden = (window.import_action, window.formal_action, window.merge_action, window.board_action,
              window.experts_action, window.documents_action)
    assert not any(action.isVisible() for action in hidden)
    assert window.export_action.isVisible() and window.export_action.isEnabled()
    window.close()
    review.close()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_nothing_in_the_scoring_pane_is_cut_off_at_its_narrowest(language: str, qtbot: QtBot, review_path: Path,
                                                                settings: QSettings, qapp: QApplication) -> None:
    from ui import i18n

    i18n.install(qapp, language)
    review, window = _window(qtbot, review_path, settings)
    window.fit_to(LAPTOPS[1])
    window.show()
    qtbot.waitExposed(window)
    for declaration_id in window.visible_ids()[::3]:  # several directions: their rubrics differ
        window.select(declaration_id)
        QApplication.processEvents()
        body = window.scoring.scroll.widget()
        assert body.minimumSizeHint().width() <= window.scoring.scroll.viewport().width(), declaration_id
        assert window.scoring.header_frame.minimumSizeHint().width() <= window.scoring.width()
    window.close()
    review.close()
