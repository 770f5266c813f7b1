"""A batch as a flat list of files, whether it is a folder, a disc or a .zip.

Nested zips (one per recommender, as offices send them) are opened and their
files appear under the zip's name without ".zip". Entry names of zips made on
Chinese Windows (GBK, without the UTF-8 flag) are decoded correctly. Nothing is
ever written to the batch.

Nothing in a batch is trusted (see docs/batch-import.md, "Limits"):

* a path that leaves the batch — a zip entry with ``../``, an absolute name, a
  drive letter or a UNC name, a symlink (entry, file or folder) pointing outside —
  is listed in :attr:`Listing.unsafe` and never read;
* every size is checked before anything is read (``stat`` / ``ZipInfo``): members
  over :data:`MAX_MEMBER_BYTES`, compressed beyond :data:`MAX_RATIO`, zips nested
  deeper than :data:`MAX_ZIP_DEPTH`, holding more than :data:`MAX_MEMBERS`
  entries or more than :data:`MAX_ARCHIVE_BYTES` in all become a file with a
  ``problem`` (one finding) and the rest of the batch goes on;
* a member that fails while it is read (a bad CRC from a scratched disc) raises
  :class:`SourceUnreadable`, which the reader turns into a finding for that file.
"""

from __future__ import annotations

import io
import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Callable

from reviewer.errors import BatchError
from reviewer.safeio import clean_text

MAX_MEMBER_BYTES = 200 * 1024 * 1024       # one file (form, table, nested zip)
MAX_RATIO = 200                            # uncompressed / compressed beyond this is a zip bomb
MAX_ZIP_DEPTH = 3                          # batch.zip → 浙江省.zip → 申报书.zip, and no deeper
MAX_MEMBERS = 20_000                       # entries of one archive
MAX_ARCHIVE_BYTES = 16 * 1024 ** 3         # all entries of one archive, uncompressed
MAX_FILES = 50_000                         # files of a batch folder (a home folder chosen by mistake)
MAX_FOLDER_DEPTH = 24
SKIPPED_NAMES = ("__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini")

_DRIVE = re.compile(r"^[A-Za-z]:")
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError, OSError)


class SourceUnreadable(OSError):
    """A file of the batch failed while it was read; ``reason`` is a stable tag (``corrupt_zip``, ``too_large`` …)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class SourceFile:
    """One file of the batch; ``path`` is relative to the batch root, with "/"."""

    path: str
    size: int
    reader: Callable[[], bytes] = field(repr=False, compare=False)
    problem: str = ""   # set when the file cannot be read at all ("zip_bomb", "corrupt_zip: …", ...)
    raw_path: str = ""  # the name as written, when control characters had to be removed from it

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.path).suffix.lower()

    @property
    def parts(self) -> tuple[str, ...]:
        return PurePosixPath(self.path).parts

    def read(self) -> bytes:
        """The file's bytes; raises :class:`SourceUnreadable` (never a zipfile or zlib error)."""
        if self.problem:
            reason, _, detail = self.problem.partition(":")
            raise SourceUnreadable(reason, detail.strip())
        try:
            data = self.reader()
        except SourceUnreadable:
            raise
        except _READ_ERRORS as exc:
            reason = "io_error" if isinstance(exc, OSError) else "corrupt_zip"  # a bad CRC is a BadZipFile
            raise SourceUnreadable(reason, f"{type(exc).__name__}: {exc}") from None
        if len(data) > MAX_MEMBER_BYTES:
            raise SourceUnreadable("too_large", f"over {MAX_MEMBER_BYTES} bytes")
        return data


@dataclass(frozen=True)
class UnsafeEntry:
    """A path that would leave the batch: named, never read."""

    path: str     # where it sits in the batch, as written (control characters removed)
    target: str   # the name or link target that leaves


@dataclass
class Listing:
    files: list[SourceFile]
    unsafe: list[UnsafeEntry]
    inside: str = ""   # the sub-folder of the chosen folder that holds the batch ("" when the folder itself)


def list_batch(root: Path) -> list[SourceFile]:
    """Every readable-in-place file of a batch folder or .zip (paths that leave the batch left out)."""
    return scan_batch(root).files


def scan_batch(root: Path) -> Listing:
    """Every file of a batch folder or .zip, nested zips expanded, in path order, and what was refused."""
    if not root.exists():
        raise BatchError("batch_missing", root)
    unsafe: list[UnsafeEntry] = []
    if root.is_dir():
        files = _Folder(root.resolve(), unsafe).files()
    elif root.suffix.lower() == ".zip":
        files = _top_zip(root, unsafe)
    else:
        raise BatchError("batch_missing", root)
    files, cut = _strip_common_folder(files)
    return Listing(sorted(files, key=lambda f: f.path), unsafe, cut)


