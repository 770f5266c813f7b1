"""The project's own fault suite (issue 10): every test here is marked ``faults``.

Each injects a fault a real meeting meets (a hostile or damaged batch, a damaged,
locked, older or newer database, two writers, a bad envelope, a full disk, SIGKILL
at a random moment) and asserts what the user notices: a clear message naming the
file, no traceback, no hang, and every byte reported saved still there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.faults)
