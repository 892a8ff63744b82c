"""Two years' rows matched by code: the basis of every 比上年 comparison and of
the reminders when an item's name or unit changed.

Only matching lives here; how a change is written (增加…万元, 新增, 本年无) is
:mod:`jixiao.book.compare`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from jixiao.report.data import YearData


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
