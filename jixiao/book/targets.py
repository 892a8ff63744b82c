"""Labels and cross-references in the book's pages, checked before the build.

Sphinx warns, and so fails the build, when two sections or figures carry the same
label (``(sec-2025-industry)=``, ``:name: fig-2025-staffing``) or when ``{ref}`` or
``{numref}`` names a label no page defines. ``validate`` and ``finalize`` report both
here, in Chinese, with the file and line, so that a finalized year builds.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from jixiao.book.dryrun import line_at
from jixiao.book.handtyped import CODE_CELLS, blank
from jixiao.report.csvread import Problem
from jixiao.util import paths

_TARGET = re.compile(r"^\(([^()\s]+)\)=[ \t]*$", re.M)
_NAME = re.compile(r"^:name:[ \t]+(\S+)[ \t]*$", re.M)
_REF = re.compile(r"\{(?:ref|numref)\}`(?:[^`<]*<([^`>]+)>|([^`<]+))`")
_SPHINX_LABELS = {"genindex", "modindex", "search"}


def _prose(text: str) -> str:
    """The page without its code cells (same length, so offsets keep their lines)."""
    return blank(text, [CODE_CELLS])


def labels(path: Path) -> list[tuple[str, int]]:
    """The labels a page defines, with their lines (Sphinx compares them in lower case)."""
    stat = path.stat()
    return _labels(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)
def _labels(path: Path, mtime_ns: int, size: int) -> list[tuple[str, int]]:
    """:func:`labels`, read again when the file changes (every year's check reads every page)."""
    text = _prose(path.read_text(encoding="utf-8", errors="replace"))  # a page not in UTF-8 is reported by validate
    found = [(m.group(1), m.start()) for m in _TARGET.finditer(text)] + [(m.group(1), m.start()) for m in _NAME.finditer(text)]
    return sorted(((label.lower(), line_at(text, offset)) for label, offset in found), key=lambda item: item[1])


def book_pages(year: int) -> list[Path]:
    """The pages Sphinx reads once ``year`` is published: the published years' chapters,
    the year's own, the appendix and the pages at the top of the book."""
    from jixiao.report.years import published_years

    years = sorted(set(published_years()) | {year})
    pages = [p for y in years for p in sorted((paths.CHAPTERS / str(y)).glob("*.md"))]
    pages += sorted((paths.ROOT / "notebooks").glob("*.md")) + sorted(p for p in paths.ROOT.glob("*.md") if p.name != "README.md")
    return pages


def year_problems(year: int) -> list[Problem]:
    """Labels of ``year``'s chapters defined twice in the book, and references to labels
    no page defines."""
    pages = book_pages(year)
    where: dict[str, list[tuple[Path, int]]] = {}
    for page in pages:
        for label, line in labels(page):
            where.setdefault(label, []).append((page, line))
    out = []
    for page in sorted((paths.CHAPTERS / str(year)).glob("*.md")):
        for label, line in labels(page):
            first = where[label][0]
            if first != (page, line):
                out.append(
                    Problem(
                        paths.rel(page),
                        f"标签“{label}”与 {paths.rel(first[0])} 第 {first[1]} 行的标签重复",
                        row=line,
                        expected="每个小节和图表的标签各不相同：把这一行括号中的标签改为本书中没有用过的名称"
                        f"（如在末尾加“-2”：({label}-2)=），正文中引用它的地方同样改",
                    )
                )
        text = _prose(page.read_text(encoding="utf-8"))
        for match in _REF.finditer(text):
            label = (match.group(1) or match.group(2)).strip()
            if label.lower() not in where and label.lower() not in _SPHINX_LABELS:
                out.append(
                    Problem(
                        paths.rel(page),
                        f"正文引用的标签“{label}”在本书中不存在",
                        row=line_at(text, match.start()),
                        expected="引用已有的小节或图表标签（各章中形如 (sec-…)= 或 :name: fig-… 的一行），或删去这处引用",
                    )
                )
    return out
