"""The one runner that moves long core work off the GUI thread.

A core function takes a :class:`reviewer.tasks.Task`; here that task turns its
progress into Qt signals and its cancel into a flag the function polls. Results
and errors come back on the GUI thread; an unexpected error comes back as an
:class:`~reviewer.errors.UnexpectedError` (one sentence, traceback logged, details
kept for :mod:`ui.errors`).
"""

from __future__ import annotations

import gc
import sys
import threading
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal

from reviewer.errors import ReviewerError, as_reviewer_error
from reviewer.tasks import Cancelled



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

# While a worker computes, the GUI thread still needs the GIL for each Python slot it runs, so
# whatever holds the GIL long in the worker stalls the window. Two things help, both only while
# background work runs:
# - the cyclic garbage collector holds the GIL for a whole collection, and a full one walks every
#   object of the program (Qt wrappers, SQLAlchemy, modules, the open review); frozen, those are
#   skipped and a collection walks only what the work itself made;
# - the GUI thread waits up to the switch interval (5 ms by default) for the GIL each time it
#   asks; a shorter interval hands it over sooner (it only matters when the GUI thread asks).
FREEZE_HEAP = True
BACKGROUND_SWITCH_INTERVAL = 0.001
_idle_switch_interval: list[float] = []


def _track(task: QtTask, running: bool) -> None:
    if running:
        if not _running:
            if FREEZE_HEAP:
                gc.freeze()
            _idle_switch_interval.append(sys.getswitchinterval())
            sys.setswitchinterval(min(BACKGROUND_SWITCH_INTERVAL, sys.getswitchinterval()))
        _running.add(task)
        return
    _running.discard(task)
    if not _running and _idle_switch_interval:
        sys.setswitchinterval(_idle_switch_interval.pop())
        gc.unfreeze()


def run_in_background(work: Callable[[QtTask], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None],
                      on_progress: Callable[[int, int, str], None] | None = None) -> QtTask:
    """Run ``work(task)`` on a worker thread; ``on_done``/``on_error``/``on_progress`` run on the GUI thread."""
    task = QtTask()  # lives on the GUI thread: queued connections deliver there
    queued = Qt.ConnectionType.QueuedConnection
    if on_progress is not None:  # connected before the worker starts, so no report is lost
        task.progressed.connect(on_progress, queued)
    task.finished.connect(on_done, queued)
    task.failed.connect(on_error, queued)
    _track(task, running=True)
    task.finished.connect(lambda _result: _track(task, running=False), queued)
    task.failed.connect(lambda _error: _track(task, running=False), queued)

    def target() -> None:
        try:
            result = work(task)
        except BaseException as exc:  # reported on the GUI thread, never lost in the worker
            task.failed.emit(_as_failure(exc))
        else:
            task.finished.emit(result)

    threading.Thread(target=target, name="reviewer-task", daemon=True).start()
    return task


def _as_failure(error: BaseException) -> BaseException:
    """What ``on_error`` receives: a ReviewerError or Cancelled as raised; anything else as one sentence in the
    user's language (an OS fault in plain words; an unexpected error with its traceback logged and kept in
    ``details``), so no window shows a Python repr or traceback."""
    if isinstance(error, (ReviewerError, Cancelled)):
        return error
    return as_reviewer_error(error) or error