def _top_zip(root: Path, unsafe: list[UnsafeEntry]) -> list[SourceFile]:
    try:
        size = root.stat().st_size
        with open(root, "rb") as fh:
            declared = _declared_entries(fh)
        if declared > MAX_MEMBERS:
            raise BatchError("batch_too_large", root, detail=f"{declared} > {MAX_MEMBERS} entries")
        archive = zipfile.ZipFile(root)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise BatchError("file_unreadable", root, detail=str(exc)) from None
    refusal = _archive_problem(archive, size)
    if refusal:
        raise BatchError("batch_too_large", root, detail=refusal)
    return _zip(archive, "", 1, unsafe)


# --- folders ------------------------------------------------------------------------------------

class _Folder:
    """A recursive walk that follows no link out of the batch and visits no folder twice."""

    def __init__(self, root: Path, unsafe: list[UnsafeEntry]) -> None:
        self.root, self.unsafe = root, unsafe
        self.seen: set[Path] = {root}
        self.result: list[SourceFile] = []

    def files(self) -> list[SourceFile]:
        self._walk(self.root, "", 0)
        return self.result

    def _walk(self, folder: Path, prefix: str, depth: int) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name in SKIPPED_NAMES or entry.name.startswith("~$"):
                continue
            relative = prefix + entry.name
            path = Path(entry.path)
            if entry.is_symlink():
                target = _inside(path, self.root)
                if target is None:
                    self.unsafe.append(UnsafeEntry(clean_text(relative)[0], clean_text(_link_target(path))[0]))
                    continue
                path = target
            try:
                status = path.stat()
            except OSError:  # gone since it was listed, or no permission: nothing to read
                continue
            if stat.S_ISDIR(status.st_mode):
                self._folder(path, relative, depth)
            elif stat.S_ISREG(status.st_mode):  # never a FIFO or a device: reading one would hang
                self._file(path, relative, status.st_size)

    def _folder(self, path: Path, relative: str, depth: int) -> None:
        real = path.resolve()
        if real in self.seen or depth >= MAX_FOLDER_DEPTH:
            return
        self.seen.add(real)
        self._walk(path, relative + "/", depth + 1)

    def _file(self, path: Path, relative: str, size: int) -> None:
        if len(self.result) >= MAX_FILES:
            raise BatchError("batch_too_many_files", self.root, count=MAX_FILES)
        if path.suffix.lower() == ".zip" and size <= MAX_MEMBER_BYTES:
            self.result.extend(_nested_zip(relative, _file_reader(path, size), 1, self.unsafe))
        else:
            self.result.append(_source(relative, size, _file_reader(path, size),
                                       "too_large" if size > MAX_MEMBER_BYTES else ""))


def _inside(link: Path, root: Path) -> Path | None:
    """The link's target when it stays inside ``root`` (and exists), else None."""
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    return target if target == root or target.is_relative_to(root) else None


def _link_target(link: Path) -> str:
    try:
        return os.readlink(link)
    except OSError:
        return ""


def _file_reader(path: Path, size: int) -> Callable[[], bytes]:
    def read() -> bytes:
        if size > MAX_MEMBER_BYTES:
            raise SourceUnreadable("too_large", f"{size} bytes")
        with open(path, "rb") as fh:
            data = fh.read(size + 1)  # read(n) allocates n: never the limit, only what the listing saw
        if len(data) != size:
            raise SourceUnreadable("io_error", f"the file changed while the batch was read ({size} → {len(data)} bytes)")
        return data
    return read


# --- zips ---------------------------------------------------------------------------------------

def _nested_zip(relative: str, read: Callable[[], bytes], depth: int, unsafe: list[UnsafeEntry]) -> list[SourceFile]:
    if depth > MAX_ZIP_DEPTH:
        return [_source(relative, 0, read, "too_deep")]
    try:
        data = read()
        declared = _declared_entries(io.BytesIO(data))
        if declared > MAX_MEMBERS:
            return [_source(relative, len(data), read, f"too_many_members: {declared} > {MAX_MEMBERS}")]
        archive = zipfile.ZipFile(io.BytesIO(data))
    except SourceUnreadable as exc:
        return [_source(relative, 0, read, f"{exc.reason}: {exc.detail}")]
    except _READ_ERRORS as exc:
        return [_source(relative, 0, read, f"corrupt_zip: {type(exc).__name__}: {exc}")]
    problem = _archive_problem(archive, len(data))
    if problem:
        return [_source(relative, len(data), read, problem)]
    return _zip(archive, relative[: -len(".zip")] + "/", depth + 1, unsafe)


