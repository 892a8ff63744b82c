"""Compressed copies of the site's text files, for web servers that serve them as they are.

Beside every HTML, CSS, JS, JSON and SVG file goes ``name.gz`` (gzip level 9)
and ``name.br`` (Brotli). nginx serves the ``.gz`` copies with
``gzip_static on`` (see README), so a reader's browser downloads a fraction of
the bytes and the server compresses nothing at request time. A copy is
rewritten only when it is older than its original.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

SUFFIXES = (".html", ".css", ".js", ".json", ".svg")
#: Below this size compression saves less than a network packet.
MIN_BYTES = 256
#: Brotli quality 7 is within 10% of the best (11) at a fifteenth of its time.
BROTLI_QUALITY = 7


def _write(path: Path, data: bytes) -> None:
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)


def compress_site(site: Path) -> int:
    """Write the ``.gz`` and ``.br`` copies under ``site``; return how many originals were compressed."""
    count = 0
    for path in sorted(site.rglob("*")):
        if path.suffix not in SUFFIXES or not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        mtime = path.stat().st_mtime
        for suffix, pack in (
            (".gz", lambda d: gzip.compress(d, 9, mtime=0)),
            (".br", lambda d: brotli.compress(d, quality=BROTLI_QUALITY)),
        ):
            copy = path.with_name(path.name + suffix)
            if not copy.exists() or copy.stat().st_mtime < mtime:
                _write(copy, pack(data))
        count += 1
    return count
