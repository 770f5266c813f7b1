"""A Qt-free protocol for long work: report progress, honour cancel.

Core functions that take a while accept a :class:`Task`; the GUI passes one that
emits Qt signals from a worker thread, scripts pass :data:`NO_TASK`.
"""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """The user cancelled; the work stopped and left stored data as it was."""


class Task(Protocol):
    def progress(self, done: int, total: int, what: str = "") -> None: ...

    def cancelled(self) -> bool: ...


class _NoTask:
    def progress(self, done: int, total: int, what: str = "") -> None:
        return None

    def cancelled(self) -> bool:
        return False


NO_TASK: Task = _NoTask()


def check(task: Task) -> None:
    """Raise :class:`Cancelled` when the task was cancelled."""
    if task.cancelled():
        raise Cancelled()
