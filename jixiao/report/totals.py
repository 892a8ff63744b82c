"""A table's parents and the totals it states: every 上级 names a row of the table, with the
same unit and no cycle, and each total equals the sum of its parts (exactly, as typed)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from jixiao.report.csvread import Problem, exact
from jixiao.report.schema import Table


def check_parents(table: Table, frame: pd.DataFrame, name: str) -> list[Problem]:
    """Parents must exist, form no cycle and have their parts' unit; then each stated total must
    equal the sum of its parts. ``name`` is the file as the messages show it."""
    if "parent" not in frame or frame.empty:
        return []
    problems = []
    records = frame.to_dict("records")
    by_key = {r["key"]: r for r in records if r["key"]}
    unit_header = table.column("unit").header
    for rec in records:
        parent = rec["parent"]
        if parent and parent not in by_key:
            problems.append(
                Problem(name, "上级代码在本表中不存在", row=rec["_row"], column="上级", value=parent, expected="本表中某一行的代码")
            )
        elif parent and _in_cycle(rec["key"], by_key):
            problems.append(
                Problem(
                    name,
                    "上级形成循环（一行是它自己的上级，或两行互为上级）",
                    row=rec["_row"],
                    column="上级",
                    value=parent,
                    expected="上级是本行所属的合计行的代码；合计行本身的上级为空或是更大的合计",
                )
            )
        elif parent and rec["unit"] and by_key[parent]["unit"] and rec["unit"] != by_key[parent]["unit"]:
            top = by_key[parent]
            problems.append(
                Problem(
                    name,
                    f"单位与上级“{top['name']}”（第 {top['_row']} 行）的单位“{top['unit']}”不同",
                    row=rec["_row"],
                    column=unit_header,
                    value=rec["unit"],
                    expected=f"“{top['unit']}”：合计只能加总同一单位的数",
                )
            )
    if problems:
        return problems  # sums follow the parents, once they are right
    value_header = table.column("value").header
    for rec, parts, total, summed in stated_totals(frame):
        if total != summed:
            listing = " + ".join(f"{p['name']} {_typed(p)}" for p in parts)  # as typed: 900.10, not 900.1
            problems.append(
                Problem(
                    name,
                    f"合计“{rec['name']}”与其组成部分之和不符（{listing} = {summed:f}）",
                    row=rec["_row"],
                    column=value_header,
                    value=_typed(rec),  # as typed: 1,048.90
                    expected=f"组成部分之和 {summed:,f}" if "," in _typed(rec) else f"组成部分之和 {summed:f}",
                )
            )
    return problems


def _typed(rec: dict) -> str:
    """A value as the office typed it (1,048.90), else as the number it holds."""
    return str(rec.get("typed") or "").strip() or f"{exact(rec):f}"


def _in_cycle(key: str, by_key: dict) -> bool:
    seen, current = set(), key
    while current and current in by_key and current not in seen:
        seen.add(current)
        current = by_key[current]["parent"]
        if current == key:
            return True
    return False


def stated_totals(frame: pd.DataFrame):
    """Each row that has parts: (row, its parts' rows, stated total, sum of parts), as Decimals.
    Rows whose total or parts are missing are skipped (they are reported elsewhere)."""
    records = frame.to_dict("records")
    children: dict[str, list[dict]] = {}
    for rec in records:
        children.setdefault(rec["parent"], []).append(rec)

    def missing(value) -> bool:
        return value is None or pd.isna(value)

    for rec in records:
        parts = children.get(rec["key"]) if rec["key"] else None
        if not parts or missing(rec["value"]) or any(missing(p["value"]) for p in parts):
            continue
        yield rec, parts, exact(rec), sum((exact(p) for p in parts), Decimal(0))
