"""A small, deterministic batch of declarations with every variation of issue 3.

``make_corpus(root)`` writes a batch folder as recommenders' offices send it and
returns what a correct import must find in it (:class:`Expected`): every
declaration with its fields, order, direction and selection, and every finding
as (code, declaration, file). The expectation is built from this module's own
data, never by running the importer, so a spurious or a missing finding fails.

``make_corpus_zip`` / ``make_corpus_gbk_zip`` pack the same folder as a .zip
batch (UTF-8 names, or GBK names without the UTF-8 flag as on Chinese Windows);
the importer strips the single top folder, so the paths inside are the same
as in the folder batch.

Variations (folder → recommender):

* ``03_浙江省`` – province, numbered prefix; .xlsx table with two title rows,
  directions written ``3`` / ``方向1`` / ``方向五`` / ``（三）3.健康医疗服务`` /
  only the name / ``方向10`` / ``方向十``; 11 projects in directions 1–9 and 3 in
  direction 10 → two ``quota_exceeded``; forms with full- and half-width
  colons, two labels on one line, spaced labels in a table, ``label：value``
  inside cells, a form whose names differ from the table only in quotes,
  spaces and bracket width (no finding).
* ``宁波`` – planned city by short name; .csv UTF-8 with BOM, header
  推荐顺序/项目名称/申报主体/申报方向 and no credit-code column; 6 projects in
  directions 1–9 → ``quota_exceeded``; a 92… code → ``not_legal_person``; a
  LibreOffice-saved form; the letter is a PDF.
* ``兵团`` – the corps by short name; .csv in GBK, header 排序/单位名称,
  directions by name only; no letter → ``missing_document`` (letter); a row
  without a form → ``missing_document``; merged cells (gridSpan + vMerge);
  a direction that is none of the call's → ``unknown_direction``.
* ``05_火星省`` – unknown → ``unknown_recommender``, nothing else read.
* ``06_福建省.zip`` – a nested zip with GBK entry names and no UTF-8 flag;
  .xlsx without title rows, directions as numbers; a LibreOffice-saved form
  with merged cells and values in the cell below; .doc and .wps →
  ``unsupported_format``; corrupt, empty and encrypted files and a zip-bomb
  member → ``unreadable_document``; the first of a duplicate pair.
* ``材料一`` – 青岛市, recognisable only by its table's title (plain UTF-8
  .csv with a title row; the letter does not name the city); a PDF form with
  a text layer; the second of a duplicate pair across recommenders →
  ``duplicate_declaration``; table and form disagree on project name,
  applicant and direction → three ``field_mismatch``; a wrong check digit →
  ``invalid_credit_code``; a scanned PDF → ``no_text_layer``.
* ``材料二`` – 厦门市, recognisable only by its letter; no table → order from the
  file names + ``order_from_file_names``; a LibreOffice-saved form with cover
  lines; a form without credit code and contact → two ``missing_field``; a
  分公司 → ``not_legal_person``.

Run ``python tests/core/batch_corpus.py --fixtures`` to rebuild the committed
LibreOffice fixtures in ``tests/fixtures/forms`` (needs ``soffice``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "forms"
if str(REPO) not in sys.path:  # run as a script to rebuild the fixtures
    sys.path.insert(0, str(REPO))

from reviewer.eligibility import CreditCodeRules, check_digit  # noqa: E402

_RULES = CreditCodeRules.from_call({})
_DATE = (2019, 3, 28, 9, 0, 0)
PDF_FONT = "WenQuanYi Micro Hei"

# --------------------------------------------------------------------------
# The rules this corpus is checked against, taken from the notice (工信厅信软函〔2019〕41号,
# 二（三）) and written down here on purpose instead of read from call.toml.
# --------------------------------------------------------------------------

QUOTAS: dict[str, tuple[int, tuple[tuple[frozenset[int], int], ...]]] = {
    "province": (12, ((frozenset(range(1, 10)), 10), (frozenset({10}), 2))),
    "planned_city": (6, ((frozenset(range(1, 10)), 5), (frozenset({10}), 1))),
    "corps": (6, ((frozenset(range(1, 10)), 5), (frozenset({10}), 1))),
}

#: Severity of each finding code (issue 3 gives the codes; the severities are this test's decision).
SEVERITY = {
    "quota_exceeded": "warning",
    "invalid_credit_code": "error",
    "not_legal_person": "error",
    "missing_document": "error",          # a form; a missing letter is a warning (see letter_severity)
    "unreadable_document": "error",
    "unsupported_format": "error",
    "no_text_layer": "warning",
    "unknown_direction": "error",
    "unknown_recommender": "error",
    "duplicate_declaration": "warning",
    "field_mismatch": "warning",
    "missing_field": "warning",
    "order_from_file_names": "info",
}
LETTER_SEVERITY = "warning"

#: Debatable points of the expectation, decided by the issue's intent (reported to the owner).
DECISIONS = {
    "paths": "Every path is relative to the batch root with '/'. Files of a nested zip appear under the zip's name "
             "without '.zip' (06_福建省.zip → 06_福建省/…). A .zip batch whose entries sit in one top folder gives "
             "the same paths as the folder batch (the top folder is stripped), so both give the same findings.",
    "fingerprint": "The fingerprint is over paths and contents, not the container: folder, UTF-8 zip and GBK zip "
                   "of the same files have the same fingerprint.",
    "unreadable_form": "A form that is unsupported or unreadable gives exactly one finding (unsupported_format / "
                       "unreadable_document) on that file: no missing_field (nothing could be read) and no "
                       "missing_document (the file is there). The declaration keeps the table's data, fields == {}.",
    "scanned_pdf": "A PDF without text layer gives no_text_layer only; fields == {} and the table's data are used.",
    "quota_file": "quota_exceeded names the recommender's summary table as its file (the order it applies comes "
                  "from there); the declaration is the one not selected.",
    "quota_selection": "Per recommender, in the recommender's order (序号), a declaration is selected while its "
                       "direction group and the recommender's total are within the limits; a declaration whose "
                       "direction is unknown is not selected and gets no quota finding.",
    "duplicate": "A duplicate pair gives one duplicate_declaration, on the later declaration in batch order "
                 "(recommender folders in name order), on its form; the message names the earlier one.",
    "missing_letter": "A recommender without 推荐意见函 gives missing_document (warning) with the folder as file and "
                      "no declaration.",
    "missing_form": "A table row without a form gives missing_document with the summary table as file.",
    "eligibility_file": "invalid_credit_code, not_legal_person and unknown_direction name the readable form, else "
                        "the summary table.",
    "mismatch": "field_mismatch: one finding per differing field (project name, applicant, direction), on the "
                "form; differences only in spaces, quotes, bracket width or the way a direction is written are "
                "not mismatches.",
    "fields": "ImportedDeclaration.fields holds exactly the labelled fields the form states (also the optional "
              "ones: 推荐单位, 法定代表人, 手机, 电子邮箱, 注册地址), with values as written (runs of white space "
              "collapsed).",
    "table_first": "Where a table row exists, project name, applicant, credit code and direction come from the "
                   "table; without a table from the form.",
    "unknown_recommender": "An unknown folder gives unknown_recommender with the folder as file and nothing else.",
}


def credit_code(stem17: str) -> str:
    """A valid unified social credit code for a 17-character stem."""
    assert len(stem17) == 17, stem17
    return stem17 + check_digit(stem17, _RULES)


#: The codes this corpus made wrong on purpose (the expectation does not recompute check digits).
BAD_CODES: set[str] = set()


def wrong_check_digit(code: str) -> str:
    right = code[-1]
    alphabet = _RULES.alphabet
    wrong = code[:-1] + alphabet[(alphabet.index(right) + 7) % len(alphabet)]
    BAD_CODES.add(wrong)
    return wrong


def _code(region: str, serial: int, kind: str = "91") -> str:
    return credit_code(f"{kind}{region}MA{serial:07d}")


# --------------------------------------------------------------------------
# What a form says
# --------------------------------------------------------------------------

#: The label this corpus writes → the field key it stands for (form_fields.toml's meaning).
LABEL_KEYS = {
    "项目名称": "project_name", "示范项目名称": "project_name", "项 目 名 称": "project_name",
    "申报单位（盖章）": "applicant", "申报单位": "applicant", "单 位 名 称": "applicant", "申报主体": "applicant",
    "企业名称": "applicant", "申报单位名称": "applicant", "单位名称": "applicant",
    "统一社会信用代码": "credit_code", "社会信用代码": "credit_code",
    "所属方向": "direction", "申报方向": "direction",
    "推荐单位": "recommender", "法定代表人": "legal_representative",
    "联系人": "contact", "项目联系人": "contact", "联 系 人": "contact",
    "手机": "phone", "联系电话": "phone", "手 机": "phone",
    "电子邮箱": "email", "注册地址": "address",
}


@dataclass(frozen=True)
class Item:
    label: str
    value: str

    @property
    def key(self) -> str:
        return LABEL_KEYS[self.label]


@dataclass
class Form:
    """One application form. ``kind``: docx, pdf, scan, fixture, doc, wps, corrupt, empty, encrypted, bomb."""

    kind: str
    items: tuple[Item, ...] = ()
    style: str = "cover"      # docx layout: cover, cover_half, cover_inline, table_next, table_below, table_merged, cell_inline
    fixture: str = ""         # file name under tests/fixtures/forms

    @property
    def suffix(self) -> str:
        return {"pdf": ".pdf", "scan": ".pdf", "encrypted": ".pdf", "doc": ".doc", "wps": ".wps"}.get(self.kind, ".docx")

    @property
    def readable(self) -> bool:
        return self.kind in ("docx", "pdf", "fixture")

    @property
    def has_content(self) -> bool:
        """The importer could open it (a scan opens, it just has no text)."""
        return self.readable or self.kind == "scan"

    @property
    def fields(self) -> dict[str, str]:
        if not self.readable:
            return {}
        return {item.key: " ".join(item.value.split()) for item in self.items}

    def value(self, key: str) -> str:
        return self.fields.get(key, "")

    @property
    def format(self) -> str:
        return self.suffix.lstrip(".")


def _items(project: str, applicant: str, code: str, direction: str, contact: str, *extra: Item,
           labels: tuple[str, str, str, str, str] = ("项目名称", "申报单位（盖章）", "统一社会信用代码", "所属方向", "联系人"),
           ) -> tuple[Item, ...]:
    values = (project, applicant, code, direction, contact)
    return tuple(Item(label, value) for label, value in zip(labels, values) if value) + extra


# --------------------------------------------------------------------------
# The LibreOffice fixtures (committed; content here, files made by make_libreoffice_fixtures)
# --------------------------------------------------------------------------

XM_CODE_2 = _code("350200", 2)
FJ_CODE_1 = _code("350100", 1)
NB_CODE_3 = _code("330200", 3)

#: 厦门市-02: cover lines (tab after the colon, half-width colon), a heading, a table with a
#: column span, a row span and a spaced label.
LO_COVER = "lo_cover_lines.docx"
LO_COVER_ITEMS = (
    Item("项目名称", "厦门鹭岛数字文博平台"),
    Item("申报单位（盖章）", "厦门鹭岛文化科技有限公司"),
    Item("推荐单位", "厦门市工业和信息化局"),
    Item("所属方向", "方向一 数字创意内容和服务"),
    Item("统一社会信用代码", XM_CODE_2),
    Item("联 系 人", "林八"),
    Item("电子邮箱", "lin8@example.cn"),
    Item("手 机", "13900000008"),
)
#: 福建省-01: everything in one table: spaced label, labels row with the values in the row
#: below, a label spanning two columns, a label spanning two rows.
LO_TABLE = "lo_merged_table.docx"
LO_TABLE_ITEMS = (
    Item("项 目 名 称", "福州闽智在线教育平台"),
    Item("申报单位名称", "福州闽智教育科技有限公司"),
    Item("统一社会信用代码", FJ_CODE_1),
    Item("法定代表人", "郑九"),
    Item("所属方向", "4"),
    Item("联系人", "周十"),
    Item("注册地址", "福州市鼓楼区软件大道89号"),
    Item("电子邮箱", "zhou10@example.cn"),
)
#: 宁波市-03: a python-docx form (label：value inside table cells, two labels in one cell)
#: opened and saved again by LibreOffice.
LO_ROUNDTRIP = "lo_roundtrip.docx"
LO_ROUNDTRIP_ITEMS = (
    Item("项目名称", "宁波甬创智能音响产业化项目"),
    Item("申报主体", "宁波甬创电子有限公司"),
    Item("统一社会信用代码", NB_CODE_3),
    Item("所属方向", "8.前沿电子信息产品"),
    Item("联系人", "钱二"),
    Item("联系电话", "0574-87654321"),
)
#: Labels above values, as Word and WPS templates often have them, with labels the call does
#: not read (单位性质, 注册资本, 职务, 邮编) beside the ones it reads, and merged title rows.
LO_ABOVE = "lo_labels_above.docx"
LO_ABOVE_ITEMS = (
    Item("项目名称", "泉州刺桐智慧港口物流服务平台"),
    Item("单位名称", "泉州刺桐港航科技有限公司"),
    Item("统一社会信用代码", _code("350500", 11)),
    Item("所属方向", "7.现代物流服务"),
    Item("联系人", "黄十一"),
    Item("手机", "13900000011"),
)
FIXTURE_ITEMS = {LO_COVER: LO_COVER_ITEMS, LO_TABLE: LO_TABLE_ITEMS, LO_ROUNDTRIP: LO_ROUNDTRIP_ITEMS,
                 LO_ABOVE: LO_ABOVE_ITEMS}


def _fodt(body: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2" '
            'office:mimetype="application/vnd.oasis.opendocument.text">\n'
            f'<office:body><office:text>\n{body}\n</office:text></office:body></office:document>\n')


def _cell(text: str, cols: int = 1, rows: int = 1) -> str:
    span = (f' table:number-columns-spanned="{cols}"' if cols > 1 else "") + (f' table:number-rows-spanned="{rows}"' if rows > 1 else "")
    return f"<table:table-cell{span}><text:p>{text}</text:p></table:table-cell>" + "<table:covered-table-cell/>" * (cols - 1)


def _row(*cells: str) -> str:
    return "<table:table-row>" + "".join(cells) + "</table:table-row>"


_COVERED = "<table:covered-table-cell/>"


def lo_cover_fodt() -> str:
    v = {item.label: item.value for item in LO_COVER_ITEMS}
    return _fodt("\n".join([
        '<text:h text:outline-level="1">2019年新型信息消费示范项目申报书</text:h>',
        f"<text:p>项目名称：{v['项目名称']}</text:p>",
        f"<text:p>申报单位（盖章）：<text:tab/>{v['申报单位（盖章）']}</text:p>",
        f"<text:p>推荐单位: {v['推荐单位']}</text:p>",
        f"<text:p>所属方向：{v['所属方向']}</text:p>",
        "<text:p>申报日期：2019年3月28日</text:p>",
        '<text:h text:outline-level="1">一、申报单位基本情况</text:h>',
        '<table:table table:name="基本情况"><table:table-column table:number-columns-repeated="4"/>',
        _row(_cell("统一社会信用代码", cols=2), _cell(v["统一社会信用代码"], cols=2)),
        _row(_cell("联 系 人", rows=2), _cell(v["联 系 人"]), _cell("电子邮箱"), _cell(v["电子邮箱"])),
        _row(_COVERED, _cell("手 机"), _cell(v["手 机"], cols=2)),
        "</table:table>",
        "<text:p>本单位承诺所填报内容真实有效。</text:p>",
    ]))


def lo_table_fodt() -> str:
    v = {item.label: item.value for item in LO_TABLE_ITEMS}
    return _fodt("\n".join([
        "<text:p>新型信息消费示范项目申报书</text:p>",
        '<table:table table:name="申报信息"><table:table-column table:number-columns-repeated="3"/>',
        _row(_cell("项 目 名 称"), _cell(v["项 目 名 称"], cols=2)),
        _row(_cell("申报单位名称"), _cell(v["申报单位名称"], cols=2)),
        _row(_cell("统一社会信用代码"), _cell("法定代表人"), _cell("所属方向")),
        _row(_cell(v["统一社会信用代码"]), _cell(v["法定代表人"]), _cell(v["所属方向"])),
        _row(_cell("联系人", cols=2), _cell(v["联系人"])),
        _row(_cell("注册地址", rows=2), _cell(v["注册地址"], cols=2)),
        _row(_COVERED, _cell("电子邮箱"), _cell(v["电子邮箱"])),
        "</table:table>",
    ]))


def lo_above_fodt() -> str:
    v = {item.label: item.value for item in LO_ABOVE_ITEMS}
    return _fodt("\n".join([
        '<text:h text:outline-level="1">2019年新型信息消费示范项目申报书</text:h>',
        '<table:table table:name="基本信息"><table:table-column table:number-columns-repeated="4"/>',
        _row(_cell("一、申报单位基本信息", cols=4)),
        _row(_cell("单位名称"), _cell("统一社会信用代码"), _cell("单位性质"), _cell("注册资本（万元）")),
        _row(_cell(v["单位名称"]), _cell(v["统一社会信用代码"]), _cell("有限责任公司"), _cell("500")),
        _row(_cell("二、项目信息", cols=4)),
        _row(_cell("项目名称", cols=2), _cell("所属方向"), _cell("建设周期")),
        _row(_cell(v["项目名称"], cols=2), _cell(v["所属方向"]), _cell("2019年—2020年")),
        _row(_cell("联系人"), _cell("职务"), _cell("手机"), _cell("邮编")),
        _row(_cell(v["联系人"]), _cell("总经理"), _cell(v["手机"]), _cell("362000")),
        "</table:table>",
    ]))


def lo_roundtrip_source(path: Path) -> None:
    from docx import Document

    v = {item.label: item.value for item in LO_ROUNDTRIP_ITEMS}
    doc = Document()
    doc.add_paragraph("新型信息消费示范项目申报书")
    table = doc.add_table(rows=5, cols=1)
    table.cell(0, 0).text = f"项目名称：{v['项目名称']}"
    table.cell(1, 0).text = f"申报主体：{v['申报主体']}"
    table.cell(2, 0).text = f"统一社会信用代码:{v['统一社会信用代码']}"
    table.cell(3, 0).text = f"所属方向：{v['所属方向']}"
    table.cell(4, 0).text = f"联系人：{v['联系人']}　　联系电话：{v['联系电话']}"
    doc.save(str(path))


def make_libreoffice_fixtures(out: Path = FIXTURES, only: tuple[str, ...] = ()) -> list[Path]:
    """Write the sources and let LibreOffice save them as .docx (run by hand; the results are committed).

    ``only``: the fixtures to rebuild (by file name), so the others keep their bytes.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice (LibreOffice Writer) is needed to rebuild the fixtures")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp)
        (src / "lo_cover_lines.fodt").write_text(lo_cover_fodt(), encoding="utf-8")
        (src / "lo_merged_table.fodt").write_text(lo_table_fodt(), encoding="utf-8")
        (src / "in").mkdir()
        (src / "lo_labels_above.fodt").write_text(lo_above_fodt(), encoding="utf-8")
        lo_roundtrip_source(src / "in" / LO_ROUNDTRIP)
        profile = f"-env:UserInstallation=file://{src / 'profile'}"
        for source in (src / "lo_cover_lines.fodt", src / "lo_merged_table.fodt", src / "in" / LO_ROUNDTRIP,
                       src / "lo_labels_above.fodt"):
            if only and source.with_suffix(".docx").name not in only:
                continue
            subprocess.run([soffice, profile, "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out),
                            str(source)], check=True, capture_output=True, timeout=120)
    return [out / name for name in FIXTURE_ITEMS]


