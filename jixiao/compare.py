"""比上年: each figure of a year beside the previous published year's.

Rows come from the data: a chapter names what to compare with a selector
(``"staffing"``, ``"expenditure.basic"``, ``"performance.检校业务"``, see
:func:`jixiao.data.parse_selector`), and the rows of both years are matched by
code. An item present in only one of the two years is shown as 新增 or 本年无;
an item whose unit changed is not compared; an item whose name changed says so.
The first published year has nothing to compare with, and shows nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from jixiao import style
from jixiao.data import YearData, exact, load_year
from jixiao.tables import ShownTable
from jixiao.years import previous_published

NEW = "新增"
GONE = "本年无"
ABSENT = "—"
UNIT_CHANGED = "单位不同，不作比较"


def change(now, before, unit: str, notation: str = "") -> tuple[str, str]:
    """The change as the report would write it: 增加12.5万元, 增长10.0%.

    ``now`` and ``before`` are numbers (Decimals keep their typed decimals: 889.10 − 800.00 = 89.10)."""
    diff = Decimal(str(now)) - Decimal(str(before))
    if diff == 0:
        amount = "持平"
    else:
        size = abs(diff)
        chinese = notation == "汉字" and size == size.to_integral_value() and size < 100
        text = style.quantity(size, unit, notation="汉字") if chinese else style.quantity(size, unit, typed=f"{size:f}")
        amount = ("增加" if diff > 0 else "减少") + text
    if not before:
        pct = "—"
    else:
        rate = diff * 100 / Decimal(str(before))
        pct = "持平" if rate == 0 else ("增长" if rate > 0 else "下降") + f"{abs(rate):.1f}%"
    return amount, pct


@dataclass
class Pair:
    """One code in the two years: its row in each (None when absent)."""

    key: str
    now: dict | None
    before: dict | None

    @property
    def comparable(self) -> bool:
        return self.now is not None and self.before is not None and self.now["unit"] == self.before["unit"]

    @property
    def renamed(self) -> bool:
        return self.now is not None and self.before is not None and self.now["name"] != self.before["name"]

    def change(self) -> tuple[str, str]:
        if self.now is None:
            return GONE, ABSENT
        if self.before is None:
            return NEW, ABSENT
        if not self.comparable:
            return UNIT_CHANGED, ABSENT
        return change(exact(self.now), exact(self.before), self.now["unit"], self.now.get("notation") or "")


def pairs(now: pd.DataFrame, before: pd.DataFrame) -> list[Pair]:
    """The rows of two years matched by code: this year's order, then the codes only last year had."""
    rows_now = {r["key"]: r for r in now.to_dict("records")}
    rows_before = {r["key"]: r for r in before.to_dict("records")}
    out = [Pair(k, r, rows_before.get(k)) for k, r in rows_now.items()]
    for key, row in rows_before.items():
        if key in rows_now:
            continue
        # After its siblings (or its parent), where last year's report had it.
        family = [i for i, p in enumerate(out) if row["parent"] and row["parent"] in (_parent(p), p.key)]
        out.insert(family[-1] + 1 if family else len(out), Pair(key, None, row))
    return out


def _parent(pair: Pair) -> str:
    return (pair.now or pair.before).get("parent") or ""


def _selected(data: YearData, selector: str) -> pd.DataFrame:
    from jixiao.data import parse_selector

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
        amount, pct = pair.change()
        if pair.now is not None and pair.before is not None and not pair.comparable:
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
    for every code the previous published year also has, in the same unit."""
    previous = previous_published(data.year)
    if previous is None:
        return {}
    prev = load_year(previous)
    out = {}
    for table, frame in data.tables.items():
        for pair in pairs(frame, prev.tables[table]):
            if pair.comparable:
                out[f"{table}.{pair.key}.change"], out[f"{table}.{pair.key}.rate"] = pair.change()
    return out


def differences(data: YearData, prev: YearData) -> list[tuple[str, dict, dict, str]]:
    """Codes whose unit or name differs from the previous year's: (table, now, before, what)."""
    out = []
    for table, frame in data.tables.items():
        if table not in prev.tables:
            continue
        for pair in pairs(frame, prev.tables[table]):
            if pair.now is None or pair.before is None:
                continue
            if pair.now["unit"] != pair.before["unit"]:
                out.append((table, pair.now, pair.before, "unit"))
            if pair.renamed:
                out.append((table, pair.now, pair.before, "name"))
    return out
