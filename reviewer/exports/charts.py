"""Charts as matplotlib Figure objects (no pyplot state), with a CJK font so Chinese labels render.

Each function returns a Figure; :func:`png` renders one to PNG bytes (dpi 200). The GUI can put the same
Figure on a FigureCanvasQTAgg.
"""

from __future__ import annotations

import functools
import io
from typing import Any

from reviewer.exports.data import PanelData

CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "SimHei",
             "Microsoft YaHei", "PingFang SC", "Heiti SC", "WenQuanYi Zen Hei")
DPI = 200


@functools.lru_cache(maxsize=1)
def cjk_font() -> str | None:
    """The font family for Chinese chart text: the CJK font bundled in ``resources/fonts`` (the frozen app
    ships one), registered with matplotlib's font manager so Chinese never draws as boxes on a laptop with
    no CJK font installed; else the first installed of :data:`CJK_FONTS`; None when there is none."""
    from pathlib import Path

    from matplotlib import font_manager

    from reviewer.paths import resources_dir

    manager = font_manager.fontManager
    folder = resources_dir() / "fonts"
    bundled: list[str] = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else ():
        if path.suffix.lower() not in (".ttf", ".otf", ".ttc") or not path.is_file():
            continue
        try:
            manager.addfont(path)  # every face of a .ttc collection; in memory, not in the cache file
        except (OSError, RuntimeError, ValueError):  # an unreadable or broken font file: charts use the others
            continue
        bundled += [f.name for f in manager.ttflist if Path(f.fname) == path and f.name not in bundled]
    installed = {f.name for f in manager.ttflist}
    preferred = [name for name in CJK_FONTS if name in bundled] + bundled + list(CJK_FONTS)
    return next((name for name in preferred if name in installed), None)


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), layout="constrained")


def _style(ax: Any, fig: Any) -> None:
    """Apply the CJK font to every text of the axes (titles, labels, ticks, notes), without touching rcParams."""
    font = cjk_font()
    for text in [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.get_xticklabels(), *ax.get_yticklabels(), *ax.texts]:
        if font:
            text.set_fontfamily([font, "DejaVu Sans"])
    ax.grid(axis="y", alpha=0.3)


