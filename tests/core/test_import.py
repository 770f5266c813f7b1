"""Importing a batch and the formal check (issue 3), against the generated corpus of batch_corpus.py.

The expectation comes from the generator's own data, and the comparisons are
exact: a missing or a spurious finding fails. Debatable points of the
expectation are written down in ``batch_corpus.DECISIONS``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import zipfile
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any, Iterator

import pytest

from batch_corpus import (
    BAD_CODES, DECISIONS, FIXTURE_ITEMS, FIXTURES, Expected, credit_code, make_corpus, make_corpus_gbk_zip,
    make_corpus_zip, snapshot,
)
from reviewer.call import bundled_call
from reviewer.errors import BatchError
from reviewer.importing.forms import bundled_form_fields, extract_fields
from reviewer.importing.reader import CheckedBatch, check_batch
from reviewer.tasks import Cancelled

REPO = Path(__file__).resolve().parents[2]
REPORT_BATCH_KEYS = {"path", "fingerprint"}
REPORT_DECLARATION_KEYS = {"id", "recommender", "recommender_kind", "order", "direction", "project_name", "applicant",
                           "credit_code", "documents", "selected"}
REPORT_FINDING_KEYS = {"code", "severity", "file", "declaration", "message"}


# --------------------------------------------------------------------------
# Watching the batch: nothing under it may be opened for writing, renamed, removed, ...
# --------------------------------------------------------------------------

_WATCHED: list[str] = []
_WRITES: list[tuple[str, str]] = []
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
_PATH_EVENTS = {"os.remove", "os.rename", "os.replace", "os.mkdir", "os.rmdir", "os.chmod", "os.chown", "os.utime",
                "os.truncate", "os.link", "os.symlink", "shutil.rmtree", "shutil.move", "shutil.copyfile", "sqlite3.connect"}


def _under_watch(candidate: object) -> str | None:
    if isinstance(candidate, (str, bytes, os.PathLike)):
        try:
            path = os.path.realpath(os.fsdecode(candidate))
        except (TypeError, ValueError):
            return None
        for root in _WATCHED:
            if path == root or path.startswith(root + os.sep):
                return path
    return None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _WATCHED:
        return
    if event == "open":
        path, mode, flags = (tuple(args) + (None, None, None))[:3]
        writing = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(isinstance(flags, int) and flags & _WRITE_FLAGS)
        hit = _under_watch(path) if writing else None
        if hit:
            _WRITES.append((event, hit))
    elif event in _PATH_EVENTS:
        for arg in args[:2]:
            hit = _under_watch(arg)
            if hit:
                _WRITES.append((event, hit))


sys.addaudithook(_audit)


class watch_batch:  # noqa: N801 (used as a context manager)
    """Record every write-like access to files under ``root`` while the block runs."""

    def __init__(self, root: Path) -> None:
        self.root = os.path.realpath(root)

    def __enter__(self) -> list[tuple[str, str]]:
        _WRITES.clear()
        _WATCHED.append(self.root)
        return _WRITES

    def __exit__(self, *exc: object) -> None:
        _WATCHED.remove(self.root)


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------


class CancelAfter:
    """A Task whose cancelled() turns True after ``n`` progress calls."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.calls = 0

    def progress(self, done: int, total: int, what: str = "") -> None:
        self.calls += 1

    def cancelled(self) -> bool:
        return self.calls >= self.n


@pytest.fixture(scope="session")
def call():  # type: ignore[no-untyped-def]
    return bundled_call()


@pytest.fixture(scope="session")
def form_fields():  # type: ignore[no-untyped-def]
    return bundled_form_fields()


@pytest.fixture(scope="session")
def rubrics():  # type: ignore[no-untyped-def]
    from reviewer.rubric import bundled_rubrics

    return bundled_rubrics()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Expected:
    return make_corpus(tmp_path_factory.mktemp("corpus") / "批次")


@pytest.fixture(scope="session")
def checked(corpus: Expected, call, form_fields) -> tuple[CheckedBatch, dict, dict, list]:  # type: ignore[no-untyped-def]
    before = snapshot(corpus.root)
    with watch_batch(corpus.root) as writes:
        result = check_batch(corpus.root, call, form_fields)
        writes = list(writes)
    return result, before, snapshot(corpus.root), writes


