"""Starting the GUI: application, language, the review to open, the main window.

The window shows first; the review database (and SQLAlchemy with it) is opened
on a worker thread and attached when ready, so the expert sees the app at once.
"""

from __future__ import annotations

import sys
import time
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from reviewer.errors import ReviewerError
from reviewer.tasks import Task
from ui import errors, i18n, pyside_startup, theme
from ui.import_dialog import BatchImport, ask_batch, ask_database, outcome_summary
from ui.main_window import MainWindow
from ui.tasks import run_in_background

if TYPE_CHECKING:
    from reviewer.importing.importer import ImportOutcome
    from reviewer.review import Review

HEAVY_MODULES = ("pandas", "matplotlib", "docx")


class AppController:
    """Owns the open review and its window; reopens the window to switch language or review."""

    def __init__(self, app: QApplication, settings: QSettings, language: str,
                 quit: Callable[[int], None] | None = None) -> None:
        self.app, self.settings, self.language = app, settings, language
        self.quit = quit or app.exit  # how a start that opened nothing ends the program
        self.review: Review | None = None
        self.window: MainWindow | None = None
        self.ready_callbacks: list[object] = []
        i18n.install(app, language)
        _FileOpenEvents.route(app, self.open_file)  # macOS: a file double-clicked in Finder

    # --- opening -----------------------------------------------------------------
    def open(self, path: Path) -> bool:
        """Open a review database now; on failure say why (file, fault) and keep what was open."""
        from reviewer.review import Review

        try:
            review = Review.open(path)
        except ReviewerError as exc:
            if errors.has_backup(exc):  # damaged, with an automatic backup: offer a copy of it to work on
                restored = errors.offer_backup(self.window, exc, self.language)
                return restored is not None and self.open(restored)
            self._error(exc.message(self.language))
            return False
        self._adopt(review)
        self._show_window()
        self._announce_backup()
        return True

    def start(self, explicit: Path | None) -> None:
        """Show the window at once and open the review on a worker thread (a work package: once it is shown,
        the open-package questions; platforms' file associations pass the package this way)."""
        self.window = self._new_window(None)
        self.window.show()
        if explicit is not None and explicit.suffix.lower() == ".rvpkg":
            QTimer.singleShot(0, lambda: self._start_from_package(explicit))
            return
        self._open_in_background(explicit)

    def _start_from_package(self, package: Path) -> None:
        """Started with a work package: open it; when the expert cancels, open what a plain start opens."""
        if self.open_work_package(package) is None or self.review is None:
            self._open_in_background(None)

    def _open_in_background(self, explicit: Path | None) -> None:
        last = self.settings.value("last_review")
        remembered = Path(str(last)) if last and Path(str(last)).exists() else None
        run_in_background(lambda task: _open_initial(explicit, remembered, task), self._opened, self._failed_start)

    def _opened(self, review: Review) -> None:
        if self.review is not None:  # a file the system handed over while this one was opening: keep that
            review.close()
            return
        self._adopt(review)
        assert self.window is not None
        if _is_chair(review):
            self._show_window()  # a chair's review opens the cockpit, not the expert's sheet
        else:
            self.window.attach(review)
        self._announce_backup()
        for callback in self.ready_callbacks:
            callback()  # type: ignore[operator]

    def _failed_start(self, error: BaseException) -> None:
        if isinstance(error, ReviewerError) and errors.has_backup(error) and error.file is not None:
            if self.open(error.file):  # the same question as File ▸ Open: a copy of the backup
                return
        else:
            self._error(errors.describe(error, self.language)[0])
        if self.review is None:
            self.quit(2)

    def _adopt(self, review: Review) -> None:
        if self.review is not None:
            self.review.close()
        self.review = review
        self.settings.setValue("last_review", str(review.path.resolve()))

    def _announce_backup(self) -> None:
        if self.review is not None and self.review.backup is not None:
            title = QApplication.translate("AppController", "评审库已升级")
            text = QApplication.translate("AppController", "评审库已升级到新版本格式。升级前的备份：{path}")
            QMessageBox.information(self.window, title, text.format(path=self.review.backup))

    # --- language and windows ---------------------------------------------------------
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

    def open_file(self, path: Path) -> None:
        """A file the system hands over (macOS: double-clicked in Finder): a work package opens as with
        ``reviewer gui X.rvpkg``, anything else as a review database."""
        if path.suffix.lower() == ".rvpkg":
            self.open_work_package(path)
        else:
            self.open(path)

    # --- work packages -----------------------------------------------------------------------
    def open_work_package(self, package: Path | None = None) -> Path | None:
        """File ▸ Open work package…: the package, its passphrase, where the review goes; then open it."""
        from ui.package_actions import choose_package, database_dialog, open_work_package, passphrase_dialog

        start = Path(str(self.settings.value("package/folder", str(Path.home()))))
        package = package or choose_package(self.window, start)
        if package is None:
            return None
        self.settings.setValue("package/folder", str(package.parent))
        try:
            database = open_work_package(package, passphrase_dialog(self.window, package), database_dialog(self.window),
                                         self.language)
        except ReviewerError as exc:
            self._error(exc.message(self.language))
            return None
        if database is not None:
            self.open(database)
        return database

    # --- importing a batch -----------------------------------------------------------------
    def choose_batch(self) -> None:
        """File ▸ Import batch…: ask for the batch and the review database, then import."""
        start = Path(str(self.settings.value("import/folder", str(Path.home()))))
        batch = ask_batch(self.window, start)
        database = ask_database(self.window, batch) if batch is not None else None
        if batch is not None and database is not None:
            self.settings.setValue("import/folder", str(batch.parent))
            self.import_batch(batch, database)

    def import_batch(self, batch: Path, database: Path) -> BatchImport:
        """Import off the GUI thread; then open the review and show its formal check."""
        assert self.window is not None
        run = BatchImport(self.window, batch, database, self.language)
        run.imported.connect(self._imported)
        run.start()
        return run

    def _imported(self, outcome: ImportOutcome) -> None:
        if self.open(outcome.database):
            assert self.window is not None
            self.window.statusBar().showMessage(outcome_summary(outcome))
            self.window.show_formal_check()

    def _new_window(self, review: Review | None) -> MainWindow:
        window = (_cockpit() if _is_chair(review) else MainWindow)(review, self.settings, self.language)
        window.language_requested.connect(self.set_language)
        window.open_requested.connect(self.choose_review)
        window.import_requested.connect(self.choose_batch)
        window.package_requested.connect(lambda: self.open_work_package())
        return window

    def _show_window(self) -> None:
        assert self.review is not None
        old = self.window
        window = self._new_window(self.review)
        if old is not None:
            window.setGeometry(old.geometry())
            old.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            old.close()
        self.window = window
        window.show()

    def _error(self, text: str) -> None:
        QMessageBox.critical(self.window, QApplication.translate("AppController", "无法打开"), text)


