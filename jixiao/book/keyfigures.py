"""A year's key figures for the landing page: the top-level rows (those without a 上级) of
its expenditure and staffing tables, as the report writes them.

Sphinx's build process makes the landing page, and reading a year's tables costs it the
import of pandas (half a second) for a handful of values. So the figures are kept in
``_build/key-figures``, one small JSON file per year named by the hash of what they are made
from: the year's tables and the package's code. The build's helper process, which has the
tables loaded anyway, makes them (:func:`prepare`); Sphinx then only reads them. A figure
is never read from an entry of other tables or other code: a changed CSV or a changed
formatting rule is a new name, so a stale value cannot be shown.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from jixiao.report.years import input_files
from jixiao.util import filecache, paths

#: The tables whose top-level rows are a year's key figures.
KEY_TABLES = ("expenditure", "staffing")
FOLDER = "key-figures"


@lru_cache(maxsize=1)
def _package_digest() -> bytes:
    """The package's code, hashed once per process (a build does not change its own code)."""
    h = hashlib.sha256()
    for path in sorted((paths.ROOT / "jixiao").rglob("*.py")):
        h.update(path.relative_to(paths.ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    return h.digest()


def _entry(year: int):
    h = hashlib.sha256(_package_digest() + str(year).encode())
    for path in input_files(year):
        h.update(b"\0" + path.name.encode() + b"\0")
        h.update(path.read_bytes() if path.is_file() else b"(missing)")
    return paths.BUILD / FOLDER / f"{year}-{h.hexdigest()[:24]}.json"


def from_data(data) -> dict[tuple[str, str], tuple[str, str]]:
    """(table, key) -> (name, value as the report writes it), for each top-level row of a
    year's :class:`~jixiao.report.data.YearData`, in file order."""
    from jixiao.book import style

    out = {}
    for table in KEY_TABLES:
        for row in data.records(table):
            if not row["parent"]:  # an empty 上级 is read as "" (jixiao.report.csvread)
                out[(table, row["key"])] = (row["name"], style.written(row))
    return out


def _compute(year: int) -> bytes:
    from jixiao.report.data import load_year

    rows = [[table, key, name, value] for (table, key), (name, value) in from_data(load_year(year)).items()]
    return json.dumps(rows, ensure_ascii=False).encode()


def key_figures(year: int) -> dict[tuple[str, str], tuple[str, str]]:
    """:func:`from_data` for ``year``'s tables, kept in ``_build/key-figures``."""
    rows = json.loads(filecache.cached(_entry(year), lambda: _compute(year)))
    return {(table, key): (name, value) for table, key, name, value in rows}


def prepare(years: list[int]) -> None:
    """Make the entries Sphinx will read (in a process that has the tables' libraries loaded),
    and remove each year's entries for tables or code it no longer has."""
    for year in years:
        current = _entry(year)
        filecache.cached(current, lambda year=year: _compute(year))
        for old in current.parent.glob(f"{year}-*.json"):
            if old != current:
                old.unlink(missing_ok=True)
