"""Read one CSV table and check every cell against :mod:`jixiao.report.schema`.

Every problem is collected, not only the first, and told in Chinese: the file,
the row as a spreadsheet shows it (the header is row 1), the column, the value
found and what was expected. Stated totals are checked against their parts.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from jixiao.report.schema import Table
from jixiao.util import paths
from jixiao.util.encoding import decode_chinese

KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")  # negatives parse; jixiao.report.rules rejects them
#: Thousands separators where the office puts them: 1,048.94 and 12,345 (not 1,0,48).
_GROUPED_RE = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


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
            text += "；应为" + (" " if self.expected[:1].isascii() else "") + self.expected  # 应为 data/…, 应为“…”
        return text + "。"


class DataError(Exception):
    """One or more problems in the input data."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(self.report())

    def report(self) -> str:
        return f"数据检查发现 {len(self.problems)} 个问题：\n{self.listing()}"

    def listing(self) -> str:
        """The problems, numbered, a line each."""
        return "\n".join(f"  {i}. {p}" for i, p in enumerate(self.problems, 1))


#: Rows a table may have: the report's tables have tens; ten thousand overflowed the PDF's table.
MAX_ROWS = 1000
MAX_BYTES = 2 * 1024 * 1024  # the largest table is a few KB; a huge file is a mistake


def decode(path: Path) -> str:
    """Decode a CSV the way Excel/WPS on Chinese Windows saves it."""
    try:
        size = path.stat().st_size
        raw = path.read_bytes()
    except OSError as err:
        raise DataError(
            [
                Problem(
                    paths.rel(path),
                    "无法读取文件（" + ("没有读取权限，或正被其他程序占用" if isinstance(err, PermissionError) else "读取出错") + "）",
                    expected="关闭正在打开它的程序（如 Excel、WPS）后重试；仍不行时检查文件的权限或所在磁盘",
                )
            ]
        ) from None
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
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(
            [
                Problem(
                    paths.rel(path),
                    "文件是 UTF-16 编码（Excel 的“Unicode 文本”）",
                    expected="在 Excel 中另存为“CSV UTF-8（逗号分隔）”或“CSV（逗号分隔）”",
                )
            ]
        )
    if b"\x00" in raw:
        raise DataError(
            [Problem(paths.rel(path), "文件含有二进制内容，不是文本格式的 CSV", expected="UTF-8 或 GB18030/GBK 编码的 CSV 文本")]
        )
    text, line = decode_chinese(raw)
    if text is not None:
        return text
    raise DataError(
        [
            Problem(
                paths.rel(path),
                "无法识别文件编码，已尝试 UTF-8（含 BOM）和 GB18030/GBK；可能是从别处粘贴了不同编码的文字",
                row=line,
                expected="重新输入这一行的文字，再以 UTF-8 或 GBK 编码另存为 CSV",
            )
        ]
    )


#: What Excel or a Chinese input method may type for a number's characters: full-width digits,
#: comma, point and minus. Nothing else is converted (4² is not 42).
_FULL_WIDTH = str.maketrans("０１２３４５６７８９，．－", "0123456789,.-")


def rows_complete(problems: list[Problem]) -> bool:
    """Whether reading with these ``problems`` left every data row read: each is about one cell
    (a value, a code), not about the file, its header (row 1) or a row's shape."""
    return all(p.column and (p.row or 0) > 1 for p in problems)


def typed_number(text: str) -> str:
    """A number as the office typed it, for the report's text: full-width digits and signs to
    ASCII, spaces around it removed, thousands separators kept (1,048.94 stays 1,048.94)."""
    return text.translate(_FULL_WIDTH).strip(" \u3000\t")


def normalize_number(text: str) -> str:
    """A number's digits for reading its value: :func:`typed_number` without thousands separators."""
    return typed_number(text).replace(",", "")


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
    if len(rows[0]) == 1 and (";" in rows[0][0] or "\t" in rows[0][0]):
        sep = "分号" if ";" in rows[0][0] else "制表符"
        return _empty(table), [Problem(name, f"各列之间用的是{sep}，不是逗号", row=1, expected="在 Excel 或 WPS 中另存为“CSV（逗号分隔）”")]
    header = [unicodedata.normalize("NFKC", h).strip() for h in rows[0]]
    missing = [h for h in table.headers if h not in header]
    typed = {h: raw.strip() for h, raw in zip(header, rows[0], strict=True)}  # as the office typed it: 金额（万元）
    extra = [typed[h] for h in header if h not in table.headers]
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
    filled = sum(1 for cells in rows[1:] if any(c.strip() for c in cells))
    if filled > MAX_ROWS:
        return _empty(table), [
            Problem(
                name,
                f"数据行过多（{filled} 行）：报告中的每个数字是一行，一张表通常只有几十行",
                expected=f"不超过 {MAX_ROWS} 行；请检查是否粘贴或另存进了其他表格的内容",
            )
        ]

    index = {h: i for i, h in enumerate(header)}
    records = []
    for line_no, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if any("\n" in c or "\r" in c for c in cells):  # rows are Excel's rows: a cell spanning lines
            problems.append(
                Problem(
                    name,
                    '单元格中有换行，或有未配对的英文双引号（"），之后的内容都被当成了这一格',
                    row=line_no,
                    value=next(c for c in cells if "\n" in c or "\r" in c)[:40].replace("\n", " ").replace("\r", " ") + "……",
                    expected="去掉单元格中的换行；名称中的引号用中文引号“”",
                )
            )
            break
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
                record["typed"] = typed_number(raw)  # 889.10 stays 889.10, 1,048.94 stays 1,048.94
            record[col.id] = value
        records.append(record)
    frame = pd.DataFrame.from_records(records, columns=_frame_columns(table))
    return frame, problems


def _check_cell(col, raw: str):
    if not raw:
        if col.required:
            return None, ("缺少必填值", "非空")
        return "", None
    if col.kind == "number":
        norm = normalize_number(raw)
        if not _NUMBER_RE.match(norm):
            if raw.startswith("="):  # a formula Excel never calculated (the file was not saved by Excel)
                return None, ("是公式，文件中没有保存它的计算结果", "数值：在 Excel 或 WPS 中打开工作簿、保存后再导入，或直接填写数值")
            return None, ("不是数值", "阿拉伯数字，如 1020.37")
        if "," in typed_number(raw) and not _GROUPED_RE.match(typed_number(raw)):
            return None, ("逗号的位置不对", "小数点用英文句点，如 11.5；千位分隔符每三位一个逗号，如 1,048.94，也可以不用")
        if re.match(r"^-?0\d", norm):
            return None, ("数值开头有多余的 0", f"去掉开头的 0，如 {Decimal(norm):f}")
        if norm.startswith("-") and Decimal(norm) == 0:
            return None, ("不能为负数", "大于或等于 0 的数，如 0")
        number = Decimal(norm)
        if -number.as_tuple().exponent > 2:
            return None, ("小数位数超过两位", "最多两位小数")
        return float(number), None
    if col.kind in ("key", "parent") and not KEY_RE.match(raw):
        return None, ("代码格式不正确", "小写英文字母开头，仅含小写字母、数字和下划线")
    return unicodedata.normalize("NFC", raw), None


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
        return Decimal(normalize_number(typed))
    return Decimal(str(row["value"]))
