"""The window shows before the store is loaded, and the faster PySide6 import check answers alike."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_faster_feature_check_gives_pyside_s_answer() -> None:
    probe = (
        "import sys, PySide6.QtCore\n"
        "feature = sys.modules['shibokensupport.feature']\n"
        "original = feature._mod_uses_pyside\n"
        "from ui import pyside_startup, main_window\n"
        "import reviewer.rubric, json\n"
        "assert pyside_startup.install()\n"
        "assert not pyside_startup.install()  # once only\n"
        "fast = feature._mod_uses_pyside\n"
        "for module in (main_window, reviewer.rubric, json, sys):\n"
        "    assert fast(module) == original(module), module\n"
        "print(fast(main_window), fast(reviewer.rubric))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]


def test_the_window_module_does_not_load_the_store() -> None:
    probe = "import sys, ui.app; print(','.join(m for m in ('sqlalchemy', 'sqlmodel', 'pandas', 'docx') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
