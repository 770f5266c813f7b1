"""The command line: clear one-line errors naming the file, and nothing written on failure."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _reviewer(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewer", *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


@pytest.fixture
def resources_copy(tmp_path: Path) -> Path:
    target = tmp_path / "resources"
    shutil.copytree(REPO / "resources", target, ignore=shutil.ignore_patterns("i18n"))
    return target


def test_version_and_help() -> None:
    assert _reviewer("--version").stdout.startswith("reviewer ")
    help_text = _reviewer("--help").stdout
    assert "gui" in help_text and "demo" in help_text and "status" in help_text


def test_demo_then_status(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    created = _reviewer("demo", "--db", str(db))
    assert created.returncode == 0 and db.exists()
    status = _reviewer("status", str(db))
    assert status.returncode == 0
    lines = status.stdout.strip().splitlines()
    assert len(lines) == 21 and lines[-1].startswith("0/20 已完成")


def test_missing_demo_file_is_named_and_nothing_is_written(tmp_path: Path, resources_copy: Path) -> None:
    form = next((resources_copy / "demo" / "batch").glob("02_*/申报书/03_*.docx"))
    form.unlink()
    db = tmp_path / "demo.sqlite"
    result = _reviewer("demo", "--db", str(db), env={"REVIEWER_RESOURCES": str(resources_copy)})
    assert result.returncode == 2
    message = result.stderr.strip()
    assert "02_宁波市/推荐项目汇总表.xlsx" in message and "缺少申报书" in message and form.stem[3:] in message
    assert not db.exists() and list(tmp_path.glob("demo.sqlite*")) == []


def test_broken_rubric_is_named_and_existing_review_untouched(tmp_path: Path, resources_copy: Path) -> None:
    rubrics = resources_copy / "calls" / "miit-2019" / "rubrics.toml"
    rubrics.write_text(rubrics.read_text(encoding="utf-8").replace('id = "C2"', 'id = "C1"'), encoding="utf-8")
    db = tmp_path / "demo.sqlite"
    result = _reviewer("demo", "--db", str(db), env={"REVIEWER_RESOURCES": str(resources_copy)})
    assert result.returncode == 2
    assert str(rubrics) in result.stderr and "C1" in result.stderr and "重复" in result.stderr
    assert not db.exists()


def test_newer_database_is_refused_in_english_too(tmp_path: Path) -> None:
    db = tmp_path / "newer.sqlite"
    shutil.copy(REPO / "tests" / "fixtures" / "review-v1.sqlite", db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA user_version = 99")  # far beyond any schema this program will know
    con.close()
    before = db.read_bytes()
    result = _reviewer("--lang", "en", "status", str(db))
    assert result.returncode == 2
    assert str(db) in result.stderr and "newer version" in result.stderr
    assert db.read_bytes() == before
