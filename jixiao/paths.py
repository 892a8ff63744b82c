"""Repository paths, resolved from this file, never from the current directory."""

from __future__ import annotations

import os
import re
from pathlib import Path

#: The repository root. ``JIXIAO_ROOT`` points the package at another book
#: tree (the tests build synthetic years in temporary folders that way).
ROOT = Path(os.environ.get("JIXIAO_ROOT") or Path(__file__).resolve().parent.parent).resolve()
DATA = ROOT / "data"
CHAPTERS = ROOT / "chapters"
BUILD = ROOT / "_build"

_YEAR = re.compile(r"^\d{4}$")


def data_dir(year: int) -> Path:
    return DATA / str(year)


def years() -> list[int]:
    """Years that have a data folder, newest first."""
    if not DATA.is_dir():
        return []
    found = [int(p.name) for p in DATA.iterdir() if p.is_dir() and _YEAR.match(p.name)]
    return sorted(found, reverse=True)


def rel(path: Path) -> str:
    """A path as shown to users: relative to the repository root when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
