"""The two rules every writer and every text that enters obey.

* :func:`write_atomic` — a file is written through a temporary in the same folder
  and renamed over the target, so a reader sees the old file or the new one, never
  half of one; the temporary is removed on failure, and temporaries left by a run
  that was killed are removed by the next write of the same file (never one that
  another running program is still writing: each carries its writer's process id).
  :func:`publish` puts a new file in place only if none is there yet. An OS failure
  (full disk, no permission, read-only medium, missing folder, a parent that is a
  file) becomes one :class:`~reviewer.errors.WriteError` naming the file.
* :func:`clean_text` — characters that Word and XML cannot hold (C0 controls other
  than tab, line feed and carriage return; U+FFFE/U+FFFF; lone surrogates) are
  removed where text enters, so no stored text can break an export.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import time
from pathlib import Path
from typing import Callable

from reviewer.errors import WriteError

#: Characters XML 1.0 (and so .docx/.xlsx) cannot hold.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

#: Prefix of every temporary a writer leaves beside its target while writing.
TEMP_PREFIX = ".~"

_REASONS = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EACCES: "no_permission",
    errno.EPERM: "no_permission",
    errno.EROFS: "read_only",
    errno.ENOENT: "no_folder",
    errno.ENOTDIR: "parent_not_folder",
    errno.EISDIR: "is_folder",
}


def clean_text(value: str) -> tuple[str, int]:
    """``value`` without the characters XML cannot hold, and how many were removed."""
    cleaned, removed = _FORBIDDEN.subn("", value)
    return cleaned, removed


#: A temporary older than this is abandoned whoever wrote it (no writer takes so long).
STALE_SECONDS = 600
_WRITER = re.compile(r"\.(\d+)-[0-9a-f]{8}")   # the writer's process id in a temporary's name


def temporary_for(path: Path) -> Path:
    """A fresh temporary beside ``path`` that keeps its suffix (writers pick the format by it) and names the
    process writing it, so that another program's next write can tell a killed run's leftover from a
    temporary still being written."""
    return path.with_name(f"{TEMP_PREFIX}{path.stem}.{os.getpid()}-{secrets.token_hex(4)}{path.suffix}")


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Remove temporaries of ``path`` that a killed run left behind (with their SQLite sidecars); returns what
    was removed. A temporary another running program is writing now is left alone."""
    removed: list[Path] = []
    try:
        candidates = list(path.parent.glob(f"{TEMP_PREFIX}{path.stem}.*{path.suffix}"))
    except OSError:
        return removed
    for candidate in candidates:
        if not _abandoned(candidate):
            continue
        for leftover in (candidate, *(Path(f"{candidate}{end}") for end in ("-wal", "-shm", "-journal"))):
            try:
                leftover.unlink()
                removed.append(leftover)
            except OSError:
                pass
    return removed


def _abandoned(temporary: Path) -> bool:
    """Whether no running program is writing ``temporary``: its writer (the process id in its name) is gone,
    or it is this very process, or it is older than any write takes. Where a process cannot be asked (not
    POSIX), only age tells."""
    named = _WRITER.findall(temporary.name)
    writer = int(named[-1]) if named else os.getpid()
    if writer == os.getpid():
        return True
    try:
        if time.time() - temporary.stat().st_mtime > STALE_SECONDS:
            return True
    except OSError:
        return False
    if os.name != "posix":
        return False
    try:
        os.kill(writer, 0)
    except ProcessLookupError:
        return True
    except OSError:  # exists, another user's: alive
        return False
    return False


def publish(temporary: Path, path: Path) -> bool:
    """Give the finished file ``temporary`` the name ``path`` unless a file of that name exists already
    (another program made it first): never replaces. True when ``temporary`` became ``path``."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError:  # no hard links on this medium (FAT, exFAT, some shares): a rename, after a look
        if path.exists():
            return False
        try:
            os.rename(temporary, path)   # on Windows refuses an existing target by itself
        except FileExistsError:
            return False
        except OSError as error:
            raise write_error(error, path) from error
    _fsync_folder(path.parent)
    return True


def write_error(error: OSError, path: Path) -> WriteError:
    """The one-line error a user reads for an OS failure while writing ``path``."""
    reason = _REASONS.get(error.errno or 0, "os_error")
    return WriteError(f"write_{reason}", path, detail=error.strerror or str(error))


def check_target(path: Path, create_parent: bool = False) -> None:
    """Refuse at once a target whose folder is missing (unless asked to create it) or is a file."""
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise WriteError("write_parent_not_folder", path, detail=str(parent))
    if not parent.exists():
        if not create_parent:
            raise WriteError("write_no_folder", path, detail=str(parent))
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise write_error(error, path) from error
    if path.is_dir():
        raise WriteError("write_is_folder", path, detail=str(path))


def write_atomic(path: Path, write: Callable[[Path], None], *, create_parent: bool = False) -> Path:
    """Write ``path`` through ``write(temporary)`` and a rename; all or nothing."""
    check_target(path, create_parent)
    remove_stale_temporaries(path)
    temporary = temporary_for(path)
    try:
        write(temporary)
        _fsync_file(temporary)
        os.replace(temporary, path)
        _fsync_folder(path.parent)
    except OSError as error:
        raise write_error(error, path) from error
    finally:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
    return path


def write_bytes_atomic(path: Path, data: bytes, *, create_parent: bool = False) -> Path:
    """:func:`write_atomic` for bytes already in memory."""
    return write_atomic(path, lambda temporary: temporary.write_bytes(data), create_parent=create_parent)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
