"""A hash of every source file and the build's options, written into each finished site.

Equal means nothing to rebuild (``make site`` stops at once), and ``make publish``
refuses a site whose sources changed since it was built: a value fixed in Excel and
checked with ``make html`` is not yet in ``_build/html``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

#: The file in a finished site that holds the fingerprint it was built from.
STAMP = ".jixiao-build"
_SKIP = {"_build", "tests"}  # and every folder at the top whose name starts with a dot (.git, .venv, tool caches)


def fingerprint(root: Path, pdf: bool, search: bool) -> str:
    h = hashlib.sha256(f"pdf={pdf} search={search}".encode())
    found = []
    for folder, dirs, files in os.walk(root):  # not into skipped folders (.venv: 30,000 files, 1 s)
        top = folder == str(root)
        dirs[:] = [d for d in dirs if d != "__pycache__" and not (top and (d in _SKIP or d.startswith(".") or d.endswith(".egg-info")))]
        found += [Path(folder, name).relative_to(root) for name in files if os.path.isfile(os.path.join(folder, name))]
    for rel in sorted(found):
        h.update(rel.as_posix().encode() + b"\0" + (root / rel).read_bytes())
    return h.hexdigest()


def current(site: Path, root: Path) -> bool:
    """Whether the complete ``site`` was built from ``root``'s sources as they are now."""
    stamp = site / STAMP
    return stamp.is_file() and stamp.read_text() == fingerprint(root, pdf=True, search=True)
