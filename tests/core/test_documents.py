"""Tests for reviewer.documents: real .docx/.pdf files built in tmp_path."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from reviewer import documents
from reviewer.documents import Block, DocumentError, DocumentText, read_document

import docx  # noqa: E402  (python-docx is a test dependency)
from docx.oxml import parse_xml  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W_NS}" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --------------------------------------------------------------------------
# Builders
# --------------------------------------------------------------------------


def _insert_xml(document: object, xml: str) -> None:
    """Insert a raw body-level element before the section properties."""
    body = document.element.body  # type: ignore[attr-defined]
    body.sectPr.addprevious(parse_xml(xml))


def _rewrite_zip(src: Path, dst: Path, edits: dict[str, Callable[[bytes], bytes]]) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename in edits:
                data = edits[info.filename](data)
            zout.writestr(info.filename, data)


def _write_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _build_form_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_heading("项目申报书", 0)
    d.add_heading("一、项目基本情况", 1)
    para = d.add_paragraph("甲")
    run = para.add_run()
    run.add_tab()
    run.add_text("乙")
    run.add_break()
    run.add_text("丙   ")
    d.add_paragraph("")
    d.add_paragraph("   ")
    d.add_heading("（一）研究目标", 2)

    table = d.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "合并标题"
    table.cell(0, 2).text = "C"
    table.cell(1, 0).text = "a"
    table.cell(1, 1).text = "b"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "纵向"
    table.cell(2, 0).text = "第一行"
    table.cell(2, 0).add_paragraph("第二行")
    nested = table.cell(2, 1).add_table(rows=1, cols=2)
    nested.cell(0, 0).text = "内1"
    nested.cell(0, 1).text = "内2"

    d.add_heading("1.1 技术路线", 3)
    _insert_xml(d, f'<w:sdt {NSDECL}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>控件内容</w:t>'
                   '</w:r></w:p></w:sdtContent></w:sdt>')
    _insert_xml(d, f'<w:p {NSDECL}><w:r><w:t xml:space="preserve">修订 </w:t></w:r>'
                   '<w:del><w:r><w:delText>删除</w:delText></w:r></w:del>'
                   '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                   '<w:r><w:instrText> PAGE </w:instrText></w:r>'
                   '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                   '<w:r><w:t>5</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
                   '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>'
                   '<w:r><w:t>A</w:t><w:noBreakHyphen/><w:t>B</w:t></w:r>'
                   '<w:r><w:sym w:font="Wingdings 2" w:char="F052"/><w:t>是</w:t></w:r></w:p>')
    _insert_xml(d, f'<w:p {NSDECL}><w:r><w:t>锚点</w:t></w:r><w:r><mc:AlternateContent>'
                   '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r>'
                   '<w:t>文本框内容</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing>'
                   '</mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r>'
                   '<w:t>文本框内容</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict>'
                   '</mc:Fallback></mc:AlternateContent></w:r></w:p>')
    _insert_xml(d, f'<w:p {NSDECL}><w:pPr><w:outlineLvl w:val="2"/></w:pPr>'
                   '<w:r><w:t>大纲级别标题</w:t></w:r></w:p>')
    _insert_xml(d, f'<w:p {NSDECL}><w:pPr><w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/>'
                   '</w:pPr><w:r><w:t>正文级别</w:t></w:r></w:p>')
    d.add_heading("第七级\t（深层）", 7)
    d.save(str(path))
    return path


FORM_BLOCKS = (
    Block("heading", text="项目申报书", level=1),
    Block("heading", text="一、项目基本情况", level=1),
    Block("paragraph", text="甲\t乙\n丙"),
    Block("heading", text="（一）研究目标", level=2),
    Block("table", rows=(
        ("合并标题", "C"),
        ("a", "b", "纵向"),
        ("第一行\n第二行", "内1\t内2", ""),
    )),
    Block("heading", text="1.1 技术路线", level=3),
    Block("paragraph", text="控件内容"),
    Block("paragraph", text="修订 5A-B☑是"),
    Block("paragraph", text="锚点"),
    Block("paragraph", text="文本框内容"),
    Block("heading", text="大纲级别标题", level=3),
    Block("paragraph", text="正文级别"),
    Block("heading", text="第七级 （深层）", level=6),
)

CUSTOM_STYLES = (
    '<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 3"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="a6"><w:name w:val="我的标题"/>'
    '<w:basedOn w:val="2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="c1"><w:name w:val="环1"/>'
    '<w:basedOn w:val="c2"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="c2"><w:name w:val="环2"/>'
    '<w:basedOn w:val="c1"/></w:style>'
)


def _styled(style_id: str, text: str) -> str:
    return (f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>'
            f'<w:r><w:t>{text}</w:t></w:r></w:p>')


def _chinese_styles(data: bytes) -> bytes:
    xml = data.decode("utf-8")
    for n in ("1", "2"):
        xml = xml.replace(f'w:styleId="Heading{n}"', f'w:styleId="{n}"')
        xml = xml.replace(f'w:val="Heading{n}"', f'w:val="{n}"')
    xml = xml.replace('<w:outlineLvl w:val="0"/>', "").replace('<w:outlineLvl w:val="1"/>', "")
    return xml.replace("</w:styles>", CUSTOM_STYLES + "</w:styles>").encode("utf-8")


def _chinese_body(data: bytes) -> bytes:
    xml = data.decode("utf-8")
    for n in ("1", "2"):
        xml = xml.replace(f'w:val="Heading{n}"', f'w:val="{n}"')
    extra = _styled("a5", "三级名称") + _styled("a6", "继承二级") + _styled("c1", "循环样式")
    return xml.replace("<w:sectPr", extra + "<w:sectPr", 1).encode("utf-8")


def _build_chinese_styles_docx(tmp_path: Path) -> Path:
    d = docx.Document()
    d.add_heading("一、基本信息", 1)
    d.add_paragraph("正文")
    d.add_heading("（一）团队", 2)
    src = tmp_path / "src.docx"
    d.save(str(src))
    dst = tmp_path / "中文样式.docx"
    _rewrite_zip(src, dst, {"word/styles.xml": _chinese_styles,
                            "word/document.xml": _chinese_body})
    return dst


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _minimal_pdf(pages: list[list[str]]) -> bytes:
    """A hand-written PDF: Helvetica, one text line per entry ("" = blank line)."""
    objs: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    kids = []
    for i, lines in enumerate(pages):
        pid, cid = 4 + 2 * i, 5 + 2 * i
        kids.append(f"{pid} 0 R")
        ops = " ".join(f"({_pdf_escape(line)}) Tj T*" for line in lines)
        stream = f"BT /F1 12 Tf 14 TL 72 750 Td {ops} ET".encode("latin-1")
        objs[pid] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                     f"<< /Font << /F1 3 0 R >> >> /Contents {cid} 0 R >>").encode()
        objs[cid] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    objs[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets: dict[int, int] = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objs[num])
    xref, size = len(out), max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


ASCII_PAGES = [
    ["1. Introduction", "This is a test (with parens).", "", "Second paragraph here."],
    ["2. Methods", "Done."],
]

QT_SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import (QColor, QFont, QGuiApplication, QPageSize, QPainter,
                               QPdfWriter, QTextDocument)
    app = QGuiApplication([])
    writer = QPdfWriter(sys.argv[1])
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    doc = QTextDocument()
    doc.setDefaultFont(QFont("WenQuanYi Micro Hei", 11))
    body = "本项目面向区域产业需求，" * 12
    doc.setHtml(
        "<p>一、项目基本情况</p><p>" + body + "</p><p>（一）研究目标</p><p>提升评审效率。</p>"
        "<p style='page-break-before:always'>二、研究内容</p><p>1.1 技术路线</p>"
        "<p>采用深度学习方法。</p>")
    doc.print_(writer)
    scan = QPdfWriter(sys.argv[2])
    painter = QPainter(scan)
    painter.fillRect(QRectF(100, 100, 2000, 1000), QColor("black"))
    scan.newPage()
    painter.drawRect(QRectF(50, 50, 500, 500))
    painter.end()
""")