# --------------------------------------------------------------------------
# The batch
# --------------------------------------------------------------------------


@dataclass
class Project:
    order: int
    project_name: str
    applicant: str
    credit_code: str
    direction: int | None
    direction_text: str             # as the table writes it ("" when there is no table)
    form: Form | None               # None: the table lists it, but no form was sent
    mismatches: tuple[str, ...] = ()  # fields where the form says something else than the table
    duplicate_of: str = ""          # code of the earlier declaration with the same applicant and project
    file_stem: str = ""

    @property
    def file_name(self) -> str:
        assert self.form is not None
        return f"{self.order:02d}_{self.file_stem or self.project_name}申报书{self.form.suffix}"


@dataclass
class Table:
    file: str
    format: str                     # xlsx, csv-utf8, csv-bom, csv-gbk
    header: tuple[str, ...]         # column titles; keys by position: seq, project, applicant, [credit], direction
    title_rows: tuple[str, ...] = ()
    credit_column: bool = True


@dataclass
class Unit:
    folder: str
    recommender: str | None         # what it must be recognised as (None: unknown)
    kind: str
    projects: list[Project]
    table: Table | None
    letter: str = ""                # file name of the letter ("" = none)
    letter_lines: tuple[str, ...] = ()
    nested_zip: bool = False

    @property
    def prefix(self) -> str:
        return self.folder + "/"


