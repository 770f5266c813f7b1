"""``reviewer export``: the panel's documents from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from reviewer.errors import ReviewerError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser("export", help="导出专家组评审意见、汇总表、个人评分表、工作簿与图表 / export the panel's documents")
    export.add_argument("--db", type=Path, required=True, help="组长的评审库 / the chair's review database")
    export.add_argument("--out", type=Path, required=True,
                        help="输出文件夹（不存在时创建，其上级文件夹须已存在） / output folder (created when missing; its parent must exist)")
    export.add_argument("--what", default="opinions,summary,personal,formal,xlsx,charts",
                        help="逗号分隔 / comma-separated: opinions,summary,personal,formal,xlsx,charts")
    export.add_argument("--force", action="store_true", help="覆盖已有文件 / overwrite existing files")
    export.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS, help="消息语言 / message language")


def run(args: argparse.Namespace, lang: str) -> int:
    from reviewer.exports import export_all
    from reviewer.review import Review

    if not args.db.exists():
        raise ReviewerError("file_missing", args.db)
    what = tuple(w.strip() for w in args.what.split(",") if w.strip())
    review = Review.open(args.db)
    try:
        written = export_all(review, args.out, documents=what, force=args.force, lang=lang)
    finally:
        review.close()
    print(f"已导出 {len(written)} 个文件到 {args.out}" if lang == "zh" else f"exported {len(written)} files to {args.out}")
    return 0
