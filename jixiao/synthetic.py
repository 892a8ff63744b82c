"""Synthetic report years, for tests and the benchmark only.

They are generated in a temporary copy of the book (``JIXIAO_ROOT``), never in
the real ``data/``: the published site contains real data only.
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

from jixiao import paths, scaffold
from jixiao.data import decode, load_year
from jixiao.schema import TABLES


def _scaled(value: float, factor: float, integral: bool) -> Decimal:
    step = Decimal("1") if integral else Decimal("0.01")
    return (Decimal(str(value)) * Decimal(str(factor))).quantize(step, rounding=ROUND_HALF_UP)


def fill_values(year: int, source: int, factor: float) -> None:
    """Fill ``year``'s empty tables from ``source`` scaled by ``factor``; totals stay sums of parts."""
    src = load_year(source)
    for table in TABLES:
        frame = src.table(table.name)
        values: dict[str, Decimal] = {}
        for rec in frame.to_dict("records"):
            keep = rec.get("notation") == "汉字" or rec["unit"] == "%"
            integral = float(rec["value"]).is_integer()
            values[rec["key"]] = Decimal(str(rec["value"])) if keep else _scaled(rec["value"], factor, integral)
        for rec in frame.to_dict("records"):
            parts = frame[frame["parent"] == rec["key"]]
            if not parts.empty:
                values[rec["key"]] = sum((values[k] for k in parts["key"]), Decimal(0))
        path = paths.data_dir(year) / table.filename
        rows = list(csv.reader(io.StringIO(decode(path), newline="")))
        key_col = rows[0].index(table.column("key").header)
        value_col = rows[0].index(table.column("value").header)
        for row in rows[1:]:
            row[value_col] = f"{values[row[key_col]].normalize():f}"
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")


def rewrite_chapters(year: int) -> None:
    """Stand in for the office's rewriting: drop the 待改写 notes."""
    for path in (paths.CHAPTERS / str(year)).glob("*.md"):
        path.write_text(path.read_text(encoding="utf-8").replace(scaffold.REWRITE_NOTE, ""), encoding="utf-8")


def add_year(year: int, factor: float, source: int | None = None, final: bool = True) -> None:
    """Scaffold, fill in and (by default) finalize a synthetic year."""
    source = source or scaffold.chapter_years()[0]
    scaffold.new_year(year, source)
    fill_values(year, source, factor)
    rewrite_chapters(year)
    if final:
        problems = scaffold.finalize(year)
        if problems:
            raise RuntimeError("\n".join(problems))
