"""The panel's output documents: Word opinions and tables, the xlsx workbook, charts.

``export_all(review, out)`` writes into the folder ``out``:

- ``专家组评审意见/<项目编号>_专家组评审意见.docx`` — one per selected declaration (``opinions``);
- ``评审汇总表.docx`` — overall and per direction, landscape, with the charts (``summary``);
- ``个人评分表/<专家>_个人评分表.docx`` — one per expert (``personal``);
- ``形式审查报告.docx`` (``formal``); ``评审数据.xlsx`` (``xlsx``); ``图表/*.png`` (``charts``).

Nothing is overwritten unless ``force``: when a target exists, :class:`ExportExists` names it and nothing
is written. The folder is checked before anything is written (:func:`prepare_folder`): ``out`` itself is
created when missing, but not a missing parent of it (a mistyped path must not grow a folder chain), and a
folder that cannot be written (read-only, no permission, a file in the way) is refused with one
:class:`~reviewer.errors.WriteError`. The export is all or nothing: every file is first written into a
hidden staging folder inside ``out`` (``.~export-…``), and only when all are written are they moved into
place (renames within one folder tree, milliseconds); a full disk, an error or a cancel removes the staging
folder and leaves ``out`` as it was. A staging folder a killed run left is removed by the next export.
Files get ordinary permissions (the umask's). The documents are Chinese official documents whatever ``lang`` is;
``lang`` chooses the language of messages (the charts in the documents and in 图表/ are Chinese too;
the chart functions take ``lang`` for the board).
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path

from reviewer.errors import ReviewerError, WriteError
from reviewer.review import Review
from reviewer.safeio import TEMP_PREFIX
from reviewer.tasks import NO_TASK, Task, check

STAGING_PREFIX = f"{TEMP_PREFIX}export-"

DOCUMENTS = ("opinions", "summary", "personal", "formal", "xlsx", "charts")


class ExportExists(ReviewerError):
    """A file to be written is already there and ``force`` was not given; nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__("export_exists", path)

    def message(self, lang: str = "zh") -> str:
        if lang == "en":
            return f"{self.file}: the file already exists; nothing was written (use --force to overwrite)."
        return f"{self.file}：文件已存在，未写入任何文件（如需覆盖请加 --force）。"


class ExportChoiceError(ReviewerError):
    def __init__(self, what: str) -> None:
        super().__init__("export_choice", None, what=what)

    def message(self, lang: str = "zh") -> str:
        known = ",".join(DOCUMENTS)
        if lang == "en":
            return f"unknown document kind “{self.params['what']}”; choose from {known}."
        return f"未知的导出类别“{self.params['what']}”，可选：{known}。"


