"""Benchmark: merging a panel's score files and consolidating them, against reading the same numbers from a CSV.

The panel: 25 experts × 400 declarations × 10 criteria (100,000 scores), every
expert assigned every declaration, as the issue's speed paragraph asks.

Set-up (not timed):

* the chair's database is made directly (review info, batch, the bundled rubrics,
  40 recommenders, 400 declarations over the directions whose rubric has 10
  criteria); the experts are registered with ``add_experts`` and assigned with
  ``assign`` — the real calls;
* the packages are issued with ``write_packages`` (the real call: package ids,
  keys); each expert's sheets are generated (a latent quality per declaration,
  an expert's bias, noise per criterion; a few recusals and vetoes, one expert
  who scores far under the others) and written as format-2 score files: the
  body the expert's app exports, sealed with ``envelope.seal`` under the
  expert's key and signed with an Ed25519 key of the expert's — the real
  functions. The first ``--real-exports`` experts (default 1) also go the whole
  real way (``open_package`` → scores stored in the expert's review →
  ``export_score_file``), and their exported body is checked to equal the
  generated one: the fast writer makes what the app makes;
* the same 100,000 numbers are written to one CSV.

Timed, in one process, after an untimed warm-up on a throw-away copy (imports,
page cache): ``merge_score_file`` of the 25 files into a fresh copy of the
chair's database — every check of a score file: the header, the Ed25519
signature, the pinned key, decryption, the binding and every value through the
one validator — then — on a freshly opened review, so the first call reads
the panel and the others reuse it — ``declaration_stats``, ``criterion_stats``,
``zscores``, ``deviations`` and ``kendall_w``; and the baseline ``pd.read_csv``
of the CSV. Also shown: what the chair's board needs on opening
(``declaration_stats`` + ``totals_frame`` + ``deviations``, cold). Medians of
``--runs`` runs. Target (issue 4): merge + consolidation under 2 s.

``--profile`` prints cProfile's top functions of one merge + consolidation.

    python bench/merge_consolidate.py [--experts 25] [--declarations 400] [--runs 3] [--real-exports 1]
                                      [--profile] [--keep]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlmodel import Session, select  # noqa: E402

from reviewer.call import bundled_call  # noqa: E402
from reviewer.panel import consolidation as cons  # noqa: E402
from reviewer.panel import signing  # noqa: E402
from reviewer.panel.envelope import Secret, seal  # noqa: E402
from reviewer.panel.experts import ExpertEntry, add_experts, assign  # noqa: E402
from reviewer.panel.packages import WrittenPackage, write_packages  # noqa: E402
from reviewer.panel.scorefiles import FORMAT, KIND, SUFFIX, merge_score_file  # noqa: E402
from reviewer.review import Review  # noqa: E402
from reviewer.rubric import bundled_rubrics  # noqa: E402
from reviewer.store.models import (  # noqa: E402
    BatchRow, DeclarationRow, ExpertRow, RecommenderRow, ReviewInfo, RubricRow,
)

TARGET = 2.0
DIRECTIONS = (1, 2, 3, 4, 5, 6, 7, 8, 10)   # direction 9's rubric has 9 criteria


# --- the chair's database -------------------------------------------------------------------------

def build_chair(path: Path, experts: int, declarations: int) -> None:
    review = Review.open(path)
    rubrics = bundled_rubrics()
    with Session(review.engine) as s:
        s.add(ReviewInfo(title="bench · merge and consolidate", call_id="miit-2019", role="chair",
                         batch_path="", batch_fingerprint=uuid.uuid4().hex, created_at=_now()))
        s.add(BatchRow(path="(generated)", fingerprint="bench", imported_at=_now(), files=0))
        for no, rubric in rubrics.rubrics.items():
            s.add(RubricRow(direction=no, fingerprint=rubric.fingerprint, content=rubric.to_json()))
        recommenders = [RecommenderRow(name=f"推荐单位{i:02d}", kind="province") for i in range(1, 41)]
        s.add_all(recommenders)
        s.flush()
        for i in range(declarations):
            rec = recommenders[i % len(recommenders)]
            assert rec.id is not None
            s.add(DeclarationRow(code=f"{rec.name}-{i // len(recommenders) + 1:02d}", recommender_id=rec.id,
                                 seq=i // len(recommenders) + 1, direction=DIRECTIONS[i % len(DIRECTIONS)],
                                 project_name=f"示范项目{i + 1:03d}", applicant=f"申报单位{i + 1:03d}有限公司"))
        s.commit()
    entries = [ExpertEntry(f"专家{i:02d}", f"评审单位{i:02d}", "", "北京市", DIRECTIONS, ()) for i in range(1, experts + 1)]
    add_experts(review, entries)
    assign(review, bundled_call())
    review.close()


# --- the experts' sheets --------------------------------------------------------------------------

def generate_sheets(review: Review, rng: random.Random) -> dict[int, list[dict[str, Any]]]:
    """Per expert id, the sheets of the score file body, in the expert's declaration order."""
    with Session(review.engine) as s:
        experts = list(s.exec(select(ExpertRow).order_by(ExpertRow.id)))
        declarations = list(s.exec(select(DeclarationRow).order_by(DeclarationRow.direction, DeclarationRow.recommender_id,
                                                                   DeclarationRow.seq)))
    quality = {d.id: rng.uniform(0.55, 0.95) for d in declarations}
    sheets: dict[int, list[dict[str, Any]]] = {}
    for k, expert in enumerate(experts):
        assert expert.id is not None
        bias = rng.gauss(0, 0.03) - (0.35 if k == len(experts) - 1 else 0)   # the last expert scores far under
        mine = []
        for d in declarations:
            recused = rng.random() < 0.005
            points: dict[str, float] = {}
            if not recused:
                for c in review.rubric(d.direction).criteria:
                    value = c.max * min(1.0, max(0.0, quality[d.id] + bias + rng.gauss(0, 0.05)))
                    points[c.id] = round(value * 2) / 2
            vetoes = {"V1": "存在知识产权纠纷"} if not recused and rng.random() < 0.01 else {}
            mine.append({"declaration": d.code, "points": points, "remarks": {}, "opinion": "" if recused else f"{d.code}：基础较好。",
                         "recommendation": None if recused else "recommend", "vetoes": vetoes, "recused": recused,
                         "recusal_reason": "曾在该单位任职" if recused else ""})
        sheets[expert.id] = mine
    return sheets


