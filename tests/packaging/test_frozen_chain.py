"""The panel's whole chain from the frozen app, on a laptop with nothing installed and no CJK font.

import → experts → packages → offline sheets → submit → merge → export (documents with footers, charts),
every step the frozen executable, in a clean environment: HOME, data, settings and cache in a temporary
folder, fontconfig pointed at an empty configuration, and matplotlib's font list (which it builds from the
font folders itself, not through fontconfig) cut down to the fonts inside the app. Chinese in the charts
must then come from the bundled font, and no step may print a traceback.
"""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook

if TYPE_CHECKING:
    from conftest import FrozenApp  # the fixture's type (tests/packaging/conftest.py)

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo" / "batch"
EXPERTS = ("赵一", "钱二", "孙三")
NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{empty}</dir><cachedir>{cache}</cachedir></fontconfig>
"""


class Laptop:
    """The frozen app in a clean environment; each step must exit 0 and print no traceback."""

    def __init__(self, frozen: FrozenApp, home: Path) -> None:
        self.frozen, self.home = frozen, home
        (home / "no-fonts").mkdir(parents=True)
        conf = home / "fonts.conf"
        conf.write_text(NO_FONTS_CONF.format(empty=home / "no-fonts", cache=home / "fc-cache"), encoding="utf-8")
        self.env = {"HOME": str(home), "FONTCONFIG_FILE": str(conf), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}

    def __call__(self, *args: str, **env: str) -> str:
        result = self.frozen.run(list(args), self.home, **self.env, **env)
        output = result.stdout + result.stderr
        assert result.returncode == 0, f"reviewer {' '.join(args)} exited {result.returncode}:\n{output[-3000:]}"
        assert "Traceback" not in output, output[-3000:]
        return output

    def hide_system_fonts_from_matplotlib(self) -> Path:
        """The font list matplotlib cached on the first start, less every font outside the app."""
        cached = sorted((self.home / "cache" / "reviewer" / "matplotlib").glob("fontlist-*.json"))
        assert cached, "matplotlib's font cache was not kept in the user's cache folder"
        fonts = json.loads(cached[-1].read_text(encoding="utf-8"))
        for kind in ("ttflist", "afmlist"):  # matplotlib's own fonts are named relative to its data folder
            fonts[kind] = [f for f in fonts[kind] if not Path(f["fname"]).is_absolute()
                           or Path(f["fname"]).is_relative_to(self.frozen.folder)]
        assert fonts["ttflist"] and not any("CJK" in f["name"] or "WenQuanYi" in f["name"] for f in fonts["ttflist"])
        cached[-1].write_text(json.dumps(fonts), encoding="utf-8")
        return cached[-1]


def _fill(sheet: Path, expert: int) -> None:
    """Score every declaration of every direction sheet, as an expert would in Excel or WPS."""
    book = load_workbook(sheet)
    for ws in book.worksheets[1:]:
        header = [str(c.value or "") for c in ws[5]]
        criteria = [(i, float(h.split("–")[1].split(" ")[0].rstrip("分）)"))) for i, h in enumerate(header)
                    if "\n" in h and "–" in h]
        opinion = header.index("评审意见")
        for row in range(6, ws.max_row + 1):
            if not ws.cell(row, 1).value:
                continue
            for column, top in criteria:
                ws.cell(row, column + 1).value = max(0.0, top - ((expert + row + column) % 4) * 0.5)
            ws.cell(row, opinion + 1).value = f"专家{expert}：方案完整，示范性较强"
    book.save(sheet)


def test_the_panel_chain_runs_from_the_frozen_app_with_no_fonts_installed(frozen: FrozenApp, tmp_path: Path) -> None:
    laptop = Laptop(frozen, tmp_path / "home")
    checked = laptop("--lang", "en", REVIEWER_BUNDLE_CHECK="1")  # first start: matplotlib caches its font list
    assert "FAILED" not in checked and "ok chart-font" in checked, checked
    cache = laptop.hide_system_fonts_from_matplotlib()
    work = tmp_path / "panel"
    work.mkdir()
    chair = work / "chair.sqlite"
    imported = laptop("import", str(DEMO), "--db", str(chair), "--report", str(work / "import.json"))
    assert "已导入" in imported and (work / "import.json").is_file()
    experts = work / "experts.csv"
    experts.write_text("姓名,工作单位,评审方向\n" + "".join(f"{n},单位{i},全部\n" for i, n in enumerate(EXPERTS)),
                       encoding="utf-8")
    laptop("experts", "--db", str(chair), "--add", str(experts))
    laptop("packages", "--db", str(chair), "--out", str(work / "out"), "--passphrases", str(work / "passphrases"))
    with open(work / "passphrases" / "口令清单.csv", encoding="utf-8-sig") as file:
        handed_out = {row["专家"]: row for row in csv.DictReader(file)}
    score_files = []
    for number, name in enumerate(EXPERTS):
        package, secret = work / "out" / handed_out[name]["工作包文件"], work / f"{number}.pass"
        secret.write_text(handed_out[name]["口令"], encoding="utf-8")
        sheet = work / f"{name}.xlsx"
        laptop("sheet", str(package), "--out", str(sheet), "--passphrase-file", str(secret))
        _fill(sheet, number)
        score_files.append(work / f"{name}.rvscore")
        laptop("submit", str(package), "--scores", str(sheet), "--out", str(score_files[-1]), "--passphrase-file", str(secret))
    merged = laptop("merge", "--db", str(chair), *map(str, score_files))
    assert merged.count("已合并") == len(EXPERTS), merged
    exported = laptop("export", "--db", str(chair), "--out", str(work / "docs"))
    assert "已导出" in exported
    # Chinese chart text drawn with a font that lacks it warns "Glyph … missing from font(s) DejaVu Sans".
    assert "missing from font" not in exported, exported
    charts = sorted((work / "docs" / "图表").glob("*.png"))
    assert charts and all(chart.read_bytes().startswith(b"\x89PNG") and chart.stat().st_size > 20_000 for chart in charts)
    summary = work / "docs" / "评审汇总表.docx"
    with zipfile.ZipFile(summary) as document:
        names = document.namelist()
        footers = [document.read(n).decode("utf-8") for n in names if n.startswith("word/footer")]
        body = document.read("word/document.xml").decode("utf-8")
    assert footers and "footerReference" in body, "the exported document has no footer"
    assert any(n.startswith("word/media/") and n.endswith(".png") for n in names), "the summary embeds no chart"
    again = laptop("--lang", "en", REVIEWER_BUNDLE_CHECK="1")  # the font cache is read again, not rebuilt
    assert "ok chart-font" in again and cache.is_file()
