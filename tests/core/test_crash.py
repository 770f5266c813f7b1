"""A process killed with SIGKILL while scoring loses nothing it reported as committed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from reviewer.review import Review

# One pass over every criterion of every declaration, each key written once, then
# wait to be killed. Each line is printed only after its edit was committed.
CHILD = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from reviewer.review import Review

    review = Review.open(Path(sys.argv[1]))
    n = 0
    for d in review.declarations():
        for c in review.rubric(d.direction).criteria:
            points = (n % int(c.max * 2 + 1)) / 2
            review.set_points(d.id, c.id, points)
            review.set_opinion(d.id, f"意见 {n}")
            print(f"{d.id} {c.id} {points} {n}", flush=True)
            n += 1
    time.sleep(3600)
""")

REPORTS_BEFORE_KILL = 120


def test_scores_reported_committed_survive_sigkill(review_path: Path, tmp_path: Path) -> None:
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, str(script), str(review_path)], stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    reported: dict[tuple[int, str], float] = {}
    last_opinion: dict[int, int] = {}
    for _ in range(REPORTS_BEFORE_KILL):
        did, cid, points, n = child.stdout.readline().split()
        reported[(int(did), cid)] = float(points)
        last_opinion[int(did)] = int(n)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert child.returncode == -signal.SIGKILL

    review = Review.open(review_path)
    stored = {(did, cid): points for did in last_opinion for cid, points in review.sheet(did).points.items()}
    assert {key: stored.get(key) for key in reported} == reported
    for did, n in last_opinion.items():
        # the child may have committed more after its last report, never less
        assert int(review.sheet(did).opinion.split()[1]) >= n
    review.close()
