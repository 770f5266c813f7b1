"""The review: one SQLite file holding a batch, its rubrics and one expert's scores.

This facade is what the GUI, the command line and scripts talk to. Every edit is
its own committed transaction and returns an :class:`Edit` saying what changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from reviewer.documents import DocumentText
from reviewer.errors import ScoringError
from reviewer.rubric import Rubric
from reviewer.scoring import (
    ReviewState, ScoreSheet, check_points, check_recommendation, check_text, check_veto, checked, state_of,
)
from reviewer.store.database import open_engine
from reviewer.store.models import (
    AssessmentRow,
    DeclarationRow,
    DocumentRow,
    EditLogRow,
    RecommenderRow,
    ReviewInfo,
    RubricRow,
    ScoreRow,
    VetoRow,
)

#: Consecutive edits of one text field within this time make one history entry.
TEXT_COALESCE = timedelta(minutes=2)


@dataclass(frozen=True)
class Edit:
    """What one committed change did: the field, its old and new value, when."""

    declaration_id: int
    field: str
    old: object
    new: object
    at: str


@dataclass(frozen=True)
class DeclarationSummary:
    id: int
    code: str
    recommender: str
    seq: int
    direction: int
    direction_name: str
    project_name: str
    applicant: str
    credit_code: str
    state: ReviewState
    total: float
    vetoed: bool
    recommendation: str | None


@dataclass(frozen=True)
class Progress:
    finished: int   # done or recused with a reason
    recused: int
    total: int


def _write_lock(s: Session) -> None:
    """Begin the session's transaction as a writer at once (waiting the busy timeout for another window or
    program), so what an edit reads (the value it replaces, whether the row exists) is what it writes over.
    Begun lazily, as the driver does by default, another program could write the same cell between the read
    and the write, and this edit would fail on a row that appeared meanwhile."""
    s.connection().exec_driver_sql("BEGIN IMMEDIATE")


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class Review:
    """An open review database."""

    def __init__(self, path: Path, engine: Engine, backup: Path | None) -> None:
        self.path = path
        self.engine = engine
        self.backup = backup
        self._rubrics: dict[int, Rubric] = {}

    @classmethod
    def open(cls, path: Path) -> "Review":
        """Open (and if needed upgrade) a review database."""
        engine, backup = open_engine(Path(path))
        return cls(Path(path), engine, backup)

    def close(self) -> None:
        self.engine.dispose()

    # --- reading -----------------------------------------------------------
    def info(self) -> ReviewInfo | None:
        with Session(self.engine) as s:
            return s.get(ReviewInfo, 1)

    def rubric(self, direction: int) -> Rubric:
        if not self._rubrics:
            with Session(self.engine) as s:
                for row in s.exec(select(RubricRow)):
                    self._rubrics[row.direction] = Rubric.from_json(row.content)
        return self._rubrics[direction]

    def declaration(self, declaration_id: int) -> DeclarationRow:
        with Session(self.engine) as s:
            row = s.get(DeclarationRow, declaration_id)
        if row is None:
            raise ScoringError("declaration_unknown", self.path, declaration=declaration_id)
        return row

    def recommender_name(self, recommender_id: int) -> str:
        with Session(self.engine) as s:
            row = s.get(RecommenderRow, recommender_id)
        return row.name if row else ""

    def sheet(self, declaration_id: int) -> ScoreSheet:
        return self.sheets([declaration_id])[declaration_id]

    def sheets(self, declaration_ids: list[int]) -> dict[int, ScoreSheet]:
        with Session(self.engine) as s:
            return _sheets(s, declaration_ids)

    def declarations(self, include_unselected: bool = False) -> list[DeclarationSummary]:
        """The declarations to review (those within quota) in order: direction, recommender, sequence."""
        query = select(DeclarationRow).order_by(DeclarationRow.direction, DeclarationRow.recommender_id, DeclarationRow.seq)
        if not include_unselected:
            query = query.where(col(DeclarationRow.selected))
        with Session(self.engine) as s:
            rows = s.exec(query).all()
            recommenders = {r.id: r.name for r in s.exec(select(RecommenderRow))}
            sheets = _sheets(s, [r.id for r in rows if r.id is not None])
        return [self._summary(row, recommenders[row.recommender_id], sheets[row.id]) for row in rows if row.id is not None]

    def summary(self, declaration_id: int) -> DeclarationSummary:
        """One declaration's line of the list, as it stands now."""
        with Session(self.engine) as s:
            row = s.get(DeclarationRow, declaration_id)
            if row is None:
                raise ScoringError("declaration_unknown", self.path, declaration=declaration_id)
            recommender = s.get(RecommenderRow, row.recommender_id)
            sheet = _sheets(s, [declaration_id])[declaration_id]
        return self._summary(row, recommender.name if recommender else "", sheet)

    def _summary(self, row: DeclarationRow, recommender: str, sheet: ScoreSheet) -> DeclarationSummary:
        assert row.id is not None
        if not row.direction:  # the import did not recognise it; the chair corrects it in the formal check
            return DeclarationSummary(row.id, row.code, recommender, row.seq, 0, "?", row.project_name, row.applicant,
                                      row.credit_code, ReviewState.NOT_STARTED, 0.0, False, None)
        rubric = self.rubric(row.direction)
        return DeclarationSummary(
            id=row.id, code=row.code, recommender=recommender, seq=row.seq, direction=row.direction,
            direction_name=rubric.direction_name, project_name=row.project_name, applicant=row.applicant,
            credit_code=row.credit_code, state=state_of(sheet, rubric), total=sheet.total,
            vetoed=sheet.vetoed, recommendation=sheet.recommendation,
        )

    def progress(self) -> Progress:
        states = [d.state for d in self.declarations()]
        recused = states.count(ReviewState.RECUSED)
        return Progress(states.count(ReviewState.DONE) + recused, recused, len(states))

    def documents(self, declaration_id: int) -> list[tuple[str, str, DocumentText]]:
        """The declaration's documents: (path relative to the batch, format, extracted content)."""
        with Session(self.engine) as s:
            rows = s.exec(select(DocumentRow).where(DocumentRow.declaration_id == declaration_id).order_by(DocumentRow.id)).all()
        return [(r.path, r.format, DocumentText.from_json(r.content)) for r in rows]

    def batch_root(self) -> Path | None:
        info = self.info()
        return Path(info.batch_path) if info and info.batch_path else None

    def history(self, declaration_id: int) -> list[EditLogRow]:
        with Session(self.engine) as s:
            return list(s.exec(select(EditLogRow).where(EditLogRow.declaration_id == declaration_id).order_by(col(EditLogRow.id))))

    # --- editing: each call is one committed transaction ----------------------
    # Every value passes the one validator of reviewer.scoring (the offline sheet and the merge use it too).
    def set_points(self, declaration_id: int, criterion_id: str, points: float | None) -> Edit:
        rubric = self.rubric(self.declaration(declaration_id).direction)
        points = check_points(rubric, criterion_id, points, self.path)
        return self._commit(declaration_id, lambda s, at: self._put_points(s, declaration_id, criterion_id, points, at))

    def set_remark(self, declaration_id: int, criterion_id: str, remark: str) -> Edit:
        check_points(self.rubric(self.declaration(declaration_id).direction), criterion_id, None, self.path)
        remark = check_text(remark, "remark", self.path)
        return self._commit(declaration_id, lambda s, at: self._put_remark(s, declaration_id, criterion_id, remark, at))

    def set_opinion(self, declaration_id: int, opinion: str) -> Edit:
        return self._edit_assessment(declaration_id, "opinion", check_text(opinion, "opinion", self.path))

    def set_recommendation(self, declaration_id: int, recommendation: str | None) -> Edit:
        return self._edit_assessment(declaration_id, "recommendation", check_recommendation(recommendation, self.path))

    def set_recusal(self, declaration_id: int, recused: bool) -> Edit:
        return self._edit_assessment(declaration_id, "recused", bool(recused))

    def set_recusal_reason(self, declaration_id: int, reason: str) -> Edit:
        return self._edit_assessment(declaration_id, "recusal_reason", check_text(reason, "recusal reason", self.path))

    def set_veto(self, declaration_id: int, veto_id: str, reason: str | None) -> Edit:
        """Raise a veto item with its reason (``None`` withdraws it)."""
        rubric = self.rubric(self.declaration(declaration_id).direction)
        check_veto(rubric, veto_id, self.path)
        if reason is not None:
            reason = check_text(reason, "veto reason", self.path)
        return self._commit(declaration_id, lambda s, at: self._put_veto(s, declaration_id, veto_id, reason, at))

    def write_sheets(self, sheets: dict[int, ScoreSheet]) -> list[Edit]:
        """Make the given declarations hold exactly ``sheets`` (a loaded offline sheet): every sheet is checked
        first, then all changes are one transaction with their history — all of it is stored or none."""
        wanted = {did: checked(sheet, self.rubric(self.declaration(did).direction), self.path)
                  for did, sheet in sheets.items()}
        at = _now()
        edits: list[Edit] = []
        with Session(self.engine) as s:
            _write_lock(s)
            current = _sheets(s, list(wanted))
            for did, new in wanted.items():
                edits.extend(self._put_sheet(s, did, current[did], new, at))
            s.commit()
        return edits

    def _put_sheet(self, s: Session, did: int, old: ScoreSheet, new: ScoreSheet, at: str) -> list[Edit]:
        edits = []
        for cid in sorted(old.points.keys() | new.points.keys()):
            if old.points.get(cid) != new.points.get(cid):
                edits.append(self._put_points(s, did, cid, new.points.get(cid), at))
        for cid in sorted(old.remarks.keys() | new.remarks.keys()):
            if old.remarks.get(cid, "") != new.remarks.get(cid, ""):
                edits.append(self._put_remark(s, did, cid, new.remarks.get(cid, ""), at))
        for veto_id in sorted(old.vetoes.keys() | new.vetoes.keys()):
            if old.vetoes.get(veto_id) != new.vetoes.get(veto_id):
                edits.append(self._put_veto(s, did, veto_id, new.vetoes.get(veto_id), at))
        for name, before, after in (("opinion", old.opinion, new.opinion),
                                    ("recommendation", old.recommendation, new.recommendation),
                                    ("recused", old.recused, new.recused),
                                    ("recusal_reason", old.recusal_reason, new.recusal_reason)):
            if before != after:
                edits.append(self._put_assessment(s, did, name, after, at))
        return edits

    def _commit(self, declaration_id: int, put: Callable[[Session, str], Edit]) -> Edit:
        self.declaration(declaration_id)
        with Session(self.engine) as s:
            _write_lock(s)
            edit = put(s, _now())
            s.commit()
        return edit

    def _put_points(self, s: Session, did: int, cid: str, points: float | None, at: str) -> Edit:
        def change(row: ScoreRow) -> None:
            row.points = points
        return self._put_score(s, did, cid, f"points:{cid}", lambda r: r.points, change, points, at)

    def _put_remark(self, s: Session, did: int, cid: str, remark: str, at: str) -> Edit:
        def change(row: ScoreRow) -> None:
            row.remark = remark
        return self._put_score(s, did, cid, f"remark:{cid}", lambda r: r.remark, change, remark, at)

    def _put_veto(self, s: Session, did: int, veto_id: str, reason: str | None, at: str) -> Edit:
        row = s.get(VetoRow, (did, veto_id))
        old = row.reason if row else None
        if reason is None and row is not None:
            s.delete(row)
        elif reason is not None:
            row = row or VetoRow(declaration_id=did, veto_id=veto_id)
            row.reason = reason
            s.add(row)
        _log(s, did, f"veto:{veto_id}", old, reason, at, coalesce=reason is not None and old is not None)
        return Edit(did, f"veto:{veto_id}", old, reason, at)

    def _put_score(self, s: Session, did: int, cid: str, field: str, read: Callable[[ScoreRow], object],
                   change: Callable[[ScoreRow], None], new: object, at: str) -> Edit:
        stored = s.get(ScoreRow, (did, cid))
        row = stored or ScoreRow(declaration_id=did, criterion_id=cid)
        old = read(row)
        change(row)
        row.updated_at = at
        if row.points is None and not row.remark:
            if stored is not None:
                s.delete(row)
        else:
            s.add(row)
        _log(s, did, field, old, new, at, coalesce=field.startswith("remark:"))
        return Edit(did, field, old, new, at)

    def _edit_assessment(self, declaration_id: int, field: str, new: object) -> Edit:
        return self._commit(declaration_id, lambda s, at: self._put_assessment(s, declaration_id, field, new, at))

    def _put_assessment(self, s: Session, did: int, field: str, new: object, at: str) -> Edit:
        row = s.get(AssessmentRow, did) or AssessmentRow(declaration_id=did)
        old = getattr(row, field)
        setattr(row, field, new)
        row.updated_at = at
        s.add(row)
        _log(s, did, field, old, new, at, coalesce=isinstance(new, str) and field != "recommendation")
        return Edit(did, field, old, new, at)


