"""Reading labelled fields from forms, and files that belong to no project."""

from __future__ import annotations

import shutil
from pathlib import Path

from reviewer.call import bundled_call
from reviewer.documents import Block, DocumentText
from reviewer.importing.forms import bundled_form_fields, extract_fields
from reviewer.importing.reader import check_batch
from reviewer.importing.sources import SourceFile

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "batch"


def _fields(*paragraphs: str, rows: tuple[tuple[str, ...], ...] = ()) -> dict[str, str]:
    blocks = [Block("paragraph", p) for p in paragraphs]
    if rows:
        blocks.append(Block("table", rows=rows))
    return extract_fields(DocumentText("docx", tuple(blocks), None, True), bundled_form_fields())


def test_two_labels_on_one_line_after_a_long_value() -> None:
    found = _fields("项目名称：县域医共体远程诊疗与医学影像云服务平台建设及推广应用　申报单位（盖章）：四川蓉医云健康科技有限公司")
    assert found["project_name"] == "县域医共体远程诊疗与医学影像云服务平台建设及推广应用"
    assert found["applicant"] == "四川蓉医云健康科技有限公司"


def test_a_label_inside_a_sentence_is_not_a_field() -> None:
    found = _fields("本项目由公司信息中心负责实施，日常对接由项目办公室的联系人：负责。")
    assert "contact" not in found


def test_spaced_labels_cells_below_and_credit_code_spacing() -> None:
    rows = (("单 位 名 称", "统一社会信用代码"), ("杭州某科技有限公司", "91370200 MA0000001X"))
    found = _fields(rows=rows)
    assert found["applicant"] == "杭州某科技有限公司"
    assert found["credit_code"] == "91370200MA0000001X"