def write_score_file(review: Review, expert: ExpertRow, sheets: list[dict[str, Any]], target: Path,
                     private_key: str, written_at: str) -> Path:
    """What ``export_score_file`` writes, from the sheets directly: the body, sealed, signed."""
    header = {"kind": KIND, "expert_id": expert.id, "package_id": expert.package_id, "seq": 1}
    body = write_score_body(review, expert, sheets, signing.public_of(private_key), written_at).encode("utf-8")
    target.write_bytes(seal(body, Secret.from_text(expert.secret), header, private_key))
    return target


def write_score_body(review: Review, expert: ExpertRow, sheets: list[dict[str, Any]], public_key: str,
                     written_at: str) -> str:
    info = review.info()
    assert info is not None and expert.id is not None
    rubrics = {str(r.direction): r.fingerprint for r in _rubric_rows(review)}
    body: dict[str, Any] = {
        "format": FORMAT, "kind": KIND, "package_id": expert.package_id, "expert_id": expert.id, "expert": expert.name,
        "batch_fingerprint": info.batch_fingerprint, "rubrics": rubrics, "seq": 1, "written_at": written_at,
        "public_key": public_key, "declarations": sheets,
    }
    return json.dumps(body, ensure_ascii=False)


def _rubric_rows(review: Review) -> list[RubricRow]:
    with Session(review.engine) as s:
        return [r for r in s.exec(select(RubricRow)) if r.direction in DIRECTIONS]


def real_export(package: WrittenPackage, expert: ExpertRow, sheets: list[dict[str, Any]], work: Path) -> tuple[dict[str, Any], float]:
    """The whole real way for one expert: open the package, store the sheets in the expert's review, export.
    Returns the exported body and the export's wall time."""
    from reviewer.panel.envelope import open_envelope
    from reviewer.panel.packages import open_package
    from reviewer.panel.scorefiles import export_score_file

    local = work / f"{expert.name}.sqlite"
    open_package(package.path, package.passphrase, local)
    _store_sheets(local, sheets)
    review = Review.open(local)
    started = time.perf_counter()
    exported = export_score_file(review, work / f"real-{expert.name}{SUFFIX}", allow_incomplete=True).path
    seconds = time.perf_counter() - started
    review.close()
    body = json.loads(open_envelope(exported.read_bytes(), Secret.from_text(expert.secret), exported).payload)
    return body, seconds


