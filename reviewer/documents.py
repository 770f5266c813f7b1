"""Read application forms (申报书) from .docx and .pdf files into plain blocks.

The result is a :class:`DocumentText`: an ordered tuple of :class:`Block`
objects (headings, paragraphs, tables and, for PDFs, page markers) that the
rest of the app uses for display, outline navigation and text search.

* ``.docx`` is read with :mod:`zipfile` and :mod:`xml.etree.ElementTree` only
  (no python-docx: it is slow to import).  Files written by Word, WPS,
  LibreOffice and python-docx are supported; headings are recognised through
  ``word/styles.xml`` (``heading N`` / ``标题 N`` / ``Title`` names, following
  ``w:basedOn`` chains) and ``w:outlineLvl``.
* ``.pdf`` is read with :mod:`pypdf`, imported lazily.  A PDF without any text
  layer (a scan) is not an error: it yields only ``page`` blocks and
  ``has_text_layer=False``.

Anything that cannot be read raises :class:`DocumentError` with a stable
``code`` and ``reason`` tag that the UI maps to a user-facing message.

This module is part of the pure-Python core and must not import Qt.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_XML_BYTES",
    "Block",
    "BlockKind",
    "DocumentError",
    "DocumentText",
    "read_document",
    "read_docx",
    "read_pdf",
]

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_XML_BYTES = 100 * 1024 * 1024
#: Uncompressed/compressed ratio above which a zip member counts as a bomb.
MAX_COMPRESSION_RATIO = 200
#: Members smaller than this are never treated as bombs (tiny, harmless).
_BOMB_MIN_BYTES = 1024 * 1024

BlockKind = Literal["heading", "paragraph", "table", "page"]
_JSON_VERSION = 1


# --------------------------------------------------------------------------
# Data model
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One unit of document content, in reading order."""

    kind: BlockKind
    text: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()
    page: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Compact dict: the kind plus every field that is not its default."""
        data: dict[str, Any] = {"kind": self.kind}
        if self.text:
            data["text"] = self.text
        if self.level:
            data["level"] = self.level
        if self.rows:
            data["rows"] = [list(row) for row in self.rows]
        if self.page:
            data["page"] = self.page
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        kind = data["kind"]
        if kind not in ("heading", "paragraph", "table", "page"):
            raise ValueError(f"unknown block kind {kind!r}")
        return cls(
            kind=kind,
            text=str(data.get("text", "")),
            level=int(data.get("level", 0)),
            rows=tuple(tuple(str(c) for c in row) for row in data.get("rows", ())),
            page=int(data.get("page", 0)),
        )


def _table_text(rows: tuple[tuple[str, ...], ...]) -> str:
    return "\n".join("\t".join(row) for row in rows)


@dataclass(frozen=True)
class DocumentText:
    """The text content of one document."""

    format: Literal["docx", "pdf"]
    blocks: tuple[Block, ...]
    page_count: int | None
    has_text_layer: bool

    def headings(self) -> list[tuple[int, Block]]:
        """``(index in blocks, block)`` for every heading, in document order."""
        return [(i, b) for i, b in enumerate(self.blocks) if b.kind == "heading"]

    def plain_text(self) -> str:
        """All text; blocks separated by newlines, table cells by tabs."""
        parts: list[str] = []
        for block in self.blocks:
            if block.kind == "table":
                parts.append(_table_text(block.rows))
            elif block.kind != "page":
                parts.append(block.text)
        return "\n".join(parts)

    def to_json(self) -> str:
        data = {
            "version": _JSON_VERSION,
            "format": self.format,
            "page_count": self.page_count,
            "has_text_layer": self.has_text_layer,
            "blocks": [b.to_dict() for b in self.blocks],
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str) -> DocumentText:
        """Inverse of :meth:`to_json`; raises ValueError on malformed input."""
        try:
            raw = json.loads(data)
            fmt = raw["format"]
            if fmt not in ("docx", "pdf"):
                raise ValueError(f"unknown format {fmt!r}")
            page_count = raw.get("page_count")
            return cls(
                format=fmt,
                blocks=tuple(Block.from_dict(b) for b in raw["blocks"]),
                page_count=None if page_count is None else int(page_count),
                has_text_layer=bool(raw["has_text_layer"]),
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ValueError(f"malformed DocumentText JSON: {exc!r}") from exc


class DocumentError(Exception):
    """A document that cannot be read.

    ``code`` is ``'unsupported_format'`` (not a .docx/.pdf file) or
    ``'unreadable_document'`` (empty, corrupt, encrypted, too large, zip bomb,
    ...).  ``reason`` is a short machine tag, ``detail`` English technical text.
    """

    def __init__(self, code: str, path: Path, reason: str, detail: str = "") -> None:
        self.code = code
        self.path = Path(path)
        self.reason = reason
        self.detail = detail
        message = f"{self.path}: {code} ({reason})"
        if detail:
            message += f": {detail}"
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.code, self.path, self.reason, self.detail))


def _unreadable(path: Path, reason: str, detail: str = "") -> DocumentError:
    return DocumentError("unreadable_document", path, reason, detail)


# --------------------------------------------------------------------------
# Dispatch and file-level checks
# --------------------------------------------------------------------------

_UNSUPPORTED_REASONS = {".doc": "doc_format", ".wps": "wps_format"}


def read_document(path: Path) -> DocumentText:
    """Read a .docx or .pdf file (chosen by suffix, case-insensitive)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return read_docx(path)
    if suffix == ".pdf":
        return read_pdf(path)
    reason = _UNSUPPORTED_REASONS.get(suffix, "other_format")
    raise DocumentError("unsupported_format", path, reason, f"suffix {suffix or '(none)'!r}")


