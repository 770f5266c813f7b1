"""Read application forms (申报书) from .docx and .pdf files into plain blocks.

The result is a :class:`DocumentText`: an ordered tuple of :class:`Block`
objects (headings, paragraphs, tables and, for PDFs, page markers) that the
rest of the app uses for display, outline navigation and text search.

* ``.docx`` is read with :mod:`zipfile` and :mod:`xml.etree.ElementTree` only
  (no python-docx: it is slow to import).  Files written by Word, WPS,
  LibreOffice and python-docx are supported; headings are recognised through
  ``word/styles.xml`` (``heading N`` / ``标题 N`` / ``Title`` names, following
  ``w:basedOn`` chains) and ``w:outlineLvl``.
* ``.pdf`` is read with :mod:`pypdf`, imported lazily.  The visual lines are
  rebuilt from the positions of the text fragments (dropping "fake bold"
  copies drawn twice), then grouped into headings, paragraphs and tables by
  layout rules.  A PDF without any text layer (a scan) is not an error: it
  yields only ``page`` blocks and ``has_text_layer=False``.

Anything that cannot be read raises :class:`DocumentError` with a stable
``code`` and ``reason`` tag that the UI maps to a user-facing message.

This module is part of the pure-Python core and must not import Qt.
"""

from __future__ import annotations

import io
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
    "clean_document",
    "ooxml_refusal",
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


def clean_document(document: DocumentText) -> tuple[DocumentText, int]:
    """``document`` without characters XML cannot hold (see :func:`reviewer.safeio.clean_text`), and how many went."""
    from reviewer.safeio import clean_text

    if not clean_text(document.plain_text())[1]:
        return document, 0
    removed = 0
    blocks = []
    for block in document.blocks:
        text, count = clean_text(block.text)
        removed += count
        rows = []
        for row in block.rows:
            cells = []
            for cell in row:
                cell, count = clean_text(cell)
                removed += count
                cells.append(cell)
            rows.append(tuple(cells))
        blocks.append(Block(block.kind, text, block.level, tuple(rows), block.page))
    return DocumentText(document.format, tuple(blocks), document.page_count, document.has_text_layer), removed


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
    _check_suffix(path)
    _check_file_size(path)
    return _read_data(path, _read_bytes(path))


def read_document_bytes(name: str | Path, data: bytes) -> DocumentText:
    """Read a .docx or .pdf held in memory (a zip member); ``name`` names it in errors."""
    path = Path(name)
    _check_suffix(path)
    _check_size(path, len(data))
    return _read_data(path, data)


def _read_data(path: Path, data: bytes) -> DocumentText:
    if path.suffix.lower() == ".docx":
        return _docx_from_bytes(path, data)
    return _pdf_from_bytes(path, data)


def _check_suffix(path: Path) -> None:
    suffix = path.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        reason = _UNSUPPORTED_REASONS.get(suffix, "other_format")
        raise DocumentError("unsupported_format", path, reason, f"suffix {suffix or '(none)'!r}")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _unreadable(path, "io_error", str(exc)) from exc


def _check_file_size(path: Path) -> int:
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise _unreadable(path, "io_error", str(exc)) from exc
    _check_size(path, size)
    return size


def _check_size(path: Path, size: int) -> None:
    if size == 0:
        raise _unreadable(path, "empty", "file is 0 bytes")
    if size > MAX_FILE_BYTES:
        raise _unreadable(path, "too_large", f"{size} bytes > {MAX_FILE_BYTES}")


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
    return _docx_from_bytes(path, _read_bytes(path))


