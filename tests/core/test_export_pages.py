"""Each kind of document rendered to PDF by LibreOffice for panels of 3, 7 and 25 experts, pages counted.

One LibreOffice invocation converts all twelve documents (one per kind per panel size). The bounds are what
a reader should get: an opinion on one to three portrait pages whatever the panel size, a summary that grows
with the directions and not with the square of the panel (the per-expert totals are a matrix, ten experts a
table), a personal sheet of about a page per direction, a formal report of a page or two.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from export_panel import build_panel, declaration_codes

from reviewer.review import Review

SIZES = (3, 7, 25)
KINDS = ("opinion", "summary", "personal", "formal")


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[int, str], int]:
    from reviewer.exports import export_all

    assert shutil.which("soffice") and shutil.which("pdfinfo"), "LibreOffice and poppler-utils are installed by .ci/run"
    root = tmp_path_factory.mktemp("pages")
    docs = root / "docs"
    docs.mkdir()
    for n in SIZES:
        chair = build_panel(root / f"chair{n}.sqlite", n)
        review = Review.open(chair)
        try:
            out = root / f"out{n}"
            export_all(review, out, documents=("opinions", "summary", "personal", "formal"))
        finally:
            review.close()
        code = declaration_codes(chair)[2]          # the vetoed declaration: the longest opinion
        shutil.copy(out / "专家组评审意见" / f"{code}_专家组评审意见.docx", docs / f"{n}-opinion.docx")
        shutil.copy(out / "评审汇总表.docx", docs / f"{n}-summary.docx")
        shutil.copy(next((out / "个人评分表").glob("*.docx")), docs / f"{n}-personal.docx")
        shutil.copy(out / "形式审查报告.docx", docs / f"{n}-formal.docx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{root}/lo", "--convert-to", "pdf",
                    "--outdir", str(root / "pdf"), *sorted(map(str, docs.iterdir()))],
                   capture_output=True, timeout=540, check=True)
    return {(n, kind): _pages(root / "pdf" / f"{n}-{kind}.pdf") for n in SIZES for kind in KINDS}


def test_an_opinion_stays_on_one_to_three_pages_for_any_panel(pages: dict[tuple[int, str], int]) -> None:
    assert all(1 <= pages[(n, "opinion")] <= 3 for n in SIZES), pages


def test_the_summary_grows_with_the_panel_by_matrix_tables_not_by_pages_per_declaration(pages: dict[tuple[int, str], int]) -> None:
    three, seven, twenty_five = (pages[(n, "summary")] for n in SIZES)
    assert 6 <= three <= seven <= twenty_five <= 24, pages
    assert twenty_five <= 2 * three, pages


def test_personal_sheets_and_the_formal_report_keep_a_sane_length(pages: dict[tuple[int, str], int]) -> None:
    assert all(5 <= pages[(n, "personal")] <= 12 for n in SIZES), pages      # ten directions, two declarations each
    assert all(1 <= pages[(n, "formal")] <= 3 for n in SIZES), pages
