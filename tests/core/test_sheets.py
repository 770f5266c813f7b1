"""The offline score sheet: written from a package, filled as Excel or WPS would, submitted, merged.

Every bad sheet is refused with the sheet and cell named, and no score file is written.
Cell addresses are spelled out literally: they are the layout docs/score-sheet.md promises.
"""

from __future__ import annotations

import json
from datetime import datetime
import shutil
from pathlib import Path
from typing import Any, Callable

import pytest
from openpyxl import Workbook, load_workbook
from sqlmodel import Session, select

from reviewer.call import bundled_call
from reviewer.importing.forms import bundled_form_fields
from reviewer.errors import ReviewerError
from reviewer.importing.importer import import_batch
from reviewer.panel.envelope import EnvelopeError
from reviewer.panel.experts import ExpertEntry, add_experts, assign
from reviewer.panel.packages import open_package, read_package, write_packages
from reviewer.panel.scorefiles import merge_score_file
from reviewer.panel.sheets import SheetError, apply_sheet, read_sheet, save_sheet, submit, write_sheet
from reviewer.review import Review
from reviewer.rubric import bundled_rubrics
from reviewer.store.models import ExpertAssessmentRow, ExpertRow, ExpertScoreRow

REPO = Path(__file__).resolve().parents[2]
DIR1 = "方向1 数字创意内容和服务"
DIR3 = "方向3 健康医疗服务"
CRITERIA1 = ["C1", "C2", "C3", "C4", "C5", "C6", "D1.1", "D1.2", "D1.3", "D1.4"]


