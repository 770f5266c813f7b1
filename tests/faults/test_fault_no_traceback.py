"""No Python traceback ever reaches a user: the command line says one line, the GUI shows one dialog.

The command line is run on hostile arguments (missing, misplaced, foreign and
garbage files); an unforeseen bug is injected where no test data can reach one.
The GUI's hooks catch what no slot or thread caught; the background runner hands
a window one sentence instead of a repr.
"""

from __future__ import annotations

import argparse
import threading
from pathlib import Path
from typing import Callable

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from reviewer import cli as cli_module
from reviewer.errors import UnexpectedError
from ui import errors
from ui.errors import ErrorDialog

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


# --- the command line -----------------------------------------------------------------------

def _hostile_cases(tmp: Path, panel: dict[str, Path]) -> list[list[object]]:
    garbage = tmp / "garbage.bin"
    garbage.write_bytes(b"\x00\xffPK\x03\x04" * 100)
    folder = tmp / "a-folder"
    folder.mkdir()
    blocker = tmp / "a-file"
    blocker.write_text("x")
    missing = tmp / "missing.sqlite"
    phrase = ["--passphrase-file", panel["passphrase"]]
    return [
        ["status", missing], ["status", folder], ["status", garbage],
        ["import", tmp / "no-batch", "--db", tmp / "n.sqlite"], ["import", garbage, "--db", tmp / "n.sqlite"],
        ["experts", "--db", panel["chair"], "--add", garbage], ["experts", "--db", missing],
        ["packages", "--db", missing, "--out", tmp / "p", "--passphrases", tmp / "pp"],
        ["packages", "--db", panel["chair"], "--out", blocker, "--passphrases", tmp / "pp"],
        ["packages", "--db", panel["chair"], "--out", tmp / "p", "--passphrases", blocker],
        ["open-package", garbage, "--db", tmp / "o.sqlite", *phrase],
        ["open-package", panel["package"], "--db", tmp / "o.sqlite", "--passphrase-file", missing],
        ["open-package", panel["package"], "--db", blocker / "o.sqlite", *phrase],
        ["open-package", panel["scores"], "--db", tmp / "o.sqlite", *phrase],
        ["export-scores", "--db", panel["chair"], "--out", tmp / "s.rvscore"],
        ["export-scores", "--db", panel["expert"], "--out", blocker / "s.rvscore"],
        ["export-scores", "--db", panel["expert"], "--out", tmp / "nowhere" / "s.rvscore"],
        ["sheet", garbage, "--out", tmp / "s.xlsx", *phrase],
        ["sheet", panel["package"], "--out", folder, *phrase],
        ["submit", panel["package"], "--scores", garbage, "--out", tmp / "s.rvscore", *phrase],
        ["merge", "--db", panel["chair"], garbage], ["merge", "--db", missing, panel["scores"]],
        ["export", "--db", missing, "--out", tmp / "e"], ["export", "--db", garbage, "--out", tmp / "e"],
        ["demo", "--db", blocker / "demo.sqlite"],
    ]


def test_hostile_arguments_to_every_command_end_in_clear_lines(panel: dict[str, Path], tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    for args in _hostile_cases(tmp_path, panel):  # in this process: the same run() as the command, without start-up
        code = cli_module.main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in err + out, (args, err)
        assert code in (1, 2), (args, code, out)
        lines = err.strip().splitlines()
        assert lines and all(line.strip() for line in lines), (args, err)
        assert len(lines) == 1 or args[0] == "merge", (args, err)
    assert not (tmp_path / "o.sqlite").exists() and not (tmp_path / "n.sqlite").exists()


def test_the_real_command_says_one_line_too(panel: dict[str, Path], tmp_path: Path, cli, clean_failure) -> None:
    garbage = tmp_path / "garbage.rvpkg"
    garbage.write_bytes(bytes(range(256)) * 40)
    clean_failure(cli("status", tmp_path / "missing.sqlite"), "missing.sqlite")
    clean_failure(cli("open-package", garbage, "--db", tmp_path / "o.sqlite", "--passphrase-file", panel["passphrase"]),
                  str(garbage))


def test_an_unforeseen_bug_is_one_line_naming_the_log_that_holds_the_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    def bug(db: Path) -> int:  # the injected fault: an error nobody foresaw, deep in a command
        return {"a": 1}["b"]

    monkeypatch.setattr(cli_module, "_status", bug)
    assert cli_module.main(["status", str(tmp_path / "x.sqlite")]) == 2
    err = capsys.readouterr().err.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert "意外错误" in err and "KeyError" in err
    log = Path(err.rsplit(" ", 1)[-1])
    assert log.is_file() and "Traceback" in log.read_text(encoding="utf-8") and "in bug" in log.read_text(encoding="utf-8")


def test_an_interrupt_is_one_line_and_exit_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(db: Path) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "_status", interrupted)
    assert cli_module.run(argparse.Namespace(command="status", db=Path("x"), lang="en")) == 130
    assert capsys.readouterr().err.strip() == "Interrupted; the unfinished part was not saved."


