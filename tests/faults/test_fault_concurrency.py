"""Two writers on one review: two windows, two processes, scoring and upgrading at once; nothing lost, no error.

SQLite serialises writers; each waits briefly for the other (the busy timeout)
instead of failing, so every edit that was reported committed is in the file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from reviewer.review import Review
from reviewer.store.migrations import LATEST, schema_version

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Score every criterion of every other declaration (parity from argv), reporting each committed edit.
SCORER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from reviewer.review import Review

    review = Review.open(Path(sys.argv[1]))
    parity, rounds = int(sys.argv[2]), int(sys.argv[3])
    for r in range(rounds):
        for i, d in enumerate(review.declarations()):
            if i % 2 != parity:
                continue
            for c in review.rubric(d.direction).criteria[:3]:
                points = float(min(c.max, r + 1))
                review.set_points(d.id, c.id, points)
                print(d.id, c.id, points, flush=True)
            review.set_remark(1, "C1", f"{parity} {r}")  # both write one shared cell too
            review.set_opinion(d.id, f"第 {r} 轮 {parity}")
    review.close()
""")


def _scorers(tmp_path: Path, review_path: Path, rounds: int) -> list[subprocess.Popen[str]]:
    script = tmp_path / "scorer.py"
    script.write_text(SCORER, encoding="utf-8")
    return [subprocess.Popen([sys.executable, str(script), str(review_path), str(parity), str(rounds)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for parity in (0, 1)]


def test_two_processes_scoring_one_review_at_once_lose_nothing(review_path: Path, tmp_path: Path) -> None:
    children = _scorers(tmp_path, review_path, rounds=3)
    reported: dict[tuple[int, str], float] = {}
    for child in children:
        out, err = child.communicate(timeout=240)
        assert child.returncode == 0 and "Traceback" not in err, err
        for line in out.splitlines():
            did, cid, points = line.split()
            reported[(int(did), cid)] = float(points)
    review = Review.open(review_path)
    sheets = review.sheets(sorted({did for did, _ in reported}))
    assert {key: sheets[key[0]].points.get(key[1]) for key in reported} == reported
    assert all(sheets[did].opinion.startswith("第 2 轮") for did, _ in reported)
    review.close()


def test_two_windows_on_one_file_in_one_process_score_at_once(review_path: Path) -> None:
    first, second = Review.open(review_path), Review.open(review_path)
    ids = [d.id for d in first.declarations()]
    errors: list[BaseException] = []

    def score(review: Review, mine: list[int]) -> None:
        try:
            for did in mine:
                for c in review.rubric(review.declaration(did).direction).criteria:
                    review.set_points(did, c.id, c.max)
                review.set_opinion(did, "同时评审")
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=score, args=(first, ids[0::2])), threading.Thread(target=score, args=(second, ids[1::2]))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert not errors and not any(t.is_alive() for t in threads)
    second.close()
    for did in ids:
        sheet = first.sheet(did)
        assert sheet.opinion == "同时评审" and len(sheet.points) == len(first.rubric(first.declaration(did).direction).criteria)
    first.close()


def test_the_command_line_writes_while_an_expert_scores(review_path: Path, tmp_path: Path, cli) -> None:
    children = _scorers(tmp_path, review_path, rounds=2)
    for rule in ("on", "off", "on"):
        result = cli("experts", "--db", review_path, "--province-rule", rule)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    for child in children:
        _out, err = child.communicate(timeout=240)
        assert child.returncode == 0, err
    assert cli("status", review_path).returncode == 0


def test_two_programs_upgrading_one_old_review_at_once_both_open_it(tmp_path: Path, spawn_cli) -> None:
    path = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "review-v3.sqlite", path)
    runs = [spawn_cli("status", path) for _ in range(2)]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0 and "Traceback" not in err, err
        assert "浙江省-01" in out
    assert schema_version(path) == LATEST
    review = Review.open(path)
    assert review.sheet(1).points == {"C1": 13.5, "D7.1": 9.0}
    review.close()


def test_two_imports_of_one_batch_into_one_new_review_at_once(tmp_path: Path, spawn_cli) -> None:
    batch = Path(__file__).resolve().parents[2] / "resources" / "demo" / "batch"
    db = tmp_path / "chair.sqlite"
    runs = [spawn_cli("--lang", "en", "import", batch, "--db", db) for _ in range(2)]
    heads = []
    for run in runs:
        out, err = run.communicate(timeout=180)
        assert run.returncode == 0 and "Traceback" not in err, err
        heads.append(out.splitlines()[0].split(":")[0])
    assert sorted(heads) == ["already imported; nothing changed", "imported"]
    assert len(Review.open(db).declarations()) == 20
