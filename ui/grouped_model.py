"""A two-level item model: groups, and the rows of each group.

A group's index carries internalId 0; a row's carries its group's number + 1,
so ``parent()`` needs no lookup. Subclasses say how many groups and rows there
are and provide ``data()``.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex

Index = QModelIndex | QPersistentModelIndex
GROUP = 0  # internalId of a group row


class GroupedModel(QAbstractItemModel):
    def group_count(self) -> int:
        raise NotImplementedError

    def rows_in_group(self, group: int) -> int:
        raise NotImplementedError

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, GROUP if not parent.isValid() else parent.row() + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == GROUP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, GROUP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if not parent.isValid():
            return self.group_count()
        if parent.internalId() == GROUP and parent.column() == 0:
            return self.rows_in_group(parent.row())
        return 0
