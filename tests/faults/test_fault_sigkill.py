"""SIGKILL at random moments during import, merge, an upgrade, open-package, export-scores and export.

After each kill: the review opens, everything that was committed before is
there, the interrupted work is all there or not at all, and the next run of the
same command succeeds and leaves no temporaries behind. The moments are drawn
from a seeded random generator (the seed is in the test id), spread over the
command's own run time as measured by the previous (retry) run.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from conftest import REPO, child_env, cli_ok, leftovers  # type: ignore[import-not-found]
from reviewer.review import Review
from reviewer.store.migrations import LATEST, schema_version

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DEMO = REPO / "resources" / "demo" / "batch"
KILLS = 2
SEED = 20190401


def _kill_during(args: list[object], delay: float) -> bool:
    """Run ``reviewer ARGS`` and SIGKILL it after ``delay`` seconds; whether it was still running."""
    child = subprocess.Popen([sys.executable, "-m", "reviewer", *map(str, args)], cwd=REPO, env=child_env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        child.wait(timeout=delay)
        return False
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        return True


def _loop(args: list[object], check: Callable[[], None], retry: Callable[[], None], estimate: float,
          rng: random.Random) -> None:
    """Kill, check what is left, retry (timed: the next kill falls within that run time)."""
    for _ in range(KILLS):
        _kill_during(args, rng.uniform(0.35, 1.0) * estimate)
        check()
        started = time.monotonic()
        retry()
        estimate = time.monotonic() - started


def _count(db: Path, sql: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(sql).fetchone()[0])
    finally:
        con.close()


def _points(db: Path) -> dict[tuple[int, str], float]:
    review = Review.open(db)
    try:
        ids = [d.id for d in review.declarations()]
        return {(did, cid): p for did, sheet in review.sheets(ids).items() for cid, p in sheet.points.items()}
    finally:
        review.close()


@pytest.fixture
def rng() -> random.Random:
    return random.Random(SEED)


def test_sigkill_during_import(tmp_path: Path, rng: random.Random) -> None:
    db = tmp_path / "chair.sqlite"

    def check() -> None:
        if db.exists():  # what a killed import left is either nothing or a review that opens
            Review.open(db).close()

    def retry() -> None:
        cli_ok("import", DEMO, "--db", db)
        assert len(Review.open(db).declarations()) == 20
        assert leftovers(tmp_path) == []
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)

    _loop(["import", DEMO, "--db", db], check, retry, 3.0, rng)


def test_sigkill_during_merge(panel: dict[str, Path], tmp_path: Path, rng: random.Random) -> None:
    chair = tmp_path / "chair.sqlite"
    shutil.copy(panel["chair"], chair)
    full = len(_points(panel["expert"]))
    merged = "SELECT count(*) FROM expert_score WHERE points IS NOT NULL"

    def check() -> None:
        assert _count(chair, merged) in (0, full)  # all of the file or none of it

    def retry() -> None:
        cli_ok("merge", "--db", chair, panel["scores"])
        assert _count(chair, merged) == full and leftovers(tmp_path) == []
        shutil.copy(panel["chair"], chair)
        for suffix in ("-wal", "-shm"):
            Path(f"{chair}{suffix}").unlink(missing_ok=True)

    _loop(["merge", "--db", chair, panel["scores"]], check, retry, 2.5, rng)


def _large_old_review(path: Path) -> None:
    """The v3 fixture with 40 MB of extracted text, so the upgrade's backup and migration take a while."""
    shutil.copy(FIXTURES / "review-v3.sqlite", path)
    con = sqlite3.connect(path)
    with con:
        con.executemany("INSERT INTO document (declaration_id, path, format, sha256, content) VALUES (1, ?, 'docx', '', ?)",
                        [(f"f{i}.docx", "申报书正文" * 80_000) for i in range(30)])
    con.close()


def test_sigkill_during_an_upgrade(tmp_path: Path, rng: random.Random) -> None:
    pristine = tmp_path / "pristine.sqlite"
    _large_old_review(pristine)
    work = tmp_path / "work"
    work.mkdir()
    db = work / "old.sqlite"
    shutil.copy(pristine, db)

    def check() -> None:
        assert schema_version(db) in (3, LATEST)  # never in between, never "damaged"
        review = Review.open(db)
        assert review.sheet(1).points == {"C1": 13.5, "D7.1": 9.0}
        review.close()
        assert leftovers(work) == []  # the next open removed what the killed one left
        shutil.copy(pristine, db)  # old again for the next kill
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)

    def retry() -> None:
        cli_ok("status", db)
        assert schema_version(db) == LATEST
        shutil.copy(pristine, db)

    _loop(["status", db], check, retry, 2.5, rng)


def test_sigkill_during_export_scores(panel: dict[str, Path], tmp_path: Path, rng: random.Random) -> None:
    shutil.copytree(panel["expert"].parent, tmp_path / "expert")
    db = tmp_path / "expert" / panel["expert"].name
    before = _points(db)
    out = tmp_path / "out" / "wang.rvscore"
    out.parent.mkdir()

    def check() -> None:
        assert _points(db) == before

    def retry() -> None:
        cli_ok("export-scores", "--db", db, "--out", out)
        assert out.stat().st_size > 0 and leftovers(tmp_path) == []
        out.unlink()

    _loop(["export-scores", "--db", db, "--out", out], check, retry, 2.5, rng)


def test_sigkill_during_open_package(panel: dict[str, Path], tmp_path: Path, rng: random.Random) -> None:
    db = tmp_path / "wang.sqlite"
    args = ["open-package", panel["package"], "--db", db, "--passphrase-file", panel["passphrase"]]

    def check() -> None:
        if db.exists():  # what a killed open left is nothing, or the whole review with its forms
            review = Review.open(db)
            assert len(review.declarations()) > 0
            review.close()

    def retry() -> None:
        if db.exists():
            return  # it had finished before the kill
        cli_ok(*args)
        assert leftovers(tmp_path) == []
        shutil.rmtree(tmp_path / "wang-files", ignore_errors=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)

    _loop(args, check, retry, 2.5, rng)
def test_sigkill_during_export(panel: dict[str, Path], tmp_path: Path, rng: random.Random) -> None:
    out = tmp_path / "out"
    before = _points(panel["chair"])

    def check() -> None:
        assert _points(panel["chair"]) == before

    def retry() -> None:
        cli_ok("export", "--db", panel["chair"], "--out", out, "--force", "--what", "opinions,summary,xlsx")
        assert leftovers(out) == [] and any(out.rglob("*.docx"))

    _loop(["export", "--db", panel["chair"], "--out", out, "--force", "--what", "opinions,summary,xlsx"], check, retry, 4.0, rng)


