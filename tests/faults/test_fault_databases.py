"""Damaged, locked, older, newer and misplaced review databases: a clear message naming the file, no loss.

A real meeting brings a laptop that died during an upgrade (a hot rollback
journal), a file copied from a scratched disc, a second window writing the same
file, a review from a newer program and a path that is a folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from reviewer.errors import StoreError
from reviewer.review import Review
from reviewer.store.migrations import LATEST, MIGRATIONS, schema_version

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fixture_scores_are_there(review: Review) -> None:
    sheet = review.sheet(1)
    assert sheet.points == {"C1": 13.5, "D7.1": 9.0}
    assert (sheet.opinion, sheet.recommendation) == ("项目示范性强，建议支持。", "recommend")


def _root_page(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
    finally:
        con.close()


def _damage_page(path: Path, page: int) -> None:
    """Overwrite one page with noise, as a scratched disc or a torn copy does."""
    with open(path, "r+b") as f:
        f.seek((page - 1) * 4096)
        f.write(bytes((i * 37 + 11) % 256 for i in range(4096)))


# --- a crash during an upgrade: the hot journal ---------------------------------------------

KILLED_MID_MIGRATION = textwrap.dedent("""
    import os, sqlite3, sys
    from reviewer.store.migrations import MIGRATIONS
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("PRAGMA journal_mode=DELETE")
    con.execute("PRAGMA cache_size=1")         # spill changed pages into the file before the commit
    con.execute("BEGIN IMMEDIATE")
    for statement in MIGRATIONS[3].sql.split(";"):
        if statement.strip():
            con.execute(statement)
    con.execute("UPDATE score SET points = 0")  # half-done work the journal must undo
    con.execute("CREATE TABLE filler (x BLOB)")
    con.execute("INSERT INTO filler VALUES (zeroblob(300000))")
    con.execute("PRAGMA user_version = 4")
    os._exit(9)                                # the laptop dies before COMMIT
