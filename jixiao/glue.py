"""What a chapter's hidden first cell calls: glue a year's numbers and charts.

Chapter prose then pastes them with ``{glue:text}`key``` and ``glue:figure``,
so no number in the prose is typed by hand.
"""

from __future__ import annotations

from myst_nb import glue as _glue

from jixiao import charts, compare, style
from jixiao.data import YearData, load_year
from jixiao.schema import TABLES


def numbers(data: YearData) -> dict[str, str]:
    """Every value of a year as the prose writes it, keyed ``<table>.<code>``."""
    out = {"year": str(data.year)}
    for table in TABLES:
        for row in data.table(table.name).to_dict("records"):
            out[f"{table.name}.{row['key']}"] = style.written(row)
    out.update(compare.change_numbers(data))
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


def glue_comparisons(year: int, *groups: str) -> None:
    """Glue the 比上年 tables of ``year`` as ``cmp.<group>`` (empty without a previous year)."""
    for group in groups:
        _glue(f"cmp.{group}", compare.comparison(year, group), display=False)


def glue_trends() -> list[int]:
    """Glue the 多年对比 charts over every published year as ``trend.<name>``."""
    from jixiao.years import published_years

    years = published_years()
    datas = [load_year(y) for y in years]
    _glue("trend.years", f"{min(years)}年至{max(years)}年", display=False)
    for name, builder in charts.TREND_BUILDERS.items():
        _glue(f"trend.{name}", builder(datas), display=False)
    return years
