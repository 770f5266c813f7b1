"""The frozen app for the packaging tests: built once per run, or the one named by $REVIEWER_FROZEN_APP.

``frozen.run(args, home, **env)`` starts it as an expert's laptop would: its own data, settings and
cache folders under ``home``, offscreen on a 1600×1000 screen.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Callable

import pytest

REPO = Path(__file__).resolve().parents[2]


def packaging_script(script: str) -> ModuleType:
    """A script of packaging/ (bundle, build, fetch), loaded by path once: packaging/ is no package."""
    name = f"reviewer_packaging_{script}"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, REPO / "packaging" / f"{script}.py")
        assert spec is not None and spec.loader is not None
        module = sys.modules[name] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return sys.modules[name]


bundle = packaging_script("bundle")


@pytest.fixture(scope="session")
def packaging() -> Callable[[str], ModuleType]:
    """Loads a script of packaging/ by name: ``packaging("fetch").DOWNLOADS``."""
    return packaging_script


@dataclass(frozen=True)
class FrozenApp:
    folder: Path

    @property
    def bundle(self) -> ModuleType:
        """packaging/bundle.py: names, version, sizes and their targets."""
        return bundle

    @property
    def executable(self) -> Path:
        return self.folder / (bundle.APP_NAME + (".exe" if sys.platform == "win32" else ""))

    def run(self, args: list[str], home: Path, timeout: float = 180, **env: str) -> subprocess.CompletedProcess[str]:
        home.mkdir(parents=True, exist_ok=True)
        screen = home / "screen.json"
        screen.write_text('{"screens": [{"name": "test", "x": 0, "y": 0, "width": 1600, "height": 1000, '
                          '"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}', encoding="utf-8")
        environment = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
                       "REVIEWER_DATA": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
                       "XDG_CACHE_HOME": str(home / "cache"), **env}
        return subprocess.run([str(self.executable), *args], cwd=home, env=environment, capture_output=True,
                              text=True, encoding="utf-8", errors="replace", timeout=timeout)


@pytest.fixture(scope="session")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> FrozenApp:
    """The one-folder app: $REVIEWER_FROZEN_APP (the workflow's own build), else built here (no archive)."""
    given = os.environ.get("REVIEWER_FROZEN_APP")
    if given:
        app = FrozenApp(Path(given).resolve())
        assert app.executable.is_file(), f"$REVIEWER_FROZEN_APP: no {app.executable}"
        return app
    work = tmp_path_factory.mktemp("frozen")
    command = [sys.executable, str(REPO / "packaging" / "build.py"), "--dist", str(work / "dist"),
               "--work", str(work / "build"), "--archive", "none"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, f"build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return FrozenApp(bundle.app_folder(work / "dist"))