@pytest.fixture(scope="module")
def qt_pdfs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(Chinese text PDF, image-only PDF) made by QPdfWriter in a subprocess.

    A subprocess keeps Qt (and its QGuiApplication singleton) out of this
    pure-core test process.
    """
    import PySide6  # noqa: F401  (installed with the app)
    folder = tmp_path_factory.mktemp("qt_pdfs")
    text_pdf, scan_pdf = folder / "中文.pdf", folder / "scan.pdf"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-c", QT_SCRIPT, str(text_pdf), str(scan_pdf)],
                   env=env, check=True, capture_output=True, timeout=120)
    return text_pdf, scan_pdf


#: A form as some offices make it: Qt fakes the <b> headings by drawing every
#: glyph twice (the font has no bold face); QTextDocument.print_ adds "1", "2"
#: page numbers.
QT_FORM_SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtGui import QFont, QGuiApplication, QPageSize, QPdfWriter, QTextDocument
    app = QGuiApplication([])
    writer = QPdfWriter(sys.argv[1])
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(300)
    doc = QTextDocument()
    doc.setDefaultFont(QFont("WenQuanYi Micro Hei", 11))
    cover = "".join(f"<p style='margin-left:50px;font-size:15pt;'>{k}<u>{v}</u></p>" for k, v in (
        ("项目名称：", "县域医共体远程诊疗与医学影像云服务平台"), ("所属方向：", "3.健康医疗服务"),
        ("申报日期：", "2019年3月26日")))
    body = "乡镇卫生院拍片后影像上传云端，由县级医院专家出具诊断报告，" * 4
    doc.setHtml(
        "<p align='center' style='font-size:24pt;'><b>2019年新型信息消费示范项目申报书</b></p>"
        + cover
        + "<p style='page-break-before:always;font-size:14pt;'><b>一、申报单位基本情况</b></p>"
        + "<p>\u3000\u3000" + body + "</p>"
        + "<p style='font-size:12pt;'><b>（一）建设内容</b></p>"
        + "<p>\u3000\u3000<b>1.医学影像云。</b>影像集中存储和在线诊断报告。</p>"
        + "<p style='font-size:14pt;'><b>二、项目概况</b></p><p>平台已在省内23个县上线。</p>")
    doc.print_(writer)
""")

