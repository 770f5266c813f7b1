"""Benchmark: the frozen app's start against the start from source, and the package sizes.

Builds nothing: it expects the one-folder app from ``python packaging/build.py``
(``dist/reviewer/``, or ``--dist DIR``). Both programs start in smoke mode
(``--smoke``), offscreen, alternating, several times; each run gets fresh user
data and settings folders holding the demo review created beforehand by the same
program, so this is the everyday start, not the first one. Times run from
spawning the process to the ``shown`` line (the window is up) and to the
``ready`` line (the demo review is in it); medians are printed with the ratio.

Targets: frozen shown <= 2 s and <= 1.5x the source's; one-folder app <= 250 MB;
archive <= 110 MB.  Run:  python bench/frozen_start.py [--runs N] [--dist DIR]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "packaging"))
import bundle  # noqa: E402

SHOWN_TARGET_S, RATIO_TARGET = 2.0, 1.5
EVENTS = ("shown", "ready")


def time_events(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from spawning ``command`` to each event line it prints."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env, cwd=REPO)
    assert process.stdout is not None
    seen: dict[str, float] = {}
    for line in process.stdout:
        event = (line.split() or [""])[0]
        if event in EVENTS and event not in seen:
            seen[event] = time.perf_counter() - start
    process.wait()
    if process.returncode != 0 or set(seen) != set(EVENTS):
        raise SystemExit(f"{command[0]} printed {sorted(seen)}, exit {process.returncode}; expected {EVENTS}, exit 0")
    return seen


class Contender:
    """One way of starting the app, with its own demo review made by its own first start."""

    def __init__(self, name: str, command: list[str], work: Path) -> None:
        self.name, self.command, self.work = name, command, work / name
        self.times: dict[str, list[float]] = {event: [] for event in EVENTS}
        self.first = self._run(self.work / "template")  # first start: creates the demo review

    def run(self, number: int) -> None:
        home = self.work / f"run{number}"
        shutil.copytree(self.work / "template" / "data", home / "data")
        for event, seconds in self._run(home).items():
            self.times[event].append(seconds)

    def median(self, event: str) -> float:
        return statistics.median(self.times[event])

    def _run(self, home: Path) -> dict[str, float]:
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "REVIEWER_DATA": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config")}
        return time_events([*self.command, "--smoke", str(home / "shot.png")], env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--dist", type=Path, default=REPO / "dist")
    args = parser.parse_args()
    folder = bundle.app_folder(args.dist)
    executable = folder / (bundle.APP_NAME + (".exe" if sys.platform == "win32" else ""))
    if not executable.is_file():
        raise SystemExit(f"no frozen app at {executable}: build it first with  python packaging/build.py")
    work = Path(tempfile.mkdtemp(prefix="reviewer-frozen-bench-"))
    try:
        frozen = Contender("frozen", [str(executable)], work)
        source = Contender("source", [sys.executable, "-m", "ui.launcher"], work)
        for number in range(args.runs):
            for contender in (frozen, source) if number % 2 == 0 else (source, frozen):
                contender.run(number)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(frozen, source, args.runs, args.dist, folder)


def report(frozen: Contender, source: Contender, runs: int, dist: Path, folder: Path) -> None:
    print(f"reviewer {bundle.version()}, {runs} alternating runs each, times from spawn (median)")
    for contender in (frozen, source):
        first = "  ".join(f"{e} {contender.first[e] * 1000:5.0f} ms" for e in EVENTS)
        print(f"  {contender.name:<7} {contender.median('shown') * 1000:6.0f} ms shown {contender.median('ready') * 1000:6.0f} ms"
              f" ready    (first start, demo review created: {first})")
    shown, ratio = frozen.median("shown"), frozen.median("shown") / source.median("shown")
    print(f"frozen shown:  {shown:5.2f} s    (target <= {SHOWN_TARGET_S:.1f} s: {_verdict(shown <= SHOWN_TARGET_S)})")
    print(f"ratio shown frozen/source:  {ratio:4.2f}x  (target <= {RATIO_TARGET:.1f}x: {_verdict(ratio <= RATIO_TARGET)})")
    print(f"ratio ready frozen/source:  {frozen.median('ready') / source.median('ready'):4.2f}x")
    print(bundle.size_line(f"one-folder app {folder.name}/", bundle.folder_size(folder), bundle.FOLDER_TARGET_MB))
    archive = bundle.find_archive(dist)
    if archive is None:
        print(f"archive: none in {dist} (python packaging/build.py makes one)")
    else:
        print(bundle.size_line(archive.name, archive.stat().st_size, bundle.ARCHIVE_TARGET_MB))


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


if __name__ == "__main__":
    main()
