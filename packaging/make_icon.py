"""Draw the app icon with QPainter and write it as PNG, ICO (Windows) and ICNS (macOS).

The generated files under ``packaging/icons/`` are committed; run this again only
when the drawing changes:  python packaging/make_icon.py
A blue rounded tile (the app's accent colour) with a white application form and
a green tick: a form that has been reviewed.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402  (Pillow comes with matplotlib)
from PySide6.QtCore import QBuffer, QPointF, QRectF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen  # noqa: E402

ICONS = Path(__file__).resolve().parent / "icons"
ACCENT, PAPER, LINE, TICK = "#1d5fa8", "#ffffff", "#b8c4d3", "#2e9e5b"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def draw(size: int) -> QImage:
    """The icon at ``size`` pixels, drawn on a 100×100 grid."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(size / 100, size / 100)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(ACCENT))
    p.drawRoundedRect(QRectF(4, 4, 92, 92), 20, 20)
    _form(p)
    _tick(p)
    p.end()
    return image


def _form(p: QPainter) -> None:
    page = QPainterPath()
    page.moveTo(24, 14)
    page.lineTo(64, 14)
    page.lineTo(76, 26)
    page.lineTo(76, 84)
    page.lineTo(24, 84)
    page.closeSubpath()
    p.setBrush(QColor(PAPER))
    p.drawPath(page)
    p.setBrush(QColor(LINE))
    fold = QPainterPath()
    fold.moveTo(64, 14)
    fold.lineTo(64, 26)
    fold.lineTo(76, 26)
    fold.closeSubpath()
    p.drawPath(fold)
    for y, width in ((32, 30), (42, 40), (52, 34), (62, 22)):
        p.drawRoundedRect(QRectF(31, y, width, 4), 2, 2)


def _tick(p: QPainter) -> None:
    p.setBrush(QColor(TICK))
    p.setPen(QPen(QColor(PAPER), 3))
    p.drawEllipse(QPointF(70, 72), 17, 17)
    pen = QPen(QColor(PAPER), 5.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    tick = QPainterPath()
    tick.moveTo(62, 72)
    tick.lineTo(68, 78)
    tick.lineTo(79, 65)
    p.drawPath(tick)


def _pil(image: QImage) -> Image.Image:
    buffer = QBuffer()
    buffer.open(QBuffer.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841  (QPainter on QImage needs no window)
    ICONS.mkdir(exist_ok=True)
    draw(512).save(str(ICONS / "reviewer.png"))
    ico = [_pil(draw(s)) for s in ICO_SIZES]
    ico[-1].save(ICONS / "reviewer.ico", sizes=[(s, s) for s in ICO_SIZES], append_images=ico[:-1])
    icns = [_pil(draw(s)) for s in ICNS_SIZES]
    icns[-1].save(ICONS / "reviewer.icns", append_images=icns[:-1])
    for name in ("reviewer.png", "reviewer.ico", "reviewer.icns"):
        print(ICONS / name, (ICONS / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
