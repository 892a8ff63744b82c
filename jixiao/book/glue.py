"""What a chapter's hidden first cell calls: glue a year's numbers, charts and tables.

Chapter prose then pastes them with ``{glue:text}`key``` and ``glue:figure``,
so no number in the prose is typed by hand. Charts, comparison tables and
trends are named by selectors (``"expenditure.basic"``, ``"performance.检校业务"``,
see :func:`jixiao.report.data.parse_selector`): their rows come from the data.
"""

from __future__ import annotations

from jixiao.book import charts, compare, style, trends
from jixiao.report.data import YearData, load_year
from jixiao.report.schema import TABLES

#: The other years a chapter can name: up to ten years back, five ahead.
YEAR_OFFSETS = [k for k in range(-10, 6) if k]


def _glue(key: str, value, display: bool = True) -> None:
    """:func:`myst_nb.glue`, with the output it makes for a text written directly:
    a page glues some two hundred texts, and IPython's formatters take a millisecond
    for each (``tests/test_glue.py`` compares the two). IPython and myst-nb are
    imported here: the checks that run a chapter's code (:mod:`jixiao.book.dryrun`)
    replace this function and never load them."""
    from IPython.display import display as _display
    from myst_nb import glue as _myst_glue
    from myst_nb.ext.glue import GLUE_PREFIX

    if type(value) is not str or display:
        _myst_glue(key, value, display)
        return
    _display({GLUE_PREFIX + "text/plain": repr(value)}, raw=True, metadata={"scrapbook": {"name": key, "mime_prefix": GLUE_PREFIX}})


def year_key(mention, year: int) -> str | None:
    """The glue key of a year that ``year``'s prose names (a :class:`~jixiao.report.quantities.Mention`):
    ``year`` for its own, ``year-1`` for the one before; None for any other number or a year beyond reach."""
    if mention.kind not in ("report_year", "year"):
        return None
    offset = int(mention.text[:4]) - year
    return "year" if offset == 0 else f"year{offset:+d}" if offset in YEAR_OFFSETS else None


def numbers(data: YearData) -> dict[str, str]:
    """Every value of a year as the prose writes it, keyed ``<table>.<code>``."""
    out = {"year": str(data.year)}
    # Other years the prose names (比2023年, 2026年将…), relative to the report year, so a
    # report's text never holds a typed year and follows its own year when copied forward.
    out.update({f"year{k:+d}": str(data.year + k) for k in YEAR_OFFSETS})
    for table in TABLES:
        for row in data.records(table.name):
            out[f"{table.name}.{row['key']}"] = style.written(row)
    out.update(compare.change_numbers(data))
    return out


def glue_numbers(year: int) -> YearData:
    """Glue every number of ``year`` (as text, never displayed in place)."""
    data = load_year(year)
    for key, text in numbers(data).items():
        _glue(key, text, display=False)
    return data


def glue_charts(year: int, **charts_by_name: str) -> None:
    """Glue charts of ``year`` as ``fig.<name>``: ``glue_charts(2024, staffing="staffing.total")``
    (a total and its parts) or ``business_volumes="performance.检校业务"`` (a 分项)."""
    data = load_year(year)
    for name, selector in charts_by_name.items():
        _glue(f"fig.{name}", charts.chart(data, selector, name.replace("_", "-")), display=False)


def glue_comparisons(year: int, **tables_by_name: str) -> None:
    """Glue the 与上年比较 tables of ``year`` as ``cmp.<name>``: ``glue_comparisons(2024, staffing="staffing")``
    (empty without a previous published year)."""
    for name, selector in tables_by_name.items():
        _glue(f"cmp.{name}", compare.comparison(year, selector), display=False)


def glue_trends(**trends_by_name: tuple[str, str]) -> list[int]:
    """Glue the 多年对比 charts over every published year as ``trend.<name>``:
    ``glue_trends(expenditure=("stacked", "expenditure"), business=("facets", "performance.检校业务"))``
    (kinds: :data:`jixiao.book.trends.TREND_KINDS`), and ``trend.changes``, the items
    that only some years have."""
    from jixiao.book.tables import ShownTable
    from jixiao.report.years import published_years

    years = published_years()
    datas = [load_year(y) for y in years]
    _glue("trend.years", f"{min(years)}年至{max(years)}年", display=False)
    for name, (kind, selector) in trends_by_name.items():
        _glue(f"trend.{name}", trends.TREND_KINDS[kind](datas, selector, f"trend-{name}"), display=False)
    changes = trends.coming_and_going(datas, [selector for _, selector in trends_by_name.values()])
    if changes.empty:
        _glue("trend.changes", compare.Nothing(), display=False)
    else:
        _glue("trend.changes", ShownTable(changes, caption="各年度增减的项目"), display=False)
    return years
