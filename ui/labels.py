"""Translated names of core values (states, recommendations) for display."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from reviewer.scoring import ReviewState


def state_name(state: ReviewState) -> str:
    return {
        ReviewState.NOT_STARTED: QCoreApplication.translate("Labels", "未评"),
        ReviewState.IN_PROGRESS: QCoreApplication.translate("Labels", "进行中"),
        ReviewState.DONE: QCoreApplication.translate("Labels", "已完成"),
        ReviewState.RECUSED: QCoreApplication.translate("Labels", "回避"),
    }[state]


STATE_COLORS = {
    ReviewState.NOT_STARTED: QColor("#8a8f98"),
    ReviewState.IN_PROGRESS: QColor("#c27c0e"),
    ReviewState.DONE: QColor("#2e7d32"),
    ReviewState.RECUSED: QColor("#6a4c93"),
}

VETO_COLOR = QColor("#b42318")

STATE_GLYPHS = {
    ReviewState.NOT_STARTED: "○",
    ReviewState.IN_PROGRESS: "◐",
    ReviewState.DONE: "●",
    ReviewState.RECUSED: "⊘",
}


def recommendation_name(value: str | None) -> str:
    return {
        "recommend": QCoreApplication.translate("Labels", "推荐"),
        "reject": QCoreApplication.translate("Labels", "不推荐"),
        "undecided": QCoreApplication.translate("Labels", "待议"),
        None: "",
    }[value]


def direction_label(no: int, name: str) -> str:
    return QCoreApplication.translate("Labels", "方向{no} · {name}").format(no=no, name=name)


def grade_name(grade: str) -> str:
    """A rubric level's grade (好/中/差 in the rubric file) as the interface language says it."""
    names = {
        "好": QCoreApplication.translate("Labels", "好"),
        "中": QCoreApplication.translate("Labels", "中"),
        "差": QCoreApplication.translate("Labels", "差"),
    }
    return names.get(grade, grade)
