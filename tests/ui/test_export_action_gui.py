"""File ▸ 导出评审文件… from the window: a folder that cannot be written ends in one sentence, nothing written."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))

from export_panel import build_panel  # noqa: E402

from reviewer.review import Review  # noqa: E402


@pytest.fixture()
def chair(tmp_path: Path):  # type: ignore[no-untyped-def]
    review = Review.open(build_panel(tmp_path / "chair.sqlite", 3))
    yield review
    review.close()


def test_an_unwritable_folder_is_one_sentence_and_nothing_is_written(qtbot, chair: Review, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from ui.export_action import export_to

    parent = QWidget()
    qtbot.addWidget(parent)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    run = export_to(parent, chair, blocker / "out", "zh", overwrite=lambda existing: True)
    assert run is not None
    with qtbot.waitSignal(run.failed, timeout=60000) as failed:
        pass
    text = failed.args[0]
    assert "是一个文件" in text and "\n" not in text and "Traceback" not in text
    assert blocker.read_text() == "x" and not [p for p in tmp_path.iterdir() if not p.name.startswith(("a-file", "chair.sqlite"))]