def _store_sheets(database: Path, sheets: list[dict[str, Any]]) -> None:
    """The expert's scoring, stored as the app stores it (score, assessment, veto rows) in one go."""
    con = sqlite3.connect(database)
    try:
        ids = dict(con.execute("SELECT code, id FROM declaration"))
        now = _now()
        con.executemany("INSERT INTO score (declaration_id, criterion_id, points, remark, updated_at) VALUES (?, ?, ?, '', ?)",
                        [(ids[sh["declaration"]], cid, p, now) for sh in sheets for cid, p in sh["points"].items()])
        con.executemany("INSERT INTO assessment (declaration_id, opinion, recommendation, recused, recusal_reason, updated_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        [(ids[sh["declaration"]], sh["opinion"], sh["recommendation"], int(sh["recused"]), sh["recusal_reason"], now)
                         for sh in sheets])
        con.executemany("INSERT INTO veto (declaration_id, veto_id, reason) VALUES (?, ?, ?)",
                        [(ids[sh["declaration"]], v, r) for sh in sheets for v, r in sh["vetoes"].items()])
        con.commit()
    finally:
        con.close()


def _comparable(body: dict[str, Any]) -> dict[str, Any]:
    """A body without what differs between two exports (time, key), sheets by declaration."""
    same = {k: v for k, v in body.items() if k not in ("written_at", "public_key", "declarations")}
    return {**same, "declarations": {sheet["declaration"]: sheet for sheet in body["declarations"]}}


