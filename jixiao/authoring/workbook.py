"""Excel workbooks: ``export`` a year's tables to one workbook (a sheet per table)
for the office to fill in, and ``import`` such a workbook back into the CSV files.

An import is checked before anything is written: the sheets are converted to
CSV in a staging folder and checked there with every rule ``validate`` applies
(parsing, totals, vocabularies, ranges, units, what the chapters cite); only
when the whole workbook is clean are the year's files replaced.

An exported workbook carries a drop-down list on every column with a closed
vocabulary (修饰, 修饰位置, 写法), a note on each header saying what the column
holds, and each value's typed decimals as its number format (889.10 shows and
comes back as 889.10).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from jixiao.book import style
from jixiao.report.csvread import DataError, Problem, decode, normalize_number
from jixiao.report.data import read_folder
from jixiao.report.schema import TABLES
from jixiao.util import paths

#: Rows the drop-down lists cover (far more than any table has).
LIST_ROWS = 500
#: The number formats export writes: the typed decimals, and thousands separators if typed (#,##0.00).
_FORMAT = re.compile(r"^(#,##)?0(?:\.(0+))?$")


def _cell(value, number_format: str = "General") -> str:
    """A sheet cell as CSV text; a number keeps the decimals its format shows (0.00 → 889.10)."""
    if value is None:
        return ""
    if isinstance(value, datetime):  # Excel took the typed value for a date (6.1 → 6月1日)
        return f"{value.year}年{value.month}月{value.day}日（Excel 把输入当成了日期）"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
        fmt = number_format or ""
        if fmt.endswith("%") and _FORMAT.match(fmt[:-1]):
            number, fmt = number * 100, fmt[:-1]  # Excel stores 100% as 1; the table holds 100 (unit %)
        match = _FORMAT.match(fmt)
        if match:  # as Excel shows it: halves rounded up, not to even
            return style.fixed(number, len(match.group(2) or ""), grouping=bool(match.group(1)))
        return f"{number.normalize():f}" if number != number.to_integral_value() else f"{number.to_integral_value():f}"
    return str(value).strip()


def _formula(row: tuple, i: int) -> str:
    """The formula of a cell whose value is empty (``=SUM(C3:C5)``), else ""."""
    value = getattr(row[i], "value", None) if i < len(row) else None
    return value if isinstance(value, str) and value.startswith("=") else ""


def _number_format(typed: str) -> str:
    """The number format that shows a value as typed: its decimals, and its thousands separators."""
    decimals = len(typed.partition(".")[2])
    return ("#,##" if "," in typed else "") + ("0." + "0" * decimals if decimals else "0")


def export(year: int, target: Path) -> Path:
    """Write the year's tables to ``target`` (.xlsx), one sheet per table, named by its title."""
    book = Workbook()
    book.remove(book.active)
    for table in TABLES:
        sheet = book.create_sheet(table.title)
        rows = list(csv.reader(io.StringIO(decode(paths.data_dir(year) / table.filename), newline="")))
        value_col = rows[0].index(table.column("value").header)
        formats = {}
        for i, row in enumerate(rows):
            if i and not row[value_col].strip():
                formats[i + 1] = "@"  # to fill in: kept as typed (1100.50 stays 1100.50, not 1100.5)
            elif i:
                typed = row[value_col].strip()
                try:
                    row[value_col] = float(Decimal(normalize_number(typed)))  # a number in Excel, not text
                    formats[i + 1] = _number_format(typed)
                except ArithmeticError:
                    pass
            sheet.append(row)
        letter = get_column_letter(value_col + 1)
        for row_no, fmt in formats.items():
            sheet[f"{letter}{row_no}"].number_format = fmt
        for i, header in enumerate(rows[0], 1):
            column = next((c for c in table.columns if c.header == header), None)
            sheet.column_dimensions[get_column_letter(i)].width = 18
            if column is None:
                continue
            note = column.description + (f"可选：{'、'.join(column.allowed)}。" if column.allowed else "")
            sheet.cell(row=1, column=i).comment = Comment(
                f"{column.header}（{column.type_label}）：{note}", "jixiao", width=320, height=160
            )
            if column.allowed:
                choices = DataValidation(
                    type="list",
                    formula1='"' + ",".join(column.allowed) + '"',
                    allow_blank=True,
                    showErrorMessage=True,
                    errorTitle=f"{column.header}不正确",
                    error=f"“{column.header}”只能为空或以下之一：{'、'.join(column.allowed)}",
                    promptTitle=column.header,
                    prompt=f"可选：{'、'.join(column.allowed)}（可空）",
                    showInputMessage=True,
                )
                choices.add(f"{get_column_letter(i)}2:{get_column_letter(i)}{LIST_ROWS}")
                sheet.add_data_validation(choices)
        sheet.freeze_panes = "A2"
    book.save(target)
    return target


