"""Benchmark: exporting the panel's documents, against a bare python-docx loop writing the same paragraphs and tables.

Set-up (not timed): the chair's database of ``bench/merge_consolidate.py`` (400 declarations, 25 experts,
every expert assigned every declaration, generated sheets sealed as score files and merged with the real
``merge_score_file``); one proposed declaration per direction.

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
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from merge_consolidate import build_chair, generate_sheets, merge_all, write_score_file
from sqlmodel import Session, select

from reviewer.panel import consolidation as cons
from reviewer.review import Review
from reviewer.store.models import ExpertRow

TARGET_RATIO, TARGET_SECONDS = 1.5, 15.0


def set_up(work: Path, experts: int, declarations: int) -> Path:
    started = time.perf_counter()
    chair = work / "chair.sqlite"
    build_chair(chair, experts, declarations)
    review = Review.open(chair)
    sheets = generate_sheets(review, random.Random(7))
    with Session(review.engine) as s:
        people = list(s.exec(select(ExpertRow).order_by(ExpertRow.id)))
    files = [write_score_file(review, e, sheets[e.id], work / f"{k:02d}.rvscore", f"pkg-{k}", f"2026-01-01T00:00:{k:02d}")
             for k, e in enumerate(people) if e.id is not None]
    review.close()
    merge_all(chair, files)
    review = Review.open(chair)
    cons.save_settings(review, cons.ConsolidationSettings(proposed={d: 3 for d in range(1, 11)}))
    review.close()
    print(f"set-up: {experts} experts × {declarations} declarations merged; {time.perf_counter() - started:.1f} s")
    return chair


def export(chair: Path, out: Path) -> tuple[float, list[Path]]:
    from reviewer.exports import export_all

    review = Review.open(chair)
    try:
        started = time.perf_counter()
        written = export_all(review, out, force=True)
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
        print(f"export everything (docx + xlsx + charts): {export_s:.2f} s")
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
