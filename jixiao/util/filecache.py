"""Files kept by what they were made from: the build's caches of compressed copies
(:mod:`jixiao.site.compress`), chart images (:mod:`jixiao.book.rendercache`) and pruned
style sheets (:mod:`jixiao.site.slim`).

Each entry is one file, named by its caller from a hash of its inputs. It is written
under a temporary name and renamed, so two processes making the same entry at once,
or a killed build, never leave a half-written file; a cache that cannot be read or
written (a full disk, a read-only copy) only costs time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (errors are raised)."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(path)


def cached(path: Path, make: Callable[[], bytes]) -> bytes:
    """The bytes at ``path``; else ``make()``, kept at ``path`` for next time."""
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError:
        pass
    return data