""")


def test_a_crash_mid_upgrade_leaves_a_hot_journal_that_the_next_start_rolls_back(tmp_path: Path) -> None:
    path = tmp_path / "review.sqlite"
    shutil.copy(FIXTURES / "review-v3.sqlite", path)
    script = tmp_path / "die.py"
    script.write_text(KILLED_MID_MIGRATION, encoding="utf-8")
    subprocess.run([sys.executable, str(script), str(path)], timeout=60, env={**os.environ})
    journal = Path(f"{path}-journal")
    assert journal.exists() and journal.stat().st_size > 0  # hot: the crash left it

    assert schema_version(path) == 3  # rolled back, not "damaged"
    review = Review.open(path)
    assert schema_version(path) == LATEST and review.backup is not None
    _fixture_scores_are_there(review)
    review.close()
    assert not journal.exists()


def test_a_crash_mid_upgrade_then_the_command_line_opens_the_review(tmp_path: Path, cli, clean_failure) -> None:
    path = tmp_path / "review.sqlite"
    shutil.copy(FIXTURES / "review-v2.sqlite", path)
    script = tmp_path / "die.py"
    script.write_text(KILLED_MID_MIGRATION.replace("MIGRATIONS[3]", "MIGRATIONS[2]").replace("= 4", "= 3"), encoding="utf-8")
    subprocess.run([sys.executable, str(script), str(path)], timeout=60, env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    result = cli("status", path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "浙江省-01" in result.stdout


# --- damaged files ----------------------------------------------------------------------------

def test_a_damaged_table_is_named_with_the_file_and_no_traceback(review_path: Path, cli, clean_failure) -> None:
    _damage_page(review_path, _root_page(review_path, "declaration"))
    before = _digest(review_path)
    message = clean_failure(cli("status", review_path), str(review_path), "损坏")
    assert "备份" not in message  # there is none beside it, so none is offered
    assert _digest(review_path) == before


def test_a_damaged_schema_page_is_refused_at_open_untouched(review_path: Path, cli, clean_failure) -> None:
    _damage_page(review_path, 1)
    before = _digest(review_path)
    clean_failure(cli("--lang", "en", "status", review_path), str(review_path), "damaged")
    with pytest.raises(StoreError) as caught:
        Review.open(review_path)
    assert caught.value.code == "db_corrupt"
    assert _digest(review_path) == before


def test_a_damaged_review_offers_the_automatic_backup(tmp_path: Path, cli, clean_failure) -> None:
    path = tmp_path / "review.sqlite"
    shutil.copy(FIXTURES / "review-v3.sqlite", path)
    review = Review.open(path)  # the upgrade makes the automatic backup
    backup = review.backup
    review.close()
    assert backup is not None
    _damage_page(path, _root_page(path, "score"))
    message = clean_failure(cli("status", path), str(path), str(backup))
    assert "损坏" in message
    with pytest.raises(StoreError) as caught:
        Review.open(path).sheets([1])
    assert caught.value.code == "db_corrupt_backup" and caught.value.params["backup"] == str(backup)
    _fixture_scores_are_there(Review.open(backup))  # the backup itself is sound


@pytest.mark.parametrize("kind", ["zeros", "text", "empty_header"])
def test_files_that_are_no_database_are_refused_untouched(tmp_path: Path, kind: str, cli, clean_failure) -> None:
    path = tmp_path / "review.sqlite"
    path.write_bytes({"zeros": bytes(8192), "text": "项目,分数\n".encode() * 100,
                      "empty_header": b"SQLite format 3\x00" + bytes(84)}[kind])
    before = _digest(path)
    clean_failure(cli("status", path), str(path))
    assert _digest(path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["review.sqlite"]


# --- newer, older, not a review ---------------------------------------------------------------

@pytest.mark.parametrize("command", ["status", "export-scores", "merge", "packages", "experts", "export"])
def test_a_newer_review_is_refused_untouched_by_every_command(tmp_path: Path, command: str, cli, clean_failure) -> None:
    path = tmp_path / "newer.sqlite"
    shutil.copy(FIXTURES / "review-v1.sqlite", path)
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {LATEST + 50}")
    con.close()
    before = _digest(path)
    args = {"status": [path], "export-scores": ["--db", path, "--out", tmp_path / "s.rvscore"],
            "merge": ["--db", path, tmp_path / "x.rvscore"], "packages": ["--db", path, "--out", tmp_path / "p", "--passphrases", tmp_path / "pp"],
            "experts": ["--db", path], "export": ["--db", path, "--out", tmp_path / "out"]}[command]
    (tmp_path / "x.rvscore").write_bytes(b"x")
    result = cli(command, *args)
    if command == "merge" and result.returncode != 2:  # merge reports each refused file and goes on
        assert "Traceback" not in result.stderr and result.returncode != 0
    else:
        clean_failure(result, str(path), str(LATEST + 50))
    assert _digest(path) == before


@pytest.mark.parametrize("version", [v.version for v in MIGRATIONS[:-1] if (FIXTURES / f"review-v{v.version}.sqlite").exists()])
def test_an_older_review_is_upgraded_by_the_command_line_with_a_backup(tmp_path: Path, version: int, cli) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / f"review-v{version}.sqlite", path)
    before = _digest(path)
    result = cli("status", path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    backups = list(tmp_path.glob(f"old.v{version}-backup-*.sqlite"))
    assert len(backups) == 1 and _digest(backups[0]) == before
    assert schema_version(path) == LATEST
    assert not list(tmp_path.glob(".~*"))  # the backup's temporary is gone


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path, cli, clean_failure) -> None:
    path = tmp_path / "contacts.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    before = _digest(path)
    clean_failure(cli("status", path), str(path), "不是评审工作台的评审库")
    assert _digest(path) == before


# --- misplaced paths --------------------------------------------------------------------------

def test_a_folder_a_missing_folder_or_a_file_as_folder_is_said_plainly(tmp_path: Path, cli, clean_failure) -> None:
    folder = tmp_path / "folder.sqlite"
    folder.mkdir()
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    batch = Path(__file__).resolve().parents[2] / "resources" / "demo" / "batch"
    clean_failure(cli("status", folder), str(folder))
    clean_failure(cli("import", batch, "--db", folder), str(folder), "文件夹")
    clean_failure(cli("import", batch, "--db", tmp_path / "missing" / "r.sqlite"), "不存在")
    clean_failure(cli("import", batch, "--db", blocker / "r.sqlite"), "不是文件夹")
    clean_failure(cli("import", batch, "--db", tmp_path / "r.sqlite", "--report", blocker / "r.json"), "不是文件夹")
    assert not (tmp_path / "r.sqlite").exists()  # the report's fault is said before anything is imported


# --- locked: another window or process is writing -------------------------------------------

HOLD_WRITE_LOCK = textwrap.dedent("""
    import sqlite3, sys, time
    con = sqlite3.connect(sys.argv[1], isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    con.execute("UPDATE review SET title = title")
    print("locked", flush=True)
    time.sleep(600)
""")


@pytest.fixture
def writer_holding(tmp_path: Path):
    """Start a process that holds the write lock of a database until the test ends."""
    children: list[subprocess.Popen[str]] = []

    def hold(path: Path) -> subprocess.Popen[str]:
        script = tmp_path / "hold.py"
        script.write_text(HOLD_WRITE_LOCK, encoding="utf-8")
        child = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True)
        children.append(child)
        assert child.stdout is not None and child.stdout.readline().strip() == "locked"
        return child

    yield hold
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)


def test_an_edit_while_another_process_writes_waits_then_names_the_situation(review_path: Path, writer_holding) -> None:
    review = Review.open(review_path)
    did = review.declarations()[0].id
    review.set_points(did, "C1", 10)
    holder = writer_holding(review_path)
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        review.set_points(did, "C1", 12)
    assert caught.value.code == "db_locked" and time.monotonic() - started < 60
    assert "另一个窗口或程序" in caught.value.message("zh") and str(review_path) in caught.value.message("zh")
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    review.set_points(did, "C1", 12)  # once the other writer is gone, the same edit goes through
    assert review.sheet(did).points["C1"] == 12
    review.close()


def test_the_command_line_on_a_locked_review_says_so_in_one_line(review_path: Path, writer_holding, cli, clean_failure) -> None:
    writer_holding(review_path)
    clean_failure(cli("experts", "--db", review_path, "--province-rule", "on"), str(review_path), "另一个窗口或程序")


def test_an_upgrade_waits_for_another_writer_then_refuses_untouched(tmp_path: Path, writer_holding) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "review-v3.sqlite", path)
    writer_holding(path)
    with pytest.raises(StoreError) as caught:
        Review.open(path)
    assert caught.value.code == "db_locked"
    assert schema_version(path) == 3


# --- read-only medium -------------------------------------------------------------------------

def test_a_review_on_a_read_only_medium_is_said_plainly(read_only_copy, cli, clean_failure) -> None:
    clean_failure(cli("experts", "--db", read_only_copy, "--province-rule", "on"), str(read_only_copy))
