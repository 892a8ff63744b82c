"""Charts over the years: one series per item, matched by code across years.

Each builder takes the years' data and a selector (as :mod:`jixiao.book.charts`)
and returns a :class:`~jixiao.book.figure.Figure` whose chart is drawn when shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from jixiao.book import style
from jixiao.book.charts import tip_channel, value_title, with_tip
from jixiao.book.figure import Figure
from jixiao.report.csvread import exact
from jixiao.report.data import YearData, parse_selector, records
from jixiao.report.schema import BY_NAME

if TYPE_CHECKING:
    import altair as alt


def _series(datas: list[YearData], selector: str, top_level: bool = False) -> pd.DataFrame:
    """The selected rows of every year, matched by code. An item may be missing in
    some years (it simply has no point there); it is labelled with its latest name,
    and with its unit when the unit changed between years (those are not one series)."""
    rows = []
    for data in sorted(datas, key=lambda d: d.year):
        table, code, section = parse_selector(selector)
        frame = data.tables[table]
        if (code and code not in set(frame["key"])) or (section and section not in set(frame["section"])):
            continue
        _, selected = data.select(selector)
        for row in records(selected):
            if top_level and row["parent"]:
                continue
            rows.append(
                {
                    "代码": row["key"],
                    "年度": f"{data.year}年",
                    "项目": row["name"],
                    "数值": float(exact(row)),
                    "单位": row["unit"],
                    "原文写法": style.written(row),
                    "_typed": f"{exact(row):f}",
                }
            )
    frame = pd.DataFrame(rows, columns=["代码", "年度", "项目", "数值", "单位", "原文写法", "_typed"])
    if frame.empty:  # no year has the rows (a 分项 named otherwise): an empty chart, not a crash
        frame = frame.astype({"代码": str, "年度": str, "项目": str, "数值": float, "单位": str, "原文写法": str, "_typed": str})
    latest = frame.drop_duplicates("代码", keep="last").set_index("代码")
    units = frame.groupby("代码")["单位"].nunique()
    frame["项目"] = [latest.at[k, "项目"] + (f"（{u}）" if units[k] > 1 else "") for k, u in zip(frame["代码"], frame["单位"])]
    return with_tip(frame, _TREND_TIP)


def _years_text(frame: pd.DataFrame) -> str:
    years = list(dict.fromkeys(frame["年度"]))
    return f"{years[0]}至{years[-1]}"


_TREND_COLUMNS = ["年度", "项目", "原文写法", "数值", "单位"]
_TREND_TIP = ["年度", "项目", "原文写法"]


def _year_axis(title: str | None = "年度") -> alt.X:
    alt = style.use_chart_theme()
    return alt.X("年度:N", title=title, axis=alt.Axis(labelAngle=0))


def _trend(frame: pd.DataFrame, chart, description: str, slug: str) -> Figure:
    """A trend figure: its alt text lists every value by year."""
    listing = "；".join(f"{y}{n}{t}" for y, n, t in zip(frame["年度"], frame["项目"], frame["原文写法"]))
    alt_text = f"{description.format(years=_years_text(frame))}{listing}。"
    return Figure(chart, alt_text, frame[_TREND_COLUMNS].assign(数值=frame["_typed"]), slug)  # the table: digits as typed


def _what(selector: str) -> str:
    table, _code, section = parse_selector(selector)
    return section or BY_NAME[table].title


def trend_stacked(datas: list[YearData], selector: str, slug: str) -> Figure:
    """Top-level rows stacked per year (基本支出 + 项目支出)."""
    frame = _series(datas, selector, top_level=True)
    unit = frame["单位"].iloc[0] if len(frame) else ""
    table = parse_selector(selector)[0]
    title = f"历年{_what(selector)}"

    def draw() -> alt.Chart:
        alt = style.use_chart_theme()
        return (
            alt.Chart(frame, width=style.CHART_WIDTH, title=title)
            .mark_bar(size=style.BAR_SIZE)
            .encode(
                x=_year_axis(),
                y=alt.Y("sum(数值):Q", title=value_title(table, unit), axis=alt.Axis(format=style.AXIS_FORMAT)),
                color=alt.Color("项目:N", title="项目", scale=alt.Scale(range=style.PALETTE)),
                description=tip_channel(),
            )
        )

    return _trend(frame, draw, "堆积柱形图：{years}各年度" + _what(selector) + "。", slug)


def trend_lines(datas: list[YearData], selector: str, slug: str) -> Figure:
    """A line per item over the years."""
    frame = _series(datas, selector)
    title = f"历年{_what(selector)}"
    value_title = "数值（" + "、".join(dict.fromkeys(frame["单位"])) + "）"

    def draw() -> alt.Chart:
        alt = style.use_chart_theme()
        return (
            alt.Chart(frame, width=style.CHART_WIDTH, title=title)
            .mark_line(point=True)
            .encode(
                x=_year_axis(),
                y=alt.Y("数值:Q", title=value_title, axis=alt.Axis(format=style.AXIS_FORMAT)),
                color=alt.Color("项目:N", title="项目", scale=alt.Scale(range=style.PALETTE)),
                description=tip_channel(),
            )
        )

    return _trend(frame, draw, "折线图：{years}各年度" + _what(selector) + "。", slug)


def trend_facets(datas: list[YearData], selector: str, slug: str) -> Figure:
    """A small line chart per item, each on its own scale."""
    frame = _series(datas, selector)
    frame["指标"] = frame["项目"] + "（" + frame["单位"] + "）"
    title = f"历年{_what(selector)}主要指标"

    def draw() -> alt.FacetChart:
        alt = style.use_chart_theme()
        return (
            alt.Chart(frame, width=style.CHART_WIDTH // 2 - 40, height=140)
            .mark_line(point=True, color=style.PALETTE[2])
            .encode(
                x=_year_axis(None),
                y=alt.Y("数值:Q", title=None, axis=alt.Axis(format=style.AXIS_FORMAT)),
                description=tip_channel(),
            )
            .facet(facet=alt.Facet("指标:N", title=None, sort=None), columns=2, title=title)
            .resolve_scale(y="independent")
        )

    return _trend(frame, draw, "分面折线图：{years}各年度" + _what(selector) + "主要指标，每个指标单独标度。", slug)


TREND_KINDS = {"stacked": trend_stacked, "lines": trend_lines, "facets": trend_facets}


def coming_and_going(datas: list[YearData], selectors: list[str]) -> pd.DataFrame:
    """Items that some years have and others do not: 项目, and the years that have it."""
    years = sorted(d.year for d in datas)
    rows = []
    for selector in selectors:
        frame = _series(datas, selector)
        for _code, group in frame.groupby("代码", sort=False):
            present = list(dict.fromkeys(group["年度"]))
            if len(present) < len(years):
                rows.append({"项目": group["项目"].iloc[-1], "所属": _what(selector), "有此项的年度": "、".join(present)})
    return pd.DataFrame(rows, columns=["项目", "所属", "有此项的年度"])
