"""The frozen app's entry point: the ``reviewer`` console script (``ui.launcher:main``).

With REVIEWER_BUNDLE_CHECK=1 it instead loads and exercises the libraries the app
imports only when a feature needs them (so the window opens fast), prints one
line each and exits 1 if one fails: the packaging test's proof that they are in
the bundle and work there, since a start-up never touches them.
"""

import io
import os
import sys


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
    import docx

    return _saved_size(docx.Document().save) > 0


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
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    cipher = AESGCM(AESGCM.generate_key(bit_length=256))
    return cipher.decrypt(b"\0" * 12, cipher.encrypt(b"\0" * 12, "评审".encode(), None), None) == "评审".encode()


def _saved_size(save) -> int:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    save(buffer)
    return len(buffer.getvalue())


CHECKS = {"numpy": _numpy, "pandas": _pandas, "matplotlib": _matplotlib, "pillow": _pillow, "docx": _docx, "openpyxl": _openpyxl,
          "pypdf": _pypdf, "QtPdf": _qtpdf, "sqlite": _sqlite, "hashlib": _hashlib,
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
    if os.environ.get("REVIEWER_BUNDLE_CHECK") == "1":
        sys.exit(bundle_check())
    from ui.launcher import main

    sys.exit(main())
