"""Data-aware notebook caching.

jupyter-cache keys a notebook on its code only, so after a CSV changes a
cached build would republish the old numbers. Here every page that executes
``jixiao`` code gets the hash of its inputs (the CSV files it reads and the
package source) written into its first code cell as a comment, when Sphinx reads
it: a changed input changes the code jupyter-cache hashes, so exactly those
pages re-execute. The same inputs are declared as Sphinx dependencies, so Sphinx
re-reads those pages when an input changes.
"""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path

from jixiao.report.years import input_files, previous_published, published_years
from jixiao.util import paths

_YEAR_DOC = re.compile(r"^chapters/(\d{4})/")
MARK = "# jixiao-inputs:"


_IMPORT = re.compile(r"^\s*(?:from\s+(jixiao(?:\.\w+)*)\s+import\s+([\w, ()]+)|import\s+(jixiao(?:\.\w+)*))", re.MULTILINE)


def package_files() -> list[Path]:
    return sorted((paths.ROOT / "jixiao").rglob("*.py"))


def _module_file(name: str) -> Path | None:
    parts = name.split(".")[1:]
    base = paths.ROOT / "jixiao"
    folder = base.joinpath(*parts)
    path = folder / "__init__.py" if folder.is_dir() else folder.with_suffix(".py")
    return path if path.is_file() else None


def imported_modules(code: str) -> set[str]:
    """jixiao modules named by the import statements in ``code``."""
    found = set()
    for module, names, plain in _IMPORT.findall(code):
        if plain:
            found.add(plain)
            continue
        found.add(module)
        for name in re.split(r"[\s,()]+", names):
            if name and _module_file(f"{module}.{name}"):
                found.add(f"{module}.{name}")  # from jixiao.book import charts
    return found


@lru_cache(maxsize=1024)
def _file_imports(path: Path, mtime_ns: int, size: int) -> frozenset[str]:
    """The jixiao modules a package file imports (read again when the file changes)."""
    return frozenset(imported_modules(path.read_text(encoding="utf-8")))


def module_closure(code: str) -> list[Path]:
    """The package files that ``code`` runs: its jixiao imports, followed recursively."""
    seen: dict[str, Path] = {}
    todo = list(imported_modules(code)) + ["jixiao"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = _module_file(name)
        if path is None:
            continue
        seen[name] = path
        stat = path.stat()
        todo += _file_imports(path, stat.st_mtime_ns, stat.st_size)
    return sorted(seen.values())


def doc_inputs(docname: str, source: str) -> list[Path]:
    """The files a page's code reads: its year's CSVs (and the previous year's),
    or every year's for pages outside ``chapters/<year>/``; plus the package
    modules its code imports, directly or through other modules."""
    modules = module_closure(source)
    if not any(m.name == "data.py" for m in modules):
        return modules  # the page's code reads no data (the data dictionary, say)
    match = _YEAR_DOC.match(docname)
    if match:
        return year_data_files(int(match.group(1))) + modules
    return [f for y in published_years() for f in input_files(y) if f.exists()] + modules


def year_data_files(year: int) -> list[Path]:
    """The CSV files a year's report reads: its own and the previous published year's (比上年)."""
    return [f for y in (year, previous_published(year) or year - 1) for f in input_files(y) if f.exists()]


def digest(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(paths.rel(f).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
    return h.hexdigest()[:20]


def stamp_source(text: str, key: str, web: bool = False) -> str:
    """Append a hidden code cell holding the input hash (invisible on the page).

    ``web`` marks outputs made for a build without PDF: the charts without
    their PNG images (see :mod:`jixiao.site.execute`), a separate cache entry.
    """
    return f"{text.rstrip()}\n\n```{{code-cell}} ipython3\n:tags: [remove-cell]\n{MARK} {key}{WEB if web else ''}\n```\n"


WEB = " web"


def restamp(cell_source: str, web: bool) -> str:
    """The hidden cell's source (see :func:`stamp_source`) for the other variant."""
    mark = cell_source.rstrip("\n").removesuffix(WEB)
    return mark + (WEB if web else "")


def web_only() -> bool:
    """Whether this build makes no PDF (``JIXIAO_PDF=0``, set by ``python -m jixiao build --no-pdf``)."""
    return os.environ.get("JIXIAO_PDF") == "0"
