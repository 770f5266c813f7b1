"""The README's two commands stay true: CI runs the README's test command verbatim."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_readme_has_exactly_two_commands_and_ci_runs_the_test_one() -> None:
    commands = _commands()
    assert len(commands) == 2
    run_app, run_tests = commands
    assert run_app.endswith(".venv/bin/reviewer")
    assert "pytest" in run_tests
    ci_lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert run_tests in ci_lines


def test_ci_installs_the_listed_debian_packages() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    packages = (REPO / "packaging" / "debian-packages.txt").read_text(encoding="utf-8").split()
    assert "packaging/debian-packages.txt" in ci
    assert {"fonts-wqy-microhei", "libegl1", "libxkbcommon0"} <= set(packages)
