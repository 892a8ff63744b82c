"""Rules the tables must follow once parsed, checked with pandera.

:mod:`jixiao.report.data` parses each cell (encodings, full-width digits, thousands
separators, required values, numeric format) and reconciles stated totals; the
rules here check what holds across values: unique codes, allowed vocabularies,
ranges, units per table, and what the tables imply together (in-service staff
within the establishment, every value a chapter cites present in the data).
Every failure becomes a :class:`jixiao.report.data.Problem` with its spreadsheet row.
"""

from __future__ import annotations

import re

import pandas as pd

from jixiao.report.csvread import Problem, plain, rows_complete
from jixiao.report.data import YearData
from jixiao.report.schema import BY_NAME, MAGNITUDES, NOTATIONS, PERCENT_UNITS, POSITIONS, QUALIFIERS, Table
from jixiao.report.wording import COUNTS_OF_TIMES
from jixiao.util import paths
from jixiao.util.hiding import hidden

# pandera imports hypothesis, when it is installed (the tests use it), for generating example
# data, which jixiao never asks for: 0.1-0.3 s of every data check. Hidden meanwhile, pandera
# takes it for absent (its own fallback).
with hidden("hypothesis"):
    import pandera.backends.pandas.builtin_checks  # noqa: F401 (otherwise imported at the first validation)
    import pandera.pandas as pa
    from pandera.errors import SchemaErrors

#: Units each table may use.
UNITS = {"staffing": ("个", "人"), "expenditure": ("万元", "元")}

_MESSAGES = {
    "unique": ("代码重复", "每个代码只出现一次"),
    "non_negative": ("不能为负数", "大于或等于 0 的数"),
    "percent": ("百分比超过 100", "0 到 100 之间的数"),
    "unit": ("单位不在本表允许的范围内", None),
    "qualifier": ("不是允许的修饰", "空，或以下之一：" + "、".join(QUALIFIERS)),
    "position": ("不是允许的修饰位置", "空，或以下之一：" + "、".join(POSITIONS)),
    "position_needs_qualifier": ("填了修饰位置但没有修饰", "在“修饰”列填写修饰，或清空修饰位置"),
    "magnitude_unit": ("修饰位置为“单位首字后”，但单位不以十、百、千、万、亿开头", "单位如“万台件”（写作1.2万余台件），或改用其他修饰位置"),
    "notation": ("不是允许的写法", "空，或以下之一：" + "、".join(NOTATIONS)),
    "chinese_numeral": ("写法为“汉字”的数值须为 0 到 99 的整数", "0 到 99 的整数，或把写法改为“数字”"),
    "omitted_one": ("写法为“省略”的数值须为 1（如“逾万台件”）", "数值 1，或把写法改为“数字”"),
    "qualifier_in_unit": (
        "单位中有“近”“余”“逾”等修饰",
        "只写单位（如 万元、台），把修饰填在“修饰”列，需要时在“修饰位置”列选位置（如 1.2万余台件 选“单位首字后”）",
    ),
    "whole_count": ("以人、个、项、次等计数的数值须为整数", "整数，如 6（带小数的计数请在单位前加“万”等，如 1.2万台件）"),
}

#: Units that count things one by one: 6.5人 is a typing mistake (1.2万台件 has a magnitude first).
COUNTING_UNITS = frozenset(
    ("个", "人", "名", "位", "项", "次", "家", "篇", "条", "场", "期", "批", "所", "座", "户", "件", "台", "套", "台件", "星级")
    + COUNTS_OF_TIMES
)


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
        _check("percent", lambda df: ~(df["unit"].isin(PERCENT_UNITS) & (df["value"] > 100)), element_wise=False),
    ]
    # The written form (every table): closed vocabularies, and what they require.
    columns["qualifier"] = pa.Column(None, checks=[_check("qualifier", lambda v: v == "" or v in QUALIFIERS)])
    columns["position"] = pa.Column(None, checks=[_check("position", lambda v: v == "" or v in POSITIONS)])
    columns["notation"] = pa.Column(None, checks=[_check("notation", lambda v: v == "" or v in NOTATIONS)])
    checks += [
        _check("position_needs_qualifier", lambda df: ~((df["position"] != "") & (df["qualifier"] == "")), element_wise=False),
        _check(
            "magnitude_unit",
            lambda df: ~((df["position"] == "单位首字后") & ~df["unit"].astype(str).str[:1].isin(MAGNITUDES)),
            element_wise=False,
        ),
        _check(
            "chinese_numeral",
            lambda df: ~((df["notation"] == "汉字") & df["value"].notna() & ~(df["value"].between(0, 99) & (df["value"] % 1 == 0))),
            element_wise=False,
        ),
        _check(
            "qualifier_in_unit", lambda df: ~df["unit"].astype(str).apply(lambda u: any(q in u for q in QUALIFIERS)), element_wise=False
        ),
        _check(
            "whole_count",
            lambda df: ~(df["unit"].isin(COUNTING_UNITS) & df["value"].notna() & (df["value"] % 1 != 0)),
            element_wise=False,
        ),
        _check("omitted_one", lambda df: ~((df["notation"] == "省略") & df["value"].notna() & (df["value"] != 1)), element_wise=False),
    ]
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
_FRAME_CHECK_COLUMN = {
    "percent": "value",
    "chinese_numeral": "value",
    "omitted_one": "value",
    "whole_count": "value",
    "qualifier_in_unit": "unit",
    "position_needs_qualifier": "position",
    "magnitude_unit": "position",
}


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


