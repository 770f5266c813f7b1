"""The bundled demo review, created on first use through the ordinary batch import."""

from __future__ import annotations

from pathlib import Path

from reviewer.call import bundled_call
from reviewer.importing.forms import bundled_form_fields
from reviewer.importing.importer import import_batch
from reviewer.paths import demo_batch_dir, demo_review_path
from reviewer.rubric import bundled_rubrics
from reviewer.tasks import NO_TASK, Task


def ensure_demo_review(path: Path | None = None, task: Task = NO_TASK) -> Path:
    """The review of the bundled demo batch; a broken demo batch is refused, naming the file."""
    path = path or demo_review_path()
    if not path.exists():
        call = bundled_call()
        import_batch(demo_batch_dir(), path, call, bundled_rubrics(), bundled_form_fields(),
                     title="演示批次 · " + call.title, role="expert", strict=True, task=task)
    return path
