"""``new-year`` and ``finalize``: the yearly routine.

``new_year(2025)`` copies the latest year: the data tables keep their headers and
row keys with the values left empty, the chapters keep their data references
with each chapter marked for rewriting, and the year is a draft. Nothing that
exists is overwritten. ``finalize(2025)`` checks the year is complete (every
value filled in and valid, every chapter rewritten) and marks it for publishing.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

from jixiao.report.csvread import Problem, decode
from jixiao.report.schema import TABLES
from jixiao.report.years import DRAFT, FINAL, chapter_years, meta_path, published_years, status
from jixiao.util import paths

#: The note put at the top of each scaffolded chapter; finalize refuses while one is left.
REWRITE_MARK = "jixiao-rewrite"
REWRITE_NOTE = f""":::{{attention}} 待改写
:class: {REWRITE_MARK}

本章文字沿用上一年度报告，数字已改为引用本年度数据。请按本年度情况改写文字，改写完成后删除本提示。
:::
"""


class ScaffoldError(Exception):
    pass


def retarget(text: str, old: int, new: int) -> str:
    """Point a chapter's code and labels at another year; prose is left alone."""
    text = re.sub(rf"\b(glue_\w+)\({old}\b", rf"\g<1>({new}", text)
    # labels, figure names and references: report-2024, ch-2024-…, fig-2024-…
    text = re.sub(rf"\b([a-z][a-z0-9]*(?:-[a-z0-9]+)*)-{old}\b", rf"\g<1>-{new}", text)
    return text


def mark_for_rewriting(text: str) -> str:
    """Insert the rewrite note after the chapter's title."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("# "):
            return "".join(lines[: i + 1]) + "\n" + REWRITE_NOTE + "".join(lines[i + 1 :])
    return REWRITE_NOTE + text


def empty_values(table, path: Path) -> str:
    """The table with the same header and rows, its value column left empty."""
    rows = list(csv.reader(io.StringIO(decode(path), newline="")))
    header = rows[0]
    value_col = header.index(table.column("value").header)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows[1:]:
        if any(cell.strip() for cell in row):
            writer.writerow([("" if i == value_col else cell) for i, cell in enumerate(row)])
    return out.getvalue()


def new_year(year: int, source: int | None = None) -> list[Path]:
    """Scaffold ``year`` from ``source`` (default: the latest year). Returns what was written."""
    data_dir, chapter_dir = paths.data_dir(year), paths.CHAPTERS / str(year)
    existing = [paths.rel(p) for p in (data_dir, chapter_dir) if p.exists()]
    if existing:
        raise ScaffoldError(f"{year} 年度已存在（{'、'.join(existing)}），未做任何改动。")
    years = chapter_years()
    source = source or (years[0] if years else None)
    if source is None:
        raise ScaffoldError("没有可以沿用的年度：chapters/ 下没有任何年度。")
    if year <= source:
        raise ScaffoldError(f"新年度 {year} 应晚于沿用的年度 {source}。")
    written: list[Path] = []
    staging = paths.ROOT / "_build" / f".new-year-{year}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        (staging / "data").mkdir(parents=True)
        for table in TABLES:
            (staging / "data" / table.filename).write_text(empty_values(table, paths.data_dir(source) / table.filename), encoding="utf-8")
        (staging / "chapters").mkdir()
        for path in sorted((paths.CHAPTERS / str(source)).glob("*.md")):
            text = retarget(path.read_text(encoding="utf-8"), source, year)
            if re.match(r"\d\d-", path.name):
                text = mark_for_rewriting(text)
            (staging / "chapters" / path.name).write_text(text, encoding="utf-8")
        (staging / "chapters" / "report.yml").write_text(
            f"# {year} 年度报告的基本信息。\n"
            f"# status：final 为已定稿、会发布；draft 为草稿、不发布（定稿：make finalize YEAR={year}）。\n"
            f"status: {DRAFT}\n"
            f"# PDF 标题页上的附件标注。\n"
            f"attachment: {_attachment(source)}\n",
            encoding="utf-8",
        )
        # Both folders appear only when everything was written.
        (staging / "data").rename(data_dir)
        (staging / "chapters").rename(chapter_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    written += sorted(data_dir.iterdir()) + sorted(chapter_dir.iterdir())
    return written


def _attachment(source: int) -> str:
    from jixiao.report.years import report_meta

    return str(report_meta(source).get("attachment", ""))


def incomplete(year: int) -> list[str]:
    """What keeps ``year`` from being published, in Chinese; empty when complete."""
    from jixiao.book.validate import validate_years

    problems: list[str] = [str(p) for p in validate_years([year])]  # the same checks as validate and the build
    chapter_dir = paths.CHAPTERS / str(year)
    if not chapter_dir.is_dir():
        problems.append(str(Problem(paths.rel(chapter_dir), f"找不到 {year} 年度的章节文件夹")))
    else:
        for path in sorted(chapter_dir.glob("*.md")):
            if REWRITE_MARK in path.read_text(encoding="utf-8"):
                problems.append(f"文件 {paths.rel(path)}：仍有“待改写”提示，文字尚未按本年度改写。")
    return problems


def finalize(year: int) -> list[str]:
    """Mark ``year`` final if complete; return the problems otherwise (nothing changed).

    A year that passes builds: its data, its chapters' code and references, and the
    多年对比 page with the year included are checked as the build will run them.
    The table of contents is updated to include the year."""
    from jixiao.book import dryrun, toc

    problems = incomplete(year)
    if problems:
        return problems
    path = meta_path(year)
    before = path.read_text(encoding="utf-8") if path.exists() else ""
    text = before
    if re.search(r"^status:.*$", text, flags=re.M):
        text = re.sub(r"^status:.*$", f"status: {FINAL}", text, flags=re.M)
    else:
        text += f"status: {FINAL}\n"
    path.write_text(text, encoding="utf-8")
    assert status(year) == FINAL
    later = [str(p) for p in dryrun.trends_problems()]
    later += [str(p) for y in published_years() if y > year for p in dryrun.year_problems(y)]  # they compare with it now
    if later:
        path.write_text(before, encoding="utf-8")
        return later
    toc.write()
    return []
