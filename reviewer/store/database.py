"""Opening a review database: migrate, then an engine with the right pragmas.

WAL journal, foreign keys on, ``synchronous=FULL`` so that every committed edit
survives a crash of the program or of the machine. A writer that finds the file
locked by another window or process waits :data:`BUSY_TIMEOUT` seconds, then
says so. Every failure SQLite reports about the file itself (locked, full disk,
damaged, read-only, an I/O error) becomes a :class:`~reviewer.errors.StoreError`
naming the file, through :func:`store_error` — the one translation for the
engine, the migrations and the command line.
"""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine, ExceptionContext
from sqlalchemy.pool import QueuePool
from sqlmodel import create_engine

from reviewer.errors import StoreError
from reviewer.safeio import check_target
from reviewer.store.migrations import BUSY_TIMEOUT, connect, migrate, store_error


def open_engine(path: Path) -> tuple[Engine, Path | None]:
    """Migrate the file to the latest schema and return an engine and the backup made."""
    path = Path(path)
    check_target(path)  # a missing folder, a folder given as the file: said at once, nothing created
    if path.exists() and not _writable(path):
        raise StoreError("db_readonly", path, detail="permission denied")
    backup = migrate(path)
    # Connections made here, not from a URL: a path holding "?" or "#" would be read as a URL's query.
    engine = create_engine("sqlite://", creator=partial(connect, path, "rw", check_same_thread=False), poolclass=QueuePool)
    event.listen(engine, "connect", _pragmas)
    event.listen(engine, "handle_error", partial(_translate, path))
    return engine, backup


def _pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _translate(path: Path, context: ExceptionContext) -> None:
    """SQLAlchemy's error hook: a fault of the file itself is raised as a StoreError naming it."""
    original = context.original_exception
    if isinstance(original, sqlite3.Error):
        error = store_error(original, path)
        if error is not None:
            raise error from original


def _writable(path: Path) -> bool:
    try:
        with open(path, "r+b"):
            return True
    except OSError:
        return False


__all__ = ["BUSY_TIMEOUT", "open_engine", "store_error"]
