"""The panel end to end through the command line: experts, packages, score files, merge, refusals."""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

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
def panel(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A chair's review with three experts, their packages, and 王芳's scored review."""
    root = tmp_path_factory.mktemp("panel")
    chair = root / "chair.sqlite"
    _ok("import", str(DEMO), "--db", str(chair))
    listing = _ok("experts", "--db", str(chair), "--add", str(_expert_list(root / "experts.csv")))
    assert "回避 浙江省-01：申报时声明：杭州云栖映画数字科技有限公司" in listing
    assert "回避 浙江省-03：工作单位即申报单位：杭州康联医疗信息技术有限公司" in listing
    _ok("packages", "--db", str(chair), "--out", str(root / "out"))
    with open(root / "out" / "口令清单.csv", encoding="utf-8-sig") as f:
        passphrases = {row["专家"]: row["口令"] for row in csv.DictReader(f)}
    for name, phrase in passphrases.items():
        (root / f"{name}.pass").write_text(phrase, encoding="utf-8")
    return {"root": root, "chair": chair, "out": root / "out"}


def _package(panel: dict[str, Path], name: str) -> Path:
    return next(panel["out"].glob(f"*_{name}.rvpkg"))


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


def test_a_conflicted_pair_is_never_in_a_package(panel: dict[str, Path]) -> None:
    from reviewer.panel.packages import read_package

    phrase = (panel["root"] / "张明.pass").read_text(encoding="utf-8")
    codes = [d["code"] for d in read_package(_package(panel, "张明"), phrase).manifest["declarations"]]
    assert "浙江省-01" not in codes and codes  # declared tie
    phrase = (panel["root"] / "李华.pass").read_text(encoding="utf-8")
    codes = [d["code"] for d in read_package(_package(panel, "李华"), phrase).manifest["declarations"]]
    assert "浙江省-03" not in codes  # own unit


def test_score_file_merges_once_and_a_newer_one_replaces_it(panel: dict[str, Path], tmp_path: Path) -> None:
    db = _scored_review(panel, "王芳", tmp_path / "wang.sqlite")
    first = tmp_path / "wang-1.rvscore"
    _ok("export-scores", "--db", str(db), "--out", str(first))
    assert "已合并" in _ok("merge", "--db", str(panel["chair"]), str(first))
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
    older = _reviewer("merge", "--db", str(panel["chair"]), str(first))
    assert older.returncode == 1 and "更旧" in older.stderr


@pytest.mark.parametrize("fault", ["changed_byte", "truncated", "swapped_expert", "other_batch", "not_a_score_file"])
def test_bad_score_files_are_refused_and_change_nothing(panel: dict[str, Path], tmp_path: Path, fault: str) -> None:
    db = _scored_review(panel, "张明", tmp_path / "zhang.sqlite", bump=1)
    good = tmp_path / "zhang.rvscore"
    _ok("export-scores", "--db", str(db), "--out", str(good))
    bad = tmp_path / "bad.rvscore"
    data = bytearray(good.read_bytes())
    if fault == "changed_byte":
        data[len(data) // 2] ^= 0x01
    elif fault == "truncated":
        data = data[: len(data) // 3]
    elif fault == "swapped_expert":  # claim to be 王芳 in the (public) header
        data = bytearray(bytes(data).replace(b'"expert_id": 1', b'"expert_id": 3', 1))
    elif fault == "other_batch":
        other = tmp_path / "other"
        shutil.copytree(DEMO, other)
        (next(other.glob("01_*/申报书/01_*.docx"))).write_bytes((next(other.glob("01_*/申报书/02_*.docx"))).read_bytes())
        chair2 = tmp_path / "chair2.sqlite"
        _ok("import", str(other), "--db", str(chair2))
        _ok("experts", "--db", str(chair2), "--add", str(_expert_list(tmp_path / "e.csv")))
        before = _digest(chair2)
        result = _reviewer("merge", "--db", str(chair2), str(good))
        assert result.returncode == 1 and str(good) in result.stderr
        assert _digest(chair2) == before
        return
    else:
        data = bytearray(b"PK\x03\x04 a zip, not a score file")
    bad.write_bytes(bytes(data))
    before = _digest(panel["chair"])
    result = _reviewer("merge", "--db", str(panel["chair"]), str(bad))
    assert result.returncode == 1
    message = result.stderr.strip()
    assert str(bad) in message and len(message.splitlines()) == 1
    assert _digest(panel["chair"]) == before


def test_wrong_passphrase_is_refused_and_the_package_stays_usable(panel: dict[str, Path], tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.pass"
    wrong.write_text("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF", encoding="utf-8")
    result = _reviewer("open-package", str(_package(panel, "李华")), "--db", str(tmp_path / "li.sqlite"),
                       "--passphrase-file", str(wrong))
    assert result.returncode == 2 and "口令不正确" in result.stderr
    assert not (tmp_path / "li.sqlite").exists()
    _ok("open-package", str(_package(panel, "李华")), "--db", str(tmp_path / "li.sqlite"),
        "--passphrase-file", str(panel["root"] / "李华.pass"))
    assert (tmp_path / "li.sqlite").exists()


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
    _ok("packages", "--db", str(chair), "--out", str(tmp_path / "out"))
    with open(tmp_path / "out" / "口令清单.csv", encoding="utf-8-sig") as f:
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
        _ok("submit", str(package), "--scores", str(sheet), "--out", str(score_file), "--passphrase-file", str(secret))
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