@pytest.fixture(scope="module")
def panel(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The chair's review of the demo batch with three experts, and their packages.

    张明 reviews directions 1 and 3 (four declarations); 李华 works for the applicant of
    浙江省-03, so direction 3 gives her only 四川省-04; 王芳 reviews direction 3.
    """
    root = tmp_path_factory.mktemp("sheets")
    chair = root / "chair.sqlite"
    import_batch(REPO / "resources" / "demo" / "batch", chair, bundled_call(), bundled_rubrics(), bundled_form_fields())
    review = Review.open(chair)
    add_experts(review, [
        ExpertEntry("张明", "浙江大学", "", "浙江省", (1, 3), ()),
        ExpertEntry("李华", "杭州康联医疗信息技术有限公司", "", "上海市", (3,), ()),
        ExpertEntry("王芳", "北京邮电大学", "", "北京市", (3,), ()),
    ])
    assign(review, bundled_call())
    written = write_packages(review, root / "packages", root / "passphrases")
    review.close()
    return {"root": root, "chair": chair,
            "packages": {w.expert.name: w.path for w in written},
            "passphrases": {w.expert.name: w.passphrase for w in written}}


def _sheet(panel: dict[str, Any], name: str, target: Path) -> Path:
    return write_sheet(panel["packages"][name], panel["passphrases"][name], target)


def _cell(ws: Any, code: str, column: str) -> Any:
    """The cell of a declaration's row under a heading (a criterion id or a column name), found as another tool would."""
    headings = {str(c.value).split("\n")[0]: c.column for c in ws[5] if c.value is not None}
    row = next(c.row for c in ws["A"] if c.value == code)
    return ws.cell(row, headings[column])


def _fill(path: Path, values: dict[tuple[str, str], dict[str, Any]]) -> None:
    book = load_workbook(path)
    for (sheet, code), cells in values.items():
        for column, value in cells.items():
            _cell(book[sheet], code, column).value = value
    book.save(path)


#: What the expert enters, as Excel or WPS would store it: numbers as numbers, one typed as text.
FILLED: dict[tuple[str, str], dict[str, Any]] = {
    (DIR1, "四川省-01"): {**dict(zip(CRITERIA1, [13.5, 8, 7.5, 6, 7, 6.5, 10, 9.5, 6, 5.5])),
                         "评审意见": "文化资源数字化基础扎实，原创内容有特色。", "推荐意见": "推荐"},
    (DIR1, "浙江省-01"): {"C1": 0, "C2": "7.5", "C3": "６．５", "推荐意见": "待议 "},
    (DIR3, "四川省-04"): {"C1": 10, "否决项": "v2，V3", "否决理由": "申报书与推荐函中的信用代码不一致。",
                         "评审意见": "材料前后矛盾。", "推荐意见": "不推荐"},
    (DIR3, "浙江省-03"): {"回避": "是", "回避理由": "曾为该单位提供咨询。"},
}


def _filled(panel: dict[str, Any], target: Path, name: str = "张明") -> Path:
    _sheet(panel, name, target)
    _fill(target, FILLED)
    return target


def test_the_sheet_layout(panel: dict[str, Any], tmp_path: Path) -> None:
    path = _sheet(panel, "张明", tmp_path / "sheet.xlsx")
    package_id = read_package(panel["packages"]["张明"], panel["passphrases"]["张明"]).manifest["package_id"]
    book = load_workbook(path)
    assert book.sheetnames == ["说明", DIR1, DIR3]
    assert book.security.lockStructure
    guide = "\n".join(str(c.value) for c in book["说明"]["A"] if c.value)
    assert "张明" in guide and package_id in guide and "V1　不具备独立法人资格" in guide
    ws = book[DIR3]
    assert (ws["A4"].value, ws["B4"].value) == ("reviewer-score-sheet", 1)
    binding = json.loads(ws["C4"].value)
    assert {k: binding[k] for k in ("package_id", "expert_id", "expert", "direction")} == {
        "package_id": package_id, "expert_id": 1, "expert": "张明", "direction": 3}
    assert len(binding["rubric"]) == 64 and ws["D4"].value is None
    assert ws.row_dimensions[4].hidden and "张明" in ws["A2"].value and package_id in ws["A3"].value
    headings = [str(c.value).split("\n")[0] for c in ws[5]]
    assert headings == ["项目编号", "项目名称", "申报单位", "C1", "C2", "C3", "C4", "C5", "C6", "D3.1", "D3.2", "D3.3",
                        "D3.4", "评审意见", "推荐意见", "否决项", "否决理由", "回避", "回避理由", "总分"]
    assert ws["E5"].value == "C2\n示范性与代表性\n（0–10 分）"
    assert [ws.cell(r, 1).value for r in (6, 7)] == ["四川省-04", "浙江省-03"] and ws.max_row == 7
    assert ws["T6"].value == '=IF(COUNT(D6:M6)=0,"",SUM(D6:M6))'
    assert ws.freeze_panes == "D6"
    assert ws.protection.sheet and ws.protection.insertRows and ws.protection.deleteColumns and not ws.protection.password
    assert ws["A6"].protection.locked and ws["T6"].protection.locked and not ws["E6"].protection.locked
    assert not ws["N6"].protection.locked and not ws["S7"].protection.locked
    validations = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation}
    assert (validations["E6:E7"].type, validations["E6:E7"].formula1, validations["E6:E7"].formula2) == ("decimal", "0", "10")
    assert validations["E6:E7"].prompt and validations["E6:E7"].error
    assert validations["O6:O7"].formula1 == '"推荐,不推荐,待议"' and validations["R6:R7"].formula1 == '"是,否"'
    # 李华 works for the applicant of 浙江省-03: her sheet has only the other declaration.
    other = load_workbook(_sheet(panel, "李华", tmp_path / "lihua.xlsx"))
    assert other.sheetnames == ["说明", DIR3] and other[DIR3].max_row == 6 and other[DIR3]["A6"].value == "四川省-04"


