"""Test set-up: Qt offscreen, user data and settings in a temporary folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_SANDBOX = Path(tempfile.mkdtemp(prefix="reviewer-tests-"))
os.environ["REVIEWER_DATA"] = str(_SANDBOX / "data")
os.environ["XDG_CONFIG_HOME"] = str(_SANDBOX / "config")

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def demo_review_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A review of the bundled demo batch, built once; tests copy it."""
    from reviewer.setup import ensure_demo_review

    return ensure_demo_review(tmp_path_factory.mktemp("template") / "demo.sqlite")


@pytest.fixture
def review_path(demo_review_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo review for one test."""
    target = tmp_path / "review.sqlite"
    target.write_bytes(demo_review_template.read_bytes())
    return target
