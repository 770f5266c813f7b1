"""Render the expert's window offscreen, in Chinese and English, for the README and for review.

    QT_QPA_PLATFORM=offscreen python tools/screenshots.py OUT_DIR [WIDTHxHEIGHT]

The window is sized as on a first start on a screen of that size (default 1366x768, a 13-inch laptop;
1920×1080 at 150 % is ``QT_SCALE_FACTOR=1.5 … 1280x720``). Besides the README's screenshot-main-*.png
it writes the reading mode, find, the overview and the comparison as shot-<size>-<view>-<language>.png.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QRect, QSettings  # noqa: E402

from reviewer.review import Review  # noqa: E402
from reviewer.setup import ensure_demo_review  # noqa: E402
from ui import i18n  # noqa: E402
from ui.app import create_application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402


def _sample_scores(review: Review) -> int:
    """Score the first declaration partly, the way an expert mid-review would have it."""
    first = review.declarations()[0]
    rubric = review.rubric(first.direction)
    for criterion, points in zip(rubric.criteria[:6], (13, 8.5, 8, 6.5, 7, 6)):
        review.set_points(first.id, criterion.id, min(points, criterion.max))
    review.set_remark(first.id, rubric.criteria[0].id, "内容制作渲染平台已上线，供给能力提升有数据支撑")
    second = review.declarations()[1]
    for criterion in review.rubric(second.direction).criteria:
        review.set_points(second.id, criterion.id, criterion.max - 2 if criterion.max > 8 else criterion.max - 1)
    review.set_opinion(second.id, "项目定位清晰，示范性较强。")
    review.set_recommendation(second.id, "recommend")
    third, fourth = review.declarations()[2:4]
    review.set_veto(third.id, "V2", "申报书前后数据不一致（社区数 300 与 500 余个）")
    review.set_recusal(fourth.id, True)
    review.set_recusal_reason(fourth.id, "近三年曾在申报单位任职")
    return first.id


def _settle(app: object, seconds: float = 0.8) -> None:
    """Let layouts settle and QtPdf render its pages (it renders in the background)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.02)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    width, height = (int(n) for n in (sys.argv[2] if len(sys.argv) > 2 else "1366x768").split("x"))
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    path = ensure_demo_review(work / "demo.sqlite")
    app = create_application()
    review = Review.open(path)
    first = _sample_scores(review)
    pdf_id = next(d.id for d in review.declarations() if review.documents(d.id)[0][1] == "pdf")
    size = f"{width}x{height}"
    for language in ("zh", "en"):
        i18n.install(app, language)
        settings = QSettings(str(work / f"settings-{language}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(review, settings, language)
        window.fit_to(QRect(0, 0, width, height - 40))  # less a task bar
        window.show()
        window.select(first)
        window.scoring.criteria[review.rubric(review.summary(first).direction).criteria[6].id].spin.setFocus()
        _settle(app)
        shot = lambda widget, view: widget.grab().save(str(out / f"shot-{size}-{view}-{language}.png"))  # noqa: E731
        window.grab().save(str(out / f"screenshot-main-{language}.png"))
        shot(window, "main")
        window.set_reading_mode(True)
        window.documents.show_terms(True)
        window.documents.open_find()
        window.documents.find_bar.field.setText("平台")
        _settle(app)
        shot(window, "find")
        window.documents.find_bar.close_bar()
        window.documents.show_terms(False)
        window.select(pdf_id)
        _settle(app)
        shot(window, "reading-pdf")
        window.set_reading_mode(False)
        overview = window.show_overview()
        overview.resize(min(900, width - 80), min(600, height - 120))  # type: ignore[union-attr]
        _settle(app, 0.3)
        shot(overview, "overview")
        overview.close()  # type: ignore[union-attr]
        compare = window.show_compare(first)
        compare.resize(width - 60, height - 120)  # type: ignore[union-attr]
        _settle(app)
        shot(compare, "compare")
        compare.close()  # type: ignore[union-attr]
        window.close()
    review.close()


if __name__ == "__main__":
    main()
