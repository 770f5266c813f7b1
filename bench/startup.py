"""Benchmark: time to the first shown main window on the demo batch, against a bare QMainWindow.

Both are timed from process start to the moment the window is shown, in the
same run, alternating, several times; the medians and their ratio are printed.
The app shows its window first and opens the review on a worker thread, so a
second figure, "ready", is the time until the demo review is in the window
(list filled, first application form and rubric shown).
Target: shown ≤ 3× bare, and pandas / matplotlib / python-docx not imported
before the window shows. Run:  python bench/startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1500, 900)
window.show()
QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
app.exec()
"""


def _time_to(events: tuple[str, ...], command: list[str], env: dict[str, str]) -> dict[str, tuple[float, str]]:
    """Seconds from spawning the process to each event line it prints (and the line)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    seen: dict[str, tuple[float, str]] = {}
    for line in process.stdout:
        event = (line.split() or [""])[0]
        if event in events:
            seen[event] = (time.perf_counter() - start, line.strip())
    process.wait()
    if set(seen) != set(events):
        raise SystemExit(f"{command} printed {sorted(seen)}, expected {events} (exit {process.returncode})")
    return seen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reviewer-bench-"))
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "REVIEWER_DATA": str(work / "data"), "XDG_CONFIG_HOME": str(work / "config")}
    ours = [sys.executable, "-m", "ui.launcher", "--smoke", str(work / "shot.png")]
    first = _time_to(("shown", "ready"), ours, env)  # creates the demo review (first start on a laptop)
    bare_times, shown_times, ready_times, lines = [], [], [], []
    for _ in range(args.runs):
        bare_times.append(_time_to(("shown",), [sys.executable, "-c", BARE], env)["shown"][0])
        run = _time_to(("shown", "ready"), ours, env)
        shown_times.append(run["shown"][0])
        ready_times.append(run["ready"][0])
        lines.append(run["shown"][1])
    bare, shown, ready = (statistics.median(t) for t in (bare_times, shown_times, ready_times))
    print(f"first start, demo batch imported:   shown {first['shown'][0] * 1000:6.0f} ms, ready {first['ready'][0] * 1000:6.0f} ms")
    print(f"bare QMainWindow shown (median of {args.runs}):      {bare * 1000:6.0f} ms")
    print(f"reviewer main window shown (median of {args.runs}):  {shown * 1000:6.0f} ms  [{lines[-1]}]")
    print(f"reviewer demo review ready (median of {args.runs}):  {ready * 1000:6.0f} ms")
    print(f"ratio shown/bare: {shown / bare:.2f}x  (target <= 3.00x)")
    print(f"ratio ready/bare: {ready / bare:.2f}x")


if __name__ == "__main__":
    main()