#: Page numbers in the footer ("— 1 —", "第 2 页", "- 3 -") and a page-number-
#: like line in the middle of a page, drawn with QPainter.
QT_FOOTER_SCRIPT = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QFont, QGuiApplication, QPainter, QPageSize, QPdfWriter
    app = QGuiApplication([])
    writer = QPdfWriter(sys.argv[1])
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    painter = QPainter(writer)
    painter.setFont(QFont("WenQuanYi Micro Hei", 11))
    for number, footer in enumerate(("— 1 —", "第 2 页", "- 3 -"), start=1):
        if number > 1:
            writer.newPage()
        painter.drawText(QPointF(72, 80), f"正文第{number}页。")
        painter.drawText(QPointF(72, 110), "2019")
        painter.drawText(QPointF(72, 140), "统计截至年底。")
        painter.drawText(QPointF(280, 800), footer)
    painter.end()
""")


def _run_qt(script: str, *paths: Path) -> None:
    """Run a QPdfWriter script in a subprocess (keeps Qt out of this process)."""
    import PySide6  # noqa: F401  (installed with the app)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-c", script, *map(str, paths)],
                   env=env, check=True, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def qt_form_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("qt_form") / "申报书.pdf"
    _run_qt(QT_FORM_SCRIPT, path)
    return path


def _stream_pdf(streams: list[str]) -> bytes:
    """A hand-written PDF with the given content streams (font /F1 = Helvetica)."""
    objs: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    kids = []
    for i, text in enumerate(streams):
        pid, cid = 4 + 2 * i, 5 + 2 * i
        kids.append(f"{pid} 0 R")
        stream = text.encode("latin-1")
        objs[pid] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                     f"<< /Font << /F1 3 0 R >> >> /Contents {cid} 0 R >>").encode()
        objs[cid] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream)
    objs[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(streams)} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets: dict[int, int] = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (num, objs[num])
    xref, size = len(out), max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in range(1, size))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _text_at(x: float, y: float, text: str, size: int = 12) -> str:
    return f"BT /F1 {size} Tf 1 0 0 1 {x} {y} Tm ({_pdf_escape(text)}) Tj ET "


DEMO_PDF = next((Path(__file__).parents[2] / "resources" / "demo" / "batch").glob(
    "03_*/申报书/04_*.pdf"), None)


# --------------------------------------------------------------------------
# .docx
# --------------------------------------------------------------------------


def test_docx_blocks(tmp_path: Path) -> None:
    doc = read_document(_build_form_docx(tmp_path / "申报书.docx"))
    assert doc.format == "docx"
    assert doc.page_count is None
    assert doc.has_text_layer is True
    assert doc.blocks == FORM_BLOCKS


def test_docx_headings_and_plain_text(tmp_path: Path) -> None:
    doc = read_document(_build_form_docx(tmp_path / "form.docx"))
    outline = [(i, b.level, b.text) for i, b in doc.headings()]
    assert outline == [
        (0, 1, "项目申报书"), (1, 1, "一、项目基本情况"), (3, 2, "（一）研究目标"),
        (5, 3, "1.1 技术路线"), (10, 3, "大纲级别标题"), (12, 6, "第七级 （深层）"),
    ]
    text = doc.plain_text()
    assert text.startswith(
        "项目申报书\n一、项目基本情况\n甲\t乙\n丙\n（一）研究目标\n合并标题\tC\n")
    assert "删除" not in text and "PAGE" not in text and "隐藏" not in text
    assert text.count("文本框内容") == 1


def test_docx_chinese_style_ids(tmp_path: Path) -> None:
    doc = read_document(_build_chinese_styles_docx(tmp_path))
    assert [(b.level, b.text) for _, b in doc.headings()] == [
        (1, "一、基本信息"), (2, "（一）团队"), (3, "三级名称"), (2, "继承二级"),
    ]
    assert Block("paragraph", text="循环样式") in doc.blocks
    assert Block("paragraph", text="正文") in doc.blocks


def test_docx_uppercase_suffix_and_no_styles_part(tmp_path: Path) -> None:
    src = _build_form_docx(tmp_path / "src.docx")
    dst = tmp_path / "NOSTYLES.DOCX"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            if info.filename != "word/styles.xml":
                zout.writestr(info, zin.read(info))
    doc = read_document(dst)
    # Without styles only direct outline levels make headings.
    assert [b.text for _, b in doc.headings()] == ["大纲级别标题"]
    assert len(doc.blocks) == len(FORM_BLOCKS)


def _other_prefix(data: bytes) -> bytes:
    xml = data.decode("utf-8")
    xml = xml.replace("<w:", "<ns0:").replace("</w:", "</ns0:").replace(" w:", " ns0:")
    return xml.replace("xmlns:w=", "xmlns:ns0=").encode("utf-8")


def test_docx_styles_with_other_namespace_prefix(tmp_path: Path) -> None:
    src = _build_form_docx(tmp_path / "src.docx")
    dst = tmp_path / "prefix.docx"
    _rewrite_zip(src, dst, {"word/styles.xml": _other_prefix})
    with zipfile.ZipFile(dst) as zf:
        assert b"<ns0:style " in zf.read("word/styles.xml")
    assert read_document(dst).blocks == FORM_BLOCKS


def test_a_long_docx_is_read_whole(tmp_path: Path) -> None:
    """(Its speed is measured by bench/import_speed.py, not asserted here: no timing in tests.)"""
    doc = read_document(_build_long_docx(tmp_path / "long.docx"))
    assert sum(1 for b in doc.blocks if b.kind == "table") == 10


def _build_long_docx(path: Path) -> Path:
    """About 25 pages: 200 paragraphs, 20 headings and 10 tables."""
    d = docx.Document()
    sentence = "本项目围绕关键技术开展研究，形成可推广的成果。"
    for i in range(200):
        if i % 10 == 0:
            d.add_heading(f"{i // 10 + 1}、第{i // 10 + 1}部分", 1 + (i // 10) % 2)
        d.add_paragraph(sentence * 4)
        if i % 20 == 19:
            table = d.add_table(rows=8, cols=5)
            for r, row in enumerate(table.rows):
                for c, cell in enumerate(row.cells):
                    cell.text = f"单元格{r}-{c}"
    d.save(str(path))
    return path


# --------------------------------------------------------------------------
# .pdf
# --------------------------------------------------------------------------


def test_pdf_ascii_text_layer(tmp_path: Path) -> None:
    path = tmp_path / "plain.PDF"
    path.write_bytes(_minimal_pdf(ASCII_PAGES))
    doc = read_document(path)
    assert doc.format == "pdf"
    assert doc.page_count == 2
    assert doc.has_text_layer is True
    assert doc.blocks == (
        Block("page", page=1),
        Block("heading", text="1. Introduction", level=2, page=1),
        Block("paragraph", text="This is a test (with parens).", page=1),
        Block("paragraph", text="Second paragraph here.", page=1),
        Block("page", page=2),
        Block("heading", text="2. Methods", level=2, page=2),
        Block("paragraph", text="Done.", page=2),
    )


def test_pdf_chinese_headings_and_wrapping(qt_pdfs: tuple[Path, Path]) -> None:
    doc = read_document(qt_pdfs[0])
    assert doc.page_count == 2 and doc.has_text_layer
    outline = [(b.page, b.level, b.text) for _, b in doc.headings()]
    assert outline == [
        (1, 1, "一、项目基本情况"), (1, 2, "（一）研究目标"),
        (2, 1, "二、研究内容"), (2, 2, "1.1 技术路线"),
    ]
    wrapped = "本项目面向区域产业需求，" * 12
    assert Block("paragraph", text=wrapped, page=1) in doc.blocks
    assert Block("paragraph", text="采用深度学习方法。", page=2) in doc.blocks
    assert doc.blocks[0] == Block("page", page=1)


def test_pdf_without_text_layer_is_not_an_error(qt_pdfs: tuple[Path, Path]) -> None:
    doc = read_document(qt_pdfs[1])
    assert doc.has_text_layer is False
    assert doc.page_count == 2
    assert doc.blocks == (Block("page", page=1), Block("page", page=2))
    assert doc.headings() == [] and doc.plain_text() == ""


def test_pdf_owner_password_only_is_readable(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    src = tmp_path / "src.pdf"
    src.write_bytes(_minimal_pdf(ASCII_PAGES))
    writer = PdfWriter(clone_from=PdfReader(src))
    writer.encrypt(user_password="", owner_password="owner-secret")
    path = tmp_path / "owner.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    doc = read_document(path)
    assert [b.text for _, b in doc.headings()] == ["1. Introduction", "2. Methods"]


def test_pdf_fake_bold_is_read_once(qt_form_pdf: Path) -> None:
    doc = read_document(qt_form_pdf)
    outline = [(b.page, b.level, b.text) for _, b in doc.headings()]
    assert outline == [
        (2, 1, "一、申报单位基本情况"), (2, 2, "（一）建设内容"), (2, 1, "二、项目概况"),
    ]
    text = doc.plain_text()
    assert text.count("申报单位基本情况") == 1 and text.count("1.医学影像云。") == 1
    assert text.count("2019年新型信息消费示范项目申报书") == 1
    assert Block("paragraph", text="1.医学影像云。影像集中存储和在线诊断报告。", page=2) in doc.blocks
    body = "乡镇卫生院拍片后影像上传云端，由县级医院专家出具诊断报告，" * 4
    assert Block("paragraph", text=body, page=2) in doc.blocks


def test_pdf_cover_label_value_lines(qt_form_pdf: Path) -> None:
    doc = read_document(qt_form_pdf)
    cover = [b for b in doc.blocks if b.page == 1 and b.kind != "page"]
    assert cover == [
        Block("paragraph", text="2019年新型信息消费示范项目申报书", page=1),
        Block("paragraph", text="项目名称：县域医共体远程诊疗与医学影像云服务平台", page=1),
        Block("paragraph", text="所属方向：3.健康医疗服务", page=1),
        Block("paragraph", text="申报日期：2019年3月26日", page=1),
    ]  # the page numbers "1" (and "2" on page 2) are gone too
    assert not any(b.text.strip().isdigit() for b in doc.blocks)


def test_pdf_page_number_lines_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "footers.pdf"
    _run_qt(QT_FOOTER_SCRIPT, path)
    doc = read_document(path)
    for page in (1, 2, 3):
        assert [b.text for b in doc.blocks if b.page == page and b.kind != "page"] == [
            f"正文第{page}页。", "2019", "统计截至年底。"]  # a number inside the page stays


def test_pdf_numbered_value_after_label_is_not_a_heading(tmp_path: Path) -> None:
    path = tmp_path / "label.pdf"
    path.write_bytes(_stream_pdf([
        _text_at(72, 700, "Direction:") + _text_at(72, 680, "3. Health services")
        + _text_at(72, 640, "2. Methods") + _text_at(72, 620, "1. We measured everything twice;")
        + _text_at(72, 600, "3. Results are short")]))
    doc = read_document(path)
    assert [b.text for _, b in doc.headings()] == ["2. Methods", "3. Results are short"]
    assert Block("paragraph", text="3. Health services", page=1) in doc.blocks


def test_pdf_overprinted_copies_are_dropped(tmp_path: Path) -> None:
    """Fake bold: the same text again a fraction of a point away."""
    path = tmp_path / "overprint.pdf"
    path.write_bytes(_stream_pdf([
        # two text objects (fragments of their own)
        _text_at(72, 700, "1. Summary", 14) + _text_at(72.4, 700.2, "1. Summary", 14)
        # one text object: pypdf glues the copy to the original
        + "BT /F1 14 Tf 72 660 Td (2. Method) Tj 0.3 0 Td (2. Method) Tj ET "
        # the same word in two table cells is not a copy
        + _text_at(72, 620, "Yes") + _text_at(200, 620, "Yes") + _text_at(320, 620, "No")
        + _text_at(72, 600, "No") + _text_at(200, 600, "Yes") + _text_at(320, 600, "No")]))
    doc = read_document(path)
    assert [b.text for _, b in doc.headings()] == ["1. Summary", "2. Method"]
    tables = [b.rows for b in doc.blocks if b.kind == "table"]
    assert tables == [(("Yes", "Yes", "No"), ("No", "Yes", "No"))]


def test_pdf_lines_cells_and_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "layout.pdf"
    wrapped = ["This paragraph is long enough to fill the whole line of text and",
               "so it wraps onto a second line, which ends the sentence."]
    path.write_bytes(_stream_pdf([
        _text_at(72, 720, "Name:") + _text_at(110, 720, "Example Project")
        + _text_at(72, 690, wrapped[0]) + _text_at(72, 676, wrapped[1])
        + _text_at(72, 646, "A short line")
        + _text_at(72, 632, "Another short line")]))
    doc = read_document(path)
    assert [b.text for b in doc.blocks if b.kind == "paragraph"] == [
        "Name: Example Project", " ".join(wrapped), "A short line", "Another short line"]


def test_demo_pdf_outline() -> None:
    assert DEMO_PDF is not None
    doc = read_document(DEMO_PDF)
    level1 = [b.text for _, b in doc.headings() if b.level == 1]
    assert level1 == ["一、申报单位基本情况", "二、项目概况", "三、创新点与技术先进性",
                      "四、示范效应与推广价值", "五、经济社会效益", "六、进度安排", "七、承诺书",
                      "八、推荐单位意见"]
    level2 = [b.text for _, b in doc.headings() if b.level == 2]
    assert level2 == ["（一）项目简介", "（二）建设内容", "（三）项目投资及资金来源"]
    assert Block("paragraph", text="所属方向：3.健康医疗服务", page=1) in doc.blocks
    assert sum(1 for b in doc.blocks if b.kind == "table") == 3


# --------------------------------------------------------------------------
# Serialisation
# --------------------------------------------------------------------------


def test_json_round_trip_docx(tmp_path: Path) -> None:
    doc = read_document(_build_form_docx(tmp_path / "form.docx"))
    data = doc.to_json()
    assert "项目申报书" in data and "\\u" not in data
    assert ": " not in data.replace("1.1 技术路线", "")  # compact separators
    again = DocumentText.from_json(data)
    assert again == doc
    assert again.headings() == doc.headings()


def test_json_round_trip_pdf(tmp_path: Path) -> None:
    path = tmp_path / "plain.pdf"
    path.write_bytes(_minimal_pdf(ASCII_PAGES))
    doc = read_document(path)
    assert DocumentText.from_json(doc.to_json()) == doc
    scan = DocumentText("pdf", (Block("page", page=1),), 1, False)
    assert DocumentText.from_json(scan.to_json()) == scan


@pytest.mark.parametrize("data", ["", "[]", '{"format": "odt", "blocks": []}',
                                  '{"format": "pdf", "has_text_layer": true, '
                                  '"blocks": [{"kind": "image"}]}'])
def test_from_json_rejects_malformed(data: str) -> None:
    with pytest.raises(ValueError):
        DocumentText.from_json(data)


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------


def _empty(tmp: Path, name: str) -> Path:
    path = tmp / name
    path.write_bytes(b"")
    return path


def _bytes(name: str, data: bytes) -> Callable[[Path], Path]:
    def build(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(data)
        return path
    return build


def _zip_without_body(tmp: Path) -> Path:
    return _write_zip(tmp / "nobody.docx", {"[Content_Types].xml": b"<Types/>",
                                            "word/styles.xml": b"<w:styles/>"})


def _body_missing_element(tmp: Path) -> Path:
    xml = f'<w:document xmlns:w="{W_NS}"><w:other/></w:document>'.encode()
    return _write_zip(tmp / "nobodyelement.docx", {"word/document.xml": xml})


def _broken_xml(tmp: Path) -> Path:
    xml = f'<w:document xmlns:w="{W_NS}"><w:body><w:p>'.encode()
    return _write_zip(tmp / "broken.docx", {"word/document.xml": xml})


def _entity_bomb(tmp: Path) -> Path:
    xml = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
           b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
           b'<w:document xmlns:w="' + W_NS.encode() + b'"><w:body><w:p><w:r><w:t>&b;</w:t>'
           b'</w:r></w:p></w:body></w:document>')
    return _write_zip(tmp / "entities.docx", {"word/document.xml": xml})


def _zip_bomb(tmp: Path) -> Path:
    head = f'<w:document xmlns:w="{W_NS}"><w:body>'.encode()
    xml = head + b" " * (8 * 1024 * 1024) + b"</w:body></w:document>"
    return _write_zip(tmp / "bomb.docx", {"word/document.xml": xml})


def _truncated_pdf(tmp: Path) -> Path:
    data = _minimal_pdf(ASCII_PAGES)
    path = tmp / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


def _encrypted_pdf(tmp: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    path = tmp / "加密.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def _huge_file(tmp: Path) -> Path:
    path = tmp / "huge.pdf"
    with open(path, "wb") as fh:
        fh.truncate(documents.MAX_FILE_BYTES + 1)  # sparse: no real disk use
    return path


def _renamed_doc(tmp: Path) -> Path:
    data = OLE2_MAGIC + bytes(504) + "WordDocument".encode("utf-16-le") + bytes(512)
    return _bytes("renamed.docx", data)(tmp)


BAD_INPUTS: list[tuple[str, Callable[[Path], Path], str, str]] = [
    ("empty docx", lambda t: _empty(t, "empty.docx"), "unreadable_document", "empty"),
    ("empty pdf", lambda t: _empty(t, "empty.pdf"), "unreadable_document", "empty"),
    ("random bytes", _bytes("random.docx", bytes(range(256)) * 8),
     "unreadable_document", "not_zip"),
    ("zip without body", _zip_without_body, "unreadable_document", "no_body"),
    ("xml without w:body", _body_missing_element, "unreadable_document", "no_body"),
    ("broken xml", _broken_xml, "unreadable_document", "bad_xml"),
    ("doctype entities", _entity_bomb, "unreadable_document", "bad_xml"),
    ("ole2 docx", _bytes("加密.docx", OLE2_MAGIC + bytes(1024)),
     "unreadable_document", "encrypted"),
    ("renamed .doc", _renamed_doc, "unreadable_document", "doc_format"),
    ("zip bomb", _zip_bomb, "unreadable_document", "zip_bomb"),
    ("doc", _bytes("old.doc", OLE2_MAGIC + bytes(64)), "unsupported_format", "doc_format"),
    ("wps", _bytes("form.wps", OLE2_MAGIC + bytes(64)), "unsupported_format", "wps_format"),
    ("rtf", _bytes("form.rtf", b"{\\rtf1 hi}"), "unsupported_format", "other_format"),
    ("txt", _bytes("notes.txt", b"hello"), "unsupported_format", "other_format"),
    ("no suffix", _bytes("README", b"hello"), "unsupported_format", "other_format"),
    ("truncated pdf", _truncated_pdf, "unreadable_document", "corrupt_pdf"),
    ("garbage pdf", _bytes("garbage.pdf", b"this is not a pdf at all"),
     "unreadable_document", "corrupt_pdf"),
    ("encrypted pdf", _encrypted_pdf, "unreadable_document", "encrypted"),
    ("too large", _huge_file, "unreadable_document", "too_large"),
    ("missing file", lambda t: t / "missing.docx", "unreadable_document", "io_error"),
]


@pytest.mark.parametrize(("build", "code", "reason"),
                         [case[1:] for case in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS])
def test_bad_input(tmp_path: Path, build: Callable[[Path], Path], code: str, reason: str) -> None:
    path = build(tmp_path)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    err = info.value
    assert (err.code, err.reason) == (code, reason)
    assert err.path == path
    assert path.name in str(err)


def test_document_xml_over_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _build_form_docx(tmp_path / "big.docx")
    monkeypatch.setattr(documents, "MAX_XML_BYTES", 1000)
    with pytest.raises(DocumentError) as info:
        read_document(path)
    assert (info.value.code, info.value.reason) == ("unreadable_document", "too_large")


def test_document_error_pickles(tmp_path: Path) -> None:
    err = DocumentError("unreadable_document", tmp_path / "x.docx", "empty", "file is 0 bytes")
    again = pickle.loads(pickle.dumps(err))
    assert (again.code, again.path, again.reason, again.detail) == (
        err.code, err.path, err.reason, err.detail)
    assert str(again) == str(err)


def test_module_imports_no_heavy_dependencies() -> None:
    code = ("import sys, reviewer.documents; "
            "print(sorted(m for m in ('docx', 'PySide6', 'pypdf', 'lxml') if m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env)
    assert out.stdout.strip() == "[]"



def test_docx_without_heading_styles_gets_its_outline_from_numbered_titles(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    for text in ("一、申报单位基本情况", "公司成立于2015年，主要从事医学影像信息化。", "（一）项目简介",
                 "一、本段是一句很长的正文，虽然以编号开头，但以句号结尾，所以不是标题。", "二、项目概况"):
        document.add_paragraph(text)
    path = tmp_path / "plain.docx"
    document.save(path)
    outline = [(b.level, b.text) for _, b in read_document(path).headings()]
    assert outline == [(1, "一、申报单位基本情况"), (2, "（一）项目简介"), (1, "二、项目概况")]


def test_styled_headings_are_not_mixed_with_numbered_paragraphs(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("项目概况", 1)
    document.add_paragraph("一、这一段在有标题样式的文件里仍是正文")
    path = tmp_path / "styled.docx"
    document.save(path)
    assert [b.text for _, b in read_document(path).headings()] == ["项目概况"]


def test_a_document_in_memory_reads_like_the_file(tmp_path: Path) -> None:
    from reviewer.documents import read_document_bytes

    for path in sorted((Path(__file__).resolve().parents[2] / "resources" / "demo" / "batch").glob("03_*/申报书/0[34]_*")):
        assert read_document_bytes(path.name, path.read_bytes()) == read_document(path)
    with pytest.raises(DocumentError) as empty:
        read_document_bytes("blank.docx", b"")
    assert (empty.value.code, empty.value.reason, empty.value.path.name) == ("unreadable_document", "empty", "blank.docx")
    with pytest.raises(DocumentError) as old:
        read_document_bytes("old.doc", b"\xd0\xcf\x11\xe0")
    assert old.value.code == "unsupported_format"


# --------------------------------------------------------------------------
# DTDs and entities are refused; control characters are cleaned where text enters
# --------------------------------------------------------------------------


@pytest.mark.parametrize(("data", "refused"), [
    (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document/>', False),
    (b"\xef\xbb\xbf<?xml version='1.0'?><!-- a comment --><w:document/>", False),
    (b"<!DOCTYPE w [<!ENTITY a 'x'>]><w:document>&a;</w:document>", True),
    (b"<?xml version='1.0'?><!-- <w:document> in a comment --><!DOCTYPE w []><w:document/>", True),
    (b"<?xml version='1.0'?>" + b" " * 70_000 + b"<w:document/>", True),        # a prolog nobody writes
    (b"<w:document><w:t>&lt;!DOCTYPE is text here</w:t></w:document>", False),
    ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w []><w:document/>'.encode("utf-16"), True),
])
def test_a_doctype_is_found_wherever_the_prolog_hides_it(data: bytes, refused: bool) -> None:
    assert documents.declares_dtd(data) is refused


def test_control_characters_are_removed_from_blocks_and_cells_and_counted() -> None:
    doc = DocumentText("docx", (Block("paragraph", "项目\x00名称"), Block("table", rows=(("a\x0bb", "c"),))), None, True)
    cleaned, removed = documents.clean_document(doc)
    assert removed == 2
    assert cleaned.blocks == (Block("paragraph", "项目名称"), Block("table", rows=(("ab", "c"),)))
    assert documents.clean_document(cleaned) == (cleaned, 0)
