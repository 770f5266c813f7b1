"""Benchmark: time to the first shown main window on the demo batch, against a bare QMainWindow.

Both are timed from process start to the moment the window is shown, in the
same run, alternating, several times; the medians and their ratio are printed.
Target: ratio ≤ 3, and pandas / matplotlib / python-docx not imported before the
window shows. Run:  python bench/startup.py [--runs N]
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


def _time_to_shown(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("shown"):
            elapsed = time.perf_counter() - start
            process.wait()
            return elapsed, line.strip()
    raise SystemExit(f"{command} never showed a window (exit {process.wait()})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="reviewer-bench-"))
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "REVIEWER_DATA": str(work / "data"), "XDG_CONFIG_HOME": str(work / "config")}
    ours = [sys.executable, "-m", "ui.launcher", "--smoke", str(work / "shot.png")]
    first_run, first_line = _time_to_shown(ours, env)  # creates the demo review (first start on a laptop)
    bare_times, our_times, lines = [], [], []
    for _ in range(args.runs):
        bare_times.append(_time_to_shown([sys.executable, "-c", BARE], env)[0])
        elapsed, line = _time_to_shown(ours, env)
        our_times.append(elapsed)
        lines.append(line)
    bare, app = statistics.median(bare_times), statistics.median(our_times)
    print(f"first start (imports the demo batch): {first_run * 1000:7.0f} ms  [{first_line}]")
    print(f"bare QMainWindow shown (median of {args.runs}): {bare * 1000:7.0f} ms")
    print(f"reviewer main window shown (median of {args.runs}): {app * 1000:7.0f} ms  [{lines[-1]}]")
    print(f"ratio: {app / bare:.2f}x  (target <= 3.00x)")


if __name__ == "__main__":
    main()
