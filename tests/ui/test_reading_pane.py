"""Reading the application form: find with highlights, key terms, zoom, the original file, and a form that
cannot be shown saying why."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QInputMethodEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from reviewer.call import bundled_call
from reviewer.review import Review
from ui.document_pane import DocumentPane
from ui.main_window import MainWindow


def _commit(widget: QWidget, text: str) -> None:
    """Chinese arrives as an input method commits it (key clicks carry ASCII only)."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _pdf_declaration(review: Review) -> int:
    return next(d.id for d in review.declarations() if any(fmt == "pdf" for _p, fmt, _d in review.documents(d.id)))


def test_ctrl_f_finds_in_the_form_not_in_the_list(opened: tuple[Review, MainWindow], qtbot: QtBot) -> None:
    review, window = opened
    window.tree.setFocus()
    qtbot.keyClick(window.tree, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.documents.find_bar
    assert bar.isVisible() and QApplication.focusWidget() is bar.field
    _commit(bar.field, "平台")
    pane = window.documents
    count = len(pane._matches)
    assert count >= 2 and bar.count.text() == f"第 1/{count} 处"
    first = pane.text.textCursor().selectionStart()
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert bar.count.text() == f"第 2/{count} 处" and pane.text.textCursor().selectionStart() > first
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert pane.text.textCursor().selectionStart() == first
    assert len(pane.text.extraSelections()) == count + 1  # every match, and the current one
    assert window.search.text() == "" and len(window.visible_ids()) == 20  # the list is not filtered
    _commit(bar.field, "并不存在的词")
    assert bar.count.text() == "无匹配"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and pane.text.extraSelections() == []


def test_find_follows_to_the_next_declaration(opened: tuple[Review, MainWindow], qtbot: QtBot) -> None:
    review, window = opened
    window.documents.open_find()
    _commit(window.documents.find_bar.field, "申报单位")
    window.step(1)
    assert window.documents._matches and window.documents.find_bar.count.text().startswith("第 1/")


def test_find_in_a_pdf_form(opened: tuple[Review, MainWindow], qtbot: QtBot) -> None:
    review, window = opened
    window.select(_pdf_declaration(review))
    assert window.documents.showing_pdf()
    window.documents.open_find()
    _commit(window.documents.find_bar.field, "远程")
    qtbot.waitUntil(lambda: window.documents.find_bar.count.text().startswith("第 1/"), timeout=10000)


def test_key_terms_of_the_direction_are_highlighted(opened: tuple[Review, MainWindow], qtbot: QtBot) -> None:
    review, window = opened
    direction = window.model.summary(window.current_id).direction  # type: ignore[arg-type]
    terms = bundled_call().direction(direction).keywords
    assert terms and window.documents.terms == terms
    assert window.documents.text.extraSelections() == []
    window.terms_action.trigger()
    painted = window.documents.text.extraSelections()
    assert painted and {s.cursor.selectedText() for s in painted} <= set(terms)
    assert window.documents.terms_button.isChecked()


def test_zoom_keys_change_the_text_size(opened: tuple[Review, MainWindow], qtbot: QtBot) -> None:
    review, window = opened
    pane = window.documents
    base = pane.text.document().defaultFont().pointSizeF()
    qtbot.keyClick(pane.text, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(pane.text, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert pane.text.document().defaultFont().pointSizeF() == pytest.approx(base * 1.2)
    assert pane.zoom_label.text() == "120%" and int(window.settings.value("reading/zoom")) == 2
    qtbot.keyClick(pane.text, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert pane.text.document().defaultFont().pointSizeF() == pytest.approx(base)


def test_zoom_applies_to_a_pdf(opened: tuple[Review, MainWindow]) -> None:
    from PySide6.QtPdfWidgets import QPdfView

    review, window = opened
    window.select(_pdf_declaration(review))
    view = window.documents.pdf_view
    assert isinstance(view, QPdfView) and view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    window.documents.set_zoom(5)
    assert view.zoomMode() == QPdfView.ZoomMode.Custom and view.zoomFactor() == pytest.approx(1.5)
    window.documents.set_zoom(0)
    assert view.zoomMode() == QPdfView.ZoomMode.FitToWidth


class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_open_the_original_file(opened: tuple[Review, MainWindow]) -> None:
    review, window = opened
    pane = window.documents
    assert pane.source is not None and pane.source.is_file() and pane.open_button.isEnabled()
    handler = _Opened()
    QDesktopServices.setUrlHandler("file", handler, "open")
    try:
        assert pane.open_original()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u.toLocalFile()) for u in handler.urls] == [pane.source]


def test_a_declaration_without_a_readable_form_says_why(qtbot: QtBot, review_path: Path) -> None:
    review = Review.open(review_path)
    pane = DocumentPane()
    qtbot.addWidget(pane)
    pane.show_documents([], None)
    shown = pane.text.toPlainText()
    assert "没有可显示的申报书" in shown and ".doc" in shown
    assert not pane.open_button.isEnabled() and "不在本机" in pane.open_button.toolTip()
    path, fmt, document = next(d for d in review.documents(_pdf_declaration(review)))
    pane.show_documents([(path, fmt, document)], Path("/nonexistent/batch"))  # the original is not at hand
    assert not pane.showing_pdf() and "申报" in pane.text.toPlainText()
    review.close()


def test_a_credit_code_is_not_broken_across_lines(qtbot: QtBot, review_path: Path) -> None:
    review = Review.open(review_path)
    first = review.declarations()[0]
    pane = DocumentPane()
    qtbot.addWidget(pane)
    pane.outline.setVisible(False)
    pane.resize(420, 600)
    pane.show()
    pane.show_documents(review.documents(first.id), review.batch_root())
    QApplication.processEvents()
    cursor = pane.text.document().find(first.credit_code)
    assert not cursor.isNull()
    start, end = QTextCursor(cursor), QTextCursor(cursor)
    start.setPosition(cursor.selectionStart())
    end.setPosition(cursor.selectionEnd() - 1)
    layout = start.block().layout()
    line_of = layout.lineForTextPosition
    assert line_of(start.positionInBlock()).lineNumber() == line_of(end.positionInBlock()).lineNumber()
    assert pane.text.horizontalScrollBar().maximum() == 0  # the table fits the pane
    review.close()
