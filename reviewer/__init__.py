"""reviewer — the core of 评审工作台.

Pure Python: it never imports PySide6 or ``ui`` (an import-linter contract in
pyproject.toml and ``tests/core/test_layering.py`` enforce it), so every action a
reviewer or chair takes in the GUI can also be scripted.
"""

#: The one place the version is written; pyproject.toml and the packaging read it.
__version__ = "0.1.0"
