"""reviewer — the core of 评审工作台.

Pure Python: it never imports PySide6 or ``ui`` (an import-linter contract in
pyproject.toml and ``tests/core/test_layering.py`` enforce it), so every action a
reviewer or chair takes in the GUI can also be scripted.
"""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("reviewer")
except _metadata.PackageNotFoundError:  # running from a source tree / frozen app
    __version__ = "0.1.0"
