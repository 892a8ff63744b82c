"""比上年: each figure of a year beside the previous published year's.

Rows come from the data: a chapter names what to compare with a selector
(``"staffing"``, ``"expenditure.basic"``, ``"performance.检校业务"``, see
:func:`jixiao.report.data.parse_selector`), and the rows of both years are matched by
code. An item present in only one of the two years is shown as 新增 or 本年无;
an item whose unit changed is not compared, nor one written as an approximation in
either year (近1600家, 1500余家: their difference is not in either report); an item
whose name changed says so.
The first published year has nothing to compare with, and shows nothing.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from jixiao.book import style
from jixiao.book.tables import ShownTable
from jixiao.report.csvread import exact
from jixiao.report.data import YearData, load_year
from jixiao.report.pairing import Pair, pairs
from jixiao.report.schema import PERCENT_UNITS
from jixiao.report.years import previous_published

NEW = "新增"
GONE = "本年无"
ABSENT = "—"
UNIT_CHANGED = "单位不同，不作比较"
APPROXIMATE = "约数，不作比较"


def change(now, before, unit: str, notation: str = "", grouping: bool = False) -> tuple[str, str]:
    """The change as the report would write it: 增加12.5万元, 增长10.0%.

    ``now`` and ``before`` are numbers (Decimals keep their typed decimals: 889.10 − 800.00 = 89.10);
    ``grouping`` writes thousands separators, as the office did in either year (增加1,451.10万元).
    A percentage changes by 百分点 (98.5% to 100%: 提高1.5个百分点) and a rank (三星级) by its
    steps: neither has a rate."""
    diff = Decimal(str(now)) - Decimal(str(before))
    points = unit in PERCENT_UNITS
    if diff == 0:
        amount = "持平"
    elif points:
        amount = ("提高" if diff > 0 else "降低") + f"{style.number(abs(diff))}个百分点"
    else:
        size = abs(diff)
        chinese = notation == "汉字" and size == size.to_integral_value() and size < 100
        typed = f"{size:,f}" if grouping else f"{size:f}"
        text = style.quantity(size, unit, notation="汉字") if chinese else style.quantity(size, unit, typed=typed)
        amount = ("增加" if diff > 0 else "减少") + text
    if not before or points or unit in style.ORDINAL_UNITS:
        pct = ABSENT
    else:
        pct = rate(diff * 100 / Decimal(str(before)))
    return amount, pct


def rate(percent: Decimal) -> str:
    """增长10.0%, 下降0.01%: one decimal, rounded half up; two where one would read 0.0%."""
    if percent == 0:
        return "持平"
    word = "增长" if percent > 0 else "下降"
    for places in (1, 2):
        text = style.fixed(abs(percent), places)
        if Decimal(text) != 0:
            return f"{word}{text}%"
    return f"{word}不到0.01%"


def pair_change(pair: Pair) -> tuple[str, str]:
    """The change column of one pair: 增加…/增长…%, or 新增, 本年无, 单位不同, 约数."""
    if pair.now is None:
        return GONE, ABSENT
    if pair.before is None:
        return NEW, ABSENT
    if not pair.same_unit:
        return UNIT_CHANGED, ABSENT
    if pair.approximate:
        return APPROXIMATE, ABSENT
    grouping = any("," in str(row.get("typed") or "") for row in (pair.now, pair.before))
    return change(exact(pair.now), exact(pair.before), pair.now["unit"], pair.now.get("notation") or "", grouping)


def _selected(data: YearData, selector: str) -> pd.DataFrame:
    from jixiao.report.data import parse_selector

    table, code, section = parse_selector(selector)
    frame = data.tables[table]
    if (code and code not in set(frame["key"])) or (section and section not in set(frame["section"])):
        return frame.iloc[0:0]  # the other year has none of these rows
    return data.select(selector)[1]


def comparison_frame(data: YearData, prev: YearData, selector: str) -> pd.DataFrame:
    rows = []
    for pair in pairs(_selected(data, selector), _selected(prev, selector)):
        name = (pair.now or pair.before)["name"]
        if pair.renamed:
            name = f"{pair.now['name']}（{prev.year}年为“{pair.before['name']}”）"
        amount, pct = pair_change(pair)
        if pair.now is not None and pair.before is not None and not pair.same_unit:
            amount = f"{UNIT_CHANGED}（{prev.year}年单位为{pair.before['unit']}）"
        rows.append(
            {
                "项目": name,
                f"{data.year}年": style.written(pair.now) if pair.now is not None else ABSENT,
                f"{prev.year}年": style.written(pair.before) if pair.before is not None else ABSENT,
                "比上年增减": amount,
                "增减幅度": pct,
            }
        )
    return pd.DataFrame(rows, columns=["项目", f"{data.year}年", f"{prev.year}年", "比上年增减", "增减幅度"])


class Nothing:
    """An output that renders as nothing (no previous year to compare with)."""

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": "", "text/latex": "", "text/markdown": "", "text/plain": ""}


def comparison(year: int, selector: str):
    previous = previous_published(year)
    if previous is None:
        return Nothing()
    frame = comparison_frame(load_year(year), load_year(previous), selector)
    return ShownTable(frame, caption=f"与{previous}年比较", numeric_columns=frame.columns[1:])


def change_numbers(data: YearData) -> dict[str, str]:
    """Glue keys for prose: ``<table>.<key>.change`` (增加…) and ``.rate`` (增长…%),
    for every code the previous published year also has, in the same unit, exact in both years."""
    previous = previous_published(data.year)
    if previous is None:
        return {}
    prev = load_year(previous)
    out = {}
    for table in data.tables:
        for pair in pairs(data.records(table), prev.records(table)):
            if pair.comparable:
                out[f"{table}.{pair.key}.change"], out[f"{table}.{pair.key}.rate"] = pair_change(pair)
    return out
