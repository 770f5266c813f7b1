"""The review database: round trip, history, upgrade, refusals that leave the file untouched."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from reviewer.errors import ScoringError, StoreError
from reviewer.review import Review
from reviewer.scoring import ReviewState
from reviewer.store.migrations import LATEST, schema_version
from reviewer.store import models  # noqa: F401  (registers the tables)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _score_all(review: Review, declaration_id: int) -> dict[str, float]:
    rubric = review.rubric(review.declaration(declaration_id).direction)
    given = {c.id: c.max - 0.5 * (i % 3) for i, c in enumerate(rubric.criteria)}
    for cid, points in given.items():
        review.set_points(declaration_id, cid, points)
    return given


def test_every_field_survives_closing_and_reopening(review_path: Path) -> None:
    review = Review.open(review_path)
    first, second, third = [d.id for d in review.declarations()[:3]]
    given = _score_all(review, first)
    review.set_remark(first, "C1", "服务供给能力突出")
    review.set_opinion(first, "项目示范性强，建议支持。")
    review.set_recommendation(first, "recommend")
    review.set_veto(second, "V1", "申报单位为分公司")
    review.set_recusal(third, True)
    review.set_recusal_reason(third, "近三年曾在申报单位任职")
    review.close()

    again = Review.open(review_path)
    sheet = again.sheet(first)
    assert sheet.points == given
    assert sheet.total == sum(given.values())
    assert sheet.remarks == {"C1": "服务供给能力突出"}
    assert (sheet.opinion, sheet.recommendation) == ("项目示范性强，建议支持。", "recommend")
    assert again.sheet(second).vetoes == {"V1": "申报单位为分公司"}
    states = {d.id: d.state for d in again.declarations()}
    assert states[first] == ReviewState.DONE
    assert states[second] == ReviewState.DONE  # vetoed with a reason
    assert states[third] == ReviewState.RECUSED
    progress = again.progress()
    assert (progress.finished, progress.recused, progress.total) == (3, 1, len(states))
    again.close()


def test_a_declaration_is_finished_only_with_every_score_and_the_opinion(review_path: Path) -> None:
    review = Review.open(review_path)
    did = review.declarations()[0].id
    assert review.summary(did).state == ReviewState.NOT_STARTED
    _score_all(review, did)
    assert review.summary(did).state == ReviewState.IN_PROGRESS  # no opinion yet
    review.set_opinion(did, "意见")
    assert review.summary(did).state == ReviewState.DONE
    review.set_points(did, "C1", None)
    assert review.summary(did).state == ReviewState.IN_PROGRESS
    review.set_recusal(did, True)
    assert review.summary(did).state == ReviewState.IN_PROGRESS  # a recusal needs its reason
    review.close()


def test_a_score_outside_the_rubric_is_refused_and_nothing_changes(review_path: Path) -> None:
    review = Review.open(review_path)
    did = review.declarations()[0].id
    review.set_points(did, "C1", 10)
    for bad, code in ((15.5, "score_out_of_range"), (-1, "score_out_of_range"), (10.3, "score_step")):
        with pytest.raises(ScoringError) as caught:
            review.set_points(did, "C1", bad)
        assert caught.value.code == code
    with pytest.raises(ScoringError) as unknown:
        review.set_points(did, "X9", 1)
    assert unknown.value.code == "criterion_unknown"
    assert review.sheet(did).points == {"C1": 10}
    review.close()


def test_edit_history_keeps_each_score_and_one_entry_per_typed_text(review_path: Path) -> None:
    review = Review.open(review_path)
    did = review.declarations()[0].id
    review.set_points(did, "C1", 12)
    review.set_points(did, "C1", 13)
    for prefix in ("项", "项目", "项目很好"):
        review.set_opinion(did, prefix)
    history = [(h.field, h.old_value, h.new_value) for h in review.history(did)]
    assert history == [("points:C1", None, "12"), ("points:C1", "12", "13"), ("opinion", "", "项目很好")]
    review.close()


@pytest.mark.parametrize("version", [1, 2, 3, 4])
def test_upgrade_from_an_old_schema_keeps_the_scores_and_backs_up_the_file(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / f"review-v{version}.sqlite", path)
    before = _digest(path)
    assert schema_version(path) == version
    review = Review.open(path)
    assert schema_version(path) == LATEST
    assert review.backup is not None and _digest(review.backup) == before
    sheet = review.sheet(1)
    assert sheet.points == {"C1": 13.5, "D7.1": 9.0}
    assert sheet.remarks == {"C1": "服务供给能力强"}
    assert (sheet.opinion, sheet.recommendation) == ("项目示范性强，建议支持。", "recommend")
    assert review.sheet(2).vetoes == {"V3": "不属于本次示范内容"}
    review.set_points(1, "C2", 8)  # the upgraded file takes new edits, with history
    earlier = ["points:C1"] if version >= 2 else []
    assert [h.field for h in review.history(1)] == earlier + ["points:C2"]
    assert [d.code for d in review.declarations()] == ["浙江省-01", "浙江省-02"]  # all count as selected
    review.close()


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite"
    shutil.copy(FIXTURES / "review-v1.sqlite", path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    before = _digest(path)
    with pytest.raises(StoreError) as caught:
        Review.open(path)
    assert caught.value.code == "db_newer"
    assert str(path) in caught.value.message("zh") and "99" in caught.value.message("zh")
    assert "newer version" in caught.value.message("en")
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["newer.sqlite"]


@pytest.mark.parametrize("kind", ["other_sqlite", "text", "truncated"])
def test_files_that_are_not_reviews_are_refused_untouched(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.sqlite"
    if kind == "other_sqlite":
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE contacts (name TEXT)")
        con.commit()
        con.close()
    elif kind == "text":
        path.write_text("姓名,分数\n张三,90\n", encoding="utf-8")
    else:
        path.write_bytes((FIXTURES / "review-v1.sqlite").read_bytes()[:1000])
    before = _digest(path)
    with pytest.raises(StoreError) as caught:
        Review.open(path)
    assert caught.value.code in {"db_not_review", "db_corrupt"}
    assert str(path) in caught.value.message("zh")
    assert _digest(path) == before


def test_the_models_match_the_migrated_schema(tmp_path: Path) -> None:
    path = tmp_path / "fresh.sqlite"
    Review.open(path).close()
    con = sqlite3.connect(path)
    for table in SQLModel.metadata.sorted_tables:
        columns = {row[1] for row in con.execute(f"PRAGMA table_info({table.name})")}
        assert columns == {c.name for c in table.columns}, table.name
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_foreign_keys_are_enforced(review_path: Path) -> None:
    review = Review.open(review_path)
    with review.engine.connect() as connection:
        with pytest.raises(Exception, match="FOREIGN KEY"):
            connection.exec_driver_sql("INSERT INTO score (declaration_id, criterion_id, points) VALUES (9999, 'C1', 1)")
    review.close()


def test_reading_the_version_never_creates_a_file(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite"
    assert schema_version(missing) == 0
    assert not missing.exists() and list(tmp_path.iterdir()) == []


def test_paths_with_characters_special_in_uris_open(tmp_path: Path) -> None:
    folder = tmp_path / "评审 a?b#c%20&mode=ro"
    folder.mkdir()
    path = folder / "专家 #1?.sqlite"
    shutil.copy(FIXTURES / "review-v2.sqlite", path)
    review = Review.open(path)
    assert schema_version(path) == LATEST and review.backup is not None and review.backup.parent == folder
    review.set_points(1, "C2", 8)
    review.close()


def test_an_upgrade_removes_the_half_written_backup_a_killed_run_left(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "review-v3.sqlite", path)
    stale = tmp_path / ".~old.v3-backup-20260101-000000.1a2b3c4d.sqlite"
    stale.write_bytes(b"half a copy")
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    Review.open(path).close()
    assert not stale.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []


def test_an_upgrade_leaves_the_backup_another_program_is_writing_now(tmp_path: Path) -> None:
    """Two programs open one old review at once: the second does not delete the first's backup in progress."""
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "review-v3.sqlite", path)
    in_progress = tmp_path / ".~old.v3-backup-20260101-000000.5e6f7a8b.sqlite"
    in_progress.write_bytes(b"being written")
    Review.open(path).close()
    assert in_progress.read_bytes() == b"being written"


def test_a_file_fault_of_sqlite_becomes_a_store_error_naming_the_file(tmp_path: Path) -> None:
    from reviewer.store.migrations import store_error

    path = tmp_path / "r.sqlite"
    full = sqlite3.OperationalError("database or disk is full")
    assert store_error(full, path).code == "db_disk_full"  # type: ignore[union-attr]
    locked = store_error(sqlite3.OperationalError("database is locked"), path)
    assert locked is not None and locked.code == "db_locked" and str(path) in locked.message("zh")
    assert store_error(sqlite3.IntegrityError("UNIQUE constraint failed: batch.fingerprint"), path) is None
