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
    key: str                  # NOT_READ: labels a form carries that the call does not read (单位性质 …)
    name: str
    labels: tuple[str, ...]
    required: bool = False
    compare_with_table: bool = False
    pattern: str = ""         # a value must contain a match (a credit code has letters or digits), else it is not this field's


NOT_READ = ""


def load_form_fields(path: Path) -> tuple[FormField, ...]:
    data = load_toml(path)
    fields = []
    for i, table in enumerate(require(data, "fields", list, path, ""), 1):
        place = f"fields[{i}]"
        pattern = table.get("pattern", "")
        try:
            re.compile(pattern)
        except (re.error, TypeError):
            raise DataFileError("bad_value", path, place, field="pattern", value=pattern, why="a regular expression") from None
        fields.append(FormField(
            key=require(table, "key", str, path, place), name=require(table, "name", str, path, place),
            labels=tuple(require(table, "labels", list, path, place)),
            required=bool(table.get("required", False)), compare_with_table=bool(table.get("compare_with_table", False)),
            pattern=pattern,
        ))
    if not fields:
        raise DataFileError("field_missing", path, "", field="fields")
    others = data.get("other_labels", [])
    if not isinstance(others, list) or not all(isinstance(o, str) for o in others):
        raise DataFileError("bad_value", path, "other_labels", field="other_labels", value=others, why="a list of texts")
    if others:
        fields.append(FormField(NOT_READ, "", tuple(others)))
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

    by_label: dict[str, str]             # every label, the fields' and the ones not read (key NOT_READ)
    longest_first: tuple[str, ...]       # the fields' labels only
    trailing: tuple[re.Pattern[str], ...]
    patterns: dict[str, re.Pattern[str]]

    def get(self, label: str) -> str | None:
        return self.by_label.get(label)

    def __contains__(self, label: str) -> bool:
        return label in self.by_label

    def fits(self, key: str, value: str) -> bool:
        """``value`` can be this field's: not a label, and of the field's shape."""
        if not value or label_key(value) in self.by_label:
            return False
        pattern = self.patterns.get(key)
        return pattern is None or pattern.search(value) is not None


@lru_cache(maxsize=8)
def _labels(fields: tuple[FormField, ...]) -> _Labels:
    by_label = {label_key(label): f.key for f in fields for label in f.labels}
    ordered = tuple(sorted((label for label, key in by_label.items() if key != NOT_READ), key=len, reverse=True))
    trailing = tuple(re.compile(r"\s+" + r"\s*".join(map(re.escape, label)) + r"\s*(?:[（(][^）)]*[）)])?\s*$")
                     for label in ordered)
    patterns = {f.key: re.compile(f.pattern) for f in fields if f.pattern}
    return _Labels(by_label, ordered, trailing, patterns)


def extract_fields(document: DocumentText, fields: tuple[FormField, ...]) -> dict[str, str]:
    """The first value found for each field: table cells first (the basic-information table), then lines."""
    labels = _labels(fields)
    wanted = len(set(labels.by_label.values()) - {NOT_READ})
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
        cells = _distinct(row)
        keys = [labels.get(label_key(text)) for _, text in cells]
        if not any(keys):
            for _, text in cells:
                if _SEPARATOR.search(text):
                    _from_line(text, labels, found)  # "项目名称：xxx" inside one cell
            continue
        below = rows[r + 1] if r + 1 < len(rows) else ()
        above_values = _is_label_row(cells, keys, below, labels)
        for i, key in enumerate(keys):
            if not key or key in found:
                continue
            right, down = _right_of(cells, i, keys), _below(below, cells[i][0])
            for value in ((down, right) if above_values else (right, down)):
                if labels.fits(key, value):
                    found[key] = _normalise(key, value)
                    break
        for (_, text), key in zip(cells, keys):
            if key is None and _SEPARATOR.search(text):
                _from_line(text, labels, found)


def _distinct(row: tuple[str, ...]) -> list[tuple[int, str]]:
    """The row's non-empty cells with their (first) columns; a merged cell repeats its text, and counts once."""
    cells: list[tuple[int, str]] = []
    previous = ""
    for c, text in enumerate(row):
        text = text.strip()
        if text and text != previous:
            cells.append((c, text))
        previous = text
    return cells


def _is_label_row(cells: list[tuple[int, str]], keys: list[str | None], below: tuple[str, ...], labels: _Labels) -> bool:
    """A row of labels whose values are in the row below (单位名称 | 统一社会信用代码 | 单位性质).

    Two labels side by side say so; so does a field whose right-hand neighbour cannot be its value
    while the cell below can. A row below that holds labels itself is not a row of values.
    """
    if not below or any(labels.get(label_key(text)) is not None for text in below if text.strip()):
        return False
    if any(a is not None and b is not None for a, b in zip(keys, keys[1:])):
        return True
    return any(key and key != NOT_READ and not labels.fits(key, _right_of(cells, i, keys))
               and labels.fits(key, _below(below, cells[i][0]))
               for i, key in enumerate(keys))


def _right_of(cells: list[tuple[int, str]], i: int, keys: list[str | None]) -> str:
    """The next cell to the right, unless it is a label itself."""
    if i + 1 < len(cells) and keys[i + 1] is None:
        return _clean(cells[i + 1][1])
    return ""


def _below(below: tuple[str, ...], c: int) -> str:
    return _clean(below[c]) if c < len(below) else ""


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
