"""Importing a library while one of its optional dependencies is hidden."""

from __future__ import annotations

import sys
from contextlib import contextmanager


@contextmanager
def hidden(module: str):
    """Meanwhile ``import module`` fails as if it were not installed (unless it is imported
    already); afterwards it imports as usual."""
    hide = module not in sys.modules
    if hide:
        sys.modules[module] = None  # an ImportError for whoever imports it
    try:
        yield
    finally:
        if hide:
            del sys.modules[module]
