"""Benchmark: exporting the panel's documents, against a bare python-docx loop writing the same paragraphs and tables.

Set-up (not timed): a chair's database of 400 generated declarations in the ten directions, 25 experts
assigned to every declaration, and their scores (about 1 in 200 recused, 1 in 100 with a veto, the last
expert scoring far under the others) stored in the rows a merge stores, with a current score file each —
the merge's own speed is ``bench/merge_consolidate.py``'s; three proposed declarations per direction, a leader.

Timed, in one process, after an untimed warm-up export into a throw-away folder (imports, font cache,
templates): ``export_all`` of everything (opinions, summary, personal sheets, formal report, xlsx, charts)
into a fresh folder. Then the baseline: the paragraphs and table cells of every .docx just written are read
back, and so are the workbook's sheets (not timed); a bare python-docx loop (``Document()``, ``add_paragraph``,
``add_table`` and ``cell.text`` for every cell, ``add_picture`` for the charts, ``save``) writes the same content
again, and pandas writes the same sheets to an .xlsx (``DataFrame.to_excel``, openpyxl) — together the baseline
(timed). Targets (issues 5 and 12): export ≤ 1.5 × the baseline and under 15 s.

    python bench/export_speed.py [--experts 25] [--declarations 400] [--runs 1] [--keep]
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session, select  # noqa: E402

from reviewer.call import bundled_call  # noqa: E402
from reviewer.panel import consolidation as cons  # noqa: E402
from reviewer.panel.experts import ExpertEntry, add_experts, assign  # noqa: E402
from reviewer.review import Review  # noqa: E402
from reviewer.rubric import bundled_rubrics  # noqa: E402
from reviewer.store.models import BatchRow, DeclarationRow, ExpertRow, RecommenderRow, ReviewInfo, RubricRow  # noqa: E402

TARGET_RATIO, TARGET_SECONDS = 1.5, 15.0
NOW = "2019-04-02T09:30:00"


def set_up(work: Path, experts: int, declarations: int) -> Path:
    started = time.perf_counter()
    chair = work / "chair.sqlite"
    review = Review.open(chair)
    _declarations(review, declarations)
    names = [f"专家{i:02d}" for i in range(1, experts + 1)]
    add_experts(review, [ExpertEntry(n, f"评审单位{i:02d}", "", "北京市", tuple(range(1, 11)), ()) for i, n in enumerate(names)])
    assign(review, bundled_call())
    _scores(review, random.Random(7))
    cons.save_settings(review, cons.ConsolidationSettings(proposed={d: 3 for d in range(1, 11)}, leader=names[0]))
    review.close()
    print(f"set-up: {experts} experts × {declarations} declarations scored; {time.perf_counter() - started:.1f} s")
    return chair


def _declarations(review: Review, count: int) -> None:
    """``count`` declarations from 40 provinces, spread over the ten directions (one executemany)."""
    with Session(review.engine) as s:
        s.add(ReviewInfo(title="2019年新型信息消费示范项目 · bench", call_id=bundled_call().id, role="chair",
                         batch_fingerprint="bench", created_at=NOW))
        s.add(BatchRow(path="(generated)", fingerprint="bench", imported_at=NOW))
        s.add_all(RubricRow(direction=no, fingerprint=r.fingerprint, content=r.to_json()) for no, r in bundled_rubrics().rubrics.items())
        s.add_all(RecommenderRow(name=f"推荐单位{i:02d}", kind="province") for i in range(1, 41))
        s.commit()
        recommenders = {r.id: r.name for r in s.exec(select(RecommenderRow))}
    ids = sorted(recommenders)
    rows = [(f"{recommenders[ids[i % 40]]}-{i // 40 + 1:02d}", ids[i % 40], i // 40 + 1, i % 10 + 1,
             f"新型信息消费示范项目{i + 1:03d}", f"申报单位{i + 1:03d}有限公司") for i in range(count)]
    with review.engine.begin() as connection:
        connection.connection.driver_connection.executemany(
            "INSERT INTO declaration (code, recommender_id, seq, direction, project_name, applicant, credit_code, selected, fields) "
            "VALUES (?, ?, ?, ?, ?, ?, '', 1, '{}')", rows)


def _scores(review: Review, rng: random.Random) -> None:
    """The rows a merge stores (expert_score, expert_assessment, score_file), by one executemany each."""
    with Session(review.engine) as s:
        experts = [e.id for e in s.exec(select(ExpertRow).order_by(ExpertRow.id))]
        declarations = [(d.id, d.code, d.direction) for d in s.exec(select(DeclarationRow))]
    quality = {d: rng.uniform(0.55, 0.95) for d, _, _ in declarations}
    points, assessments = [], []
    for k, expert in enumerate(experts):
        bias = rng.gauss(0, 0.03) - (0.35 if k == len(experts) - 1 else 0)
        for d, code, direction in declarations:
            recused = rng.random() < 0.005
            if not recused:
                for c in review.rubric(direction).criteria:
                    value = c.max * min(1.0, max(0.0, quality[d] + bias + rng.gauss(0, 0.05)))
                    points.append((expert, d, c.id, round(value * 2) / 2, ""))
            veto = '{"V1": "存在知识产权纠纷"}' if not recused and rng.random() < 0.01 else "{}"
            assessments.append((expert, d, "" if recused else f"{code}：基础较好，建设内容具体。",
                                None if recused else ("recommend", "reject", "undecided")[rng.randrange(3)], veto,
                                recused, "曾在该单位任职" if recused else ""))
    with review.engine.begin() as connection:
        raw = connection.connection.driver_connection
        raw.executemany("INSERT INTO expert_score (expert_id, declaration_id, criterion_id, points, remark) VALUES (?, ?, ?, ?, ?)", points)
        raw.executemany("INSERT INTO expert_assessment (expert_id, declaration_id, opinion, recommendation, vetoes, recused, "
                        "recusal_reason) VALUES (?, ?, ?, ?, ?, ?, ?)", assessments)
        raw.executemany("INSERT INTO score_file (expert_id, sha256, written_at, merged_at, path, current, seq, fingerprint) "
                        "VALUES (?, ?, ?, ?, ?, 1, 1, ?)",
                        [(e, f"{e:064x}", NOW, NOW, f"{e}.rvscore", " ".join([f"{e:04x}"] * 8)) for e in experts])


CPU: list[float] = []   # the process's CPU seconds of each timed export (less sensitive to a shared machine's load)


def export(chair: Path, out: Path) -> tuple[float, list[Path]]:
    from reviewer.exports import export_all

    review = Review.open(chair)
    try:
        started, cpu = time.perf_counter(), time.process_time()
        written = export_all(review, out, force=True)
        CPU.append(time.process_time() - cpu)
        return time.perf_counter() - started, written
    finally:
        review.close()


def content(path: Path) -> dict[str, Any]:
    """What a bare loop has to write: the body's paragraphs and tables in order, the pictures, the orientation."""
    from docx import Document

    doc = Document(str(path))
    blocks: list[Any] = []
    tables = iter(doc.tables)
    paragraphs = iter(doc.paragraphs)
    for child in doc.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            blocks.append(("p", next(paragraphs).text))
        elif tag == "tbl":
            t = next(tables)
            blocks.append(("t", [[c.text for c in row.cells] for row in t.rows]))
    pictures = [doc.part.related_parts[r].blob for r in doc.part.rels if "image" in doc.part.rels[r].reltype]
    return {"blocks": blocks, "pictures": pictures}