# --- the GUI --------------------------------------------------------------------------------

def _dialogs(seen: list[ErrorDialog], act: Callable[[ErrorDialog], None] | None = None) -> QTimer:
    """Poll for the error dialog; record it, let ``act`` try its buttons, close it."""
    def check() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, ErrorDialog) and w.isVisible() and w not in seen:
                seen.append(w)
                if act is not None:
                    act(w)
                w.reject()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(30)
    return timer


@pytest.fixture
def hooks(qapp: QApplication):
    language = {"value": "zh"}
    errors.install(lambda: language["value"])
    yield language
    errors.uninstall()


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_becomes_the_error_dialog_with_details_to_copy(qtbot: QtBot, hooks, tmp_path: Path) -> None:
    seen: list[ErrorDialog] = []
    looked: dict[str, object] = {}

    def act(dialog: ErrorDialog) -> None:
        looked["hidden"] = dialog.details.isVisible()
        dialog.toggle.click()
        looked["shown"] = dialog.details.isVisible()
        dialog.grab().save(str(tmp_path / "error-dialog.png"))
        dialog.copy.click()
        looked["clipboard"] = QGuiApplication.clipboard().text()

    timer = _dialogs(seen, act)

    def slot() -> None:
        raise ValueError("评分数据不一致")

    QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=10_000)
    timer.stop()
    message, details = seen[0].message.text(), seen[0].details.toPlainText()
    assert "发生意外错误" in message and "ValueError" in message and "Traceback" not in message
    assert "Traceback" in details and "in slot" in details
    assert looked["hidden"] is False and looked["shown"] is True
    assert message in str(looked["clipboard"]) and "Traceback" in str(looked["clipboard"])


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_thread_reaches_the_dialog_on_the_gui_thread_in_english_too(qtbot: QtBot, hooks) -> None:
    hooks["value"] = "en"
    seen: list[ErrorDialog] = []
    timer = _dialogs(seen)

    def work() -> None:
        raise RuntimeError("worker fault")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(seen) == 1, timeout=10_000)
    timer.stop()
    assert seen[0].message.text().startswith("An unexpected error occurred (RuntimeError: worker fault)")


@pytest.mark.qt_no_exception_capture
def test_a_fault_repeating_in_a_loop_shows_one_dialog_at_a_time(qtbot: QtBot, hooks) -> None:
    seen: list[ErrorDialog] = []
    timer = _dialogs(seen)

    def slot() -> None:
        raise ZeroDivisionError("again")

    for _ in range(5):
        QTimer.singleShot(0, slot)
    qtbot.waitUntil(lambda: len(seen) >= 1, timeout=10_000)
    qtbot.wait(300)
    timer.stop()
    assert 1 <= len(seen) < 5


def test_the_background_runner_hands_a_window_one_sentence_not_a_repr(qtbot: QtBot) -> None:
    from ui.tasks import run_in_background

    failures: list[BaseException] = []

    def work(_task: object) -> None:
        raise KeyError("criterion")

    run_in_background(work, lambda _r: None, failures.append)
    qtbot.waitUntil(lambda: bool(failures), timeout=10_000)
    failure = failures[0]
    assert isinstance(failure, UnexpectedError)
    assert "KeyError" in failure.message("zh") and "意外错误" in failure.message("zh")
    assert "Traceback" in failure.details and failure.log is not None and failure.log.is_file()


def test_a_damaged_review_offers_a_copy_of_its_backup_and_opens_it(qtbot: QtBot, tmp_path: Path) -> None:
    import shutil

    from reviewer.review import Review
    from ui.app import AppController

    db = tmp_path / "review.sqlite"
    shutil.copy(FIXTURES / "review-v3.sqlite", db)
    Review.open(db).close()  # the upgrade leaves the automatic backup
    with open(db, "r+b") as f:
        f.seek(0)
        f.write(b"garbage" * 20)  # the header is gone: not even the schema version can be read
    before = db.read_bytes()
    questions: list[str] = []

    def accept() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                questions.append(w.text())
                use = [b for b in w.buttons() if b.text() == "打开备份的副本"]
                use[0].click() if use else w.accept()  # then: the copy (of a v3 file) was upgraded, said too

    timer = QTimer()
    timer.timeout.connect(accept)
    timer.start(30)
    controller = AppController(QApplication.instance(), QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), "zh")  # type: ignore[arg-type]
    opened = controller.open(db)
    timer.stop()
    assert questions and str(db) in questions[0] and "备份" in questions[0]
    assert opened and controller.review is not None and controller.review.path != db
    assert controller.review.path.name.startswith("review.restored-")
    assert controller.review.sheet(1).points == {"C1": 13.5, "D7.1": 9.0}
    assert db.read_bytes() == before  # the damaged file is left as it was
    qtbot.addWidget(controller.window)
    controller.review.close()
