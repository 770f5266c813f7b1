"""The panel's dialogs about packages and passphrases.

* :class:`PackagesDialog` — the chair chooses the packages' folder and, apart from it, the passphrases'
  folder (the two may not be the same, nor one inside the other), and whether to print one slip per expert.
* :class:`PassphraseDialog` — the expert types the passphrase; case, spaces and dashes do not count and
  a "show" box lets them check what they typed.
* :class:`HandedInDialog` — after a score file is exported: where it is (with a button that opens the
  folder), its digest and the expert's key fingerprint, to compare on the 个人评分表 they sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QVBoxLayout, QWidget,
)


@dataclass(frozen=True)
class PackageFolders:
    packages: Path
    passphrases: Path
    slips: bool


def folders_apart(packages: Path, passphrases: Path) -> bool:
    a, b = packages.resolve(), passphrases.resolve()
    return not (a == b or a in b.parents or b in a.parents)


class PackagesDialog(QDialog):
    """Where the packages go, and — apart — where the passphrases go."""

    def __init__(self, parent: QWidget | None, start: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("生成工作包"))
        self.start = start
        self.packages = QLineEdit(str(start / "工作包"))
        self.passphrases = QLineEdit()
        self.passphrases.setPlaceholderText(self.tr("例如另一个U盘，或只有组长能打开的文件夹"))
        self.slips = QCheckBox(self.tr("同时生成口令条（.docx，每位专家一页，可打印后装入信封密封）"))
        self.slips.setChecked(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow(self.tr("工作包文件夹："), self._with_browse(self.packages))
        form.addRow(self.tr("口令文件夹："), self._with_browse(self.passphrases))
        note = QLabel(self.tr("工作包和口令必须分开保管、分开交给专家：口令文件夹不能是工作包文件夹，也不能在其中。"
                              "生成后组长的评审库不再保存口令明文。"))
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("生成"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (note,):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.slips)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.packages.textChanged.connect(self._check)
        self.passphrases.textChanged.connect(self._check)
        self.resize(640, self.sizeHint().height())
        self._check()

    def _with_browse(self, field: QLineEdit) -> QWidget:
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(field, 1)
        button = QPushButton(self.tr("浏览…"))
        button.clicked.connect(lambda: self._browse(field))
        box.addWidget(button)
        return row

    def _browse(self, field: QLineEdit) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择文件夹"), field.text() or str(self.start))
        if folder:
            field.setText(folder)

    def _check(self) -> None:
        problem = ""
        packages, passphrases = self.packages.text().strip(), self.passphrases.text().strip()
        if not packages or not passphrases:
            problem = self.tr("请选择两个文件夹。")
        elif not folders_apart(Path(packages), Path(passphrases)):
            problem = self.tr("口令文件夹不能与工作包文件夹相同，也不能在其中或包含它。")
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def folders(self) -> PackageFolders:
        return PackageFolders(Path(self.packages.text().strip()), Path(self.passphrases.text().strip()),
                              self.slips.isChecked())


def ask_package_folders(parent: QWidget | None, start: Path) -> PackageFolders | None:
    dialog = PackagesDialog(parent, start)
    return dialog.folders() if dialog.exec() == QDialog.DialogCode.Accepted else None


class PassphraseDialog(QDialog):
    """The passphrase of one package, typed hidden or shown."""

    def __init__(self, parent: QWidget | None, package: Path, problem: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("打开工作包"))
        prompt = QLabel(self.tr("请输入工作包“{name}”的口令（由专家组组长另行提供）。不区分大小写，空格和短横线可有可无。")
                        .format(name=package.name))
        prompt.setWordWrap(True)
        self.problem = QLabel(problem)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setVisible(bool(problem))
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.field.setFont(mono)
        self.show_box = QCheckBox(self.tr("显示口令(&S)"))
        self.show_box.toggled.connect(self.set_shown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.problem, prompt, self.field, self.show_box, buttons):
            layout.addWidget(widget)
        self.resize(520, self.sizeHint().height())

    def set_shown(self, shown: bool) -> None:
        self.field.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)

    def passphrase(self) -> str:
        return self.field.text().strip()


def ask_passphrase(parent: QWidget | None, package: Path) -> Callable[[str], str | None]:
    """``ask(problem)``: the passphrase typed, None when cancelled."""
    def ask(problem: str) -> str | None:
        dialog = PassphraseDialog(parent, package, problem)
        return dialog.passphrase() if dialog.exec() == QDialog.DialogCode.Accepted else None
    return ask


class HandedInDialog(QDialog):
    """The exported score file: where it is, its digest, the expert's key fingerprint; open its folder."""

    def __init__(self, parent: QWidget | None, path: Path, sha256: str, fingerprint: str, unfinished: int,
                 open_folder: Callable[[Path], object] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("评分文件已导出"))
        self.path = path
        self.open_folder = open_folder or (lambda folder: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))))
        head = QLabel(self.tr("评分文件已保存。请把它复制到U盘交给专家组组长。"))
        head.setWordWrap(True)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        digest = " ".join(sha256[i:i + 8] for i in range(0, len(sha256), 8))
        for key, label, value in (("path", self.tr("文件："), str(path)),
                                  ("sha256", self.tr("文件摘要（SHA-256）："), digest),
                                  ("fingerprint", self.tr("本人签名密钥指纹："), fingerprint)):
            field = QLineEdit(value)
            field.setReadOnly(True)
            field.setCursorPosition(0)
            if key != "path":
                field.setFont(mono)
            self.fields[key] = field
            form.addRow(label, field)
        check = QLabel(self.tr("签署个人评分表前，请核对表上打印的文件摘要和签名密钥指纹与这里一致。"))
        check.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        if unfinished:
            warn = QLabel(self.tr("注意：其中 {count} 个项目尚未完成。").format(count=unfinished))
            warn.setStyleSheet("color: #b00020;")
            layout.addWidget(warn)
        layout.addLayout(form)
        layout.addWidget(check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_button = buttons.addButton(self.tr("打开所在文件夹(&O)"), QDialogButtonBox.ButtonRole.ActionRole)
        self.open_button.clicked.connect(lambda: self.open_folder(self.path.parent))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(720, self.sizeHint().height())


class MergeReportDialog(QDialog):
    """Every file of one merge: its expert, its outcome, and why it was refused (or its number and signer)."""

    def __init__(self, parent: QWidget | None, head: str, rows: list[tuple[str, str, str, str]], refused: bool) -> None:
        from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

        super().__init__(parent)
        self.setWindowTitle(self.tr("合并结果"))
        label = QLabel(head)
        label.setStyleSheet("font-weight: bold;" + (" color: #b00020;" if refused else ""))
        self.table = QTableWidget(len(rows), 4)
        self.table.setHorizontalHeaderLabels([self.tr("文件"), self.tr("专家"), self.tr("结果"), self.tr("说明")])
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for c in range(3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(960, 420)