def _form(project: str, applicant: str, code: str, direction: str, contact: str, *extra: Item, style: str = "cover",
          labels: tuple[str, str, str, str, str] | None = None) -> Form:
    kwargs = {"labels": labels} if labels else {}
    return Form("docx", _items(project, applicant, code, direction, contact, *extra, **kwargs), style=style)


def _units() -> list[Unit]:
    zj = "330100"
    zhejiang_rows = [  # order, project, applicant, direction no, as the table writes it, as the form writes it
        (1, "杭州云医健康管理平台", "杭州云医科技有限公司", 3, "3", "3.健康医疗服务"),
        (2, "之江数字影音创作平台", "浙江之江数字文化有限公司", 1, "方向1", "1.数字创意内容和服务"),
        (3, "西湖信息消费体验中心", "杭州西湖体验科技有限公司", 10, "方向10", "10.信息消费体验中心"),
        (4, "义乌小商品跨境电商平台", "义乌商通网络科技有限公司", 5, "方向五", "方向5"),
        (5, "温州社区到家服务平台", "温州邻里网络科技有限公司", 2, "（一）2.线上线下融合服务", "线上线下融合服务"),
        (6, "绍兴纺织行业云服务平台", "绍兴织云信息技术有限公司", 6, "行业信息化服务", "6.行业信息化服务"),
        (7, "嘉兴信息消费体验馆", "嘉兴智享科技有限公司", 10, "信息消费体验中心", "方向十"),
        (8, "金华智慧物流调度平台", "金华速运供应链（集团）有限公司", 7, "7", "7.现代物流服务"),
        (9, "湖州超高清视频终端产业化项目", "湖州超视电子有限公司", 8, "方向8", "8.前沿电子信息产品"),
        (10, "台州智能家电物联网升级项目", "台州智电家电有限公司", 9, "方向九", "9.消费类电子产品"),
        (11, "丽水乡村在线课堂平台", "丽水云课教育科技有限公司", 4, "（二）4.在线教育服务", "4.在线教育服务"),
        (12, "舟山海洋信息消费体验中心", "舟山海韵科技有限公司", 10, "方向十", "10.信息消费体验中心"),
        (13, "衢州远程诊疗协同平台", "衢州康联医疗科技有限公司", 3, "（三）3.健康医疗服务", "方向三"),
        (14, "杭州工业互联网综合集成服务平台", "杭州工联信息技术有限公司", 6, "6", "6.行业信息化服务"),
    ]
    zhejiang = []
    for order, name, applicant, no, table_text, form_text in zhejiang_rows:
        code = _code(zj, order)
        if order == 1:
            form = _form(name, applicant, code, form_text, "赵一", Item("推荐单位", "浙江省经济和信息化厅"), style="cover_half")
        elif order == 2:
            form = _form(name, applicant, code, form_text, "钱一", Item("手机", "13700000002"), style="cover_inline")
        elif order == 4:
            form = _form(name, applicant, code, form_text, "孙一", Item("法定代表人", "李一"),
                         labels=("项目名称", "单 位 名 称", "统一社会信用代码", "所属方向", "联 系 人"), style="table_next")
        elif order == 5:
            form = _form(name, applicant, code, form_text, "周一", Item("电子邮箱", "zhou1@example.cn"), style="cell_inline")
        elif order == 8:  # differs from the table only in spaces, quotes and bracket width: no mismatch
            form = _form("金华 “智慧物流” 调度平台", "金华速运供应链(集团)有限公司", code, form_text, "吴一")
        else:
            form = _form(name, applicant, code, form_text, f"联系人{order}")
        zhejiang.append(Project(order, name, applicant, code, no, table_text, form))

    nb = "330200"
    ningbo = [
        Project(1, "宁波甬上生活服务平台", "宁波甬上网络科技有限公司", "", 2, "方向2",
                _form("宁波甬上生活服务平台", "宁波甬上网络科技有限公司", _code(nb, 1), "方向2", "郑二", style="table_below")),
        Project(2, "宁波港城跨境电商平台", "宁波市鄞州港城电子商务商行", "", 5, "方向5",
                _form("宁波港城跨境电商平台", "宁波市鄞州港城电子商务商行", _code(nb, 2, kind="92"), "方向5", "王二",
                      labels=("项目名称", "申报主体", "统一社会信用代码", "申报方向", "联系人"))),
        Project(3, "宁波甬创智能音响产业化项目", "宁波甬创电子有限公司", "", 8, "方向8",
                Form("fixture", LO_ROUNDTRIP_ITEMS, fixture=LO_ROUNDTRIP)),
        Project(4, "宁波书香在线教育平台", "宁波书香教育科技有限公司", "", 4, "方向4",
                _form("宁波书香在线教育平台", "宁波书香教育科技有限公司", _code(nb, 4), "4.在线教育服务", "冯二")),
        Project(5, "宁波四明冷链物流平台", "宁波四明物流有限公司", "", 7, "方向7",
                _form("宁波四明冷链物流平台", "宁波四明物流有限公司", _code(nb, 5), "7.现代物流服务", "陈二")),
        Project(6, "慈溪智能小家电升级项目", "慈溪智电电器有限公司", "", 9, "方向9",
                _form("慈溪智能小家电升级项目", "慈溪智电电器有限公司", _code(nb, 6), "9.消费类电子产品", "褚二")),
    ]
    for p in ningbo:  # the table has no credit-code column: the code comes from the form
        assert p.form is not None
        p.credit_code = p.form.value("credit_code")

    bt = "659001"
    corps = [
        Project(1, "兵团智慧物流服务平台", "兵团智运物流有限公司", _code(bt, 1), 7, "现代物流服务",
                _form("兵团智慧物流服务平台", "兵团智运物流有限公司", _code(bt, 1), "现代物流服务", "张三",
                      Item("法定代表人", "赵六"), Item("手机", "13800000001"), Item("电子邮箱", "zs@example.cn"),
                      Item("注册地址", "新疆石河子市北四路1号"),
                      labels=("项目名称", "单 位 名 称", "统一社会信用代码", "所属方向", "联系人"), style="table_merged")),
        Project(2, "石河子远程医疗服务平台", "石河子康远医疗科技有限公司", _code(bt, 2), 3, "健康医疗服务", None),
        Project(3, "阿拉尔农产品电商平台", "阿拉尔丰收电子商务有限公司", _code(bt, 3), 5, "电子商务平台服务",
                _form("阿拉尔农产品电商平台", "阿拉尔丰收电子商务有限公司", _code(bt, 3), "电子商务平台服务", "李三",
                      labels=("示范项目名称", "申报主体", "社会信用代码", "申报方向", "项目联系人"))),
        Project(4, "五家渠区块链溯源平台", "五家渠链信科技有限公司", _code(bt, 4), None, "区块链金融服务",
                _form("五家渠区块链溯源平台", "五家渠链信科技有限公司", _code(bt, 4), "区块链金融服务", "王三")),
    ]

    fj = "350100"
    fujian = [
        Project(1, "福州闽智在线教育平台", "福州闽智教育科技有限公司", FJ_CODE_1, 4, "4",
                Form("fixture", LO_TABLE_ITEMS, fixture=LO_TABLE)),
        Project(2, "闽货通社交电商平台", "福建闽货通网络科技有限公司", _code(fj, 2), 5, "5",
                _form("闽货通社交电商平台", "福建闽货通网络科技有限公司", _code(fj, 2), "5.电子商务平台服务", "吴四")),
        Project(3, "泉州数字动漫创作平台", "泉州动漫文化有限公司", _code(fj, 3), 1, "1", Form("doc")),
        Project(4, "漳州社区生鲜到家平台", "漳州鲜到家网络科技有限公司", _code(fj, 4), 2, "2", Form("wps")),
        Project(5, "莆田智慧健康管理平台", "莆田健康云科技有限公司", _code(fj, 5), 3, "3", Form("corrupt")),
        Project(6, "三明林业信息化服务平台", "三明林信科技有限公司", _code(fj, 6), 6, "6", Form("empty")),
        Project(7, "南平茶叶冷链物流平台", "南平茶运物流有限公司", _code(fj, 7), 7, "7",
                Form("encrypted", _items("南平茶叶冷链物流平台", "南平茶运物流有限公司", _code(fj, 7), "7", "郑四"))),
        Project(8, "龙岩超高清显示终端项目", "龙岩超显电子有限公司", _code(fj, 8), 8, "8", Form("bomb")),
    ]

    qd = "370200"
    qd_pdf_code = credit_code(f"91{qd}000000001")   # digits only: a PDF's text layer keeps it in one piece
    qd_bad_code = wrong_check_digit(_code(qd, 4))
    qingdao = [
        Project(1, "青岛远程诊疗服务平台", "青岛海医科技有限公司", qd_pdf_code, 3, "（三）3.健康医疗服务",
                Form("pdf", _items("青岛远程诊疗服务平台", "青岛海医科技有限公司", qd_pdf_code, "（三）3.健康医疗服务", "王五",
                                   Item("联系电话", "0532-88886666")))),
        Project(2, "“闽货通”社交电商平台", "福建闽货通网络科技有限公司", _code(fj, 2), 5, "（四）5.电子商务平台服务",
                _form("“闽货通”社交电商平台", "福建闽货通网络科技有限公司", _code(fj, 2), "5.电子商务平台服务", "吴四"),
                duplicate_of="福建省-02", file_stem="闽货通社交电商平台"),
        Project(3, "青岛智学在线教育平台", "青岛智学教育科技有限公司", _code(qd, 3), 4, "（二）4.在线教育服务",
                _form("青岛智学职业培训平台", "青岛智学网络科技有限公司", _code(qd, 3), "5.电子商务平台服务", "赵五"),
                mismatches=("project_name", "applicant", "direction")),
        Project(4, "青岛海工工业互联网平台", "青岛海工信息技术有限公司", qd_bad_code, 6, "（四）6.行业信息化服务",
                _form("青岛海工工业互联网平台", "青岛海工信息技术有限公司", qd_bad_code, "6.行业信息化服务", "钱五")),
        Project(5, "青岛智能家电物联网项目", "青岛海智电器有限公司", _code(qd, 5), 9, "（五）9.消费类电子产品",
                Form("scan", _items("青岛智能家电物联网项目", "青岛海智电器有限公司", _code(qd, 5), "9.消费类电子产品", "孙五"))),
    ]

    xm = "350200"
    xiamen_forms = [
        (1, _form("厦门鹭江智慧外卖平台", "厦门鹭江网络科技有限公司", _code(xm, 1), "2.线上线下融合服务", "李八",
                  labels=("示范项目名称", "企业名称", "社会信用代码", "申报方向", "项目联系人"), style="table_next")),
        (2, Form("fixture", LO_COVER_ITEMS, fixture=LO_COVER)),
        (3, _form("厦门海沧智慧物流平台", "厦门海沧物流有限公司", "", "7.现代物流服务", "")),
        (4, _form("厦门思明信息消费体验中心", "厦门云享科技有限公司思明分公司", _code(xm, 4), "10.信息消费体验中心", "黄八")),
    ]
    xiamen = []
    for order, form in xiamen_forms:  # no table: everything comes from the form
        no = _direction_of(form.value("direction"))
        xiamen.append(Project(order, form.value("project_name"), form.value("applicant"), form.value("credit_code"),
                              no, "", form))

    mars = [Project(1, "火星数字乐园平台", "火星乐园科技有限公司", _code("990000", 1), 1, "1",
                    _form("火星数字乐园平台", "火星乐园科技有限公司", _code("990000", 1), "1", "马九"))]

    letter = ("关于推荐2019年新型信息消费示范项目的函", "工业和信息化部办公厅", "现将我单位2019年新型信息消费示范项目推荐材料报上，请审核。")
    return [
        Unit("03_浙江省", "浙江省", "province", zhejiang,
             Table("浙江省推荐项目汇总表.xlsx", "xlsx", ("序号", "项目名称", "申报单位", "统一社会信用代码", "所属方向"),
                   title_rows=("2019年新型信息消费示范项目推荐汇总表", "推荐单位（盖章）：浙江省经济和信息化厅")),
             letter="推荐意见函.docx", letter_lines=("浙江省经济和信息化厅", *letter)),
        Unit("宁波", "宁波市", "planned_city", ningbo,
             Table("宁波市推荐项目汇总表.csv", "csv-bom", ("推荐顺序", "项目名称", "申报主体", "申报方向"), credit_column=False),
             letter="推荐意见函.pdf", letter_lines=("宁波市经济和信息化局", *letter)),
        Unit("兵团", "新疆生产建设兵团", "corps", corps,
             Table("兵团推荐汇总表.csv", "csv-gbk", ("排序", "项目名称", "单位名称", "统一社会信用代码", "所属方向"))),
        Unit("05_火星省", None, "", mars,
             Table("火星省推荐汇总表.csv", "csv-utf8", ("序号", "项目名称", "申报单位", "统一社会信用代码", "所属方向"),
                   title_rows=("火星省2019年新型信息消费示范项目推荐汇总表",)),
             letter="推荐意见函.docx", letter_lines=("火星省工业和信息化厅", *letter)),
        Unit("06_福建省", "福建省", "province", fujian,
             Table("福建省推荐项目汇总表.xlsx", "xlsx", ("序号", "项目名称", "申报单位", "统一社会信用代码", "所属方向")),
             letter="推荐意见函.docx", letter_lines=("福建省工业和信息化厅", *letter), nested_zip=True),
        Unit("材料一", "青岛市", "planned_city", qingdao,
             Table("推荐项目汇总表.csv", "csv-utf8", ("序号", "项目名称", "申报单位", "统一社会信用代码", "所属方向"),
                   title_rows=("青岛市2019年新型信息消费示范项目推荐汇总表",)),
             letter="推荐意见函.docx", letter_lines=("我市工业和信息化局", *letter)),
        Unit("材料二", "厦门市", "planned_city", xiamen, None,
             letter="推荐意见函.docx", letter_lines=("厦门市工业和信息化局", *letter)),
    ]


