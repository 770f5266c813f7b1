"""A faster form of PySide6's per-import check, which otherwise doubles start-up.

After PySide6 is imported, its ``__feature__`` support looks at every module
imported later and calls ``inspect.getsource`` on it to see whether the text
"PySide6" occurs (PYSIDE-2029). ``inspect.getsource`` is slow; importing the
store (SQLAlchemy, pydantic: hundreds of modules) costs ~300 ms more on this
machine. This module answers the same question by reading the file's bytes,
and falls back to PySide6's own check for anything that is not a plain .py file.
If a PySide6 release renames the function, nothing is patched.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Callable


def install() -> bool:
    """Replace the check once; True when it was replaced."""
    feature = sys.modules.get("shibokensupport.feature")
    original: Callable[[ModuleType], bool] | None = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or original is None or getattr(original, "_reviewer_fast", False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                return False
        return original(module)

    uses_pyside._reviewer_fast = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
    return True
