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
import time
from pathlib import Path

from conftest import child_env, leftovers  # type: ignore[import-not-found]
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
    children = _scorers(tmp_path, review_path, rounds=5)
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
    assert all(sheets[did].opinion.startswith("第 4 轮") for did, _ in reported)
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


# Wait for the same instant as the others (argv[1], a time.time()), then run the command line (argv[2:]), or
# with ``--open PATH`` open (create or upgrade) a review file.
AT_ONCE = textwrap.dedent("""
    import sys
    import time

    import reviewer.cli
    import reviewer.importing.importer
    import reviewer.store.database

    start = float(sys.argv[1])
    while time.time() < start:
        time.sleep(0.001)
    if sys.argv[2] == "--open":  # what every window and command does first with a review file
        from pathlib import Path
        from reviewer.store.migrations import migrate

        migrate(Path(sys.argv[3]))
        sys.exit(0)
    sys.exit(reviewer.cli.main(sys.argv[2:]))
""")


def _at_once(count: int, *args: object) -> list[subprocess.CompletedProcess]:  # type: ignore[type-arg]
    """``count`` programs running ``reviewer ARGS`` released at the same instant (after they all started)."""

    start = f"{time.time() + 3.0:.3f}"
    children = [subprocess.Popen([sys.executable, "-c", AT_ONCE, start, *map(str, args)], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=child_env()) for _ in range(count)]
    done = []
    for child in children:
        out, err = child.communicate(timeout=180)
        done.append(subprocess.CompletedProcess(child.args, child.returncode, out, err))
    return done


def test_imports_of_one_batch_into_one_new_review_at_once_make_one_review(tmp_path: Path) -> None:
    """Three programs import the same batch into the same new file at the same instant, four times over: one
    says “imported”, the others “already imported”, every time — none fails, none removes the review another
    made (a program that could not set up the new file used to delete it under the others' feet: a disk I/O
    error for them), and nothing is left beside it."""

    batch = Path(__file__).resolve().parents[2] / "resources" / "demo" / "batch"
    for round_ in range(4):
        folder = tmp_path / f"round-{round_}"
        folder.mkdir()
        db = folder / "chair.sqlite"
        runs = _at_once(3, "--lang", "en", "import", batch, "--db", db)
        assert all(run.returncode == 0 and not run.stderr for run in runs), [run.stderr for run in runs]
        heads = sorted(run.stdout.splitlines()[0].split(":")[0] for run in runs)
        assert heads == ["already imported; nothing changed"] * 2 + ["imported"], heads
        review = Review.open(db)
        assert len(review.declarations()) == 20
        review.close()
        assert leftovers(folder) == []


def test_programs_creating_one_new_review_at_once_all_open_the_same_one(tmp_path: Path) -> None:
    """Four programs open a review file that does not exist yet at the same instant, four times over: all of
    them succeed, with one complete review at the latest schema and no temporaries left."""

    for round_ in range(4):
        path = tmp_path / f"new-{round_}.sqlite"
        runs = _at_once(4, "--open", path)
        assert all("Traceback" not in run.stderr and "disk" not in run.stderr for run in runs), [r.stderr for r in runs]
        assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
        assert schema_version(path) == LATEST
    assert leftovers(tmp_path) == []


# Released at the instant argv[2], write a remark into every cell of the first three criteria of every
# declaration, in the same order as the other program, reporting each one committed.
SAME_CELLS = textwrap.dedent("""
    import sys
    import time
    from pathlib import Path
    from reviewer.review import Review

    review = Review.open(Path(sys.argv[1]))
    cells = [(d.id, c.id) for d in review.declarations() for c in review.rubric(d.direction).criteria[:3]]
    start = float(sys.argv[2])
    while time.time() < start:
        time.sleep(0.001)
    for did, cid in cells:
        review.set_remark(did, cid, sys.argv[3])
        print(did, cid, flush=True)
    review.close()
""")


def test_two_programs_writing_the_same_new_cells_at_once_both_succeed(review_path: Path) -> None:
    """Each cell is written for the first time by two programs at the same moment: both edits are committed
    (one after the other), none fails on the row the other just made, and the file holds the later one."""

    start = f"{time.time() + 3.0:.3f}"
    children = [subprocess.Popen([sys.executable, "-c", SAME_CELLS, str(review_path), start, name], stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, env=child_env()) for name in ("甲", "乙")]
    written = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0 and "Traceback" not in err, err
        written.append(out.splitlines())
    assert len(written[0]) == len(written[1]) == 60
    review = Review.open(review_path)
    remarks = {(d.id, cid): text for d in review.declarations() for cid, text in review.sheet(d.id).remarks.items()}
    review.close()
    assert len(remarks) == 60 and set(remarks.values()) <= {"甲", "乙"}