def _is_chair(review: Review | None) -> bool:
    """Whether the review opens the cockpit; ui.cockpit is imported only once there is a review (not before
    the first window shows)."""
    if review is None:
        return False
    from ui.cockpit import is_chair

    return is_chair(review)


def _cockpit() -> type[MainWindow]:
    from ui.cockpit import CockpitWindow

    return CockpitWindow  # type: ignore[return-value]


class _FileOpenEvents(QObject):
    """Turns the application's QFileOpenEvent (macOS sends one per file opened from Finder, also the one that
    started the app) into a call to the controller that asked last, once the event is delivered (the call may
    show dialogs). One filter per application, whatever the number of controllers."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.handle: weakref.WeakMethod[Callable[[Path], None]] | None = None
        app.installEventFilter(self)

    @classmethod
    def route(cls, app: QApplication, handle: Callable[[Path], None]) -> None:
        router = getattr(app, "_reviewer_file_open", None) or cls(app)
        app._reviewer_file_open = router  # type: ignore[attr-defined]
        router.handle = weakref.WeakMethod(handle)  # type: ignore[arg-type]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() != QEvent.Type.FileOpen or not isinstance(event, QFileOpenEvent) or not event.file():
            return False
        handle, path = self.handle() if self.handle is not None else None, Path(event.file())
        if handle is not None:
            QTimer.singleShot(0, lambda: handle(path))
        return handle is not None


class _FirstPaint(QObject):
    """Calls back once, when ``widget`` is first painted (its window exposed and drawn)."""

    def __init__(self, widget: QObject, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.callback()
        return False


def _open_initial(explicit: Path | None, remembered: Path | None, task: Task) -> Review:
    """On the worker thread: the review named, else the last one, else the demo (created on first use)."""
    from reviewer.review import Review
    from reviewer.setup import ensure_demo_review

    if explicit is not None and not explicit.exists():
        raise ReviewerError("file_missing", explicit)
    path = explicit or remembered or ensure_demo_review(task=task)
    review = Review.open(path)
    review.declarations()  # warm the query machinery here, not on the GUI thread
    return review


def create_application(argv: list[str] | None = None) -> QApplication:
    pyside_startup.install()
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setOrganizationName("reviewer")
    app.setApplicationName("reviewer")
    app.setApplicationDisplayName("评审工作台")
    theme.apply(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def run_gui(db: Path | None, language: str | None, smoke: Path | None = None) -> int:
    started = time.perf_counter()
    app = create_application()
    settings = QSettings()
    controller = AppController(app, settings, language or str(settings.value("language", "zh")))
    errors.install(lambda: controller.language)  # no traceback reaches the user: unhandled errors get a dialog
    if smoke is not None:  # the screenshot after the layout has settled
        controller.ready_callbacks.append(lambda: QTimer.singleShot(300, lambda: _smoke_exit(controller, smoke, started)))
    controller.start(db)
    if smoke is not None:  # "shown" when the window is first painted: what bench/startup.py times from spawn
        assert controller.window is not None
        controller.first_paint = _FirstPaint(controller.window, lambda: _report("shown", started))
        controller.ready_callbacks.insert(0, lambda: _report("ready", started))
    return app.exec()


def _report(event: str, started: float) -> None:
    loaded = [m for m in HEAVY_MODULES if m in sys.modules]
    print(f"{event} {1000 * (time.perf_counter() - started):.0f}ms heavy_modules={','.join(loaded) or 'none'}", flush=True)


def _smoke_exit(controller: AppController, screenshot: Path, started: float) -> None:
    """Smoke mode: the review is shown; report, save a screenshot, quit."""
    assert controller.window is not None
    controller.window.grab().save(str(screenshot))
    print(f"screenshot {screenshot}", flush=True)
    controller.app.quit()
