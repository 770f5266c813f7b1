"""The panel's output documents: Word opinions and tables, the xlsx workbook, charts.

``export_all(review, out)`` writes into the folder ``out``:

- ``专家组评审意见/<项目编号>_专家组评审意见.docx`` — one per selected declaration (``opinions``);
- ``评审汇总表.docx`` — overall and per direction, landscape, with the charts (``summary``);
- ``个人评分表/<专家>_个人评分表.docx`` — one per expert (``personal``);
- ``形式审查报告.docx`` (``formal``); ``评审数据.xlsx`` (``xlsx``); ``图表/*.png`` (``charts``).

Nothing is overwritten unless ``force``: when a target exists, :class:`ExportExists` names it and nothing
is written. Each file is written atomically (a temporary file in the same folder, then ``os.replace``).
The documents are Chinese official documents whatever ``lang`` is; ``lang`` chooses the language of messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from reviewer.errors import ReviewerError
from reviewer.review import Review
from reviewer.tasks import NO_TASK, Task, check

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


def export_all(review: Review, out: Path, *, documents: tuple[str, ...] | list[str] = DOCUMENTS, force: bool = False,
               lang: str = "zh", task: Task = NO_TASK) -> list[Path]:
    """Write the chosen documents into ``out``; returns the paths written, in order."""
    from reviewer.call import bundled_call
    from reviewer.exports import charts as chart_module
    from reviewer.exports import documents as docs
    from reviewer.exports import docxkit, workbook
    from reviewer.exports.data import collect

    out = Path(out)
    targets = plan(review, out, tuple(documents))
    if not force:
        existing = next((path for _, path, _ in targets if path.exists()), None)
        if existing is not None:
            raise ExportExists(existing)
    kinds = {kind for kind, _, _ in targets}
    data = collect(review, with_opinions="opinions" in kinds)
    call = bundled_call() if kinds & {"formal", "xlsx"} else None
    pngs: list[tuple[str, bytes]] = []
    if kinds & {"charts", "summary"}:
        pngs = [(caption, chart_module.png(make(data))) for _, make, caption in chart_module.CHARTS]
    by_id = {int(r.declaration_id): r for r in data.stats.itertuples(index=False)}
    written: list[Path] = []
    for done, (kind, path, subject) in enumerate(targets):
        check(task)
        task.progress(done, len(targets), path.name)
        write: Callable[[], Path]
        if kind == "charts":
            png = pngs[int(subject)][1]  # type: ignore[call-overload]
            write = lambda path=path, png=png: docxkit.save_atomic(lambda p: p.write_bytes(png), path)
        elif kind == "opinions":
            write = lambda path=path, s=subject: docs.opinion(data, by_id[int(s)], path)  # type: ignore[call-overload]
        elif kind == "summary":
            write = lambda path=path: docs.summary(data, pngs, path)
        elif kind == "personal":
            write = lambda path=path, s=subject: docs.personal(data, review, s, path)
        elif kind == "formal":
            write = lambda path=path: docs.formal(review, call, path)
        else:
            frames = workbook.sheets(data, review, call)
            write = lambda path=path, frames=frames: docxkit.save_atomic(lambda p: workbook.write(frames, p), path)
        written.append(write())
    task.progress(len(targets), len(targets), "")
    return written
