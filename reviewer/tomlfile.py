"""Reading the program's TOML data files with errors that name file and place."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, Iterable

from reviewer.errors import DataFileError

_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def load_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a missing or malformed file raises DataFileError."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataFileError("file_missing", path) from None
    except OSError as exc:
        raise DataFileError("file_unreadable", path, detail=exc.strerror or str(exc)) from None
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DataFileError("file_unreadable", path, detail=f"not UTF-8 ({exc.reason})") from None
    except tomllib.TOMLDecodeError as exc:
        match = _AT.search(str(exc))
        line, col = (match.group(1), match.group(2)) if match else ("?", "?")
        detail = _AT.sub("", str(exc)).strip()
        raise DataFileError("syntax", path, line=line, col=col, detail=detail) from None


def require(table: dict[str, Any], key: str, kind: type | tuple[type, ...], path: Path, place: str) -> Any:
    """Fetch ``table[key]`` checking its type; errors name file and place."""
    if key not in table:
        raise DataFileError("field_missing", path, place, field=key)
    value = table[key]
    if isinstance(value, bool) and bool not in _as_tuple(kind):
        raise DataFileError("bad_value", path, place, field=key, value=value, why=_expected(kind))
    if not isinstance(value, kind):
        raise DataFileError("bad_value", path, place, field=key, value=value, why=_expected(kind))
    return value


def require_unique(ids: Iterable[str], path: Path, place: str) -> None:
    """Each id once; the first repeat is named with the file and place."""
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise DataFileError("duplicate_id", path, place, id=item)
        seen.add(item)


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _expected(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", float: "a number", list: "a list", dict: "a table", bool: "true/false"}
    return "expected " + " or ".join(names.get(k, k.__name__) for k in _as_tuple(kind))