def _docx_from_bytes(path: Path, data: bytes) -> DocumentText:
    _reject_ole2(path, data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            body_xml, styles_name = _read_docx_parts(zf, path)
            styles = _styles(zf, styles_name, path)
    except zipfile.BadZipFile as exc:
        raise _unreadable(path, "not_zip", str(exc)) from exc
    except (ValueError, EOFError, OverflowError) as exc:  # broken zip directory
        raise _unreadable(path, "corrupt_zip", f"{type(exc).__name__}: {exc}") from exc
    except OSError as exc:
        raise _unreadable(path, "io_error", str(exc)) from exc
    body = _parse_body(body_xml, path)
    blocks = tuple(_iter_content(body, styles))
    if not any(b.kind == "heading" for b in blocks):
        blocks = _numbered_headings(blocks)
    return DocumentText("docx", blocks, None, has_text_layer=True)


_STYLE_CACHE: dict[tuple[int, int, int], "_StyleTable"] = {}


def _styles(zf: zipfile.ZipFile, name: str | None, path: Path) -> "_StyleTable":
    """Forms of one batch share their styles part (one template, often 350 KB): each distinct one is
    decompressed and parsed once, known again by its CRC and sizes from the zip directory.

    (A forged CRC could only lend a form another form's heading levels.)
    """
    if name is None:
        return _StyleTable.parse(None)
    info = zf.getinfo(name)
    key = (info.CRC, info.file_size, info.compress_size)
    table = _STYLE_CACHE.get(key)
    if table is None:
        if len(_STYLE_CACHE) >= 32:
            _STYLE_CACHE.clear()
        table = _STYLE_CACHE[key] = _StyleTable.parse(_read_member(zf, name, path))
    return table


def _numbered_headings(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """A form typed without heading styles: short lines numbered 一、 or （一） become the outline."""
    result = []
    for block in blocks:
        level = _numbered_level(block.text) if block.kind == "paragraph" else 0
        result.append(Block("heading", block.text, level) if level else block)
    return tuple(result)


def _numbered_level(text: str) -> int:
    if "\n" in text or text.endswith(_NOT_HEADING_END):
        return 0
    for pattern, level, max_len in _PDF_HEADINGS[:2]:  # 一、 and （一）: unambiguous in prose
        if len(text) <= max_len and pattern.match(text):
            return level
    return 0


def _reject_ole2(path: Path, content: bytes) -> None:
    """An OLE2 file under a .docx name: an encrypted docx or a renamed .doc."""
    if not content.startswith(_OLE2_MAGIC):
        return
    if _utf16(b"EncryptedPackage") not in content and _utf16(b"WordDocument") in content:
        raise _unreadable(path, "doc_format", "OLE2 Word 97-2003 document with a .docx name")
    raise _unreadable(path, "encrypted", "OLE2 container (password-protected OOXML)")


def _utf16(name: bytes) -> bytes:
    return name.decode("ascii").encode("utf-16-le")


def _read_docx_parts(zf: zipfile.ZipFile, path: Path) -> tuple[bytes, str | None]:
    """Return (main document XML, the styles part's name or None)."""
    names = set(zf.namelist())
    doc_name = _main_part_name(zf, names, path)
    if doc_name is None:
        raise _unreadable(path, "no_body", "word/document.xml not found")
    body = _read_member(zf, doc_name, path)
    return body, _styles_part_name(zf, names, doc_name, path)


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
            return fh.read(min(info.file_size, MAX_XML_BYTES) + 1)
    except _ZIP_READ_ERRORS as exc:
        raise _unreadable(path, "corrupt_zip", f"{name}: {type(exc).__name__}: {exc}") from exc


_ZIP_READ_ERRORS = (
    zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError,
)


def _xml_root(data: bytes) -> ET.Element:
    """Parse OOXML (transitional or strict); DOCTYPEs and entities are refused (entity bombs)."""
    if declares_dtd(data):
        raise ET.ParseError("DOCTYPE is not allowed in OOXML parts")
    return ET.fromstring(data.replace(_W_STRICT, _W.encode()))


_PROLOG_ITEM = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.S)
_PROLOG_BYTES = 64 * 1024


def declares_dtd(data: bytes) -> bool:
    """A DOCTYPE (and so possibly entities) before the root element of an XML part; OOXML never has one.

    Only the prolog can hold a DOCTYPE: declaration, processing instructions and comments
    are stepped over, and the first markup after them must be the root element. A prolog
    longer than 64 KB (no sound part has one) counts as a DOCTYPE.
    """
    head = data[:_PROLOG_BYTES]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="replace").encode("utf-8")
    position = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while (item := _PROLOG_ITEM.match(head, position)) is not None and item.end() > position:
        position = item.end()
    rest = head[position:].lstrip()
    return not rest[:1] == b"<" or rest[1:2] in (b"!", b"?", b"")


