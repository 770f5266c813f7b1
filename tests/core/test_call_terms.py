"""The directions' key terms: taken from the notice's own paragraphs, validated when the call is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest

from reviewer.call import bundled_call, load_call
from reviewer.errors import DataFileError
from reviewer.paths import call_dir


def test_every_direction_has_key_terms_from_its_paragraph_of_the_notice() -> None:
    call = bundled_call()
    assert len(call.directions) == 10
    for direction in call.directions:
        assert direction.keywords, direction.name
        missing = [t for t in direction.keywords if t not in direction.text]
        assert missing == [], (direction.no, missing)


@pytest.mark.parametrize("bad", ['keywords = "虚拟现实"', 'keywords = ["虚拟现实", ""]', 'keywords = ["虚拟现实", 3]',
                                 'keywords = ["虚拟现实", "虚拟现实"]'])
def test_malformed_key_terms_are_refused_naming_the_file(tmp_path: Path, bad: str) -> None:
    text = (call_dir() / "call.toml").read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.startswith("keywords = "))
    path = tmp_path / "call.toml"
    path.write_text(text.replace(first, bad, 1), encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_call(path)
    assert caught.value.code in ("bad_value", "duplicate_id") and "call.toml" in caught.value.message("zh")
