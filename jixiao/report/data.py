"""One year's data: its CSV tables (read and checked by :mod:`jixiao.report.csvread`),
the selectors chapters use to pick rows, and the reconciliation of totals.

Every problem is collected and reported at once, in Chinese, naming the file,
the row, the column, the value found and what was expected.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from jixiao.report.csvread import (
    KEY_RE,
    DataError,
    Problem,
    parse_table,
    rows_complete,
)
from jixiao.report.schema import TABLES
from jixiao.report.totals import check_parents, stated_totals
from jixiao.util import paths

#: The file a spreadsheet program keeps beside a table it has open, and the table's name.
_OWNER_FILE = re.compile(r"^(?:~\$|\.~lock\.)(.+?\.csv)#?$", re.IGNORECASE)
#: The review ``python -m jixiao import 报告.docx`` saves beside a year's tables (not a table).
IMPORT_REVIEW = "导入检查.txt"


def records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, the same dicts of Python values, a third of the time (pandas
    takes each column out of the frame again for each call)."""
    columns = list(frame.columns)
    return [dict(zip(columns, row)) for row in zip(*(frame[c].tolist() for c in columns))] if len(frame) else []


@dataclass
class YearData:
    year: int
    tables: dict[str, pd.DataFrame]
    _records: dict = field(default_factory=dict, repr=False, compare=False)

    def table(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def records(self, name: str) -> list[dict]:
        """:func:`records` of ``table(name)``, as fresh dicts: worked out once per table (a page's
        code asks for each table dozens of times)."""
        return [dict(row) for row in self._shared_records(name)]

    def _shared_records(self, name: str) -> list[dict]:
        # Tables are never changed in place; one replaced in `tables` is read again.
        frame = self.tables[name]
        cached = self._records.get(name)
        if cached is None or cached[0] is not frame:
            cached = self._records[name] = (frame, records(frame))
        return cached[1]

    def row(self, table: str, key: str) -> dict:
        match = next((row for row in self._shared_records(table) if row["key"] == key), None)
        if match is None:
            raise KeyError(f"{table}.csv 中没有代码为 {key} 的行")
        return dict(match)

    def value(self, table: str, key: str) -> float:
        return self.row(table, key)["value"]

    def parts(self, table: str, parent: str) -> pd.DataFrame:
        frame = self.tables[table]
        return frame[frame["parent"] == parent]

    def select(self, selector: str, with_total: bool = True) -> tuple[str, pd.DataFrame]:
        """The rows a chapter names by ``selector`` (see :func:`parse_selector`)."""
        table, code, section = parse_selector(selector)
        frame = self.tables[table]
        if code:
            parts = frame[frame["parent"] == code]
            return table, (pd.concat([frame[frame["key"] == code], parts]) if with_total else parts)
        if section:
            return table, frame[frame["section"] == section]
        return table, frame


def parse_selector(selector: str) -> tuple[str, str, str]:
    """Chapters choose rows by what the data says, never by a list of codes:

    * ``"staffing"``: every row of a table;
    * ``"expenditure.basic"``: the row with code ``basic`` and its parts (rows whose 上级 is ``basic``);
    * ``"performance.检校业务"``: the rows of one 分项 (category).

    Returns ``(table, code, section)``; raises :class:`KeyError` (Chinese) for an unknown table.
    """
    from jixiao.report.schema import BY_NAME

    table, _, rest = selector.partition(".")
    if table not in BY_NAME:
        raise KeyError(f"没有名为 {table} 的数据表（应为 {'、'.join(BY_NAME)} 之一）")
    if not rest:
        return table, "", ""
    if KEY_RE.match(rest):
        return table, rest, ""
    return table, "", rest


def selector_problem(data: YearData, selector: str) -> str | None:
    """Why ``selector`` selects nothing in ``data`` (Chinese), or None."""
    try:
        table, code, section = parse_selector(selector)
    except KeyError as err:
        return str(err.args[0])
    frame = data.tables.get(table)
    if frame is None:
        return None  # the missing table is reported elsewhere
    if code and code not in set(frame["key"]):
        return f"{table}.csv 中没有代码为 {code} 的行"
    if code and frame[frame["parent"] == code].empty:
        return f"{table}.csv 中没有上级为 {code} 的行（构成图需要组成部分）"
    if section and ("section" not in frame or section not in set(frame["section"])):
        return f"{table}.csv 中没有分项为“{section}”的行"
    return None


def load_year(year: int) -> YearData:
    """Load and check every table of one year; raise :class:`DataError` listing all problems."""
    data, problems = read_year(year)
    if problems:
        raise DataError(problems)
    return data


#: Folders read instead of ``data/<year>/`` (see :func:`reading`).
_READING: dict[int, Path] = {}


@contextmanager
def reading(year: int, folder: Path):
    """Read ``year``'s tables from ``folder`` meanwhile (a workbook import checks its
    staged tables with the chapters' code this way, before writing anything)."""
    _READING[year] = folder
    try:
        yield
    finally:
        del _READING[year]


def read_year(year: int) -> tuple[YearData, list[Problem]]:
    """Every table of one year that could be read, and every problem found on the way."""
    if year in _READING:
        return read_folder(_READING[year], year)
    folder = paths.data_dir(year)
    if not folder.is_dir():
        problem = Problem(
            paths.rel(folder),
            f"找不到 {year} 年的数据文件夹",
            expected=f"文件夹 data/{year}/，内含 {'、'.join(t.filename for t in TABLES)}",
        )
        return YearData(year, {}), [problem]
    return _read_cached(year, _stamp(year))


def _stamp(year: int) -> tuple:
    folder = paths.data_dir(year)
    return tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir()))


