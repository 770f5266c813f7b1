"""The document pane: the application form with a navigable outline of its sections.

A .docx form shows as formatted text from what the import extracted; a PDF
shows its pages through QtPdf when the original file is at hand, with the
extracted text as a fallback.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QSplitter, QStackedWidget, QTextBrowser, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

if TYPE_CHECKING:
    from reviewer.documents import Block, DocumentText

ANCHOR = "b{}"


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
    return f'<table cellspacing="0" cellpadding="5" width="100%">{rows}</table>'


def _row_html(row: tuple[str, ...], width: int) -> str:
    cells = [html.escape(cell).replace("\n", "<br>") for cell in row]
    if not cells:
        return ""
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
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._documents: list[tuple[str, str, DocumentText]] = []
        self._root: Path | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 6, 8, 6)
        self.caption = QLabel()
        self.caption.setObjectName("muted")
        self.chooser = QComboBox()
        self.chooser.setVisible(False)
        bar.addWidget(self.caption, 1)
        bar.addWidget(self.chooser)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.outline = QTreeWidget()
        self.outline.setHeaderLabel(self.tr("目录"))
        self.outline.setObjectName("outline")
        self.stack = QStackedWidget()
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.document().setDefaultStyleSheet(STYLE)
        self.text.document().setDocumentMargin(24)
        self.stack.addWidget(self.text)
        self.pdf_view: QWidget | None = None
        splitter.addWidget(self.outline)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 600])
        layout.addWidget(splitter, 1)
        self.outline.itemActivated.connect(self._jump)
        self.outline.itemClicked.connect(self._jump)
        self.chooser.currentIndexChanged.connect(self._show_document)

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
            self.caption.setText(self.tr("此项目没有可显示的申报书。"))
            self.outline.clear()
            self.text.clear()
            self.stack.setCurrentWidget(self.text)

    def _show_document(self, index: int) -> None:
        if not 0 <= index < len(self._documents):
            return
        path, fmt, document = self._documents[index]
        self.caption.setText(path)
        self._fill_outline(document)
        source = self._root / path if self._root else None
        if fmt == "pdf" and source is not None and source.exists() and self._show_pdf(source):
            return
        self.text.setHtml(blocks_to_html(document) if document.has_text_layer else
                          "<p>" + self.tr("该 PDF 没有文字层（可能是扫描件），且找不到原文件。") + "</p>")
        self.stack.setCurrentWidget(self.text)

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
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        if self.pdf_view is None:
            self.pdf_doc = QPdfDocument(self)
            view = QPdfView()
            view.setDocument(self.pdf_doc)
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self.pdf_view = view
            self.stack.addWidget(view)
        if self.pdf_doc.load(str(source)) != QPdfDocument.Error.None_:
            return False
        self.stack.setCurrentWidget(self.pdf_view)
        return True

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
