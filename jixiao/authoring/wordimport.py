"""``python -m jixiao import 报告.docx --year 2025``: a whole report becomes a draft year.

The report is read (:mod:`jixiao.authoring.wordread`) and parsed (:mod:`jixiao.authoring.wordparse`)
before anything is written; its quantities become rows (:mod:`jixiao.authoring.importmap`)
and its chapters MyST files (:mod:`jixiao.authoring.importwrite`). Everything is written to
a staging folder first and moved into ``data/<year>/`` and ``chapters/<year>/``
only when complete. A final year is refused; a draft is replaced, and the review
lists each value that differs from what it held. The review
(:mod:`jixiao.authoring.importreview`) is printed and saved as ``data/<year>/导入检查.txt``.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import shutil
import sys
from pathlib import Path

from jixiao.report.data import IMPORT_REVIEW, read_folder
from jixiao.report.schema import TABLES
from jixiao.util import paths


class ImportError_(Exception):
    """The report can't be imported (Chinese message); nothing was written."""


def reference_year(year: int) -> int | None:
    """The year whose rows give names and codes: the newest earlier year, else the oldest later one."""
    from jixiao.report.years import chapter_years

    years = sorted((set(paths.years()) & set(chapter_years())) - {year})
    earlier = [y for y in years if y < year]
    return earlier[-1] if earlier else (years[0] if years else None)


def _rows(folder: Path, year: int) -> list[dict]:
    if not folder.is_dir():
        return []
    data, _problems = read_folder(folder, year)
    out = []
    for name, frame in data.tables.items():
        for rec in frame.to_dict("records"):
            if rec.get("key"):
                out.append({**rec, "_table": name, "section": rec.get("section", "") or ""})
    return out


def csv_text(table, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.headers)
    for row in rows:
        cells = row.cells()
        writer.writerow([cells.get(c.id, "") for c in table.columns])
    return out.getvalue()


def import_report(source: Path, year: int) -> tuple[list[Path], str]:
    """Import ``source`` as ``year``; returns (files written, review text). Raises
    :class:`ImportError_` or :class:`jixiao.authoring.wordread.ReadError` before writing anything."""
    from jixiao.authoring import importmap, importreuse, importreview, importwrite
    from jixiao.authoring.wordparse import parse_file
    from jixiao.report.years import FINAL, chapter_years, status

    data_dir, chapter_dir = paths.data_dir(year), paths.CHAPTERS / str(year)
    if year in chapter_years() and status(year) == FINAL:
        raise ImportError_(
            f"{year} 年度已定稿发布（chapters/{year}/report.yml 中 status: final），导入不会覆盖它。"
            f"如确需重新导入，请先把该文件中的 status 改为 draft。"
        )
    report = parse_file(source, year)
    if not report.chapters:
        raise ImportError_(f"{Path(source).name} 中没有找到“一、”“二、”……开头的部分标题，无法分章。请按报告的格式编号后再导入。")
    ref_year = reference_year(year)
    others = importreuse.other_chapters(year, ref_year)
    draft_rows = _rows(data_dir, year)
    # The draft's rows first; a code the draft already has is not offered twice (two candidates
    # for one item matched neither, and the item got a new code on each re-import).
    drafted = {(r["_table"], r["key"]) for r in draft_rows}
    earlier = _rows(paths.data_dir(ref_year), ref_year) if ref_year else []
    reference = draft_rows + [r for r in earlier if (r["_table"], r["key"]) not in drafted]
    # How the chapters worded each row, to tell a renamed item from a label of the office's own.
    wording = {**importreuse.cited_wording(ref_year, earlier), **importreuse.cited_wording(year, draft_rows)}
    for row in reference:
        row["_wording"] = wording.get((row["_table"], str(row["key"])), "")
    plan = importmap.plan(report, year, reference, importreuse.title_tables(others))
    if not plan.rows:
        raise ImportError_(f"{Path(source).name} 中没有找到任何带单位的数字，无法生成数据表。")

    from jixiao.util import lock

    # one build or import at a time: a build never reads a year half replaced
    with lock.held(paths.BUILD / ".lock", "导入报告", say=lambda text: print(text, file=sys.stderr)):
        staging = paths.BUILD / f".import-{year}"
        shutil.rmtree(staging, ignore_errors=True)
        try:
            (staging / "data").mkdir(parents=True)
            (staging / "chapters").mkdir()
            for table in TABLES:
                (staging / "data" / table.filename).write_text(csv_text(table, plan.table(table.name)), encoding="utf-8")
            data, problems = read_folder(staging / "data", year)
            staged, final = paths.rel(staging / "data"), paths.rel(data_dir)  # the review names the year's own files
            problems = [dataclasses.replace(p, file=p.file.replace(staged, final, 1)) for p in problems]
            names = importwrite.write_chapters(report, plan, year, staging / "chapters", data, others)
            (staging / "chapters" / "index.md").write_text(importwrite.index_text(year, ref_year), encoding="utf-8")
            (staging / "chapters" / "report.yml").write_text(importwrite.report_yml(year, report.title), encoding="utf-8")
            review = importreview.review(report, plan, year, source, names, ref_year, draft_rows, problems)
            (staging / "data" / IMPORT_REVIEW).write_text(review + "\n", encoding="utf-8")
            _swap(staging, data_dir, chapter_dir)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return sorted(data_dir.iterdir()) + sorted(chapter_dir.iterdir()), review


def _swap(staging: Path, data_dir: Path, chapter_dir: Path) -> None:
    """Move the staged folders in place. The draft they replace is set aside first and
    put back if a move fails, so the year is either the old draft or the new one."""
    old = staging / "old"
    old.mkdir()
    pairs = ((data_dir, staging / "data", old / "data"), (chapter_dir, staging / "chapters", old / "chapters"))
    moved: list[tuple[Path, Path, Path]] = []
    try:
        for target, new, aside in pairs:
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                target.rename(aside)
            new.rename(target)
            moved.append((target, new, aside))
    except OSError:
        for target, new, aside in reversed(pairs):
            if (target, new, aside) in moved:
                target.rename(new)
            if aside.exists():
                aside.rename(target)
        raise


def main(source: Path, year: int) -> int:
    """The CLI's ``import 报告.docx --year Y``: Chinese messages, exit status."""
    from jixiao.authoring.wordread import ReadError
    from jixiao.util.lock import Busy

    try:
        written, review = import_report(source, year)
    except (ImportError_, ReadError, Busy) as err:
        print(str(err), file=sys.stderr)
        print("没有写入任何文件。", file=sys.stderr)
        return 1
    print(review)
    print()
    print(f"已从 {Path(source).name} 导入 {year} 年度草稿（{len(written)} 个文件），检查结果已保存到 data/{year}/{IMPORT_REVIEW}。")
    print(f"下一步：用 Excel 打开 data/{year}/ 中的数据表核对，运行 make html 预览，无误后运行 make finalize YEAR={year} 定稿。")
    return 0
