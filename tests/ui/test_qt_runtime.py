"""The Qt binding in use does not leak references to True (PySide6 6.12.0 on Python 3.11
aborts the interpreter after a few thousand signal emits): pyproject excludes that release."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(object)


def test_signal_emits_keep_bool_references(qapp):
    emitter = _Emitter()
    emitter.fired.connect(lambda _value: None)
    before = sys.getrefcount(True)
    for _ in range(2000):
        emitter.fired.emit(1)
    assert sys.getrefcount(True) - before < 100
