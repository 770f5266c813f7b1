"""The window shows before the store is loaded, the parser loads no command module it is not asked for, and the
faster PySide6 import check answers alike."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _fresh(probe: str) -> list[str]:
    """What a fresh interpreter running ``probe`` in the repository prints, by line."""
    result = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_faster_feature_check_gives_pyside_s_answer() -> None:
    probe = (
        "import sys, PySide6.QtCore\n"
        "feature = sys.modules['shibokensupport.feature']\n"
        "original = feature._mod_uses_pyside\n"
        "from ui import pyside_startup, main_window\n"
        "import reviewer.rubric, json\n"
        "assert pyside_startup.install()\n"
        "assert not pyside_startup.install()  # once only\n"
        "fast = feature._mod_uses_pyside\n"
        "for module in (main_window, reviewer.rubric, json, sys):\n"
        "    assert fast(module) == original(module), module\n"
        "print(fast(main_window), fast(reviewer.rubric))\n"
    )
    assert _fresh(probe) == ["True False"]


def test_the_window_module_does_not_load_the_store() -> None:
    probe = "import sys, ui.app; print(','.join(m for m in ('sqlalchemy', 'sqlmodel', 'pandas', 'docx') if m in sys.modules))"
    assert _fresh(probe) == [""]


def test_parsing_a_window_start_imports_no_command_module_nor_the_store() -> None:
    """`reviewer`, `reviewer gui X`, `reviewer --lang en`: the parser loads neither the panel nor the export code."""
    probe = (
        "import sys\n"
        "from ui.launcher import build_parser\n"
        "for argv in ([], ['gui', 'x.rvpkg'], ['--lang', 'en', '--smoke', 'shot.png'], ['status', 'x.sqlite']):\n"
        "    build_parser(argv).parse_args(argv)\n"
        "heavy = ('sqlalchemy', 'sqlmodel', 'pandas', 'docx', 'matplotlib', 'reviewer.panel', 'reviewer.exports')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
        "build_parser(['export', '--db', 'a', '--out', 'b']).parse_args(['export', '--db', 'a', '--out', 'b'])\n"
        "print('reviewer.exports.commands' in sys.modules, 'reviewer.panel.commands' in sys.modules)\n"
    )
    assert _fresh(probe) == ["", "True False"]


def test_the_lazy_command_table_names_what_each_module_registers() -> None:
    """reviewer.cli.COMMAND_MODULES must agree with the modules, or a command would not parse."""
    import argparse
    import importlib

    from reviewer.cli import BUILTIN_COMMANDS, COMMAND_MODULES, build_parser

    for (module, register), names in COMMAND_MODULES.items():
        commands = argparse.ArgumentParser().add_subparsers()
        getattr(importlib.import_module(module), register)(commands)
        assert tuple(commands.choices) == names, module
    whole = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert list(whole) == [*BUILTIN_COMMANDS, *(n for names in COMMAND_MODULES.values() for n in names)]
    help_text = subprocess.run([sys.executable, "-m", "reviewer", "--help"], cwd=REPO, capture_output=True, text=True).stdout
    assert all(name in help_text for names in COMMAND_MODULES.values() for name in names)
