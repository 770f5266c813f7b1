"""The ``reviewer`` command line (the GUI's entry point lives in ``ui.launcher``).

Every command except ``gui`` runs without Qt, so scripts and servers can use it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import NoReturn, Sequence

from reviewer import __version__
from reviewer.errors import ReviewerError, as_reviewer_error

DESCRIPTION = "评审工作台 — 新型信息消费示范项目专家评审（离线）。Offline review workbench for expert panels."


#: Sub-commands other modules define, by (module, its registering function): a module is imported only
#: when one of its commands is run, or when the whole help is asked for, so that starting the window or a
#: light command never loads the panel or export code (nor sqlmodel, pandas, python-docx with them).
COMMAND_MODULES: dict[tuple[str, str], tuple[str, ...]] = {
    ("reviewer.panel.commands", "add_parsers"): ("experts", "packages", "sheet", "submit", "open-package",
                                                 "export-scores", "merge", "verify"),
    ("reviewer.exports.commands", "add_parser"): ("export",),
    ("reviewer.panel.chair_commands", "add_parsers"): ("cockpit", "formal", "assign", "settings"),
}
BUILTIN_COMMANDS = ("gui", "demo", "status", "import")


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line; given ``argv``, only the command module that ``argv`` names is imported."""
    parser = argparse.ArgumentParser(prog="reviewer", description=DESCRIPTION)
    _add_global_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = commands.add_parser("gui", help="打开评审窗口 / open the review window (default)")
    gui.add_argument("db", nargs="?", type=Path, help="评审库文件或工作包 / review database or work package (default: the last one, else the demo)")
    gui.add_argument("--smoke", type=Path, metavar="PNG", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    demo = commands.add_parser("demo", help="创建演示评审库 / create the demo review database")
    demo.add_argument("--db", type=Path, help="写到此路径 / where to write it (default: the user's data folder)")
    status = commands.add_parser("status", help="显示评审进度 / show a review's progress")
    status.add_argument("db", type=Path)
    imp = commands.add_parser("import", help="导入申报批次并进行形式审查 / import a batch and run the formal check")
    imp.add_argument("batch", type=Path, help="批次文件夹、光盘或 .zip / batch folder, disc or .zip")
    imp.add_argument("--db", type=Path, required=True, help="评审库（不存在则新建）/ review database (created if missing)")
    imp.add_argument("--report", type=Path, help="把导入报告写成 JSON / write the import report as JSON")
    for module, register in _command_modules(argv):
        getattr(importlib.import_module(module), register)(commands)
    return parser


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"reviewer {__version__}")
    parser.add_argument("--lang", choices=["zh", "en"], help="界面语言 / interface language (default: last used, else zh)")
    parser.add_argument("--smoke", type=Path, metavar="PNG",
                        help="启动、打开评审、截图到 PNG 后退出 / start, open the review, save a screenshot, exit")


class _Silent(argparse.ArgumentParser):
    """A parser that raises instead of printing and exiting: the first look at the arguments says nothing."""

    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def _command_modules(argv: Sequence[str] | None) -> list[tuple[str, str]]:
    """The command modules to import for ``argv``: the one owning its command, none for the window or a
    built-in command, all of them for the help or a command nobody defines (so the message lists them all)."""
    if argv is None:
        return list(COMMAND_MODULES)
    first = _Silent(add_help=False)
    first.add_argument("--version", action="store_true")
    first.add_argument("--lang")
    first.add_argument("--smoke")
    first.add_argument("command", nargs="?")
    first.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        known, _ = first.parse_known_args(list(argv))
    except ValueError:  # a global option without its value: the real parser says so
        return []
    if known.command is None:
        return list(COMMAND_MODULES) if {"-h", "--help"} & set(argv) else []
    owners = [key for key, names in COMMAND_MODULES.items() if known.command in names]
    return owners or ([] if known.command in BUILTIN_COMMANDS else list(COMMAND_MODULES))


