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
    packages.add_argument("--out", type=Path, required=True, help="工作包文件夹 / the packages' folder")
    packages.add_argument("--passphrases", type=Path, required=True, metavar="DIR",
                          help="口令文件夹（不能在工作包文件夹内）/ the passphrases' folder, apart from the packages")
    packages.add_argument("--no-slips", action="store_true", help="不生成口令条 .docx / no printable passphrase slips")
    for name, text in (("sheet", "生成离线评分表 / write the offline score sheet"),
                       ("submit", "由评分表生成评分文件 / make a score file from a filled sheet")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("package", type=Path)
        if name == "submit":
            sub.add_argument("--scores", type=Path, required=True)
            sub.add_argument("--db", type=Path, help="本人的评审库（默认：数据文件夹中按工作包保存）/ your review")
            sub.add_argument("--allow-incomplete", action="store_true", help="允许提交未完成的评审 / hand in unfinished")
        sub.add_argument("--out", type=Path, required=True)
        sub.add_argument("--passphrase-file", type=Path, help="从文件读取口令 / read the passphrase from a file")
    opener = commands.add_parser("open-package", help="打开工作包，生成本人的评审库 / open a work package as your review")
    opener.add_argument("package", type=Path)
    opener.add_argument("--db", type=Path, required=True)
    opener.add_argument("--passphrase-file", type=Path)
    export = commands.add_parser("export-scores", help="导出签名的评分文件 / export your signed score file")
    export.add_argument("--db", type=Path, required=True)
    export.add_argument("--out", type=Path, required=True)
    export.add_argument("--allow-incomplete", action="store_true", help="允许提交未完成的评审 / hand in unfinished")
    merge = commands.add_parser("merge", help="合并专家评分文件（有文件被拒绝时退出码为 1）/ merge score files (exit 1 if any refused)")
    merge.add_argument("--db", type=Path, required=True)
    merge.add_argument("files", type=Path, nargs="+", metavar="SCORE_FILE")
    verify = commands.add_parser("verify", help="核验评分文件的签名 / check who signed score files")
    verify.add_argument("files", type=Path, nargs="+", metavar="SCORE_FILE")
    verify.add_argument("--db", type=Path, help="组长的评审库：是否为已合并的文件 / the chair's database: is it the file merged")


def run(args: argparse.Namespace, lang: str) -> int:
    handlers = {"experts": _experts, "packages": _packages, "sheet": _sheet, "submit": _submit,
                "open-package": _open_package, "export-scores": _export_scores, "merge": _merge, "verify": _verify}
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
    from reviewer.panel.packages import PASSPHRASE_LIST, SLIPS, write_packages

    review = _open_review(args.db)
    try:
        written = write_packages(review, args.out, args.passphrases, slips=not args.no_slips)
    finally:
        review.close()
    en = lang == "en"
    for w in written:
        held = "" if w.passphrase else ("\t(passphrase handed out before, unchanged)" if en else "\t（口令已于此前发放，未改变）")
        print(f"{w.path}\t{w.expert.name}\t{w.declarations}{held}")
    print(f"{args.passphrases / PASSPHRASE_LIST}" + ("" if args.no_slips or not any(w.passphrase for w in written) else f"\t{args.passphrases / SLIPS}")
          + ("\t(keep apart from the packages; hand each expert their own)" if en else "\t（与工作包分开保管，分别交给每位专家）"))
    return 0


def _sheet(args: argparse.Namespace, lang: str) -> int:
    from reviewer.panel.sheets import write_sheet

    print(write_sheet(args.package, _passphrase(args, args.package), args.out))
    return 0


def _submit(args: argparse.Namespace, lang: str) -> int:
    from reviewer.panel.sheets import submit

    _print_exported(submit(args.package, _passphrase(args, args.package), args.scores, args.out,
                           args.allow_incomplete, args.db), lang)
    return 0


def _open_package(args: argparse.Namespace, lang: str) -> int:
    from reviewer.panel.packages import open_package
    from reviewer.panel.scorefiles import key_fingerprint

    database = open_package(args.package, _passphrase(args, args.package), args.db)
    review = _open_review(database)
    try:
        fingerprint = key_fingerprint(review)
    finally:
        review.close()
    print(database)
    print(("signing key fingerprint: " if lang == "en" else "本人签名密钥指纹：") + fingerprint)
    return 0


def _export_scores(args: argparse.Namespace, lang: str) -> int:
    from reviewer.panel.scorefiles import export_score_file

    review = _open_review(args.db)
    try:
        exported = export_score_file(review, args.out, args.allow_incomplete)
    finally:
        review.close()
    _print_exported(exported, lang)
    return 0


def _print_exported(exported, lang: str) -> None:  # type: ignore[no-untyped-def]
    en = lang == "en"
    print(exported.path)
    print(("SHA-256: " if en else "文件摘要 SHA-256：") + exported.sha256)
    print(("signing key fingerprint: " if en else "签名密钥指纹：") + exported.fingerprint)
    print(("sequence number: " if en else "序号：") + str(exported.seq))
    if exported.unfinished:
        print(("unfinished: " if en else "未完成：") + "、".join(exported.unfinished))


def _merge(args: argparse.Namespace, lang: str) -> int:
    """Each file on its own: merged, unchanged, replaced or refused with its reason; exit 1 if any was refused."""
    from reviewer.panel.scorefiles import merge_score_file

    review = _open_review(args.db)
    refused = 0
    words = {"merged": "已合并", "replaced": "已替换旧文件", "unchanged": "已合并过，未改动", "refused": "已拒绝"}
    try:
        for path in args.files:
            try:
                result = merge_score_file(review, path)
            except ReviewerError as exc:
                refused += 1
                outcome = "refused" if lang == "en" else words["refused"]
                print(f"{path}\t{outcome}\t{exc.message(lang)}")
                continue
            outcome = result.outcome if lang == "en" else words[result.outcome]
            print(f"{path}\t{outcome}\t{result.expert}\t{result.declarations}\tseq {result.seq}\t"
                  f"{result.fingerprint}\t{result.sha256}")
    finally:
        review.close()
    total = len(args.files)
    print(f"{total - refused}/{total} accepted, {refused} refused" if lang == "en"
          else f"共 {total} 个文件，接受 {total - refused} 个，拒绝 {refused} 个", file=sys.stderr)
    return 1 if refused else 0


def _verify(args: argparse.Namespace, lang: str) -> int:
    """Who signed each file, its digest, and with --db whether it is the file merged; exit 1 if any fails."""
    from reviewer.panel.scorefiles import verify_score_file

    review = _open_review(args.db) if args.db else None
    en, failed = lang == "en", 0
    try:
        for path in args.files:
            try:
                v = verify_score_file(path, review)
            except ReviewerError as exc:
                failed += 1
                print(f"{path}\t{'INVALID' if en else '无效'}\t{exc.message(lang)}")
                continue
            print(f"{path}\t{'signature valid' if en else '签名有效'}")
            lines = [("expert", "专家", v.expert or f"#{v.expert_id}"), ("package", "工作包", v.package_id),
                     ("sequence number", "序号", str(v.seq)), ("signing key fingerprint", "签名密钥指纹", v.fingerprint),
                     ("SHA-256", "文件摘要 SHA-256", v.sha256)]
            if review is not None:
                lines.append(("registered key", "已登记的密钥", _pinned(v, en)))
                lines.append(("merged", "合并", _merged(v, en)))
            for label_en, label_zh, value in lines:
                print(f"  {label_en if en else label_zh}: {value}")
            if review is not None and v.pinned and v.pinned != v.fingerprint:
                failed += 1
    finally:
        if review is not None:
            review.close()
    return 1 if failed else 0


def _pinned(v, en: bool) -> str:  # type: ignore[no-untyped-def]
    if not v.pinned:
        return "none yet" if en else "尚未登记"
    if v.pinned == v.fingerprint:
        return "the same" if en else "一致"
    return f"DIFFERENT: {v.pinned}" if en else f"不一致：{v.pinned}"


def _merged(v, en: bool) -> str:  # type: ignore[no-untyped-def]
    return {"current": ("yes, the file in use", "是，当前采用的文件"),
            "superseded": ("yes, later replaced by a newer file", "是，后被更新的文件替换"),
            "": ("no, never merged", "否，从未合并")}[v.merged][0 if en else 1]
