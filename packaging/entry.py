"""The frozen app's entry point: the ``reviewer`` console script (``ui.launcher:main``).

matplotlib keeps its font cache in the user's cache folder (:func:`matplotlib_cache`), so it is
built once, not on every start (PyInstaller's run-time hook points it at a new temporary folder).

With REVIEWER_BUNDLE_CHECK=1 it instead loads and exercises the libraries the app
imports only when a feature needs them (so the window opens fast), prints one
line each and exits 1 if one fails: the packaging test's proof that they are in
the bundle and work there, since a start-up never touches them.
"""

import io
import os
import sys
from pathlib import Path


def matplotlib_cache() -> Path | None:
    """The user's cache folder for matplotlib (its font list), created; None if it cannot be."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "reviewer" / "cache"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches" / "reviewer"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "reviewer"
    try:
        (base / "matplotlib").mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only home: matplotlib keeps the temporary folder it was given
        return None
    return base / "matplotlib"


def _numpy() -> bool:
    import numpy

    return float(numpy.ones((64, 64)).dot(numpy.ones(64)).sum()) == 4096.0  # BLAS, from numpy.libs


def _pandas() -> bool:
    import pandas

    return float(pandas.DataFrame({"score": [1.5, 2.5]})["score"].sum()) == 4.0


def _matplotlib() -> bool:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(2, 1))
    figure.add_subplot().bar(["A", "B"], [3, 5])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue().startswith(b"\x89PNG")


def _pillow() -> bool:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#1d5fa8").save(buffer, "PNG")
    return Image.open(buffer).getpixel((0, 0)) == (29, 95, 168)


def _docx() -> bool:
    """A document with what python-docx reads from its ``templates`` folder: styles, settings, header, footer, comments."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.footer.is_linked_to_previous = False  # docx/parts/../templates/default-footer.xml
    section.header.is_linked_to_previous = False
    document.add_paragraph("评审意见", style="Heading 1")
    document.add_comment(document.paragraphs[0].runs, text="批注")
    document.settings.odd_and_even_pages_header_footer = False
    return _saved_size(document.save) > 0


def _chart_font() -> bool:
    """charts.cjk_font() is a family the bundled font file provides, and that file has the glyphs of chart text."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from reviewer.exports.charts import cjk_font
    from reviewer.paths import resources_dir

    family, folder = cjk_font(), resources_dir() / "fonts"
    bundled = [f.fname for f in font_manager.fontManager.ttflist if f.name == family and Path(f.fname).parent == folder]
    if not bundled:
        raise LookupError(f"charts draw Chinese with {family!r}, which no font in {folder} provides")
    font = FT2Font(bundled[0])
    return all(font.get_char_index(ord(c)) for c in "各方向专家总分分布评审意见")


def _openpyxl() -> bool:
    import openpyxl

    return _saved_size(openpyxl.Workbook().save) > 0


def _pypdf() -> bool:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    return _saved_size(writer.write) > 0


def _qtpdf() -> bool:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView

    return QPdfDocument is not None and QPdfView is not None


def _sqlite() -> bool:
    import sqlalchemy

    with sqlalchemy.create_engine("sqlite://").connect() as connection:
        return connection.exec_driver_sql("select 1").scalar() == 1


def _hashlib() -> bool:
    import hashlib
    import hmac

    key = hashlib.scrypt(b"passphrase", salt=b"salt", n=16, r=1, p=1, dklen=32)  # needs OpenSSL's _hashlib
    return len(hmac.new(key, b"score sheet", hashlib.sha256).hexdigest()) == 64


def _cryptography() -> bool:
    """AES-GCM (packages, score files) and Ed25519 (the experts' signatures on score files)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    cipher = AESGCM(AESGCM.generate_key(bit_length=256))
    key = Ed25519PrivateKey.generate()
    key.public_key().verify(key.sign(b"score file"), b"score file")  # raises if the signature does not verify
    return cipher.decrypt(b"\0" * 12, cipher.encrypt(b"\0" * 12, "评审".encode(), None), None) == "评审".encode()


def _saved_size(save) -> int:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    save(buffer)
    return len(buffer.getvalue())


CHECKS = {"numpy": _numpy, "pandas": _pandas, "matplotlib": _matplotlib, "pillow": _pillow, "docx": _docx, "openpyxl": _openpyxl,
          "pypdf": _pypdf, "QtPdf": _qtpdf, "chart-font": _chart_font, "sqlite": _sqlite, "hashlib": _hashlib,
          "cryptography": _cryptography}


def bundle_check() -> int:
    failed = 0
    for name, check in CHECKS.items():
        try:
            result: object = check()
        except Exception as exc:  # report every failure, not only the first
            result = exc
        failed += result is not True
        print(f"ok {name}" if result is True else f"FAILED {name}: {result!r}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    cache = matplotlib_cache()
    if cache is not None:
        os.environ["MPLCONFIGDIR"] = str(cache)
    if os.environ.get("REVIEWER_BUNDLE_CHECK") == "1":
        sys.exit(bundle_check())
    from ui.launcher import main

    sys.exit(main())