def run(args: argparse.Namespace) -> int:
    """Run a non-GUI command. Whatever goes wrong ends in ONE line on stderr and exit 2 (130 when
    interrupted): a ReviewerError's sentence; a full disk, a locked or damaged database, an OS
    fault in plain words; anything unexpected with the log file that holds its traceback."""
    try:
        return _dispatch(args)
    except BaseException as exc:  # noqa: BLE001 - the one place where every failure becomes a sentence
        error = as_reviewer_error(exc, _database(args))
        if error is None:
            raise  # SystemExit
        print(_one_line(error.message(_lang(args))), file=sys.stderr)
        return 130 if isinstance(exc, KeyboardInterrupt) else 2


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "demo":
        return _demo(args.db)
    if args.command == "status":
        return _status(args.db)
    if args.command == "import":
        return _import(args.batch, args.db, args.report, _lang(args))
    if args.command == "export":
        from reviewer.exports import commands as export_commands

        return export_commands.run(args, _lang(args))
    from reviewer.panel import commands as panel_commands

    return getattr(args, "chair_job", panel_commands.run)(args, _lang(args))


def _database(args: argparse.Namespace) -> Path | None:
    """The review database the command works on, named when SQLite faults without saying which file."""
    db = getattr(args, "db", None)
    return db if isinstance(db, Path) else None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _lang(args: argparse.Namespace) -> str:
    return args.lang or "zh"


def _demo(db: Path | None) -> int:
    from reviewer.setup import ensure_demo_review

    print(ensure_demo_review(db))
    return 0


def _status(db: Path) -> int:
    from reviewer.review import Review

    if not db.exists():
        raise ReviewerError("file_missing", db)
    review = Review.open(db)
    try:
        for d in review.declarations():
            print(f"{d.code}\t方向{d.direction}\t{d.state.value}\t{d.total:g}\t{d.project_name}")
        p = review.progress()
        print(f"{p.finished}/{p.total} 已完成（含回避 {p.recused}）")
    finally:
        review.close()
    return 0


def _import(batch: Path, db: Path, report_path: Path | None, lang: str) -> int:
    import json

    from reviewer.call import bundled_call
    from reviewer.importing.forms import bundled_form_fields
    from reviewer.importing.importer import import_batch, report
    from reviewer.rubric import bundled_rubrics
    from reviewer.safeio import check_target, write_bytes_atomic

    if report_path is not None:
        check_target(report_path)  # a report that cannot be written is said before the import, not after
    outcome = import_batch(batch, db, bundled_call(), bundled_rubrics(), bundled_form_fields())
    data = report(outcome, lang)
    if report_path is not None:
        write_bytes_atomic(report_path, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8"))
    _print_summary(data, lang)
    return 0


def _print_summary(data: dict, lang: str) -> None:  # type: ignore[type-arg]
    declarations, findings = data["declarations"], data["findings"]
    selected = sum(d["selected"] for d in declarations)
    errors = sum(f["severity"] == "error" for f in findings)
    if lang == "en":
        head = "already imported; nothing changed" if data["batch"]["already_imported"] else "imported"
        print(f"{head}: {len(data['batch']['recommenders'])} recommenders, {len(declarations)} declarations "
              f"({selected} selected), {len(findings)} findings ({errors} errors)")
    else:
        head = "该批次已导入过，未作改动" if data["batch"]["already_imported"] else "已导入"
        print(f"{head}：推荐单位 {len(data['batch']['recommenders'])} 个，申报项目 {len(declarations)} 个"
              f"（入选 {selected} 个），发现问题 {len(findings)} 条（其中错误 {errors} 条）")
    for f in findings:
        print(f"  [{f['severity']}] {f['code']} {f['declaration'] or f['file']}: {f['message']}")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point without Qt: ``python -m reviewer``."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(arguments).parse_args(arguments)
    if args.command in (None, "gui"):
        print("The GUI lives in the ui package: run `reviewer` (ui.launcher).", file=sys.stderr)
        return 2
    return run(args)
