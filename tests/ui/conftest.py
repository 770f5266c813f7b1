from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture(autouse=True)
def chinese_after_each_test(qapp: object) -> object:
    """A test that switches the language must not leave it switched for the next one."""
    yield
    from ui import i18n

    i18n.install(qapp, "zh")  # type: ignore[arg-type]
