"""Typed errors of the core.

Every error a user can meet carries a stable ``code``, the ``file`` it concerns,
the ``place`` in that file (a line, a key, a cell) and parameters; ``message()``
turns it into a sentence in the user's language (Chinese first). The core
cannot use Qt's ``tr()``, so its sentences live in :mod:`reviewer.messages`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class ReviewerError(Exception):
    """An error with a code, the file and place it concerns, and parameters."""

    def __init__(
        self,
        code: str,
        file: Path | str | None = None,
        place: str = "",
        **params: Any,
    ) -> None:
        self.code = code
        self.file = Path(file) if file is not None else None
        self.place = place
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        """The whole sentence a user reads: file, place and fault."""
        from reviewer.messages import describe

        return describe(self.code, self.file, self.place, self.params, lang)


class DataFileError(ReviewerError):
    """A bundled or user-supplied data file (call, rubric) is wrong."""


class StoreError(ReviewerError):
    """The review database cannot be opened or written."""


class ScoringError(ReviewerError):
    """A score edit breaks the rubric (out of range, unknown criterion)."""


class BatchError(ReviewerError):
    """A batch of declarations cannot be read."""


class WriteError(ReviewerError):
    """A file cannot be written (full disk, no permission, read-only medium, bad folder)."""


class UnexpectedError(ReviewerError):
    """Anything else that went wrong: one sentence for the user, the traceback in a log file and in ``details``."""

    def __init__(self, error: BaseException, log: Path | None) -> None:
        summary = f"{type(error).__name__}: {error}".strip().rstrip(":")
        super().__init__("unexpected", None, detail=_shorten(summary), log=log or "-")
        self.original = error
        self.log = log
        self.details = _traceback(error)


def as_reviewer_error(error: BaseException, file: Path | None = None) -> ReviewerError | None:
    """The error a user reads for any exception (None for SystemExit, which is not a fault).

    ``file`` is the review database the work concerns, named when SQLite faults
    without saying which file. Unexpected errors are logged (see :func:`log_unexpected`).
    """
    if isinstance(error, SystemExit):
        return None
    if isinstance(error, ReviewerError):
        return error
    if isinstance(error, KeyboardInterrupt):
        return ReviewerError("interrupted")
    translated = _sqlite_fault(error, file) if file is not None else None
    if translated is not None:
        return translated
    if isinstance(error, OSError) and not isinstance(error, _NOT_FILE_FAULTS):
        return _os_fault(error)
    return UnexpectedError(error, log_unexpected(error))


def _sqlite_fault(error: BaseException, file: Path) -> ReviewerError | None:
    import sqlite3

    original = getattr(error, "orig", error)  # SQLAlchemy wraps the driver's error
    if not isinstance(original, sqlite3.Error):
        return None
    from reviewer.store.migrations import store_error

    return store_error(original, file)


def _os_fault(error: OSError) -> ReviewerError:
    import errno

    file = error.filename if isinstance(error.filename, (str, Path)) else None
    detail = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return ReviewerError("os_disk_full", file, detail=detail)
    return ReviewerError("os_error", file, detail=detail)


#: OSError subclasses that are not about a file: programming or network faults, logged as unexpected.
_NOT_FILE_FAULTS: tuple[type[BaseException], ...] = (ConnectionError, TimeoutError, BlockingIOError, ChildProcessError)

#: How many logs of unexpected errors are kept.
KEEP_LOGS = 20


def log_unexpected(error: BaseException) -> Path | None:
    """Write the traceback of an unexpected error to the user's data folder; its path, or None if that failed too."""
    import os
    from datetime import datetime

    from reviewer import __version__
    from reviewer.paths import data_dir

    try:
        folder = data_dir() / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = folder / f"error-{stamp}-{os.getpid()}.log"
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"reviewer {__version__}, {datetime.now().isoformat(timespec='seconds')}\n{_traceback(error)}\n")
        for old in sorted(folder.glob("error-*.log"))[:-KEEP_LOGS]:
            old.unlink(missing_ok=True)
        return path
    except Exception:  # noqa: BLE001 - a log that cannot be written must not hide the error itself
        return None


def _traceback(error: BaseException) -> str:
    import traceback

    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


def _shorten(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
