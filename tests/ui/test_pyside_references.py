"""The Qt bindings keep Python's reference counts: PySide6 6.12.0 on Python 3.11 did not.

With it, every call dropped a reference to None (void calls) or True (signal
emits) and the program aborted after a few thousand calls — a scoring session.
pyproject.toml pins a release without the fault; this test fails on one with it.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit


class _Pinger(QObject):
    ping = Signal(int)


def test_void_calls_and_emits_keep_references(qapp: object) -> None:
    edit = QLineEdit()
    pinger = _Pinger()
    pinger.ping.connect(lambda _n: None)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(500):
        edit.setText(str(i))
        pinger.ping.emit(i)
    assert sys.getrefcount(None) - none_before > -50
    assert sys.getrefcount(True) - true_before > -50
