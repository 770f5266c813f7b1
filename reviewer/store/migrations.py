"""Numbered schema migrations of the review database.

Each migration runs in one transaction together with the bump of
``PRAGMA user_version``; before an existing database is upgraded, the file is
backed up beside itself (all or nothing, through a temporary). A database
written by a newer program is refused before anything in it is touched.

Crash safety: the schema version is read through a read-write connection, so a
hot rollback journal left by a program killed mid-write is rolled back (a
read-only connection cannot, and would call a sound review damaged); migrations
run in WAL mode, whose uncommitted frames a crash simply drops; and each step
re-reads the version inside its write transaction, so two programs opening one
old file at once upgrade it once.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from reviewer.errors import StoreError, WriteError
from reviewer.safeio import TEMP_PREFIX, publish, remove_stale_temporaries, temporary_for, write_atomic

#: PRAGMA application_id of a review database ("RVWR").
APPLICATION_ID = 0x52565752

#: Seconds a writer waits for another window or process to finish writing the same file.
BUSY_TIMEOUT = 5.0
STALE_BACKUP_SECONDS = 600  # no backup takes this long to write

#: SQLite's primary result codes that concern the file itself, and the error a user reads for each.
_FILE_FAULTS = {
    5: "db_locked",        # SQLITE_BUSY
    6: "db_locked",        # SQLITE_LOCKED
    8: "db_readonly",      # SQLITE_READONLY
    10: "db_io_error",     # SQLITE_IOERR
    11: "db_corrupt",      # SQLITE_CORRUPT
    13: "db_disk_full",    # SQLITE_FULL
    14: "db_cantopen",     # SQLITE_CANTOPEN
    26: "db_corrupt",      # SQLITE_NOTADB
}


@dataclass(frozen=True)
class Migration:
    version: int
    summary: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", """
        CREATE TABLE review (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            title TEXT NOT NULL,
            call_id TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT 'expert',
            expert_name TEXT NOT NULL DEFAULT '',
            batch_path TEXT NOT NULL DEFAULT '',
            batch_fingerprint TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE TABLE recommender (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL
        );
        CREATE TABLE rubric (
            direction INTEGER PRIMARY KEY,
            fingerprint TEXT NOT NULL,
            content TEXT NOT NULL
        );
        CREATE TABLE declaration (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            recommender_id INTEGER NOT NULL REFERENCES recommender(id),
            seq INTEGER NOT NULL,
            direction INTEGER NOT NULL REFERENCES rubric(direction),
            project_name TEXT NOT NULL,
            applicant TEXT NOT NULL,
            credit_code TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE document (
            id INTEGER PRIMARY KEY,
            declaration_id INTEGER NOT NULL REFERENCES declaration(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            format TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            content TEXT NOT NULL
        );
        CREATE TABLE score (
            declaration_id INTEGER NOT NULL REFERENCES declaration(id) ON DELETE CASCADE,
            criterion_id TEXT NOT NULL,
            points REAL,
            remark TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (declaration_id, criterion_id)
        );
        CREATE TABLE assessment (
            declaration_id INTEGER PRIMARY KEY REFERENCES declaration(id) ON DELETE CASCADE,
            opinion TEXT NOT NULL DEFAULT '',
            recommendation TEXT CHECK (recommendation IN ('recommend', 'reject', 'undecided')),
            recused INTEGER NOT NULL DEFAULT 0,
            recusal_reason TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE veto (
            declaration_id INTEGER NOT NULL REFERENCES declaration(id) ON DELETE CASCADE,
            veto_id TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (declaration_id, veto_id)
        );
    """),
    Migration(2, "edit history and edit times", """
        ALTER TABLE score ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
        ALTER TABLE assessment ADD COLUMN updated_at TEXT NOT NULL DEFAULT '';
        CREATE TABLE edit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            declaration_id INTEGER NOT NULL REFERENCES declaration(id) ON DELETE CASCADE,
            field TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT
        );
        CREATE INDEX edit_log_declaration ON edit_log(declaration_id, id);
    """),
    Migration(3, "imported batches, the formal check and the audit log", """
        CREATE TABLE batch (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            fingerprint TEXT NOT NULL UNIQUE,
            imported_at TEXT NOT NULL,
            files INTEGER NOT NULL DEFAULT 0
        );
        ALTER TABLE recommender ADD COLUMN batch_id INTEGER REFERENCES batch(id);
        ALTER TABLE declaration ADD COLUMN selected INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE declaration ADD COLUMN fields TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE finding (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES batch(id) ON DELETE CASCADE,
            code TEXT NOT NULL,
            severity TEXT NOT NULL,
            file TEXT NOT NULL DEFAULT '',
            declaration TEXT NOT NULL DEFAULT '',
            params TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX finding_batch ON finding(batch_id);
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            reason TEXT NOT NULL DEFAULT ''
        );
    """),
    Migration(4, "the panel: experts, assignments, conflicts, merged scores, the chair's settings", """
        CREATE TABLE setting (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE expert (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            affiliation TEXT NOT NULL DEFAULT '',
            province TEXT NOT NULL DEFAULT '',
            directions TEXT NOT NULL DEFAULT '[]',
            ties TEXT NOT NULL DEFAULT '[]',
            affiliation_code TEXT NOT NULL DEFAULT '',
            passphrase TEXT NOT NULL,
            secret TEXT NOT NULL,
            signing_key TEXT NOT NULL,
            created_at TEXT NOT NULL,
            UNIQUE (name, affiliation)
        );
        CREATE TABLE conflict (
            expert_id INTEGER NOT NULL REFERENCES expert(id) ON DELETE CASCADE,
            declaration_id INTEGER NOT NULL REFERENCES declaration(id) ON DELETE CASCADE,
            source TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (expert_id, declaration_id, source)
        );
        CREATE TABLE assignment (
            expert_id INTEGER NOT NULL REFERENCES expert(id) ON DELETE CASCADE,
            declaration_id INTEGER NOT NULL REFERENCES declaration(id) ON DELETE CASCADE,
            PRIMARY KEY (expert_id, declaration_id)
        );
        CREATE TABLE score_file (
            id INTEGER PRIMARY KEY,
            expert_id INTEGER NOT NULL REFERENCES expert(id) ON DELETE CASCADE,
            sha256 TEXT NOT NULL UNIQUE,
            written_at TEXT NOT NULL,
            merged_at TEXT NOT NULL,
            path TEXT NOT NULL DEFAULT '',
            current INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE expert_score (
            expert_id INTEGER NOT NULL REFERENCES expert(id) ON DELETE CASCADE,
            declaration_id INTEGER NOT NULL REFERENCES declaration(id) ON DELETE CASCADE,
            criterion_id TEXT NOT NULL,
            points REAL,
            remark TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (expert_id, declaration_id, criterion_id)
        );
        CREATE TABLE expert_assessment (
            expert_id INTEGER NOT NULL REFERENCES expert(id) ON DELETE CASCADE,
            declaration_id INTEGER NOT NULL REFERENCES declaration(id) ON DELETE CASCADE,
            opinion TEXT NOT NULL DEFAULT '',
            recommendation TEXT,
            vetoes TEXT NOT NULL DEFAULT '{}',
            recused INTEGER NOT NULL DEFAULT 0,
            recusal_reason TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (expert_id, declaration_id)
        );
        CREATE TABLE deviation_note (
            expert_id INTEGER NOT NULL REFERENCES expert(id) ON DELETE CASCADE,
            declaration_id INTEGER NOT NULL REFERENCES declaration(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('confirmed', 'corrected')),
            note TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (expert_id, declaration_id)
        );
        CREATE TABLE group_opinion (
            declaration_id INTEGER PRIMARY KEY REFERENCES declaration(id) ON DELETE CASCADE,
            text TEXT NOT NULL DEFAULT '',
            dissent TEXT NOT NULL DEFAULT '',
            updated_at TEXT NOT NULL DEFAULT ''
        );
    """),
    Migration(5, "integrity: experts' public keys, issued packages, score files' sequence numbers and signers", """
        ALTER TABLE expert ADD COLUMN public_key TEXT NOT NULL DEFAULT '';
        ALTER TABLE expert ADD COLUMN key_fingerprint TEXT NOT NULL DEFAULT '';
        ALTER TABLE expert ADD COLUMN package_issued_at TEXT NOT NULL DEFAULT '';
        ALTER TABLE expert ADD COLUMN package_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE score_file ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE score_file ADD COLUMN fingerprint TEXT NOT NULL DEFAULT ''
    """),
    # 6: a declaration whose direction the import could not recognise is stored too (direction 0, pending until the
    # chair corrects it), so the declaration table is rebuilt without its reference to rubric(direction). SQLite's
    # own recipe: new table, copy, drop, rename; the migration's connection has foreign keys off, as it needs.
    Migration(6, "the chair: formal-check resolutions, hand-made assignments, when an expert's assignments changed", """
        CREATE TABLE formal_resolution (
            declaration_id INTEGER PRIMARY KEY REFERENCES declaration(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('accepted', 'corrected', 'supplemented', 'excluded')),
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        );
        ALTER TABLE assignment ADD COLUMN source TEXT NOT NULL DEFAULT 'auto';
        ALTER TABLE expert ADD COLUMN assignment_changed_at TEXT NOT NULL DEFAULT '';
        CREATE TABLE declaration_new (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            recommender_id INTEGER NOT NULL REFERENCES recommender(id),
            seq INTEGER NOT NULL,
            direction INTEGER NOT NULL,
            project_name TEXT NOT NULL,
            applicant TEXT NOT NULL,
            credit_code TEXT NOT NULL DEFAULT '',
            selected INTEGER NOT NULL DEFAULT 1,
            fields TEXT NOT NULL DEFAULT '{}'
        );
        INSERT INTO declaration_new (id, code, recommender_id, seq, direction, project_name, applicant, credit_code,
                                     selected, fields)
            SELECT id, code, recommender_id, seq, direction, project_name, applicant, credit_code, selected, fields
            FROM declaration;
        DROP TABLE declaration;
        ALTER TABLE declaration_new RENAME TO declaration;
        CREATE INDEX finding_declaration ON finding(declaration);
        CREATE INDEX expert_score_declaration ON expert_score(declaration_id);
        CREATE INDEX expert_assessment_declaration ON expert_assessment(declaration_id);
    """),
)

LATEST = MIGRATIONS[-1].version


def store_error(error: sqlite3.Error, path: Path) -> StoreError | None:
    """The StoreError a user reads for SQLite's fault ``error`` about the file ``path`` (None: not a file fault).

    A damaged file's message names the newest automatic backup beside it, if any.
    """
    code = getattr(error, "sqlite_errorcode", None)
    detail = str(error)
    if code is None:  # an error raised before SQLite returned a code: recognise it by its words
        words = {"locked": 5, "disk is full": 13, "malformed": 11, "not a database": 26, "readonly": 8,
                 "disk I/O": 10, "unable to open": 14}
        code = next((c for w, c in words.items() if w in detail), None)
    kind = _FILE_FAULTS.get((code or 0) & 0xFF)
    if kind is None:
        return None
    if kind == "db_io_error" and _nearly_full(path):
        kind = "db_disk_full"  # SQLite says "disk I/O error" when the log or shared memory cannot grow
    if kind == "db_corrupt":
        backup = find_backup(path)
        if backup is not None:
            return StoreError("db_corrupt_backup", path, detail=detail, backup=str(backup))
    if kind == "db_locked":
        return StoreError(kind, path, detail=detail, seconds=f"{BUSY_TIMEOUT:g}")
    return StoreError(kind, path, detail=detail)


#: Free space below which an I/O error while writing is taken for a full disk.
NEARLY_FULL = 1 << 20


def _nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.absolute().parent).free < NEARLY_FULL
    except OSError:
        return False


def find_backup(path: Path) -> Path | None:
    """The newest automatic backup of ``path`` beside it (made before an upgrade), if any."""
    try:
        backups = [p for p in path.parent.glob(f"{path.stem}.v*-backup-*{path.suffix}") if p.is_file()]
    except OSError:
        return None
    return max(backups, key=lambda p: (p.stat().st_mtime, p.name), default=None)


def schema_version(path: Path) -> int:
    """Read the schema version (0 for a new, empty file); a hot journal left by a crash is rolled back first.

    Raises StoreError when the file is not a review database or is newer than
    this program; neither case changes the file.
    """
    if not path.exists() or path.stat().st_size == 0:
        return 0
    try:
        con = connect(path, "rw")
        try:
            version = con.execute("PRAGMA user_version").fetchone()[0]
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            tables = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise store_error(exc, path) or StoreError("db_corrupt", path, detail=str(exc)) from None
    if app_id != APPLICATION_ID and (version or tables):
        raise StoreError("db_not_review", path)
    if version > LATEST:
        raise StoreError("db_newer", path, found=version, supported=LATEST)
    return int(version)


def migrate(path: Path, target: int = LATEST) -> Path | None:
    """Bring the database at ``path`` to ``target`` (making a new one when there is none); return the backup
    made, if any."""
    if not path.exists():
        create(path, target)
    current = schema_version(path)
    if current >= target:
        return None
    backup = _backup(path, current) if current > 0 else None
    _run(path, path, "rw", current, target, backup)
    return backup


def _run(file: Path, path: Path, mode: str, current: int, target: int, backup: Path | None) -> None:
    """Apply the migrations after ``current`` up to ``target`` to ``file``, each in its own transaction; errors
    name ``path`` (the review the user knows, also when ``file`` is its temporary)."""
    try:
        con = connect(file, mode, isolation_level=None)
    except sqlite3.Error as exc:
        raise store_error(exc, path) or StoreError("db_corrupt", path, detail=str(exc)) from None
    try:
        _set_wal(con, path)
        for migration in MIGRATIONS:
            if current < migration.version <= target:
                _apply(con, migration, path, backup)
    finally:
        con.close()  # the last connection: the write-ahead log is folded into the file and removed


def create(path: Path, target: int = LATEST) -> None:
    """A new, empty review at ``path`` (see :func:`make_new`). Two programs creating the same review at once
    both go on with the one that was put in place first."""
    make_new(path, lambda staged: _run(staged, path, "rwc", 0, target, None))


def make_new(path: Path, build: Callable[[Path], object]) -> bool:
    """Make a new database at ``path`` whole: ``build(staged)`` writes it into a temporary beside ``path`` and
    closes its connections; the file is then put in place only if no other program put one there first — it
    never replaces a file. True when this one was put in place. The temporary is removed whatever happens (a
    kill leaves it to the next run), and an error about it names ``path``, the file the user knows."""
    remove_stale_temporaries(path)
    staged = temporary_for(path)
    try:
        build(staged)
        fold_wal(staged, path)
        return publish(staged, path)
    except (StoreError, WriteError) as error:
        if error.file != staged:
            raise
        raise type(error)(error.code, path, error.place, **error.params) from error
    finally:
        remove_database(staged)


def fold_wal(staged: Path, path: Path) -> None:
    """Fold what the write-ahead log of the closed database ``staged`` still holds into the file itself, so the
    file alone is the whole review before it is given another name (``path``, named in errors)."""
    wal = Path(f"{staged}-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return
    try:
        con = connect(staged, "rw", isolation_level=None)
        try:
            busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise store_error(exc, path) or StoreError("db_corrupt", path, detail=str(exc)) from None
    if busy:
        raise StoreError("db_locked", path, detail="checkpoint", seconds=f"{BUSY_TIMEOUT:g}")


def remove_database(path: Path) -> None:
    """Remove a database file with its journal, write-ahead log and shared-memory file."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        except OSError:
            pass


def connect(path: Path, mode: str, isolation_level: str | None = "", check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection that never creates a file unless ``mode`` says so (``rwc``) and waits for other writers."""
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=isolation_level,
                           check_same_thread=check_same_thread)


def _set_wal(con: sqlite3.Connection, path: Path) -> None:
    try:
        con.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as exc:
        raise store_error(exc, path) or StoreError("db_corrupt", path, detail=str(exc)) from None


def _apply(con: sqlite3.Connection, migration: Migration, path: Path, backup: Path | None) -> None:
    try:
        con.execute("BEGIN IMMEDIATE")
        if con.execute("PRAGMA user_version").fetchone()[0] >= migration.version:
            con.execute("ROLLBACK")  # another program upgraded the file while this one waited
            return
        for statement in _statements(migration.sql):
            con.execute(statement)
        con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        con.execute(f"PRAGMA user_version = {migration.version}")
        con.execute("COMMIT")
    except sqlite3.Error as exc:
        if con.in_transaction:
            try:
                con.execute("ROLLBACK")
            except sqlite3.Error:
                pass  # SQLite rolled back by itself (a full disk, an I/O error)
        fault = store_error(exc, path)
        if fault is not None:
            raise fault from None
        raise StoreError("db_migration_failed", path, version=migration.version, detail=str(exc), backup=backup or "-") from None


def _statements(sql: str) -> list[str]:
    return [s.strip() for s in sql.split(";") if s.strip()]


def _backup(path: Path, version: int) -> Path:
    """A copy of the file beside it, written all or nothing: a byte copy, or SQLite's online backup
    when a write-ahead log holds part of the review."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.v{version}-backup-{stamp}{path.suffix}")
    for stale in path.parent.glob(f"{TEMP_PREFIX}{path.stem}.v*-backup-*{path.suffix}"):
        try:  # a backup a killed run left half-written; not one another program opening the file now writes
            if time.time() - stale.stat().st_mtime > STALE_BACKUP_SECONDS:
                stale.unlink(missing_ok=True)
        except OSError:
            pass
    wal = Path(f"{path}-wal")
    if not wal.exists() or wal.stat().st_size == 0:
        return write_atomic(target, lambda temporary: shutil.copy2(path, temporary))
    return write_atomic(target, lambda temporary: _online_backup(path, temporary))


def _online_backup(path: Path, target: Path) -> None:
    src = connect(path, "rw")
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    except sqlite3.Error as exc:
        raise store_error(exc, path) or StoreError("db_corrupt", path, detail=str(exc)) from None
    finally:
        dst.close()
        src.close()
