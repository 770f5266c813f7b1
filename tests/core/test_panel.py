"""The panel end to end through the command line: experts, packages, score files, merge, refusals.

Every attack of docs/security.md is tried here with real files and databases, through the CLI; on every
refusal the chair's database is byte for byte unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "batch"


def _reviewer(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewer", *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ}, timeout=300)


def _ok(*args: str) -> str:
    result = _reviewer(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _expert_list(path: Path) -> Path:
    path.write_text("姓名,工作单位,省份,评审方向,回避关系\n"
                    "张明,浙江大学,浙江省,\"1,2,3\",杭州云栖映画数字科技有限公司\n"
                    "李华,杭州康联医疗信息技术有限公司,上海市,方向3、方向4,\n"
                    "王芳,北京邮电大学,北京市,全部,\n", encoding="utf-8-sig")
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A chair's review with three experts, their packages, the passphrases in a folder of their own, and each
    expert's review opened from their package and scored (made once: each test works on copies)."""
    root = tmp_path_factory.mktemp("panel")
    chair = root / "chair.sqlite"
    _ok("import", str(DEMO), "--db", str(chair))
    listing = _ok("experts", "--db", str(chair), "--add", str(_expert_list(root / "experts.csv")))
    assert "回避 浙江省-01：申报时声明：杭州云栖映画数字科技有限公司" in listing
    assert "回避 浙江省-03：工作单位即申报单位：杭州康联医疗信息技术有限公司" in listing
    _ok("packages", "--db", str(chair), "--out", str(root / "out"), "--passphrases", str(root / "passphrases"))
    with open(root / "passphrases" / "口令清单.csv", encoding="utf-8-sig") as f:
        listed = {row["专家"]: row for row in csv.DictReader(f)}
    for name, row in listed.items():
        (root / f"{name}.pass").write_text(row["口令"], encoding="utf-8")
        (root / f"{name}.package").write_text(row["工作包文件"], encoding="utf-8")
    made = {"root": root, "chair": chair, "out": root / "out"}
    for name in listed:
        _scored_review(made, name, root / f"{name}.sqlite")
    return made


@pytest.fixture
def panel(made: dict[str, Path], tmp_path: Path) -> dict[str, Path]:
    """A fresh copy of the chair's database, the packages and passphrases shared."""
    chair = tmp_path / "chair-copy.sqlite"
    shutil.copy(made["chair"], chair)
    return {**made, "chair": chair}


def _review(panel: dict[str, Path], name: str, tmp_path: Path) -> Path:
    """A copy of ``name``'s scored review (the same expert: the same signing key)."""
    target = tmp_path / f"{name}-review.sqlite"
    shutil.copy(panel["root"] / f"{name}.sqlite", target)
    return target


def _package(panel: dict[str, Path], name: str) -> Path:
    return panel["out"] / (panel["root"] / f"{name}.package").read_text(encoding="utf-8")


def _scored_review(panel: dict[str, Path], name: str, db: Path, bump: float = 0.0) -> Path:
    _ok("open-package", str(_package(panel, name)), "--db", str(db), "--passphrase-file", str(panel["root"] / f"{name}.pass"))
    from reviewer.review import Review

    review = Review.open(db)
    for i, d in enumerate(review.declarations()):
        for c in review.rubric(d.direction).criteria:
            review.set_points(d.id, c.id, max(0.0, c.max - (i % 3) - bump))
        review.set_opinion(d.id, f"{name}的意见 {i}")
        review.set_recommendation(d.id, "recommend" if i % 2 == 0 else "undecided")
    review.close()
    return db


def _counts(chair: Path) -> tuple[int, int, int]:
    con = sqlite3.connect(chair)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # type: ignore[return-value]
                     for t in ("expert_score", "expert_assessment", "score_file"))
    finally:
        con.close()


def _settings(db: Path) -> dict[str, str]:
    con = sqlite3.connect(db)
    try:
        return dict(con.execute("SELECT key, value FROM setting").fetchall())
    finally:
        con.close()


