"""SQLModel tables mirroring the latest schema (see migrations.py).

The schema itself is created by the numbered migrations, never by
``create_all``; ``tests/core/test_store.py`` checks the two agree.
"""

from __future__ import annotations

from typing import Optional

from sqlmodel import Field, SQLModel


class ReviewInfo(SQLModel, table=True):
    __tablename__ = "review"
    id: int = Field(default=1, primary_key=True)
    title: str
    call_id: str
    role: str = "expert"
    expert_name: str = ""
    batch_path: str = ""
    batch_fingerprint: str = ""
    created_at: str


class BatchRow(SQLModel, table=True):
    __tablename__ = "batch"
    id: Optional[int] = Field(default=None, primary_key=True)
    path: str
    fingerprint: str
    imported_at: str
    files: int = 0


class RecommenderRow(SQLModel, table=True):
    __tablename__ = "recommender"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    kind: str
    batch_id: Optional[int] = Field(default=None, foreign_key="batch.id")


class RubricRow(SQLModel, table=True):
    __tablename__ = "rubric"
    direction: int = Field(primary_key=True)
    fingerprint: str
    content: str


class DeclarationRow(SQLModel, table=True):
    __tablename__ = "declaration"
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str
    recommender_id: int = Field(foreign_key="recommender.id")
    seq: int
    direction: int                    # 0 = not recognised by the import (pending until the chair corrects it)
    project_name: str
    applicant: str
    credit_code: str = ""
    selected: bool = True
    fields: str = "{}"


class DocumentRow(SQLModel, table=True):
    __tablename__ = "document"
    id: Optional[int] = Field(default=None, primary_key=True)
    declaration_id: int = Field(foreign_key="declaration.id")
    path: str
    format: str
    sha256: str
    content: str


class ScoreRow(SQLModel, table=True):
    __tablename__ = "score"
    declaration_id: int = Field(foreign_key="declaration.id", primary_key=True)
    criterion_id: str = Field(primary_key=True)
    points: Optional[float] = None
    remark: str = ""
    updated_at: str = ""


class AssessmentRow(SQLModel, table=True):
    __tablename__ = "assessment"
    declaration_id: int = Field(foreign_key="declaration.id", primary_key=True)
    opinion: str = ""
    recommendation: Optional[str] = None
    recused: bool = False
    recusal_reason: str = ""
    updated_at: str = ""


class VetoRow(SQLModel, table=True):
    __tablename__ = "veto"
    declaration_id: int = Field(foreign_key="declaration.id", primary_key=True)
    veto_id: str = Field(primary_key=True)
    reason: str = ""


class EditLogRow(SQLModel, table=True):
    __tablename__ = "edit_log"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: str
    declaration_id: int = Field(foreign_key="declaration.id")
    field: str
    old_value: Optional[str] = None
    new_value: Optional[str] = None


class FindingRow(SQLModel, table=True):
    __tablename__ = "finding"
    id: Optional[int] = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="batch.id")
    code: str
    severity: str
    file: str = ""
    declaration: str = ""
    params: str = "{}"


class AuditRow(SQLModel, table=True):
    __tablename__ = "audit_log"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: str
    action: str
    subject: str
    old_value: Optional[str] = None
    new_value: Optional[str] = None
    reason: str = ""


class SettingRow(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str


class ExpertRow(SQLModel, table=True):
    __tablename__ = "expert"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    affiliation: str = ""
    province: str = ""
    directions: str = "[]"
    ties: str = "[]"
    affiliation_code: str = ""
    passphrase: str
    secret: str
    signing_key: str
    created_at: str
    public_key: str = ""          # Ed25519, hex; pinned at the expert's first merged score file
    key_fingerprint: str = ""     # as people compare it: groups of 4 hex digits
    package_issued_at: str = ""   # '' = never issued
    package_id: str = ""          # the expert's package, the same on every re-issue
    assignment_changed_at: str = ""   # when the chair last changed this expert's assignments ('' = never)


class ConflictRow(SQLModel, table=True):
    __tablename__ = "conflict"
    expert_id: int = Field(foreign_key="expert.id", primary_key=True)
    declaration_id: int = Field(foreign_key="declaration.id", primary_key=True)
    source: str = Field(primary_key=True)
    reason: str = ""


class AssignmentRow(SQLModel, table=True):
    __tablename__ = "assignment"
    expert_id: int = Field(foreign_key="expert.id", primary_key=True)
    declaration_id: int = Field(foreign_key="declaration.id", primary_key=True)
    source: str = "auto"              # "auto" (the balanced assignment) | "manual" (moved by the chair)


class ScoreFileRow(SQLModel, table=True):
    __tablename__ = "score_file"
    id: Optional[int] = Field(default=None, primary_key=True)
    expert_id: int = Field(foreign_key="expert.id")
    sha256: str
    written_at: str
    merged_at: str
    path: str = ""
    current: bool = True
    seq: int = 0                  # the expert's sequence number: decides newer/older, not the clock
    fingerprint: str = ""         # the signer's key fingerprint


class ExpertScoreRow(SQLModel, table=True):
    __tablename__ = "expert_score"
    expert_id: int = Field(foreign_key="expert.id", primary_key=True)
    declaration_id: int = Field(foreign_key="declaration.id", primary_key=True)
    criterion_id: str = Field(primary_key=True)
    points: Optional[float] = None
    remark: str = ""


class ExpertAssessmentRow(SQLModel, table=True):
    __tablename__ = "expert_assessment"
    expert_id: int = Field(foreign_key="expert.id", primary_key=True)
    declaration_id: int = Field(foreign_key="declaration.id", primary_key=True)
    opinion: str = ""
    recommendation: Optional[str] = None
    vetoes: str = "{}"
    recused: bool = False
    recusal_reason: str = ""


class DeviationNoteRow(SQLModel, table=True):
    __tablename__ = "deviation_note"
    expert_id: int = Field(foreign_key="expert.id", primary_key=True)
    declaration_id: int = Field(foreign_key="declaration.id", primary_key=True)
    kind: str
    note: str
    at: str


class GroupOpinionRow(SQLModel, table=True):
    __tablename__ = "group_opinion"
    declaration_id: int = Field(foreign_key="declaration.id", primary_key=True)
    text: str = ""
    dissent: str = ""
    updated_at: str = ""


class FormalResolutionRow(SQLModel, table=True):
    """The chair's resolution of a declaration's formal-check errors (see reviewer/formal_status.py)."""

    __tablename__ = "formal_resolution"
    declaration_id: int = Field(foreign_key="declaration.id", primary_key=True)
    kind: str                         # accepted | corrected | supplemented | excluded
    reason: str
    at: str
