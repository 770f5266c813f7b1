"""Starting the GUI: application, language, the review to open, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from reviewer.errors import ReviewerError
from reviewer.review import Review
from ui import i18n, theme
from ui.main_window import MainWindow


class AppController:
    """Owns the open review and its window; reopens the window to switch language or review."""

    def __init__(self, app: QApplication, settings: QSettings, language: str) -> None:
        self.app, self.settings, self.language = app, settings, language
        self.review: Review | None = None
        self.window: MainWindow | None = None
        i18n.install(app, language)

    def open(self, path: Path) -> bool:
        """Open a review database; on failure say why (file, fault) and keep what was open."""
        try:
            review = Review.open(path)
        except ReviewerError as exc:
            self._error(exc.message(self.language))
            return False
        if self.review is not None:
            self.review.close()
        self.review = review
        self.settings.setValue("last_review", str(path.resolve()))
        if review.backup is not None:
            self._show_window()
            QMessageBox.information(self.window, QApplication.translate("AppController", "评审库已升级"), QApplication.translate("AppController", "评审库已升级到新版本格式。升级前的备份：{path}").format(path=review.backup))
            return True
        self._show_window()
        return True

    def set_language(self, language: str) -> None:
        if language == self.language:
            return
        self.language = language
        self.settings.setValue("language", language)
        i18n.install(self.app, language)
        if self.review is not None:
            self._show_window()

    def choose_review(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, QApplication.translate("AppController", "打开评审库"), str(Path.home()),
                                              QApplication.translate("AppController", "评审库 (*.sqlite *.db);;所有文件 (*)"))
        if path:
            self.open(Path(path))

    def _show_window(self) -> None:
        assert self.review is not None
        old = self.window
        window = MainWindow(self.review, self.settings, self.language)
        window.language_requested.connect(self.set_language)
        window.open_requested.connect(self.choose_review)
        if old is not None:
            window.setGeometry(old.geometry())
            old.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            old.close()
        self.window = window
        window.show()

    def _error(self, text: str) -> None:
        QMessageBox.critical(self.window, QApplication.translate("AppController", "无法打开"), text)



def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("reviewer")
    app.setApplicationName("reviewer")
    app.setApplicationDisplayName("评审工作台")
    theme.apply(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def initial_review(explicit: Path | None, settings: QSettings) -> Path:
    """The review to open: the one named, else the last one, else the demo (created on first use)."""
    if explicit is not None:
        return explicit
    last = settings.value("last_review")
    if last and Path(str(last)).exists():
        return Path(str(last))
    from reviewer.setup import ensure_demo_review

    return ensure_demo_review()


def run_gui(db: Path | None, language: str | None, smoke: Path | None = None) -> int:
    app = create_application()
    settings = QSettings()
    controller = AppController(app, settings, language or str(settings.value("language", "zh")))
    try:
        if db is not None and not db.exists():
            raise ReviewerError("file_missing", db)
        path = initial_review(db, settings)
    except ReviewerError as exc:
        controller._error(exc.message(controller.language))
        return 2
    if not controller.open(path):
        return 2
    if smoke is not None:
        QTimer.singleShot(0, lambda: _smoke_exit(controller, smoke))
    return app.exec()


HEAVY_MODULES = ("pandas", "matplotlib", "docx")


def _smoke_exit(controller: AppController, screenshot: Path) -> None:
    """Smoke mode: the window is shown; report, save a screenshot, quit."""
    loaded = [m for m in HEAVY_MODULES if m in sys.modules]
    print(f"shown heavy_modules={','.join(loaded) or 'none'}", flush=True)
    assert controller.window is not None
    controller.window.grab().save(str(screenshot))
    print(f"screenshot {screenshot}", flush=True)
    controller.app.quit()