def safe_name(text: str) -> str:
    """A file name part without characters Windows or macOS refuse."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._") or "_"


def plan(review: Review, out: Path, documents: tuple[str, ...] = DOCUMENTS) -> list[tuple[str, Path, object]]:
    """(kind, target path, subject) for everything ``documents`` asks for, without writing."""
    from reviewer.exports.charts import CHARTS
    from reviewer.panel.experts import experts

    unknown = [d for d in documents if d not in DOCUMENTS]
    if unknown:
        raise ExportChoiceError(unknown[0])
    targets: list[tuple[str, Path, object]] = []
    if "charts" in documents:
        targets += [("charts", out / "图表" / f"图{i}_{name}.png", i - 1) for i, (name, _, _) in enumerate(CHARTS, 1)]
    if "opinions" in documents:
        for d in review.declarations():
            targets.append(("opinions", out / "专家组评审意见" / f"{safe_name(d.code)}_专家组评审意见.docx", d.id))
    if "summary" in documents:
        targets.append(("summary", out / "评审汇总表.docx", None))
    if "personal" in documents:
        for e in experts(review):
            targets.append(("personal", out / "个人评分表" / f"{safe_name(e.name)}_个人评分表.docx", e))
    if "formal" in documents:
        targets.append(("formal", out / "形式审查报告.docx", None))
    if "xlsx" in documents:
        targets.append(("xlsx", out / "评审数据.xlsx", None))
    return targets


def prepare_folder(out: Path, targets: list[tuple[str, Path, object]]) -> None:
    """Refuse, before writing anything, a folder the export cannot complete in; create ``out`` (only ``out``)."""
    from reviewer.safeio import remove_stale_temporaries, temporary_for, write_error

    if out.exists() and not out.is_dir():
        raise WriteError("write_parent_not_folder", out, detail=str(out))
    if not out.exists():
        if not out.parent.is_dir():
            raise WriteError("write_parent_not_folder" if out.parent.exists() else "write_no_folder", out, detail=str(out.parent))
        try:
            out.mkdir()
        except OSError as error:
            raise write_error(error, out) from error
    for folder in sorted({path.parent for _, path, _ in targets}):
        if folder.exists() and not folder.is_dir():
            raise WriteError("write_parent_not_folder", folder, detail=str(folder))
    blocked = next((path for _, path, _ in targets if path.is_dir()), None)
    if blocked is not None:
        raise WriteError("write_is_folder", blocked, detail=str(blocked))
    for folder in sorted({out} | {path.parent for _, path, _ in targets if path.parent.is_dir()}):
        for stale in folder.glob(f"{TEMP_PREFIX}*"):  # what a killed export left: its staging folder, a temporary
            if stale.is_dir() and stale.name.startswith(STAGING_PREFIX):
                shutil.rmtree(stale, ignore_errors=True)
            elif stale.is_file():
                stale.unlink(missing_ok=True)
    probe = temporary_for(out / "probe.tmp")
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise write_error(error, out) from error
    finally:
        remove_stale_temporaries(out / "probe.tmp")


def _move_into_place(staged: list[tuple[Path, Path]]) -> list[Path]:
    """Rename every staged file to its place (its folder made when missing); the final paths, in order."""
    for _, final in staged:
        final.parent.mkdir(exist_ok=True)
    for path, final in staged:
        os.replace(path, final)
    return [final for _, final in staged]


def export_all(review: Review, out: Path, *, documents: tuple[str, ...] | list[str] = DOCUMENTS, force: bool = False,
               lang: str = "zh", task: Task = NO_TASK) -> list[Path]:
    """Write the chosen documents into ``out``; returns the paths written, in order."""
    from reviewer.call import bundled_call
    from reviewer.exports import charts as chart_module
    from reviewer.exports import documents as docs
    from reviewer.exports import workbook
    from reviewer.exports.data import collect
    from reviewer.safeio import check_target, write_atomic, write_bytes_atomic, write_error

    out = Path(out)
    targets = plan(review, out, tuple(documents))
    if not force:
        existing = next((path for _, path, _ in targets if path.exists()), None)
        if existing is not None:
            raise ExportExists(existing)
    prepare_folder(out, targets)
    kinds = {kind for kind, _, _ in targets}
    data = collect(review, with_opinions="opinions" in kinds)
    call = bundled_call() if kinds & {"formal", "xlsx"} else None
    pngs: list[tuple[str, bytes]] = []
    if kinds & {"charts", "summary"}:
        pngs = [(caption, chart_module.png(make(data, "zh"))) for _, make, caption in chart_module.CHARTS]
    by_id = {int(r.declaration_id): r for r in data.stats.itertuples(index=False)}
    staging = out / f"{STAGING_PREFIX}{secrets.token_hex(4)}"
    try:
        staging.mkdir()
        staged: list[tuple[Path, Path]] = []
        for done, (kind, final, subject) in enumerate(targets):
            check(task)
            task.progress(done, len(targets), final.name)
            path = staging / final.relative_to(out)
            write: Callable[[], Path]
            if kind == "charts":
                png = pngs[int(subject)][1]  # type: ignore[call-overload]
                write = lambda path=path, png=png: write_bytes_atomic(path, png, create_parent=True)
            elif kind == "opinions":
                write = lambda path=path, s=subject: docs.opinion(data, by_id[int(s)], path)  # type: ignore[call-overload]
            elif kind == "summary":
                write = lambda path=path: docs.summary(data, pngs, path)
            elif kind == "personal":
                write = lambda path=path, s=subject: docs.personal(data, review, s, path)
            elif kind == "formal":
                write = lambda path=path: docs.formal(data, review, call, path)
            else:
                frames = workbook.sheets(data, review, call)
                write = lambda path=path, frames=frames: write_atomic(path, lambda p: workbook.write(frames, p, data.title))
            if kind in ("opinions", "personal"):
                check_target(path, create_parent=True)   # the staging folder exists: only its own sub-folder is made
            staged.append((write(), final))
        check(task)
        written = _move_into_place(staged)
    except OSError as error:
        raise write_error(error, out) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    task.progress(len(targets), len(targets), "")
    return written
