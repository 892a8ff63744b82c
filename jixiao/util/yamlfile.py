"""Reading the book's small YAML files (``report.yml``, ``_config.yml``, ``_toc.yml``).

A build asks for the same files thousands of times (every page asks which years
are published); each file is parsed once per content, with libyaml when present.
A changed file is parsed again: the cache is keyed on the text, not the path.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=512)
def _parse(text: str):
    return yaml.load(text, Loader=_LOADER)  # a safe loader (CSafeLoader or SafeLoader)


def loads(text: str):
    """``yaml.safe_load`` of ``text``; the caller gets its own copy."""
    return copy.deepcopy(_parse(text))


def _text(path: Path) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def load(path: Path, default=None):
    """The YAML in ``path`` (``default`` when the file is missing or empty)."""
    text = _text(path)
    value = None if text is None else loads(text)
    return default if value is None else value


def get(path: Path, key: str, default=None):
    """One top-level value of the mapping in ``path`` (``default`` when absent), without copying
    the whole file's contents (a build asks each year's ``report.yml`` thousands of times)."""
    text = _text(path)
    value = None if text is None else _parse(text)
    found = value.get(key, default) if isinstance(value, dict) else default
    return copy.deepcopy(found) if isinstance(found, (dict, list)) else found