def bare_loop(documents: list[dict[str, Any]], out: Path) -> float:
    from docx import Document
    from docx.shared import Cm

    started = time.perf_counter()
    for i, doc_content in enumerate(documents):
        doc = Document()
        for kind, value in doc_content["blocks"]:
            if kind == "p":
                doc.add_paragraph(value)
            else:
                table = doc.add_table(rows=len(value), cols=max(len(r) for r in value))
                for row, cells in zip(table.rows, value):
                    for cell, text in zip(row.cells, cells):
                        cell.text = text
        for png in doc_content["pictures"]:
            doc.add_picture(io.BytesIO(png), width=Cm(20))
        doc.save(str(out / f"{i}.docx"))
    return time.perf_counter() - started


def bare_workbook(sheets: dict[str, Any], out: Path) -> float:
    import pandas as pd

    started = time.perf_counter()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=25)
    parser.add_argument("--declarations", type=int, default=400)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="export-bench-"))
    try:
        chair = set_up(work, args.experts, args.declarations)
        warm, _ = export(chair, work / "warm-up")
        print(f"warm-up export: {warm:.2f} s (not counted)")
        exports, loops = [], []
        for run in range(args.runs):
            seconds, written = export(chair, work / f"out-{run}")
            exports.append(seconds)
            import pandas as pd

            docs = [content(p) for p in written if p.suffix == ".docx"]
            sheets = pd.read_excel(next(p for p in written if p.suffix == ".xlsx"), sheet_name=None)
            bare = work / f"bare-{run}"
            bare.mkdir()
            loops.append(bare_loop(docs, bare) + bare_workbook(sheets, bare / "book.xlsx"))
        export_s, loop_s = min(exports), min(loops)
        cells = sum(len(r) for d in docs for k, v in d["blocks"] if k == "t" for r in v)
        print(f"files written: {len(written)} ({len(docs)} .docx, {cells:,} table cells)")
        print(f"export everything (docx + xlsx + charts): {export_s:.2f} s wall, {min(CPU[1:]):.2f} s CPU "
              f"(every file fsynced by reviewer.safeio; load average {os.getloadavg()[0]:.1f})")
        print(f"baseline: bare python-docx loop (same paragraphs and tables) + pandas .xlsx: {loop_s:.2f} s")
        ratio = export_s / loop_s
        verdict = "PASS" if ratio <= TARGET_RATIO and export_s < TARGET_SECONDS else "FAIL"
        print(f"ratio: {ratio:.2f}× (target ≤ {TARGET_RATIO}×); total under {TARGET_SECONDS:.0f} s: "
              f"{'yes' if export_s < TARGET_SECONDS else 'NO'}; verdict: {verdict}")
        return 0 if ratio <= TARGET_RATIO and export_s < TARGET_SECONDS else 1
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
