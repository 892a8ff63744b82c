"""Compressed copies of the site's text files, for web servers that serve them as they are.

Beside every HTML, CSS, JS, JSON and SVG file goes ``name.gz`` (gzip level 9)
and ``name.br`` (Brotli). nginx serves the ``.gz`` copies with
``gzip_static on`` (see README), so a reader's browser downloads a fraction of
the bytes and the server compresses nothing at request time. A copy is
rewritten only when it is older than its original. With a ``cache`` folder
(the build's ``_build/compress-cache``), a file whose bytes were compressed by an
earlier build gets that build's copies, named by the sha256 of the original:
every build assembles a new release folder, and most of its files are unchanged.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import brotli

from jixiao.util import filecache

SUFFIXES = (".html", ".css", ".js", ".json", ".svg")
#: Below this size compression saves less than a network packet.
MIN_BYTES = 256
#: Brotli quality 7 is within 10% of the best (11) at a fifteenth of its time.
BROTLI_QUALITY = 7


def compress_site(site: Path, cache: Path | None = None) -> int:
    """Write the ``.gz`` and ``.br`` copies under ``site``; return how many originals were compressed.

    With ``cache``, copies are reused by the content of their original, and cached
    copies no file of this site uses any more are deleted."""
    count = 0
    used: set[str] = set()
    for path in sorted(site.rglob("*")):
        if path.suffix not in SUFFIXES or not path.is_file() or path.is_symlink():
            continue
        data = path.read_bytes()
        if len(data) < MIN_BYTES:
            continue
        digest = hashlib.sha256(data).hexdigest() if cache is not None else ""
        mtime = path.stat().st_mtime
        for suffix, pack in (
            (".gz", lambda d: gzip.compress(d, 9, mtime=0)),
            (".br", lambda d: brotli.compress(d, quality=BROTLI_QUALITY)),
        ):
            copy = path.with_name(path.name + suffix)
            if not copy.exists() or copy.stat().st_mtime < mtime:
                packed = (
                    pack(data) if cache is None else filecache.cached(cache / (digest + suffix), lambda data=data, pack=pack: pack(data))
                )
                filecache.write_atomic(copy, packed)
            if cache is not None:
                used.add(digest + suffix)
        count += 1
    if cache is not None and cache.is_dir():
        for old in cache.iterdir():
            if old.name not in used:
                old.unlink(missing_ok=True)
    return count
