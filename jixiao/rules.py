"""Rules the tables must follow once parsed, checked with pandera.

:mod:`jixiao.data` parses each cell (encodings, full-width digits, thousands
separators, required values, numeric format) and reconciles stated totals; the
rules here check what holds across values: unique codes, allowed vocabularies,
ranges, units per table, and what the tables imply together (in-service staff
within the establishment, every value a chapter cites present in the data).
Every failure becomes a :class:`jixiao.data.Problem` with its spreadsheet row.
"""

from __future__ import annotations

import re

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from jixiao import paths
from jixiao.data import Problem, YearData, plain
from jixiao.schema import BY_NAME, NOTATIONS, QUALIFIERS, Table

#: Units each table may use.
UNITS = {"staffing": ("个", "人"), "expenditure": ("万元", "元")}
SECTIONS = BY_NAME["performance"].column("section").allowed

_MESSAGES = {
    "unique": ("代码重复", "每个代码只出现一次"),
    "non_negative": ("不能为负数", "大于或等于 0 的数"),
    "percent": ("百分比超过 100", "0 到 100 之间的数"),
    "unit": ("单位不在本表允许的范围内", None),
    "section": ("不是允许的分项", "以下之一：" + "、".join(SECTIONS)),
    "qualifier": ("不是允许的修饰", "空，或以下之一：" + "、".join(QUALIFIERS)),
    "notation": ("不是允许的写法", "空，或以下之一：" + "、".join(NOTATIONS)),
    "chinese_numeral": ("写法为“汉字”的数值须为 0 到 99 的整数", "0 到 99 的整数，或把写法改为“数字”"),
}


def _check(name: str, fn, element_wise: bool = True) -> pa.Check:
    return pa.Check(fn, element_wise=element_wise, name=name, ignore_na=True)


def schema(table: Table) -> pa.DataFrameSchema:
    columns = {
        "key": pa.Column(None, checks=[_check("unique", lambda s: ~s.duplicated(keep="first"), element_wise=False)]),
        "value": pa.Column(float, checks=[_check("non_negative", lambda v: v >= 0)], nullable=True),
    }
    if table.name in UNITS:
        columns["unit"] = pa.Column(None, checks=[_check("unit", lambda u, allowed=UNITS[table.name]: u in allowed)])
    checks = [
        _check("percent", lambda df: ~((df["unit"] == "%") & (df["value"] > 100)), element_wise=False),
    ]
    if table.name == "performance":
        columns["section"] = pa.Column(None, checks=[_check("section", lambda v: v in SECTIONS)])
        columns["qualifier"] = pa.Column(None, checks=[_check("qualifier", lambda v: v == "" or v in QUALIFIERS)])
        columns["notation"] = pa.Column(None, checks=[_check("notation", lambda v: v == "" or v in NOTATIONS)])
        checks.append(
            _check(
                "chinese_numeral",
                lambda df: ~((df["notation"] == "汉字") & ~(df["value"].between(0, 99) & (df["value"] % 1 == 0))),
                element_wise=False,
            )
        )
    return pa.DataFrameSchema(columns, checks=checks, strict=False, coerce=False)


def table_problems(table: Table, frame: pd.DataFrame, file: str) -> list[Problem]:
    frame = frame.dropna(subset=["key"]).reset_index(drop=True)
    frame["value"] = pd.to_numeric(frame["value"], errors="coerce")
    try:
        schema(table).validate(frame, lazy=True)
    except SchemaErrors as err:
        return _problems(table, frame, file, err.failure_cases)
    return []


def _problems(table: Table, frame: pd.DataFrame, file: str, cases: pd.DataFrame) -> list[Problem]:
    out = []
    seen = set()
    for case in cases.to_dict("records"):
        check = str(case["check"])
        if check not in _MESSAGES or case["index"] is None or pd.isna(case["index"]):
            continue
        index = int(case["index"])
        row = frame.iloc[index]
        column_id = _FRAME_CHECK_COLUMN.get(check, case["column"])
        key = (check, index)
        if key in seen:
            continue
        seen.add(key)
        message, expected = _MESSAGES[check]
        if check == "unique":
            first = frame[frame["key"] == row["key"]].iloc[0]
            message = f"代码重复，与第 {int(first['_row'])} 行（{first['name']}）相同"
        if check == "unit":
            expected = "以下之一：" + "、".join(UNITS[table.name])
        header = table.column(column_id).header
        value = row[column_id]
        shown = plain(value) if column_id == "value" else str(value)
        what = "" if check == "unique" else f"（{row['name']}）"
        out.append(Problem(file, message + what, row=int(row["_row"]), column=header, value=shown, expected=expected))
    return sorted(out, key=lambda p: p.row or 0)


#: The column that DataFrame-wide checks report (pandera lists every column of the row).
_FRAME_CHECK_COLUMN = {"percent": "value", "chinese_numeral": "value"}


def implied_problems(data: YearData) -> list[Problem]:
    """What the tables imply together."""
    out = []
    staffing = data.tables.get("staffing")
    if staffing is not None and {"active", "establishment"} <= set(staffing["key"]):
        active = data.row("staffing", "active")
        establishment = data.row("staffing", "establishment")
        if active["value"] is not None and establishment["value"] is not None and active["value"] > establishment["value"]:
            out.append(
                Problem(
                    paths.rel(paths.data_dir(data.year) / "staffing.csv"),
                    f"在职在编人员（{plain(active['value'])}人）超过事业编制（{plain(establishment['value'])}个）",
                    row=int(active["_row"]),
                    column=BY_NAME["staffing"].column("value").header,
                    value=plain(active["value"]),
                    expected=f"不超过事业编制 {plain(establishment['value'])}",
                )
            )
    return out


_GLUE_KEY = re.compile(r"\{glue(?::\w+)?\}`([a-z]+)\.([a-z0-9_]+)(?:\.(?:change|rate))?(?::[^`]*)?`")


def reference_problems(data: YearData) -> list[Problem]:
    """Every value a chapter of the year cites must be in that year's data."""
    out = []
    keys = {name: set(frame["key"]) for name, frame in data.tables.items()}
    for path in sorted((paths.CHAPTERS / str(data.year)).glob("*.md")):
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for table, key in _GLUE_KEY.findall(line):
                if table in keys and key not in keys[table]:
                    out.append(
                        Problem(
                            paths.rel(path),
                            f"正文引用的数据“{table}.{key}”在 {table}.csv 中不存在",
                            row=line_no,
                            expected=f"data/{data.year}/{table}.csv 中有代码为 {key} 的行，或改正文中的引用",
                        )
                    )
    return out


def year_problems(data: YearData) -> list[Problem]:
    out = []
    for name, frame in data.tables.items():
        table = BY_NAME[name]
        out += table_problems(table, frame, paths.rel(paths.data_dir(data.year) / table.filename))
    return out + implied_problems(data) + reference_problems(data)
