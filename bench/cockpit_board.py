"""Benchmark: opening the chair's cockpit and the board at 25 experts × 400 declarations, against a bare window.

Set-up (not timed): the chair's database of ``merge_consolidate.py`` (the same
generator: 40 recommenders, 400 declarations, 25 experts registered and
assigned with the real calls, every expert's sheets with a latent quality, a
bias, noise, a few recusals and vetoes), stored as a merge stores it
(score_file, expert_score, expert_assessment), written in bulk.

Timed in one process, each on a freshly opened review (nothing cached), median
of ``--runs``:

* **bare**: a QMainWindow with a QTableView over a QStandardItemModel of 400
  rows × 8 columns, shown and laid out — what any window with such a table costs;
* **cockpit**: ``CockpitWindow`` built, filled (``reviewer.panel.cockpit``) and shown;
* **board**: ``PanelBoardWindow`` built and shown with its first direction (the
  other directions are computed when chosen), after pandas was imported once;
  also with the first declaration's detail pane, which the board fills from the
  event loop once it is up;
* **the chair's first minute** (once, first thing in the process, not a median): the
  cockpit shown, read for a moment (1.5 s of event loop, during which the cockpit
  imports pandas on a background thread; the longest pause of the GUI thread then is
  printed), then the board opened from it — the first board of the session. For
  context, pandas' import alone is timed in a fresh process.

Target (issues 11 and 14): cockpit and board < 300 ms.

    QT_QPA_PLATFORM=offscreen python bench/cockpit_board.py [--experts 25] [--declarations 400] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if __package__ in (None, ""):  # run as a script: make the repo and bench importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from merge_consolidate import build_chair, generate_sheets  # noqa: E402

from reviewer.review import Review  # noqa: E402

TARGET = 0.300


def store(path: Path, sheets: dict[int, list[dict]]) -> None:  # type: ignore[type-arg]
    """What merging every expert's file stores, in bulk."""
    import json
    import sqlite3

    con = sqlite3.connect(path)
    ids = dict(con.execute("SELECT code, id FROM declaration"))
    now = "2026-05-02T10:00:00"
    with con:
        for expert_id, mine in sheets.items():
            con.execute("INSERT INTO score_file (expert_id, sha256, written_at, merged_at, path) VALUES (?, ?, ?, ?, ?)",
                        (expert_id, f"{expert_id:064x}", now, now, f"{expert_id}.rvscore"))
            con.executemany("INSERT INTO expert_score (expert_id, declaration_id, criterion_id, points) VALUES (?, ?, ?, ?)",
                            [(expert_id, ids[s["declaration"]], c, p) for s in mine for c, p in s["points"].items()])
            con.executemany("""INSERT INTO expert_assessment (expert_id, declaration_id, opinion, recommendation, vetoes, recused,
                               recusal_reason) VALUES (?, ?, ?, ?, ?, ?, ?)""",
                            [(expert_id, ids[s["declaration"]], s["opinion"], s["recommendation"],
                              json.dumps(s["vetoes"], ensure_ascii=False), int(s["recused"]), s["recusal_reason"]) for s in mine])
    con.close()


def timed(app: object, make: Callable[[], object], until_idle: bool = True) -> float:
    """Build and show a window; with ``until_idle`` also what it deferred to the event loop (the board's detail)."""
    started = time.perf_counter()
    window = make()
    window.show()  # type: ignore[attr-defined]
    if until_idle:
        app.processEvents()  # type: ignore[attr-defined]
    seconds = time.perf_counter() - started
    window.close()  # type: ignore[attr-defined]
    window.deleteLater()  # type: ignore[attr-defined]
    app.processEvents()  # type: ignore[attr-defined]
    return seconds