_GLUE_KEY = re.compile(r"\{glue(?::\w+)?\}`([a-z]+)\.([a-z0-9_]+)(\.(?:change|rate))?(?::[^`]*)?`")


def _csv(data: YearData, table: str) -> str:
    return paths.rel(paths.data_dir(data.year) / BY_NAME[table].filename)


def reference_problems(data: YearData, skip: set[str] = frozenset()) -> list[Problem]:
    """Every value a chapter of the year cites must be in that year's data, and
    every change it cites (``.change``, ``.rate``) must compare like with like."""
    from jixiao.report.years import previous_published

    out = []
    keys = {name: set(frame["key"]) for name, frame in data.tables.items()}
    previous = previous_published(data.year)
    comparable = None
    for path in sorted((paths.CHAPTERS / str(data.year)).glob("*.md")):
        for line_no, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            for table, key, suffix in _GLUE_KEY.findall(line):
                if table not in keys or table in skip:
                    continue
                if key not in keys[table]:
                    out.append(
                        Problem(
                            paths.rel(path),
                            f"正文引用的数据“{table}.{key}”在 {table}.csv 中不存在",
                            row=line_no,
                            expected=f"data/{data.year}/{table}.csv 中有代码为 {key} 的行，或改正文中的引用",
                        )
                    )
                    continue
                if not suffix:
                    continue
                if comparable is None:
                    comparable = _comparable_keys(data, previous)
                if f"{table}.{key}" not in comparable:
                    why = (
                        "没有已发布的上一年度"
                        if previous is None
                        else f"{previous} 年没有代码为 {key} 的行，或两年的单位不同，或其中一年的数值是约数（带“近”“余”“逾”等）"
                    )
                    out.append(
                        Problem(
                            paths.rel(path),
                            f"正文引用了与上年的比较“{table}.{key}{suffix}”，但{why}，无法比较",
                            row=line_no,
                            expected=f"删去这处比较，或在 data/{data.year}/{table}.csv 中使用与上一年度相同的代码和单位（约数不作比较）",
                        )
                    )
    return out


def _comparable_keys(data: YearData, previous: int | None) -> set[str]:
    from jixiao.report.data import read_year
    from jixiao.report.pairing import pairs

    if previous is None:
        return set()
    prev, _found = read_year(previous)
    out = set()
    for table in data.tables:
        if table in prev.tables:
            out |= {f"{table}.{p.key}" for p in pairs(data.records(table), prev.records(table)) if p.comparable}
    return out


def change_warnings(data: YearData) -> list[str]:
    """Codes whose unit or name differs from the previous published year's, and new
    分项 (Chinese reminders; they do not stop the build)."""
    from jixiao.report.data import read_year
    from jixiao.report.pairing import differences
    from jixiao.report.years import previous_published

    previous = previous_published(data.year)
    if previous is None:
        return []
    prev, found = read_year(previous)
    if found:
        return []
    out = []
    for table, now, before, what in differences(data, prev):
        where = f"文件 {_csv(data, table)}，第 {int(now['_row'])} 行（代码 {now['key']}）"
        if what == "unit":
            out.append(
                f"{where}：单位为“{now['unit']}”，{previous} 年同一代码的单位为“{before['unit']}”。"
                f"“与上年比较”不比较这一项。若是同一指标，请用相同的单位（“近”“余”等写在“修饰”和“修饰位置”列，不要写进单位）；"
                f"若是不同的指标，请换一个代码。"
            )
        elif what == "section":
            out.append(
                f"{where}：分项为“{now['section']}”，{previous} 年同一代码的分项为“{before['section']}”。"
                f"若不是同一个指标，请换一个代码；若是，按分项列出的“与上年比较”表中，它只出现在“{now['section']}”中。"
            )
        else:
            out.append(
                f"{where}：名称为“{now['name']}”，{previous} 年同一代码的名称为“{before['name']}”。"
                f"“与上年比较”中会注明名称的变化；若不是同一个项目，请换一个代码。"
            )
    for table, frame in data.tables.items():
        if "section" in frame and table in prev.tables:
            new = [s for s in dict.fromkeys(frame["section"]) if s and s not in set(prev.tables[table]["section"])]
            for section in new:
                out.append(f"文件 {_csv(data, table)}：分项“{section}”是本年度新增的（{previous} 年没有），请确认写法无误。")
    return out


def year_problems(data: YearData, read_problems: list[Problem] = ()) -> list[Problem]:
    """The rules, for the tables read. The chapters' citations of a table whose file had
    ``read_problems`` left rows unread are checked once it reads cleanly: a missing header
    would otherwise make every citation of the table look wrong."""
    unreadable = {
        name for name, table in BY_NAME.items() if not rows_complete([p for p in read_problems if p.file.endswith(table.filename)])
    }  # a problem in one cell (a wrong total, say) leaves every row read: its citations are checked too
    out = []
    for name, frame in data.tables.items():
        table = BY_NAME[name]
        out += table_problems(table, frame, paths.rel(paths.data_dir(data.year) / table.filename))
    return out + implied_problems(data) + reference_problems(data, skip=unreadable)