def write_csv(sheets: dict[int, list[dict[str, Any]]], ids: dict[str, int], path: Path) -> int:
    lines = ["expert_id,declaration_id,criterion_id,points"]
    lines += [f"{e},{ids[sh['declaration']]},{cid},{p:g}" for e, mine in sheets.items() for sh in mine for cid, p in sh["points"].items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


# --- the timed work -------------------------------------------------------------------------------

def merge_all(chair: Path, files: list[Path]) -> float:
    review = Review.open(chair)
    try:
        started = time.perf_counter()
        for f in files:
            merge_score_file(review, f)
        return time.perf_counter() - started
    finally:
        review.close()


def consolidate(chair: Path) -> dict[str, float]:
    review = Review.open(chair)
    settings = cons.ConsolidationSettings(proposed={d: 5 for d in DIRECTIONS})
    steps: dict[str, Callable[[], object]] = {
        "declaration_stats": lambda: cons.declaration_stats(review, settings),
        "criterion_stats": lambda: cons.criterion_stats(review, settings),
        "zscores": lambda: cons.zscores(review),
        "deviations": lambda: cons.deviations(review, settings),
        "kendall_w": lambda: cons.kendall_w(review),
    }
    times = {}
    try:
        for name, step in steps.items():
            started = time.perf_counter()
            step()
            times[name] = time.perf_counter() - started
    finally:
        review.close()
    return times


def read_csv(path: Path) -> float:
    import pandas as pd

    started = time.perf_counter()
    frame = pd.read_csv(path)
    seconds = time.perf_counter() - started
    assert len(frame) > 0
    return seconds


def fresh(template: Path, work: Path, name: str) -> Path:
    target = work / name
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(template, target)
    return target


def board(chair: Path) -> float:
    """What the chair's board needs when it opens, on a freshly opened review (nothing kept yet)."""
    review = Review.open(chair)
    try:
        started = time.perf_counter()
        cons.declaration_stats(review, cons.ConsolidationSettings())
        cons.totals_frame(review)
        cons.deviations(review, cons.ConsolidationSettings())
        return time.perf_counter() - started
    finally:
        review.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--experts", type=int, default=25)
    parser.add_argument("--declarations", type=int, default=400)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--real-exports", type=int, default=1, help="experts who also go the whole real export way")
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument("--profile", action="store_true", help="cProfile one merge + consolidation; print the top functions")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (score files, merged database)")
    args = parser.parse_args()

    import pandas  # noqa: F401  (loaded before timing: both sides use it, neither pays its import)

    work = Path(tempfile.mkdtemp(prefix="reviewer-bench-merge-"))
    template, files, csv_path, numbers = set_up(work, args)
    merge_all(fresh(template, work, "warm.sqlite"), files[:2])        # warm-up: imports, caches, page cache
    consolidate(work / "warm.sqlite")
    read_csv(csv_path)
    merges, steps, baselines, boards = [], [], [], []
    for _ in range(args.runs):
        target = fresh(template, work, "chair.sqlite")
        merges.append(merge_all(target, files))
        steps.append(consolidate(target))
        baselines.append(read_csv(csv_path))
        boards.append(board(target))
    report(merges, steps, baselines, boards, numbers, len(files))
    if args.profile:
        profile(template, work, files)
    if args.keep:
        print(f"kept: {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def set_up(work: Path, args: argparse.Namespace) -> tuple[Path, list[Path], Path, int]:
    """The chair's database (template), the score files, the CSV; returns them and the count of numbers."""
    rng = random.Random(args.seed)
    started = time.perf_counter()
    template = work / "chair-template.sqlite"
    build_chair(template, args.experts, args.declarations)
    chair = Review.open(template)
    issued = {w.expert.id: w for w in write_packages(chair, work / "packages", work / "passphrases", slips=False)}
    sheets = generate_sheets(chair, rng)
    with Session(chair.engine) as s:
        experts = list(s.exec(select(ExpertRow).order_by(ExpertRow.id)))
        ids = {d.code: d.id for d in s.exec(select(DeclarationRow))}
    base = datetime.now()
    files = []
    for k, expert in enumerate(experts):
        assert expert.id is not None
        written_at = (base + timedelta(seconds=k)).isoformat(timespec="seconds")
        files.append(write_score_file(chair, expert, sheets[expert.id], work / f"{k + 1:02d}_{expert.name}{SUFFIX}",
                                      signing.new_key(), written_at))
    for expert in experts[:args.real_exports]:
        assert expert.id is not None
        body, seconds = real_export(issued[expert.id], expert, sheets[expert.id], work)
        generated = json.loads(write_score_body(chair, expert, sheets[expert.id], "-", "-"))
        assert _comparable(body) == _comparable(generated), f"the fast writer differs from the app for {expert.name}"
        print(f"real export path checked for {expert.name}: the same body; export_score_file took {seconds:.2f} s (not timed below)")
    chair.close()
    csv_path = work / "scores.csv"
    numbers = write_csv(sheets, ids, csv_path)
    print(f"set-up: {len(experts)} experts × {args.declarations} declarations; {numbers:,} scores "
          f"({sum(sh['recused'] for m in sheets.values() for sh in m)} recusals); {time.perf_counter() - started:.1f} s")
    return template, files, csv_path, numbers


def report(merges: list[float], steps: list[dict[str, float]], baselines: list[float], boards: list[float],
           numbers: int, files: int) -> None:
    merge = statistics.median(merges)
    consolidation = statistics.median(sum(s.values()) for s in steps)
    total = statistics.median(m + sum(s.values()) for m, s in zip(merges, steps))
    baseline = statistics.median(baselines)
    print(f"merge {files} score files             {merge:7.3f} s   ({merge / files * 1000:.0f} ms a file)")
    for name in steps[0]:
        print(f"  {name:<30}{statistics.median(s[name] for s in steps):7.3f} s")
    print(f"consolidation (the 5 calls)       {consolidation:7.3f} s   (the first call reads the panel; the others reuse it)")
    print(f"merge + consolidation             {total:7.3f} s   target {TARGET:.1f} s: {'met' if total < TARGET else 'MISSED'}")
    print(f"baseline pd.read_csv ({numbers:,} numbers) {baseline:7.3f} s")
    print(f"ratio to the baseline: merge + consolidation {total / baseline:.0f}×; consolidation alone {consolidation / baseline:.0f}×")
    print(f"board data on opening (declaration_stats + totals_frame + deviations, cold): {statistics.median(boards):.3f} s")


def profile(template: Path, work: Path, files: list[Path]) -> None:
    target = fresh(template, work, "profiled.sqlite")
    profiler = cProfile.Profile()
    profiler.enable()
    merge_all(target, files)
    consolidate(target)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(25)
    print(out.getvalue())


def _dump(database: Path) -> list[list[tuple[Any, ...]]]:
    con = sqlite3.connect(database)
    try:
        return [con.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3").fetchall()
                for table in ("expert_score", "expert_assessment")]
    finally:
        con.close()


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


if __name__ == "__main__":
    raise SystemExit(main())
