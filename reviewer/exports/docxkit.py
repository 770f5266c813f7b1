"""Chinese official-document typography on top of python-docx: A4, 方正小标宋简体/仿宋/黑体, page numbers, fast tables.

Styles (set once in a cached template, copied for every document):

- ``Normal``: 仿宋 四号, single spacing — what table cells use (dense data tables set 小四 or 五号 per run);
- ``评审正文``: 仿宋 三号, fixed 28 pt lines, first line indented two characters (not named 正文: Chinese Word
  and WPS show Normal as 正文, and two styles with one display name confuse the chair);
- ``文件标题``: 方正小标宋简体 二号, centred; ``一级标题``: 黑体 三号 (outline level 1, kept with the next paragraph);
- ``表题``: 黑体 四号, centred, kept with its table; ``表注``: 仿宋 小四 (legends and notes);
  ``签署``: 仿宋 四号 (signature lines).

Fonts are set for East Asian text (``w:eastAsia`` on ``w:rFonts``) with Times New Roman for Latin text; the
font table gives each Chinese font its fallbacks (``w:altName``: 方正小标宋简体 → 华文中宋, 仿宋 → 仿宋_GB2312,
…, with the GB2312 character set and the font family, which Word and WPS use to pick a substitute). Language:
zh-CN (document defaults, every style, the settings' theme font language, core.xml). Tables are written as
OOXML directly (one parse per document): the header row repeats on every page (``w:tblHeader``), rows do not
split across pages (``w:cantSplit``), and a table can be kept whole with what follows (``w:keepNext`` in every
row but the last). python-docx is imported inside the functions.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reviewer.safeio import write_atomic

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TITLE_FONT = "方正小标宋简体"
#: Chinese font -> (fallback names for w:altName, font family): what Word/WPS fall back to when it is missing.
FONTS = {TITLE_FONT: ("华文中宋", "roman"), "仿宋": ("仿宋_GB2312", "modern"), "黑体": ("SimHei", "modern"),
         "宋体": ("SimSun", "roman")}
SIZES = {"二号": 44, "三号": 32, "四号": 28, "小四": 24, "五号": 21, "小五": 18}   # half-points
LANG = '<w:lang w:val="zh-CN" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
_TEMPLATES: dict[bool, bytes] = {}
_PARTS: dict[bool, tuple[list[tuple[zipfile.ZipInfo, bytes]], str, str]] = {}
#: (display name, style id, East Asian font, size, paragraph properties)
STYLES = (
    ("评审正文", "PingShenBody", "仿宋", "三号",
     '<w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/><w:jc w:val="both"/>'),
    ("文件标题", "WenJianTitle", TITLE_FONT, "二号",
     '<w:keepNext/><w:spacing w:before="240" w:after="360" w:line="640" w:lineRule="exact"/><w:jc w:val="center"/>'),
    ("一级标题", "YiJiHeading", "黑体", "三号",
     '<w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/>'),
    ("表题", "BiaoTi", "黑体", "四号", '<w:keepNext/><w:spacing w:before="200" w:after="100"/><w:jc w:val="center"/>'),
    ("表注", "BiaoZhu", "仿宋", "小四", '<w:spacing w:before="60" w:after="60"/>'),
    ("签署", "QianShu", "仿宋", "四号", '<w:spacing w:before="240" w:after="120"/>'),
)
STYLE_IDS = {name: style_id for name, style_id, *_ in STYLES}


def rfonts(east: str) -> str:
    return (f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" '
            f'w:eastAsia="{east}"/>')


class Draft:
    """A document being written: its paragraphs and tables as OOXML text. The python-docx Document behind it
    is opened only when a picture needs its package (``docx``); a document without pictures is saved by
    writing the template's parts and the new body straight into the .docx (no parse, no python-docx save)."""

    def __init__(self, landscape: bool) -> None:
        self.landscape = landscape
        self._pending_xml: list[str] = []
        self._docx: Any = None

    @property
    def docx(self) -> Any:
        from docx import Document

        if self._docx is None:
            self._docx = Document(io.BytesIO(_template_bytes(self.landscape)))
        return self._docx


def new_document(landscape: bool = False) -> Draft:
    """A fresh document from the cached, already styled template."""
    return Draft(landscape)


def _template_bytes(landscape: bool) -> bytes:
    if landscape not in _TEMPLATES:
        _TEMPLATES[landscape] = _template(landscape)
    return _TEMPLATES[landscape]


