"""Benchmark: from spawning the process to a visible window, the returning expert's against a bare QMainWindow.

Timed outside the process: the clock starts before ``Popen`` and stops when the child prints that its
first window was painted (an event filter on the window; the app's smoke mode prints ``shown`` then).
So the interpreter's start, every import and the argument parsing count, as the expert waits for them.

Three programs, alternating, several runs each, medians printed:
- a bare PySide6 QMainWindow (the floor: Python, Qt and a window);
- the app as a returning expert starts it (``reviewer`` with no argument: the last review, an expert's
  review opened from a work package, is remembered);
- the same until ``ready``: that review is in the window (list, form, rubric).
Target: expert's window shown <= 3x the bare window, with pandas, matplotlib and python-docx not imported
before it. Prints the ratio and a verdict.  Run:  python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = 3.0
BARE = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print("shown", flush=True)
            QTimer.singleShot(0, app.quit)
        return False

app = QApplication([])
window = QMainWindow()
window.resize(1366, 768)
first_paint = FirstPaint()
window.installEventFilter(first_paint)
window.show()
app.exec()
"""


def time_events(command: list[str], env: dict[str, str], events: tuple[str, ...]) -> dict[str, tuple[float, str]]:
    """Seconds from just before spawning ``command`` to each event line it prints (and the line)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=REPO)
    assert process.stdout is not None
    seen: dict[str, tuple[float, str]] = {}
    for line in process.stdout:
        event = (line.split() or [""])[0]
        if event in events and event not in seen:
            seen[event] = (time.perf_counter() - start, line.strip())
    process.wait()
    if process.returncode != 0 or set(seen) != set(events):
        raise SystemExit(f"{command} printed {sorted(seen)}, exit {process.returncode}; expected {events}, exit 0")
    return seen


def returning_expert(work: Path, env: dict[str, str]) -> None:
    """An expert's review made the way an expert makes it (the chair's package, opened), then remembered."""
    def reviewer(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "reviewer", *args], cwd=REPO, env=env, check=True, capture_output=True)

    chair = work / "chair.sqlite"
    reviewer("import", str(REPO / "resources" / "demo" / "batch"), "--db", str(chair))
    (work / "experts.csv").write_text("姓名,工作单位,评审方向\n张明,某大学,全部\n", encoding="utf-8")
    reviewer("experts", "--db", str(chair), "--add", str(work / "experts.csv"))
    reviewer("packages", "--db", str(chair), "--out", str(work / "packages"), "--passphrases", str(work / "passphrases"))
    with open(work / "passphrases" / "口令清单.csv", encoding="utf-8-sig") as file:
        row = next(csv.DictReader(file))
    (work / "pass").write_text(row["口令"], encoding="utf-8")
    expert = work / "expert.sqlite"
    reviewer("open-package", str(work / "packages" / row["工作包文件"]), "--db", str(expert), "--passphrase-file", str(work / "pass"))
    # Opened once in the window: from now on a plain start opens it (QSettings' last review).
    time_events([sys.executable, "-m", "ui.launcher", "gui", str(expert), "--smoke", str(work / "first.png")], env,
                 ("shown", "ready"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reviewer-startup-"))
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "PYTHONPATH": str(REPO), "REVIEWER_DATA": str(work / "data"), "XDG_CONFIG_HOME": str(work / "config")}
    try:
        returning_expert(work, env)
        ours = [sys.executable, "-m", "ui.launcher", "--smoke", str(work / "shot.png")]
        bare_times, shown_times, ready_times, lines = [], [], [], []
        for number in range(args.runs):
            runs = [("bare", [sys.executable, "-c", BARE]), ("ours", ours)]
            for name, command in runs if number % 2 == 0 else runs[::-1]:
                if name == "bare":
                    bare_times.append(time_events(command, env, ("shown",))["shown"][0])
                else:
                    seen = time_events(command, env, ("shown", "ready"))
                    shown_times.append(seen["shown"][0])
                    ready_times.append(seen["ready"][0])
                    lines.append(seen["shown"][1])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    bare, shown, ready = (statistics.median(t) for t in (bare_times, shown_times, ready_times))
    heavy = sorted({line.split("heavy_modules=")[-1] for line in lines})
    ratio = shown / bare
    print(f"times from spawn to the first painted window, median of {args.runs} alternating runs")
    print(f"bare QMainWindow shown:                 {bare * 1000:6.0f} ms")
    print(f"returning expert's window shown:        {shown * 1000:6.0f} ms  (heavy modules before it: {', '.join(heavy)})")
    print(f"returning expert's review ready:        {ready * 1000:6.0f} ms  ({ready / bare:.2f}x bare)")
    verdict = "ok" if ratio <= TARGET and heavy == ["none"] else "MISSED"
    print(f"ratio shown/bare: {ratio:.2f}x  (target <= {TARGET:.2f}x, nothing heavy before the window: {verdict})")


if __name__ == "__main__":
    main()
