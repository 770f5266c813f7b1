"""Reading labelled fields from forms, and files that belong to no project."""

from __future__ import annotations

import shutil
from pathlib import Path

from reviewer.call import bundled_call
from reviewer.documents import Block, DocumentText
from reviewer.importing.forms import bundled_form_fields, extract_fields
from reviewer.importing.reader import check_batch

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