def ooxml_refusal(data: bytes) -> str:
    """Why an OOXML package (an .xlsx) must not be opened: ``'zip_bomb'``, ``'too_large'``, ``'xml_entities'`` … or ``''``.

    Checked from the zip directory before any part is decompressed, then each XML
    part's DTD, so the library that reads it next never expands an entity.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            if len(infos) > 10_000:
                return "too_many_members"
            for info in infos:
                if info.file_size > MAX_XML_BYTES:
                    return "too_large"
                if info.file_size >= _BOMB_MIN_BYTES and info.file_size / max(info.compress_size, 1) > MAX_COMPRESSION_RATIO:
                    return "zip_bomb"
            for info in infos:
                if info.filename.endswith((".xml", ".rels")) and info.file_size:
                    with zf.open(info) as part:
                        if declares_dtd(part.read(_PROLOG_BYTES)):
                            return "xml_entities"
    except zipfile.BadZipFile:
        return "not_zip"
    except _ZIP_READ_ERRORS + (OSError,):
        return "corrupt_zip"
    return ""


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
    if declares_dtd(data):
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
        elif tag in _SKIP:  # properties (the commonest children after text) hold no text
            continue
        elif tag == _R:
            if not _is_hidden_run(child):
                _collect_text(child, out, boxes)
        elif tag in (_TAB, _PTAB):
            out.append("\t")
        elif tag in (_BR, _CR):
            out.append("\n")
        elif tag == _NB_HYPHEN:
            out.append("-")
        elif tag == _SYM:
            out.append(_symbol_text(child))
        elif tag == _TXBX:
            boxes.append(child)
        elif tag == _ALT_CONTENT:
            chosen = _choose_alternative(child)
            if chosen is not None:
                _collect_text(chosen, out, boxes)
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


_TRPR, _DEL, _TCPR, _VMERGE = _w("trPr"), _w("del"), _w("tcPr"), _w("vMerge")


def _is_deleted_row(row: ET.Element) -> bool:
    trpr = row.find(_TRPR)
    return trpr is not None and trpr.find(_DEL) is not None


def _cell_text(cell: ET.Element) -> str:
    """Paragraphs joined by newlines; "" for a vertical-merge continuation."""
    tcpr = cell.find(_TCPR)
    vmerge = None if tcpr is None else tcpr.find(_VMERGE)
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
#
# pypdf's plain extraction is poor for forms: a label and its value come out
# as separate lines, every table cell becomes a line of its own, and "fake
# bold" text (drawn twice with a tiny offset by Qt, WPS and some printer
# drivers when the font has no bold face) comes out twice.  So the text is
# collected from pypdf's ``visitor_text`` callback as positioned fragments,
# overprinted copies are dropped, and the visual lines are rebuilt from the
# positions: fragments on one baseline form a line, a wide horizontal gap
# separates cells.  Lines are then joined into paragraphs, headings and
# tables with layout rules (line width, indent, font size, spacing).

_CN_NUM = "一二三四五六七八九十"
#: (pattern, level, max length); numbered titles must also be short.
_PDF_HEADINGS: tuple[tuple[re.Pattern[str], int, int], ...] = (
    (re.compile(rf"^[{_CN_NUM}]+、\s*\S"), 1, 40),
    (re.compile(rf"^[（(][{_CN_NUM}]+[）)]\s*\S"), 2, 40),
    # "1.概述", "2、目标", "1. Introduction", "1.1 技术路线" (not "41.6万例", "2019年")
    (re.compile(r"^\d{1,2}(?:(?:\.\d{1,2})*[、.．]\s*|(?:\.\d{1,2})+\s+)[^\d\s.．、]"), 2, 30),
)
_NOT_HEADING_END = tuple("。；，;,")
_SENTENCE_END = tuple("。！？；")
#: The start of a numbered heading or list item: "一、", "（1）", "2.", "①".
_LIST_ITEM = re.compile(rf"^(?:[（(]?[\d{_CN_NUM}]{{1,3}}[）)、]|\d{{1,2}}[.．]|[①-⑳])")
_PARAGRAPH_END = tuple("。！？；：.!?;:")
_CLOSING_QUOTES = "”’」』\"'"
_LABEL_END = ("：", ":")
#: The start of a form field line: a short label and a colon ("申报单位（盖章）：").
_FORM_LABEL = re.compile(r"^[^，。；：,.;:\s]{1,12}[：:]")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－−·\s]*\d{1,4}[-—–－−·\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*[/／]\s*\d{1,4}"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_IDEOGRAPHIC_SPACE = "\u3000"

#: Text drawn again within this distance (points, or 0.1 em if larger) is a copy.
_OVERPRINT_PT = 1.5
#: Horizontal gap (in em) that separates table cells / form columns on a line.
_CELL_GAP_EM = 1.0
#: Horizontal gap (in em) between two Latin fragments that gets a space.
_SPACE_GAP_EM = 0.25
#: A line reaching this fraction of the text width may wrap into the next one.
_FULL_LINE = 0.85
#: A line starting this many em right of the page's left edge is indented.
_INDENT_EM = 1.5
#: Lines starting this many em right of the margin stand alone (signatures, dates).
_BLOCK_INDENT_EM = 5.0
#: Baseline distance above this multiple of the page's usual one: a blank line.
_PARAGRAPH_GAP = 1.4


def read_pdf(path: Path) -> DocumentText:
    """Read a PDF's text layer; a scan (no text) gives page blocks only."""
    path = Path(path)
    _check_file_size(path)
    return _pdf_from_bytes(path, _read_bytes(path))