_DIRECTION_NAMES = {1: "数字创意内容和服务", 2: "线上线下融合服务", 3: "健康医疗服务", 4: "在线教育服务", 5: "电子商务平台服务",
                    6: "行业信息化服务", 7: "现代物流服务", 8: "前沿电子信息产品", 9: "消费类电子产品", 10: "信息消费体验中心"}


def _direction_of(text: str) -> int | None:
    """Only for the form-only recommender, whose forms all name their direction."""
    for no, name in _DIRECTION_NAMES.items():
        if name in text:
            return no
    return None


# --------------------------------------------------------------------------
# The expectation
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedDocument:
    path: str
    format: str
    sha256: str | None     # None: not checked (a zip-bomb member is never read)
    readable: bool         # the importer has its content (a scanned PDF is readable, it has no text)


@dataclass
class ExpectedDeclaration:
    code: str
    recommender: str
    recommender_kind: str
    order: int
    direction: int | None
    direction_text: str
    project_name: str
    applicant: str
    credit_code: str
    documents: tuple[ExpectedDocument, ...]
    fields: dict[str, str]
    selected: bool


@dataclass(frozen=True)
class ExpectedFinding:
    code: str
    declaration: str
    file: str
    severity: str
    mentions: tuple[str, ...] = ()    # what its Chinese message must name

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.code, self.declaration, self.file)


