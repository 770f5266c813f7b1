"""The panel's output documents, built from a real chair database and read back as a user would see them.

The chair's database: the demo batch imported, four experts registered and assigned to every direction,
their scores stored as a merge stores them (one recusal, one declaration with three vetoes), one group
opinion with a dissent written by the chair, one declaration per direction proposed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from reviewer.call import bundled_call
from reviewer.importing.forms import bundled_form_fields
from reviewer.importing.importer import import_batch
from reviewer.panel import consolidation as cons
from reviewer.panel.experts import ExpertEntry, add_experts, assign
from reviewer.review import Review
from reviewer.rubric import bundled_rubrics
from reviewer.store.models import (
    DeclarationRow,
    ExpertAssessmentRow,
    ExpertRow,
    ExpertScoreRow,
)

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "batch"
NAMES = ("赵一", "钱二", "孙三", "李四")
OPINION, DISSENT = "该项目技术路线清晰，示范带动作用明显，建议支持。", "钱二认为项目的推广价值论证不足。"


def _build(path: Path) -> None:
    import_batch(DEMO, path, bundled_call(), bundled_rubrics(), bundled_form_fields())
    review = Review.open(path)
    add_experts(review, [ExpertEntry(n, f"某大学{i}", "", "北京市", tuple(range(1, 11)), ()) for i, n in enumerate(NAMES)])
    assign(review, bundled_call())
    with Session(review.engine) as s:
        experts = list(s.exec(select(ExpertRow).order_by(ExpertRow.id)))
        declarations = list(s.exec(select(DeclarationRow).where(DeclarationRow.selected == True).order_by(DeclarationRow.id)))
        for k, e in enumerate(experts):
            for j, d in enumerate(declarations):
                recused = k == 3 and j == 0
                if not recused:
                    for c in review.rubric(d.direction).criteria:
                        s.add(ExpertScoreRow(expert_id=e.id, declaration_id=d.id, criterion_id=c.id,
                                             points=max(0.0, c.max - ((k + 2 * j + len(c.id)) % 4) * 0.5),
                                             remark="材料完整" if (k, c.id) == (0, "C1") else ""))
                vetoes = {"V1": "存在知识产权纠纷"} if k < 3 and j == 2 else {}
                s.add(ExpertAssessmentRow(expert_id=e.id, declaration_id=d.id, recused=recused,
                                          opinion="" if recused else f"{d.code}基础扎实（{e.name}）",
                                          recusal_reason="曾在申报单位任职" if recused else "",
                                          recommendation=None if recused else "recommend",
                                          vetoes=json.dumps(vetoes, ensure_ascii=False)))
        first = declarations[0].id
        s.commit()
    assert first is not None
    cons.set_group_opinion(review, first, OPINION, DISSENT)
    cons.save_settings(review, cons.ConsolidationSettings(proposed={d: 1 for d in range(1, 11)}))
    review.close()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from reviewer.exports import export_all

    root = tmp_path_factory.mktemp("exports")
    chair = root / "chair.sqlite"
    _build(chair)
    review = Review.open(chair)
    written = export_all(review, root / "out")
    settings = cons.load_settings(review)
    facts = {"stats": cons.declaration_stats(review, settings), "criteria": cons.criterion_stats(review, settings),
             "totals": cons.totals_frame(review), "proposed": cons.proposed_list(review, settings),
             "seeds": {int(i): cons.seed_group_opinion(review, int(i)) for i in cons.declaration_stats(review, settings)["declaration_id"]}}
    review.close()
    return {"root": root, "chair": chair, "out": root / "out", "written": written, **facts}


def _text(path: Path) -> str:
    """Everything a reader sees: paragraphs and table cells, in order."""
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for t in doc.tables:
        parts += ["\t".join(c.text for c in row.cells) for row in t.rows]
    return "\n".join(parts)


def _opinion_path(exported: dict[str, Any], code: str) -> Path:
    return exported["out"] / "专家组评审意见" / f"{code}_专家组评审意见.docx"


def test_every_kind_is_written_and_no_temporary_file_is_left(exported: dict[str, Any]) -> None:
    out = exported["out"]
    names = {p.relative_to(out).as_posix() for p in exported["written"]}
    assert {"评审汇总表.docx", "形式审查报告.docx", "评审数据.xlsx", "图表/图1_分数分布.png"} <= names
    assert len([n for n in names if n.startswith("专家组评审意见/")]) == len(exported["stats"])
    assert {f"个人评分表/{n}_个人评分表.docx" for n in NAMES} <= names
    assert all(p.exists() and p.stat().st_size > 0 for p in exported["written"])
    assert not [p for p in out.rglob("*") if p.name.startswith(".~")]


def test_each_opinion_shows_the_declaration_its_consolidated_scores_rank_opinion_and_signatures(exported: dict[str, Any]) -> None:
    from docx import Document

    totals = exported["totals"]
    for row in exported["stats"].itertuples(index=False):
        path = _opinion_path(exported, row.code)
        text = _text(path)
        for value in (row.code, row.project_name, row.applicant, row.recommender, f"方向{row.direction}"):
            assert value in text, (path.name, value)
        doc = Document(str(path))
        scores = doc.tables[1]
        assert scores.rows[-1].cells[1].text == "总分"
        assert scores.rows[-1].cells[-1].text == f"{row.consolidated:.2f}"
        lines = exported["criteria"][exported["criteria"]["declaration_id"] == row.declaration_id]
        assert [r.cells[-1].text for r in scores.rows[1:-1]] == [f"{v:.2f}" for v in lines["consolidated"]]
        assert f"排名第 {int(row.rank)}" in text
        assert ("未列入拟支持项目名单" in text) != bool(row.proposed)
        members = totals[(totals["declaration_id"] == row.declaration_id) & ~totals["recused"]].sort_values("expert_id")["expert"]
        assert [r.cells[1].text for r in doc.tables[-1].rows[1:]] == list(members)
        assert "专家组组长" in text
        if row.declaration_id == exported["stats"]["declaration_id"].min():
            assert OPINION in text and DISSENT in text and "李四" not in list(members)
        else:
            assert f"综合得分 {row.consolidated:.2f} 分" in text and "无。" in text


def test_the_seeded_group_opinion_is_a_synthesis_not_a_list_of_opinions(exported: dict[str, Any]) -> None:
    from docx import Document

    row = next(r for r in exported["stats"].itertuples(index=False) if r.declaration_id != exported["stats"]["declaration_id"].min())
    doc = Document(str(_opinion_path(exported, row.code)))
    texts = [p.text for p in doc.paragraphs]
    seed = texts[texts.index("二、专家组意见") + 1]
    assert "专家1：" not in seed and "基础扎实" not in seed
    assert f"{int(row.n)} 位专家给出完整评分" in seed and "专家建议：推荐" in seed
    assert seed == exported["seeds"][int(row.declaration_id)]     # the very draft the chair's board shows


def test_the_documents_carry_chinese_official_typography(exported: dict[str, Any]) -> None:
    from docx import Document

    path = _opinion_path(exported, exported["stats"]["code"].iloc[0])
    doc = Document(str(path))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    styles = doc.styles.element.xml
    for style, east in (("评审正文", "仿宋"), ("文件标题", "方正小标宋简体"), ("一级标题", "黑体")):
        assert f'w:eastAsia="{east}"' in doc.styles[style].element.xml, style
    assert 'w:eastAsia="仿宋"' in doc.styles["Normal"].element.xml and styles
    assert "<w:tblHeader/>" not in doc.tables[0]._tbl.xml    # the facts table: labels in a column, no header row
    assert all("<w:tblHeader/>" in t.rows[0]._tr.xml for t in doc.tables[1:])
    assert "PAGE" in section.footer.paragraphs[0]._p.xml
    fonts = doc.part.part_related_by("http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable").blob
    assert "仿宋_GB2312".encode() in fonts and b"SimHei" in fonts
    summary = Document(str(exported["out"] / "评审汇总表.docx"))
    assert summary.sections[0].page_width > summary.sections[0].page_height
    assert len(summary.inline_shapes) == 3


def test_summary_lists_every_declaration_ranked_with_totals_and_the_proposed_list(exported: dict[str, Any]) -> None:
    from docx import Document

    doc = Document(str(exported["out"] / "评审汇总表.docx"))
    text = _text(exported["out"] / "评审汇总表.docx")
    for row in exported["stats"].itertuples(index=False):
        assert row.project_name in text and f"{row.consolidated:.2f}" in text
    proposed = next(t for t in doc.tables if t.rows[0].cells[-1].text == "备注" and t.rows[0].cells[3].text == "项目编号")
    assert [r.cells[3].text for r in proposed.rows[1:]] == list(exported["proposed"]["code"])
    assert "回避" in text and all(n in text for n in NAMES)


def test_personal_sheets_show_each_experts_scores_opinions_and_recusals(exported: dict[str, Any]) -> None:
    totals = exported["totals"]
    for name in NAMES:
        text = _text(exported["out"] / "个人评分表" / f"{name}_个人评分表.docx")
        mine = totals[totals["expert"] == name]
        for r in mine.itertuples(index=False):
            assert r.code in text
            if not r.recused:
                assert f"{r.total:.1f}" in text and r.opinion in text
        assert f"评审专家：{name}　　签字：" in text
    assert "回避：曾在申报单位任职" in _text(exported["out"] / "个人评分表" / "李四_个人评分表.docx")
    assert "C1：材料完整" in _text(exported["out"] / "个人评分表" / "赵一_个人评分表.docx")


def test_formal_check_report_has_the_quota_table(exported: dict[str, Any]) -> None:
    from reviewer.formal_check import quota_table

    text = _text(exported["out"] / "形式审查报告.docx")
    review = Review.open(exported["chair"])
    lines = [q for q in quota_table(review, bundled_call()) if q.recommended]
    review.close()
    for q in lines:
        assert f"{q.recommender}\t" in text and q.group in text


def test_the_workbook_equals_the_consolidation(exported: dict[str, Any]) -> None:
    import pandas as pd

    book = pd.read_excel(exported["out"] / "评审数据.xlsx", sheet_name=None)
    stats = exported["stats"]
    for direction, block in stats.groupby("direction"):
        sheet = book[f"汇总-方向{direction}"]
        assert list(sheet["项目编号"]) == list(block["code"])
        assert list(sheet["综合得分"].round(9)) == list(block["consolidated"].round(9))
        assert list(sheet["排名"]) == [int(r) for r in block["rank"]]
    criteria = book["指标统计"]
    assert list(criteria["综合得分"].round(9)) == list(exported["criteria"]["consolidated"].round(9))
    assert list(book["拟支持项目名单"]["项目编号"]) == list(exported["proposed"]["code"])
    totals = book["专家总分"]
    expected = exported["totals"].sort_values(["expert_id", "direction", "code"])
    assert list(totals["总分"].fillna(-1).round(9)) == list(expected["total"].fillna(-1).round(9))
    assert {"形式审查问题", "名额"} <= set(book)
    from openpyxl import load_workbook

    ws = load_workbook(exported["out"] / "评审数据.xlsx", read_only=False)["指标统计"]
    assert ws.freeze_panes == "A2" and ws["A1"].font.b and ws.column_dimensions["D"].width > 10


def test_charts_find_a_cjk_font_and_are_png_at_200_dpi(exported: dict[str, Any]) -> None:
    from reviewer.exports.charts import cjk_font

    assert cjk_font() is not None
    for png in sorted((exported["out"] / "图表").glob("*.png")):
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(data[16:20], "big")
        assert width == 9 * 200


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    probe = ("import sys; from reviewer.cli import main; code = main(sys.argv[1:]); "
             "print('pyplot' if 'matplotlib.pyplot' in sys.modules else 'no-pyplot'); sys.exit(code)")
    return subprocess.run([sys.executable, "-c", probe, *args], check=False, cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})


def test_cli_refuses_to_overwrite_without_force_and_writes_nothing(exported: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "cli"
    first = _cli("export", "--db", str(exported["chair"]), "--out", str(out), "--what", "summary,xlsx")
    assert first.returncode == 0, first.stderr
    assert "no-pyplot" in first.stdout and sorted(p.name for p in out.iterdir()) == ["评审数据.xlsx", "评审汇总表.docx"]
    (out / "评审汇总表.docx").write_bytes(b"old")
    again = _cli("export", "--db", str(exported["chair"]), "--out", str(out), "--what", "opinions,summary")
    assert again.returncode == 2
    assert len(again.stderr.strip().splitlines()) == 1 and "评审汇总表.docx" in again.stderr and "--force" in again.stderr
    assert (out / "评审汇总表.docx").read_bytes() == b"old" and not (out / "专家组评审意见").exists()
    forced = _cli("export", "--db", str(exported["chair"]), "--out", str(out), "--what", "summary", "--force", "--lang", "en")
    assert forced.returncode == 0 and "exported 1 files" in forced.stdout
    assert (out / "评审汇总表.docx").read_bytes()[:2] == b"PK"
    assert not [p for p in out.rglob("*") if p.name.startswith(".~")]
    bad = _cli("export", "--db", str(exported["chair"]), "--out", str(out), "--what", "posters")
    assert bad.returncode == 2 and "posters" in bad.stderr


def test_export_reports_progress_and_stops_when_cancelled(exported: dict[str, Any], tmp_path: Path) -> None:
    from reviewer.exports import export_all
    from reviewer.tasks import Cancelled

    class StopAfterTwo:
        def __init__(self) -> None:
            self.seen: list[tuple[int, int]] = []

        def progress(self, done: int, total: int, what: str = "") -> None:
            self.seen.append((done, total))

        def cancelled(self) -> bool:
            return len(self.seen) >= 2

    task = StopAfterTwo()
    review = Review.open(exported["chair"])
    try:
        with pytest.raises(Cancelled):
            export_all(review, tmp_path / "out", documents=("opinions",), task=task)
    finally:
        review.close()
    assert task.seen[0] == (0, len(exported["stats"]))
    assert list((tmp_path / "out").rglob("*")) == []   # a cancelled export leaves nothing: not the two it had written


def test_declarations_nobody_finished_scoring_export_without_a_rank(tmp_path: Path) -> None:
    """Before (or without) every score file, the documents still come out and say there is no rank."""
    from docx import Document

    from reviewer.call import bundled_call
    from reviewer.exports import export_all
    from reviewer.importing.forms import bundled_form_fields
    from reviewer.importing.importer import import_batch
    from reviewer.panel.experts import ExpertEntry, add_experts, assign
    from reviewer.review import Review
    from reviewer.rubric import bundled_rubrics

    db = tmp_path / "chair.sqlite"
    import_batch(Path(__file__).resolve().parents[2] / "resources" / "demo" / "batch", db, bundled_call(),
                 bundled_rubrics(), bundled_form_fields())
    review = Review.open(db)
    add_experts(review, [ExpertEntry("甲", "某院", "", "", (1,), ())])
    assign(review, bundled_call())
    written = export_all(review, tmp_path / "out", documents=("opinions", "summary"))
    opinion = next(p for p in written if p.name.endswith("专家组评审意见.docx"))
    text = "\n".join(p.text for p in Document(opinion).paragraphs)
    assert "暂未参与本方向排名" in text and "无排名" not in text
    review.close()
