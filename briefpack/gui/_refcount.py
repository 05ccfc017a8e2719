"""Guard against PySide6 reference-count bugs that crash CPython 3.11 after a while.

Measured with PySide6 6.12.0 on CPython 3.11: every Python-side ``signal.emit(...)`` drops
one reference to ``True``, and every Python override of a C++ virtual that returns ``None``
(``QUndoCommand.redo``, ``paintEvent``, an item model's ``data()`` for a role it does not
serve, …) drops one reference to ``None``. After some thousands of edits one of them reaches
zero and the interpreter aborts ("Fatal Python error: none_dealloc" / "bool_dealloc").

From CPython 3.12 these singletons are immortal (PEP 683) and the bugs are harmless. On older
CPython we do what 3.12 does: give them a reference count so large that no leak can exhaust
it. They are never freed anyway, so nothing else changes.
"""

from __future__ import annotations

import ctypes
import sys

IMMORTAL_BOOST = 1 << 40
applied = False


def make_singletons_immortal() -> bool:
    """Raise the reference counts of None, True and False (CPython < 3.12 only)."""
    global applied
    if applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return applied
    if hasattr(sys, "getobjects"):  # a Py_TRACE_REFS build lays PyObject out differently
        return False
    for obj in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(obj))
        if abs(count.value - (sys.getrefcount(obj) - 1)) > 8:
            return False  # not the layout we expect: leave it alone
        count.value += IMMORTAL_BOOST
    applied = True
    return True
