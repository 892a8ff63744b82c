"""What a chapter's hidden first cell calls: glue a year's numbers and charts.

Chapter prose then pastes them with ``{glue:text}`key``` and ``glue:figure``,
so no number in the prose is typed by hand.
"""

from __future__ import annotations

from myst_nb import glue as _glue

from jixiao import charts, style
from jixiao.data import YearData, load_year
from jixiao.schema import TABLES


def numbers(data: YearData) -> dict[str, str]:
    """Every value of a year as the prose writes it, keyed ``<table>.<code>``."""
    out = {"year": str(data.year)}
    for table in TABLES:
        for row in data.table(table.name).to_dict("records"):
            out[f"{table.name}.{row['key']}"] = style.quantity(
                row["value"], row["unit"], row.get("qualifier", ""), row.get("notation", "")
            )
    return out


def glue_numbers(year: int) -> YearData:
    """Glue every number of ``year`` (as text, never displayed in place)."""
    data = load_year(year)
    for key, text in numbers(data).items():
        _glue(key, text, display=False)
    return data


def glue_charts(year: int, *names: str) -> None:
    """Glue the named charts of ``year`` as ``fig.<name>``."""
    data = load_year(year)
    for name in names:
        _glue(f"fig.{name}", charts.BUILDERS[name](data), display=False)
