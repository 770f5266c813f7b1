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
from reviewer.rubric import Rubric, on_step
from reviewer.scoring import RECOMMENDATIONS, ReviewState, ScoreSheet, state_of
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
    def set_points(self, declaration_id: int, criterion_id: str, points: float | None) -> Edit:
        rubric = self.rubric(self.declaration(declaration_id).direction)
        criterion = rubric.criterion(criterion_id)
        if criterion is None:
            raise ScoringError("criterion_unknown", self.path, criterion=criterion_id)
        if points is not None:
            points = float(points)
            if not 0 <= points <= criterion.max:
                raise ScoringError("score_out_of_range", self.path, criterion=criterion.name, value=points, max=criterion.max)
            if not on_step(points):
                raise ScoringError("score_step", self.path, criterion=criterion.name, value=points)

        def change(row: ScoreRow) -> None:
            row.points = points
        return self._edit_score(declaration_id, criterion_id, f"points:{criterion_id}", lambda r: r.points, change, points)

    def set_remark(self, declaration_id: int, criterion_id: str, remark: str) -> Edit:
        def change(row: ScoreRow) -> None:
            row.remark = remark
        return self._edit_score(declaration_id, criterion_id, f"remark:{criterion_id}", lambda r: r.remark, change, remark)

    def set_opinion(self, declaration_id: int, opinion: str) -> Edit:
        return self._edit_assessment(declaration_id, "opinion", opinion)

    def set_recommendation(self, declaration_id: int, recommendation: str | None) -> Edit:
        if recommendation is not None and recommendation not in RECOMMENDATIONS:
            raise ScoringError("bad_value", self.path, field="recommendation", value=recommendation, why=" / ".join(RECOMMENDATIONS))
        return self._edit_assessment(declaration_id, "recommendation", recommendation)

    def set_recusal(self, declaration_id: int, recused: bool) -> Edit:
        return self._edit_assessment(declaration_id, "recused", recused)

    def set_recusal_reason(self, declaration_id: int, reason: str) -> Edit:
        return self._edit_assessment(declaration_id, "recusal_reason", reason)

    def set_veto(self, declaration_id: int, veto_id: str, reason: str | None) -> Edit:
        """Raise a veto item with its reason (``None`` withdraws it)."""
        rubric = self.rubric(self.declaration(declaration_id).direction)
        if rubric.veto(veto_id) is None:
            raise ScoringError("veto_unknown", self.path, veto=veto_id)
        at = _now()
        with Session(self.engine) as s:
            row = s.get(VetoRow, (declaration_id, veto_id))
            old = row.reason if row else None
            if reason is None and row is not None:
                s.delete(row)
            elif reason is not None:
                row = row or VetoRow(declaration_id=declaration_id, veto_id=veto_id)
                row.reason = reason
                s.add(row)
            _log(s, declaration_id, f"veto:{veto_id}", old, reason, at, coalesce=reason is not None and old is not None)
            s.commit()
        return Edit(declaration_id, f"veto:{veto_id}", old, reason, at)

    def _edit_score(self, declaration_id: int, criterion_id: str, field: str,
                    read: Callable[[ScoreRow], object], change: Callable[[ScoreRow], None], new: object) -> Edit:
        self.declaration(declaration_id)
        at = _now()
        with Session(self.engine) as s:
            row = s.get(ScoreRow, (declaration_id, criterion_id)) or ScoreRow(declaration_id=declaration_id, criterion_id=criterion_id)
            old = read(row)
            change(row)
            row.updated_at = at
            if row.points is None and not row.remark:
                if s.get(ScoreRow, (declaration_id, criterion_id)) is not None:
                    s.delete(row)
            else:
                s.add(row)
            _log(s, declaration_id, field, old, new, at, coalesce=field.startswith("remark:"))
            s.commit()
        return Edit(declaration_id, field, old, new, at)

    def _edit_assessment(self, declaration_id: int, field: str, new: object) -> Edit:
        self.declaration(declaration_id)
        at = _now()
        with Session(self.engine) as s:
            row = s.get(AssessmentRow, declaration_id) or AssessmentRow(declaration_id=declaration_id)
            old = getattr(row, field)
            setattr(row, field, new)
            row.updated_at = at
            s.add(row)
            _log(s, declaration_id, field, old, new, at, coalesce=isinstance(new, str) and field != "recommendation")
            s.commit()
        return Edit(declaration_id, field, old, new, at)


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