def test_files_without_a_number_match_by_project_name_or_are_reported(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    shutil.copytree(DEMO, batch)
    forms = batch / "02_宁波市" / "申报书"
    numbered = next(forms.glob("03_*.docx"))
    renamed = forms / f"宁波市推荐-{numbered.stem[3:]}-申报书.docx"
    numbered.rename(renamed)
    (forms / "补充说明.docx").write_bytes(renamed.read_bytes())
    (forms / "营业执照.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a picture")
    checked = check_batch(batch, bundled_call(), bundled_form_fields())
    declaration = next(d for d in checked.declarations if d.code == "宁波市-03")
    assert [doc.path for doc in declaration.documents] == [renamed.relative_to(batch).as_posix()]
    reported = {(f.code, f.file) for f in checked.findings}
    assert reported == {("unassigned_file", "02_宁波市/申报书/补充说明.docx"),
                        ("unsupported_format", "02_宁波市/申报书/营业执照.jpg")}


# --------------------------------------------------------------------------
# Labels above values; labels the call does not read (issue 11 point 2)
# --------------------------------------------------------------------------


def test_a_label_the_call_does_not_read_is_never_a_value() -> None:
    rows = (("单位名称", "统一社会信用代码", "单位性质", "注册资本（万元）"),
            ("泉州某科技有限公司", "914403001922038216", "有限责任公司", "500"))
    found = _fields(rows=rows)
    assert found["credit_code"] == "914403001922038216" and found["applicant"] == "泉州某科技有限公司"


def test_a_row_of_labels_is_recognised_by_a_neighbour_that_cannot_be_the_value() -> None:
    """企业规模 is in no list: the credit code's neighbour has no digits, the cell below has, so values are below."""
    rows = (("单位名称", "企业规模", "统一社会信用代码", "员工人数"), ("泉州某科技有限公司", "中型", "914403001922038216", "120"))
    found = _fields(rows=rows)
    assert found["applicant"] == "泉州某科技有限公司" and found["credit_code"] == "914403001922038216"


def test_label_value_rows_beside_unread_labels_keep_their_values() -> None:
    rows = (("一、申报单位基本信息",) * 4,
            ("单位名称", "泉州某科技有限公司", "企业规模", "中型"),
            ("统一社会信用代码", "914403001922038216", "单位性质", "民营"),
            ("联系人", "黄一", "手机", "13900000001"))
    assert _fields(rows=rows) == {"applicant": "泉州某科技有限公司", "credit_code": "914403001922038216",
                                  "contact": "黄一", "phone": "13900000001"}


def test_an_empty_value_leaves_the_field_missing_rather_than_taking_the_next_label() -> None:
    rows = (("统一社会信用代码", "单位性质"), ("", "民营"))
    assert "credit_code" not in _fields(rows=rows)


def _word_form(path: Path) -> Path:
    """A Word-like form (python-docx: Word's own XML), labels above values, merged title rows."""
    from docx import Document

    doc = Document()
    doc.add_heading("2019年新型信息消费示范项目申报书", 1)
    table = doc.add_table(rows=6, cols=4)
    table.cell(0, 0).merge(table.cell(0, 3)).text = "一、申报单位基本信息"
    for c, text in enumerate(("单位名称", "统一社会信用代码", "单位性质", "成立时间")):
        table.cell(1, c).text = text
    for c, text in enumerate(("漳州某电子有限公司", "91350600MA0000012X", "股份有限公司", "2012年5月")):
        table.cell(2, c).text = text
    table.cell(3, 0).merge(table.cell(3, 3)).text = "二、项目信息"
    table.cell(4, 0).merge(table.cell(4, 1)).text = "项目名称"
    table.cell(4, 2).text, table.cell(4, 3).text = "所属方向", "项目总投资"
    table.cell(5, 0).merge(table.cell(5, 1)).text = "漳州智能终端示范项目"
    table.cell(5, 2).text, table.cell(5, 3).text = "9.消费类电子产品", "3000万元"
    doc.save(str(path))
    return path


_WPS_DOCUMENT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:wpsCustomData="http://www.wps.cn/officeDocument/2013/wpsCustomData" mc:Ignorable="w14 wp14"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>
<w:p><w:r><w:t>申报书</w:t></w:r></w:p>
<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>
<w:tr><w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>申报单位情况</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>单</w:t></w:r><w:r><w:t xml:space="preserve">位名称</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>统一社会</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>信用代码</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>企业类型</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>厦门某网络有限公司</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t xml:space="preserve">91350200 MA0000013 Y</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>有限责任公司（自然人投资或控股）</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>联系人</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:r><w:t>姓名</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>许十二</w:t></w:r></w:p></w:tc></w:tr>
</w:tbl><w:sectPr/></w:body></w:document>"""


def _wps_form(path: Path) -> Path:
    """A WPS-like form: WPS's namespaces, labels split over runs, a spaced credit code, an unread label (企业类型)."""
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        archive.writestr("word/document.xml", _WPS_DOCUMENT)
        archive.writestr("docProps/app.xml", "<Properties><Application>WPS Office_11.1.0</Application></Properties>")
    return path


def test_a_word_form_with_labels_above_values_and_merged_title_rows(tmp_path: Path) -> None:
    from reviewer.documents import read_document

    found = extract_fields(read_document(_word_form(tmp_path / "word.docx")), bundled_form_fields())
    assert found == {"applicant": "漳州某电子有限公司", "credit_code": "91350600MA0000012X",
                     "project_name": "漳州智能终端示范项目", "direction": "9.消费类电子产品"}


def test_a_wps_form_with_labels_above_values(tmp_path: Path) -> None:
    from reviewer.documents import read_document

    found = extract_fields(read_document(_wps_form(tmp_path / "wps.docx")), bundled_form_fields())
    assert found["applicant"] == "厦门某网络有限公司" and found["credit_code"] == "91350200MA0000013Y"


def test_a_damaged_copy_of_the_libreoffice_form_is_one_finding(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    shutil.copytree(DEMO / "02_宁波市", batch / "02_宁波市")
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "forms" / "lo_labels_above.docx"
    form = next((batch / "02_宁波市" / "申报书").glob("02_*.docx"))
    form.write_bytes(fixture.read_bytes()[: fixture.stat().st_size // 2])  # a copy cut off half way
    checked = check_batch(batch, bundled_call(), bundled_form_fields())
    assert [(f.code, f.file, f.declaration) for f in checked.findings if f.severity.value == "error"] == [
        ("unreadable_document", form.relative_to(batch).as_posix(), "宁波市-02")]
    assert len(checked.declarations) == 4


# --------------------------------------------------------------------------
# The summary-table reader on a table another program wrote (LibreOffice Calc), and a damaged copy
# --------------------------------------------------------------------------

LO_TABLE = Path(__file__).resolve().parents[1] / "fixtures" / "forms" / "lo_summary_table.xlsx"


def _table_source(data: bytes) -> SourceFile:

    return SourceFile("厦门市/推荐项目汇总表.xlsx", len(data), lambda: data)


def test_a_summary_table_saved_by_libreoffice_calc() -> None:
    from reviewer.importing.tables import parse_direction, read_summary_table

    table = read_summary_table(_table_source(LO_TABLE.read_bytes()))
    assert "厦门市" in table.title
    # Calc took the all-digit code for a number (as Excel does): its last digits are gone, so it is not read.
    assert [(r.seq, r.project_name, r.credit_code) for r in table.rows] == [
        (1, "厦门鹭岛数字文博平台", "91350200MA0000002X"), (2, "厦门海丝跨境电商服务平台", ""),
        (3, "厦门信息消费体验中心", "91350200MA2Y4HBD1F")]
    assert table.lost_digits == (4,)
    assert [parse_direction(r.direction_text, bundled_call()) for r in table.rows] == [1, 5, 10]


def test_a_damaged_copy_of_a_summary_table_is_refused_with_a_reason() -> None:
    import pytest

    from reviewer.importing.tables import TableError, read_summary_table

    data = LO_TABLE.read_bytes()
    with pytest.raises(TableError) as refused:
        read_summary_table(_table_source(data[: len(data) // 2]))
    assert refused.value.reason.startswith(("not_zip", "corrupt"))