def _check_file_size(path: Path) -> int:
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise _unreadable(path, "io_error", str(exc)) from exc
    if size == 0:
        raise _unreadable(path, "empty", "file is 0 bytes")
    if size > MAX_FILE_BYTES:
        raise _unreadable(path, "too_large", f"{size} bytes > {MAX_FILE_BYTES}")
    return size


# --------------------------------------------------------------------------
# .docx: zip container
# --------------------------------------------------------------------------

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def read_docx(path: Path) -> DocumentText:
    """Read a Word 2007+ document (also WPS / LibreOffice / python-docx output)."""
    path = Path(path)
    _check_file_size(path)
    _reject_ole2(path)
    try:
        with zipfile.ZipFile(path) as zf:
            body_xml, styles_xml = _read_docx_parts(zf, path)
    except zipfile.BadZipFile as exc:
        raise _unreadable(path, "not_zip", str(exc)) from exc
    except (ValueError, EOFError, OverflowError) as exc:  # broken zip directory
        raise _unreadable(path, "corrupt_zip", f"{type(exc).__name__}: {exc}") from exc
    except OSError as exc:
        raise _unreadable(path, "io_error", str(exc)) from exc
    body = _parse_body(body_xml, path)
    styles = _StyleTable.parse(styles_xml)
    blocks = tuple(_iter_content(body, styles))
    return DocumentText("docx", blocks, None, has_text_layer=True)


