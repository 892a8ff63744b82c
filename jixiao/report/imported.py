"""What a Word import recorded of each value as the report wrote it, read back.

``import 报告.docx`` saves its review as ``data/<year>/导入检查.txt``: for every
quantity, a line naming the table, the code and the value as typed in the report
(``… → expenditure.csv 代码 basic，名称“基本支出”；数值 1,048.90，单位 万元``).
Opening a CSV in Excel or WPS and saving it again writes numbers in Excel's
general format (1048.9, 90, 50), so the report's 1,048.90万元 would quietly be
published as 1048.9万元. :func:`form_warnings` compares the tables with the review
and reminds the office of every value still equal to the report's but written
differently. The line is made here (:func:`quantity_line`) and read here, so the
two cannot drift apart.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from jixiao.report.csvread import normalize_number
from jixiao.report.data import IMPORT_REVIEW, YearData
from jixiao.report.schema import BY_NAME
from jixiao.util import paths

_LINE = re.compile(r"→ (\w+)\.csv 代码 ([^，\s]+)，名称“[^”]*”(?:，分项“[^”]*”)?；数值 ([^，\s]+)，")


def quantity_line(table: str, key: str, name: str, section: str, form: str) -> str:
    """The review's account of where a quantity went: ``<table>.csv 代码 …；数值 …，单位 …``."""
    return f"{table}.csv 代码 {key}，名称“{name}”" + (f"，分项“{section}”" if section else "") + f"；{form}"


def typed_forms(year: int) -> dict[tuple[str, str], str]:
    """(table, code) → the value as the imported report wrote it; empty when the year was not imported."""
    path = paths.data_dir(year) / IMPORT_REVIEW
    if not path.is_file():
        return {}
    text = path.read_text(encoding="utf-8", errors="replace")
    return {(table, key): typed for table, key, typed in _LINE.findall(text)}


def _number(text: str) -> Decimal | None:
    """The value of a typed number (1,048.90, full-width digits) as the tables read it."""
    try:
        return Decimal(normalize_number(text))
    except InvalidOperation:
        return None


def form_warnings(data: YearData) -> list[str]:
    """Values equal to the imported report's but written otherwise (1048.9 for 1,048.90)."""
    forms = typed_forms(data.year)
    if not forms:
        return []
    out = []
    for table in data.tables:
        file = paths.rel(paths.data_dir(data.year) / BY_NAME[table].filename)
        for row in data.records(table):
            typed = forms.get((table, row["key"]))
            now = str(row.get("typed") or "")
            if typed is None or not now or now == typed:
                continue
            value = _number(now)
            if value is None or value != _number(typed):
                continue
            out.append(
                f"文件 {file}，第 {int(row['_row'])} 行（{row['name']}）：数值写作“{now}”，导入的报告中写作“{typed}”，"
                f"网页和 PDF 将显示“{now}”。用 Excel 或 WPS 打开 CSV 再保存会去掉末尾的 0 和千位分隔符；"
                f"若应与报告一致，请把这一格改回“{typed}”（在 Excel 中先把单元格设为文本），或改用导出的工作簿核对"
                f"（.venv/bin/python -m jixiao export --year {data.year} {data.year}.xlsx）。"
            )
    return out
