"""Charts take the CJK font bundled in resources/fonts, so Chinese is drawn on a laptop that has none installed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Callable

import pytest

REPO = Path(__file__).resolve().parents[2]
# A laptop with no CJK font: matplotlib forgets every font but its own before the charts look for one.
PROBE = """
import json
from pathlib import Path
from types import ModuleType
from typing import Callable
from matplotlib import font_manager
manager = font_manager.fontManager
manager.ttflist = [f for f in manager.ttflist if Path(f.fname).is_relative_to(Path(font_manager.__file__).parent)]
from reviewer.exports.charts import cjk_font
family = cjk_font()
found = font_manager.findfont(font_manager.FontProperties(family=family), fallback_to_default=False) if family else None
print(json.dumps({"family": family, "file": found}))
"""


def _charts_font(resources: Path, home: Path) -> dict[str, str | None]:
    env = {**os.environ, "REVIEWER_RESOURCES": str(resources), "MPLCONFIGDIR": str(home / "mpl"), "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_the_bundled_font_draws_the_charts_chinese_where_the_system_has_none(tmp_path: Path,
                                                                            packaging: Callable[[str], ModuleType]) -> None:
    try:  # the font the build bundles (CI installs it: packaging/debian-packages.txt)
        font = packaging("bundle").find_cjk_font()
    except SystemExit as exc:
        pytest.fail(f"no CJK font on this machine to bundle: {exc}")
    resources = tmp_path / "resources"
    shutil.copytree(REPO / "resources", resources, ignore=shutil.ignore_patterns("demo", "i18n"))
    (resources / "fonts").mkdir(exist_ok=True)
    shutil.copy(font.path, resources / "fonts" / font.path.name)
    (resources / "fonts" / "broken.ttf").write_bytes(b"not a font")  # a bad file is passed over
    bundled = _charts_font(resources, tmp_path)
    assert bundled["family"] and bundled["file"] == str(resources / "fonts" / font.path.name)
    shutil.rmtree(resources / "fonts")
    assert _charts_font(resources, tmp_path) == {"family": None, "file": None}  # what used to draw boxes
