"""The one runner that moves long core work off the GUI thread.

A core function takes a :class:`reviewer.tasks.Task`; here that task turns its
progress into Qt signals and its cancel into a flag the function polls. Results
and errors come back on the GUI thread.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal


class QtTask(QObject):
    """A running piece of work: progress as signals, cancel as a flag."""

    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()

    # reviewer.tasks.Task protocol, called from the worker thread
    def progress(self, done: int, total: int, what: str = "") -> None:
        self.progressed.emit(done, total, what)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()


_running: set[QtTask] = set()


def run_in_background(work: Callable[[QtTask], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None]) -> QtTask:
    """Run ``work(task)`` on a worker thread; ``on_done``/``on_error`` run on the GUI thread."""
    task = QtTask()  # lives on the GUI thread: queued connections deliver there
    queued = Qt.ConnectionType.QueuedConnection
    task.finished.connect(on_done, queued)
    task.failed.connect(on_error, queued)
    _running.add(task)
    task.finished.connect(lambda _result: _running.discard(task), queued)
    task.failed.connect(lambda _error: _running.discard(task), queued)

    def target() -> None:
        try:
            result = work(task)
        except BaseException as exc:  # reported on the GUI thread, never lost in the worker
            task.failed.emit(exc)
        else:
            task.finished.emit(result)

    threading.Thread(target=target, name="reviewer-task", daemon=True).start()
    return task