@dataclass
class Expected:
    root: Path
    recommenders: dict[str, str]                      # name → kind, of the recognised ones
    declarations: dict[str, ExpectedDeclaration]      # by code
    findings: list[ExpectedFinding]
    files: tuple[str, ...]                            # every file as the importer lists it
    decisions: dict[str, str] = field(default_factory=lambda: dict(DECISIONS))

    def finding_keys(self) -> Counter[tuple[str, str, str]]:
        return Counter(f.key for f in self.findings)


# --------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------


def make_corpus(root: Path) -> Expected:
    """Write the batch folder at ``root`` (created; must not exist or be empty) and return the expectation."""
    root.mkdir(parents=True, exist_ok=True)
    units = _units()
    pdf_jobs: list[dict[str, object]] = []
    encrypt: list[tuple[Path, Path]] = []
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        staging = Path(tmp)
        places: dict[str, Path] = {}
        for unit in units:
            base = (staging / unit.folder) if unit.nested_zip else (root / unit.folder)
            base.mkdir(parents=True)
            places[unit.folder] = base
            if unit.table is not None:
                _write_table(base / unit.table.file, unit.table, unit.projects)
            if unit.letter.endswith(".docx"):
                _write_letter_docx(base / unit.letter, unit.letter_lines)
            elif unit.letter.endswith(".pdf"):
                pdf_jobs.append({"path": str(base / unit.letter), "lines": list(unit.letter_lines), "scan": False})
            for p in unit.projects:
                if p.form is not None:
                    _write_form(base / p.file_name, p.form, pdf_jobs, encrypt, staging)
        _run_pdf_jobs(pdf_jobs)
        for plain, target in encrypt:
            _encrypt_pdf(plain, target)
        hashes = {}
        for unit in units:
            for path in sorted(places[unit.folder].rglob("*")):
                if path.is_file():
                    hashes[unit.prefix + path.relative_to(places[unit.folder]).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
        for unit in units:
            if unit.nested_zip:
                _write_gbk_zip(places[unit.folder], root / (unit.folder + ".zip"), top="", bomb=[
                    p.file_name for p in unit.projects if p.form is not None and p.form.kind == "bomb"])
    return _expected(root, units, hashes)


def _write_table(path: Path, table: Table, projects: list[Project]) -> None:
    rows: list[list[object]] = []
    for p in projects:
        cells: list[object] = [p.order, p.project_name, p.applicant]
        if table.credit_column:
            cells.append(p.credit_code)
        cells.append(int(p.direction_text) if table.format == "xlsx" and p.direction_text.isdigit() else p.direction_text)
        rows.append(cells)
    width = len(table.header)
    if table.format == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        ws.title = "汇总表"
        for title in table.title_rows:
            ws.append([title] + [None] * (width - 1))
            ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
        ws.append(list(table.header))
        for cells in rows:
            ws.append(cells)
        ws.append(["", "", "", ""])  # an empty row at the end, as offices leave them
        wb.properties.creator = "corpus"
        import datetime as dt

        wb.properties.created = wb.properties.modified = dt.datetime(2019, 3, 28, 9, 0, 0)
        buffer = io.BytesIO()
        wb.save(buffer)
        path.write_bytes(_fixed_zip_times(buffer.getvalue()))
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for title in table.title_rows:
        writer.writerow([title] + [""] * (width - 1))
    writer.writerow(table.header)
    for cells in rows:
        writer.writerow(cells)
    text = buffer.getvalue()
    encoding = {"csv-utf8": "utf-8", "csv-bom": "utf-8-sig", "csv-gbk": "gbk"}[table.format]
    path.write_bytes(text.encode(encoding))


def _write_letter_docx(path: Path, lines: tuple[str, ...]) -> None:
    from docx import Document

    doc = Document()
    for line in lines:
        doc.add_paragraph(line)
    _save_docx(doc, path)


def _save_docx(doc: object, path: Path) -> None:
    import datetime as dt

    props = doc.core_properties  # type: ignore[attr-defined]
    props.author = "corpus"
    props.created = props.modified = dt.datetime(2019, 3, 28, 9, 0, 0)
    props.last_modified_by = "corpus"
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)  # type: ignore[attr-defined]
    path.write_bytes(_fixed_zip_times(buffer.getvalue()))


