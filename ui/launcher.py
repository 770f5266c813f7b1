"""The ``reviewer`` command: the GUI by default, other subcommands from the core."""

from __future__ import annotations

import sys
from typing import Sequence

from reviewer.cli import build_parser, run


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in (None, "gui"):
        from ui.app import run_gui

        return run_gui(getattr(args, "db", None), args.lang, smoke=args.smoke)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
