"""Loading the call and the rubrics: the bundled files, and each kind of broken file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reviewer.call import bundled_call, load_call
from reviewer.errors import DataFileError
from reviewer.paths import call_dir
from reviewer.rubric import bundled_rubrics, load_rubrics

RUBRICS = call_dir() / "rubrics.toml"


def test_bundled_call_has_the_notice_directions_and_quotas() -> None:
    call = bundled_call()
    assert [d.no for d in call.directions] == list(range(1, 11))
    assert call.direction(7).name == "现代物流服务"
    assert "多式联运" in call.direction(7).text
    province = call.kind("province")
    assert province.max_total == 12
    assert {g.max for g in province.groups} == {10, 2}
    city = call.kind("planned_city")
    assert (city.max_total, sorted(g.max for g in city.groups)) == (6, [1, 5])
    assert len(call.recommenders) == 37
    assert call.recommender("宁波").name == "宁波市"
    assert call.recommender("宁波市").kind == "planned_city"
    assert call.recommender("兵团").kind == "corps"


def test_every_direction_has_a_rubric_of_100_points_with_common_and_own_parts() -> None:
    rubrics = bundled_rubrics()
    assert sorted(rubrics.rubrics) == list(range(1, 11))
    for no, rubric in rubrics.rubrics.items():
        assert rubric.total == 100
        common = [c for c in rubric.criteria if c.part == "common"]
        own = [c for c in rubric.criteria if c.part == "direction"]
        assert sum(c.max for c in common) == 60 and sum(c.max for c in own) == 40
        assert {"示范性与代表性", "辐射带动作用", "可复制可推广"} <= {c.name for c in common}
        assert all(c.id.startswith(f"D{no}.") for c in own)
        assert {v.name for v in rubric.vetoes} >= {"不具备独立法人资格"}
        assert all(len(c.levels) == 3 for c in rubric.criteria)
    assert "默认" in rubrics.notice and "并非" in rubrics.notice


def test_the_level_of_a_score_is_the_descriptor_an_expert_sees() -> None:
    criterion = bundled_rubrics().for_direction(1).criteria[0]
    top = criterion.levels[0]
    assert criterion.level_for(criterion.max) == top
    assert criterion.level_for(0).min == 0


def test_fingerprint_depends_on_content_only() -> None:
    rubrics = bundled_rubrics()
    again = load_rubrics(RUBRICS, bundled_call())
    assert rubrics.for_direction(3).fingerprint == again.for_direction(3).fingerprint
    assert rubrics.for_direction(3).fingerprint != rubrics.for_direction(4).fingerprint
    assert re.fullmatch(r"[0-9a-f]{64}", rubrics.for_direction(3).fingerprint)


def _broken(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = RUBRICS.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "rubrics.toml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "code", "in_message"),
    [
        ('id = "C2"', 'id = "C1"', "duplicate_id", "C1"),
        ("schema = 1", "schema = 9", "schema_unsupported", "9"),
        ("[[directions]]\nno = 10", "[[directions]]\nno = 11", "direction_unknown", "11"),
    ],
)
def test_broken_rubric_names_file_and_fault(tmp_path: Path, old: str, new: str, code: str, in_message: str) -> None:
    path = _broken(tmp_path, old, new)
    with pytest.raises(DataFileError) as caught:
        load_rubrics(path, bundled_call())
    assert caught.value.code == code
    message = caught.value.message("zh")
    assert str(path) in message and in_message in message


def test_wrong_total_is_refused_with_the_direction(tmp_path: Path) -> None:
    text = RUBRICS.read_text(encoding="utf-8")
    start = text.index("[[directions]]")
    head, tail = text[:start], text[start:]
    first_max = re.search(r"^max = (\d+(?:\.\d+)?)", tail, re.M)
    assert first_max is not None
    value = float(first_max.group(1))
    tail = tail[: first_max.start()] + f"max = {value + 1:g}" + tail[first_max.end():]
    path = tmp_path / "rubrics.toml"
    path.write_text(head + tail, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_rubrics(path, bundled_call())
    # adding a point either breaks the level tiling or the total; both name the direction's criteria
    assert caught.value.code in {"total_mismatch", "level_gap"}
    assert "directions[" in caught.value.message("zh") and str(path) in caught.value.message("zh")


def test_levels_with_a_gap_are_refused(tmp_path: Path) -> None:
    path = _broken(tmp_path, "min = 8\nmax = 11.5", "min = 8.5\nmax = 11.5")
    with pytest.raises(DataFileError) as caught:
        load_rubrics(path, bundled_call())
    assert caught.value.code == "level_gap"
    assert "C1" in caught.value.place


def test_missing_direction_is_named(tmp_path: Path) -> None:
    text = RUBRICS.read_text(encoding="utf-8")
    start = text.index("[[directions]]\nno = 10")
    path = tmp_path / "rubrics.toml"
    path.write_text(text[:start], encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_rubrics(path, bundled_call())
    assert caught.value.code == "direction_missing"
    assert "信息消费体验中心" in caught.value.message("zh")
    assert "direction 10" in caught.value.message("en")


def test_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "rubrics.toml"
    path.write_text('schema = 1\nversion = "x\n', encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_rubrics(path, bundled_call())
    assert caught.value.code == "syntax"
    assert "第 2 行" in caught.value.message("zh")


def test_missing_field_and_missing_file(tmp_path: Path) -> None:
    path = _broken(tmp_path, 'name = "示范性与代表性"', "")
    with pytest.raises(DataFileError) as caught:
        load_rubrics(path, bundled_call())
    assert caught.value.code == "field_missing" and "C2" in caught.value.place
    with pytest.raises(DataFileError) as missing:
        load_rubrics(tmp_path / "nope.toml", bundled_call())
    assert missing.value.code == "file_missing" and "nope.toml" in missing.value.message("zh")


def test_broken_call_file_is_named(tmp_path: Path) -> None:
    text = (call_dir() / "call.toml").read_text(encoding="utf-8")
    path = tmp_path / "call.toml"
    path.write_text(text.replace('kind = "corps"', 'kind = "army"'), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_call(path)
    assert caught.value.code == "bad_value" and "army" in caught.value.message("en")