def test_a_filled_sheet_reaches_the_chair_with_exactly_its_numbers(panel: dict[str, Any], tmp_path: Path) -> None:
    sheet = _filled(panel, tmp_path / "sheet.xlsx")
    out = tmp_path / "张明.rvscore"
    mine = tmp_path / "mine.sqlite"
    with pytest.raises(ReviewerError) as unfinished:  # 浙江省-01 is only half scored
        submit(panel["packages"]["张明"], panel["passphrases"]["张明"], sheet, out, database=mine)
    assert unfinished.value.code == "score_unfinished" and "浙江省-01" in unfinished.value.message() and not out.exists()
    exported = submit(panel["packages"]["张明"], panel["passphrases"]["张明"], sheet, out, True, mine)
    assert exported.path == out and exported.seq == 1 and "浙江省-01" in exported.unfinished
    chair = tmp_path / "chair.sqlite"
    shutil.copy(panel["chair"], chair)
    review = Review.open(chair)
    try:
        assert merge_score_file(review, out).outcome == "merged"
        codes = {d.id: d.code for d in review.declarations(include_unselected=True)}
        with Session(review.engine) as s:
            expert = s.exec(select(ExpertRow).where(ExpertRow.name == "张明")).one()
            scores = {(codes[r.declaration_id], r.criterion_id): r.points
                      for r in s.exec(select(ExpertScoreRow).where(ExpertScoreRow.expert_id == expert.id))}
            assessments = {codes[r.declaration_id]: r
                           for r in s.exec(select(ExpertAssessmentRow).where(ExpertAssessmentRow.expert_id == expert.id))}
    finally:
        review.close()
    expected = {("四川省-01", c): float(v) for c, v in zip(CRITERIA1, [13.5, 8, 7.5, 6, 7, 6.5, 10, 9.5, 6, 5.5])}
    expected |= {("浙江省-01", "C1"): 0.0, ("浙江省-01", "C2"): 7.5, ("浙江省-01", "C3"): 6.5, ("四川省-04", "C1"): 10.0}
    assert scores == expected
    assert set(assessments) == {"四川省-01", "浙江省-01", "四川省-04", "浙江省-03"}
    a = assessments["四川省-01"]
    assert (a.opinion, a.recommendation, json.loads(a.vetoes), a.recused) == (
        "文化资源数字化基础扎实，原创内容有特色。", "recommend", {}, False)
    assert (assessments["浙江省-01"].recommendation, assessments["浙江省-01"].opinion) == ("undecided", "")
    vetoed = assessments["四川省-04"]
    assert json.loads(vetoed.vetoes) == {"V2": "申报书与推荐函中的信用代码不一致。", "V3": "申报书与推荐函中的信用代码不一致。"}
    assert (vetoed.recommendation, vetoed.opinion) == ("reject", "材料前后矛盾。")
    recused = assessments["浙江省-03"]
    assert (recused.recused, recused.recusal_reason, recused.recommendation) == (True, "曾为该单位提供咨询。", None)


def _refused(panel: dict[str, Any], tmp_path: Path, sheet: Path) -> SheetError:
    out = tmp_path / "out.rvscore"
    with pytest.raises(SheetError) as caught:
        submit(panel["packages"]["张明"], panel["passphrases"]["张明"], sheet, out)
    assert not out.exists() and not list(tmp_path.glob("*.partial"))
    return caught.value


def _edit(path: Path, change: Callable[[Any], None]) -> Path:
    book = load_workbook(path)
    change(book)
    book.save(path)
    return path


def _set(sheet: str, cell: str, value: Any) -> Callable[[Any], None]:
    def change(book: Any) -> None:
        book[sheet][cell] = value
    return change


BAD_SHEETS = {
    "out of range": (_set(DIR3, "E7", 12.3), f"{DIR3}!E7", "sheet_out_of_range", "12.3 超出范围 0–10"),
    "not a multiple of 0.5": (_set(DIR1, "D6", 7.3), f"{DIR1}!D6", "sheet_step", "0.5 的整数倍"),
    "text in a number cell": (_set(DIR3, "F6", "八分"), f"{DIR3}!F6", "sheet_not_number", "“八分”"),
    "a date in a number cell": (_set(DIR1, "E6", datetime(2019, 8, 5)), f"{DIR1}!E6", "sheet_not_number", "2019-08-05"),
    "a formula in a number cell": (_set(DIR1, "D7", "=5+3"), f"{DIR1}!D7", "sheet_formula", "=5+3"),
    "an unknown declaration code": (_set(DIR1, "A7", "浙江省-99"), f"{DIR1}!A7", "sheet_unknown_code", "浙江省-99"),
    "a deleted row": (lambda book: book[DIR3].delete_rows(6), f"{DIR3}!A6:A7", "sheet_missing_row", "四川省-04"),
    "a deleted column": (lambda book: book[DIR3].delete_cols(5), f"{DIR3}!E5", "sheet_header", "应为“C2”，实为“C3”"),
    "a deleted lead column": (lambda book: book[DIR1].delete_cols(2), f"{DIR1}!A4", "sheet_marker_lost", "第 4 行"),
    "a deleted direction sheet": (lambda book: book.remove(book[DIR1]), DIR1, "sheet_missing_direction", "方向1"),
    "a veto without a reason": (_set(DIR3, "Q6", None), f"{DIR3}!Q6", "sheet_reason_required", "否决项（V2,V3）必须填写理由"),
    "a veto reason without a veto": (_set(DIR1, "Q6", "不符合条件"), f"{DIR1}!Q6", "sheet_reason_orphan", "否决"),
    "an unknown veto": (_set(DIR3, "P6", "V2,V9"), f"{DIR3}!P6", "sheet_veto_unknown", "V9"),
    "a recusal without a reason": (_set(DIR3, "S7", " "), f"{DIR3}!S7", "sheet_reason_required", "回避必须填写理由"),
    "an unknown recusal value": (_set(DIR1, "R7", "回避"), f"{DIR1}!R7", "sheet_recusal_value", "回避"),
    "an unknown recommendation": (_set(DIR1, "O7", "同意"), f"{DIR1}!O7", "sheet_recommendation", "同意"),
    "a declaration twice": (_set(DIR1, "A7", "四川省-01"), f"{DIR1}!A7", "sheet_duplicate_code", "第 6 行"),
    "a changed marker": (lambda book: book[DIR3].__setitem__("C4", book[DIR3]["C4"].value.replace('"rubric": "', '"rubric": "0')),
                         f"{DIR3}!C4", "sheet_marker", "评分细则指纹"),
    "a row without a code": (_set(DIR1, "D8", 5), f"{DIR1}!A8", "sheet_no_code", "没有项目编号"),
}


