"""比上年: each figure of a year beside the previous published year's.

The change is shown as an amount and a percentage. The first published year
has nothing to compare with, and shows nothing.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from jixiao import style
from jixiao.data import YearData, load_year
from jixiao.tables import ShownTable
from jixiao.years import previous_published

#: (table, keys) compared in each chapter's 比上年 table.
GROUPS = {
    "staffing": ("staffing", ("establishment", "total", "active", "temporary", "retired")),
    "expenditure": ("expenditure", ("basic", "basic_salary", "basic_goods", "basic_subsidy", "project", "project_mandatory", "project_provincial", "project_park", "project_nontax")),
    "business": ("performance", ("ecqs_filings", "verified_instruments", "calibrated_instruments", "enterprises_served", "fees_waived", "budget_revenue")),
}


def change(now: float, before: float, unit: str) -> tuple[str, str]:
    """The change as the report would write it: 增加12.5万元, 增长10.0%."""
    diff = Decimal(str(now)) - Decimal(str(before))
    if diff == 0:
        amount = "持平"
    else:
        amount = ("增加" if diff > 0 else "减少") + style.quantity(abs(diff), unit)
    if not before:
        pct = "—"
    else:
        rate = diff * 100 / Decimal(str(before))
        pct = "持平" if rate == 0 else ("增长" if rate > 0 else "下降") + f"{abs(rate):.1f}%"
    return amount, pct


def comparison_frame(data: YearData, prev: YearData, group: str) -> pd.DataFrame:
    table, keys = GROUPS[group]
    rows = []
    for key in keys:
        now, before = data.row(table, key), prev.row(table, key)
        amount, pct = change(now["value"], before["value"], now["unit"])
        rows.append(
            {
                "项目": now["name"],
                f"{data.year}年": style.written(now),
                f"{prev.year}年": style.written(before),
                "比上年增减": amount,
                "增减幅度": pct,
            }
        )
    return pd.DataFrame(rows)


class Nothing:
    """An output that renders as nothing (no previous year to compare with)."""

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": "", "text/latex": "", "text/plain": ""}


def comparison(year: int, group: str):
    previous = previous_published(year)
    if previous is None:
        return Nothing()
    frame = comparison_frame(load_year(year), load_year(previous), group)
    return ShownTable(frame, caption=f"与{previous}年比较")


def change_numbers(data: YearData) -> dict[str, str]:
    """Glue keys for prose: ``<table>.<key>.change`` (增加…) and ``.rate`` (增长…%)."""
    previous = previous_published(data.year)
    if previous is None:
        return {}
    prev = load_year(previous)
    out = {}
    for table, keys in GROUPS.values():
        for key in keys:
            now, before = data.row(table, key), prev.row(table, key)
            amount, pct = change(now["value"], before["value"], now["unit"])
            out[f"{table}.{key}.change"] = amount
            out[f"{table}.{key}.rate"] = pct
    return out
