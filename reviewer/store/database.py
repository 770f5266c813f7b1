"""Opening a review database: migrate, then an engine with the right pragmas.

WAL journal, foreign keys on, ``synchronous=FULL`` so that every committed edit
survives a crash of the program or of the machine.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

from reviewer.errors import StoreError
from reviewer.store.migrations import migrate


def open_engine(path: Path) -> tuple[Engine, Path | None]:
    """Migrate the file to the latest schema and return an engine and the backup made."""
    if path.exists() and not _writable(path):
        raise StoreError("db_readonly", path, detail="permission denied")
    backup = migrate(path)
    engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False, "timeout": 10})
    event.listen(engine, "connect", _pragmas)
    return engine, backup


def _pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def _writable(path: Path) -> bool:
    try:
        with open(path, "r+b"):
            return True
    except OSError:
        return False