def _sheets(s: Session, ids: list[int]) -> dict[int, ScoreSheet]:
    """The score sheets of the given declarations, read with one query per table."""
    sheets = {i: ScoreSheet(i) for i in ids}
    for score in s.exec(select(ScoreRow).where(col(ScoreRow.declaration_id).in_(ids))):
        sheet = sheets[score.declaration_id]
        if score.points is not None:
            sheet.points[score.criterion_id] = score.points
        if score.remark:
            sheet.remarks[score.criterion_id] = score.remark
    for a in s.exec(select(AssessmentRow).where(col(AssessmentRow.declaration_id).in_(ids))):
        sheet = sheets[a.declaration_id]
        sheet.opinion, sheet.recommendation = a.opinion, a.recommendation
        sheet.recused, sheet.recusal_reason = bool(a.recused), a.recusal_reason
    for v in s.exec(select(VetoRow).where(col(VetoRow.declaration_id).in_(ids))):
        sheets[v.declaration_id].vetoes[v.veto_id] = v.reason
    return sheets


def _log(s: Session, declaration_id: int, field: str, old: object, new: object, at: str, coalesce: bool) -> None:
    """Append to the edit history; typing in one text field makes one entry, not one per key."""
    if coalesce:
        last = s.exec(select(EditLogRow).order_by(col(EditLogRow.id).desc()).limit(1)).first()
        if (last is not None and last.declaration_id == declaration_id and last.field == field
                and datetime.fromisoformat(at) - datetime.fromisoformat(last.at) <= TEXT_COALESCE):
            last.new_value, last.at = _text(new), at
            s.add(last)
            return
    s.add(EditLogRow(at=at, declaration_id=declaration_id, field=field, old_value=_text(old), new_value=_text(new)))


def _text(value: object) -> str | None:
    if isinstance(value, float):
        return f"{value:g}"
    return None if value is None else str(value)
