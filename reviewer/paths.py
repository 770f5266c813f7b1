"""Where the program finds its bundled resources and keeps its own files."""

from __future__ import annotations

import os
import sys
from pathlib import Path

CALL_ID = "miit-2019"


def resources_dir() -> Path:
    """The ``resources/`` folder: beside the source tree, or inside a frozen app."""
    override = os.environ.get("REVIEWER_RESOURCES")
    if override:
        return Path(override)
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def call_dir(call_id: str = CALL_ID) -> Path:
    return resources_dir() / "calls" / call_id


def demo_batch_dir() -> Path:
    return resources_dir() / "demo" / "batch"


def data_dir() -> Path:
    """The user's data folder (reviews, settings), created on demand."""
    override = os.environ.get("REVIEWER_DATA")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home())) / "reviewer"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "reviewer"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "reviewer"
    base.mkdir(parents=True, exist_ok=True)
    return base


def demo_review_path() -> Path:
    return data_dir() / "demo-review.sqlite"
