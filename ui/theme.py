"""The look: Fusion with a calm light palette, CJK fonts per platform, one stylesheet."""

from __future__ import annotations

import sys

from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from reviewer.paths import resources_dir

ACCENT = "#1d5fa8"

FONT_FAMILIES = {
    "win32": ["Microsoft YaHei UI", "Microsoft YaHei", "SimSun", "Noto Sans CJK SC"],
    "darwin": ["PingFang SC", "Hiragino Sans GB", "Heiti SC", "Noto Sans CJK SC"],
    "linux": ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "Droid Sans Fallback"],
}

STYLESHEET = f"""
QMainWindow {{ background: #f4f6f9; }}
#listPanel {{ background: #f4f6f9; }}
QTreeView, QTreeWidget {{ background: #ffffff; border: 1px solid #d8dde5; border-radius: 4px; }}
QTreeView::item {{ padding: 3px 2px; }}
QTreeView::item:selected, QTreeWidget::item:selected {{ background: #dbe7f5; color: #102a43; }}
QTextBrowser {{ background: #ffffff; border: 1px solid #d8dde5; border-radius: 4px; }}
#scoreHeader {{ background: #ffffff; border-bottom: 1px solid #d8dde5; }}
#declTitle {{ font-size: 13pt; font-weight: 600; color: #102a43; }}
#total {{ font-size: 15pt; font-weight: 600; color: {ACCENT}; }}
#muted, #guide {{ color: #5f6b7a; }}
#guide {{ font-size: 9pt; }}
#section {{ font-weight: 600; color: #334e68; padding: 8px 2px 2px 2px; border-bottom: 2px solid {ACCENT}; }}
#criterion {{ background: #ffffff; border: 1px solid #dde2e9; border-radius: 6px; }}
#criterion:focus-within {{ border-color: {ACCENT}; }}
#level {{ color: #52606d; font-size: 9pt; padding: 2px 6px; border-radius: 3px; }}
#level[current="true"] {{ background: #e3eefb; color: #102a43; }}
#scoringBody {{ background: #f4f6f9; }}
QGroupBox {{ background: #ffffff; border: 1px solid #dde2e9; border-radius: 6px; margin-top: 14px; padding: 10px 8px 8px 8px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: #334e68; font-weight: 600; }}
QDoubleSpinBox {{ font-size: 12pt; padding: 2px 4px; }}
QDoubleSpinBox[refused="true"] {{ border: 2px solid #b42318; border-radius: 3px; }}
#refusal {{ color: #b42318; font-size: 9pt; }}
QStatusBar {{ background: #e9edf2; }}
"""


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    icon = resources_dir() / "icons" / "reviewer.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    app.setPalette(_palette())
    _register_bundled_fonts()
    font = QFont()
    font.setFamilies(FONT_FAMILIES.get(sys.platform, FONT_FAMILIES["linux"]) + ["Sans Serif"])
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)


def _palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f4f6f9"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f9fb"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1f2933"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1f2933"))
    palette.setColor(QPalette.ColorRole.Button, QColor("#eef1f5"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    return palette


def _register_bundled_fonts() -> None:
    """Fonts shipped in resources/fonts (the frozen app bundles a CJK font there)."""
    folder = resources_dir() / "fonts"
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in (".ttf", ".otf", ".ttc"):
                QFontDatabase.addApplicationFont(str(path))
