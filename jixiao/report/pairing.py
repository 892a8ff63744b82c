"""Two years' rows matched by code: the basis of every 比上年 comparison and of
the reminders when an item's name or unit changed.

Only matching lives here; how a change is written (增加…万元, 新增, 本年无) is
:mod:`jixiao.book.compare`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from jixiao.report.data import YearData, records


@dataclass
class Pair:
    """One code in the two years: its row in each (None when absent)."""

    key: str
    now: dict | None
    before: dict | None

    @property
    def same_unit(self) -> bool:
        return self.now is not None and self.before is not None and self.now["unit"] == self.before["unit"]

    @property
    def approximate(self) -> bool:
        """Either year wrote the value as an approximation (近, 余, 逾, 左右 …): no exact change."""
        return any(row is not None and str(row.get("qualifier") or "").strip() for row in (self.now, self.before))

    @property
    def comparable(self) -> bool:
        """Both years have the row, in the same unit, and neither value is an approximation."""
        return self.same_unit and not self.approximate

    @property
    def renamed(self) -> bool:
        return self.now is not None and self.before is not None and self.now["name"] != self.before["name"]


def pairs(now: pd.DataFrame | list[dict], before: pd.DataFrame | list[dict]) -> list[Pair]:
    """The rows of two years (frames, or their records: :meth:`YearData.records`) matched by code:
    this year's order, then the codes only last year had."""
    rows_now = {r["key"]: r for r in _records(now)}
    rows_before = {r["key"]: r for r in _records(before)}
    out = [Pair(k, r, rows_before.get(k)) for k, r in rows_now.items()]
    for key, row in rows_before.items():
        if key in rows_now:
            continue
        # After its siblings (or its parent), where last year's report had it.
        family = [i for i, p in enumerate(out) if row["parent"] and row["parent"] in (_parent(p), p.key)]
        out.insert(family[-1] + 1 if family else len(out), Pair(key, None, row))
    return out


def _records(rows: pd.DataFrame | list[dict]) -> list[dict]:
    return rows if isinstance(rows, list) else records(rows)


def _parent(pair: Pair) -> str:
    return (pair.now or pair.before).get("parent") or ""


def differences(data: YearData, prev: YearData) -> list[tuple[str, dict, dict, str]]:
    """Codes whose unit, name or 分项 differs from the previous year's: (table, now, before, what)."""
    out = []
    for table in data.tables:
        if table not in prev.tables:
            continue
        for pair in pairs(data.records(table), prev.records(table)):
            if pair.now is None or pair.before is None:
                continue
            if pair.now["unit"] != pair.before["unit"]:
                out.append((table, pair.now, pair.before, "unit"))
            if pair.renamed:
                out.append((table, pair.now, pair.before, "name"))
            if str(pair.now.get("section") or "") != str(pair.before.get("section") or ""):
                out.append((table, pair.now, pair.before, "section"))
    return out