def _pdf_from_bytes(path: Path, data: bytes) -> DocumentText:
    page_lines = [_drop_page_numbers(lines) for lines in _extract_pdf_lines(path, data)]
    margins = _text_margins(page_lines)
    blocks: list[Block] = []
    for number, lines in enumerate(page_lines, start=1):
        blocks.append(Block("page", page=number))
        blocks.extend(_page_blocks(lines, number, margins))
    has_text = any(page_lines)
    return DocumentText("pdf", tuple(blocks), len(page_lines), has_text)


def _extract_pdf_lines(path: Path, data: bytes) -> list[list[_Line]]:
    from pypdf import PdfReader  # lazy: pypdf is only needed for PDFs

    try:
        reader = PdfReader(io.BytesIO(data))
        _decrypt_if_needed(reader, path)
        pages = list(reader.pages)
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many exception types on bad input
        raise _unreadable(path, "corrupt_pdf", f"{type(exc).__name__}: {exc}") from exc
    if not pages:
        raise _unreadable(path, "corrupt_pdf", "no pages")
    return _page_lines(pages, path)


def _decrypt_if_needed(reader: Any, path: Path) -> None:
    if not reader.is_encrypted:
        return
    try:
        ok = bool(reader.decrypt(""))
    except Exception as exc:  # e.g. AES without a crypto provider installed
        raise _unreadable(path, "encrypted", f"{type(exc).__name__}: {exc}") from exc
    if not ok:
        raise _unreadable(path, "encrypted", "PDF needs a password")


def _page_lines(pages: list[Any], path: Path) -> list[list[_Line]]:
    """Visual lines of each page; a page whose extraction fails counts as empty."""
    result: list[list[_Line]] = []
    errors: list[str] = []
    for page in pages:
        collector = _FragmentCollector()
        try:
            page.extract_text(visitor_text=collector)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            result.append([])
            continue
        result.append(_build_lines(collector.fragments))
    if errors and len(errors) == len(pages):
        raise _unreadable(path, "corrupt_pdf", errors[0])
    return result


# ---- fragments ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fragment:
    """A piece of text as pypdf reports it, in reading coordinates.

    ``u`` runs along the text direction, ``v`` across it (a larger ``v`` is an
    earlier line), both in points; ``orient`` is 0/90/180/270.
    """

    text: str
    u: float
    v: float
    size: float
    orient: int


class _FragmentCollector:
    """``visitor_text`` callback: keeps fragments, drops overprinted copies."""

    def __init__(self) -> None:
        self.fragments: list[_Fragment] = []
        self._seen: dict[tuple[int, str], list[tuple[float, float]]] = {}

    def __call__(self, text: Any, cm: Any, tm: Any, font_dict: Any, font_size: Any) -> None:
        if not isinstance(text, str) or not text.strip():
            return
        text = _undouble(_clean_fragment(text))
        key = text.strip()
        if not key:
            return
        try:
            m = _matrix_product(tm, cm)
            size = abs(float(font_size)) * (m[2] * m[2] + m[3] * m[3]) ** 0.5
        except (TypeError, ValueError, IndexError):
            return
        orient, u, v = _reading_position(m)
        size = size if size > 0.5 else 10.0
        tolerance = max(_OVERPRINT_PT, 0.1 * size)
        seen = self._seen.setdefault((orient, key), [])
        if any(abs(u - su) < tolerance and abs(v - sv) < tolerance for su, sv in seen):
            return  # the same text again at (nearly) the same place: fake bold
        seen.append((u, v))
        self.fragments.append(_Fragment(text, u, v, size, orient))


def _clean_fragment(text: str) -> str:
    text = _CONTROL_CHARS.sub("", text.replace("\r", "\n").replace("\t", " "))
    return " ".join(part for part in text.split("\n") if part)


def _undouble(text: str) -> str:
    """"TitleTitle" -> "Title": a fake-bold copy that pypdf glued to the original.

    pypdf merges text drawn on one line into one fragment, so a copy drawn
    right after the original in the same text object arrives as one fragment.
    Only a fragment that is exactly two copies of a run of at least two
    different characters including a letter counts ("哈哈", "1212", "——" and
    a repeated phrase inside a longer line are left alone).
    """
    body = text.strip(" ")
    half, odd = divmod(len(body), 2)
    head = body[:half]
    if odd or body[half:] != head or len(set(head)) < 2 or not any(c.isalpha() for c in head):
        return text
    return text[: len(text) - len(text.lstrip(" "))] + head


