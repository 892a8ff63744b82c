"""``python -m jixiao validate``: check every year's CSV files, report every problem at once."""

from __future__ import annotations

from collections.abc import Callable

from jixiao.report.csvread import DataError, Problem, rows_complete
from jixiao.report.data import read_year
from jixiao.report.years import chapter_years
from jixiao.util import paths


def data_problems(year: int) -> list[Problem]:
    """Parse problems, reconciliation and the rules of :mod:`jixiao.report.rules` for one year:
    the quick part of validation (the dry run of the chapters is the slow one)."""
    from jixiao.report.rules import year_problems

    data, found = read_year(year)
    return found + year_problems(data, found)


def year_problems(year: int) -> list[Problem]:
    """:func:`data_problems`, then for a year whose data is clean the dry run of its chapters
    (for a year with bad values only, the chapters' readable references); and for every year
    the chapters' labels and cross-references (:mod:`jixiao.book.targets`)."""
    from jixiao.book import dryrun, fences, handtyped, names, targets

    unreadable = encoding_problems(year)
    if unreadable:
        return unreadable + data_problems(year)  # the chapters' own checks need their text
    found = data_problems(year)
    if not found:
        found += dryrun.year_problems(year)  # what the notebooks would fail on
    elif _all_rows_read(year):
        # Bad values, but every table read with all its rows: the chapters' readable
        # references are checked too, so that one run lists everything to fix.
        for path in sorted((paths.CHAPTERS / str(year)).glob("*.md")):
            found += names.problems(path, year)
    for path in sorted((paths.CHAPTERS / str(year)).glob("*.md")):
        found += fences.problems(path) + handtyped.problems(path, year)
    return found + targets.year_problems(year)


def encoding_problems(year: int) -> list[Problem]:
    """Chapter files of ``year`` that are not UTF-8 text (Sphinx reads nothing else): saved as
    ANSI/GBK by Notepad or WPS, say."""
    out = []
    for path in sorted((paths.CHAPTERS / str(year)).glob("*.md")):
        raw = path.read_bytes()
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as err:
            out.append(
                Problem(
                    paths.rel(path),
                    "章节文件不是 UTF-8 编码（可能用记事本或 WPS 另存为了 ANSI、GBK 等编码）",
                    row=raw[: err.start].count(b"\n") + 1,
                    expected="UTF-8 编码：用记事本打开该文件，“另存为”时把编码选为 UTF-8 后保存",
                )
            )
    return out


def validate_years(years: list[int], mapper: Callable = map) -> list[Problem]:
    """:func:`year_problems` of each year, in order; ``mapper`` (like :func:`map`) may check
    years side by side."""
    return [problem for found in mapper(year_problems, years) for problem in found]


def _all_rows_read(year: int) -> bool:
    """Whether every table of ``year`` was read with all its rows (bad values aside)."""
    from jixiao.report.schema import TABLES

    data, found = read_year(year)
    return all(t.name in data.tables for t in TABLES) and rows_complete(found)


def warnings_for(years: list[int]) -> list[str]:
    """Reminders that do not stop the build: a code whose unit or name differs from
    the previous year's, a new 分项, a value written otherwise than in the imported report, a
    character the PDF's fonts lack."""
    from jixiao.book import glyphs
    from jixiao.report.imported import form_warnings
    from jixiao.report.rules import change_warnings

    out = []
    for year in years:
        data, found = read_year(year)
        if not found:
            out += change_warnings(data) + form_warnings(data) + glyphs.warnings(year)
    return out


def data_years() -> list[int]:
    """Every year that has data or chapters (drafts included), newest first."""
    return sorted(set(paths.years()) | set(chapter_years()), reverse=True)


def validate_all(years: list[int] | None = None, mapper: Callable = map) -> str:
    """An empty string when clean, else the Chinese report of every problem.

    Without ``years``: every year that has data or chapters (drafts included). ``mapper``:
    see :func:`validate_years`."""
    if years is None:
        years = data_years()
        if not years:
            return f"没有找到任何年度的数据：{paths.rel(paths.DATA)}/ 下应有以年度命名的文件夹，如 data/2024/。"
    problems = validate_years(years, mapper)
    if not problems:
        from jixiao.book import dryrun
        from jixiao.report.years import published_years

        if set(years) & set(published_years()):
            problems += dryrun.trends_problems()
    for year in years:
        if year in paths.years() and year not in chapter_years():
            problems.append(
                Problem(
                    paths.rel(paths.data_dir(year)),
                    f"{year} 年度有数据但没有章节",
                    expected=f"文件夹 chapters/{year}/（可用 .venv/bin/python -m jixiao new-year {year} 生成）",
                )
            )
    return DataError(problems).report() if problems else ""