def import_workbook(workbook: Path, year: int) -> tuple[list[Path], list[Problem]]:
    """Replace a draft year's ``data/<year>/`` tables with the workbook's sheets; raise DataError on
    any problem in the data. Returns the files written and what the year's chapters still need
    (a citation of a row the data no longer has, say)."""
    from jixiao.report.years import FINAL, chapter_years, status

    name = str(workbook)
    if not Path(workbook).is_file():
        raise DataError([Problem(name, "找不到这个文件", expected="工作簿的正确路径，如 2025.xlsx（先用 export 导出）")])
    folder = paths.data_dir(year)
    if not folder.is_dir():
        raise DataError([Problem(paths.rel(folder), f"{year} 年度还不存在", expected=f"先运行 .venv/bin/python -m jixiao new-year {year}")])
    if year in chapter_years() and status(year) == FINAL:
        raise DataError(
            [
                Problem(
                    f"chapters/{year}/report.yml",
                    f"{year} 年度已定稿发布（status: final），导入不会覆盖它的数据。要改正数据，直接在 Excel 中改"
                    f" data/{year}/ 下的表格；或先把这里的 status 改为 draft，导入、核对后再 finalize {year}",
                )
            ]
        )
    try:
        book = load_workbook(workbook, read_only=True, data_only=True)
        formula_book = load_workbook(workbook, read_only=True)  # a formula without its value: say so
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError):
        raise DataError(
            [
                Problem(
                    name,
                    "无法打开工作簿：不是 .xlsx 格式（可能是旧版 .xls，或文件已损坏）",
                    expected="在 Excel 或 WPS 中另存为 .xlsx 后再导入",
                )
            ]
        ) from None
    staging = paths.BUILD / f".import-{year}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    problems: list[Problem] = []
    sheets: dict[str, str] = {}
    try:
        for table in TABLES:
            sheet_name = next((s for s in book.sheetnames if s.strip() in (table.title, table.name)), None)
            if sheet_name is None:
                problems.append(Problem(name, f"缺少工作表“{table.title}”", expected=f"工作表名为“{table.title}”（或 {table.name}）"))
                continue
            out = io.StringIO()
            writer = csv.writer(out, lineterminator="\n")
            width = 0
            formulas = formula_book[sheet_name].iter_rows()
            for row in book[sheet_name].iter_rows():
                written = next(formulas, ())
                cells = [
                    _cell(getattr(c, "value", None), getattr(c, "number_format", "General")) or _formula(written, i)
                    for i, c in enumerate(row)
                ]
                used = max((i + 1 for i, c in enumerate(cells) if c), default=0)
                if not used:
                    continue  # blank rows in the sheet
                width = width or used  # the header row sets the width
                writer.writerow(cells[: max(width, used)] + [""] * (width - min(width, len(cells))))
            (staging / table.filename).write_text(out.getvalue(), encoding="utf-8")
            sheets[table.filename] = sheet_name
        missing = {t.filename for t in TABLES} - set(sheets)
        found = [p for p in staged_problems(staging, year) if not p.file.endswith(tuple(missing))]
        problems += [_in_sheet(p, name, sheets) for p in found if p.file.endswith(".csv")]
        # The year is a draft: what its chapters still cite or need is for the office to rewrite
        # next (README: data first, then the text); finalize checks it all again.
        text = [p for p in found if not p.file.endswith(".csv")]
        if problems:
            raise DataError(problems + text)
        return _replace_all(staging, folder), text
    finally:
        book.close()
        formula_book.close()
        shutil.rmtree(staging, ignore_errors=True)


def _replace_all(staging: Path, folder: Path) -> list[Path]:
    """Put every staged table in place, or none: a file that cannot be replaced (open in Excel on
    a shared folder, read-only) puts back those already replaced."""
    backup = staging / "before"
    backup.mkdir()
    done: list[Path] = []
    try:
        for table in TABLES:
            target = folder / table.filename
            if target.exists():
                shutil.copy2(target, backup / table.filename)
            os.replace(staging / table.filename, target)
            done.append(target)
    except OSError as err:
        for target in done:
            if (backup / target.name).exists():
                os.replace(backup / target.name, target)
        busy = "没有写入权限，或正被其他程序（如 Excel、WPS）打开" if isinstance(err, PermissionError) else "写入出错"
        failed = folder / TABLES[len(done)].filename
        raise DataError(
            [
                Problem(
                    paths.rel(failed),
                    f"无法写入（{busy}），没有改动任何数据文件",
                    expected="关闭打开它的程序，或检查文件夹的权限后重新导入",
                )
            ]
        ) from None
    return done


def staged_problems(staging: Path, year: int) -> list[Problem]:
    """Every problem ``validate`` would find if the staged tables were the year's data."""
    from jixiao.book import dryrun
    from jixiao.report.rules import year_problems

    data, found = read_folder(staging, year)
    found += year_problems(data, found)
    if found:
        return found
    from jixiao.report.data import reading

    with reading(year, staging):  # the chapters' code, run against the staged tables
        return dryrun.year_problems(year)


def _in_sheet(problem: Problem, workbook: str, sheets: dict[str, str]) -> Problem:
    """The same problem, located in the workbook's sheet instead of the staged CSV."""
    for filename, sheet in sheets.items():
        if problem.file.endswith(filename):
            return Problem(f"{workbook} 的工作表“{sheet}”", problem.message, problem.row, problem.column, problem.value, problem.expected)
    return problem
