"""The garbage collector in a build's long-lived processes.

A build imports some 230,000 objects' worth of libraries before it does any work, then makes
many short-lived objects (Sphinx's doctrees, the pages' tables and charts). Python's collector
would walk the imported objects at every full collection, and start a young collection every
700 new objects. :func:`settle`, called once the libraries are in, leaves the imported objects
out of every later collection (``gc.freeze``; a process forked afterwards inherits this, and
leaves their pages of memory shared), and collects young objects less often. A one-CSV rebuild
takes about a tenth less time and CPU (measured against no change, twelve alternating runs).
"""

from __future__ import annotations

import gc

#: Young objects between collections (Python's default: 700), and the older generations' ratios.
THRESHOLDS = (20_000, 20, 20)


def settle() -> None:
    """Keep what exists now out of later collections, and collect young objects less often."""
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
