"""Reading the labelled fields of an application form (申报书).

Labels as offices write them: spaces between characters (``单 位 名 称``),
full- or half-width colons, the value in the next cell, the cell below, or after
the label in the same paragraph or cell; cover lines such as ``项目名称：…``.
Which fields there are and how their labels are written is the call's data
(``form_fields.toml``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reviewer.documents import DocumentText
from reviewer.errors import DataFileError
from reviewer.paths import call_dir
from reviewer.tomlfile import load_toml, require

_NOTE = re.compile(r"[（(][^）)]{0,12}[）)]")     # （盖章）, (签字), （万元）
_IGNORED = re.compile(r"[\s:：*＊]+")
_SEPARATOR = re.compile(r"[:：]")


@dataclass(frozen=True)
class FormField:
    key: str
    name: str
    labels: tuple[str, ...]
    required: bool = False
    compare_with_table: bool = False


def load_form_fields(path: Path) -> tuple[FormField, ...]:
    data = load_toml(path)
    fields = []
    for i, table in enumerate(require(data, "fields", list, path, ""), 1):
        place = f"fields[{i}]"
        fields.append(FormField(
            key=require(table, "key", str, path, place), name=require(table, "name", str, path, place),
            labels=tuple(require(table, "labels", list, path, place)),
            required=bool(table.get("required", False)), compare_with_table=bool(table.get("compare_with_table", False)),
        ))
    if not fields:
        raise DataFileError("field_missing", path, "", field="fields")
    return tuple(fields)


@lru_cache(maxsize=4)
def bundled_form_fields(call_id: str = "miit-2019") -> tuple[FormField, ...]:
    return load_form_fields(call_dir(call_id) / "form_fields.toml")


@lru_cache(maxsize=8192)
def label_key(text: str) -> str:
    """What a label looks like once spacing, colons, notes and width are set aside."""
    text = unicodedata.normalize("NFKC", text)
    return _IGNORED.sub("", _NOTE.sub("", text)).lower()


@dataclass(frozen=True)
class _Labels:
    """The labels of a field set, prepared once: by key, longest first, and their strip patterns."""

    by_label: dict[str, str]
    longest_first: tuple[str, ...]
    trailing: tuple[re.Pattern[str], ...]

    def get(self, label: str) -> str | None:
        return self.by_label.get(label)

    def __contains__(self, label: str) -> bool:
        return label in self.by_label


@lru_cache(maxsize=8)
def _labels(fields: tuple[FormField, ...]) -> _Labels:
    by_label = {label_key(label): f.key for f in fields for label in f.labels}
    ordered = tuple(sorted(by_label, key=len, reverse=True))
    trailing = tuple(re.compile(r"\s+" + r"\s*".join(map(re.escape, label)) + r"\s*(?:[（(][^）)]*[）)])?\s*$")
                     for label in ordered)
    return _Labels(by_label, ordered, trailing)


def extract_fields(document: DocumentText, fields: tuple[FormField, ...]) -> dict[str, str]:
    """The first value found for each field: table cells first (the basic-information table), then lines."""
    labels = _labels(fields)
    wanted = len(set(labels.by_label.values()))
    found: dict[str, str] = {}
    for block in document.blocks:
        if block.kind == "table":
            _from_table(block.rows, labels, found)
    for block in document.blocks:
        if len(found) == wanted:
            break  # a found field is never overwritten: the rest of the text changes nothing
        if block.kind in ("paragraph", "heading") and _SEPARATOR.search(block.text):
            _from_line(block.text, labels, found)
    return found


def _from_table(rows: tuple[tuple[str, ...], ...], labels: _Labels, found: dict[str, str]) -> None:
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            key = labels.get(label_key(cell))
            if key is None:
                if _SEPARATOR.search(cell):
                    _from_line(cell, labels, found)  # "项目名称：xxx" inside one cell
                continue
            if key in found:
                continue
            value = _right_of(row, c, labels) or _below(rows, r, c, labels)
            if value:
                found[key] = _normalise(key, value)


def _right_of(row: tuple[str, ...], c: int, labels: _Labels) -> str:
    for cell in row[c + 1:]:
        if label_key(cell) in labels:
            return ""
        if cell.strip() and cell.strip() != row[c].strip():  # a merged label repeats itself
            return _clean(cell)
    return ""


def _below(rows: tuple[tuple[str, ...], ...], r: int, c: int, labels: _Labels) -> str:
    if r + 1 < len(rows) and c < len(rows[r + 1]):
        cell = rows[r + 1][c]
        if cell.strip() and label_key(cell) not in labels:
            return _clean(cell)
    return ""


def _from_line(text: str, labels: _Labels, found: dict[str, str]) -> None:
    """``项目名称：xxx`` — and ``项目名称：xxx  申报单位：yyy`` on one line."""
    pieces = _SEPARATOR.split(text)
    for head, tail in zip(pieces, pieces[1:]):
        label = _last_label(head, labels)
        if label is None:
            continue
        key = labels.by_label[label]
        if key in found:
            continue
        value = _strip_next_label(tail, labels)
        if value:
            found[key] = _normalise(key, value)


def _last_label(head: str, labels: _Labels) -> str | None:
    """The label that ends ``head`` (the text before a colon), if any.

    The label may follow a value on the same line (``项目名称：…　申报单位``): then it is
    the last word. A label buried in a sentence is not taken.
    """
    words = head.replace("\u3000", " ").split()
    candidates = [head] if not words or words[-1] == head else [head, words[-1]]
    for candidate in candidates:
        compact = label_key(candidate)
        for label in labels.longest_first:
            if compact.endswith(label) and len(compact) - len(label) <= 12:
                return label
    return None


def _strip_next_label(tail: str, labels: _Labels) -> str:
    """The value part of ``xxx 申报单位`` when the next label follows on the same line."""
    value = _clean(tail)
    for pattern in labels.trailing:
        value = pattern.sub("", value)
    return value.strip()


def _normalise(key: str, value: str) -> str:
    """A credit code loses the spaces a PDF's layout may put into it."""
    return "".join(value.split()).upper() if key == "credit_code" else value


def _clean(text: str) -> str:
    return " ".join(text.replace("\u3000", " ").split())


def same_text(a: str, b: str) -> bool:
    """Equal once width, spacing and punctuation variants are set aside."""
    return compare_key(a) == compare_key(b)


def compare_key(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\"'“”‘’《》<>()（）·•、,，.。]+", "", text).lower()