def _words(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh


def _no_data(ax: Any, lang: str) -> None:
    """An empty chart says so in its middle (无数据), with no meaningless axes."""
    ax.text(0.5, 0.5, _words(lang, "无数据", "No data"), transform=ax.transAxes, ha="center", va="center",
            fontsize=16, color="#7f7f7f")
    ax.set_xticks([])
    ax.set_yticks([])


def _direction(direction: int, lang: str) -> str:
    return _words(lang, f"方向{direction}", f"Dir. {direction}")


def distribution(data: PanelData, lang: str = "zh") -> Any:
    """Box plot of the experts' complete totals per direction."""
    fig = _figure(9, 3.4)
    ax = fig.add_subplot()
    t = data.totals[data.totals["complete"]]
    groups = [(d, list(block["total"])) for d, block in t.groupby("direction", sort=True)]
    ax.set_title(_words(lang, "各方向专家总分分布", "Experts' totals per direction"))
    if groups:
        _boxes(ax, [g[1] for g in groups])
        ax.set_xticks(range(1, len(groups) + 1), [_direction(int(d), lang) for d, _ in groups])
        ax.set_ylabel(_words(lang, "专家总分", "Expert's total"))
    else:
        _no_data(ax, lang)
    _style(ax, fig)
    return fig


def _boxes(ax: Any, groups: list[list[float]]) -> None:
    """Box plots drawn from ``cbook.boxplot_stats`` (Axes.boxplot reads every rcParam, which imports pyplot)."""
    from matplotlib import cbook
    from matplotlib.patches import Rectangle

    for x, values in enumerate(groups, 1):
        if not values:
            continue
        st = cbook.boxplot_stats(values)[0]
        ax.add_patch(Rectangle((x - 0.25, st["q1"]), 0.5, st["q3"] - st["q1"], facecolor="#dce6f2", edgecolor="#1f3864"))
        ax.plot([x - 0.25, x + 0.25], [st["med"]] * 2, color="#c0504d", linewidth=1.5)
        for low, high in ((st["whislo"], st["q1"]), (st["q3"], st["whishi"])):
            ax.plot([x, x], [low, high], color="#1f3864", linewidth=1)
        for y in (st["whislo"], st["whishi"]):
            ax.plot([x - 0.12, x + 0.12], [y, y], color="#1f3864", linewidth=1)
        if len(st["fliers"]):
            ax.plot([x] * len(st["fliers"]), st["fliers"], "o", markersize=3, markerfacecolor="none", color="#1f3864")
    ax.set_xlim(0.4, len(groups) + 0.6)
    ax.autoscale_view()


def experts_vs_panel(data: PanelData, lang: str = "zh") -> Any:
    """Each expert's mean deviation from the panel mean (%) with the ±threshold."""
    fig = _figure(9, 3.4)
    ax = fig.add_subplot()
    t = data.totals[data.totals["complete"]].copy()
    mean = t.groupby("declaration_id")["total"].transform("mean")
    t["off"] = (t["total"] - mean) / mean * 100
    by = t.groupby("expert")["off"].mean()
    names = [e.name for e in data.experts if e.name in by.index]
    values = [float(by[n]) for n in names]
    limit = data.settings.deviation * 100
    ax.set_title(_words(lang, f"各专家相对专家组平均分的平均偏离（虚线：±{limit:.0f}%）",
                        f"Each expert's mean deviation from the panel mean (dashed: ±{limit:.0f}%)"))
    if names:
        ax.bar(range(len(names)), values, color=["#c0504d" if abs(v) > limit else "#4f81bd" for v in values])
        ax.axhline(0, color="black", linewidth=0.8)
        for y in (limit, -limit):
            ax.axhline(y, color="#c0504d", linestyle="--", linewidth=0.8)
        ax.set_xticks(range(len(names)), names, rotation=45 if len(names) > 8 else 0, ha="right" if len(names) > 8 else "center")
        ax.set_ylabel(_words(lang, "平均偏离（%）", "Mean deviation (%)"))
    else:
        _no_data(ax, lang)
    _style(ax, fig)
    return fig


def agreement(data: PanelData, lang: str = "zh") -> Any:
    """Kendall's W per direction (over the declarations with complete scores; the count is under each bar)."""
    fig = _figure(9, 3.4)
    ax = fig.add_subplot()
    keys = sorted(data.agreement)
    ax.set_title(_words(lang, "各方向专家评分一致性（肯德尔和谐系数 W）", "Agreement per direction (Kendall's W)"))
    if any(data.agreement[k].w is not None for k in keys):
        values = [data.agreement[k].w or 0.0 for k in keys]
        bars = ax.bar(range(len(keys)), values, color="#9bbb59")
        for bar, k in zip(bars, keys):
            a = data.agreement[k]
            label = "—" if a.w is None else f"{a.w:.2f}"
            ax.annotate(label, (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom", fontsize=8)
        counts = [f"{_direction(k, lang)}\n" + (f"{data.agreement[k].declarations}/{data.agreement[k].of}"
                                                if data.agreement[k].w is not None else "—") for k in keys]
        ax.set_xticks(range(len(keys)), counts)
        ax.set_ylim(0, 1.1)
        ax.set_ylabel("W")
    else:
        _no_data(ax, lang)
    _style(ax, fig)
    return fig


CHARTS = (("分数分布", distribution, "图1 各方向专家总分分布（箱线图）"),
          ("专家偏离", experts_vs_panel, "图2 各专家相对专家组平均分的平均偏离"),
          ("评分一致性", agreement, "图3 各方向评分一致性（肯德尔和谐系数 W；方向名下为参与计算的项目数/项目总数）"))


def png(fig: Any) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()
