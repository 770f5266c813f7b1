"""The frozen app starts and works on a machine with nothing installed.

Builds the one-folder app once with ``packaging/build.py`` into a temporary folder
(about a minute and a half), then runs it as an expert's laptop would: smoke mode
offscreen, the command line, the libraries it loads only when a feature needs
them, Chinese drawn from the bundled font alone, and its size.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QImage

REPO = Path(__file__).resolve().parents[2]


def _load_bundle() -> ModuleType:
    """packaging/bundle.py (names, version, sizes), loaded by path: packaging/ is no package."""
    spec = importlib.util.spec_from_file_location("reviewer_packaging_bundle", REPO / "packaging" / "bundle.py")
    assert spec is not None and spec.loader is not None
    module = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bundle = _load_bundle()

pytestmark = pytest.mark.slow
EXECUTABLE = bundle.APP_NAME + (".exe" if sys.platform == "win32" else "")
NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{empty}</dir><cachedir>{cache}</cachedir></fontconfig>
"""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-folder app, built for this test run (no archive: the size that matters is the folder's)."""
    work = tmp_path_factory.mktemp("frozen")
    command = [sys.executable, str(REPO / "packaging" / "build.py"), "--dist", str(work / "dist"),
               "--work", str(work / "build"), "--archive", "none"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, f"build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return bundle.app_folder(work / "dist")


def run(app: Path, args: list[str], home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The frozen app with its own user data and settings, offscreen on a 1600×1000 screen (room for the window)."""
    home.mkdir(parents=True, exist_ok=True)
    screen = home / "screen.json"
    screen.write_text('{"screens": [{"name": "test", "x": 0, "y": 0, "width": 1600, "height": 1000, '
                      '"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}', encoding="utf-8")
    environment = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
                   "REVIEWER_DATA": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"), **env}
    return subprocess.run([str(app / EXECUTABLE), *args], cwd=home, env=environment, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


def smoke_screenshot(app: Path, home: Path, **env: str) -> QImage:
    shot = home / "shot.png"
    result = run(app, ["--smoke", str(shot)], home, **env)
    assert result.returncode == 0, result.stdout + result.stderr
    image = QImage(str(shot))
    assert not image.isNull(), f"no readable screenshot at {shot}"
    return image.convertToFormat(QImage.Format.Format_RGB32)


def pixels(image: QImage) -> memoryview:
    return memoryview(bytes(image.constBits())).cast("I")


def test_smoke_mode_shows_the_demo_review_and_saves_a_screenshot(app: Path, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    result = run(app, ["--smoke", str(shot)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    events = [line.split()[0] for line in result.stdout.splitlines() if line.split()]
    assert [e for e in events if e in ("shown", "ready", "screenshot")] == ["shown", "ready", "screenshot"]
    assert "heavy_modules=none" in next(line for line in result.stdout.splitlines() if line.startswith("shown"))
    image = QImage(str(shot)).convertToFormat(QImage.Format.Format_RGB32)
    assert shot.stat().st_size > 10_000 and image.width() >= 1000 and image.height() >= 600
    assert len(set(pixels(image))) > 50, "the screenshot is (nearly) one colour"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="hides the system's fonts through fontconfig")
def test_chinese_is_drawn_with_the_bundled_font_where_the_system_has_no_fonts(app: Path, tmp_path: Path) -> None:
    resources = app / "_internal" / "resources"
    fonts = sorted(p.name for p in (resources / "fonts").iterdir())
    assert any(name.endswith((".ttc", ".ttf", ".otf")) for name in fonts), fonts
    assert any(name.endswith("-LICENSE.txt") for name in fonts), "the font's licence ships beside it"
    (tmp_path / "empty").mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_FONTS_CONF.format(empty=tmp_path / "empty", cache=tmp_path / "cache"), encoding="utf-8")
    bundled = smoke_screenshot(app, tmp_path / "bundled", FONTCONFIG_FILE=str(conf))
    shutil.copytree(resources, tmp_path / "no-font-resources", ignore=shutil.ignore_patterns("fonts"))
    without = smoke_screenshot(app, tmp_path / "without", FONTCONFIG_FILE=str(conf),
                               REVIEWER_RESOURCES=str(tmp_path / "no-font-resources"))
    # Without any font every character is a blank box; with the bundled one it is a glyph.
    differing = sum(a != b for a, b in zip(pixels(bundled), pixels(without))) / len(pixels(bundled))
    assert differing > 0.02, f"only {differing:.1%} of the pixels change with the bundled font"


def test_command_line_works_frozen_in_chinese(app: Path, tmp_path: Path) -> None:
    version = run(app, ["--version"], tmp_path)
    assert version.returncode == 0 and version.stdout.strip() == f"reviewer {bundle.version()}"
    review = tmp_path / "demo.sqlite"
    assert run(app, ["demo", "--db", str(review)], tmp_path).returncode == 0  # the batch import, frozen
    status = run(app, ["status", str(review)], tmp_path, LANG="C", LC_ALL="C")
    assert status.returncode == 0, status.stderr
    assert re.match(r"0/\d+ 已完成", status.stdout.splitlines()[-1]), status.stdout


def test_libraries_loaded_on_demand_are_bundled_and_work(app: Path, tmp_path: Path) -> None:
    result = run(app, [], tmp_path, REVIEWER_BUNDLE_CHECK="1")
    assert result.returncode == 0, result.stdout + result.stderr
    checked = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("ok ")}
    assert checked >= {"numpy", "pandas", "matplotlib", "docx", "openpyxl", "pypdf", "QtPdf", "hashlib", "cryptography"}


def test_the_one_folder_app_fits_its_size_target(app: Path) -> None:
    size = bundle.folder_size(app)
    assert size <= bundle.FOLDER_TARGET_MB * bundle.MB, f"{size / bundle.MB:.1f} MB"
