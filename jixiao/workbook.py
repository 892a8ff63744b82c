"""Excel workbooks: ``export`` a year's tables to one workbook (a sheet per table)
for the office to fill in, and ``import`` such a workbook back into the CSV files.

An import is checked before anything is written: the sheets are converted to
CSV in a staging folder and parsed like any CSV; only when every sheet is clean
are the year's files replaced.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from decimal import Decimal
from pathlib import Path
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from jixiao import paths
from jixiao.data import DataError, Problem, decode, parse_table
from jixiao.schema import TABLES


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{Decimal(str(value)).normalize():f}"
    return str(value).strip()


def export(year: int, target: Path) -> Path:
    """Write the year's tables to ``target`` (.xlsx), one sheet per table, named by its title."""
    book = Workbook()
    book.remove(book.active)
    for table in TABLES:
        sheet = book.create_sheet(table.title)
        rows = list(csv.reader(io.StringIO(decode(paths.data_dir(year) / table.filename), newline="")))
        value_col = rows[0].index(table.column("value").header)
        for i, row in enumerate(rows):
            if i and row[value_col].strip():
                try:
                    row[value_col] = float(Decimal(row[value_col]))  # a number in Excel, not text
                except ArithmeticError:
                    pass
            sheet.append(row)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 18
    book.save(target)
    return target


def import_workbook(workbook: Path, year: int) -> list[Path]:
    """Replace ``data/<year>/`` tables with the workbook's sheets; raise DataError on any problem."""
    name = str(workbook)
    folder = paths.data_dir(year)
    if not folder.is_dir():
        raise DataError([Problem(paths.rel(folder), f"{year} 年度还不存在", expected=f"先运行 python -m jixiao new-year {year}")])
    try:
        book = load_workbook(workbook, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as err:
        raise DataError([Problem(name, f"无法打开工作簿（{type(err).__name__}）", expected="Excel 或 WPS 保存的 .xlsx 文件")]) from None
    staging = paths.BUILD / f".import-{year}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    problems: list[Problem] = []
    try:
        for table in TABLES:
            sheet_name = next((s for s in book.sheetnames if s.strip() in (table.title, table.name)), None)
            if sheet_name is None:
                problems.append(Problem(name, f"缺少工作表“{table.title}”", expected=f"工作表名为“{table.title}”（或 {table.name}）"))
                continue
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            width = 0
            for row in book[sheet_name].iter_rows(values_only=True):
                cells = [_cell(v) for v in row]
                used = max((i + 1 for i, c in enumerate(cells) if c), default=0)
                if not used:
                    continue  # blank rows in the sheet
                width = width or used  # the header row sets the width
                writer.writerow(cells[: max(width, used)] + [""] * (width - min(width, len(cells))))
            staged = staging / table.filename
            staged.write_text(out.getvalue(), encoding="utf-8")
            _, found = parse_table(table, staged)
            problems += [_in_sheet(p, name, sheet_name) for p in found]
        if problems:
            raise DataError(problems)
        written = []
        for table in TABLES:
            os.replace(staging / table.filename, folder / table.filename)
            written.append(folder / table.filename)
        return written
    finally:
        book.close()
        shutil.rmtree(staging, ignore_errors=True)


def _in_sheet(problem: Problem, workbook: str, sheet: str) -> Problem:
    """The same problem, located in the workbook's sheet instead of the staged CSV."""
    return Problem(f"{workbook} 的工作表“{sheet}”", problem.message, problem.row, problem.column, problem.value, problem.expected)
