"""The resolution dialog of the formal check (处理形式审查问题): accept, correct, supplement or exclude.

The dialog only collects the chair's choice and reason; the formal-check window
hands it to :mod:`reviewer.formal_check`, which checks it (a corrected credit
code must be valid, a supplement readable) and refuses it with a message.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QRadioButton, QStackedWidget, QVBoxLayout, QWidget,
)

from ui.panel_models import formal_status_name

if TYPE_CHECKING:
    from reviewer.call import Call
    from reviewer.review import DeclarationSummary

KINDS = ("accepted", "corrected", "supplemented", "excluded")
FIELDS = ("direction", "applicant", "credit_code")


class ResolutionDialog(QDialog):
    """One declaration's resolution; ``choice()`` is what the chair decided."""

    def __init__(self, declaration: DeclarationSummary, status: str, findings: list[str], call: Call,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.declaration = declaration
        self.setWindowTitle(self.tr("处理形式审查问题"))
        self.setMinimumWidth(620)
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{html.escape(declaration.code)}</b>　{html.escape(declaration.project_name)}")
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(QLabel(self.tr("当前状态：{status}").format(status=formal_status_name(status))))
        if findings:
            found = QLabel("<br>".join("· " + html.escape(text) for text in findings))
            found.setObjectName("muted")
            found.setWordWrap(True)
            layout.addWidget(found)
        self.kinds = QButtonGroup(self)
        names = (self.tr("接受：按现有材料评审"), self.tr("更正字段"), self.tr("补充材料：附可读取的 .docx / .pdf"),
                 self.tr("排除：不予评审"))
        self.pages = QStackedWidget()
        for i, (kind, text) in enumerate(zip(KINDS, names)):
            button = QRadioButton(text)
            self.kinds.addButton(button, i)
            layout.addWidget(button)
            self.pages.addWidget(self._page(kind, call))
        layout.addWidget(self.pages)
        self.kinds.idToggled.connect(lambda i, on: on and self.pages.setCurrentIndex(i))
        self.kinds.button(0).setChecked(True)
        layout.addWidget(QLabel(self.tr("理由（必填，记入调整记录）：")))
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 16)
        layout.addWidget(self.reason_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("记录"))
        self.ok_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(lambda: self.ok_button.setEnabled(bool(self.reason())))
        layout.addWidget(self.buttons)

    def _page(self, kind: str, call: Call) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(24, 0, 0, 6)
        if kind == "corrected":
            self.field = QComboBox()
            for field, text in zip(FIELDS, (self.tr("所属方向"), self.tr("申报单位"), self.tr("统一社会信用代码"))):
                self.field.addItem(text, field)
            self.direction = QComboBox()
            for d in call.directions:
                self.direction.addItem(f"{d.no}. {d.name}", d.no)
            self.direction.setCurrentIndex(max(0, self.direction.findData(self.declaration.direction)))
            self.value = QLineEdit()
            self.values = QStackedWidget()
            self.values.addWidget(self.direction)
            self.values.addWidget(self.value)
            self.values.setMaximumHeight(max(self.direction.sizeHint().height(), self.value.sizeHint().height()))
            self.field.currentIndexChanged.connect(self._field_changed)
            grid.addWidget(self.field, 0, 0)
            grid.addWidget(self.values, 0, 1)
            grid.setColumnStretch(1, 1)
        elif kind == "supplemented":
            self.document = QLineEdit()
            self.document.setPlaceholderText(self.tr("补充材料文件"))
            browse = QPushButton(self.tr("选择文件…"))
            browse.clicked.connect(self._browse)
            row = QHBoxLayout()
            row.addWidget(self.document, 1)
            row.addWidget(browse)
            grid.addLayout(row, 0, 0)
        return page

    def _field_changed(self) -> None:
        field = self.field.currentData()
        self.values.setCurrentIndex(0 if field == "direction" else 1)
        if field != "direction":
            self.value.setText(getattr(self.declaration, field))

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择补充材料"), str(Path.home()),
                                              self.tr("申报材料 (*.docx *.pdf)"))
        if path:
            self.document.setText(path)

    def reason(self) -> str:
        return self.reason_edit.toPlainText().strip()

    def set_choice(self, kind: str, reason: str, field: str = "", value: str = "", document: str = "") -> None:
        """Fill the dialog as a chair would (tests and screenshots)."""
        self.kinds.button(KINDS.index(kind)).setChecked(True)
        if field:
            self.field.setCurrentIndex(self.field.findData(field))
            if field == "direction":
                self.direction.setCurrentIndex(self.direction.findData(int(value)))
            else:
                self.value.setText(value)
        if document:
            self.document.setText(document)
        self.reason_edit.setPlainText(reason)

    def choice(self) -> dict[str, Any]:
        kind = KINDS[self.kinds.checkedId()]
        out: dict[str, Any] = {"kind": kind, "reason": self.reason()}
        if kind == "corrected":
            field = str(self.field.currentData())
            value = str(self.direction.currentData()) if field == "direction" else self.value.text()
            out.update(field=field, value=value)
        if kind == "supplemented":
            text = self.document.text().strip()
            out["document"] = Path(text) if text else None
        return out
