"""A full disk under every writer, through the command line: one clear line, nothing half-written, a retry works.

As root (CI) a small tmpfs is mounted and filled, so the writers meet a real
ENOSPC from the kernel at whatever moment the disk runs out. Elsewhere the
child's file-size limit is lowered (RLIMIT_FSIZE), an honest EFBIG from the
kernel at the same places.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from conftest import (  # type: ignore[import-not-found]
    DEMO_BATCH, REPO, assert_clean_failure, can_mount, child_env, fill, leftovers, run_cli, small_disk,
)

#: What is left free on the filled disk for each writer: it starts, then runs out mid-way.
LEAVE = {"import": 48 * 1024, "open-package": 48 * 1024, "packages": 48 * 1024, "export": 48 * 1024, "merge": 16 * 1024,
         "sheet": 4096, "export-scores": 0}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


@contextmanager
def full_disk(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str] | None]]:
    """A folder on a nearly full disk, and how to run the CLI there (None: plainly)."""
    if can_mount():
        with small_disk(tmp_path / "disk", "24m") as folder:
            yield folder, None
        return
    folder = tmp_path / "disk"
    folder.mkdir()
    yield folder, {"REVIEWER_TEST_FSIZE": "4096"}


def _run_full(env_limit: dict[str, str] | None, *args: object) -> subprocess.CompletedProcess[str]:
    if env_limit is None:
        return run_cli(*args)
    limit = int(env_limit["REVIEWER_TEST_FSIZE"])

    def lower() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "reviewer", *map(str, args)], cwd=REPO, capture_output=True, text=True,
                          timeout=90, env=child_env(), preexec_fn=lower)


def _refused(result: subprocess.CompletedProcess[str], mounted: bool) -> str:
    message = assert_clean_failure(result)
    if mounted:
        assert "磁盘已满" in message, message
    return message


def _free(folder: Path) -> None:
    (folder / "ballast").unlink(missing_ok=True)


#: The writers run onto the full disk.
WRITERS = ["import", "open-package", "sheet", "packages", "export-scores", "export", "merge"]


@pytest.mark.parametrize("command", WRITERS)
def test_a_full_disk_under_each_writer(command: str, panel: dict[str, Path], tmp_path: Path) -> None:
    with full_disk(tmp_path) as (disk, limit):
        mounted = limit is None
        target, args, db = _case(command, panel, disk, tmp_path)
        before = _digest(db) if db is not None and db.exists() else None
        counts = {t: _rows(db, t) for t in ("expert_score", "score_file")} if command == "merge" and db else None
        if mounted:
            fill(disk, LEAVE[command])
        result = _run_full(limit, command, *args)
        if command == "merge":  # merge says each refused file on its own line and exits 1
            result.returncode = 2 if result.returncode == 1 else result.returncode
        _refused(result, mounted)
        assert leftovers(disk) == [] and leftovers(tmp_path) == []
        if command in ("import", "open-package"):  # a new review that could not be written is not left behind
            assert not target.exists() and not target.with_name(target.stem + "-files").exists()
        _free(disk)  # (SQLite cannot even read a WAL database on a disk too full for its shared-memory file)
        if command == "merge":
            assert db is not None and {t: _rows(db, t) for t in counts or {}} == counts  # nothing half-merged
        elif before is not None:
            assert _digest(db) == before
        if command == "export":  # all or nothing: not one document of the failed export is there
            assert [p for p in target.rglob("*") if p.is_file()] == []
        # With room again, the same command succeeds as it is (no --force: nothing of the failed run is in the way).
        again = run_cli(command, *args)
        assert again.returncode == 0 and "Traceback" not in again.stderr, again.stderr


def _case(command: str, panel: dict[str, Path], disk: Path, tmp_path: Path) -> tuple[Path, list[object], Path | None]:
    """(the file or folder written on the full disk, the command's arguments, the database it uses)."""
    phrase = ["--passphrase-file", panel["passphrase"]]
    if command == "import":
        return disk / "chair.sqlite", [DEMO_BATCH, "--db", disk / "chair.sqlite"], None
    if command == "open-package":
        return disk / "wang.sqlite", [panel["package"], "--db", disk / "wang.sqlite", *phrase], None
    if command == "sheet":
        return disk / "wang.xlsx", [panel["package"], "--out", disk / "wang.xlsx", *phrase], None
    if command == "packages":
        chair = tmp_path / "chair.sqlite"
        shutil.copy(panel["chair"], chair)
        return disk / "packages", ["--db", chair, "--out", disk / "packages", "--passphrases", disk / "pp"], chair
    if command == "export-scores":
        expert = tmp_path / "expert" / "wang.sqlite"
        shutil.copytree(panel["expert"].parent, expert.parent)
        return disk / "wang.rvscore", ["--db", expert, "--out", disk / "wang.rvscore"], None
    if command == "export":
        return disk / "out", ["--db", panel["chair"], "--out", disk / "out"], panel["chair"]
    chair = disk / "chair.sqlite"  # merge: the chair's review itself lives on the disk that fills
    shutil.copy(panel["chair"], chair)
    return chair, ["--db", chair, panel["scores"]], chair


def test_scoring_onto_a_full_disk_keeps_every_edit_reported_saved(review_path: Path, tmp_path: Path) -> None:
    if not can_mount():
        pytest.fail("needs root to mount a tmpfs") if os.environ.get("CI") else None
    from reviewer.errors import StoreError
    from reviewer.review import Review

    with small_disk(tmp_path / "disk", "2m") as disk:
        db = disk / "review.sqlite"
        shutil.copy(review_path, db)
        review = Review.open(db)
        declarations = review.declarations()  # the window is open and has read the review before the disk fills
        fill(disk, 0)
        saved: dict[int, str] = {}
        refused = None
        for n, d in enumerate(declarations * 50):
            try:
                review.set_opinion(d.id, f"很长的意见 {n} " + "内容" * 2000)
            except StoreError as exc:
                refused = exc
                break
            saved[d.id] = f"很长的意见 {n} " + "内容" * 2000
        assert refused is not None and refused.code == "db_disk_full", refused
        assert str(db) in refused.message("zh") and "已保存的内容都在" in refused.message("zh")
        review.close()
        _free(disk)
        again = Review.open(db)
        for did, opinion in saved.items():
            assert again.sheet(did).opinion == opinion
        again.close()
