"""The document pane: the application form with a navigable outline of its sections.

A .docx form shows as formatted text from what the import extracted; a PDF
shows its pages through QtPdf when the original file is at hand, with the
extracted text as a fallback. The expert reads here for hours: zoom (remembered
by the window), find with highlights, the direction's key terms highlighted, the
original file one click away, and a form that cannot be shown says why.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QTextCursor, QTextOption
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QSizePolicy, QSplitter, QStackedWidget, QTextBrowser, QTreeWidget,
    QTreeWidgetItem, QVBoxLayout, QWidget,
)

from ui.reading import CURRENT_COLOR, MATCH_COLOR, TERM_COLOR, FindBar, find_all, selections, tool_button

if TYPE_CHECKING:
    from reviewer.documents import Block, DocumentText

ANCHOR = "b{}"
ZOOM_STEPS = range(-5, 16)  # text size 50 % … 250 % in tenths


def blocks_to_html(document: DocumentText) -> str:
    """The document as simple, readable HTML; headings carry anchors for the outline."""
    parts = []
    for i, block in enumerate(document.blocks):
        if block.kind == "heading":
            level = min(block.level + 1, 4)
            parts.append(f'<h{level}><a name="{ANCHOR.format(i)}"></a>{html.escape(block.text)}</h{level}>')
        elif block.kind == "paragraph":
            parts.append(f"<p>{html.escape(block.text).replace(chr(10), '<br>')}</p>")
        elif block.kind == "table":
            parts.append(_table_html(block))
        elif block.kind == "page":
            parts.append(f'<p class="page"><a name="{ANCHOR.format(i)}"></a>— {block.page} —</p>')
    return "".join(parts)


def _table_html(block: Block) -> str:
    """A table; a row with fewer cells (a merged value cell) spans its last cell to the edge."""
    width = max((len(row) for row in block.rows), default=0)
    rows = "".join(_row_html(row, width) for row in block.rows)
    return f'<table cellspacing="0" cellpadding="5" width="99%">{rows}</table>'


def _row_html(row: tuple[str, ...], width: int) -> str:
    if not row:
        return ""
    cells = [html.escape(cell).replace("\n", "<br>") for cell in row]
    span = width - len(cells) + 1
    last = f'<td colspan="{span}">{cells[-1]}</td>' if span > 1 else f"<td>{cells[-1]}</td>"
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells[:-1]) + last + "</tr>"


STYLE = """
body { line-height: 160%; }
h2 { font-size: 15pt; margin-top: 18px; color: #1f2a37; }
h3 { font-size: 13pt; margin-top: 14px; color: #1f2a37; }
h4 { font-size: 12pt; margin-top: 10px; }
p { margin: 6px 0; }
p.page { color: #8a8f98; text-align: center; }
table { border: 1px solid #c9ced6; border-collapse: collapse; margin: 8px 0; }
td { border: 1px solid #c9ced6; }
"""


class DocumentPane(QWidget):
    zoom_changed = Signal(int)  # the zoom step, for the window to remember

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._documents: list[tuple[str, str, DocumentText]] = []
        self._root: Path | None = None
        self.source: Path | None = None  # the original file of the form shown, when it is at hand
        self.zoom = 0
        self.terms: tuple[str, ...] = ()
        self.terms_shown = False
        self._matches: list[QTextCursor] = []
        self._needle: str | None = None
        self._at = -1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(self._build_bar())
        self.find_bar = FindBar()
        self.find_bar.search.connect(self.find)
        self.find_bar.closed.connect(self._find_closed)
        layout.addWidget(self.find_bar)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.outline = QTreeWidget()
        self.outline.setHeaderLabel(self.tr("目录"))
        self.outline.setObjectName("outline")
        self.stack = QStackedWidget()
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setWordWrapMode(QTextOption.WrapMode.WordWrap)  # a credit code or phone number is one word
        self.text.document().setDefaultStyleSheet(STYLE)
        self.text.document().setDocumentMargin(24)
        self._base_point_size = self.text.font().pointSizeF()
        self.stack.addWidget(self.text)
        self.pdf_view: QWidget | None = None
        self.pdf_search: object | None = None
        self.splitter.addWidget(self.outline)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(1, False)
        self.splitter.setSizes([170, 600])
        layout.addWidget(self.splitter, 1)
        self.outline.itemActivated.connect(self._jump)
        self.outline.itemClicked.connect(self._jump)
        self.chooser.currentIndexChanged.connect(self._show_document)

    def _build_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 4)
        self.caption = QLabel()
        self.caption.setObjectName("muted")
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.chooser = QComboBox()
        self.chooser.setVisible(False)
        self.zoom_out = tool_button("A−", self.tr("缩小（Ctrl+-）"), lambda: self.set_zoom(self.zoom - 1))
        self.zoom_label = QLabel("100%")
        self.zoom_label.setObjectName("muted")
        self.zoom_in = tool_button("A+", self.tr("放大（Ctrl+=）"), lambda: self.set_zoom(self.zoom + 1))
        self.terms_button = tool_button(self.tr("关键词"), self.tr("突出显示本方向在申报通知中的关键词"), self.show_terms)
        self.terms_button.setCheckable(True)
        self.open_button = tool_button(self.tr("打开原文件"), "", self.open_original)
        bar.addWidget(self.caption, 1)
        for widget in (self.chooser, self.zoom_out, self.zoom_label, self.zoom_in, self.terms_button, self.open_button):
            bar.addWidget(widget)
        return bar

    # --- showing a form ----------------------------------------------------------------
    def show_documents(self, documents: list[tuple[str, str, DocumentText]], root: Path | None) -> None:
        self._documents, self._root = documents, root
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for path, _fmt, _doc in documents:
            self.chooser.addItem(Path(path).name)
        self.chooser.setVisible(len(documents) > 1)
        self.chooser.blockSignals(False)
        if documents:
            self._show_document(0)
        else:
            self.caption.setText("")
            self.outline.clear()
            self._set_source(None)
            self._say(self.tr("此项目没有可显示的申报书。"), self.tr(
                "申报材料中的申报书缺失、无法读取，或是不支持的格式（例如旧版 .doc）；形式审查记录了原因。"
                "请向评审组织方索取可读的文件。"))

    def _show_document(self, index: int) -> None:
        if not 0 <= index < len(self._documents):
            return
        path, fmt, document = self._documents[index]
        self.caption.setText(Path(path).name)
        self.caption.setToolTip(path)
        self._fill_outline(document)
        source = self._root / path if self._root else None
        self._set_source(source if source is not None and source.is_file() else None)
        if fmt == "pdf" and self.source is not None and self._show_pdf(self.source):
            self._refresh_find()
            return
        if not document.has_text_layer:
            self._say(self.tr("无法显示这份 PDF。"), self.tr(
                "它没有文字层（可能是扫描件），本机也找不到原文件 {path}。").format(path=path))
        elif not document.blocks:
            self._say(self.tr("这份申报书没有可显示的文字。"), self.tr("文件 {path} 中未读出任何文字。").format(path=path))
        else:
            self.text.setHtml(blocks_to_html(document))
            self.stack.setCurrentWidget(self.text)
        self._apply_zoom()
        self._refresh_find()

    def _say(self, title: str, why: str) -> None:
        """A form that cannot be shown: say why in the pane itself."""
        self.text.setHtml(f"<h3>{html.escape(title)}</h3><p>{html.escape(why)}</p>")
        self.stack.setCurrentWidget(self.text)
        self._matches, self._at = [], -1
        self.text.setExtraSelections([])

    def _set_source(self, source: Path | None) -> None:
        self.source = source
        self.open_button.setEnabled(source is not None)
        self.open_button.setToolTip(str(source) if source is not None else self.tr("原文件不在本机（只有导入时读出的文字）。"))

    def open_original(self) -> bool:
        """Open the original file in the program the system uses for it."""
        return self.source is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.source)))

    def _fill_outline(self, document: DocumentText) -> None:
        self.outline.clear()
        parents: list[tuple[int, QTreeWidgetItem]] = []
        for i, block in document.headings():
            while parents and parents[-1][0] >= block.level:
                parents.pop()
            item = QTreeWidgetItem([block.text])
            item.setData(0, Qt.ItemDataRole.UserRole, (i, block.page))
            item.setToolTip(0, block.text)
            if parents:
                parents[-1][1].addChild(item)
            else:
                self.outline.addTopLevelItem(item)
            parents.append((block.level, item))
        self.outline.expandAll()

    def _jump(self, item: QTreeWidgetItem) -> None:
        index, page = item.data(0, Qt.ItemDataRole.UserRole)
        if self.stack.currentWidget() is self.text:
            self.text.scrollToAnchor(ANCHOR.format(index))
        elif self.pdf_view is not None and page:
            self.pdf_view.pageNavigator().jump(page - 1, QPointF(), 0)  # type: ignore[attr-defined]

    def _show_pdf(self, source: Path) -> bool:
        from PySide6.QtPdf import QPdfDocument, QPdfSearchModel
        from PySide6.QtPdfWidgets import QPdfView

        if self.pdf_view is None:
            self.pdf_doc = QPdfDocument(self)
            view = QPdfView()
            view.setDocument(self.pdf_doc)
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.pdf_search = QPdfSearchModel(self)
            self.pdf_search.setDocument(self.pdf_doc)  # type: ignore[attr-defined]
            self.pdf_search.countChanged.connect(self._pdf_count_changed)  # type: ignore[attr-defined]
            view.setSearchModel(self.pdf_search)
            self.pdf_view = view
            self.stack.addWidget(view)
        if self.pdf_doc.load(str(source)) != QPdfDocument.Error.None_:
            return False
        self.stack.setCurrentWidget(self.pdf_view)
        self._apply_zoom()
        return True

    def showing_pdf(self) -> bool:
        return self.pdf_view is not None and self.stack.currentWidget() is self.pdf_view

    def navigate(self, step: int) -> None:
        """Move to the next (+1) or previous (-1) section of the outline."""
        items = self._flat_items()
        if not items:
            return
        current = self.outline.currentItem()
        at = items.index(current) if current in items else -1
        target = items[max(0, min(len(items) - 1, at + step))]
        self.outline.setCurrentItem(target)
        self._jump(target)

    def _flat_items(self) -> list[QTreeWidgetItem]:
        items: list[QTreeWidgetItem] = []

        def walk(item: QTreeWidgetItem) -> None:
            items.append(item)
            for k in range(item.childCount()):
                walk(item.child(k))

        for k in range(self.outline.topLevelItemCount()):
            walk(self.outline.topLevelItem(k))
        return items

    # --- zoom ----------------------------------------------------------------------------
    def set_zoom(self, step: int) -> None:
        """Text size in tenths above or below 100 %; 0 is 100 % (a PDF: fit to the pane's width)."""
        step = max(ZOOM_STEPS.start, min(ZOOM_STEPS.stop - 1, step))
        if step != self.zoom:
            self.zoom = step
            self._apply_zoom()
            self.zoom_changed.emit(step)

    def _apply_zoom(self) -> None:
        factor = 1 + self.zoom / 10
        self.zoom_label.setText(f"{round(factor * 100)}%")
        font = self.text.font()
        font.setPointSizeF(self._base_point_size * factor)
        self.text.document().setDefaultFont(font)
        if self.pdf_view is not None:
            from PySide6.QtPdfWidgets import QPdfView

            view: QPdfView = self.pdf_view  # type: ignore[assignment]
            if self.zoom == 0:
                view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            else:
                view.setZoomMode(QPdfView.ZoomMode.Custom)
                view.setZoomFactor(factor)
        self.zoom_out.setEnabled(self.zoom > ZOOM_STEPS.start)
        self.zoom_in.setEnabled(self.zoom < ZOOM_STEPS.stop - 1)

    # --- find and key terms -----------------------------------------------------------------
    def open_find(self) -> None:
        self.find_bar.open_bar()

    def find(self, needle: str, forward: bool = True) -> int:
        """Highlight every match of ``needle``, move to the next (or previous) one; the number of matches."""
        if self.showing_pdf():
            return self._find_in_pdf(needle, forward)
        if needle != self._needle:
            self._needle = needle
            self._matches = find_all(self.text.document(), needle)
            self._at = -1
            forward = True
        if self._matches:
            self._at = (self._at + (1 if forward else -1)) % len(self._matches)
            cursor = QTextCursor(self._matches[self._at])
            self.text.setTextCursor(cursor)
            self.text.ensureCursorVisible()
        self._paint()
        self.find_bar.show_count(self._at + 1, len(self._matches))
        return len(self._matches)

    def _find_in_pdf(self, needle: str, forward: bool) -> int:
        search = self.pdf_search
        if needle != search.searchString():  # type: ignore[union-attr]
            search.setSearchString(needle)  # type: ignore[union-attr]
            self._at = -1
            forward = True
        total = search.count()  # type: ignore[union-attr]
        if total:
            self._at = (self._at + (1 if forward else -1)) % total
            self.pdf_view.setCurrentSearchResultIndex(self._at)  # type: ignore[union-attr]
            link = search.resultAtIndex(self._at)  # type: ignore[union-attr]
            self.pdf_view.pageNavigator().jump(link)  # type: ignore[union-attr]
        self.find_bar.show_count(self._at + 1, total)
        return total

    def _pdf_count_changed(self) -> None:
        if self.showing_pdf() and self.find_bar.isVisible():
            total = self.pdf_search.count()  # type: ignore[union-attr]
            if self._at < 0 and total:
                self._find_in_pdf(self.find_bar.field.text(), True)
            else:
                self.find_bar.show_count(self._at + 1, total)

    def _refresh_find(self) -> None:
        """A new form shown: its own matches and key terms."""
        self._needle = None
        if self.find_bar.isVisible() and self.find_bar.field.text():
            self.find(self.find_bar.field.text())
        else:
            self._matches, self._at = [], -1
            if self.pdf_search is not None:
                self.pdf_search.setSearchString("")  # type: ignore[attr-defined]
            self._paint()

    def _find_closed(self) -> None:
        self._needle, self._matches, self._at = None, [], -1
        if self.pdf_search is not None:
            self.pdf_search.setSearchString("")  # type: ignore[attr-defined]
        self._paint()
        self.text.setFocus()

    def set_terms(self, terms: tuple[str, ...]) -> None:
        """The key terms of the shown declaration's direction (from the call)."""
        self.terms = terms
        self.terms_button.setEnabled(bool(terms))
        self.terms_button.setToolTip(self.tr("突出显示本方向在申报通知中的关键词：") + "、".join(terms))
        self._paint()

    def show_terms(self, on: bool) -> None:
        self.terms_shown = bool(on)
        self.terms_button.setChecked(self.terms_shown)
        self._paint()

    def term_matches(self) -> list[QTextCursor]:
        if not self.terms_shown:
            return []
        return [cursor for term in self.terms for cursor in find_all(self.text.document(), term)]

    def _paint(self) -> None:
        current = [self._matches[self._at]] if 0 <= self._at < len(self._matches) else []
        self.text.setExtraSelections(selections(self.term_matches(), TERM_COLOR) + selections(self._matches, MATCH_COLOR)
                                     + selections(current, CURRENT_COLOR))