def _craft(expert_db: Path, target: Path, change: Any = None, *, private: str | None = None,
           secret: str | None = None, header: dict[str, Any] | None = None) -> Path:
    """A score file made the way the program makes one — the real body, sealed and signed by the real functions —
    after ``change(body)``: what a dishonest expert (who holds their own review) or a forger can write."""
    from reviewer.panel.envelope import Secret, seal
    from reviewer.panel.scorefiles import _sheets
    from reviewer.review import Review

    settings = _settings(expert_db)
    review = Review.open(expert_db)
    info = review.info()
    assert info is not None
    body: dict[str, Any] = {
        "format": 2, "kind": "score_file", "package_id": settings["package_id"], "expert_id": int(settings["expert_id"]),
        "expert": info.expert_name, "batch_fingerprint": info.batch_fingerprint,
        "rubrics": json.loads(settings["rubrics"]), "seq": 50, "written_at": "2019-04-10T10:00:00",
        "public_key": settings["public_key"], "declarations": _sheets(review)}
    review.close()
    if change is not None:
        change(body)
    from reviewer.panel import signing

    key = private or settings["signing_private_key"]
    body["public_key"] = body["public_key"] if private is None else signing.public_of(private)
    head = {"kind": "score_file", "expert_id": body["expert_id"], "package_id": body["package_id"], "seq": body["seq"],
            **(header or {})}
    target.write_bytes(seal(json.dumps(body, ensure_ascii=False).encode("utf-8"),
                            Secret.from_text(secret or settings["secret"]), head, key))
    return target


def _refused(panel: dict[str, Path], path: Path, words: str) -> str:
    """Merge ``path``: refused with one line naming it and ``words``, exit 1, the chair's database unchanged."""
    before = _digest(panel["chair"])
    result = _reviewer("merge", "--db", str(panel["chair"]), str(path))
    assert result.returncode == 1, result.stdout + result.stderr
    line, = [x for x in result.stdout.splitlines() if x.strip()]
    assert str(path) in line and "已拒绝" in line and words in line, line
    assert "Traceback" not in result.stderr
    assert _digest(panel["chair"]) == before
    return line


def test_a_conflicted_pair_is_never_in_a_package(panel: dict[str, Path]) -> None:
    from reviewer.panel.packages import read_package

    phrase = (panel["root"] / "张明.pass").read_text(encoding="utf-8")
    codes = [d["code"] for d in read_package(_package(panel, "张明"), phrase).manifest["declarations"]]
    assert "浙江省-01" not in codes and codes  # declared tie
    phrase = (panel["root"] / "李华.pass").read_text(encoding="utf-8")
    codes = [d["code"] for d in read_package(_package(panel, "李华"), phrase).manifest["declarations"]]
    assert "浙江省-03" not in codes  # own unit


# --- passphrases travel apart; a lost stick says nothing -----------------------------------------------

def test_passphrases_never_lie_beside_the_packages(panel: dict[str, Path], tmp_path: Path) -> None:
    assert sorted(p.suffix for p in panel["out"].iterdir()) == [".rvpkg"] * 3
    for inside in (panel["out"], panel["out"] / "pp", panel["root"]):  # the same, inside, around
        before = _digest(panel["chair"])
        result = _reviewer("packages", "--db", str(panel["chair"]), "--out", str(panel["out"]), "--passphrases", str(inside))
        assert result.returncode == 2 and "分开保管" in result.stderr and len(result.stderr.splitlines()) == 1
        assert _digest(panel["chair"]) == before and not (panel["out"] / "pp").exists()


def test_the_chair_keeps_no_passphrase_and_slips_are_one_page_each(panel: dict[str, Path]) -> None:
    from docx import Document

    con = sqlite3.connect(panel["chair"])
    rows = con.execute("SELECT passphrase, package_issued_at, package_id FROM expert").fetchall()
    con.close()
    assert all(phrase == "" and issued and package for phrase, issued, package in rows)
    slips = Document(str(panel["root"] / "passphrases" / "口令条.docx"))
    text = "\n".join(p.text for p in slips.paragraphs)
    breaks = sum(r._r.xml.count('w:type="page"') for p in slips.paragraphs for r in p.runs)
    assert breaks == 2  # three experts, three pages
    for name in ("张明", "李华", "王芳"):
        assert name in text and (panel["root"] / f"{name}.pass").read_text(encoding="utf-8") in text