@pytest.fixture(scope="session")
def zips(corpus: Expected, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    where = tmp_path_factory.mktemp("zips")
    return {
        "utf8": make_corpus_zip(corpus.root, where / "batch-utf8.zip"),
        "utf8-top-folder": make_corpus_zip(corpus.root, where / "batch-top.zip", top="2019年申报材料"),
        "gbk-top-folder": make_corpus_gbk_zip(corpus.root, where / "batch-gbk.zip"),
    }


@pytest.fixture(scope="session")
def progress_calls(corpus: Expected, call, form_fields) -> int:  # type: ignore[no-untyped-def]
    counter = CancelAfter(10**9)
    check_batch(corpus.root, call, form_fields, counter)
    assert counter.calls > 3
    # cancelled only after the last progress call: the whole check runs, so a cancel at "end" hits the importer
    # after it has written everything (its last check before the commit)
    check_batch(corpus.root, call, form_fields, CancelAfter(counter.calls))
    return counter.calls


@pytest.fixture(scope="session")
def imported_template(corpus: Expected, call, rubrics, form_fields, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    from reviewer.importing.importer import import_batch

    db = tmp_path_factory.mktemp("imported") / "review.sqlite"
    outcome = import_batch(corpus.root, db, call, rubrics, form_fields)
    assert not outcome.already_imported
    return db


def _copy_db(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        side = Path(str(source) + suffix)
        if side.exists():
            shutil.copyfile(side, str(target) + suffix)
    return target


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _row_counts(db: Path) -> dict[str, int]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {t: connection.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def _finding_keys(findings: Any) -> Counter[tuple[str, str, str]]:
    return Counter((f.code, f.declaration, f.file) for f in findings)


def _diff(expected: Counter, got: Counter) -> str:  # type: ignore[type-arg]
    missing = sorted((expected - got).elements())
    spurious = sorted((got - expected).elements())
    return "\nmissing (expected, not found):\n  " + "\n  ".join(map(str, missing)) + \
           "\nspurious (found, not expected):\n  " + "\n  ".join(map(str, spurious))


def _declaration_view(d: Any) -> dict[str, Any]:
    return {"recommender": d.recommender, "recommender_kind": d.recommender_kind, "order": d.order,
            "direction": d.direction, "direction_text": d.direction_text, "project_name": d.project_name,
            "applicant": d.applicant, "credit_code": d.credit_code, "fields": dict(d.fields), "selected": d.selected,
            "documents": [(doc.path, doc.format, doc.readable) for doc in d.documents]}


def _expected_view(e: Any) -> dict[str, Any]:
    return {"recommender": e.recommender, "recommender_kind": e.recommender_kind, "order": e.order,
            "direction": e.direction, "direction_text": e.direction_text, "project_name": e.project_name,
            "applicant": e.applicant, "credit_code": e.credit_code, "fields": dict(e.fields), "selected": e.selected,
            "documents": [(doc.path, doc.format, doc.readable) for doc in e.documents]}


def _assert_matches_expected(result: CheckedBatch, expected: Expected) -> None:
    """The declarations exactly as expected."""
    got = {d.code: d for d in result.declarations}
    assert len(got) == len(result.declarations), "declaration codes are unique"
    assert sorted(got) == sorted(expected.declarations)
    problems = []
    for code, e in expected.declarations.items():
        view, want = _declaration_view(got[code]), _expected_view(e)
        for key in want:
            if view[key] != want[key]:
                problems.append(f"{code}.{key}: expected {want[key]!r}, got {view[key]!r}")
    assert not problems, "\n".join(problems)


def _assert_same_as_folder(result: CheckedBatch, folder: CheckedBatch, expected: Expected) -> None:
    """Another way in to the same batch: the declarations as expected, the findings as for the folder.

    (The findings are compared with the folder's here and with the expectation in test_findings_exactly,
    so that one wrong finding fails one test, not every way of reading the batch.)
    """
    _assert_matches_expected(result, expected)
    assert _finding_keys(result.findings) == _finding_keys(folder.findings), \
        _diff(_finding_keys(folder.findings), _finding_keys(result.findings))
    assert Counter((d.code, d.selected) for d in result.declarations) == Counter((d.code, d.selected) for d in folder.declarations)


def _reviewer(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewer", *args], cwd=REPO, capture_output=True, text=True,
                          env=dict(os.environ), timeout=300)


# --------------------------------------------------------------------------
# The corpus itself (so that a pass means something)
# --------------------------------------------------------------------------


def test_corpus_credit_codes_follow_gb_32100(corpus: Expected) -> None:
    """The generator's codes agree with the examples of the domain facts (valid ones and a wrong check digit)."""
    assert credit_code("91350100M000100Y4") == "91350100M000100Y43"
    assert credit_code("91440300192203821") == "914403001922038216"
    assert credit_code("91330100799655058") == "91330100799655058B"
    assert credit_code("91350100M000100Y4") != "91350100M000100Y4Z"
    assert len(BAD_CODES) == 1 and all(c in {d.credit_code for d in corpus.declarations.values()} for c in BAD_CODES)


def test_corpus_is_small_deterministic_data_and_has_its_variations(corpus: Expected) -> None:
    files = [p for p in corpus.root.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 5 * 1024 * 1024
    root = corpus.root
    assert (root / "宁波" / "宁波市推荐项目汇总表.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    gbk = (root / "兵团" / "兵团推荐汇总表.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gbk.decode("utf-8")
    assert "排序" in gbk.decode("gbk")
    plain = (root / "材料一" / "推荐项目汇总表.csv").read_bytes()
    assert not plain.startswith(b"\xef\xbb\xbf") and "青岛市" in plain.decode("utf-8")
    with zipfile.ZipFile(root / "06_福建省.zip") as nested:
        infos = nested.infolist()
        assert infos and all(not i.flag_bits & 0x800 for i in infos)
        names = [i.filename.encode("cp437").decode("gbk") for i in infos]
    assert "福建省推荐项目汇总表.xlsx" in names
    assert {"doc", "wps", "pdf", "docx", "xlsx"} <= {n.rsplit(".", 1)[-1] for n in names}
    assert set(DECISIONS) <= set(corpus.decisions)
    assert {f.code for f in corpus.findings} == {
        "quota_exceeded", "invalid_credit_code", "not_legal_person", "missing_document", "unreadable_document",
        "unsupported_format", "no_text_layer", "unknown_direction", "unknown_recommender", "duplicate_declaration",
        "field_mismatch", "missing_field", "order_from_file_names"}
    kinds = {d.recommender_kind for d in corpus.declarations.values() if not d.selected and d.direction is not None}
    assert kinds == {"province", "planned_city"}


def test_libreoffice_fixtures_are_committed_and_saved_by_libreoffice() -> None:
    assert (FIXTURES / "README.md").is_file()
    for name in FIXTURE_ITEMS:
        with zipfile.ZipFile(FIXTURES / name) as docx:
            app = docx.read("docProps/app.xml").decode("utf-8")
        assert "LibreOffice" in app, name
        assert (FIXTURES / name).stat().st_size < 64 * 1024


# --------------------------------------------------------------------------
# What the check finds — exactly
# --------------------------------------------------------------------------


def test_recognises_the_recommenders(checked: tuple, corpus: Expected) -> None:  # type: ignore[type-arg]
    result = checked[0]
    assert {r.name: r.kind for r in result.recommenders} == corpus.recommenders
    assert len(result.recommenders) == len(corpus.recommenders)


def test_declarations_and_their_fields_exactly(checked: tuple, corpus: Expected) -> None:  # type: ignore[type-arg]
    result = checked[0]
    got = {d.code: d for d in result.declarations}
    assert sorted(got) == sorted(corpus.declarations)
    problems = []
    for code, e in corpus.declarations.items():
        view, want = _declaration_view(got[code]), _expected_view(e)
        for key in want:
            if view[key] != want[key]:
                problems.append(f"{code}.{key}: expected {want[key]!r}, got {view[key]!r}")
        for doc, expected_doc in zip(got[code].documents, e.documents):
            if expected_doc.sha256 is not None and doc.sha256 != expected_doc.sha256:
                problems.append(f"{code}: sha256 of {doc.path}")
        if got[code].code != code:
            problems.append(f"{code}: .code is {got[code].code}")
    assert not problems, "\n".join(problems)


def test_findings_exactly(checked: tuple, corpus: Expected) -> None:  # type: ignore[type-arg]
    got = _finding_keys(checked[0].findings)
    assert got == corpus.finding_keys(), _diff(corpus.finding_keys(), got)


def test_findings_severity_and_message(checked: tuple, corpus: Expected) -> None:  # type: ignore[type-arg]
    """Matched on (code, declaration), so a wrong file does not hide a wrong severity or message."""
    findings = checked[0].findings
    problems = []
    for e in corpus.findings:
        candidates = [f for f in findings if f.code == e.code and f.declaration == e.declaration]
        if not any(f.severity.value == e.severity and all(m in f.message("zh") for m in e.mentions) for f in candidates):
            problems.append(f"{e.code} {e.declaration or e.file}: want severity {e.severity} and a message naming "
                            f"{e.mentions}; got {[(f.severity.value, f.message('zh')) for f in candidates]}")
    for f in findings:
        for lang in ("zh", "en"):
            text = f.message(lang)
            if not text or "{" in text or "}" in text:
                problems.append(f"{f.code} {f.declaration}: unformatted {lang} message {text!r}")
        leaked = re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", f.message("zh"))
        if leaked:
            problems.append(f"{f.code} {f.declaration or f.file}: internal code {leaked} in the Chinese message {f.message('zh')!r}")
    assert not problems, "\n".join(problems)


def test_quota_keeps_the_first_ones_in_the_recommenders_order(checked: tuple, corpus: Expected) -> None:  # type: ignore[type-arg]
    got = {d.code: d.selected for d in checked[0].declarations}
    assert [c for c in sorted(got) if not got[c]] == sorted(c for c, d in corpus.declarations.items() if not d.selected)
    zhejiang = sorted((d for d in checked[0].declarations if d.recommender == "浙江省"), key=lambda d: d.order)
    assert [d.order for d in zhejiang if not d.selected] == [12, 14]
    assert sum(d.selected for d in zhejiang) == 12
    ningbo = sorted((d for d in checked[0].declarations if d.recommender == "宁波市"), key=lambda d: d.order)
    assert [d.selected for d in ningbo] == [True] * 5 + [False]


def test_the_batch_folder_is_never_written(checked: tuple) -> None:  # type: ignore[type-arg]
    _, before, after, writes = checked
    assert writes == []
    assert after == before


# --------------------------------------------------------------------------
# The same batch as a .zip
# --------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["utf8", "utf8-top-folder", "gbk-top-folder"])
def test_zip_batch_gives_the_same_declarations_and_findings(variant: str, zips: dict[str, Path], corpus: Expected,
                                                            checked: tuple, call, form_fields) -> None:  # type: ignore[no-untyped-def]
    archive = zips[variant]
    before = _sha(archive)
    with watch_batch(archive) as writes:
        result = check_batch(archive, call, form_fields)
        assert writes == []
    assert _sha(archive) == before
    _assert_same_as_folder(result, checked[0], corpus)
    assert {r.name for r in result.recommenders} == set(corpus.recommenders)
    assert result.fingerprint == checked[0].fingerprint  # DECISIONS["fingerprint"]


# --------------------------------------------------------------------------
# Storing: once, all or nothing
# --------------------------------------------------------------------------


def test_import_stores_the_batch_and_reimport_adds_nothing(corpus: Expected, imported_template: Path, zips: dict[str, Path],
                                                            tmp_path: Path, call, rubrics, form_fields) -> None:  # type: ignore[no-untyped-def]
    from reviewer.importing.importer import import_batch

    db = _copy_db(imported_template, tmp_path / "review.sqlite")
    counts = _row_counts(db)
    assert counts["batch"] == 1
    assert counts["finding"] == len(corpus.findings)
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as connection:
        stored = dict(connection.execute("SELECT code, selected FROM declaration").fetchall())
    # every declaration is stored; one without a known direction as direction 0, not selected, pending the chair
    assert stored == {c: int(d.selected and d.direction is not None) for c, d in corpus.declarations.items()}

    again = import_batch(corpus.root, db, call, rubrics, form_fields)
    assert again.already_imported
    assert _row_counts(db) == counts
    from_zip = import_batch(zips["gbk-top-folder"], db, call, rubrics, form_fields)
    assert from_zip.already_imported
    assert _row_counts(db) == counts


@pytest.mark.parametrize("when", ["start", "first", "half", "end"])
def test_cancelled_import_leaves_no_new_database(when: str, corpus: Expected, progress_calls: int, tmp_path: Path,
                                                 call, rubrics, form_fields) -> None:  # type: ignore[no-untyped-def]
    from reviewer.importing.importer import import_batch

    n = {"start": 0, "first": 1, "half": progress_calls // 2, "end": progress_calls}[when]
    folder = tmp_path / "dbs"
    folder.mkdir()
    with pytest.raises(Cancelled):
        import_batch(corpus.root, folder / "review.sqlite", call, rubrics, form_fields, task=CancelAfter(n))
    assert sorted(p.name for p in folder.iterdir()) == []


@pytest.mark.parametrize("when", ["first", "half", "end"])
def test_cancelled_import_leaves_an_existing_database_byte_identical(when: str, corpus: Expected, progress_calls: int,
                                                                     tmp_path: Path, call, rubrics, form_fields) -> None:  # type: ignore[no-untyped-def]
    """An existing review without a batch: cancelling at the very end (after everything is written) must roll back."""
    from reviewer.importing.importer import import_batch
    from reviewer.store.database import open_engine

    db = tmp_path / "review.sqlite"
    engine, _ = open_engine(db)
    engine.dispose()
    names, digest = sorted(p.name for p in tmp_path.iterdir()), _sha(db)
    n = {"first": 1, "half": progress_calls // 2, "end": progress_calls}[when]
    with pytest.raises(Cancelled):
        import_batch(corpus.root, db, call, rubrics, form_fields, task=CancelAfter(n))
    assert _sha(db) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == names


def test_cancelled_reimport_leaves_the_database_byte_identical(corpus: Expected, imported_template: Path, tmp_path: Path,
                                                               call, rubrics, form_fields) -> None:  # type: ignore[no-untyped-def]
    from reviewer.importing.importer import import_batch

    db = _copy_db(imported_template, tmp_path / "review.sqlite")
    names, digest = sorted(p.name for p in tmp_path.iterdir()), _sha(db)
    with pytest.raises(Cancelled):
        import_batch(corpus.root, db, call, rubrics, form_fields, task=CancelAfter(1))
    assert _sha(db) == digest
    assert sorted(p.name for p in tmp_path.iterdir()) == names


def _other_batch(corpus: Expected, where: Path) -> Path:
    """Another batch: only 材料二 (厦门市)."""
    other = where / "另一批次"
    shutil.copytree(corpus.root / "材料二", other / "材料二")
    return other


def test_importing_a_different_batch_is_refused_and_changes_nothing(corpus: Expected, tmp_path: Path,
                                                                    call, rubrics, form_fields) -> None:  # type: ignore[no-untyped-def]
    from reviewer.importing.importer import import_batch

    db = tmp_path / "dbs" / "review.sqlite"
    db.parent.mkdir()
    first = import_batch(_other_batch(corpus, tmp_path), db, call, rubrics, form_fields)
    assert {d.code for d in first.checked.declarations} == {c for c in corpus.declarations if c.startswith("厦门市-")}
    names, digest = sorted(p.name for p in db.parent.iterdir()), _sha(db)
    with pytest.raises(BatchError) as refused:
        import_batch(corpus.root, db, call, rubrics, form_fields)
    assert refused.value.code == "batch_conflict"
    assert _sha(db) == digest
    assert sorted(p.name for p in db.parent.iterdir()) == names


def test_importing_into_a_review_that_holds_another_batch_is_refused(corpus: Expected, review_path: Path,
                                                                     call, rubrics, form_fields) -> None:  # type: ignore[no-untyped-def]
    """The demo review holds the demo batch (made by create_review, before batches were imported)."""
    from reviewer.importing.importer import import_batch

    names, digest = sorted(p.name for p in review_path.parent.iterdir()), _sha(review_path)
    with pytest.raises(BatchError) as refused:
        import_batch(corpus.root, review_path, call, rubrics, form_fields)
    assert refused.value.code == "batch_conflict"
    assert _sha(review_path) == digest
    assert sorted(p.name for p in review_path.parent.iterdir()) == names


def test_a_read_only_batch_imports_and_is_not_touched(corpus: Expected, checked: tuple, tmp_path: Path,  # type: ignore[type-arg]
                                                      call, rubrics, form_fields) -> None:  # type: ignore[no-untyped-def]
    from reviewer.importing.importer import import_batch

    disc = tmp_path / "disc"
    shutil.copytree(corpus.root, disc)
    paths = sorted(disc.rglob("*"), reverse=True) + [disc]
    for path in paths:
        path.chmod(stat.S_IMODE(path.stat().st_mode) & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    try:
        before = snapshot(disc)
        with watch_batch(disc) as writes:
            outcome = import_batch(disc, tmp_path / "review.sqlite", call, rubrics, form_fields)
            assert writes == []
        assert snapshot(disc) == before
        assert not outcome.already_imported
        _assert_same_as_folder(outcome.checked, checked[0], corpus)
    finally:
        for path in paths:
            path.chmod(stat.S_IMODE(path.stat().st_mode) | stat.S_IWUSR)


# --------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------


def test_cli_imports_and_writes_the_report(corpus: Expected, tmp_path: Path) -> None:
    db, report_file = tmp_path / "review.sqlite", tmp_path / "report.json"
    before = snapshot(corpus.root)
    result = _reviewer("import", str(corpus.root), "--db", str(db), "--report", str(report_file))
    assert result.returncode == 0, result.stderr
    assert snapshot(corpus.root) == before
    raw = report_file.read_bytes()
    text = raw.decode("utf-8")  # valid UTF-8 ...
    assert "浙江省" in text and "\\u" not in text  # ... with Chinese unescaped
    data = json.loads(text)
    assert REPORT_BATCH_KEYS <= set(data["batch"])
    assert data["batch"]["fingerprint"]
    assert all(REPORT_DECLARATION_KEYS <= set(d) for d in data["declarations"])
    assert all(REPORT_FINDING_KEYS <= set(f) for f in data["findings"])
    declarations = {d["id"]: d for d in data["declarations"]}
    assert sorted(declarations) == sorted(corpus.declarations)
    for code, e in corpus.declarations.items():
        d = declarations[code]
        assert (d["recommender"], d["recommender_kind"], d["order"], d["direction"], d["selected"]) == \
               (e.recommender, e.recommender_kind, e.order, e.direction, e.selected), code
        assert d["documents"] == [doc.path for doc in e.documents], code
    assert Counter((f["code"], f["declaration"]) for f in data["findings"]) == \
           Counter((f.code, f.declaration) for f in corpus.findings)
    assert all(f["message"] and f["severity"] in ("error", "warning", "info") for f in data["findings"])

    again = _reviewer("import", str(corpus.root), "--db", str(db))
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("case", ["empty", "missing", "unknown_only"])
def test_cli_fails_with_one_line_when_nothing_can_be_read(case: str, corpus: Expected, tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    if case == "empty":
        batch.mkdir()
    elif case == "unknown_only":
        shutil.copytree(corpus.root / "05_火星省", batch / "05_火星省")
    db = tmp_path / "review.sqlite"
    result = _reviewer("import", str(batch), "--db", str(db), "--report", str(tmp_path / "report.json"))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].strip(), result.stderr
    assert "Traceback" not in result.stderr
    assert not db.exists()


# --------------------------------------------------------------------------
# The form reader on its own, for the LibreOffice fixtures (clear failures if a fixture changes)
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(FIXTURE_ITEMS))
def test_libreoffice_fixture_fields(name: str, form_fields) -> None:  # type: ignore[no-untyped-def]
    from reviewer.documents import read_document

    want = {item.key: item.value for item in FIXTURE_ITEMS[name]}
    assert extract_fields(read_document(FIXTURES / name), form_fields) == want


def iter_findings(result: CheckedBatch) -> Iterator[str]:  # handy when debugging: print(*iter_findings(result), sep="\n")
    for f in result.findings:
        yield f"{f.severity.value:7} {f.code:22} {f.declaration:22} {f.file} | {f.message('zh')}"


# --------------------------------------------------------------------------
# Real discs: a recommender split over several folders or zips, a parent folder chosen (issue 11 point 2)
# --------------------------------------------------------------------------

DEMO = REPO / "resources" / "demo" / "batch"


def _split_zhejiang(batch: Path, supplement: str, seqs: list[int], *, renumber_from: int | None = None) -> Path:
    """浙江省 as its main folder (projects 1–4) and a supplement folder with projects 5–7.

    ``seqs``: the numbers the supplement's table (and file names) give projects 5, 6, 7.
    """
    from openpyxl import Workbook, load_workbook

    main = batch / "01_浙江省"
    shutil.copytree(DEMO / "01_浙江省", main)
    extra = batch / supplement
    (extra / "申报书").mkdir(parents=True)
    rows = list(load_workbook(main / "推荐项目汇总表.xlsx").worksheets[0].iter_rows(values_only=True))
    keep, moved = rows[:6], rows[6:]
    for table, content in ((main / "推荐项目汇总表.xlsx", keep),
                           (extra / "推荐项目汇总表.xlsx", rows[:2] + [(seq, *row[1:]) for seq, row in zip(seqs, moved)])):
        workbook = Workbook()
        for row in content:
            workbook.active.append(row)
        workbook.save(table)
    for seq, row in zip(seqs, moved):
        form = next((main / "申报书").glob(f"{row[0]:02d}_*.docx"))
        form.rename(extra / "申报书" / f"{seq:02d}_{form.name[3:]}")
    return batch


def _zhejiang(checked: CheckedBatch) -> list[tuple[str, str]]:
    return [(d.code, d.project_name) for d in sorted(checked.declarations, key=lambda d: d.order) if d.recommender == "浙江省"]


DEMO_ZHEJIANG = ["宋韵文化数字资源活化与沉浸式内容制作平台", "义乌小商品社交电商供应链服务平台", "基层互联网家庭医生签约与慢病管理服务平台",
                 "纺织印染行业云化MES与ITSS运维服务平台", "基于人工智能的全屋智能数字家庭解决方案产业化",
                 "安吉乡村民宿与旅游线路定制线上线下融合服务平台", "杭州数字生活信息消费体验中心"]


def test_a_supplement_folder_numbered_from_one_continues_the_recommenders_order(tmp_path: Path, call, rubrics, form_fields) -> None:  # type: ignore[no-untyped-def]
    from reviewer.importing.importer import import_batch

    batch = _split_zhejiang(tmp_path / "批次", "01_浙江省（补报）", [1, 2, 3])
    db = tmp_path / "review.sqlite"
    checked = import_batch(batch, db, call, rubrics, form_fields).checked
    assert _zhejiang(checked) == [(f"浙江省-{i:02d}", name) for i, name in enumerate(DEMO_ZHEJIANG, 1)]
    continued = [f for f in checked.findings if f.code == "order_continued"]
    assert [(f.file, f.severity.value) for f in continued] == [("01_浙江省（补报）", "info")]
    assert "自第 5 个起" in continued[0].message("zh")
    assert not [f for f in checked.findings if f.severity.value == "error"]
    with closing(sqlite3.connect(db)) as con:
        assert con.execute("SELECT count(*) FROM recommender WHERE name = '浙江省'").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM declaration").fetchone() == (7,)


def test_a_supplement_that_numbers_on_keeps_its_numbers(tmp_path: Path, call, form_fields) -> None:  # type: ignore[no-untyped-def]
    batch = _split_zhejiang(tmp_path / "批次", "浙江省补报材料", [5, 6, 7])
    checked = check_batch(batch, call, form_fields)
    assert _zhejiang(checked) == [(f"浙江省-{i:02d}", name) for i, name in enumerate(DEMO_ZHEJIANG, 1)]
    assert not [f for f in checked.findings if f.code in ("order_continued", "order_conflict")]


def test_split_recommender_zips_are_one_recommender(tmp_path: Path, call, form_fields) -> None:  # type: ignore[no-untyped-def]
    batch = _split_zhejiang(tmp_path / "批次", "01_浙江省（补报）", [1, 2, 3])
    for folder in list(batch.iterdir()):
        with zipfile.ZipFile(folder.with_suffix(".zip"), "w") as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(folder).as_posix())
        shutil.rmtree(folder)
    checked = check_batch(batch, call, form_fields)
    assert [r.name for r in checked.recommenders] == ["浙江省"]
    assert _zhejiang(checked) == [(f"浙江省-{i:02d}", name) for i, name in enumerate(DEMO_ZHEJIANG, 1)]


def test_a_genuine_conflict_of_order_is_a_finding_not_a_crash(tmp_path: Path, call, rubrics, form_fields) -> None:  # type: ignore[no-untyped-def]
    from reviewer.importing.importer import import_batch

    batch = _split_zhejiang(tmp_path / "批次", "01_浙江省（补报）", [4, 5, 6])
    checked = import_batch(batch, tmp_path / "review.sqlite", call, rubrics, form_fields).checked
    conflict = [f for f in checked.findings if f.code == "order_conflict"]
    assert [(f.declaration, f.severity.value, f.params["order"], f.params["new"]) for f in conflict] == [("浙江省-07", "warning", 4, 7)]
    assert "第 4 个已由 浙江省-04" in conflict[0].message("zh")
    assert _zhejiang(checked) == [(f"浙江省-0{i}", name) for i, name in zip((1, 2, 3, 4, 5, 6, 7), DEMO_ZHEJIANG[:4] + DEMO_ZHEJIANG[5:] + DEMO_ZHEJIANG[4:5])]


def test_the_cli_imports_a_split_recommender(tmp_path: Path) -> None:
    batch = _split_zhejiang(tmp_path / "批次", "01_浙江省（补报）", [1, 2, 3])
    report = tmp_path / "report.json"
    result = _reviewer("import", str(batch), "--db", str(tmp_path / "r.sqlite"), "--report", str(report))
    assert result.returncode == 0, result.stderr
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["batch"]["recommenders"] == [{"name": "浙江省", "kind": "province"}]
    assert [d["id"] for d in data["declarations"]] == [f"浙江省-{i:02d}" for i in range(1, 8)]


def test_a_parent_folder_finds_the_batch_inside_it(tmp_path: Path, call, form_fields) -> None:  # type: ignore[no-untyped-def]
    parent = tmp_path / "桌面"
    shutil.copytree(DEMO, parent / "2019信息消费" / "申报材料")
    (parent / "会议通知").mkdir()
    (parent / "会议通知" / "通知.txt").write_text("评审会议通知", encoding="utf-8")
    checked = check_batch(parent, call, form_fields)
    assert len(checked.declarations) == 20 and checked.root == (parent / "2019信息消费" / "申报材料").resolve()
    inside = [f for f in checked.findings if f.code == "batch_found_inside"]
    assert [f.params["folder"] for f in inside] == ["2019信息消费/申报材料"]
    assert not [f for f in checked.findings if f.code == "unknown_recommender"]


def test_numbered_recommender_folders_are_the_batch_even_with_a_city_folder_inside(tmp_path: Path, call, form_fields) -> None:  # type: ignore[no-untyped-def]
    """Folders named 01, 02 (recognised by their tables) are the batch; a sub-folder naming a city does not move it."""
    batch = tmp_path / "批次"
    shutil.copytree(DEMO / "01_浙江省", batch / "01")
    shutil.copytree(DEMO / "03_四川省", batch / "02")
    (batch / "02" / "宁波市参考资料").mkdir()
    checked = check_batch(batch, call, form_fields)
    assert checked.root == batch.resolve() and [r.name for r in checked.recommenders] == ["浙江省", "四川省"]
    assert not [f for f in checked.findings if f.code == "batch_found_inside"]


def test_a_credit_code_stored_as_a_number_is_taken_from_the_form_and_reported(tmp_path: Path, call, form_fields) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    batch = tmp_path / "批次"
    shutil.copytree(DEMO / "01_浙江省", batch / "01_浙江省")
    table = batch / "01_浙江省" / "推荐项目汇总表.xlsx"
    workbook = load_workbook(table)
    workbook.active["D6"] = float("913306009545253690")   # as Excel keeps it: 15 digits, the rest lost
    workbook.save(table)
    checked = check_batch(batch, call, form_fields)
    fourth = next(d for d in checked.declarations if d.code == "浙江省-04")
    assert fourth.credit_code == "913306009545253690"                # the form's, exact
    lost = [f for f in checked.findings if f.code == "number_lost_digits"]
    assert [(f.file, f.severity.value, f.params["rows"]) for f in lost] == [("01_浙江省/推荐项目汇总表.xlsx", "warning", "6")]
    assert not [f for f in checked.findings if f.code == "invalid_credit_code"]