def _reject_ole2(path: Path) -> None:
    """An OLE2 file under a .docx name: an encrypted docx or a renamed .doc."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(_OLE2_MAGIC))
            if head != _OLE2_MAGIC:
                return
            content = head + fh.read()
    except OSError as exc:
        raise _unreadable(path, "io_error", str(exc)) from exc
    if _utf16(b"EncryptedPackage") not in content and _utf16(b"WordDocument") in content:
        raise _unreadable(path, "doc_format", "OLE2 Word 97-2003 document with a .docx name")
    raise _unreadable(path, "encrypted", "OLE2 container (password-protected OOXML)")


def _utf16(name: bytes) -> bytes:
    return name.decode("ascii").encode("utf-16-le")


def _read_docx_parts(zf: zipfile.ZipFile, path: Path) -> tuple[bytes, bytes | None]:
    """Return (main document XML, styles XML or None)."""
    names = set(zf.namelist())
    doc_name = _main_part_name(zf, names, path)
    if doc_name is None:
        raise _unreadable(path, "no_body", "word/document.xml not found")
    body = _read_member(zf, doc_name, path)
    styles_name = _styles_part_name(zf, names, doc_name, path)
    styles = _read_member(zf, styles_name, path) if styles_name else None
    return body, styles


def _main_part_name(zf: zipfile.ZipFile, names: set[str], path: Path) -> str | None:
    target = _relationship_target(zf, names, "_rels/.rels", "", "/officeDocument", path)
    if target is not None and target in names:
        return target
    return "word/document.xml" if "word/document.xml" in names else None


def _styles_part_name(
    zf: zipfile.ZipFile, names: set[str], doc_name: str, path: Path
) -> str | None:
    doc = PurePosixPath(doc_name)
    rels = str(doc.parent / "_rels" / f"{doc.name}.rels")
    target = _relationship_target(zf, names, rels, str(doc.parent), "/styles", path)
    if target is not None and target in names:
        return target
    fallback = str(doc.parent / "styles.xml")
    return fallback if fallback in names else None


def _relationship_target(
    zf: zipfile.ZipFile, names: set[str], rels_name: str, base: str, type_suffix: str,
    path: Path,
) -> str | None:
    """Zip member name of the first relationship whose Type ends with type_suffix."""
    if rels_name not in names:
        return None
    try:
        root = _xml_root(_read_member(zf, rels_name, path))
    except ET.ParseError:
        return None
    for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
        if rel.get("Type", "").endswith(type_suffix) and rel.get("TargetMode") != "External":
            return _resolve_target(base, rel.get("Target", ""))
    return None


def _resolve_target(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = [p for p in base.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


def _read_member(zf: zipfile.ZipFile, name: str, path: Path) -> bytes:
    """Read one zip member after size and compression-ratio checks."""
    info = zf.getinfo(name)
    if info.file_size > MAX_XML_BYTES:
        raise _unreadable(path, "too_large", f"{name} is {info.file_size} bytes > {MAX_XML_BYTES}")
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size >= _BOMB_MIN_BYTES and ratio > MAX_COMPRESSION_RATIO:
        raise _unreadable(path, "zip_bomb", f"{name} compression ratio {ratio:.0f}")
    try:
        with zf.open(info) as fh:
            return fh.read(MAX_XML_BYTES + 1)
    except _ZIP_READ_ERRORS as exc:
        raise _unreadable(path, "corrupt_zip", f"{name}: {type(exc).__name__}: {exc}") from exc


_ZIP_READ_ERRORS = (
    zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError,
)


def _xml_root(data: bytes) -> ET.Element:
    """Parse OOXML (transitional or strict); DOCTYPEs are refused (entity bombs)."""
    if b"<!DOCTYPE" in data[:4096]:
        raise ET.ParseError("DOCTYPE is not allowed in OOXML parts")
    return ET.fromstring(data.replace(_W_STRICT, _W.encode()))


def _parse_body(data: bytes, path: Path) -> ET.Element:
    try:
        root = _xml_root(data)
    except ET.ParseError as exc:
        raise _unreadable(path, "bad_xml", f"document.xml: {exc}") from exc
    body = root.find(_w("body"))
    if body is None:
        raise _unreadable(path, "no_body", "document.xml has no w:body")
    return body


# --------------------------------------------------------------------------
# .docx: styles and heading levels
# --------------------------------------------------------------------------


def _w(local: str) -> str:
    return f"{{{_W}}}{local}"


_VAL = _w("val")
_WHITESPACE = re.compile(r"\s+")  # collapsed in heading texts
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = frozenset({"title", "标题"})
_MAX_LEVEL = 6
_MAX_CHAIN = 32


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None  # w:outlineLvl value as written (0..9)


def _outline_value(ppr: ET.Element | None) -> int | None:
    if ppr is None:
        return None
    node = ppr.find(_w("outlineLvl"))
    if node is None:
        return None
    try:
        return int(node.get(_VAL, ""))
    except ValueError:
        return None


def _level_from_outline(value: int) -> int:
    """outlineLvl k (0..8) -> heading level k+1 capped at 6; 9 (body) -> 0."""
    return 0 if value < 0 or value >= 9 else min(value + 1, _MAX_LEVEL)


def _level_from_name(name: str) -> int | None:
    name = name.strip()
    match = _HEADING_NAME.match(name)
    if match:
        return min(int(match.group(1)), _MAX_LEVEL)
    if name.lower() in _TITLE_NAMES:
        return 1
    return None


class _StyleTable:
    """Paragraph styles from styles.xml, resolving heading levels lazily."""

    def __init__(self, styles: dict[str, _Style], default_id: str | None) -> None:
        self._styles = styles
        self.default_id = default_id
        self._levels: dict[str, int] = {}

    @classmethod
    def parse(cls, data: bytes | None) -> _StyleTable:
        if not data:
            return cls({}, None)
        try:
            root = _paragraph_styles_root(data)
        except ET.ParseError:
            return cls({}, None)  # broken styles: read the text anyway
        styles: dict[str, _Style] = {}
        default_id: str | None = None
        for node in root.iter(_w("style")):
            if node.get(_w("type"), "paragraph") != "paragraph":
                continue
            style_id = node.get(_w("styleId"), "")
            styles[style_id] = _style_from_node(node)
            if node.get(_w("default")) in ("1", "true", "on"):
                default_id = style_id
        return cls(styles, default_id)

    def level(self, style_id: str | None) -> int:
        """Heading level (1..6) of a paragraph style, 0 if it is not a heading."""
        style_id = style_id or self.default_id
        if style_id is None:
            return 0
        if style_id not in self._levels:
            self._levels[style_id] = self._resolve(style_id)
        return self._levels[style_id]

    def _resolve(self, style_id: str) -> int:
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current not in seen and len(seen) < _MAX_CHAIN:
            seen.add(current)
            style = self._styles.get(current)
            if style is None:
                return 0
            if style.outline is not None:
                return _level_from_outline(style.outline)
            by_name = _level_from_name(style.name)
            if by_name is not None:
                return by_name
            current = style.based_on
        return 0


_STYLES_ROOT = re.compile(rb"<w:styles\b[^>]*>")
_STYLE_OPEN = re.compile(rb"<w:style\b[^>]*>")
_STYLE_CLOSE = b"</w:style>"


def _paragraph_styles_root(data: bytes) -> ET.Element:
    """Parse only the paragraph styles when the usual "w:" prefix is used.

    styles.xml is often mostly table styles and latent styles (350 KB in
    python-docx's template); cutting out the paragraph styles first makes
    parsing ~20x faster.  Anything unusual falls back to a full parse.
    """
    if b"<!DOCTYPE" in data[:4096]:
        raise ET.ParseError("DOCTYPE is not allowed in OOXML parts")
    data = data.replace(_W_STRICT, _W.encode())
    root_tag = _STYLES_ROOT.search(data)
    parts = None if root_tag is None else _paragraph_style_parts(data)
    if root_tag is None or parts is None or root_tag.group(0).endswith(b"/>"):
        return _xml_root(data)
    try:
        return ET.fromstring(root_tag.group(0) + b"".join(parts) + b"</w:styles>")
    except ET.ParseError:
        return _xml_root(data)


def _paragraph_style_parts(data: bytes) -> list[bytes] | None:
    parts: list[bytes] = []
    for match in _STYLE_OPEN.finditer(data):
        tag = match.group(0)
        if b"w:type=" in tag and b'"paragraph"' not in tag and b"'paragraph'" not in tag:
            continue
        if tag.endswith(b"/>"):
            parts.append(tag)
            continue
        end = data.find(_STYLE_CLOSE, match.end())
        if end < 0:
            return None
        parts.append(data[match.start():end + len(_STYLE_CLOSE)])
    return parts


def _style_from_node(node: ET.Element) -> _Style:
    name_node = node.find(_w("name"))
    based_node = node.find(_w("basedOn"))
    return _Style(
        name="" if name_node is None else name_node.get(_VAL, ""),
        based_on=None if based_node is None else based_node.get(_VAL),
        outline=_outline_value(node.find(_w("pPr"))),
    )


def _paragraph_level(ppr: ET.Element | None, styles: _StyleTable) -> int:
    direct = _outline_value(ppr)
    if direct is not None:
        return _level_from_outline(direct)
    style_node = None if ppr is None else ppr.find(_w("pStyle"))
    style_id = None if style_node is None else style_node.get(_VAL)
    return styles.level(style_id)


# --------------------------------------------------------------------------
# .docx: body walk
# --------------------------------------------------------------------------

_P, _TBL, _SDT, _SDT_CONTENT = _w("p"), _w("tbl"), _w("sdt"), _w("sdtContent")
_CUSTOM_XML, _TR, _TC, _R = _w("customXml"), _w("tr"), _w("tc"), _w("r")
_T, _TAB, _PTAB, _BR, _CR = _w("t"), _w("tab"), _w("ptab"), _w("br"), _w("cr")
_NB_HYPHEN, _SYM, _TXBX = _w("noBreakHyphen"), _w("sym"), _w("txbxContent")
_PPR, _RPR, _VANISH = _w("pPr"), _w("rPr"), _w("vanish")
_ALT_CONTENT = f"{{{_MC}}}AlternateContent"
_CHOICE, _FALLBACK = f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback"
_WRAPPERS = frozenset({_SDT_CONTENT, _CUSTOM_XML, _w("ins"), _w("moveTo"), _w("smartTag")})
#: Subtrees whose text is not part of the visible document text.
_SKIP = frozenset({
    _w("delText"), _w("instrText"), _w("del"), _w("moveFrom"), _PPR, _RPR,
    _w("sdtPr"), _w("sdtEndPr"), _w("tblPr"), _w("tblGrid"), _w("trPr"), _w("tcPr"),
    _w("sectPr"), _w("fldData"), _w("footnoteReference"), _w("endnoteReference"),
    _w("commentReference"), _w("softHyphen"), _FALLBACK,
})
_FALSE_VALUES = frozenset({"0", "false", "off"})
#: Common form check boxes typed as symbols (w:sym) in Wingdings fonts.
_SYMBOLS = {
    ("wingdings", "F06F"): "□", ("wingdings", "F0A8"): "□", ("wingdings", "F0FE"): "☑",
    ("wingdings", "F0FD"): "☒", ("wingdings", "F078"): "☒", ("wingdings", "F0FC"): "✓",
    ("wingdings 2", "F0A3"): "□", ("wingdings 2", "F052"): "☑", ("wingdings 2", "F054"): "☒",
    ("wingdings 2", "F050"): "✓", ("wingdings 2", "F02A"): "□",
}


def _block_children(container: ET.Element) -> Iterator[ET.Element]:
    """Children of a block container, looking through content controls etc."""
    for child in container:
        tag = child.tag
        if tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _block_children(content)
        elif tag in _WRAPPERS:
            yield from _block_children(child)
        elif tag == _ALT_CONTENT:
            chosen = _choose_alternative(child)
            if chosen is not None:
                yield from _block_children(chosen)
        else:
            yield child


def _choose_alternative(node: ET.Element) -> ET.Element | None:
    choice = node.find(_CHOICE)
    return choice if choice is not None else node.find(_FALLBACK)


def _iter_content(container: ET.Element, styles: _StyleTable) -> Iterator[Block]:
    """Heading, paragraph and table blocks of a body, cell or text box."""
    for child in _block_children(container):
        if child.tag == _P:
            yield from _paragraph_blocks(child, styles)
        elif child.tag == _TBL:
            yield Block("table", rows=_table_rows(child))


def _paragraph_blocks(para: ET.Element, styles: _StyleTable) -> Iterator[Block]:
    pieces: list[str] = []
    boxes: list[ET.Element] = []
    _collect_text(para, pieces, boxes)
    text = "".join(pieces).rstrip()
    if text:
        level = _paragraph_level(para.find(_PPR), styles)
        if level:
            yield Block("heading", text=_WHITESPACE.sub(" ", text.strip()), level=level)
        else:
            yield Block("paragraph", text=text)
    for box in boxes:
        yield from _iter_content(box, styles)


def _collect_text(node: ET.Element, out: list[str], boxes: list[ET.Element]) -> None:
    """Append the visible text under node; text box contents go to boxes."""
    for child in node:
        tag = child.tag
        if tag == _T:
            out.append(child.text or "")
        elif tag in (_TAB, _PTAB):
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _NB_HYPHEN:
            out.append("-")
        elif tag == _SYM:
            out.append(_symbol_text(child))
        elif tag in _SKIP:
            continue
        elif tag == _TXBX:
            boxes.append(child)
        elif tag == _ALT_CONTENT:
            chosen = _choose_alternative(child)
            if chosen is not None:
                _collect_text(chosen, out, boxes)
        elif tag == _R and _is_hidden_run(child):
            continue
        elif len(child):
            _collect_text(child, out, boxes)


def _is_hidden_run(run: ET.Element) -> bool:
    rpr = run.find(_RPR)
    vanish = None if rpr is None else rpr.find(_VANISH)
    return vanish is not None and vanish.get(_VAL, "true").lower() not in _FALSE_VALUES


def _symbol_text(sym: ET.Element) -> str:
    font = sym.get(_w("font"), "").strip().lower()
    code = sym.get(_w("char"), "").upper()
    if len(code) == 4 and code.startswith("F0"):
        found = _SYMBOLS.get((font, code))
        if found is not None:
            return found
        if font == "symbol" or font.startswith("wingdings"):
            return ""
        code = "00" + code[2:]
    try:
        return chr(int(code, 16))
    except ValueError:
        return ""


def _table_rows(table: ET.Element) -> tuple[tuple[str, ...], ...]:
    rows: list[tuple[str, ...]] = []
    for row in _block_children(table):
        if row.tag == _TR and not _is_deleted_row(row):
            cells = [_cell_text(c) for c in _block_children(row) if c.tag == _TC]
            rows.append(tuple(cells))
    return tuple(rows)


def _is_deleted_row(row: ET.Element) -> bool:
    trpr = row.find(_w("trPr"))
    return trpr is not None and trpr.find(_w("del")) is not None


def _cell_text(cell: ET.Element) -> str:
    """Paragraphs joined by newlines; "" for a vertical-merge continuation."""
    tcpr = cell.find(_w("tcPr"))
    vmerge = None if tcpr is None else tcpr.find(_w("vMerge"))
    if vmerge is not None and vmerge.get(_VAL, "continue") != "restart":
        return ""
    lines: list[str] = []
    _container_lines(cell, lines)
    return "\n".join(line for line in lines if line).rstrip()


def _container_lines(container: ET.Element, out: list[str]) -> None:
    """Text of a cell's paragraphs and nested tables (no heading detection)."""
    for child in _block_children(container):
        if child.tag == _P:
            pieces: list[str] = []
            boxes: list[ET.Element] = []
            _collect_text(child, pieces, boxes)
            out.append("".join(pieces).rstrip())
            for box in boxes:
                _container_lines(box, out)
        elif child.tag == _TBL:
            out.append(_table_text(_table_rows(child)))


# --------------------------------------------------------------------------
# .pdf
# --------------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十"
_PDF_HEADINGS: tuple[tuple[re.Pattern[str], int, int], ...] = (
    # (pattern, level, max length of the line)
    (re.compile(rf"^[{_CN_NUM}]+、\s*\S"), 1, 60),
    (re.compile(rf"^[（(][{_CN_NUM}]+[）)]\s*\S"), 2, 60),
    (re.compile(r"^\d{1,2}(?:\.\d{1,2})*(?:[、.．]\s*|\s+)[^\d\s.．、]"), 2, 40),
)
_SENTENCE_END = tuple("。！？；：.!?;:")
_WRAP_FRACTION = 0.8
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def read_pdf(path: Path) -> DocumentText:
    """Read a PDF's text layer; a scan (no text) gives page blocks only."""
    path = Path(path)
    _check_file_size(path)
    page_texts = _extract_pdf_pages(path)
    blocks: list[Block] = []
    for number, text in enumerate(page_texts, start=1):
        blocks.append(Block("page", page=number))
        blocks.extend(_page_blocks(text, number))
    has_text = any(t.strip() for t in page_texts)
    return DocumentText("pdf", tuple(blocks), len(page_texts), has_text)


def _extract_pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader  # lazy: pypdf is only needed for PDFs

    try:
        reader = PdfReader(path)
        _decrypt_if_needed(reader, path)
        pages = list(reader.pages)
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many exception types on bad input
        raise _unreadable(path, "corrupt_pdf", f"{type(exc).__name__}: {exc}") from exc
    if not pages:
        raise _unreadable(path, "corrupt_pdf", "no pages")
    return _page_texts(pages, path)


def _decrypt_if_needed(reader: Any, path: Path) -> None:
    if not reader.is_encrypted:
        return
    try:
        ok = bool(reader.decrypt(""))
    except Exception as exc:  # e.g. AES without a crypto provider installed
        raise _unreadable(path, "encrypted", f"{type(exc).__name__}: {exc}") from exc
    if not ok:
        raise _unreadable(path, "encrypted", "PDF needs a password")


def _page_texts(pages: list[Any], path: Path) -> list[str]:
    """Text of each page; a page whose extraction fails counts as empty."""
    texts: list[str] = []
    errors: list[str] = []
    for page in pages:
        try:
            texts.append(_clean_pdf_text(page.extract_text() or ""))
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            texts.append("")
    if errors and len(errors) == len(pages):
        raise _unreadable(path, "corrupt_pdf", errors[0])
    return texts


def _clean_pdf_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL_CHARS.sub("", text)


def _pdf_heading_level(line: str) -> int:
    for pattern, level, max_len in _PDF_HEADINGS:
        if len(line) <= max_len and pattern.match(line):
            return level
    return 0


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _page_blocks(text: str, page: int) -> list[Block]:
    """Split one page's text into heading and paragraph blocks."""
    lines = [line.strip() for line in text.split("\n")]
    widest = max((_display_width(line) for line in lines), default=0)
    blocks: list[Block] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(Block("paragraph", text=_join_wrapped(current), page=page))
            current.clear()

    for line in lines:
        if not line:
            flush()
            continue
        level = _pdf_heading_level(line)
        if level:
            flush()
            heading = _WHITESPACE.sub(" ", line)
            blocks.append(Block("heading", text=heading, level=level, page=page))
        elif current and not _looks_wrapped(current[-1], widest):
            flush()
            current.append(line)
        else:
            current.append(line)
    flush()
    return blocks


def _looks_wrapped(line: str, widest: int) -> bool:
    """True when line probably continues on the next line (it fills the width)."""
    if line.endswith(_SENTENCE_END):
        return False
    return widest > 0 and _display_width(line) >= _WRAP_FRACTION * widest


def _join_wrapped(lines: list[str]) -> str:
    text = lines[0]
    for line in lines[1:]:
        wide = _is_wide(text[-1]) or _is_wide(line[0])
        text += line if wide else f" {line}"
    return text


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"
