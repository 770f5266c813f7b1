"""The panel's command-line commands (see ``reviewer --help``)."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from reviewer.errors import ReviewerError


def add_parsers(commands: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    experts = commands.add_parser("experts", help="登记专家、计算回避与分配 / register experts, conflicts and assignments")
    experts.add_argument("--db", type=Path, required=True, help="组长的评审库 / the chair's review database")
    experts.add_argument("--add", type=Path, metavar="LIST", help="专家名单 .xlsx/.csv / expert list (docs/expert-list.md)")
    experts.add_argument("--province-rule", choices=["on", "off"], help="回避推荐单位所在省份的专家 / recuse experts from the recommender's province")
    packages = commands.add_parser("packages", help="为每位专家生成加密工作包 / write one encrypted work package per expert")
    packages.add_argument("--db", type=Path, required=True)
    packages.add_argument("--out", type=Path, required=True)
    for name, text in (("sheet", "生成离线评分表 / write the offline score sheet"),
                       ("submit", "由评分表生成评分文件 / make a score file from a filled sheet")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("package", type=Path)
        if name == "submit":
            sub.add_argument("--scores", type=Path, required=True)
        sub.add_argument("--out", type=Path, required=True)
        sub.add_argument("--passphrase-file", type=Path, help="从文件读取口令 / read the passphrase from a file")
    opener = commands.add_parser("open-package", help="打开工作包，生成本人的评审库 / open a work package as your review")
    opener.add_argument("package", type=Path)
    opener.add_argument("--db", type=Path, required=True)
    opener.add_argument("--passphrase-file", type=Path)
    export = commands.add_parser("export-scores", help="导出签名的评分文件 / export your signed score file")
    export.add_argument("--db", type=Path, required=True)
    export.add_argument("--out", type=Path, required=True)
    merge = commands.add_parser("merge", help="合并专家评分文件 / merge the experts' score files")
    merge.add_argument("--db", type=Path, required=True)
    merge.add_argument("files", type=Path, nargs="+", metavar="SCORE_FILE")


def run(args: argparse.Namespace, lang: str) -> int:
    handlers = {"experts": _experts, "packages": _packages, "sheet": _sheet, "submit": _submit,
                "open-package": _open_package, "export-scores": _export_scores, "merge": _merge}
    return handlers[args.command](args, lang)


def _passphrase(args: argparse.Namespace, package: Path) -> str:
    if getattr(args, "passphrase_file", None):
        try:
            return args.passphrase_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ReviewerError("file_unreadable", args.passphrase_file, detail=exc.strerror or str(exc)) from None
    return getpass.getpass(f"{package.name} 的口令 / passphrase: ")


def _open_review(db: Path):  # type: ignore[no-untyped-def]
    from reviewer.review import Review

    if not db.exists():
        raise ReviewerError("file_missing", db)
    return Review.open(db)


def _experts(args: argparse.Namespace, lang: str) -> int:
    from reviewer.call import bundled_call
    from reviewer.panel import experts as panel

    review = _open_review(args.db)
    call = bundled_call()
    if args.add is not None:
        panel.add_experts(review, panel.read_expert_list(args.add, call))
    if args.province_rule is not None:
        panel.set_province_rule(review, args.province_rule == "on")
    if args.add is not None or args.province_rule is not None:
        panel.assign(review, call)
    for expert in panel.experts(review):
        assert expert.id is not None
        assigned = panel.assignments(review, expert.id)
        directions = ",".join(str(d) for d in json.loads(expert.directions))
        print(f"{expert.id}\t{expert.name}\t{expert.affiliation}\t{expert.province}\t方向 {directions}\t分配 {len(assigned)} 项")
        for conflict in panel.conflicts(review, expert.id):
            code = next((d.code for d in review.declarations(include_unselected=True) if d.id == conflict.declaration_id), "?")
            print(f"\t回避 {code}：{conflict.reason}")
    print(("province rule: " if lang == "en" else "省份回避规则：") + ("on" if panel.province_rule(review) else "off"))
    review.close()
    return 0


def _packages(args: argparse.Namespace, lang: str) -> int:
    from reviewer.panel.packages import write_packages

    review = _open_review(args.db)
    written = write_packages(review, args.out)
    for w in written:
        print(f"{w.path}\t{w.expert.name}\t{w.declarations}")
    print(f"{args.out / '口令清单.csv'}" + ("\t(hand each expert their passphrase separately)" if lang == "en" else "\t（请分别交给每位专家）"))
    review.close()
    return 0


def _sheet(args: argparse.Namespace, lang: str) -> int:
    from reviewer.panel.sheets import write_sheet

    print(write_sheet(args.package, _passphrase(args, args.package), args.out))
    return 0


def _submit(args: argparse.Namespace, lang: str) -> int:
    from reviewer.panel.sheets import submit

    print(submit(args.package, _passphrase(args, args.package), args.scores, args.out))
    return 0


def _open_package(args: argparse.Namespace, lang: str) -> int:
    from reviewer.panel.packages import open_package

    print(open_package(args.package, _passphrase(args, args.package), args.db))
    return 0


def _export_scores(args: argparse.Namespace, lang: str) -> int:
    from reviewer.panel.scorefiles import export_score_file

    review = _open_review(args.db)
    print(export_score_file(review, args.out))
    review.close()
    return 0


def _merge(args: argparse.Namespace, lang: str) -> int:
    from reviewer.panel.scorefiles import merge_score_file

    review = _open_review(args.db)
    refused = 0
    for path in args.files:
        try:
            result = merge_score_file(review, path)
        except ReviewerError as exc:
            refused += 1
            print(exc.message(lang), file=sys.stderr)
            continue
        words = {"merged": "已合并", "replaced": "已替换旧文件", "unchanged": "已合并过，未改动"}
        print(f"{path}\t{result.expert}\t{result.declarations}\t{result.outcome if lang == 'en' else words[result.outcome]}")
    review.close()
    return 1 if refused else 0
