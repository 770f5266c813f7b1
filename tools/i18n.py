"""Refresh the translation sources and compile them.

    python tools/i18n.py          # lupdate ui/*.py -> resources/i18n/*.ts, then lrelease -> *.qm

The .ts files are the source of truth for translations (edit them in Qt Linguist);
the compiled .qm files are committed so that a fresh install needs no Qt tools.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
LANGUAGES = ("en",)


def _tool(name: str) -> str:
    return str(Path(sys.executable).parent / f"pyside6-{name}")


def main() -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").glob("*.py"))
    for language in LANGUAGES:
        ts = I18N / f"reviewer_{language}.ts"
        subprocess.run([_tool("lupdate"), *sources, "-ts", str(ts), "-source-language", "zh_CN",
                        "-target-language", language, "-no-obsolete"], cwd=ROOT, check=True)
        subprocess.run([_tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
