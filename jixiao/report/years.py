"""Which report years exist, and which are published.

Each year has ``data/<year>/`` and ``chapters/<year>/``; ``chapters/<year>/report.yml``
says whether the year is a draft (``status: draft``, scaffolded by
``python -m jixiao new-year``) or final (``status: final``, set by
``python -m jixiao finalize``). Only final years are built and published.
"""

from __future__ import annotations

from jixiao.report.schema import TABLES
from jixiao.util import paths, yamlfile

FINAL = "final"
DRAFT = "draft"


def meta_path(year: int):
    return paths.CHAPTERS / str(year) / "report.yml"


def report_meta(year: int) -> dict:
    return yamlfile.load(meta_path(year), {}) or {}


def status(year: int) -> str:
    return str(yamlfile.get(meta_path(year), "status", DRAFT))


def chapter_years() -> list[int]:
    """Years with a chapters folder, newest first."""
    if not paths.CHAPTERS.is_dir():
        return []
    found = [int(p.name) for p in paths.CHAPTERS.iterdir() if p.is_dir() and p.name.isdigit() and len(p.name) == 4]
    return sorted(found, reverse=True)


def published_years() -> list[int]:
    """Final years, newest first: the years the site and the PDFs contain."""
    return [y for y in chapter_years() if status(y) == FINAL]


def draft_years() -> list[int]:
    return [y for y in chapter_years() if status(y) != FINAL]


def latest_year() -> int | None:
    years = chapter_years()
    return years[0] if years else None


def previous_published(year: int) -> int | None:
    """The published year before ``year``, for 比上年 comparisons."""
    earlier = [y for y in published_years() if y < year]
    return earlier[0] if earlier else None


def input_files(year: int) -> list:
    """The CSV files a year's pages read (whether or not each exists)."""
    return [paths.data_dir(year) / t.filename for t in TABLES]