def _fixed_zip_times(data: bytes) -> bytes:
    """The same package with fixed entry times, so that the corpus is the same bytes on every run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2019-03-28T09:00:00Z", content)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=_DATE), content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _write_form(path: Path, form: Form, pdf_jobs: list[dict[str, object]], encrypt: list[tuple[Path, Path]], staging: Path) -> None:
    if form.kind == "docx":
        _write_form_docx(path, form)
    elif form.kind == "fixture":
        shutil.copyfile(FIXTURES / form.fixture, path)
    elif form.kind in ("pdf", "scan"):
        pdf_jobs.append({"path": str(path), "lines": _cover_lines(form), "scan": form.kind == "scan"})
    elif form.kind == "encrypted":
        plain = staging / ("plain-" + path.name)
        pdf_jobs.append({"path": str(plain), "lines": _cover_lines(form), "scan": False})
        encrypt.append((plain, path))
    elif form.kind in ("doc", "wps"):  # an OLE2 compound file, as Word 97-2003 and WPS write them
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff" + b"\x00" * 490
                         + "WordDocument".encode("utf-16-le") + b"\x00" * 512)
    elif form.kind == "corrupt":
        data = random.Random(5).randbytes(3000)
        assert not data.startswith((b"PK", b"\xd0\xcf"))
        path.write_bytes(data)
    elif form.kind == "empty":
        path.write_bytes(b"")
    elif form.kind == "bomb":  # written into the nested zip as a highly compressed member, see _write_gbk_zip
        path.write_bytes(b"\0" * (2 * 1024 * 1024 + 1))
    else:
        raise ValueError(form.kind)


def _cover_lines(form: Form) -> list[str]:
    return ["2019年新型信息消费示范项目申报书", *(f"{item.label}：{item.value}" for item in form.items), "申报日期：2019年3月28日"]


def _write_form_docx(path: Path, form: Form) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("2019年新型信息消费示范项目申报书")
    items = list(form.items)
    style = form.style
    if style == "cover":
        for item in items:
            doc.add_paragraph(f"{item.label}：{item.value}")
    elif style == "cover_half":
        for item in items:
            doc.add_paragraph(f"{item.label}: {item.value}")
    elif style == "cover_inline":  # the last two (contact, phone) share one line
        for item in items[:-2]:
            doc.add_paragraph(f"{item.label}：{item.value}")
        a, b = items[-2:]
        doc.add_paragraph(f"{a.label}：{a.value}\u3000\u3000{b.label}：{b.value}")
    elif style == "table_next":
        table = doc.add_table(rows=len(items), cols=2)
        for i, item in enumerate(items):
            table.cell(i, 0).text = item.label
            table.cell(i, 1).text = item.value
    elif style == "table_below":
        table = doc.add_table(rows=2, cols=len(items))
        for i, item in enumerate(items):
            table.cell(0, i).text = item.label
            table.cell(1, i).text = item.value
    elif style == "cell_inline":
        table = doc.add_table(rows=len(items), cols=1)
        for i, item in enumerate(items):
            table.cell(i, 0).text = f"{item.label}：{item.value}"
    elif style == "table_merged":
        v = {item.key: item for item in items}
        table = doc.add_table(rows=7, cols=4)

        def put(r: int, c: int, text: str, to: tuple[int, int] | None = None) -> None:
            cell = table.cell(r, c) if to is None else table.cell(r, c).merge(table.cell(*to))
            cell.text = text

        put(0, 0, v["project_name"].label)
        put(0, 1, v["project_name"].value, to=(0, 3))
        put(1, 0, v["credit_code"].label)
        put(1, 1, v["credit_code"].value)
        put(1, 2, v["legal_representative"].label)
        put(1, 3, v["legal_representative"].value)
        put(2, 0, v["contact"].label, to=(3, 0))           # vertical merge
        put(2, 1, v["contact"].value)
        put(2, 2, v["phone"].label)
        put(2, 3, v["phone"].value)
        put(3, 2, v["email"].label)
        put(3, 3, v["email"].value)
        put(4, 0, v["direction"].label)
        put(4, 1, v["direction"].value, to=(4, 3))
        put(5, 0, v["address"].label, to=(5, 1))          # a label over two columns
        put(5, 2, v["address"].value, to=(5, 3))
        put(6, 0, v["applicant"].label)
        put(6, 1, v["applicant"].value, to=(6, 3))
        assert len(v) == len(items) == 9
    else:
        raise ValueError(style)
    doc.add_paragraph("本单位承诺所填报内容真实有效。")
    _save_docx(doc, path)


_PDF_SCRIPT = r"""
import hashlib, json, re, sys
from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QImage, QPageSize, QPainter, QPdfWriter
app = QGuiApplication([])
jobs = json.load(sys.stdin)
font_name = sys.argv[1]
if font_name not in QFontDatabase.families():
    sys.exit("font missing: " + font_name)
