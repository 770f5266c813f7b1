"""Help ▸ Keys and Help ▸ About. The keys listed here are the README's key table (a test presses each)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from reviewer import __version__


def shortcut_rows() -> list[tuple[str, str]]:
    return [
        (QCoreApplication.translate("MainWindow", "下一个 / 上一个项目"), "Ctrl+PgDown / Ctrl+PgUp, Alt+↓ / Alt+↑"),
        (QCoreApplication.translate("MainWindow", "下一个未完成项目"), "Ctrl+Shift+N"),
        (QCoreApplication.translate("MainWindow", "转到评分 / 项目列表"), "F2 / F3"),
        (QCoreApplication.translate("MainWindow", "下一项指标"), "Enter, Tab"),
        (QCoreApplication.translate("MainWindow", "上一项指标"), "Shift+Tab"),
        (QCoreApplication.translate("MainWindow", "分值加减 0.5"), "↑ / ↓"),
        (QCoreApplication.translate("MainWindow", "清除分值"), QCoreApplication.translate("MainWindow", "全选后按 Delete")),
        (QCoreApplication.translate("MainWindow", "撤销 / 重做"), "Ctrl+Z / Ctrl+Shift+Z"),
        (QCoreApplication.translate("MainWindow", "申报书下一节 / 上一节"), "Ctrl+] / Ctrl+["),
        (QCoreApplication.translate("MainWindow", "在申报书中查找（下一处 / 上一处 / 关闭）"), "Ctrl+F (Enter / Shift+Enter / Esc)"),
        (QCoreApplication.translate("MainWindow", "筛选项目列表"), "Ctrl+Shift+F"),
        (QCoreApplication.translate("MainWindow", "阅读模式"), "F11, Ctrl+R"),
        (QCoreApplication.translate("MainWindow", "放大 / 缩小 / 原始大小"), "Ctrl+= / Ctrl+- / Ctrl+0"),
        (QCoreApplication.translate("MainWindow", "突出显示方向关键词"), "Ctrl+K"),
        (QCoreApplication.translate("MainWindow", "显示 / 隐藏申报书目录"), "Ctrl+Shift+T"),
        (QCoreApplication.translate("MainWindow", "我的评分概览"), "Ctrl+Shift+V"),
        (QCoreApplication.translate("MainWindow", "并排比较两个项目"), "Ctrl+Shift+C"),
        (QCoreApplication.translate("MainWindow", "本人申请回避"), "Alt+J"),
    ]


def show_shortcuts(parent: QWidget) -> None:
    body = "".join(f"<tr><td>{what}</td><td>&nbsp;&nbsp;<b>{keys}</b></td></tr>" for what, keys in shortcut_rows())
    saved = QCoreApplication.translate("MainWindow", "每次修改都会立即保存，无需手动保存。")
    QMessageBox.information(parent, QCoreApplication.translate("MainWindow", "快捷键"), f"<table>{body}</table><p>{saved}</p>")


def show_about(parent: QWidget, path: Path | None) -> None:
    QMessageBox.about(parent, QCoreApplication.translate("MainWindow", "关于评审工作台"), QCoreApplication.translate("MainWindow", 
        "<h3>评审工作台 {version}</h3><p>新型信息消费示范项目专家评审（离线）。</p>"
        "<p>评分细则的分值与权重为本软件的默认设置，并非工业和信息化部的官方标准；专家组组长可调整。</p>"
        "<p>评审库：{path}</p>").format(version=__version__, path=path if path else "—"))