def test_a_lost_stick_shows_no_name_and_a_reissue_keeps_the_passphrases(panel: dict[str, Path], tmp_path: Path) -> None:
    package = _package(panel, "王芳")
    assert "王芳".encode() not in package.read_bytes() and "王芳" not in package.name
    again = tmp_path / "again"
    listing = _ok("packages", "--db", str(panel["chair"]), "--out", str(again), "--passphrases", str(tmp_path / "pp"))
    assert "口令已于此前发放" in listing and not (tmp_path / "pp" / "口令条.docx").exists()
    reissued = next(p for p in again.iterdir() if p.name.split("-")[-1] == package.name.split("-")[-1])
    _ok("open-package", str(reissued), "--db", str(tmp_path / "w.sqlite"), "--passphrase-file",
        str(panel["root"] / "王芳.pass"))


def test_passphrases_are_typed_without_case_spaces_or_dashes(panel: dict[str, Path], tmp_path: Path) -> None:
    phrase = (panel["root"] / "李华.pass").read_text(encoding="utf-8")
    typed = tmp_path / "typed.pass"
    typed.write_text(" ".join(phrase.replace("-", "").lower()[i:i + 3] for i in range(0, 24, 3)), encoding="utf-8")
    _ok("open-package", str(_package(panel, "李华")), "--db", str(tmp_path / "li.sqlite"), "--passphrase-file", str(typed))