for job in jobs:
    writer = QPdfWriter(job["path"])
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setResolution(72)
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setCreator("batch corpus")
    painter = QPainter(writer)
    font = QFont(font_name, 12)
    if job["scan"]:  # a scan: the page is one image, there is no text layer
        image = QImage(595, 842, QImage.Format.Format_Grayscale8)
        image.fill(QColor("white"))
        inner = QPainter(image)
        inner.setFont(font)
        for i, line in enumerate(job["lines"]):
            inner.drawText(72, 100 + 28 * i, line)
        inner.end()
        painter.drawImage(QRectF(0, 0, 595, 842), image)
    else:
        painter.setFont(font)
        for i, line in enumerate(job["lines"]):
            painter.drawText(72, 100 + 28 * i, line)
    painter.end()
    del painter, writer
    with open(job["path"], "rb") as fh:
        data = fh.read()
    # the same bytes on every run: a fixed date and a fixed document ID (same lengths, the xref stays right)
    data = re.sub(rb"\(D:\d{14}Z\)", b"(D:20190328090000Z)", data)
    data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?=[+-]\d\d:\d\d|Z)", b"2019-03-28T09:00:00", data)
    seed = hashlib.sha256(job["path"].rsplit("/", 1)[-1].encode()).hexdigest().encode() * 4
    uuid = b"-".join((seed[:8], seed[8:12], seed[12:16], seed[16:20], seed[20:32]))
    data = re.sub(rb"uuid:[0-9a-fA-F-]{36}", b"uuid:" + uuid, data)
    data = re.sub(rb"/ID \[ <([0-9a-fA-F]+)> <([0-9a-fA-F]+)> \]",
                  lambda m: b"/ID [ <" + seed[:len(m.group(1))] + b"> <" + seed[:len(m.group(2))] + b"> ]", data)
    with open(job["path"], "wb") as fh:
        fh.write(data)
"""


def _run_pdf_jobs(jobs: list[dict[str, object]]) -> None:
    if not jobs:
        return
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", _PDF_SCRIPT, PDF_FONT], input=json.dumps(jobs), text=True,
                            capture_output=True, env=env, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(f"PDF generation failed: {result.stderr.strip()}")


def _encrypt_pdf(plain: Path, target: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(plain))
    writer.encrypt(user_password="mima2019", owner_password="owner2019", algorithm="RC4-128")
    from pypdf.generic import ArrayObject

    writer._ID = ArrayObject((writer._ID[0], writer._ID[0]))  # pypdf draws the second ID at random: same bytes every run
    buffer = io.BytesIO()
    writer.write(buffer)
    target.write_bytes(buffer.getvalue())


class _GbkZipInfo(zipfile.ZipInfo):
    """An entry whose name is stored as GBK bytes without the UTF-8 flag (zips made on Chinese Windows)."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:  # noqa: N802 (zipfile's name)
        return self.filename.encode("cp437"), self.flag_bits & ~0x800


