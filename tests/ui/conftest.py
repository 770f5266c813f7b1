from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def chinese_after_each_test(qapp: object) -> object:
    """A test that switches the language must not leave it switched for the next one."""
    yield
    from ui import i18n

    i18n.install(qapp, "zh")  # type: ignore[arg-type]


@pytest.fixture
def message_boxes() -> object:
    """Reads and closes each message box as it appears; the texts, in order."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    seen: list[str] = []

    def check() -> None:
        # Not QApplication.activeModalWidget(): a binding that drops a reference to the
        # None it returns (PySide6 6.12.0) would wear None out while polling.
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if boxes:
            seen.append(boxes[0].text())
            boxes[0].accept()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(50)
    yield seen
    timer.stop()


@pytest.fixture
def opened(qtbot: object, review_path: Path, settings: QSettings) -> object:
    """The demo review open in the expert's window, shown and active: ``(review, window)``."""
    from reviewer.review import Review
    from ui.main_window import MainWindow

    review = Review.open(review_path)
    window = MainWindow(review, settings)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.resize(1366, 700)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # type: ignore[attr-defined]
    yield review, window
    window.close()
    review.close()
