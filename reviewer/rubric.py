"""Scoring rubrics: criteria with level descriptors, veto items, fingerprints.

A rubric file holds a common part shared by all directions and each
direction's own part; a direction's rubric is the two together and totals 100.
Loading validates everything a chair could get wrong when editing the file and
raises :class:`DataFileError` naming the file and the place of the fault.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from reviewer.call import Call, bundled_call
from reviewer.errors import DataFileError
from reviewer.paths import call_dir
from reviewer.tomlfile import load_toml, require, require_unique

SUPPORTED_SCHEMA = 1
TOTAL = 100.0
STEP = 0.5


@dataclass(frozen=True)
class Level:
    grade: str
    min: float
    max: float
    text: str


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    max: float
    guide: str
    levels: tuple[Level, ...]
    part: str  # "common" or "direction"

    def level_for(self, points: float) -> Level | None:
        for level in self.levels:
            if level.min <= points <= level.max:
                return level
        return None


@dataclass(frozen=True)
class Veto:
    id: str
    name: str
    text: str


@dataclass(frozen=True)
class Rubric:
    direction: int
    direction_name: str
    criteria: tuple[Criterion, ...]
    vetoes: tuple[Veto, ...]
    version: str
    notice: str

    @property
    def total(self) -> float:
        return sum(c.max for c in self.criteria)

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.to_dict())

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)

    def veto(self, veto_id: str) -> Veto | None:
        return next((v for v in self.vetoes if v.id == veto_id), None)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "Rubric":
        return cls.from_dict(json.loads(text))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Rubric":
        criteria = tuple(
            Criterion(**{**c, "levels": tuple(Level(**lv) for lv in c["levels"])}) for c in data["criteria"]
        )
        return cls(
            direction=data["direction"],
            direction_name=data["direction_name"],
            criteria=criteria,
            vetoes=tuple(Veto(**v) for v in data["vetoes"]),
            version=data["version"],
            notice=data["notice"],
        )


def fingerprint_of(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of a rubric: equal content, equal fingerprint."""
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RubricSet:
    rubrics: dict[int, Rubric]
    version: str
    notice: str
    notice_en: str
    source: Path

    def for_direction(self, no: int) -> Rubric:
        return self.rubrics[no]


def load_rubrics(path: Path, call: Call) -> RubricSet:
    """Read and validate a rubric file against the call's directions."""
    data = load_toml(path)
    schema = require(data, "schema", int, path, "")
    if schema != SUPPORTED_SCHEMA:
        raise DataFileError("schema_unsupported", path, "schema", found=schema, expected=SUPPORTED_SCHEMA)
    version = str(require(data, "version", str, path, ""))
    notice = require(data, "notice", str, path, "")
    vetoes = tuple(_veto(v, path, i) for i, v in enumerate(require(data, "vetoes", list, path, ""), 1))
    require_unique((v.id for v in vetoes), path, "vetoes")
    common = tuple(_criterion(c, "common", path, f"common[{i}]") for i, c in enumerate(require(data, "common", list, path, ""), 1))
    known = {d.no: d for d in call.directions}
    rubrics: dict[int, Rubric] = {}
    for i, table in enumerate(require(data, "directions", list, path, ""), 1):
        place = f"directions[{i}]"
        no = require(table, "no", int, path, place)
        if no not in known:
            raise DataFileError("direction_unknown", path, place, direction=no)
        if no in rubrics:
            raise DataFileError("duplicate_id", path, place, id=f"no={no}")
        own = tuple(
            _criterion(c, "direction", path, f"directions[no={no}].criteria[{j}]")
            for j, c in enumerate(require(table, "criteria", list, path, place), 1)
        )
        rubric = Rubric(no, known[no].name, common + own, vetoes, version, notice)
        require_unique((c.id for c in rubric.criteria), path, f"directions[no={no}]")
        if abs(rubric.total - TOTAL) > 1e-9:
            raise DataFileError("total_mismatch", path, f"directions[no={no}]", direction=no, total=rubric.total, expected=TOTAL)
        rubrics[no] = rubric
    for no, direction in known.items():
        if no not in rubrics:
            raise DataFileError("direction_missing", path, "directions", direction=no, name=direction.name)
    return RubricSet(rubrics, version, notice, str(data.get("notice_en", "")), path)


def _veto(table: dict[str, Any], path: Path, i: int) -> Veto:
    place = f"vetoes[{i}]"
    return Veto(require(table, "id", str, path, place), require(table, "name", str, path, place), str(table.get("text", "")))


def _criterion(table: dict[str, Any], part: str, path: Path, place: str) -> Criterion:
    cid = require(table, "id", str, path, place)
    place = f"{place} {cid}"
    maximum = float(require(table, "max", (int, float), path, place))
    if maximum <= 0 or maximum > TOTAL or not on_step(maximum):
        raise DataFileError("bad_value", path, place, field="max", value=maximum, why=f"must be > 0, ≤ {TOTAL:g} and a multiple of {STEP:g}")
    levels = tuple(_level(lv, path, f"{place}.levels[{k}]") for k, lv in enumerate(require(table, "levels", list, path, place), 1))
    _check_levels(levels, maximum, path, place)
    return Criterion(cid, require(table, "name", str, path, place), maximum, str(table.get("guide", "")), levels, part)


def _level(table: dict[str, Any], path: Path, place: str) -> Level:
    return Level(
        grade=require(table, "grade", str, path, place),
        min=float(require(table, "min", (int, float), path, place)),
        max=float(require(table, "max", (int, float), path, place)),
        text=require(table, "text", str, path, place),
    )


def _check_levels(levels: tuple[Level, ...], maximum: float, path: Path, place: str) -> None:
    """The levels must tile 0..max in steps of 0.5: no gap, no overlap."""
    if not levels:
        raise DataFileError("level_gap", path, place, max=maximum, why="no levels")
    ordered = sorted(levels, key=lambda lv: lv.min)
    expected_min = 0.0
    for level in ordered:
        if level.min > level.max:
            raise DataFileError("level_gap", path, place, max=maximum, why=f"{level.grade}: min {level.min:g} > max {level.max:g}")
        if abs(level.min - expected_min) > 1e-9:
            why = f"{level.grade} starts at {level.min:g}, expected {expected_min:g}"
            raise DataFileError("level_gap", path, place, max=maximum, why=why)
        expected_min = level.max + STEP
    if abs(ordered[-1].max - maximum) > 1e-9:
        raise DataFileError("level_gap", path, place, max=maximum, why=f"the top level ends at {ordered[-1].max:g}")


def on_step(value: float) -> bool:
    """True when a value is a multiple of the rubric's step (0.5)."""
    return abs(value / STEP - round(value / STEP)) < 1e-9


@lru_cache(maxsize=4)
def bundled_rubrics(call_id: str = "miit-2019") -> RubricSet:
    return load_rubrics(call_dir(call_id) / "rubrics.toml", bundled_call(call_id))