def _gbk_entry(name: str) -> _GbkZipInfo:
    raw = name.encode("gbk")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        raise AssertionError(f"the GBK bytes of {name!r} are valid UTF-8 too: pick another name")
    info = _GbkZipInfo(raw.decode("cp437"), date_time=_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def _write_gbk_zip(folder: Path, target: Path, top: str, bomb: list[str] = ()) -> None:  # type: ignore[assignment]
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            name = (top + "/" if top else "") + path.relative_to(folder).as_posix()
            info = _gbk_entry(name)
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    with zipfile.ZipFile(target) as check:
        for info in check.infolist():
            assert not info.flag_bits & 0x800, info.filename
            if any(info.filename.encode("cp437").decode("gbk").endswith(b) for b in bomb):
                assert info.file_size / info.compress_size > 200


def _plain_zip(folder: Path, target: Path, top: str) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = (top + "/" if top else "") + path.relative_to(folder).as_posix()
                archive.writestr(zipfile.ZipInfo(name, date_time=_DATE), path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)


def make_corpus_zip(folder: Path, target: Path, top: str = "") -> Path:
    """The batch folder as a .zip with UTF-8 names (flagged); ``top``: one folder holding everything."""
    _plain_zip(folder, target, top)
    return target


def make_corpus_gbk_zip(folder: Path, target: Path, top: str = "2019年信息消费示范项目申报材料") -> Path:
    """The batch folder as a .zip made on Chinese Windows: GBK names, no UTF-8 flag, one top folder."""
    _write_gbk_zip(folder, target, top)
    return target


# --------------------------------------------------------------------------
# The expectation, from the data above
# --------------------------------------------------------------------------


def _select(unit: Unit) -> dict[int, tuple[bool, int, int]]:
    """order → (selected, position in its group, the group's limit); the notice's rule, in the recommender's order."""
    max_total, groups = QUOTAS[unit.kind]
    taken = [0] * len(groups)
    total = 0
    result = {}
    for p in sorted(unit.projects, key=lambda x: x.order):
        group = next((i for i, (dirs, _) in enumerate(groups) if p.direction in dirs), None)
        if group is None:
            result[p.order] = (False, 0, 0)
            continue
        taken[group] += 1
        ok = taken[group] <= groups[group][1] and total < max_total
        total += ok
        result[p.order] = (ok, taken[group], groups[group][1])
    return result


def _expected(root: Path, units: list[Unit], hashes: dict[str, str]) -> Expected:
    declarations: dict[str, ExpectedDeclaration] = {}
    findings: list[ExpectedFinding] = []

    def add(code: str, declaration: str, file: str, *mentions: str, severity: str | None = None) -> None:
        findings.append(ExpectedFinding(code, declaration, file, severity or SEVERITY[code], tuple(mentions)))

    for unit in sorted(units, key=lambda u: u.folder):  # the batch's order: folders by name
        if unit.recommender is None:
            add("unknown_recommender", "", unit.folder, unit.folder)
            continue
        table_file = unit.prefix + unit.table.file if unit.table else ""
        if not unit.letter:
            add("missing_document", "", unit.folder, "推荐意见函", severity=LETTER_SEVERITY)
        if unit.table is None:
            add("order_from_file_names", "", unit.folder)
        selection = _select(unit)
        for p in unit.projects:
            code = f"{unit.recommender}-{p.order:02d}"
            form = p.form
            documents: tuple[ExpectedDocument, ...] = ()
            form_file = ""
            if form is not None:
                form_file = unit.prefix + p.file_name
                documents = (ExpectedDocument(form_file, form.format, None if form.kind == "bomb" else hashes[form_file],
                                              form.has_content),)
                if form.kind in ("doc", "wps"):
                    add("unsupported_format", code, form_file, form.suffix)
                elif form.kind in ("corrupt", "empty", "encrypted", "bomb"):
                    add("unreadable_document", code, form_file)
                elif form.kind == "scan":
                    add("no_text_layer", code, form_file)
            else:
                add("missing_document", code, table_file, p.project_name)
            fields = form.fields if form is not None else {}
            readable_form = form_file if form is not None and form.readable else ""
            where = readable_form or table_file
            if form is not None and form.readable:
                for key, name in (("project_name", "项目名称"), ("applicant", "申报单位"), ("credit_code", "统一社会信用代码"),
                                  ("direction", "所属方向"), ("contact", "联系人")):
                    if key not in fields:
                        add("missing_field", code, form_file, name)
                names = {"project_name": ("项目名称", p.project_name), "applicant": ("申报单位", p.applicant),
                         "direction": ("所属方向", p.direction_text)}
                for key in p.mismatches:
                    name, table_value = names[key]
                    add("field_mismatch", code, form_file, name, table_value, fields[key])
            if p.direction is None:
                add("unknown_direction", code, where, p.direction_text)
            if p.credit_code in BAD_CODES:
                add("invalid_credit_code", code, where, p.credit_code)
            if p.credit_code.startswith("92") or p.applicant.endswith("分公司"):
                add("not_legal_person", code, where, p.applicant)
            if p.duplicate_of:
                assert p.duplicate_of in declarations, "the earlier one comes first in batch order"
                add("duplicate_declaration", code, documents[0].path if documents else where, p.duplicate_of)
            selected, position, limit = selection[p.order]
            if not selected and p.direction is not None:
                add("quota_exceeded", code, table_file or form_file, unit.recommender, f"{position}", f"{limit}")
            declarations[code] = ExpectedDeclaration(
                code=code, recommender=unit.recommender, recommender_kind=unit.kind, order=p.order, direction=p.direction,
                direction_text=p.direction_text or (fields.get("direction", "")), project_name=p.project_name,
                applicant=p.applicant, credit_code=p.credit_code, documents=documents, fields=dict(fields), selected=selected)
    files = tuple(sorted(hashes))
    recommenders = {u.recommender: u.kind for u in units if u.recommender}
    return Expected(root, recommenders, declarations, findings, files)


def snapshot(root: Path) -> dict[str, tuple[int, int, int, str]]:
    """Every file and folder under root: (mode, size, mtime_ns, sha256) — to prove nothing was written."""
    state: dict[str, tuple[int, int, int, str]] = {".": (root.stat().st_mode, 0, root.stat().st_mtime_ns, "")}
    paths = [root] if root.is_file() else sorted(root.rglob("*"))
    for path in paths:
        st = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        state[path.name if path == root else path.relative_to(root).as_posix()] = (st.st_mode, st.st_size, st.st_mtime_ns, digest)
    return state


if __name__ == "__main__":
    if "--fixtures" in sys.argv:
        for made in make_libreoffice_fixtures(only=tuple(a for a in sys.argv[2:] if a.endswith(".docx"))):
            print(made)
    else:
        target = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="batch-corpus-")) 
        expected = make_corpus(target)
        print(f"{target}: {len(expected.declarations)} declarations, {len(expected.findings)} findings")