def _declared_entries(fh: BinaryIO) -> int:
    """The entry count the zip's end record declares, read before the directory is loaded
    (a million entries would cost hundreds of MB of ZipInfo objects just to be counted); 0 if unknown."""
    try:
        record = zipfile._EndRecData(fh)  # type: ignore[attr-defined]  # zipfile's own reader of that record
    except (AttributeError, OSError, ValueError, struct.error):
        return 0
    return int(record[zipfile._ECD_ENTRIES_TOTAL]) if record else 0  # type: ignore[attr-defined]


def _archive_problem(archive: zipfile.ZipFile, size: int) -> str:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        return f"too_many_members: {len(infos)} > {MAX_MEMBERS}"
    total = sum(i.file_size for i in infos)
    if total > MAX_ARCHIVE_BYTES or (total > MAX_MEMBER_BYTES and total > MAX_RATIO * max(size, 1)):
        return f"zip_bomb: {total} bytes in all"
    return ""


def _zip(archive: zipfile.ZipFile, prefix: str, depth: int, unsafe: list[UnsafeEntry]) -> list[SourceFile]:
    files: list[SourceFile] = []
    for info in archive.infolist():
        written = entry_name(info)
        name = safe_entry_name(written)
        if name is None or _is_link(info):
            unsafe.append(UnsafeEntry(clean_text(prefix + written)[0], clean_text(written)[0]))
            continue
        if not name or info.is_dir() or any(part in SKIPPED_NAMES or part.startswith("~$")
                                            for part in PurePosixPath(name).parts):
            continue
        relative = prefix + name
        reader = _member_reader(archive, info)
        problem = _member_problem(info)
        if name.lower().endswith(".zip") and not problem:
            files += _nested_zip(relative, reader, depth, unsafe)
        else:
            files.append(_source(relative, info.file_size, reader, problem))
    return files


def safe_entry_name(name: str) -> str | None:
    """The entry's path inside its archive, normalised; None when it would leave the archive.

    Absolute names (``/etc``), drive letters (``C:``), UNC names (``\\\\server``) and
    ``..`` that climbs above the archive all leave; ``a/../b`` stays (it is ``b``).
    """
    name = name.replace("\\", "/")
    if name.startswith("/") or _DRIVE.match(name):
        return None
    parts: list[str] = []
    for piece in name.split("/"):
        if piece == "..":
            if not parts:
                return None
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _is_link(info: zipfile.ZipInfo) -> bool:
    """A symlink stored in a zip (Unix mode in the high bits of the external attributes)."""
    return stat.S_ISLNK(info.external_attr >> 16)


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's real name: UTF-8 when flagged, else UTF-8 if it decodes, else GBK (GB18030)."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _member_problem(info: zipfile.ZipInfo) -> str:
    if info.file_size > MAX_MEMBER_BYTES:
        return "too_large"
    if info.compress_size and info.file_size > 1024 * 1024 and info.file_size / info.compress_size > MAX_RATIO:
        return "zip_bomb"
    if info.flag_bits & 0x1:
        return "encrypted"
    return ""


def _member_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[], bytes]:
    def read() -> bytes:
        with archive.open(info) as member:  # never more than the directory declares (read(n) allocates n)
            return member.read(min(info.file_size, MAX_MEMBER_BYTES) + 1)
    return read


# --- names --------------------------------------------------------------------------------------

def _source(relative: str, size: int, reader: Callable[[], bytes], problem: str = "") -> SourceFile:
    path, removed = clean_text(relative)
    return SourceFile(path, size, reader, problem, relative if removed else "")


def _strip_common_folder(files: list[SourceFile]) -> tuple[list[SourceFile], str]:
    """A disc often holds one folder that holds everything: start inside it."""
    cut_names: list[str] = []
    while files and all(len(f.parts) > 2 for f in files) and len({f.parts[0] for f in files}) == 1:
        cut_names.append(files[0].parts[0])
        cut = len(files[0].parts[0]) + 1
        files = [SourceFile(f.path[cut:], f.size, f.reader, f.problem, f.raw_path) for f in files]
    return files, "/".join(cut_names)


def read_text_table(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), else GB18030 (GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("gb18030", data, 0, 1, "neither UTF-8 nor GBK text")
