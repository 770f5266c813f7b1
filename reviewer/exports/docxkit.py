"""Chinese official-document typography on top of python-docx: A4, 仿宋/黑体/宋体, page numbers, fast tables.

Styles (set once in a cached template, copied for every document):

- ``Normal``: 宋体 小四 — what table cells use, so a cell needs no style of its own;
- ``正文``: 仿宋 四号, first line indented two characters;
- ``文件标题``: 黑体 三号, centred; ``一级标题``: 黑体 四号 (outline level 1).

Fonts are set for East Asian text (``w:eastAsia`` on ``w:rFonts``) with Times New Roman for Latin text,
and the font table names a fallback for each (``w:altName``: FangSong, SimHei, SimSun). Tables are written
as OOXML directly (one parse per table): the header row repeats on every page (``w:tblHeader``) and rows
do not split across pages (``w:cantSplit``). python-docx is imported inside the functions.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
FONTS = {"仿宋": "FangSong", "黑体": "SimHei", "宋体": "SimSun"}
SIZES = {"三号": 32, "四号": 28, "小四": 24, "五号": 21}   # half-points
_TEMPLATES: dict[bool, bytes] = {}


def rfonts(east: str) -> str:
    return (f'<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" '
            f'w:eastAsia="{east}"/>')


def new_document(landscape: bool = False) -> Any:
    """A fresh document from the cached, already styled template."""
    from docx import Document

    if landscape not in _TEMPLATES:
        _TEMPLATES[landscape] = _template(landscape)
    return Document(io.BytesIO(_TEMPLATES[landscape]))


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
        section.top_margin = section.bottom_margin = Cm(2.2)
        section.left_margin = section.right_margin = Cm(2.0)
    else:   # close to GB/T 9704: top 3.7, bottom 3.5, left 2.8, right 2.6 (a little tighter for tables)
        section.top_margin, section.bottom_margin = Cm(3.0), Cm(2.8)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(1.5)
    styles = doc.styles.element
    _restyle_normal(doc)
    for style_id, name, east, size, extra_ppr in (
            ("zhengwen", "正文", "仿宋", "四号", '<w:spacing w:line="440" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="560"/><w:jc w:val="both"/>'),
            ("wenjianbiaoti", "文件标题", "黑体", "三号", '<w:spacing w:before="120" w:after="240"/><w:jc w:val="center"/>'),
            ("yijibiaoti", "一级标题", "黑体", "四号", '<w:keepNext/><w:spacing w:before="200" w:after="100"/><w:outlineLvl w:val="0"/>'),
            ("biaozhu", "表注", "仿宋", "小四", '<w:spacing w:before="60" w:after="60"/>')):
        styles.append(parse_xml(
            f'<w:style {W} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr>{extra_ppr}</w:pPr>'
            f'<w:rPr>{rfonts(east)}<w:sz w:val="{SIZES[size]}"/><w:szCs w:val="{SIZES[size]}"/></w:rPr></w:style>'))
    _fallbacks(doc)
    _page_number(section)
    _slim(doc)
    doc.core_properties.author = "评审工作台"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _restyle_normal(doc: Any) -> None:
    """Normal (the cells' style): 宋体 小四, single spacing, no space after; also the document defaults."""
    from docx.oxml import parse_xml

    for element in (doc.styles.element.find(_q("docDefaults")),):
        rpr = element.find(f"{_q('rPrDefault')}/{_q('rPr')}")
        if rpr is not None:
            for child in list(rpr):
                if child.tag in (_q("rFonts"),):
                    rpr.remove(child)
            rpr.insert(0, parse_xml(rfonts("宋体").replace("<w:rFonts", f"<w:rFonts {W}")))
    normal = doc.styles["Normal"]
    normal.element.append(parse_xml(f'<w:pPr {W}><w:spacing w:before="0" w:after="0" w:line="300" w:lineRule="auto"/></w:pPr>'))
    normal.element.append(parse_xml(f'<w:rPr {W}>{rfonts("宋体")}<w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr>'))


def _q(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + tag


def _fallbacks(doc: Any) -> None:
    """Declare the Chinese fonts in the font table with a fallback name each (w:altName)."""
    part = doc.part.part_related_by("http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable")
    extra = "".join(f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
                    f'<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>' for name, alt in FONTS.items())
    part._blob = part.blob.replace(b"</w:fonts>", extra.encode("utf-8") + b"</w:fonts>")


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
    """Footer: — N — centred, N a PAGE field."""
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

STYLE_IDS = {"正文": "zhengwen", "文件标题": "wenjianbiaoti", "一级标题": "yijibiaoti", "表注": "biaozhu"}


def _buffer(doc: Any) -> list[str]:
    """The document's OOXML not yet parsed: paragraphs and tables are parsed in one go by :func:`flush`."""
    if not hasattr(doc, "_pending_xml"):
        doc._pending_xml = []
    return doc._pending_xml  # type: ignore[no-any-return]


def save(doc: Any, path: Path) -> Path:
    """Put the buffered paragraphs and tables into the body (one parse of the whole document.xml: far faster
    than parsing and moving each element), then write atomically."""
    from docx.oxml import parse_xml
    from lxml import etree

    pending = _buffer(doc)
    if pending:
        xml = etree.tostring(doc.part._element, encoding="unicode")
        at = xml.rfind("<w:sectPr")
        doc.part._element = parse_xml(xml[:at] + "".join(pending) + xml[at:])
        pending.clear()
    return save_atomic(doc.save, path)


def picture(doc: Any, png: bytes, width_cm: float) -> None:
    """A centred picture in its own paragraph."""
    from docx.shared import Cm
    from lxml import etree

    inline = doc.part.new_pic_inline(io.BytesIO(png), Cm(width_cm), None)
    _buffer(doc).append(f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:drawing>'
                        f'{etree.tostring(inline, encoding="unicode")}</w:drawing></w:r></w:p>')


def paragraph(doc: Any, text: str, style: str = "", align: str = "", keep: bool = False) -> None:
    """A paragraph written as OOXML with its style id (python-docx's lookup by style name is slow);
    ``keep``: on the same page as the next one."""
    ppr = ((f'<w:pStyle w:val="{STYLE_IDS[style]}"/>' if style else "") + ("<w:keepNext/>" if keep else "")
           + (f'<w:jc w:val="{align}"/>' if align else ""))
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    _buffer(doc).append(f'<w:p><w:pPr>{ppr}</w:pPr>{run}</w:p>')


def title(doc: Any, text: str) -> None:
    paragraph(doc, text, "文件标题")


def heading(doc: Any, text: str) -> None:
    paragraph(doc, text, "一级标题")


def body(doc: Any, text: str, style: str = "正文", keep: bool = False) -> None:
    """One paragraph per line of ``text``."""
    for line in text.splitlines() or [""]:
        if line.strip():
            paragraph(doc, line.strip(), style, keep=keep)


def note(doc: Any, text: str) -> None:
    paragraph(doc, text, "表注")


def table(doc: Any, header: Sequence[str], rows: Sequence[Sequence[object]], widths_cm: Sequence[float],
          align: str = "", size: str = "小四", bold_last: bool = False, row_cm: float = 0, keep_last: bool = False) -> None:
    """A bordered table; the header row (bold, shaded) repeats on every page; rows never split;
    ``keep_last``: the last two rows stay on the page of what follows (a signature line).
    ``align`` per column: ``l`` left, ``c`` centre, ``r`` right (default: centre)."""
    twips = [int(w * 567) for w in widths_cm]
    sz = f'<w:sz w:val="{SIZES[size]}"/><w:szCs w:val="{SIZES[size]}"/>'
    jc = [{"l": "left", "r": "right"}.get(align[i] if i < len(align) else "c", "center") for i in range(len(header))]

    def cell(i: int, value: object, head: bool, keep: bool = False) -> str:
        shade = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' if head else ""
        lines = str(value if value is not None else "").split("\n")
        bold = "<w:b/><w:bCs/>" if head else ""
        text = '<w:br/>'.join(f'<w:t xml:space="preserve">{escape(line)}</w:t>' for line in lines)
        where = "center" if head else jc[i]
        return (f'<w:tc><w:tcPr><w:tcW w:w="{twips[i]}" w:type="dxa"/>{shade}<w:vAlign w:val="center"/></w:tcPr>'
                f'<w:p><w:pPr>{"<w:keepNext/>" if keep else ""}<w:jc w:val="{where}"/></w:pPr><w:r><w:rPr>{bold}{sz}</w:rPr>{text}</w:r></w:p></w:tc>')

    def row(values: Sequence[object], head: bool, bold: bool = False, keep: bool = False) -> str:
        props = "<w:cantSplit/><w:tblHeader/>" if head else "<w:cantSplit/>" + height
        cells = "".join(cell(i, v, head or bold, keep) for i, v in enumerate(values))
        return f"<w:tr><w:trPr>{props}</w:trPr>{cells}</w:tr>"

    height = f'<w:trHeight w:val="{int(row_cm * 567)}" w:hRule="atLeast"/>' if row_cm else ""
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    grid = "".join(f'<w:gridCol w:w="{t}"/>' for t in twips)
    body_rows = "".join(row(r, False, bold_last and k == len(rows) - 1, keep_last and k >= len(rows) - 2)
                        for k, r in enumerate(rows))
    xml = (f'<w:tbl><w:tblPr><w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
           f'<w:tblBorders>{border}</w:tblBorders><w:tblLayout w:type="fixed"/>'
           f'<w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>'
           f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
           f'</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{row(header, True)}{body_rows}</w:tbl>')
    _buffer(doc).append(xml)
    paragraph(doc, "", keep=keep_last)    # a table is followed by a paragraph (Word needs one before the section end)


def signature_lines(doc: Any, label: str) -> None:
    note(doc, f"{label}（签字）：______________________      日期：______年____月____日")


def save_atomic(save: Callable[[Path], None], path: Path) -> Path:
    """Write through a temporary file in the same folder, then rename over ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".~", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        save(Path(temp))
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)
    return path