@pytest.mark.parametrize("case", list(BAD_SHEETS))
def test_a_bad_cell_is_named_and_nothing_is_written(panel: dict[str, Any], tmp_path: Path, case: str) -> None:
    change, address, code, words = BAD_SHEETS[case]
    sheet = _edit(_filled(panel, tmp_path / "sheet.xlsx"), change)
    error = _refused(panel, tmp_path, sheet)
    assert error.code == "sheet_cells"
    assert code in [f.code for f in error.faults] and address in [f.address for f in error.faults]
    zh, en = error.message("zh"), error.message("en")
    assert f"{address}：" in zh and words in zh and f"{address}: " in en and "nothing was stored" in en
    assert str(sheet) in zh and "未导入任何内容" in zh and "{" not in zh + en  # every template got its parameters


def test_every_fault_is_collected(panel: dict[str, Any], tmp_path: Path) -> None:
    sheet = _sheet(panel, "张明", tmp_path / "sheet.xlsx")
    book = load_workbook(sheet)
    for ws in book.worksheets[1:]:
        for row in ws.iter_rows(min_row=6, max_row=7, min_col=4, max_col=13):
            for cell in row:
                cell.value = "x"
    book.save(sheet)
    error = _refused(panel, tmp_path, sheet)
    assert len(error.faults) == 40 and all(f.code == "sheet_not_number" for f in error.faults)
    assert error.params["count"] == 40
    zh = error.message("zh")
    assert "评分表有 40 处错误" in zh and f"{DIR1}!D6：" in zh and "另有 20 处错误" in zh and f"{DIR3}!M7：" not in zh
    assert error.faults[-1].address == f"{DIR3}!M7"


def test_a_sheet_of_another_package_is_refused(panel: dict[str, Any], tmp_path: Path) -> None:
    sheet = _sheet(panel, "王芳", tmp_path / "wangfang.xlsx")
    _fill(sheet, {(DIR3, "四川省-04"): {"C1": 9}})
    error = _refused(panel, tmp_path, sheet)
    assert error.code == "sheet_other_package" and "王芳" in error.message("zh") and "张明" in error.message("zh")
    assert f"{DIR3}!C4" in error.message("zh")


def test_a_sheet_of_a_newer_format_is_refused(panel: dict[str, Any], tmp_path: Path) -> None:
    sheet = _edit(_filled(panel, tmp_path / "sheet.xlsx"), _set(DIR3, "B4", 2))
    error = _refused(panel, tmp_path, sheet)
    assert error.code == "sheet_format" and "格式版本 2" in error.message("zh")


def test_a_wrong_passphrase_writes_nothing(panel: dict[str, Any], tmp_path: Path) -> None:
    package = panel["packages"]["张明"]
    with pytest.raises(EnvelopeError) as caught:
        write_sheet(package, "WRONG-PASS", tmp_path / "sheet.xlsx")
    assert caught.value.code == "envelope_passphrase" and not (tmp_path / "sheet.xlsx").exists()
    sheet = _filled(panel, tmp_path / "sheet.xlsx")
    out = tmp_path / "out.rvscore"
    with pytest.raises(EnvelopeError) as caught:
        submit(package, "WRONG-PASS", sheet, out)
    assert caught.value.code == "envelope_passphrase" and not out.exists()