@lru_cache(maxsize=32)
def _read_cached(year: int, _stamp: tuple) -> tuple[YearData, list[Problem]]:
    return read_folder(paths.data_dir(year), year)


def read_folder(folder: Path, year: int) -> tuple[YearData, list[Problem]]:
    """Every table in ``folder`` (a year's data folder, or a staged import) and the problems found."""
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    expected = {t.filename for t in TABLES}
    for path in sorted(folder.iterdir()):
        opened = _OWNER_FILE.match(path.name)
        if opened:  # Excel/WPS (~$name) or LibreOffice (.~lock.name#) has the table open
            problems.append(
                Problem(
                    paths.rel(folder / opened.group(1)),
                    f"文件正在 Excel、WPS 或 LibreOffice 中打开（临时文件 {path.name}）",
                    expected="在表格软件中保存并关闭它后重试",
                )
            )
            continue
        if path.name.startswith(".") or path.name in expected or path.name in ("README.md", IMPORT_REVIEW):
            continue
        problems.append(
            Problem(
                paths.rel(path),
                "数据文件夹中有不属于任何数据表的文件（如 Excel 另存的副本）：请把它移到别处或删除",
                expected=f"文件夹中只有 {'、'.join(sorted(expected))}",
            )
        )
    for table in TABLES:
        path = folder / table.filename
        if not path.is_file():
            problems.append(
                Problem(
                    paths.rel(path), f"缺少“{table.title}”数据文件", expected=f"文件 {table.filename}，表头为 {','.join(table.headers)}"
                )
            )
            continue
        try:
            frame, found = parse_table(table, path)
        except DataError as err:
            problems += err.problems
            continue
        if rows_complete(found):
            # Parents and totals once every row was read (a row left out for its cell count
            # would make a correct total look wrong); a bad cell is located in its column and kept.
            found += check_parents(table, frame, paths.rel(path))
        problems += found
        tables[table.name] = frame
    return YearData(year, tables), problems


def reconciliation(data: YearData) -> pd.DataFrame:
    """Each stated total beside the sum of its parts (the build stops if they differ)."""
    rows = []
    for table in TABLES:
        for rec, parts, total, summed in stated_totals(data.table(table.name)):
            rows.append(
                {
                    "数据表": table.filename,
                    "合计项目": rec["name"],
                    "报告所列合计": str(rec.get("typed") or "") or f"{total:f}",  # as written: 1,048.90, 1020.37
                    "组成部分之和": f"{summed:f}",  # the parts' decimals kept: 1048.90
                    "组成部分": "、".join(p["name"] for p in parts),
                    "结果": "一致" if total == summed else "不一致",
                }
            )
    return pd.DataFrame(rows)