def _matrix_product(tm: Any, cm: Any) -> tuple[float, ...]:
    """The text rendering matrix ``tm x cm`` (PDF 1.7, 9.4.4)."""
    a, b, c, d, e, f = (float(x) for x in tm[:6])
    ca, cb, cc, cd, ce, cf = (float(x) for x in cm[:6])
    return (a * ca + b * cc, a * cb + b * cd, c * ca + d * cc, c * cb + d * cd,
            e * ca + f * cc + ce, e * cb + f * cd + cf)


def _reading_position(m: tuple[float, ...]) -> tuple[int, float, float]:
    """(orientation, u, v) of a text origin; orientations as in pypdf."""
    x, y = m[4], m[5]
    if m[3] > 1e-6:
        return 0, x, y
    if m[3] < -1e-6:
        return 180, -x, -y
    if m[1] > 0:
        return 90, y, -x
    return 270, -y, x


def _em_width(text: str) -> float:
    """Estimated advance of text in em (CJK 1, Latin by letter class).

    Only used to find gaps between fragments.  A space next to CJK text is
    usually pypdf's mark for a glyph drawn elsewhere (a quote mark in another
    font), so it counts almost as much as a glyph; capitals count wide, which
    keeps false gaps from opening after "DMA", "GPU".
    """
    width = 0.0
    last = len(text) - 1
    for i, ch in enumerate(text):
        if ch == " ":
            near_wide = (i > 0 and _is_wide(text[i - 1])) or (i < last and _is_wide(text[i + 1]))
            width += 0.8 if near_wide else 0.3
        elif ch.isascii():
            width += 0.72 if ch.isupper() else _ASCII_EM.get(ch, 0.5)
        else:
            width += 1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.55
    return width


_ASCII_EM = {".": 0.3, ",": 0.3, ":": 0.3, ";": 0.3, "'": 0.25, "|": 0.25, "-": 0.35,
             "i": 0.3, "j": 0.3, "l": 0.3, "f": 0.35, "t": 0.35, "r": 0.4,
             "m": 0.8, "w": 0.75, "@": 0.9, "%": 0.85}


# ---- lines ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cell:
    """A run of text on one line; a wide gap separates it from the next one."""

    text: str
    start: float
    end: float  # estimated


@dataclass(frozen=True, slots=True)
class _Line:
    """One visual line: its cells and geometry (points, reading coordinates)."""

    cells: tuple[_Cell, ...]
    v: float
    size: float  # largest font size on the line
    indented: bool  # starts with ideographic spaces ("　　正文")

    @property
    def left(self) -> float:
        return self.cells[0].start

    @property
    def right(self) -> float:
        return self.cells[-1].end

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(cell.text for cell in self.cells)

    @property
    def text(self) -> str:
        texts = self.texts
        if len(texts) > 2:
            return "\t".join(texts)
        if len(texts) == 2 and texts[0].endswith(_LABEL_END):
            return "".join(texts)
        return " ".join(texts)


def _build_lines(fragments: list[_Fragment]) -> list[_Line]:
    """Group fragments into lines (same baseline), top to bottom.

    Text in the page's main direction comes first; text in another direction
    (a rotated stamp or side note) follows it.
    """
    weight: dict[int, int] = {}
    for frag in fragments:
        weight[frag.orient] = weight.get(frag.orient, 0) + len(frag.text)
    lines: list[_Line] = []
    for orient in sorted(weight, key=lambda o: -weight[o]):
        group: list[_Fragment] = []
        ordered = sorted((f for f in fragments if f.orient == orient), key=lambda f: (-f.v, f.u))
        for frag in ordered:
            if group and abs(group[0].v - frag.v) > 0.5 * min(group[0].size, frag.size):
                lines.append(_make_line(group))
                group = []
            group.append(frag)
        if group:
            lines.append(_make_line(group))
    return [line for line in lines if line.cells]


@dataclass(frozen=True, slots=True)
class _Gap:
    """Horizontal space between two fragments of a line (points)."""

    start: float
    stop: float


def _make_line(group: list[_Fragment]) -> _Line:
    """One line from its fragments: text, cells and geometry.

    The text is first laid out as characters and gaps, then punctuation drawn
    out of order is put back into the spaces and gaps where it belongs, and
    only the gaps left that are wider than _CELL_GAP_EM split cells.
    """
    group.sort(key=lambda f: f.u)
    em = max(f.size for f in group)
    atoms: list[str | _Gap] = []  # characters (or placed punctuation) and gaps
    anchors: list[tuple[int, float, float]] = []  # (atom index, u, size) of each fragment
    overlays: list[_Fragment] = []
    end = group[0].u
    for frag in group:
        gap = frag.u - end
        inside = gap < -0.75 * em or len(frag.text.split()) > 1
        if atoms and inside and _is_punctuation(frag.text):
            overlays.append(frag)  # drawn after the text around it
            continue
        # A gap may be a cell boundary, a word space or (in CJK text) the place
        # of a glyph drawn later; a space next to it already marks the latter.
        marked = atoms and (atoms[-1] == " " or frag.text.startswith(" "))
        if atoms and (gap >= _CELL_GAP_EM * em or (gap > 0.1 * em and not marked)):
            atoms.append(_Gap(end, frag.u))
        anchors.append((len(atoms), frag.u, frag.size))
        atoms.extend(frag.text)
        end = max(end, frag.u + _em_width(frag.text) * frag.size)
    for frag in overlays:
        _place(atoms, anchors, frag)
    first = group[0].text.lstrip(" ")
    return _Line(_split_cells(atoms, group[0].u, end, em), group[0].v, em,
                 first.startswith(_IDEOGRAPHIC_SPACE))


