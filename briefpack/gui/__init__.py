"""The desktop app (the only package that imports Qt)."""

from briefpack.gui._refcount import make_singletons_immortal

make_singletons_immortal()
