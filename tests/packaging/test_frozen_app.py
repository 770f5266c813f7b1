"""The frozen app starts and works on a machine with nothing installed.

The one-folder app comes from the ``frozen`` fixture (tests/packaging/conftest.py: built once
per run, a few minutes, or $REVIEWER_FROZEN_APP), and is run as an expert's laptop would: smoke mode
offscreen, the command line, the libraries it loads only when a feature needs
them, Chinese drawn from the bundled font alone, and its size.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from typing import TYPE_CHECKING

import pytest
from PySide6.QtGui import QImage

if TYPE_CHECKING:
    from conftest import FrozenApp  # the fixture's type (tests/packaging/conftest.py)

pytestmark = pytest.mark.slow
NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{empty}</dir><cachedir>{cache}</cachedir></fontconfig>
"""


def smoke_screenshot(app: FrozenApp, home: Path, **env: str) -> QImage:
    shot = home / "shot.png"
    result = app.run(["--smoke", str(shot)], home, **env)
    assert result.returncode == 0, result.stdout + result.stderr
    image = QImage(str(shot))
    assert not image.isNull(), f"no readable screenshot at {shot}"
    return image.convertToFormat(QImage.Format.Format_RGB32)


def pixels(image: QImage) -> memoryview:
    return memoryview(bytes(image.constBits())).cast("I")


def test_smoke_mode_shows_the_demo_review_and_saves_a_screenshot(frozen: FrozenApp, tmp_path: Path) -> None:
    shot = tmp_path / "shot.png"
    result = frozen.run(["--smoke", str(shot)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    events = [line.split()[0] for line in result.stdout.splitlines() if line.split()]
    assert [e for e in events if e in ("shown", "ready", "screenshot")] == ["shown", "ready", "screenshot"]
    assert "heavy_modules=none" in next(line for line in result.stdout.splitlines() if line.startswith("shown"))
    image = QImage(str(shot)).convertToFormat(QImage.Format.Format_RGB32)
    assert shot.stat().st_size > 10_000 and image.width() >= 1000 and image.height() >= 600
    assert len(set(pixels(image))) > 50, "the screenshot is (nearly) one colour"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="hides the system's fonts through fontconfig")
def test_chinese_is_drawn_with_the_bundled_font_where_the_system_has_no_fonts(frozen: FrozenApp, tmp_path: Path) -> None:
    resources = frozen.folder / "_internal" / "resources"
    fonts = sorted(p.name for p in (resources / "fonts").iterdir())
    assert any(name.endswith((".ttc", ".ttf", ".otf")) for name in fonts), fonts
    assert any(name.endswith("-LICENSE.txt") for name in fonts), "the font's licence ships beside it"
    (tmp_path / "empty").mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(NO_FONTS_CONF.format(empty=tmp_path / "empty", cache=tmp_path / "cache"), encoding="utf-8")
    bundled = smoke_screenshot(frozen, tmp_path / "bundled", FONTCONFIG_FILE=str(conf))
    shutil.copytree(resources, tmp_path / "no-font-resources", ignore=shutil.ignore_patterns("fonts"))
    without = smoke_screenshot(frozen, tmp_path / "without", FONTCONFIG_FILE=str(conf),
                               REVIEWER_RESOURCES=str(tmp_path / "no-font-resources"))
    # Without any font every character is a blank box; with the bundled one it is a glyph.
    differing = sum(a != b for a, b in zip(pixels(bundled), pixels(without))) / len(pixels(bundled))
    assert differing > 0.02, f"only {differing:.1%} of the pixels change with the bundled font"


def test_command_line_works_frozen_in_chinese(frozen: FrozenApp, tmp_path: Path) -> None:
    version = frozen.run(["--version"], tmp_path)
    assert version.returncode == 0 and version.stdout.strip() == f"reviewer {frozen.bundle.version()}"
    review = tmp_path / "demo.sqlite"
    assert frozen.run(["demo", "--db", str(review)], tmp_path).returncode == 0  # the batch import, frozen
    status = frozen.run(["status", str(review)], tmp_path, LANG="C", LC_ALL="C")
    assert status.returncode == 0, status.stderr
    assert re.match(r"0/\d+ 已完成", status.stdout.splitlines()[-1]), status.stdout


def test_libraries_loaded_on_demand_are_bundled_and_work(frozen: FrozenApp, tmp_path: Path) -> None:
    result = frozen.run([], tmp_path, REVIEWER_BUNDLE_CHECK="1")
    assert result.returncode == 0, result.stdout + result.stderr
    checked = {line.split()[1] for line in result.stdout.splitlines() if line.startswith("ok ")}
    assert checked >= {"numpy", "pandas", "matplotlib", "docx", "openpyxl", "pypdf", "QtPdf", "hashlib", "cryptography",
                       "chart-font"}


def test_the_one_folder_app_fits_its_size_target(frozen: FrozenApp) -> None:
    size, target = frozen.bundle.folder_size(frozen.folder), frozen.bundle.FOLDER_TARGET_MB * frozen.bundle.MB
    assert size <= target, f"{size / frozen.bundle.MB:.1f} MB"
