"""The call for applications as data: directions, recommender kinds and quotas.

Loaded from ``resources/calls/<id>/call.toml``; quotas and recommender kinds are
data, so a later year's call (other numbers, other kinds) needs no code change.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from reviewer.errors import DataFileError
from reviewer.paths import call_dir
from reviewer.tomlfile import load_toml, require, require_unique

SUPPORTED_SCHEMA = 1


@dataclass(frozen=True)
class Direction:
    no: int
    name: str
    category: str
    category_name: str
    text: str
    keywords: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.no}. {self.name}"


@dataclass(frozen=True)
class QuotaGroup:
    name: str
    directions: frozenset[int]
    max: int


@dataclass(frozen=True)
class RecommenderKind:
    id: str
    name: str
    max_total: int
    groups: tuple[QuotaGroup, ...]


@dataclass(frozen=True)
class Recommender:
    name: str
    kind: str
    short: tuple[str, ...] = ()
    province: str = ""


@dataclass(frozen=True)
class Call:
    id: str
    title: str
    document_no: str
    directions: tuple[Direction, ...]
    recommender_kinds: tuple[RecommenderKind, ...]
    recommenders: tuple[Recommender, ...]
    eligibility: dict[str, Any]
    source: Path

    def direction(self, no: int) -> Direction:
        for direction in self.directions:
            if direction.no == no:
                return direction
        raise KeyError(no)

    def kind(self, kind_id: str) -> RecommenderKind:
        for kind in self.recommender_kinds:
            if kind.id == kind_id:
                return kind
        raise KeyError(kind_id)

    def recommender(self, name: str) -> Recommender | None:
        """Find a recommender by full name or one of its short names."""
        for rec in self.recommenders:
            if name == rec.name or name in rec.short:
                return rec
        return None


def load_call(path: Path) -> Call:
    """Read and validate a call file; faults raise DataFileError naming file and place."""
    data = load_toml(path)
    schema = require(data, "schema", int, path, "")
    if schema != SUPPORTED_SCHEMA:
        raise DataFileError("schema_unsupported", path, "schema", found=schema, expected=SUPPORTED_SCHEMA)
    categories = {
        require(c, "id", str, path, f"categories[{i}]"): require(c, "name", str, path, f"categories[{i}]")
        for i, c in enumerate(require(data, "categories", list, path, ""), 1)
    }
    directions = tuple(_direction(d, categories, path, i) for i, d in enumerate(require(data, "directions", list, path, ""), 1))
    _check_directions(directions, path)
    kinds = tuple(_kind(k, path, i) for i, k in enumerate(require(data, "recommender_kinds", list, path, ""), 1))
    kind_ids = {k.id for k in kinds}
    recommenders = tuple(_recommender(r, kind_ids, path, i) for i, r in enumerate(require(data, "recommenders", list, path, ""), 1))
    require_unique([r.name for r in recommenders], path, "recommenders")
    return Call(
        id=require(data, "id", str, path, ""),
        title=require(data, "title", str, path, ""),
        document_no=str(data.get("document_no", "")),
        directions=directions,
        recommender_kinds=kinds,
        recommenders=recommenders,
        eligibility=dict(data.get("eligibility", {})),
        source=path,
    )


def _direction(table: dict[str, Any], categories: dict[str, str], path: Path, i: int) -> Direction:
    place = f"directions[{i}]"
    category = require(table, "category", str, path, place)
    if category not in categories:
        raise DataFileError("bad_value", path, place, field="category", value=category, why="not a category of the call")
    return Direction(
        no=require(table, "no", int, path, place),
        name=require(table, "name", str, path, place),
        category=category,
        category_name=categories[category],
        text=require(table, "text", str, path, place),
        keywords=_key_terms(table, path, place),
    )


def _key_terms(table: dict[str, Any], path: Path, place: str) -> tuple[str, ...]:
    """The direction's key terms (``keywords``: the notice's own words for what it supports), which the
    expert's reading pane can highlight; each a non-empty string, at most 40 characters, at most 40 terms."""
    terms = table.get("keywords", [])
    if not isinstance(terms, list) or len(terms) > 40:
        raise DataFileError("bad_value", path, place, field="keywords", value=str(terms)[:60], why="a list of up to 40 terms")
    for term in terms:
        if not isinstance(term, str) or not term.strip() or len(term) > 40:
            raise DataFileError("bad_value", path, place, field="keywords", value=term, why="a term of 1–40 characters")
    require_unique(terms, path, f"{place}.keywords")
    return tuple(term.strip() for term in terms)


def _check_directions(directions: tuple[Direction, ...], path: Path) -> None:
    require_unique([str(d.no) for d in directions], path, "directions")
    for d in directions:
        if not 1 <= d.no <= 99:
            raise DataFileError("bad_value", path, f"directions[no={d.no}]", field="no", value=d.no, why="1..99")


def _kind(table: dict[str, Any], path: Path, i: int) -> RecommenderKind:
    place = f"recommender_kinds[{i}]"
    groups = tuple(
        QuotaGroup(
            name=require(g, "name", str, path, f"{place}.groups[{j}]"),
            directions=frozenset(require(g, "directions", list, path, f"{place}.groups[{j}]")),
            max=require(g, "max", int, path, f"{place}.groups[{j}]"),
        )
        for j, g in enumerate(table.get("groups", []), 1)
    )
    return RecommenderKind(
        id=require(table, "id", str, path, place),
        name=require(table, "name", str, path, place),
        max_total=require(table, "max_total", int, path, place),
        groups=groups,
    )


def _recommender(table: dict[str, Any], kinds: set[str], path: Path, i: int) -> Recommender:
    place = f"recommenders[{i}]"
    kind = require(table, "kind", str, path, place)
    if kind not in kinds:
        raise DataFileError("bad_value", path, place, field="kind", value=kind, why="not a recommender kind of the call")
    return Recommender(
        name=require(table, "name", str, path, place),
        kind=kind,
        short=tuple(table.get("short", ())),
        province=str(table.get("province", "")),
    )


@lru_cache(maxsize=4)
def bundled_call(call_id: str = "miit-2019") -> Call:
    return load_call(call_dir(call_id) / "call.toml")
