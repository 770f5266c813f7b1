"""A batch as a flat list of files, whether it is a folder, a disc or a .zip.

Nested zips (one per recommender, as offices send them) are opened in memory
and their files appear under the zip's name without ".zip". Entry names of
zips made on Chinese Windows (GBK, without the UTF-8 flag) are decoded
correctly. Nothing is ever written to the batch.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from reviewer.errors import BatchError

MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_RATIO = 200          # uncompressed / compressed beyond this is a zip bomb
SKIPPED_NAMES = ("__MACOSX", ".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass(frozen=True)
class SourceFile:
    """One file of the batch; ``path`` is relative to the batch root, with "/"."""

    path: str
    size: int
    reader: Callable[[], bytes] = field(repr=False, compare=False)
    problem: str = ""   # set when the file cannot be read at all ("zip_bomb", "corrupt_zip", ...)

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
        return self.reader()


def list_batch(root: Path) -> list[SourceFile]:
    """Every file of a batch folder or .zip, nested zips expanded, in path order."""
    if not root.exists():
        raise BatchError("batch_missing", root)
    if root.is_dir():
        files = _folder(root)
    elif root.suffix.lower() == ".zip":
        try:
            files = _zip(zipfile.ZipFile(root), "")
        except (zipfile.BadZipFile, OSError) as exc:
            raise BatchError("file_unreadable", root, detail=str(exc)) from None
    else:
        raise BatchError("batch_missing", root)
    return sorted(_strip_common_folder(files), key=lambda f: f.path)


def _folder(root: Path) -> list[SourceFile]:
    files: list[SourceFile] = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or any(part in SKIPPED_NAMES or part.startswith("~$") for part in path.parts):
            continue
        relative = path.relative_to(root).as_posix()
        if path.suffix.lower() == ".zip":
            files += _nested_zip(relative, path.read_bytes)
        else:
            files.append(SourceFile(relative, path.stat().st_size, path.read_bytes))
    return files


def _nested_zip(relative: str, read: Callable[[], bytes]) -> list[SourceFile]:
    prefix = relative[: -len(".zip")]
    try:
        return _zip(zipfile.ZipFile(io.BytesIO(read())), prefix + "/")
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        return [SourceFile(relative, 0, read, problem=f"corrupt_zip: {exc}")]


def _zip(archive: zipfile.ZipFile, prefix: str) -> list[SourceFile]:
    files: list[SourceFile] = []
    for info in archive.infolist():
        name = entry_name(info)
        if info.is_dir() or any(part in SKIPPED_NAMES or part.startswith("~$") for part in PurePosixPath(name).parts):
            continue
        relative = prefix + name
        reader = _member_reader(archive, info)
        problem = _member_problem(info)
        if name.lower().endswith(".zip") and not problem:
            files += _nested_zip(relative, reader)
        else:
            files.append(SourceFile(relative, info.file_size, reader, problem))
    return files


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
        with archive.open(info) as member:
            return member.read(MAX_MEMBER_BYTES + 1)
    return read


def _strip_common_folder(files: list[SourceFile]) -> list[SourceFile]:
    """A disc often holds one folder that holds everything: start inside it."""
    while files and all(len(f.parts) > 2 for f in files) and len({f.parts[0] for f in files}) == 1:
        cut = len(files[0].parts[0]) + 1
        files = [SourceFile(f.path[cut:], f.size, f.reader, f.problem) for f in files]
    return files


def read_text_table(data: bytes) -> str:
    """CSV bytes as text: UTF-8 (with or without BOM), else GB18030 (GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("gb18030", data, 0, 1, "neither UTF-8 nor GBK text")
