"""The core stays Qt-free and light: checked by import-linter and by a fresh interpreter."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_import_linter_contract_holds() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert lint is not None, "import-linter is a test dependency"
    result = subprocess.run([lint], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout


def test_core_imports_no_qt_and_no_heavy_libraries() -> None:
    probe = (
        "import sys, reviewer.review, reviewer.setup, reviewer.cli, reviewer.importing.importer;"
        "heavy = [m for m in ('PySide6', 'ui', 'pandas', 'matplotlib', 'docx') if m in sys.modules];"
        "print(','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
