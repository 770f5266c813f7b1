"""Every interface string has an English translation, and the compiled file is current."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "i18n" / "reviewer_en.ts"


def test_every_string_in_the_ui_is_translated(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (REPO / "ui").glob("*.py"))
    lupdate = str(Path(sys.executable).parent / "pyside6-lupdate")
    subprocess.run([lupdate, *sources, "-ts", str(fresh), "-source-language", "zh_CN", "-target-language", "en"],
                   check=True, capture_output=True)
    in_code = set(re.findall(r"<source>(.*?)</source>", fresh.read_text(encoding="utf-8"), re.S))
    committed = TS.read_text(encoding="utf-8")
    translated = set(re.findall(r"<source>(.*?)</source>\s*<translation>(?!</translation>)", committed, re.S))
    assert in_code - translated == set(), "run tools/i18n.py and translate the new strings"
    assert 'type="unfinished"' not in committed


def test_compiled_translation_matches_its_source(qapp: object) -> None:
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(TS.with_suffix(".qm")))
    pairs = re.findall(r"<name>(\w+)</name>|<source>(.*?)</source>\s*<translation>(.*?)</translation>",
                       TS.read_text(encoding="utf-8"), re.S)
    context, checked = "", 0
    for name, source, translation in pairs:
        if name:
            context = name
            continue
        assert translator.translate(context, html.unescape(source)) == html.unescape(translation), source
        checked += 1
    assert checked > 80
