"""Interface language: Chinese first (the source strings), English from a .qm file.

Qt's own strings (standard dialogs: "Look in:", "Files of type:", the buttons) come from Qt's
qtbase translations in PySide6's translations folder. The application's display name follows the
language; Qt appends it to every window title ("演示批次 — 评审工作台"), so titles name the review only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from reviewer.paths import resources_dir

LANGUAGES = ("zh", "en")
_installed: list[QTranslator] = []


def install(app: QApplication, language: str) -> bool:
    """Switch the application's translators; True when everything needed was found."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    ok = True
    if language == "en":
        ok = _load(app, str(resources_dir() / "i18n"), "reviewer_en")
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    else:
        ok = _load(app, QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), "qtbase_zh_CN")
        ok = _load(app, str(resources_dir() / "i18n"), "qt_extra_zh_CN") and ok  # what qtbase_zh_CN misses
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    app.setApplicationDisplayName(QCoreApplication.translate("App", "评审工作台"))
    return ok


def _load(app: QApplication, folder: str, name: str) -> bool:
    translator = QTranslator(app)
    if not translator.load(name, folder):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
