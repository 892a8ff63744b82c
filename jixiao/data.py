"""Load one year's CSV tables, checking them against :mod:`jixiao.schema`.

Every problem is collected and reported at once, in Chinese, naming the file,
the row as a spreadsheet shows it (the header is row 1), the column, the value
found and what was expected.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pandas as pd

from jixiao import paths
from jixiao.schema import TABLES, Table

ENCODINGS = ("utf-8-sig", "gb18030")
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")  # negatives parse; jixiao.rules rejects them


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = [f"文件 {self.file}"]
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column is not None:
            where.append(f"“{self.column}”列")
        text = "，".join(where) + f"：{self.message}"
        if self.value is not None:
            text += f"；实际值为“{self.value}”"
        if self.expected is not None:
            text += f"；应为{self.expected}"
        return text + "。"


class DataError(Exception):
    """One or more problems in the input data."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        lines = [f"数据检查发现 {len(self.problems)} 个问题："]
        lines += [f"  {i}. {p}" for i, p in enumerate(self.problems, 1)]
        return "\n".join(lines)


MAX_BYTES = 2 * 1024 * 1024  # the largest table is a few KB; a huge file is a mistake


def decode(path: Path) -> str:
    """Decode a CSV the way Excel/WPS on Chinese Windows saves it."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DataError(
            [
                Problem(
                    paths.rel(path),
                    f"文件过大（{size / 1024 / 1024:.1f} MB）",
                    expected=f"不超过 {MAX_BYTES // 1024 // 1024} MB 的数据表，请检查是否保存错了文件",
                )
            ]
        )
    raw = path.read_bytes()
    if b"\x00" in raw:
        raise DataError(
            [Problem(paths.rel(path), "文件含有二进制内容，不是文本格式的 CSV", expected="UTF-8 或 GB18030/GBK 编码的 CSV 文本")]
        )
    for enc in ENCODINGS:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DataError(
        [Problem(paths.rel(path), "无法识别文件编码，已尝试 UTF-8（含 BOM）和 GB18030/GBK", expected="以 UTF-8 或 GBK 编码另存为 CSV")]
    )


def normalize_number(text: str) -> str:
    """Full-width digits to ASCII, thousands separators and spaces removed."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace(",", "").replace(" ", "")


def parse_table(table: Table, path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """Parse one CSV file; return the rows that parsed and the problems found."""
    name = paths.rel(path)
    problems: list[Problem] = []
    text = decode(path)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        return _empty(table), [Problem(name, "文件为空", expected=f"第 1 行为表头：{','.join(table.headers)}")]
    header = [unicodedata.normalize("NFKC", h).strip() for h in rows[0]]
    missing = [h for h in table.headers if h not in header]
    extra = [h for h in header if h not in table.headers]
    for h in missing:
        problems.append(Problem(name, f"缺少“{h}”列", row=1, column=h, expected=f"表头为 {','.join(table.headers)}"))
    for h in extra:
        problems.append(
            Problem(name, f"多出未定义的“{h or '（空）'}”列", row=1, column=h or "（空）", expected=f"表头为 {','.join(table.headers)}")
        )
    if len(set(header)) != len(header):
        problems.append(Problem(name, "表头有重复的列名", row=1, value=",".join(header)))
    if problems:
        return _empty(table), problems
    if len(rows) == 1:
        return _empty(table), [Problem(name, "只有表头，没有数据行", row=2, expected="至少一行数据")]

    index = {h: i for i, h in enumerate(header)}
    records = []
    for line_no, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(
                    name,
                    f"本行有 {len(cells)} 个单元格，与表头的 {len(header)} 列不一致",
                    row=line_no,
                    value=",".join(cells),
                    expected="每行单元格数与表头相同",
                )
            )
            continue
        record = {"_row": line_no, "typed": ""}
        label = cells[index[table.column("name").header]].strip()
        for col in table.columns:
            raw = cells[index[col.header]].strip()
            value, problem = _check_cell(col, raw)
            if problem:
                what = f"（{label}）" if label and col.id != "name" else ""
                problems.append(Problem(name, problem[0] + what, row=line_no, column=col.header, value=raw, expected=problem[1]))
            elif col.kind == "number" and raw:
                record["typed"] = normalize_number(raw)  # 889.10 stays 889.10
            record[col.id] = value
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=_frame_columns(table))
    problems += _check_parents(table, frame, name)
    return frame, problems


