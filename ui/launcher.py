"""The ``reviewer`` command: the GUI by default, other subcommands from the core.

Nothing heavy is imported before the window: the parser imports only the command module the
arguments name (none for the window), and the GUI's modules are imported after parsing.
"""

from __future__ import annotations

import sys
from typing import Sequence

from reviewer.cli import build_parser, run


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(arguments).parse_args(arguments)
    if args.command in (None, "gui"):
        from ui.app import run_gui

        return run_gui(getattr(args, "db", None), args.lang, smoke=args.smoke)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
