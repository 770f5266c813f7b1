"""Run the built app's smoke mode offscreen and check it:  python packaging/smoke.py [--dist DIR]

Used by the packaging workflow on Linux, Windows and macOS after the build: the
app must exit 0 having saved a non-empty screenshot of the demo review; its
``shown``/``ready`` lines are checked where the app has a console (on Windows
the app is a windowed program, so its output may not reach the runner). Also
runs ``--version``, the bundle check (REVIEWER_BUNDLE_CHECK=1, packaging/entry.py), and the
export of the demo review (Word documents with their footers, the workbook, the charts):
the frozen export once failed on every platform for a template python-docx could not find.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle  # noqa: E402


def executable(dist: Path) -> Path:
    if sys.platform == "darwin":
        return dist / f"{bundle.DISPLAY_NAME}.app" / "Contents" / "MacOS" / bundle.APP_NAME
    return bundle.app_folder(dist) / (bundle.APP_NAME + (".exe" if sys.platform == "win32" else ""))


def run(command: list[str], home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "REVIEWER_DATA": str(home / "data"),
                   "XDG_CONFIG_HOME": str(home / "config"), **env}
    result = subprocess.run(command, env=environment, capture_output=True, text=True, encoding="utf-8",
                            errors="replace", timeout=180)
    print(f"$ {' '.join(command)}  -> exit {result.returncode}\n{result.stdout}{result.stderr}", flush=True)
    return result


def export_failures(app: Path, home: Path) -> list[str]:
    """The demo review exported by the frozen app: every document, the workbook and the charts written."""
    review, docs = home / "export-demo.sqlite", home / "docs"
    if run([str(app), "demo", "--db", str(review)], home).returncode != 0:
        return ["demo failed"]
    if run([str(app), "export", "--db", str(review), "--out", str(docs)], home).returncode != 0:
        return ["export failed"]
    written = {path.suffix for path in docs.rglob("*") if path.is_file() and path.stat().st_size > 0}
    return [] if written >= {".docx", ".xlsx", ".png"} else [f"export wrote only {sorted(written)}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=bundle.REPO / "dist")
    app = executable(parser.parse_args().dist)
    failures = []
    with tempfile.TemporaryDirectory() as scratch:
        home, shot = Path(scratch), Path(scratch) / "smoke.png"
        smoke = run([str(app), "--smoke", str(shot)], home)
        if smoke.returncode != 0:
            failures.append(f"smoke mode exited {smoke.returncode}")
        if not shot.is_file() or shot.stat().st_size < 10_000:
            failures.append("no screenshot (or an empty one)")
        events = [line.split()[0] for line in smoke.stdout.splitlines() if line.split()]
        if smoke.stdout and not {"shown", "ready", "screenshot"} <= set(events):
            failures.append(f"smoke mode printed {events}, expected shown, ready, screenshot")
        if run([str(app), "--version"], home).returncode != 0:
            failures.append("--version failed")
        if run([str(app)], home, REVIEWER_BUNDLE_CHECK="1").returncode != 0:
            failures.append("a library loaded on demand is missing or broken")
        failures += export_failures(app, home)
    print("smoke: " + ("; ".join(failures) if failures else f"ok ({app})"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
