"""The panel: experts from a list, conflicts of interest (回避), assignments per direction.

A conflicted pair is never assigned, and the chair sees why: a tie the expert
declared, the expert's own unit as applicant (by name or credit code), or —
when the chair turns the rule on — an expert from the recommender's province.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from reviewer.call import Call
from reviewer.errors import ReviewerError
from reviewer.importing.forms import compare_key
from reviewer.importing.recommenders import recommender_in
from reviewer.importing.sources import read_text_table
from reviewer.importing.tables import parse_direction
from reviewer.panel.envelope import derive, new_passphrase
from reviewer.review import Review
from reviewer.store.models import AssignmentRow, ConflictRow, DeclarationRow, ExpertRow, RecommenderRow, SettingRow

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "专家姓名", "name"),
    "affiliation": ("工作单位", "单位", "所在单位", "affiliation"),
    "affiliation_code": ("单位统一社会信用代码", "单位信用代码", "affiliation_code"),
    "province": ("省份", "所在省份", "地区", "province"),
    "directions": ("评审方向", "方向", "专业方向", "directions"),
    "ties": ("回避关系", "需回避单位", "申报关联", "ties"),
    "role": ("角色", "组长", "专家组角色", "role", "leader"),
}
#: A ``role`` cell that makes the expert the panel leader (组长).
LEADER_MARKS = ("组长", "是", "√", "✓", "y", "yes", "leader", "1")
_SPLIT = re.compile(r"[;；,，、\n/]+")
PROVINCE_RULE = "province_rule"


class ExpertListError(ReviewerError):
    """The expert list has a fault; nothing from it was stored."""


@dataclass(frozen=True)
class ExpertEntry:
    name: str
    affiliation: str
    affiliation_code: str
    province: str
    directions: tuple[int, ...]
    ties: tuple[str, ...]
    leader: bool = False


def read_expert_list(path: Path, call: Call) -> list[ExpertEntry]:
    """Read an .xlsx or .csv list of experts; a bad cell raises ExpertListError naming its address."""
    rows = _rows(path)
    header_at, columns = _header(rows, path)
    entries = []
    for r, line in enumerate(rows[header_at + 1:], header_at + 2):
        cell = {key: (line[i].strip() if i < len(line) and line[i] is not None else "") for key, i in columns.items()}
        if not any(cell.values()):
            continue
        if not cell.get("name"):
            raise ExpertListError("expert_cell", path, f"{_letter(columns['name'])}{r}", detail="姓名为空 / no name")
        entries.append(ExpertEntry(cell["name"], cell.get("affiliation", ""), cell.get("affiliation_code", ""),
                                   cell.get("province", ""), _directions(cell.get("directions", ""), call, path, columns, r),
                                   tuple(t.strip() for t in _SPLIT.split(cell.get("ties", "")) if t.strip()),
                                   cell.get("role", "").strip().lower() in LEADER_MARKS))
        if entries[-1].leader and sum(e.leader for e in entries) > 1:
            raise ExpertListError("expert_cell", path, f"{_letter(columns['role'])}{r}", detail="组长只能有一位 / only one leader")
    if not entries:
        raise ExpertListError("expert_list_empty", path)
    return entries


def _rows(path: Path) -> list[list[str]]:
    if not path.exists():
        raise ExpertListError("file_missing", path)
    if path.suffix.lower() == ".csv":
        try:
            return [row for row in csv.reader(io.StringIO(read_text_table(path.read_bytes())))]
        except UnicodeDecodeError:
            raise ExpertListError("file_unreadable", path, detail="neither UTF-8 nor GBK") from None
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ExpertListError("file_unreadable", path, detail=type(exc).__name__) from None
    try:
        return [["" if v is None else str(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _header(rows: list[list[str]], path: Path) -> tuple[int, dict[str, int]]:
    for i, line in enumerate(rows[:10]):
        names = [re.sub(r"\s+", "", c or "").lower() for c in line]
        columns = {key: names.index(a.lower()) for key, aliases in COLUMNS.items() for a in aliases if a.lower() in names}
        if "name" in columns and "directions" in columns:
            return i, columns
    raise ExpertListError("expert_header", path)


def _directions(text: str, call: Call, path: Path, columns: dict[str, int], row: int) -> tuple[int, ...]:
    if text.strip() in ("全部", "所有", "all", "*"):
        return tuple(d.no for d in call.directions)
    found = []
    for part in _SPLIT.split(text):
        if not part.strip():
            continue
        no = parse_direction(part, call)
        if no is None:
            raise ExpertListError("expert_cell", path, f"{_letter(columns['directions'])}{row}",
                                  detail=f"无法识别的方向“{part.strip()}” / unknown direction")
        found.append(no)
    if not found:
        raise ExpertListError("expert_cell", path, f"{_letter(columns['directions'])}{row}", detail="评审方向为空 / no direction")
    return tuple(sorted(set(found)))


def _letter(index: int) -> str:
    """Column letter of a 0-based index (A, …, Z, AA, …)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def add_experts(review: Review, entries: list[ExpertEntry]) -> list[ExpertRow]:
    """Register experts (each with a passphrase and a signing key); one already there is updated."""
    now = datetime.now().isoformat(timespec="seconds")
    added = []
    with Session(review.engine) as s:
        for e in entries:
            row = s.exec(select(ExpertRow).where(ExpertRow.name == e.name, ExpertRow.affiliation == e.affiliation)).first()
            if row is None:
                passphrase = new_passphrase()
                row = ExpertRow(name=e.name, affiliation=e.affiliation, passphrase=passphrase,
                                secret=derive(passphrase).to_text(), signing_key=os.urandom(32).hex(), created_at=now)
            row.affiliation_code, row.province = e.affiliation_code, e.province
            row.directions, row.ties = json.dumps(list(e.directions)), json.dumps(list(e.ties), ensure_ascii=False)
            s.add(row)
            added.append(row)
        s.commit()
        for row in added:
            s.refresh(row)
    leaders = [e.name for e in entries if e.leader]
    if leaders:
        _set_leader(review, leaders[0])
    return added