def bare_window() -> object:
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QMainWindow, QTableView

    window = QMainWindow()
    model = QStandardItemModel(window)
    for r in range(400):
        model.appendRow([QStandardItem(f"{r}-{c}") for c in range(8)])
    table = QTableView()
    table.setModel(model)
    table.resizeColumnsToContents()
    window.setCentralWidget(table)
    window.resize(1366, 768)
    return window


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=25)
    parser.add_argument("--declarations", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from ui.app import create_application

    app = create_application()
    work = Path(tempfile.mkdtemp(prefix="bench-cockpit-"))
    try:
        started = time.perf_counter()
        template = work / "chair.sqlite"
        build_chair(template, args.experts, args.declarations)
        review = Review.open(template)
        sheets = generate_sheets(review, random.Random(2019))
        review.close()
        store(template, sheets)
        print(f"set-up: {args.experts} experts × {args.declarations} declarations, "
              f"{sum(len(s['points']) for m in sheets.values() for s in m):,} scores; {time.perf_counter() - started:.1f} s")
        figures = run(app, template, args.runs)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(figures)
    return 0 if max(figures["cockpit"], figures["board"], figures["board_first"]) < TARGET else 1


def run(app: object, template: Path, runs: int) -> dict[str, float]:
    from ui.cockpit import CockpitWindow
    from ui.panel_board import PanelBoardWindow

    def on_fresh(make: Callable[[Review], object], until_idle: bool = True) -> float:
        review = Review.open(template)
        try:
            return timed(app, lambda: make(review), until_idle)
        finally:
            review.close()

    timed(app, bare_window)                                               # warm Qt's first window
    first = first_minute(app, template)                                    # before anything imports pandas
    samples: dict[str, list[float]] = {"bare": [], "cockpit": [], "board": [], "board_detail": []}
    for _ in range(runs):
        samples["bare"].append(timed(app, bare_window))
        samples["cockpit"].append(on_fresh(lambda r: CockpitWindow(r, None, "zh")))
        samples["board"].append(on_fresh(lambda r: PanelBoardWindow(r, "zh"), until_idle=False))
        samples["board_detail"].append(on_fresh(lambda r: PanelBoardWindow(r, "zh")))
    figures = {name: statistics.median(values) for name, values in samples.items()}
    figures.update(first)
    return figures


def first_minute(app: object, template: Path, reading_s: float = 1.5) -> dict[str, float]:
    """The chair's first cockpit, read for ``reading_s``, then the first board of the session opened from it."""
    from ui.cockpit import CockpitWindow
    from ui.panel_board import PanelBoardWindow

    cold = "pandas" not in sys.modules
    review = Review.open(template)
    try:
        started = time.perf_counter()
        cockpit = CockpitWindow(review, None, "zh")
        cockpit.show()
        app.processEvents()  # type: ignore[attr-defined]
        cockpit_s = time.perf_counter() - started
        longest, last = 0.0, time.perf_counter()
        while last - started < cockpit_s + reading_s:  # the chair reads; the GUI thread keeps turning
            app.processEvents()  # type: ignore[attr-defined]
            time.sleep(0.005)
            now = time.perf_counter()
            longest, last = max(longest, now - last), now
        board_s = timed(app, lambda: PanelBoardWindow(review, "zh", cockpit))
        cockpit.close()
        cockpit.deleteLater()
        app.processEvents()  # type: ignore[attr-defined]
    finally:
        review.close()
    return {"cockpit_first": cockpit_s, "reading_pause": longest, "board_first": board_s,
            "pandas_cold": pandas_import_alone(), "cold": float(cold)}


def pandas_import_alone() -> float:
    code = "import time; t = time.perf_counter(); import pandas; print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def report(f: dict[str, float]) -> None:
    ms = {k: v * 1000 for k, v in f.items()}
    print(f"bare window (400 × 8 table)      {ms['bare']:7.0f} ms")
    print(f"cockpit                          {ms['cockpit']:7.0f} ms   {f['cockpit'] / f['bare']:5.1f}× bare")
    print(f"board (first direction)          {ms['board']:7.0f} ms   {f['board'] / f['bare']:5.1f}× bare")
    print(f"  … and its first declaration    {ms['board_detail']:7.0f} ms   {f['board_detail'] / f['bare']:5.1f}× bare"
          "   (the detail pane, filled once the board is up)")
    print(f"the chair's first minute{'' if f['cold'] else ' (NOT cold: pandas was already imported)'}:")
    print(f"  cockpit, first of the session  {ms['cockpit_first']:7.0f} ms")
    print(f"  GUI's longest pause while read {ms['reading_pause']:7.0f} ms   (pandas imported in the background)")
    print(f"  board, first of the session    {ms['board_first']:7.0f} ms")
    print(f"  (pandas' import alone, fresh process: {ms['pandas_cold']:.0f} ms)")
    for name in ("cockpit", "board", "board_first"):
        verdict = "MEETS" if f[name] < TARGET else "MISSES"
        print(f"verdict: {name.replace('_', ' ')} {verdict} the target of < {TARGET * 1000:.0f} ms ({ms[name]:.0f} ms)")


if __name__ == "__main__":
    sys.exit(main())