def _check_cell(col, raw: str):
    if not raw:
        if col.required:
            return None, ("缺少必填值", "非空")
        return "", None
    if col.kind == "number":
        norm = normalize_number(raw)
        if not _NUMBER_RE.match(norm):
            return None, ("不是数值", "阿拉伯数字，如 1020.37")
        number = Decimal(norm)
        if -number.as_tuple().exponent > 2:
            return None, ("小数位数超过两位", "最多两位小数")
        return float(number), None
    if col.kind in ("key", "parent") and not _KEY_RE.match(raw):
        return None, ("代码格式不正确", "小写英文字母开头，仅含小写字母、数字和下划线")
    return unicodedata.normalize("NFC", raw), None


def _check_parents(table: Table, frame: pd.DataFrame, name: str) -> list[Problem]:
    """Parents must exist, and each stated total must equal the sum of its parts."""
    if "parent" not in frame or frame.empty:
        return []
    problems = []
    by_key = {k: r for k, r in zip(frame["key"], frame.to_dict("records")) if k}
    for rec in frame.to_dict("records"):
        parent = rec["parent"]
        if parent and parent not in by_key:
            problems.append(
                Problem(name, "上级代码在本表中不存在", row=rec["_row"], column="上级", value=parent, expected="本表中某一行的代码")
            )
    value_header = table.column("value").header
    for rec, parts, total, summed in stated_totals(frame):
        if total != summed:
            listing = " + ".join(f"{n} {plain(v)}" for n, v in zip(parts["name"], parts["value"]))
            problems.append(
                Problem(
                    name,
                    f"合计“{rec['name']}”与其组成部分之和不符（{listing} = {plain(summed)}）",
                    row=rec["_row"],
                    column=value_header,
                    value=plain(total),
                    expected=f"组成部分之和 {plain(summed)}",
                )
            )
    return problems


def stated_totals(frame: pd.DataFrame):
    """Each row that has parts: (row, parts, stated total, sum of parts), as Decimals.
    Rows whose total or parts are missing are skipped (they are reported elsewhere)."""
    for rec in frame.to_dict("records"):
        if not rec["key"]:
            continue
        parts = frame[frame["parent"] == rec["key"]]
        if parts.empty or rec["value"] is None or pd.isna(rec["value"]) or parts["value"].isna().any():
            continue
        summed = sum((exact(p) for p in parts.to_dict("records")), Decimal(0))
        yield rec, parts, exact(rec), summed


def plain(value) -> str:
    """A number exactly as stored (for messages: 68.471 stays 68.471)."""
    d = Decimal(str(value)).normalize()
    return f"{d:f}"


def _frame_columns(table: Table) -> list[str]:
    """A parsed table's columns: its spreadsheet row, the schema's columns, and
    ``typed``, the value exactly as the office typed it (``"889.10"``)."""
    return ["_row", *[c.id for c in table.columns], "typed"]


def _empty(table: Table) -> pd.DataFrame:
    return pd.DataFrame(columns=_frame_columns(table))


def exact(row) -> Decimal:
    """A row's value as a Decimal with the decimals as typed (889.10 has two)."""
    typed = row.get("typed") if hasattr(row, "get") else None
    if typed:
        return Decimal(typed)
    return Decimal(str(row["value"]))


@dataclass
class YearData:
    year: int
    tables: dict[str, pd.DataFrame]

    def table(self, name: str) -> pd.DataFrame:
        return self.tables[name]

    def row(self, table: str, key: str) -> dict:
        frame = self.tables[table]
        match = frame[frame["key"] == key]
        if match.empty:
            raise KeyError(f"{table}.csv 中没有代码为 {key} 的行")
        return match.iloc[0].to_dict()

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
    from jixiao.schema import BY_NAME

    table, _, rest = selector.partition(".")
    if table not in BY_NAME:
        raise KeyError(f"没有名为 {table} 的数据表（应为 {'、'.join(BY_NAME)} 之一）")
    if not rest:
        return table, "", ""
    if _KEY_RE.match(rest):
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


def input_files(year: int) -> list[Path]:
    """The CSV files a year's pages read."""
    return [paths.data_dir(year) / t.filename for t in TABLES]


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
        if path.name.startswith(".") or path.name in expected or path.name == "README.md":
            continue
        problems.append(Problem(paths.rel(path), "数据文件夹中有未定义的文件", expected=f"只包含 {'、'.join(sorted(expected))}"))
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
                    "报告所列合计": float(total),
                    "组成部分之和": float(summed),
                    "组成部分": "、".join(parts["name"]),
                    "结果": "一致" if total == summed else "不一致",
                }
            )
    return pd.DataFrame(rows)