def _set_leader(review: Review, name: str) -> None:
    """The list names the panel leader (组长): stored with the consolidation settings, audited there."""
    from dataclasses import replace

    from reviewer.panel.consolidation import load_settings, save_settings

    save_settings(review, replace(load_settings(review), leader=name))


def set_province_rule(review: Review, on: bool) -> None:
    with Session(review.engine) as s:
        s.merge(SettingRow(key=PROVINCE_RULE, value="on" if on else "off"))
        s.commit()


def province_rule(review: Review) -> bool:
    with Session(review.engine) as s:
        row = s.get(SettingRow, PROVINCE_RULE)
    return row is not None and row.value == "on"


def conflicts_of(expert: ExpertRow, declaration: DeclarationRow, recommender: RecommenderRow, call: Call,
                 province_rule_on: bool) -> list[tuple[str, str]]:
    """Why an expert must not score a declaration: (source, reason) pairs; empty when free to."""
    found: list[tuple[str, str]] = []
    applicant = compare_key(declaration.applicant)
    for tie in json.loads(expert.ties):
        key = compare_key(tie)
        if key and (key == applicant or key == compare_key(declaration.credit_code) or (len(key) >= 4 and key in applicant)):
            found.append(("declared", f"申报时声明：{tie}"))
    if expert.affiliation and compare_key(expert.affiliation) == applicant:
        found.append(("affiliation", f"工作单位即申报单位：{expert.affiliation}"))
    elif expert.affiliation_code and compare_key(expert.affiliation_code) == compare_key(declaration.credit_code):
        found.append(("affiliation", f"工作单位信用代码与申报单位相同：{expert.affiliation_code}"))
    if province_rule_on and expert.province:
        home = recommender_in(expert.province, call)
        rec = call.recommender(recommender.name)
        if home is not None and rec is not None and home.name in (rec.name, rec.province):
            found.append(("province", f"专家来自推荐单位所在省份：{expert.province}"))
    return found


def assign(review: Review, call: Call) -> tuple[int, int]:
    """Recompute conflicts and assignments (see :mod:`reviewer.panel.assignment`: every eligible expert of the
    direction by default, else a balanced number per declaration). Returns (assignments, conflicts)."""
    from reviewer.panel.assignment import assign_all

    return assign_all(review, call)


def experts(review: Review) -> list[ExpertRow]:
    with Session(review.engine) as s:
        return list(s.exec(select(ExpertRow).order_by(ExpertRow.id)))


def assignments(review: Review, expert_id: int) -> list[DeclarationRow]:
    with Session(review.engine) as s:
        ids = [a.declaration_id for a in s.exec(select(AssignmentRow).where(AssignmentRow.expert_id == expert_id))]
        rows = [s.get(DeclarationRow, i) for i in ids]
    return sorted((r for r in rows if r is not None), key=lambda r: (r.direction, r.code))


def conflicts(review: Review, expert_id: int | None = None) -> list[ConflictRow]:
    with Session(review.engine) as s:
        query = select(ConflictRow)
        if expert_id is not None:
            query = query.where(ConflictRow.expert_id == expert_id)
        return list(s.exec(query))