def _template_parts(landscape: bool) -> tuple[list[tuple[zipfile.ZipInfo, bytes]], str, str]:
    """The template's zip entries, and its document.xml split where the body's content goes (before w:sectPr)."""
    if landscape not in _PARTS:
        with zipfile.ZipFile(io.BytesIO(_template_bytes(landscape))) as z:
            entries = [(info, z.read(info)) for info in z.infolist()]
        body = next(data for info, data in entries if info.filename == "word/document.xml").decode("utf-8")
        at = body.rfind("<w:sectPr")
        _PARTS[landscape] = (entries, body[:at], body[at:])
    return _PARTS[landscape]


def _template(landscape: bool) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import parse_xml
    from docx.shared import Cm

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    if landscape:
        section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
        section.left_margin = section.right_margin = Cm(2.0)
    else:   # close to GB/T 9704: top 3.7, bottom 3.5, left 2.8, right 2.6 (a little tighter for tables)
        section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.8)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(1.2)
    styles = doc.styles.element
    _restyle_normal(doc)
    for name, style_id, east, size, extra_ppr in STYLES:
        styles.append(parse_xml(
            f'<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{extra_ppr}</w:pPr>'
            f'<w:rPr>{rfonts(east)}<w:sz w:val="{SIZES[size]}"/><w:szCs w:val="{SIZES[size]}"/>{LANG}</w:rPr></w:style>'))
    _fallbacks(doc)
    _chinese_settings(doc)
    _page_number(section)
    _slim(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _restyle_normal(doc: Any) -> None:
    """Normal (the cells' style): 仿宋 四号, single spacing, no space after; document defaults in zh-CN."""
    from docx.oxml import parse_xml

    rpr = doc.styles.element.find(f"{_q('docDefaults')}/{_q('rPrDefault')}/{_q('rPr')}")
    for child in list(rpr):
        if child.tag in (_q("rFonts"), _q("lang")):
            rpr.remove(child)
    rpr.insert(0, parse_xml(rfonts("仿宋").replace("<w:rFonts", f"<w:rFonts {W}")))
    rpr.append(parse_xml(LANG.replace("<w:lang", f"<w:lang {W}")))
    normal = doc.styles["Normal"]
    normal.element.append(parse_xml(f'<w:pPr {W}><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'))
    normal.element.append(parse_xml(f'<w:rPr {W}>{rfonts("仿宋")}<w:sz w:val="{SIZES["四号"]}"/>'
                                    f'<w:szCs w:val="{SIZES["四号"]}"/>{LANG}</w:rPr>'))


def _q(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _fallbacks(doc: Any) -> None:
    """Declare the Chinese fonts in the font table with their fallbacks (w:altName), GB2312 and family."""
    part = doc.part.part_related_by("http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")
    extra = "".join(f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
                    f'<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
                    for name, (alt, family) in FONTS.items())
    part._blob = part.blob.replace(b"</w:fonts>", extra.encode("utf-8") + b"</w:fonts>")


def _chinese_settings(doc: Any) -> None:
    """The settings' theme font language: zh-CN for East Asian text (python-docx's template says ja-JP)."""
    element = doc.settings.element
    lang = element.find(_q("themeFontLang"))
    if lang is not None:
        lang.set(_q("val"), "zh-CN")
        lang.set(_q("eastAsia"), "zh-CN")


def _slim(doc: Any) -> None:
    """Drop what a document does not need from the default template (thumbnail, customXml, stylesWithEffects,
    webSettings, numbering; the latent and unused styles): smaller files, faster to open and save."""
    unneeded = ("thumbnail", "customXml", "stylesWithEffects", "webSettings", "numbering")
    styles = doc.styles.element
    keep = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", *STYLE_IDS.values()}
    for child in list(styles):
        if child.tag == _q("latentStyles") or (child.tag == _q("style") and child.get(_q("styleId")) not in keep):
            styles.remove(child)
    for rels in (doc.part.rels, doc.part.package.rels):
        for r_id, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in unneeded:
                rels.pop(r_id)


def _page_number(section: Any) -> None:
    """Footer: — N — centred, N a PAGE field (宋体 四号, as GB/T 9704 places page numbers)."""
    from docx.oxml import parse_xml

    footer = section.footer
    p = footer.paragraphs[0]
    run = f'<w:r><w:rPr>{rfonts("宋体")}<w:sz w:val="28"/></w:rPr>'
    p._p.getparent().replace(p._p, parse_xml(
        f'<w:p {W}><w:pPr><w:jc w:val="center"/></w:pPr>{run}<w:t xml:space="preserve">— </w:t></w:r>'
        f'{run}<w:fldChar w:fldCharType="begin"/></w:r>{run}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'{run}<w:fldChar w:fldCharType="separate"/></w:r>{run}<w:t>1</w:t></w:r>{run}<w:fldChar w:fldCharType="end"/></w:r>'
        f'{run}<w:t xml:space="preserve"> —</w:t></w:r></w:p>'))


# --- content -------------------------------------------------------------------------------------

def _buffer(doc: Draft) -> list[str]:
    """The document's body as OOXML text, in order (put into document.xml by :func:`save`)."""
    return doc._pending_xml


def save(doc: Draft, path: Path, title: str, author: str = "") -> Path:
    """Write the document atomically (reviewer.safeio) with its metadata: without pictures, the template's
    parts and the new body straight into the zip; with pictures, through python-docx (one parse of the whole
    document.xml with the buffered paragraphs and tables: far faster than parsing and moving each element)."""
    if doc._docx is None:
        return write_atomic(path, lambda temporary: _write_zip(doc, temporary, title, author))
    from docx.oxml import parse_xml
    from lxml import etree

    word = doc.docx
    pending = _buffer(doc)
    if pending:
        xml = etree.tostring(word.part._element, encoding="unicode")
        at = xml.rfind("<w:sectPr")
        word.part._element = parse_xml(xml[:at] + "".join(pending) + xml[at:])
        pending.clear()
    metadata(word, title, author)
    return write_atomic(path, lambda temporary: word.save(str(temporary)))


def _write_zip(doc: Draft, target: Path, title: str, author: str) -> None:
    entries, head, tail = _template_parts(doc.landscape)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "word/document.xml":
                data = (head + "".join(_buffer(doc)) + tail).encode("utf-8")
            elif info.filename == "docProps/core.xml":
                data = core_xml(title, author).encode("utf-8")
            z.writestr(info.filename, data)


def metadata(word: Any, title: str, author: str = "") -> None:
    """core.xml through python-docx (a document with pictures): the same fields as :func:`core_xml`."""
    props = word.core_properties
    props.title, props.author, props.last_modified_by = title, author or "评审工作台", author or "评审工作台"
    props.created = props.modified = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    props.language, props.comments, props.revision = "zh-CN", "", 1


def core_xml(title: str, author: str = "") -> str:
    """docProps/core.xml: the document's title, its author (the panel), created and modified now, zh-CN."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    who = escape(author or "评审工作台")
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>{who}</dc:creator><cp:lastModifiedBy>{who}</cp:lastModifiedBy>"
            f"<cp:revision>1</cp:revision><dc:language>zh-CN</dc:language>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>')


def picture(doc: Any, png: bytes, width_cm: float, keep: bool = True) -> None:
    """A centred picture in its own paragraph, kept with its caption below (``keep``)."""
    from docx.shared import Cm
    from lxml import etree

    inline = doc.docx.part.new_pic_inline(io.BytesIO(png), Cm(width_cm), None)
    _buffer(doc).append(f'<w:p><w:pPr>{"<w:keepNext/>" if keep else ""}<w:spacing w:before="120"/><w:jc w:val="center"/></w:pPr>'
                        f'<w:r><w:drawing>{etree.tostring(inline, encoding="unicode")}</w:drawing></w:r></w:p>')


def paragraph(doc: Any, text: str, style: str = "", align: str = "", keep: bool = False, page_break: bool = False) -> None:
    """A paragraph written as OOXML with its style id (python-docx's lookup by style name is slow);
    ``keep``: on the same page as the next one; ``page_break``: starts a new page."""
    ppr = ((f'<w:pStyle w:val="{STYLE_IDS[style]}"/>' if style else "") + ("<w:keepNext/>" if keep else "")
           + ("<w:pageBreakBefore/>" if page_break else "") + (f'<w:jc w:val="{align}"/>' if align else ""))
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    _buffer(doc).append(f'<w:p><w:pPr>{ppr}</w:pPr>{run}</w:p>')


def title(doc: Any, text: str) -> None:
    """The document's title (二号 小标宋, centred); a line break in ``text`` makes a second line."""
    for line in text.splitlines():
        paragraph(doc, line, "文件标题")


def heading(doc: Any, text: str, page_break: bool = False) -> None:
    paragraph(doc, text, "一级标题", page_break=page_break)


def caption(doc: Any, text: str) -> None:
    """A table's title, on the page of the table below it."""
    paragraph(doc, text, "表题")


def body(doc: Any, text: str, style: str = "评审正文", keep: bool = False) -> None:
    """One paragraph per line of ``text``."""
    for line in text.splitlines() or [""]:
        if line.strip():
            paragraph(doc, line.strip(), style, keep=keep)


def note(doc: Any, text: str, keep: bool = False) -> None:
    paragraph(doc, text, "表注", keep=keep)


def table(doc: Any, header: Sequence[str] | None, rows: Sequence[Sequence[object]], widths_cm: Sequence[float],
          align: str = "", size: str = "四号", bold_last: bool = False, row_cm: float = 0, keep: str = "",
          label_column: bool = False, header_rows: Sequence[Sequence[str]] = ()) -> None:
    """A bordered table. ``header`` (bold, shaded; None: no header row) repeats on every page, with any
    ``header_rows`` above it; rows never split.
    ``keep``: "whole" keeps the table on one page; "next" keeps it whole and on the page of what follows
    (a date line, a legend); "last" keeps only its last two rows with what follows (a long table). ``label_column``: the first column is a
    shaded label (a form-like table without a header row).
    ``align`` per column: ``l`` left, ``c`` centre, ``r`` right (default: centre)."""
    twips = [int(w * 567) for w in widths_cm]
    sz = f'<w:sz w:val="{SIZES[size]}"/><w:szCs w:val="{SIZES[size]}"/>'
    columns = len(widths_cm)
    jc = [{"l": "left", "r": "right"}.get(align[i] if i < len(align) else "c", "center") for i in range(columns)]
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>'

    def cell(i: int, value: object, head: bool, keep_row: bool, span: int = 1) -> str:
        lines = str(value if value is not None else "").split("\n")
        label = head or (label_column and i == 0)
        bold = "<w:b/><w:bCs/>" if head else ""
        text = '<w:br/>'.join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
        width = sum(twips[i:i + span])
        merge = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{merge}{shade if label else ""}<w:vAlign w:val="center"/></w:tcPr>'
                f'<w:p><w:pPr>{"<w:keepNext/>" if keep_row else ""}<w:jc w:val="{"center" if head else jc[i]}"/></w:pPr>'
                f'<w:r><w:rPr>{bold}{sz}</w:rPr>{text}</w:r></w:p></w:tc>')

    def row(values: Sequence[object], head: bool, bold: bool = False, keep_row: bool = False) -> str:
        props = "<w:cantSplit/><w:tblHeader/>" if head else "<w:cantSplit/>" + height
        cells, i = [], 0
        for value in values:   # a value (text, span) spans that many columns
            text, span = value if isinstance(value, tuple) else (value, 1)
            cells.append(cell(i, text, head or bold, keep_row or head, span))
            i += span
        return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"

    height = f'<w:trHeight w:val="{int(row_cm * 567)}" w:hRule="atLeast"/>' if row_cm else ""
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{t}"/>' for t in twips)
    last = len(rows) - 1
    kept = {"whole": lambda k: k < last, "next": lambda k: True, "last": lambda k: k >= last - 1}.get(keep, lambda k: False)
    heads = "".join(row(h, True) for h in [*header_rows, *([header] if header is not None else [])])
    body_rows = "".join(row(r, False, bold_last and k == last, kept(k)) for k, r in enumerate(rows))
    xml = (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           f'<w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar>'
           f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
           f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{heads}{body_rows}</w:tbl>')
    _buffer(doc).append(xml)
    spacer(doc, keep=keep in ("next", "last"))   # a table is followed by a paragraph (Word needs one before the section end)


def spacer(doc: Any, keep: bool = False) -> None:
    """An empty small paragraph (after a table; between a table and its legend)."""
    _buffer(doc).append(f'<w:p><w:pPr>{"<w:keepNext/>" if keep else ""}<w:spacing w:before="0" w:after="0"/></w:pPr>'
                        f'<w:r><w:rPr><w:sz w:val="12"/></w:rPr></w:r></w:p>')


def signature_line(doc: Any, label: str, name: str = "", keep: bool = False) -> None:
    """``label``: the named person, then a line to sign and a date to fill in by hand."""
    who = f"{label}：{name}　　签字：" if name else f"{label}（签字）："
    paragraph(doc, f"{who}______________　　日期：____年___月___日", "签署", keep=keep)
