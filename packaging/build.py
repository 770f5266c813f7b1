"""Build the frozen app and its archive:  python packaging/build.py [--dist DIR] [--font PATH]

Produces the one-folder app DIST/reviewer/ (executable ``reviewer``, on Windows
``reviewer.exe``; on macOS also DIST/评审工作台.app) and the archive
DIST/reviewer-<version>-<platform>.tar.xz (``--archive gz`` for a quicker, larger
.tar.gz; .zip on Windows and macOS), then prints the build time and the sizes against
their targets, and exits 1 when one is over (one-folder app <= 250 MB, archive <= 110 MB).
Needs PyInstaller (``pip install --require-hashes -r packaging/requirements-frozen.txt``)
and a CJK font with its licence text (found on this machine, or named with --font/--font-license).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bundle  # noqa: E402

SPEC = bundle.PACKAGING / "reviewer.spec"
LINUX_FILES = {  # freedesktop files shipped beside the Linux executable (docs/platforms.md says how to install them)
    "linux/reviewer.desktop": "share/applications/reviewer.desktop",
    "linux/reviewer-mime.xml": "share/mime/packages/reviewer.xml",
    "icons/reviewer.png": "share/icons/hicolor/512x512/apps/reviewer.png",
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=bundle.REPO / "dist", help="output folder (default: dist/)")
    parser.add_argument("--work", type=Path, help="PyInstaller's work folder (default: build/pyinstaller beside --dist)")
    parser.add_argument("--font", help=f"CJK font file to bundle (default: ${bundle.FONT_ENV}, else one found here)")
    parser.add_argument("--font-license", help="the font's licence text (default: found beside it or in the distribution)")
    default_archive = "xz" if sys.platform.startswith("linux") else "zip"
    parser.add_argument("--archive", choices=["gz", "xz", "zip", "none"], default=default_archive,
                        help=f"archive format (default: {default_archive})")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    parser.add_argument("--archive-only", action="store_true",
                        help="only archive the app already in --dist (e.g. after signing it)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    dist = args.dist.resolve()
    folder = bundle.app_folder(dist)
    started = time.perf_counter()
    if not args.archive_only:
        font = bundle.find_cjk_font(args.font, args.font_license)  # fail before the long part
        work = (args.work or dist.parent / "build" / "pyinstaller").resolve()
        run_pyinstaller(dist, work, font, clean=args.clean)
        if sys.platform.startswith("linux"):
            add_linux_desktop_files(folder)
    built = time.perf_counter()
    archive = make_archive(dist, args.archive)
    finished = time.perf_counter()
    print(f"\nreviewer {bundle.version()} ({bundle.platform_tag()})")
    if not args.archive_only:
        print(f"{'build':<24} {built - started:7.1f} s")
    sizes = [(f"one-folder app {folder.name}/", bundle.folder_size(folder), bundle.FOLDER_TARGET_MB)]
    print(bundle.size_line(*sizes[0]))
    if archive is not None:
        print(f"{'archive':<24} {finished - built:7.1f} s")
        sizes.append((archive.name, archive.stat().st_size, bundle.ARCHIVE_TARGET_MB))
        print(bundle.size_line(*sizes[-1]))
    return size_verdict(sizes)


def size_verdict(sizes: list[tuple[str, int, int]]) -> int:
    """0 when every size is within its target; else 1, naming what is over (the workflow fails with it)."""
    over = [f"{what.strip()} {size / bundle.MB:.1f} MB > {target} MB" for what, size, target in sizes
            if size > target * bundle.MB]
    if over:
        print(f"build.py: FAILED, over the size target: {'; '.join(over)}. What is left out of the bundle, and "
              "why, is in packaging/bundle.py; a new dependency release is pinned in packaging/requirements-frozen.txt.",
              file=sys.stderr)
    return 1 if over else 0


def run_pyinstaller(dist: Path, work: Path, font: bundle.Font, *, clean: bool) -> None:
    command = [sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN",
               "--distpath", str(dist), "--workpath", str(work), *(["--clean"] if clean else []),
               "--", "--font", str(font.path), "--font-license", str(font.license)]
    print("+", " ".join(command), flush=True)
    # From the repository root, so ``reviewer`` and ``ui`` are imported from this tree.
    subprocess.run(command, cwd=bundle.REPO, check=True, env={**os.environ, "PYTHONNOUSERSITE": "1"})


def add_linux_desktop_files(folder: Path) -> None:
    for source, target in LINUX_FILES.items():
        destination = folder / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(bundle.PACKAGING / source, destination)


def make_archive(dist: Path, kind: str) -> Path | None:
    """The one-folder app (on macOS the .app) as one file, for USB sticks and downloads."""
    if kind == "none":
        return None
    for old in (dist / (bundle.archive_stem() + suffix) for suffix in bundle.ARCHIVE_SUFFIXES):
        old.unlink(missing_ok=True)
    target = dist / (bundle.archive_stem() + {"gz": ".tar.gz", "xz": ".tar.xz", "zip": ".zip"}[kind])
    if sys.platform == "darwin":
        app = dist / f"{bundle.DISPLAY_NAME}.app"
        if kind != "zip":
            raise SystemExit("on macOS the .app is archived as .zip (ditto keeps its links and signatures)")
        subprocess.run(["ditto", "-c", "-k", "--sequesterRsrc", "--keepParent", str(app), str(target)], check=True)
    elif kind == "zip":
        shutil.make_archive(str(target.with_suffix("")), "zip", root_dir=dist, base_dir=bundle.APP_NAME)
    else:
        # xz preset 3: ~80 MB in ~75 s here; preset 9 saves 7 MB more and takes 175 s. gz: ~105 MB in ~30 s.
        options = {"gz": {"compresslevel": 9}, "xz": {"preset": 3}}[kind]
        with tarfile.open(target, f"w:{kind}", **options) as tar:
            tar.add(bundle.app_folder(dist), arcname=bundle.APP_NAME)
    return target


if __name__ == "__main__":
    sys.exit(main())