def test_wrong_passphrase_is_refused_and_the_package_stays_usable(panel: dict[str, Path], tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.pass"
    wrong.write_text("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", encoding="utf-8")
    result = _reviewer("open-package", str(_package(panel, "李华")), "--db", str(tmp_path / "li.sqlite"),
                       "--passphrase-file", str(wrong))
    assert result.returncode == 2 and "口令不正确" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["chair-copy.sqlite", "wrong.pass"]
    out = _ok("open-package", str(_package(panel, "李华")), "--db", str(tmp_path / "li.sqlite"),
              "--passphrase-file", str(panel["root"] / "李华.pass"))
    assert (tmp_path / "li.sqlite").exists() and "签名密钥指纹" in out


# --- merging: per file, by sequence number, each outcome reported ----------------------------------------

def test_score_file_merges_once_and_a_newer_one_replaces_it(panel: dict[str, Path], tmp_path: Path) -> None:
    db = _review(panel, "王芳", tmp_path)
    first = tmp_path / "wang-1.rvscore"
    exported = _ok("export-scores", "--db", str(db), "--out", str(first))
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    assert digest in exported and "签名密钥指纹" in exported
    merged = _ok("merge", "--db", str(panel["chair"]), str(first))
    assert "已合并" in merged and digest in merged
    after_first = _counts(panel["chair"])
    from reviewer.review import Review

    scored = Review.open(db)
    criteria = sum(len(scored.rubric(d.direction).criteria) for d in scored.declarations())
    scored.close()
    assert after_first[:2] == (criteria, 20) and criteria > 180
    assert "已合并过" in _ok("merge", "--db", str(panel["chair"]), str(first))
    assert _counts(panel["chair"]) == after_first

    review = Review.open(db)
    d = review.declarations()[0]
    review.set_points(d.id, "C1", 1.5)
    review.close()
    second = tmp_path / "wang-2.rvscore"
    _ok("export-scores", "--db", str(db), "--out", str(second))
    assert "已替换旧文件" in _ok("merge", "--db", str(panel["chair"]), str(second))
    con = sqlite3.connect(panel["chair"])
    points = con.execute("SELECT points FROM expert_score es JOIN declaration d ON d.id = es.declaration_id "
                         "JOIN expert e ON e.id = es.expert_id WHERE e.name='王芳' AND d.code=? AND criterion_id='C1'",
                         (d.code,)).fetchone()[0]
    audit = con.execute("SELECT action, subject FROM audit_log WHERE action='score_file_replaced'").fetchall()
    con.close()
    assert points == 1.5 and audit == [("score_file_replaced", "王芳")]
    _refused(panel, first, "第 1 号评分文件")  # replay of the older file
    verified = _ok("verify", "--db", str(panel["chair"]), str(first), str(second))
    assert "后被更新的文件替换" in verified and "当前采用的文件" in verified and verified.count("签名有效") == 2


def test_one_bad_file_does_not_stop_the_others(panel: dict[str, Path], tmp_path: Path) -> None:
    db = _review(panel, "张明", tmp_path)
    good = tmp_path / "zhang.rvscore"
    _ok("export-scores", "--db", str(db), "--out", str(good))
    garbage = tmp_path / "garbage.rvscore"
    garbage.write_bytes(b"RVWR-ENVELOPE\x00\x02garbage")
    result = _reviewer("merge", "--db", str(panel["chair"]), str(garbage), str(good))
    lines = result.stdout.splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "已拒绝" in lines[0] and "garbage" in lines[0] and "张明" in lines[1] and "已合并" in lines[1]
    assert "拒绝 1 个" in result.stderr


def test_a_file_dated_2099_neither_wins_nor_locks_out(panel: dict[str, Path], tmp_path: Path) -> None:
    db = _review(panel, "李华", tmp_path)

    def future(body: dict[str, Any]) -> None:
        body["written_at"], body["seq"] = "2099-12-31T23:59:59", 1
    dated = _craft(db, tmp_path / "li-2099.rvscore", future)  # a laptop whose clock is wrong
    assert "已合并" in _ok("merge", "--db", str(panel["chair"]), str(dated))
    genuine = tmp_path / "li.rvscore"  # the next export: number 1 too (the crafted file did not use the review)
    _ok("export-scores", "--db", str(db), "--out", str(genuine))
    _ok("export-scores", "--db", str(db), "--out", str(genuine))  # number 2: newer, whatever its date
    assert "已替换旧文件" in _ok("merge", "--db", str(panel["chair"]), str(genuine))
    _refused(panel, dated, "第 1 号评分文件")


def test_export_refuses_an_unfinished_review_unless_allowed(panel: dict[str, Path], tmp_path: Path) -> None:
    db = tmp_path / "zhang.sqlite"
    _ok("open-package", str(_package(panel, "张明")), "--db", str(db), "--passphrase-file", str(panel["root"] / "张明.pass"))
    out = tmp_path / "z.rvscore"
    result = _reviewer("export-scores", "--db", str(db), "--out", str(out))
    assert result.returncode == 2 and "未完成" in result.stderr and "--allow-incomplete" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not out.exists()
    assert "未完成：" in _ok("export-scores", "--db", str(db), "--out", str(out), "--allow-incomplete")


# --- attacks on the content: a dishonest expert signs what the rubric does not allow ---------------------

def _first(body: dict[str, Any]) -> dict[str, Any]:
    return body["declarations"][0]


CONTENT_ATTACKS: dict[str, tuple[Any, str]] = {
    "1000 points": (lambda b: _first(b)["points"].update(C1=1000), "超出范围"),
    "negative": (lambda b: _first(b)["points"].update(C1=-2), "超出范围"),
    "off the step": (lambda b: _first(b)["points"].update(C1=7.3), "0.5 的整数倍"),
    "text for a number": (lambda b: _first(b)["points"].update(C1="12"), "无效"),
    "invented criterion": (lambda b: _first(b)["points"].update(C99=3), "没有指标"),
    "invented veto": (lambda b: _first(b)["vetoes"].update(V99="x"), "没有否决项"),
    "bad recommendation": (lambda b: _first(b).update(recommendation="strongly"), "无效"),
    "listed twice": (lambda b: b["declarations"].append(dict(_first(b))), "不止一次"),
    "not assigned": (lambda b: _first(b).update(declaration="浙江省-01"), "未分配"),
    "other package": (lambda b: b.update(package_id="00000000-0000-4000-8000-000000000000"), "工作包"),
    "format 1": (lambda b: b.update(format=1), "格式版本"),
}


@pytest.mark.parametrize("attack", list(CONTENT_ATTACKS))
def test_a_validly_signed_file_with_values_off_the_rubric_is_refused(panel: dict[str, Path], tmp_path: Path,
                                                                     attack: str) -> None:
    db = _review(panel, "张明", tmp_path)
    change, words = CONTENT_ATTACKS[attack]
    header = {"package_id": "00000000-0000-4000-8000-000000000000"} if attack == "other package" else None
    _refused(panel, _craft(db, tmp_path / "bad.rvscore", change, header=header), words)


def test_control_characters_in_an_opinion_are_removed_when_merged(panel: dict[str, Path], tmp_path: Path) -> None:
    db = _review(panel, "张明", tmp_path)
    codes = []

    def vertical_tab(body: dict[str, Any]) -> None:
        _first(body)["opinion"] = "好\x0b项目\x00"
        codes.append(_first(body)["declaration"])
    _ok("merge", "--db", str(panel["chair"]), str(_craft(db, tmp_path / "vt.rvscore", vertical_tab)))
    con = sqlite3.connect(panel["chair"])
    opinion, = con.execute("SELECT opinion FROM expert_assessment a JOIN declaration d ON d.id = a.declaration_id "
                           "JOIN expert e ON e.id = a.expert_id WHERE e.name='张明' AND d.code=?", (codes[0],)).fetchone()
    con.close()
    assert opinion == "好项目"


# --- attacks on authorship: the chair, another expert, a forger --------------------------------------

def test_a_score_file_made_from_everything_the_chairs_database_holds_is_refused(panel: dict[str, Path],
                                                                                tmp_path: Path) -> None:
    from reviewer.panel import signing

    db = _review(panel, "王芳", tmp_path)
    exported = tmp_path / "wang.rvscore"
    _ok("export-scores", "--db", str(db), "--out", str(exported), "--allow-incomplete")
    _ok("merge", "--db", str(panel["chair"]), str(exported))  # pins 王芳's key (if not pinned yet)
    con = sqlite3.connect(panel["chair"])
    secret, signing_key, public = con.execute("SELECT secret, signing_key, public_key FROM expert WHERE name='王芳'").fetchone()
    con.close()
    assert public and "private" not in json.dumps(_settings(panel["chair"]))

    def lower(body: dict[str, Any]) -> None:
        _first(body)["points"]["C1"] = 0.5
        body["seq"] = 99
    chair_key = signing.new_key()  # the chair's own key: what else could it sign with?
    forged = _craft(db, tmp_path / "forged.rvscore", lower, private=chair_key, secret=secret)
    _refused(panel, forged, "已登记的密钥")
    old_hmac = _craft(db, tmp_path / "hmac.rvscore", lower, private=signing_key, secret=secret)  # the v4 HMAC key
    _refused(panel, old_hmac, "已登记的密钥")
    claimed = bytearray(forged.read_bytes())  # name 王芳's public key as signer: the signature then fails
    start = claimed.index(b'"signer": "') + len(b'"signer": "')
    claimed[start:start + 64] = public.encode()
    (tmp_path / "claimed.rvscore").write_bytes(bytes(claimed))
    _refused(panel, tmp_path / "claimed.rvscore", "签名不符")
    assert "无效" in _reviewer("verify", str(tmp_path / "claimed.rvscore")).stdout


def test_an_expert_cannot_submit_as_another_even_with_the_others_package(panel: dict[str, Path], tmp_path: Path) -> None:
    wang = _review(panel, "王芳", tmp_path)
    genuine = tmp_path / "wang.rvscore"
    _ok("export-scores", "--db", str(wang), "--out", str(genuine), "--allow-incomplete")
    _ok("merge", "--db", str(panel["chair"]), str(genuine))
    # 张明 got hold of 王芳's package and passphrase: his copy makes its own key, which is not 王芳's
    stolen = _scored_review(panel, "王芳", tmp_path / "stolen.sqlite", bump=2)
    posed = tmp_path / "posed.rvscore"
    _ok("export-scores", "--db", str(stolen), "--out", str(posed), "--allow-incomplete")
    for _ in range(3):
        _ok("export-scores", "--db", str(stolen), "--out", str(posed), "--allow-incomplete")  # a high number
    _refused(panel, posed, "已登记的密钥")
    # 张明 with his own package, claiming to be 王芳 in the file
    zhang = _review(panel, "张明", tmp_path)
    wang_id = int(_settings(wang)["expert_id"])

    def as_wang(body: dict[str, Any]) -> None:
        body["expert_id"] = wang_id
    _refused(panel, _craft(zhang, tmp_path / "as-wang.rvscore", as_wang), "不属于组长发给王芳的工作包")


# --- attacks on the envelope -----------------------------------------------------------------------------

@pytest.mark.parametrize("fault", ["changed_byte", "truncated", "swapped_expert", "not_a_score_file", "package"])
def test_damaged_or_foreign_files_are_refused_and_change_nothing(panel: dict[str, Path], tmp_path: Path, fault: str) -> None:
    db = _review(panel, "张明", tmp_path)
    good = tmp_path / "zhang.rvscore"
    _ok("export-scores", "--db", str(db), "--out", str(good))
    data = bytearray(good.read_bytes())
    if fault == "changed_byte":
        data[len(data) // 2] ^= 0x01
    elif fault == "truncated":
        data = data[: len(data) // 3]
    elif fault == "swapped_expert":  # claim to be another expert in the (public) header
        data = bytearray(bytes(data).replace(b'"expert_id": 1', b'"expert_id": 3', 1))
    elif fault == "package":
        data = bytearray(_package(panel, "张明").read_bytes())
    else:
        data = bytearray(b"PK\x03\x04 a zip, not a score file")
    bad = tmp_path / "bad.rvscore"
    bad.write_bytes(bytes(data))
    _refused(panel, bad, "")


def test_a_score_file_of_another_batch_is_refused(panel: dict[str, Path], tmp_path: Path) -> None:
    db = _review(panel, "张明", tmp_path)
    good = tmp_path / "zhang.rvscore"
    _ok("export-scores", "--db", str(db), "--out", str(good))
    other = tmp_path / "other"
    shutil.copytree(DEMO, other)
    (next(other.glob("01_*/申报书/01_*.docx"))).write_bytes((next(other.glob("01_*/申报书/02_*.docx"))).read_bytes())
    chair2 = tmp_path / "chair2.sqlite"
    _ok("import", str(other), "--db", str(chair2))
    _ok("experts", "--db", str(chair2), "--add", str(_expert_list(tmp_path / "e.csv")))
    _ok("packages", "--db", str(chair2), "--out", str(tmp_path / "o"), "--passphrases", str(tmp_path / "p"))
    before = _digest(chair2)
    result = _reviewer("merge", "--db", str(chair2), str(good))
    assert result.returncode == 1 and str(good) in result.stdout and "已拒绝" in result.stdout
    assert _digest(chair2) == before


# --- a hostile package: open-package writes only inside its own folder ----------------------------------

@pytest.mark.parametrize("name", ["../evil.txt", "/tmp/evil.txt", "C:/evil.txt", "a/../../evil.txt", "a\\..\\evil.txt"])
def test_a_package_whose_files_would_escape_is_refused_whole(panel: dict[str, Path], tmp_path: Path, name: str) -> None:
    import io
    import zipfile

    from reviewer.panel.envelope import Secret, seal
    from reviewer.panel.packages import read_package

    phrase = (panel["root"] / "李华.pass").read_text(encoding="utf-8")
    genuine = read_package(_package(panel, "李华"), phrase)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps(genuine.manifest, ensure_ascii=False))
        for no, content in genuine.rubrics.items():
            archive.writestr(f"rubrics/{no}.json", content)
        archive.writestr(zipfile.ZipInfo(f"files/{name}" if not name.startswith(("/", "C:")) else name), b"owned")
    hostile = tmp_path / "hostile.rvpkg"
    hostile.write_bytes(seal(buffer.getvalue(), genuine.secret,
                             {"kind": "work_package", "package_id": genuine.manifest["package_id"]}))
    home = tmp_path / "expert"
    home.mkdir()
    result = _reviewer("open-package", str(hostile), "--db", str(home / "me.sqlite"), "--passphrase-file",
                       str(panel["root"] / "李华.pass"))
    assert result.returncode == 2 and "工作包文件夹之外" in result.stderr and "Traceback" not in result.stderr
    assert list(home.iterdir()) == [] and not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_offline_sheets_through_submit_and_merge_give_the_consolidation_computed_by_hand(tmp_path: Path) -> None:
    """Five experts fill their sheets in a spreadsheet; the chair's figures equal hand-computed ones."""
    from openpyxl import load_workbook

    from reviewer.panel.consolidation import declaration_stats, load_settings
    from reviewer.review import Review

    chair = tmp_path / "chair.sqlite"
    _ok("import", str(DEMO), "--db", str(chair))
    experts = tmp_path / "experts.csv"
    names = ["赵一", "钱二", "孙三", "李四", "周五"]
    experts.write_text("姓名,工作单位,评审方向\n" + "".join(f"{n},单位{i},全部\n" for i, n in enumerate(names)),
                       encoding="utf-8")
    _ok("experts", "--db", str(chair), "--add", str(experts))
    _ok("packages", "--db", str(chair), "--out", str(tmp_path / "out"), "--passphrases", str(tmp_path / "pp"))
    with open(tmp_path / "pp" / "口令清单.csv", encoding="utf-8-sig") as f:
        rows = {row["专家"]: row for row in csv.DictReader(f)}
    totals: dict[str, dict[str, float]] = {}
    for e, name in enumerate(names):
        package = tmp_path / "out" / rows[name]["工作包文件"]
        secret = tmp_path / f"{e}.pass"
        secret.write_text(rows[name]["口令"], encoding="utf-8")
        sheet = tmp_path / f"{e}.xlsx"
        _ok("sheet", str(package), "--out", str(sheet), "--passphrase-file", str(secret))
        book = load_workbook(sheet)
        for ws in book.worksheets[1:]:
            header = [str(c.value or "") for c in ws[5]]
            criteria = [(i, h.split("\n")[0], float(h.split("–")[1].split(" ")[0].rstrip("分）)")))
                        for i, h in enumerate(header) if "\n" in h and "–" in h]
            opinion = header.index("评审意见")
            for r in range(6, ws.max_row + 1):
                code = ws.cell(r, 1).value
                if not code:
                    continue
                total = 0.0
                for i, cid, top in criteria:
                    points = max(0.0, top - ((e * 3 + r + len(cid)) % 5) * 0.5)
                    ws.cell(r, i + 1).value = points
                    total += points
                ws.cell(r, opinion + 1).value = f"{name}对{code}的意见"
                totals.setdefault(code, {})[name] = total
        book.save(sheet)
        score_file = tmp_path / f"{e}.rvscore"
        _ok("submit", str(package), "--scores", str(sheet), "--out", str(score_file), "--passphrase-file", str(secret),
            "--db", str(tmp_path / f"{e}.sqlite"))
        assert "已合并" in _ok("merge", "--db", str(chair), str(score_file))

    review = Review.open(chair)
    settings = load_settings(review)
    assert (settings.method, settings.trim_min_panel) == ("trimmed", 5)
    stats = declaration_stats(review, settings).set_index("code")
    for code, by_expert in totals.items():
        values = sorted(by_expert.values())
        assert len(values) == 5
        assert stats.loc[code, "n"] == 5
        assert abs(stats.loc[code, "mean"] - sum(values) / 5) < 1e-9
        assert abs(stats.loc[code, "trimmed"] - sum(values[1:-1]) / 3) < 1e-9
        assert abs(stats.loc[code, "consolidated"] - sum(values[1:-1]) / 3) < 1e-9
    for code in totals:  # rank within the direction, ties sharing the better place
        peers = stats[stats["direction"] == stats.loc[code, "direction"]]["consolidated"]
        assert stats.loc[code, "rank"] == 1 + sum(v > stats.loc[code, "consolidated"] + 1e-9 for v in peers)
    review.close()


def test_a_reissue_after_changed_assignments_releases_the_pinned_key(panel: dict[str, Path], tmp_path: Path) -> None:
    """The expert opens the re-issued package as a new review (a new key): its files are then accepted."""
    db = _review(panel, "王芳", tmp_path)
    first = tmp_path / "w1.rvscore"
    _ok("export-scores", "--db", str(db), "--out", str(first))
    _ok("merge", "--db", str(panel["chair"]), str(first))
    con = sqlite3.connect(panel["chair"])
    with con:
        con.execute("UPDATE expert SET assignment_changed_at='2999-01-01T00:00:00' WHERE name='李华'")  # not 王芳
    _ok("packages", "--db", str(panel["chair"]), "--out", str(tmp_path / "o"), "--passphrases", str(tmp_path / "p"))
    pinned = dict(con.execute("SELECT name, public_key != '' FROM expert").fetchall())
    assert pinned["王芳"] == 1  # unchanged assignments: the pin stays
    with con:
        con.execute("UPDATE expert SET assignment_changed_at='2999-01-01T00:00:00' WHERE name='王芳'")
    _ok("packages", "--db", str(panel["chair"]), "--out", str(tmp_path / "o2"), "--passphrases", str(tmp_path / "p2"))
    key, = con.execute("SELECT public_key FROM expert WHERE name='王芳'").fetchone()
    audit = con.execute("SELECT action FROM audit_log WHERE subject='王芳' AND action='expert_key_released'").fetchall()
    con.close()
    assert key == "" and len(audit) == 1
    fresh = tmp_path / "fresh.sqlite"  # the new package, opened as a new review: a new key
    package = next(p for p in (tmp_path / "o2").iterdir() if p.name.split("-")[-1] == _package(panel, "王芳").name.split("-")[-1])
    _ok("open-package", str(package), "--db", str(fresh), "--passphrase-file", str(panel["root"] / "王芳.pass"))
    again = tmp_path / "w2.rvscore"
    _ok("export-scores", "--db", str(fresh), "--out", str(again), "--allow-incomplete")
    assert "已" in _ok("merge", "--db", str(panel["chair"]), str(again))