def test_a_sheet_that_cannot_be_written_is_named(panel: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(SheetError) as caught:
        _sheet(panel, "张明", tmp_path / "no such folder" / "sheet.xlsx")
    assert caught.value.code == "sheet_unwritable" and "no such folder" in caught.value.message("zh")


def test_a_file_that_is_no_score_sheet(panel: dict[str, Any], tmp_path: Path) -> None:
    text = tmp_path / "notes.xlsx"
    text.write_text("评分：8 分", encoding="utf-8")
    assert _refused(panel, tmp_path, text).code == "sheet_unreadable"
    plain = tmp_path / "plain.xlsx"
    Workbook().save(plain)
    assert _refused(panel, tmp_path, plain).code == "sheet_not_score_sheet"


def test_the_gui_path_reads_the_same_sheet_into_the_open_review(panel: dict[str, Any], tmp_path: Path) -> None:
    """An expert with the package open exports a sheet with what they entered, and loads it back."""
    package, phrase = panel["packages"]["张明"], panel["passphrases"]["张明"]
    db = open_package(package, phrase, tmp_path / "mine.sqlite")
    review = Review.open(db)
    try:
        ids = {d.code: d.id for d in review.declarations()}
        review.set_points(ids["浙江省-03"], "C2", 6.5)
        review.set_remark(ids["浙江省-03"], "C2", "示范性一般")
        review.set_veto(ids["四川省-01"], "V1", "分公司申报")
        sheet = save_sheet(review, tmp_path / "mine.xlsx")
        ws = load_workbook(sheet)[DIR3]
        assert _cell(ws, "浙江省-03", "C2").value == 6.5
        assert _cell(load_workbook(sheet)[DIR1], "四川省-01", "否决项").value == "V1"
        _fill(sheet, {(DIR3, "浙江省-03"): {"C2": 7, "C3": 9.5}, (DIR1, "四川省-01"): {"否决项": None, "否决理由": None}})
        entries = read_sheet(sheet, review)
        assert [e.code for e in entries] == ["四川省-01", "浙江省-01", "四川省-04", "浙江省-03"]
        assert apply_sheet(review, entries) == 3
        assert review.sheet(ids["浙江省-03"]).points == {"C2": 7.0, "C3": 9.5}
        assert review.sheet(ids["浙江省-03"]).remarks == {"C2": "示范性一般"}  # the sheet has no remark column
        assert review.sheet(ids["四川省-01"]).vetoes == {}
        # A sheet written from the package file belongs to the same package, so the review reads it too.
        assert len(read_sheet(_filled(panel, tmp_path / "from-package.xlsx"), review)) == 4
    finally:
        review.close()


def test_loading_a_sheet_is_one_transaction_through_the_one_validator(panel: dict[str, Any], tmp_path: Path) -> None:
    """All of a loaded sheet is stored or none of it: a fault in the last declaration leaves the first untouched."""
    from reviewer.errors import ScoringError
    from reviewer.scoring import ScoreSheet

    db = open_package(panel["packages"]["张明"], panel["passphrases"]["张明"], tmp_path / "mine.sqlite")
    review = Review.open(db)
    try:
        first, last = [d.id for d in review.declarations()][:2]
        before = (review.sheets([first, last]), len(review.history(first)))
        for bad in ({"C1": 99.0}, {"C1": 7.3}, {"C404": 1.0}):
            with pytest.raises(ScoringError):
                review.write_sheets({first: ScoreSheet(first, points={"C1": 5.0}, opinion="好\x0b"),
                                     last: ScoreSheet(last, points=bad)})
            assert (review.sheets([first, last]), len(review.history(first))) == before
        edits = review.write_sheets({first: ScoreSheet(first, points={"C1": 5.0}, opinion="好\x0b")})
        assert [e.field for e in edits] == ["points:C1", "opinion"]
        assert review.sheet(first).opinion == "好"  # a vertical tab cannot reach an export
    finally:
        review.close()


def _calc() -> Path | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    program = Path(soffice).resolve().parent
    return Path(soffice) if (program / "libsclo.so").exists() or (program / "sclo.dll").exists() else None


@pytest.mark.skipif(_calc() is None, reason="LibreOffice Calc is not installed (only Writer is)")
def test_a_sheet_saved_again_by_libreoffice_calc(panel: dict[str, Any], tmp_path: Path) -> None:
    import subprocess

    sheet = _filled(panel, tmp_path / "sheet.xlsx")
    converted = tmp_path / "calc"
    subprocess.run([str(_calc()), "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir",
                    str(converted), str(sheet)], check=True, capture_output=True, timeout=180)
    entries = read_sheet(converted / "sheet.xlsx", read_package(panel["packages"]["张明"], panel["passphrases"]["张明"]))
    assert {e.code: e.points for e in entries}["浙江省-01"] == {"C1": 0.0, "C2": 7.5, "C3": 6.5}
