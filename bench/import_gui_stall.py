"""Benchmark: the GUI's responsiveness while a batch imports through File ▸ Import batch….

The app starts offscreen with the demo review open, then imports a batch through
the same code the menu action runs (progress dialog, worker thread, then the new
review and its formal-check window). A 10 ms QTimer ticks all along; a gap
between two ticks is how long the event loop could not answer. Printed: the
ticks' max gap and 99th percentile while importing, against the same timer with
nothing running (the baseline), in the same run; and, separately, the one piece
of GUI-thread work after the import (opening the review, its window and the
formal-check view).
Target (issue 3): the GUI never stalls more than 100 ms while importing.

    python bench/import_gui_stall.py [BATCH | --national SCALE] [--copies N] [--baseline SECONDS]

BATCH is any batch folder or .zip. ``--national 1`` imports the generated national
batch of bench/national_batch.py (37 recommenders, ~400 declarations of ~25-page
forms; 5 for five times as many). Otherwise the demo batch is copied N times
(default 9: 36 recommenders, 180 declarations), each copy's folders renamed to
other recommenders of the call.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TICK_MS = 10


def make_batch(target: Path, copies: int) -> Path:
    """The demo batch, ``copies`` times, each recommender folder renamed to another recommender."""
    from reviewer.call import bundled_call
    from reviewer.paths import demo_batch_dir

    folders = sorted(p for p in demo_batch_dir().iterdir() if p.is_dir())
    names = [r.name for r in bundled_call().recommenders]
    if copies * len(folders) > len(names):
        raise SystemExit(f"at most {len(names) // len(folders)} copies: the call has {len(names)} recommenders")
    for i, name in enumerate(names[:copies * len(folders)]):
        shutil.copytree(folders[i % len(folders)], target / f"{i + 1:02d}_{name}")
    return target


class Ticker:
    """A 10 ms timer that remembers when each tick came."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(lambda: self.times.append(time.perf_counter()))

    def start(self) -> None:
        self.times = [time.perf_counter()]
        self.timer.start(TICK_MS)

    def stop(self) -> None:
        self.timer.stop()

    def gaps_ms(self, until: float = float("inf")) -> list[float]:
        times = [t for t in self.times if t <= until]
        return [1000 * (b - a) for a, b in zip(times, times[1:])]


def spin(seconds: float) -> None:
    """Run Qt's own event loop (as app.exec() does) for a while."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def run_until(signal: object, timeout: float = 600) -> None:
    """Run Qt's event loop until ``signal`` fires."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    loop.exec()


def line(name: str, gaps: list[float]) -> str:
    p99 = statistics.quantiles(gaps, n=100)[98] if len(gaps) >= 2 else (gaps[0] if gaps else 0.0)
    return f"  {name:<22}{len(gaps):>7}{max(gaps, default=0):>10.1f}{p99:>10.1f}{statistics.median(gaps) if gaps else 0:>9.1f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("batch", nargs="?", type=Path, help="a batch folder or .zip (default: copies of the demo batch)")
    parser.add_argument("--national", type=int, metavar="SCALE", help="the generated national batch (bench/national_batch.py)")
    parser.add_argument("--copies", type=int, default=9, help="copies of the demo batch when no BATCH is given")
    parser.add_argument("--baseline", type=float, default=3.0, help="seconds of the idle baseline")
    parser.add_argument("--switch-interval", type=float, metavar="SECONDS",
                        help="the GIL switch interval while the worker runs (default: the app's, ui.tasks)")
    parser.add_argument("--no-gc-freeze", action="store_true", help="do not freeze the heap while the worker runs (ui.tasks)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="reviewer-stall-"))
    os.environ["REVIEWER_DATA"] = str(work / "data")
    try:
        return run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path) -> int:
    from PySide6.QtCore import QSettings

    from reviewer.setup import ensure_demo_review
    from ui.app import AppController, create_application

    from ui import tasks

    if args.switch_interval is not None:
        tasks.BACKGROUND_SWITCH_INTERVAL = args.switch_interval
    tasks.FREEZE_HEAP = not args.no_gc_freeze
    if args.batch is not None:
        batch = args.batch
    elif args.national is not None:
        sys.path.insert(0, str(ROOT / "bench"))
        from national_batch import make_national_batch  # type: ignore[import-not-found]

        batch = make_national_batch(scale=args.national)
    else:
        batch = make_batch(work / "batch", args.copies)
    app = create_application([sys.argv[0]])
    controller = AppController(app, QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat), "zh")
    assert controller.open(ensure_demo_review(work / "demo.sqlite"))
    spin(0.5)  # let the window settle

    ticker = Ticker()
    ticker.start()
    spin(args.baseline)
    ticker.stop()
    baseline = ticker.gaps_ms()

    finishing: dict[str, float] = {}
    imported = controller._imported

    def timed_imported(outcome: object) -> None:  # the GUI-thread work after the worker is done
        finishing["start"] = time.perf_counter()
        imported(outcome)  # type: ignore[arg-type]
        finishing["end"] = time.perf_counter()

    controller._imported = timed_imported  # type: ignore[method-assign]
    ticker.start()
    started = time.perf_counter()
    run = controller.import_batch(batch, work / "review.sqlite")
    run_until(run.destroyed)  # the import object goes when the import is over, whichever way
    spin(0.3)
    ticker.stop()
    if "end" not in finishing:
        raise SystemExit("the import did not finish (see the message box text above)")
    importing = ticker.gaps_ms(until=finishing["start"])
    review = controller.review
    assert review is not None
    declarations = len(review.declarations(include_unselected=True))

    print(f"batch: {batch} ({declarations} declarations)")
    print(f"import on the worker thread, until the result arrived: {finishing['start'] - started:.2f} s "
          f"(meanwhile: GIL switch interval {1000 * tasks.BACKGROUND_SWITCH_INTERVAL:g} ms, "
          f"heap {'frozen' if tasks.FREEZE_HEAP else 'not frozen'})")
    print(f"event loop, {TICK_MS} ms timer      ticks   max ms    p99 ms   p50 ms")
    print(line("idle (baseline)", baseline))
    print(line("while importing", importing))
    print(f"after the import, on the GUI thread (open the review, its window, the formal-check view): "
          f"{1000 * (finishing['end'] - finishing['start']):.0f} ms")
    worst = max(importing, default=0)
    print(f"target: no stall over 100 ms while importing — {'met' if worst <= 100 else 'MISSED'} (max {worst:.0f} ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