def _is_punctuation(text: str) -> bool:
    """Quote marks, dashes and the like, optionally separated by spaces."""
    pieces = text.split()
    return bool(pieces) and all(len(p) <= 3 and not any(c.isalnum() for c in p) for p in pieces)


def _place(atoms: list[str | _Gap], anchors: list[tuple[int, float, float]],
           frag: _Fragment) -> None:
    """Put punctuation drawn out of order back where it belongs.

    LibreOffice, for one, draws the glyphs of a fallback font (often the
    quote marks) after the rest of the line, and pypdf merges them into one
    fragment ("“ ”").  The text around them has a space or a gap where each
    one is missing: the first piece takes the one nearest to its position,
    the others the next ones to the right.
    """
    index, origin, size = 0, anchors[0][1], anchors[0][2]
    for anchor in anchors:
        if anchor[1] > frag.u:
            break
        index, origin, size = anchor
    advance = origin
    while index < len(atoms) and advance + 0.25 * size < frag.u:
        atom = atoms[index]
        advance = atom.stop if isinstance(atom, _Gap) else advance + _em_width(atom) * size
        index += 1

    def is_hole(j: int) -> bool:
        return 0 <= j < len(atoms) and (atoms[j] == " " or isinstance(atoms[j], _Gap))

    for n, piece in enumerate(frag.text.split()):
        window = (index, index - 1, index + 1, index - 2, index + 2) if n == 0 else range(
            index, len(atoms))
        hole = next((j for j in window if is_hole(j)), None)
        if hole is None:
            atoms.insert(index, piece)
        else:
            atoms[hole] = piece
            index = hole
        index += 1


def _split_cells(atoms: list[str | _Gap], start: float, end: float, em: float
                 ) -> tuple[_Cell, ...]:
    cells: list[_Cell] = []
    text: list[str] = []
    for i, atom in enumerate(atoms):
        if not isinstance(atom, _Gap):
            text.append(atom)
        elif atom.stop - atom.start >= _CELL_GAP_EM * em:
            _add_cell(cells, "".join(text), start, atom.start)
            text, start = [], atom.stop
        elif atom.stop - atom.start > _SPACE_GAP_EM * em:
            before = text[-1][-1:] if text else ""
            after = next((a[:1] for a in atoms[i + 1:] if isinstance(a, str)), "")
            if before and after and " " not in (before, after) and not (
                    _is_wide(before) or _is_wide(after)):
                text.append(" ")
    _add_cell(cells, "".join(text), start, end)
    return tuple(cells)


def _add_cell(cells: list[_Cell], text: str, start: float, end: float) -> None:
    text = text.strip(" " + _IDEOGRAPHIC_SPACE)
    if text:
        cells.append(_Cell(text, start, end))


def _drop_page_numbers(lines: list[_Line]) -> list[_Line]:
    """Remove page-number lines ("3", "— 3 —", "第 3 页") at the top and bottom."""
    start, stop = 0, len(lines)
    while start < stop and _is_page_number(lines[start]):
        start += 1
    while stop > start and _is_page_number(lines[stop - 1]):
        stop -= 1
    return lines[start:stop]


def _is_page_number(line: _Line) -> bool:
    return len(line.cells) == 1 and _PAGE_NUMBER.match(line.cells[0].text) is not None


def _text_margins(pages: list[list[_Line]]) -> tuple[float, float]:
    """(left, right) edges of the body text, from the lines of the whole document.

    A page of centred or indented lines only (a cover, a signature page)
    would give misleading margins on its own.
    """
    lefts = sorted(line.left for lines in pages for line in lines)
    rights = sorted(line.right for lines in pages for line in lines
                    if len(line.cells) == 1 and len(line.cells[0].text) >= 10)
    if len(rights) < 3:
        rights = sorted(line.right for lines in pages for line in lines)
    if not lefts:
        return 0.0, 0.0
    return lefts[int(0.1 * (len(lefts) - 1))], rights[int(0.9 * (len(rights) - 1))]


