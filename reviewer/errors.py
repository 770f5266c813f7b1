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
