"""The chair's commands: the cockpit, formal-check resolutions, assignment, consolidation settings.

    reviewer cockpit  --db CHAIR
    reviewer formal   --db CHAIR [--show] [--accept CODE | --exclude CODE | --correct CODE FIELD VALUE |
                                          --supplement CODE FILE] [--reason TEXT]
    reviewer assign   --db CHAIR [--per-declaration N] [--move CODE FROM TO --reason TEXT] [--show]
    reviewer settings --db CHAIR [--method mean|trimmed|median] [--proposed-per-direction N] [--leader NAME]
                                 [--group-opinion CODE=TEXT] [--group-opinions FILE.csv] [--show]

This module only builds parsers at import (the command line starts light); the
work is imported when a command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

COMMANDS = ("cockpit", "formal", "assign", "settings")
MAX_OPINIONS_FILE = 8 * 1024 * 1024


def add_parsers(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    cockpit = commands.add_parser("cockpit", help="评审进度与下一步 / where the panel stands, what to do next")
    formal = commands.add_parser("formal", help="处理形式审查问题 / resolve the formal check's errors")
    formal.add_argument("--show", action="store_true", help="列出每个项目的形式审查状态 / list every declaration's status")
    what = formal.add_mutually_exclusive_group()
    what.add_argument("--accept", metavar="CODE", help="接受（需填理由）/ accept as it is (with --reason)")
    what.add_argument("--exclude", metavar="CODE", help="排除出评审 / exclude from the review")
    what.add_argument("--correct", nargs=3, metavar=("CODE", "FIELD", "VALUE"),
                      help="更正字段 direction|applicant|credit_code / correct a field")
    what.add_argument("--supplement", nargs=2, metavar=("CODE", "FILE"), help="附补充材料 .docx/.pdf / attach a document")
    formal.add_argument("--reason", default="", help="理由（必填）/ the reason (required)")
    assign = commands.add_parser("assign", help="分配专家 / assign experts to declarations")
    assign.add_argument("--per-declaration", type=int, metavar="N",
                        help="每个项目的专家人数，0 = 本方向全部合格专家 / experts per declaration, 0 = all eligible")
    assign.add_argument("--move", nargs=3, metavar=("CODE", "FROM", "TO"), help="把项目从一位专家移给另一位 / move by hand")
    assign.add_argument("--reason", default="", help="调整理由（--move 必填）/ the reason (required with --move)")
    assign.add_argument("--show", action="store_true", help="显示每位专家的分配 / show each expert's load")
    settings = commands.add_parser("settings", help="组长与汇总设置 / the leader and the consolidation settings")
    settings.add_argument("--method", choices=["mean", "trimmed", "median"])
    settings.add_argument("--proposed-per-direction", type=int, metavar="N", help="每个方向拟支持项目数 / proposed per direction")
    settings.add_argument("--leader", metavar="NAME", help="组长（专家姓名，空串为无）/ the panel leader ('' for none)")
    settings.add_argument("--group-opinion", action="append", default=[], metavar="CODE=TEXT",
                          help="专家组意见 / the group opinion on one declaration (repeatable)")
    settings.add_argument("--group-opinions", type=Path, metavar="FILE.csv",
                          help="专家组意见表（编号,意见[,不同意见]）/ group opinions from a CSV (code,opinion[,dissent])")
    settings.add_argument("--show", action="store_true")
    for sub in (cockpit, formal, assign, settings):
        sub.add_argument("--db", type=Path, required=True, help="组长的评审库 / the chair's review database")
        sub.set_defaults(chair_job=run)


def run(args: argparse.Namespace, lang: str) -> int:
    from reviewer.panel.commands import _open_review

    review = _open_review(args.db)
    try:
        return {"cockpit": _cockpit, "formal": _formal, "assign": _assign, "settings": _settings}[args.command](review, args, lang)
    finally:
        review.close()


def _say(lang: str, zh: str, en: str) -> None:
    print(en if lang == "en" else zh)


def _cockpit(review: Any, args: argparse.Namespace, lang: str) -> int:
    from reviewer.panel.cockpit import cockpit

    state = cockpit(review)
    en = lang == "en"
    print("Experts (assigned / finished, file returned, package):" if en else "专家（分配 / 完成，评分文件，工作包）：")
    for e in state.experts:
        returned = e.file_returned or ("—")
        issued = ("re-issue" if en else "需重新发放") if e.reissue else (e.package_issued or "—")
        print(f"  {e.name}{' (组长)' if e.leader else ''}\t{e.assigned}/{e.finished}\t{returned}\t{issued}")
    print("Next:" if en else "下一步：")
    for step in state.steps:
        print(f"  - {step.message(lang)}")
    return 0


def _formal(review: Any, args: argparse.Namespace, lang: str) -> int:
    from reviewer import formal_check
    from reviewer.call import bundled_call
    from reviewer.formal_status import FormalStatus, status_label

    code = args.accept or args.exclude or (args.correct or args.supplement or [None])[0]
    if code is not None:
        declaration_id = _declaration_id(review, code)
        if args.accept or args.exclude:
            status = FormalStatus.ACCEPTED if args.accept else FormalStatus.EXCLUDED
            formal_check.resolve(review, declaration_id, status, args.reason)
        elif args.correct:
            formal_check.correct(review, bundled_call(), declaration_id, args.correct[1], args.correct[2], args.reason)
        else:
            formal_check.supplement(review, declaration_id, Path(args.supplement[1]), args.reason)
        _say(lang, f"已记录：{code}", f"recorded: {code}")
    if args.show or code is None:
        statuses = formal_check.statuses(review)
        for declaration_id, code_, project in _declarations(review):
            print(f"{code_}\t{status_label(statuses[declaration_id], lang)}\t{project}")
    return 0


def _declarations(review: Any) -> list[tuple[int, str, str]]:
    with review.engine.connect() as c:
        return [(int(i), str(code), str(name)) for i, code, name in
                c.exec_driver_sql("SELECT id, code, project_name FROM declaration ORDER BY recommender_id, seq").all()]


def _declaration_id(review: Any, code: str) -> int:
    from reviewer.errors import ReviewerError

    with review.engine.connect() as c:
        row = c.exec_driver_sql("SELECT id FROM declaration WHERE code = ?", (code.strip(),)).first()
    if row is None:
        raise ReviewerError("declaration_unknown", review.path, declaration=code)
    return int(row[0])


def _assign(review: Any, args: argparse.Namespace, lang: str) -> int:
    from reviewer.call import bundled_call
    from reviewer.panel import assignment

    if args.per_declaration is not None:
        assignment.set_per_declaration(review, args.per_declaration)
        assigned, conflicts = assignment.assign_all(review, bundled_call())
        _say(lang, f"已分配 {assigned} 项次（回避 {conflicts} 项次）", f"{assigned} assignments ({conflicts} conflicted pairs)")
    if args.move:
        assignment.move(review, bundled_call(), *args.move, args.reason)
        _say(lang, f"已调整：{args.move[0]} {args.move[1]} → {args.move[2]}", f"moved: {args.move[0]} {args.move[1]} → {args.move[2]}")
    if args.show or (args.per_declaration is None and not args.move):
        n = assignment.per_declaration(review)
        _say(lang, f"每个项目的专家人数：{n or '全部合格专家'}", f"experts per declaration: {n or 'all eligible'}")
        for load in assignment.loads(review):
            flag = ("  需重新发放工作包" if lang != "en" else "  package to re-issue") if load.reissue else ""
            print(f"  {load.expert}\t{load.assigned}/{load.eligible}{flag}")
    return 0


def _settings(review: Any, args: argparse.Namespace, lang: str) -> int:
    from dataclasses import replace

    from reviewer.panel import consolidation as cons

    settings = cons.load_settings(review)
    if args.method:
        settings = replace(settings, method=args.method)
    if args.proposed_per_direction is not None:
        directions = {int(r[0]) for r in _admitted_directions(review)}
        settings = replace(settings, proposed={d: args.proposed_per_direction for d in sorted(directions)})
    if args.leader is not None:
        settings = replace(settings, leader=args.leader.strip())
    cons.save_settings(review, settings)
    if args.method or args.proposed_per_direction is not None or args.leader is not None:
        _say(lang, "设置已保存", "settings saved")
    opinions = [_opinion_pair(review, text) for text in args.group_opinion]
    if args.group_opinions:
        opinions += _opinions_file(args.group_opinions)
    for code, text, dissent in opinions:   # checked first: an unknown code stores none of them
        _declaration_id(review, code)
    for code, text, dissent in opinions:
        cons.set_group_opinion(review, _declaration_id(review, code), text, dissent)
    if opinions:
        _say(lang, f"已保存专家组意见 {len(opinions)} 条", f"{len(opinions)} group opinions saved")
    if args.show or not (args.method or args.proposed_per_direction is not None or args.leader is not None or opinions):
        print(f"method={settings.method} trim_min_panel={settings.trim_min_panel} deviation={settings.deviation:g} "
              f"leader={settings.leader or '-'}")
        print("proposed=" + (", ".join(f"{d}:{n}" for d, n in sorted(settings.proposed.items())) or "-"))
    return 0


def _admitted_directions(review: Any) -> list[tuple[int]]:
    with review.engine.connect() as c:
        return c.exec_driver_sql("SELECT DISTINCT direction FROM declaration").all()


def _opinion_pair(review: Any, text: str) -> tuple[str, str, str]:
    from reviewer.errors import ReviewerError
    from reviewer.safeio import clean_text

    code, sep, opinion = text.partition("=")
    if not sep or not code.strip():
        raise ReviewerError("bad_value", None, field="--group-opinion", value=text, why="CODE=TEXT")
    return code.strip(), clean_text(opinion)[0].strip(), ""


def _opinions_file(path: Path) -> list[tuple[str, str, str]]:
    """code, opinion[, dissent] per row (a header row with 编号/code is skipped); UTF-8 or GBK."""
    import csv
    import io

    from reviewer.errors import ReviewerError
    from reviewer.importing.sources import read_text_table
    from reviewer.safeio import clean_text

    try:
        if path.stat().st_size > MAX_OPINIONS_FILE:
            raise ReviewerError("file_unreadable", path, detail=f"larger than {MAX_OPINIONS_FILE // 1024 // 1024} MB")
        rows = list(csv.reader(io.StringIO(read_text_table(path.read_bytes()))))
    except OSError as exc:
        raise ReviewerError("file_unreadable", path, detail=exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise ReviewerError("file_unreadable", path, detail="neither UTF-8 nor GBK") from None
    out = []
    for number, row in enumerate(rows, 1):
        cells = [clean_text(c)[0].strip() for c in row]
        if not any(cells) or (number == 1 and cells[0].lower() in ("编号", "项目编号", "code")):
            continue
        if len(cells) < 2 or not cells[0]:
            raise ReviewerError("bad_value", path, f"第 {number} 行 / row {number}", field="row", value=row, why="code,opinion[,dissent]")
        out.append((cells[0], cells[1], cells[2] if len(cells) > 2 else ""))
    return out