# ---- blocks ---------------------------------------------------------------


class _PageLayout:
    """Layout measures of one page, for the paragraph, heading and table rules."""

    def __init__(self, lines: list[_Line], margins: tuple[float, float]) -> None:
        self.left = min(margins[0], min(line.left for line in lines))
        self.width = max(margins[1], max(line.right for line in lines)) - self.left
        #: Usual baseline distance in running text (after full lines: wrapped ones).
        pitches = sorted(
            a.v - b.v for a, b in zip(lines, lines[1:])
            if len(a.cells) == len(b.cells) == 1 and not self.is_short(a)
            and abs(a.size - b.size) < 0.5 and 0 < a.v - b.v < 3 * a.size
        )
        self.pitch = pitches[len(pitches) // 2] if pitches else 0.0
        #: Paragraphs start indented here ("　　" or a first-line indent of ~2 em).
        self.uses_indent = sum(
            1 for line in lines
            if line.indented or 1.5 <= (line.left - self.left) / line.size <= 3.5) >= 2

    def is_short(self, line: _Line) -> bool:
        return line.right < self.left + _FULL_LINE * self.width

    def wraps_into(self, prev: _Line, line: _Line) -> bool:
        """True when line continues the paragraph of prev (a wrapped line).

        Not after a short line, a form line of several cells, a "label："
        line or a deeply indented one, nor before an indented line (relative
        to prev, so a wrapped line keeps its paragraph's left indent), one in
        another font size or one after a blank line.
        """
        if len(prev.cells) > 1 or len(line.cells) > 1 or self.is_short(prev):
            return False
        if prev.left > self.left + _BLOCK_INDENT_EM * prev.size:
            return False  # a signature block, a right-aligned date: one item a line
        if line.indented or line.left > prev.left + _INDENT_EM * line.size:
            return False
        if abs(prev.size - line.size) > 0.1 * line.size:
            return False
        gap = prev.v - line.v
        if gap <= 0 or (self.pitch and gap > _PARAGRAPH_GAP * self.pitch):
            return False
        if _FORM_LABEL.match(prev.text) and _FORM_LABEL.match(line.text):
            return False  # one form field a line: "项目名称：…" / "申报单位：…"
        end = prev.cells[-1].text.rstrip(_CLOSING_QUOTES)
        if end.endswith(_PARAGRAPH_END):
            # A sentence can end right at the margin: where paragraphs start
            # indented, an unindented line after it still continues.
            return (self.uses_indent and end.endswith(_SENTENCE_END)
                    and line.left < self.left + 0.5 * line.size
                    and not _LIST_ITEM.match(line.text))
        return True

    def heading_level(self, prev: _Line | None, line: _Line, nxt: _Line | None) -> int:
        if len(line.cells) != 1:
            return 0
        text = line.cells[0].text
        if text.endswith(_NOT_HEADING_END):
            return 0
        for pattern, level, max_len in _PDF_HEADINGS:
            if len(text) <= max_len and pattern.match(text):
                break
        else:
            return 0
        if text[0].isdigit() and prev is not None and prev.text.endswith(_LABEL_END):
            return 0  # the value of a "label：" line: "所属方向：" / "3.健康医疗服务"
        if prev is not None and self.wraps_into(prev, line):
            return 0
        if nxt is not None and self.wraps_into(line, nxt):
            return 0
        return level

    def is_wrapped_cell(self, line: _Line, near: _Line) -> bool:
        """line is a wrapped table cell next to near: one run of text, indented, close."""
        return (len(line.cells) == 1 and line.left > self.left + line.size
                and abs(near.v - line.v) < 1.6 * line.size)


def _page_blocks(lines: list[_Line], page: int, margins: tuple[float, float]) -> list[Block]:
    """Heading, paragraph and table blocks of one page's lines."""
    if not lines:
        return []
    layout = _PageLayout(lines, margins)
    blocks: list[Block] = []
    paragraph: list[_Line] = []

    def flush() -> None:
        if paragraph:
            text = _join_wrapped([line.text for line in paragraph])
            blocks.append(Block("paragraph", text=text, page=page))
            paragraph.clear()

    i = 0
    while i < len(lines):
        stop = _table_end(lines, i, layout)
        if stop > i:
            flush()
            blocks.append(Block("table", rows=_pdf_table_rows(lines[i:stop]), page=page))
            i = stop
            continue
        line = lines[i]
        prev = lines[i - 1] if i else None
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        level = layout.heading_level(prev, line, nxt)
        if level:
            flush()
            blocks.append(Block("heading", text=_WHITESPACE.sub(" ", line.text), level=level,
                                page=page))
        elif paragraph and layout.wraps_into(paragraph[-1], line):
            paragraph.append(line)
        else:
            flush()
            paragraph.append(line)
        i += 1
    flush()
    return blocks


def _table_end(lines: list[_Line], start: int, layout: _PageLayout) -> int:
    """End index of a table starting at lines[start], or start if there is none.

    A table is a run of lines of two or more cells and the wrapped-cell lines
    next to them, in which at least two rows (bands, see _bands) have three
    or more cells; one is enough at the top or bottom of a page.
    """
    def in_table(k: int) -> bool:
        line = lines[k]
        if len(line.cells) >= 2:
            return True
        after = lines[k + 1] if k + 1 < len(lines) else None
        return (k > start and layout.is_wrapped_cell(line, lines[k - 1])) or (
            after is not None and len(after.cells) >= 2 and layout.is_wrapped_cell(line, after))

    stop = start
    while stop < len(lines) and in_table(stop):
        stop += 1
    wide = sum(1 for band in _bands(lines[start:stop]) if sum(len(l.cells) for l in band) >= 3)
    at_page_edge = start == 0 or stop == len(lines)  # the rest is on the next/previous page
    return stop if wide >= 2 or (wide and at_page_edge) else start


def _bands(lines: list[_Line]) -> list[list[_Line]]:
    """Groups of lines less than 1 em apart: parts of one table row whose cells
    have different heights and are centred vertically."""
    bands: list[list[_Line]] = []
    for k, line in enumerate(lines):
        if k and lines[k - 1].v - line.v < line.size:
            bands[-1].append(line)
        else:
            bands.append([line])
    return bands


def _pdf_table_rows(lines: list[_Line]) -> tuple[tuple[str, ...], ...]:
    """Rows of a table from its lines.

    A band (see _bands) continues the row above when it is as close to it as
    the lines inside a wrapped cell are (the smallest distance between band
    middles in the table, if clearly smaller than the usual one), when it has
    no text in the first column, or when it is a lone line close below (a
    wrapped row label).  Otherwise it starts a new row.  Within a row, a line's text
    joins the cell it overlaps horizontally.
    """
    boundary = min((line.cells[1].start for line in lines if len(line.cells) >= 2), default=0.0)
    bands = _bands(lines)
    middles = [(band[0].v + band[-1].v) / 2 for band in bands]  # centres of centred cells
    pitches = [a - b for a, b in zip(middles, middles[1:])]
    ordered = sorted(pitches)
    wrap_pitch = ordered[0] if ordered and ordered[0] < 0.8 * ordered[len(ordered) // 2] else 0.0
    rows: list[list[_Line]] = [list(bands[0])] if bands else []
    for band, pitch in zip(bands[1:], pitches):
        size = band[0].size
        first_column = any(line.left < boundary - 0.5 * size for line in band)
        cells = sum(len(line.cells) for line in band)
        if (pitch > 1.15 * wrap_pitch and first_column
                and (cells >= 2 or pitch >= 1.6 * size)):
            rows.append(list(band))
        else:
            rows[-1].extend(band)
    return tuple(_merge_row(row) for row in rows)


def _merge_row(lines: list[_Line]) -> tuple[str, ...]:
    cells: list[list[Any]] = []  # [start, end, text], left to right
    for line in lines:
        pad = 0.5 * line.size
        for piece in line.cells:
            cell = next(
                (c for c in cells if c[0] - pad <= piece.end and piece.start <= c[1] + pad), None)
            if cell is None:
                cells.append([piece.start, piece.end, piece.text])
                cells.sort(key=lambda c: c[0])
            else:
                cell[0], cell[1] = min(cell[0], piece.start), max(cell[1], piece.end)
                if " " not in cell[2] and cell[2][-1].isascii() and piece.text[0].isascii():
                    cell[2] += piece.text  # a token broken by a narrow column: "9151…" "XQ"
                else:
                    cell[2] = _join_wrapped([cell[2], piece.text])
    return tuple(c[2] for c in cells)


def _join_wrapped(lines: list[str]) -> str:
    """Join wrapped lines: no space at CJK text or inside an address or a
    number broken across lines ("zhaolj@rongyiyun.c" + "om"), else one."""
    text = lines[0]
    for line in lines[1:]:
        if not text or not line:
            text += line
            continue
        word = text.rsplit(" ", 1)[-1]
        glued = (_is_wide(text[-1]) or _is_wide(line[0]) or text[-1] in "-/_@"
                 or "@" in word or "://" in word)
        text += line if glued else f" {line}"
    return text


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"
