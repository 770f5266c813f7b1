"""Small widget factories that several windows share."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QProgressDialog, QTableView, QWidget


def read_only_table(model: QAbstractItemModel | None = None, *, rows: bool = False,
                    stretch_last: bool = False) -> QTableView:
    """A table for looking at, one item (or with ``rows``, one row) selected at a time."""
    table = QTableView()
    if model is not None:
        table.setModel(model)
    table.setAlternatingRowColors(True)
    behaviour = QAbstractItemView.SelectionBehavior
    table.setSelectionBehavior(behaviour.SelectRows if rows else behaviour.SelectItems)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.setWordWrap(False)
    if stretch_last:
        table.horizontalHeader().setStretchLastSection(True)
    return table


def work_dialog(parent: QWidget, title: str, label: str, cancel: str | None = None,
                maximum: int = 0) -> QProgressDialog:
    """A window-modal progress dialog shown at once and closed only by :func:`close_work_dialog`.

    Without ``cancel`` it has no cancel button (work that must not stop half way).
    """
    dialog = QProgressDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    if cancel is None:
        dialog.setCancelButton(None)  # type: ignore[arg-type]
    else:
        dialog.setCancelButtonText(cancel)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(0)
    dialog.setRange(0, maximum)
    dialog.setLabelText(label)
    dialog.show()
    return dialog


def close_work_dialog(dialog: QProgressDialog | None) -> None:
    if dialog is not None:
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()
