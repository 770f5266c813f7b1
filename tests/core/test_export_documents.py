"""The exported documents read back as OOXML and as a workbook: what a ministry official and the chair notice.

Panels from ``export_panel.build_panel``: seven experts with everything merged (a recusal, a vetoed declaration
whose vetoing experts left criteria unscored, a criterion nobody scored, every recommendation), and three
experts with nothing merged yet.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from export_panel import VETO_REASON, build_panel, declaration_codes, fingerprint, names

from reviewer.review import Review

REPO = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def seven(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from reviewer.exports import export_all
    from reviewer.panel import consolidation as cons

    root = tmp_path_factory.mktemp("seven")
    chair = build_panel(root / "chair.sqlite", 7)
    review = Review.open(chair)
    try:
        written = export_all(review, root / "out")
        stats = cons.declaration_stats(review, cons.load_settings(review))
        rubrics = {int(d): review.rubric(int(d)) for d in stats["direction"].unique()}
    finally:
        review.close()
    return {"root": root, "chair": chair, "out": root / "out", "written": written, "stats": stats, "rubrics": rubrics,
            "codes": declaration_codes(chair)}


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from reviewer.exports import export_all

    root = tmp_path_factory.mktemp("empty")
    chair = build_panel(root / "chair.sqlite", 3, merged=False)
    review = Review.open(chair)
    try:
        written = export_all(review, root / "out")
    finally:
        review.close()
    return {"root": root, "out": root / "out", "written": written}


def _doc(path: Path) -> Any:
    from docx import Document

    return Document(str(path))


def _text(doc: Any) -> str:
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += ["\t".join(c.text for c in row.cells) for row in t.rows]
    return "\n".join(parts)


def _opinion(bundle: dict[str, Any], position: int) -> tuple[Any, Any]:
    stats = bundle["stats"]
    row = stats[stats["code"] == bundle["codes"][position]].iloc[0]
    return row, _doc(bundle["out"] / "专家组评审意见" / f"{row['code']}_专家组评审意见.docx")


def _style(doc: Any, name: str) -> Any:
    return next(s for s in doc.styles.element.findall(f"{W}style") if s.find(f"{W}name").get(f"{W}val") == name)


def _paragraph_style(doc: Any, paragraph: Any) -> str:
    return paragraph.style.name if paragraph.style is not None else ""


def _kept(paragraph_element: Any) -> bool:
    ppr = paragraph_element.find(f"{W}pPr")
    return ppr is not None and ppr.find(f"{W}keepNext") is not None


def test_titles_body_and_tables_use_official_fonts_and_sizes(seven: dict[str, Any]) -> None:
    _, doc = _opinion(seven, 1)
    title = _style(doc, "文件标题")
    assert title.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "方正小标宋简体"
    assert title.find(f"{W}rPr/{W}sz").get(f"{W}val") == "44"            # 二号
    body = _style(doc, "评审正文")
    assert body.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "仿宋"
    assert body.find(f"{W}rPr/{W}sz").get(f"{W}val") == "32"             # 三号
    cell_sizes = {r.get(f"{W}val") for t in doc.tables for r in t._tbl.iter(f"{W}sz")}
    assert cell_sizes == {"28"}                                           # 四号 in the opinion's tables
    assert [p.text for p in doc.paragraphs[:2]] == ["2019年新型信息消费示范项目", "专家组评审意见"]
    assert all(_paragraph_style(doc, p) == "文件标题" for p in doc.paragraphs[:2])
    fonts = doc.part.part_related_by("http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable").blob.decode()
    assert re.search(r'w:name="方正小标宋简体"><w:altName w:val="华文中宋"/><w:charset w:val="86"/>', fonts)


def test_no_custom_style_is_named_like_normals_chinese_name_and_the_language_is_zh_cn(seven: dict[str, Any]) -> None:
    _, doc = _opinion(seven, 1)
    names_ = [s.find(f"{W}name").get(f"{W}val") for s in doc.styles.element.findall(f"{W}style")]
    assert "正文" not in names_ and len(names_) == len(set(names_))
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert (defaults.get(f"{W}val"), defaults.get(f"{W}eastAsia")) == ("zh-CN", "zh-CN")
    for name in ("评审正文", "文件标题", "一级标题", "表题"):
        assert _style(doc, name).find(f"{W}rPr/{W}lang").get(f"{W}eastAsia") == "zh-CN"
    assert doc.settings.element.find(f"{W}themeFontLang").get(f"{W}eastAsia") == "zh-CN"


def test_metadata_names_the_document_and_is_dated_now(seven: dict[str, Any]) -> None:
    row, doc = _opinion(seven, 1)
    props = doc.core_properties
    assert props.title == f"{row['code']} {row['project_name']} 专家组评审意见"
    assert props.author.startswith("2019年新型信息消费示范项目专家组") and "python-docx" not in (props.comments or "")
    assert props.language == "zh-CN"
    assert abs(props.created.replace(tzinfo=timezone.utc) - datetime.now(timezone.utc)) < timedelta(hours=1)
    summary = _doc(seven["out"] / "评审汇总表.docx").core_properties     # written through python-docx (pictures)
    assert (summary.title, summary.language) == ("2019年新型信息消费示范项目评审汇总表", "zh-CN")
    assert summary.author == props.author and summary.created.year == datetime.now().year


def test_every_criterion_is_listed_with_its_points_and_unscored_ones_say_so(seven: dict[str, Any]) -> None:
    for position in (0, 4):    # declaration 4: nobody scored its last criterion
        row, doc = _opinion(seven, position)
        rubric = seven["rubrics"][int(row["direction"])]
        table = doc.tables[1]
        lines = [[c.text for c in r.cells] for r in table.rows[1:]]
        assert [line[1] for line in lines[:-1]] == [c.name for c in rubric.criteria]
        assert lines[-1][1] == "总分" and lines[-1][2] == "100"
        assert sum(float(line[2]) for line in lines[:-1]) == 100
        if position == 4:
            assert lines[-2][3:] == ["未评", "未评"] and lines[-1][3:] == ["未评", "未评"]
            assert "暂未参与本方向排名" in _text(doc) and "无排名" not in _text(doc)


def test_a_veto_is_named_with_its_item_and_reasons_and_never_shows_as_unfinished(seven: dict[str, Any]) -> None:
    row, doc = _opinion(seven, 2)
    text = _text(doc)
    assert row["vetoed"] and f"V1 不具备独立法人资格（{int(row['vetoed_by'])} 位：{VETO_REASON}）" in text
    summary = _text(_doc(seven["out"] / "评审汇总表.docx"))
    matrix = [line for line in summary.splitlines() if line.split("\t")[1:2] == [row["code"]] and "否决" in line]
    assert matrix and all("未完成" not in line for line in matrix)
    vetoer = names(7)[0]       # expert 0 vetoed and left the direction's criteria unscored
    personal = _doc(seven["out"] / "个人评分表" / f"{vetoer}_个人评分表.docx")
    line = next(r for t in personal.tables for r in t.rows if r.cells[0].text == row["code"] and len(r.cells) > 3)
    assert [c.text for c in line.cells][-3] == "否决" and line.cells[-1].text == "V1"
    assert f"否决项 V1 不具备独立法人资格：{VETO_REASON}" in _text(personal)


def test_recommendations_print_as_labels_and_dates_are_not_zero_padded(seven: dict[str, Any]) -> None:
    text = _text(_doc(seven["out"] / "个人评分表" / f"{names(7)[1]}_个人评分表.docx"))
    assert {"推荐", "不推荐", "待议"} <= set(re.findall(r"\t(推荐|不推荐|待议)\t", text))
    assert "待定" not in text and "reject" not in text and "undecided" not in text
    today = datetime.now()
    assert f"{today.year}年{today.month}月{today.day}日" in text and not re.search(r"年0\d月|月0\d日", text)
    assert "batch" not in text


def test_captions_legends_and_signature_blocks_are_kept_with_their_tables(seven: dict[str, Any]) -> None:
    _, doc = _opinion(seven, 1)
    for name in ("表题", "一级标题", "文件标题"):      # captions and headings: kept with what follows, by their style
        assert _style(doc, name).find(f"{W}pPr/{W}keepNext") is not None, name
    assert "各项指标评分" in [p.text for p in doc.paragraphs if p.style.name == "表题"]
    assert all(_kept(r._tr.find(f"{W}tc/{W}p")) for r in doc.tables[1].rows)   # criteria table with its note
    leader = next(p for p in doc.paragraphs if p.text.startswith("专家组组长"))
    assert _kept(leader._p)
    members = doc.tables[-1]
    assert all(_kept(r._tr.find(f"{W}tc/{W}p")) for r in members.rows)   # the whole table with the date line
    assert all("<w:cantSplit/>" in r._tr.xml for t in doc.tables for r in t.rows)
    summary = _doc(seven["out"] / "评审汇总表.docx")
    captions = [p for p in summary.paragraphs if p.style.name == "表题"]
    assert len(captions) >= 20


def test_the_signature_block_names_the_leader_and_the_members(seven: dict[str, Any]) -> None:
    row, doc = _opinion(seven, 0)        # the last expert recused from declaration 0
    people = names(7)
    rows = [[c.text for c in r.cells] for r in doc.tables[-1].rows[1:]]
    assert [r[1] for r in rows] == people[:-1]
    leader = next(p.text for p in doc.paragraphs if p.text.startswith("专家组组长"))
    assert leader.startswith(f"专家组组长：{people[0]}　　签字：")
    summary = _doc(seven["out"] / "评审汇总表.docx")
    assert f"专家组组长：{people[0]}　　签字：" in _text(summary)
    assert [r.cells[1].text for r in summary.tables[-1].rows[1:]][:4] == people[:4]


def test_a_panel_with_nothing_merged_still_lists_every_criterion_and_says_so(empty: dict[str, Any]) -> None:
    path = sorted((empty["out"] / "专家组评审意见").glob("*.docx"))[0]
    doc = _doc(path)
    text = _text(doc)
    assert "尚未汇入专家评分" in text and "尚无完整的专家评分" in text
    lines = [[c.text for c in r.cells] for r in doc.tables[1].rows[1:]]
    assert len(lines) >= 9 and all(line[3:] == ["未评", "未评"] for line in lines)
    assert lines[-1][2] == "100"
    assert "由 " not in text and "不足 5 位专家" not in text


def test_charts_say_no_data_when_nothing_is_merged(empty: dict[str, Any]) -> None:
    from reviewer.exports import charts
    from reviewer.exports.data import collect

    review = Review.open(empty["root"] / "chair.sqlite")
    try:
        data = collect(review, with_opinions=False)
    finally:
        review.close()
    for make in (charts.distribution, charts.experts_vs_panel, charts.agreement):
        assert [t.get_text() for t in make(data).axes[0].texts] == ["无数据"]
        english = make(data, "en").axes[0]
        assert [t.get_text() for t in english.texts] == ["No data"] and "No data" not in english.get_title()
        assert not re.search(r"[\u4e00-\u9fff]", english.get_title())


def test_kendalls_w_survives_a_vetoed_declaration_and_says_how_many_it_used() -> None:
    import pandas as pd

    from reviewer.exports.data import agreement

    rows = []
    for expert in range(1, 6):
        for declaration, base in ((1, 90), (2, 80), (3, 70), (4, 60)):
            complete = not (declaration == 4 and expert <= 3)     # a vetoed declaration: three vetoers did not total it
            rows.append({"expert_id": expert, "declaration_id": declaration, "direction": 1,
                         "total": base + expert * 0.1 if complete else None, "complete": complete})
    totals = pd.DataFrame(rows)
    stats = pd.DataFrame({"declaration_id": [1, 2, 3, 4], "direction": [1, 1, 1, 1]})
    result = agreement(totals, stats)[1]
    assert result.w == pytest.approx(1.0) and (result.declarations, result.experts, result.of) == (3, 5, 4)
    assert "基于 3/4 项评分完整的项目" in result.text()


def test_exported_files_have_ordinary_permissions(seven: dict[str, Any]) -> None:
    umask = os.umask(0)
    os.umask(umask)
    for path in seven["written"]:
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path


def test_the_workbook_prints_labels_and_is_set_up_to_print(seven: dict[str, Any]) -> None:
    from openpyxl import load_workbook

    book = load_workbook(seven["out"] / "评审数据.xlsx")
    totals = book["专家总分"]
    header = [c.value for c in totals[1]]
    values = {header[i]: {row[i] for row in totals.iter_rows(min_row=2, values_only=True)} for i in range(len(header))}
    assert values["建议"] <= {"推荐", "不推荐", "待议", None} and {"推荐", "不推荐", "待议"} <= values["建议"]
    assert values["回避"] == {"是", "否"} and values["评分完整"] == {"是", "否"}
    assert any(v and VETO_REASON in v and v.startswith("V1 不具备独立法人资格") for v in values["否决项及理由"])
    for ws in book.worksheets:
        cells = [c for row in ws.iter_rows(min_row=2, values_only=True) for c in row]
        assert not [c for c in cells if isinstance(c, bool) or c in ("recommend", "reject", "undecided", "TRUE", "FALSE")], ws.title
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"
        assert ws.title in ws.oddHeader.center.text and "&P" in ws.oddFooter.center.text


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewer", *args], check=False, cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def test_unwritable_targets_end_in_one_line_and_nothing_written(seven: dict[str, Any], tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for out, expected in ((blocker / "out", "是一个文件"), (tmp_path / "missing" / "out", "不存在")):
        result = _cli("export", "--db", str(seven["chair"]), "--out", str(out), "--what", "summary")
        assert result.returncode == 2, result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and expected in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "missing").exists() and blocker.read_text() == "x"
    (tmp_path / "taken" / "评审数据.xlsx").mkdir(parents=True)      # a folder where a file is to go: refused up front
    taken = _cli("export", "--db", str(seven["chair"]), "--out", str(tmp_path / "taken"), "--what", "summary,xlsx", "--force")
    assert taken.returncode == 2 and "评审数据.xlsx" in taken.stderr and len(taken.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in (tmp_path / "taken").iterdir()) == ["评审数据.xlsx"]
    made = _cli("export", "--db", str(seven["chair"]), "--out", str(tmp_path / "new"), "--what", "summary")
    assert made.returncode == 0 and (tmp_path / "new" / "评审汇总表.docx").exists()     # --out itself is created


def test_a_later_forced_export_removes_what_a_killed_one_left(seven: dict[str, Any], tmp_path: Path) -> None:
    from reviewer.exports import export_all

    out = tmp_path / "out"
    (out / "专家组评审意见").mkdir(parents=True)
    code = seven["stats"]["code"].iloc[0]
    (out / ".~export-0badf00d" / "个人评分表").mkdir(parents=True)       # a killed run's staging folder
    leftovers = [out / ".~评审汇总表.1a2b3c4d.docx", out / "专家组评审意见" / f".~{code}_专家组评审意见.deadbeef.docx",
                 out / ".~export-0badf00d" / "个人评分表" / "专家甲_个人评分表.docx"]
    for path in leftovers:
        path.write_bytes(b"half")
    review = Review.open(seven["chair"])
    try:
        export_all(review, out, documents=("summary", "opinions"), force=True)
    finally:
        review.close()
    assert not [p for p in out.rglob(".~*")]


def test_the_summary_lists_vetoed_declarations_with_items_and_reasons(seven: dict[str, Any]) -> None:
    doc = _doc(seven["out"] / "评审汇总表.docx")
    table = next(t for t in doc.tables if t.rows[0].cells[-1].text == "否决项及理由")
    stats = seven["stats"]
    assert [r.cells[1].text for r in table.rows[1:]] == list(stats[stats["vetoed"]]["code"])
    assert all(VETO_REASON in r.cells[-1].text and "V1 不具备独立法人资格" in r.cells[-1].text for r in table.rows[1:])


def test_a_killed_export_leaves_nothing_a_forced_one_does_not_remove(seven: dict[str, Any], tmp_path: Path) -> None:
    import signal
    import time

    out = tmp_path / "out"
    command = [sys.executable, "-m", "reviewer", "export", "--db", str(seven["chair"]), "--out", str(out)]
    for delay in (2.0, 4.0):      # wherever the kill lands (reading, writing a document, renaming), the outcome is the same
        victim = subprocess.Popen([*command, "--force"], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        victim.send_signal(signal.SIGKILL)
        victim.wait()
    again = subprocess.run([*command, "--force"], cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                           capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert not [p for p in out.rglob(".~*")]
    assert all(p.stat().st_size > 0 for p in out.rglob("*.docx"))


def test_score_files_are_listed_with_digest_and_signer_and_each_sheet_carries_its_own(seven: dict[str, Any]) -> None:
    import hashlib

    summary = _doc(seven["out"] / "评审汇总表.docx")
    table = next(t for t in summary.tables if t.rows[0].cells[3].text == "评分文件 SHA-256")
    people = names(7)
    lines = [[c.text for c in r.cells] for r in table.rows[1:]]
    assert [line[0] for line in lines] == people
    for name, line in zip(people, lines):
        assert line[2] == fingerprint(name) and line[3] == hashlib.sha256(f"score file {name}".encode()).hexdigest()
    sheet = _text(_doc(seven["out"] / "个人评分表" / f"{people[3]}_个人评分表.docx"))
    assert f"签名密钥指纹：{fingerprint(people[3])}" in sheet
    assert f"评分文件 SHA-256：{hashlib.sha256(f'score file {people[3]}'.encode()).hexdigest()}" in sheet


def test_each_declarations_formal_status_is_printed_in_the_opinion_the_summary_and_the_workbook(seven: dict[str, Any]) -> None:
    from openpyxl import load_workbook
    from sqlmodel import Session

    from reviewer.formal_status import formal_statuses, status_label

    review = Review.open(seven["chair"])
    try:
        with Session(review.engine) as session:
            labels = {int(d): status_label(s) for d, s in formal_statuses(session).items()}
    finally:
        review.close()
    row, doc = _opinion(seven, 1)
    facts = {r.cells[0].text: r.cells[1].text for r in doc.tables[0].rows}
    assert facts["形式审查"] == labels[int(row["declaration_id"])]
    ranking = next(t for t in _doc(seven["out"] / "评审汇总表.docx").tables if t.rows[0].cells[5].text == "形式审查")
    assert {r.cells[5].text for r in ranking.rows[1:]} <= set(labels.values())
    sheet = load_workbook(seven["out"] / "评审数据.xlsx")["汇总-方向1"]
    header = [c.value for c in sheet[1]]
    assert {r[header.index("形式审查")] for r in sheet.iter_rows(min_row=2, values_only=True)} <= set(labels.values())


def test_the_formal_report_gives_each_declaration_not_in_order_its_status_and_reason(seven: dict[str, Any], tmp_path: Path) -> None:
    import shutil

    from reviewer.exports import export_all
    from reviewer.formal_check import resolve
    from reviewer.formal_status import FormalStatus

    chair = tmp_path / "chair.sqlite"
    shutil.copy(seven["chair"], chair)
    review = Review.open(chair)
    try:
        export_all(review, tmp_path / "before", documents=("formal",))
        target = review.declarations()[5]
        resolve(review, target.id, FormalStatus.ACCEPTED, "推荐函已补正，材料经核实无误")
        export_all(review, tmp_path / "after", documents=("formal",))
    finally:
        review.close()
    before = [p.text for p in _doc(tmp_path / "before" / "形式审查报告.docx").paragraphs]
    assert before[before.index("三、形式审查结论") + 1] == "共 20 个申报项目，均形式审查合格。"
    after = _doc(tmp_path / "after" / "形式审查报告.docx")
    texts = [p.text for p in after.paragraphs]
    assert texts[texts.index("三、形式审查结论") + 1].startswith("共 20 个申报项目，其中 19 个形式审查合格，其余 1 个")
    assert [[c.text for c in r.cells] for r in after.tables[-1].rows[1:]] == [
        [target.code, target.project_name, "已接受", "推荐函已补正，材料经核实无误"]]
