"""Chart builders: each takes data and a selector and returns a :class:`jixiao.book.figure.Figure`.

Which rows a chart shows comes from the data, never from a list of codes: a
chapter names a stated total (``"expenditure.basic"``: its parts) or a 分项
(``"performance.检校业务"``), see :func:`jixiao.report.data.parse_selector`. Every label,
hover text and axis title is Chinese; values come from the CSV tables.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from jixiao.book import style
from jixiao.book.figure import Figure
from jixiao.report.csvread import exact
from jixiao.report.data import YearData, parse_selector
from jixiao.report.schema import BY_NAME


def _value_title(table: str, unit: str) -> str:
    """The value axis: the table's value header and the unit, 金额（万元）."""
    return f"{BY_NAME[table].column('value').header}（{unit}）"


def _written_list(rows) -> list[str]:
    return [style.written(r) for r in rows]


TIP = "提示"


def _with_tip(frame: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """``frame`` with the text each mark shows on hover (its SVG ``<title>``): the fields
    as the report writes them, never a chart axis's own number format (1,213.9 for 1213.90)."""
    frame = frame.copy()
    frame[TIP] = ["；".join(f"{f}：{v}" for f, v in zip(fields, values)) for values in frame[fields].itertuples(index=False)]
    return frame


def _tip() -> alt.Description:
    """The hover-text channel (a channel object: altair converts a shorthand string at ~25 ms)."""
    return alt.Description(f"{TIP}:N")


def _bar(frame: pd.DataFrame, category: str, value: str, tip: list[str]) -> alt.LayerChart:
    base = alt.Chart(_with_tip(frame, tip), width=style.CHART_WIDTH)
    y = alt.Y(f"{category}:N", sort="-x", title=None)
    bars = base.mark_bar(color=style.ACCENT, size=style.BAR_SIZE).encode(
        x=alt.X(f"{value}:Q", title=value, axis=alt.Axis(format=style.AXIS_FORMAT)),
        y=y,
        description=_tip(),
    )
    labels = base.mark_text(align="left", dx=4, color="#333").encode(
        x=alt.X(f"{value}:Q"), y=y, text=alt.Text("原文写法:N"), description=_tip()
    )
    return (bars + labels).properties(height=alt.Step(40))


def composition(data: YearData, selector: str, slug: str) -> Figure:
    """A stated total and its parts (``"expenditure.basic"``): a bar per part, its
    written value and its share. The table's other top-level figures without parts
    (事业编制 beside 总人数) are drawn as reference lines."""
    table, code, _ = parse_selector(selector)
    total = data.row(table, code)
    parts = data.parts(table, code).to_dict("records")
    unit = total["unit"]
    value = _value_title(table, unit)
    frame = pd.DataFrame(
        {
            "项目": [p["name"] for p in parts],
            value: [float(exact(p)) for p in parts],
            "占比": [style.percent(exact(p), exact(total)) for p in parts],
            "原文写法": _written_list(parts),
        }
    )
    frame_all = data.table(table)
    having_parts = set(frame_all["parent"])
    others = [r for r in frame_all.to_dict("records") if not r["parent"] and r["key"] != code and r["key"] not in having_parts]
    title = f"{total['name']}构成"

    def draw() -> alt.LayerChart:
        layers = [_bar(frame, "项目", value, ["项目", "原文写法", "占比"])]
        if others:
            marker = alt.Chart(
                pd.DataFrame({value: [float(exact(r)) for r in others], "说明": [f"{r['name']}{style.written(r)}" for r in others]})
            )
            layers.append(marker.mark_rule(color=style.PALETTE[2], strokeDash=[5, 4], size=2, aria=False).encode(x=alt.X(f"{value}:Q")))
            layers.append(
                marker.mark_text(align="center", baseline="bottom", y=-4, color=style.PALETTE[2]).encode(
                    x=alt.X(f"{value}:Q"), text=alt.Text("说明:N"), description=alt.Description("说明:N")
                )
            )
        return alt.layer(*layers).properties(title=title)

    notes = ("虚线标出" + "、".join(f"{r['name']}{style.written(r)}" for r in others) + "。") if others else ""
    listing = "；".join(f"{n}{t}，占{p}" for n, t, p in zip(frame["项目"], frame["原文写法"], frame["占比"]))
    alt_text = f"横向条形图：{data.year}年度{total['name']}合计{style.written(total)}，其中{listing}。{notes}"
    return Figure(draw, alt_text, frame[["项目", "原文写法", value, "占比"]], f"{data.year}-{slug}")


def volumes(data: YearData, selector: str, slug: str) -> Figure:
    """The rows of a 分项 (``"performance.检校业务"``) or a table, a panel per unit so bars are comparable."""
    table, code, section = parse_selector(selector)
    _, selected = data.select(selector)
    rows = selected.to_dict("records")
    frame = pd.DataFrame(
        {
            "指标": [r["name"] for r in rows],
            "数值": [float(exact(r)) for r in rows],
            "单位": [r["unit"] for r in rows],
            "原文写法": _written_list(rows),
        }
    )
    what = section or (data.row(table, code)["name"] if code else BY_NAME[table].title)
    title = f"{what}主要指标"

    def draw() -> alt.VConcatChart:
        panels = []
        for unit, group in _with_tip(frame, ["指标", "原文写法"]).groupby("单位", sort=False):
            base = alt.Chart(group, width=style.CHART_WIDTH, title=alt.Title(f"单位：{unit}", fontSize=12, color="#555"))
            y = alt.Y("指标:N", sort=None, title=None)
            bars = base.mark_bar(color=style.PALETTE[2], size=style.BAR_SIZE).encode(
                x=alt.X("数值:Q", title=f"数值（{unit}）", axis=alt.Axis(format=style.AXIS_FORMAT)), y=y, description=_tip()
            )
            labels = base.mark_text(align="left", dx=4, color="#333").encode(
                x=alt.X("数值:Q"), y=y, text=alt.Text("原文写法:N"), description=_tip()
            )
            panels.append((bars + labels).properties(height=alt.Step(40)))
        return alt.vconcat(*panels, title=title).resolve_scale(x="independent")

    alt_text = (
        f"分组条形图：{data.year}年度{what}主要指标，" + "；".join(f"{n}{t}" for n, t in zip(frame["指标"], frame["原文写法"])) + "。"
    )
    return Figure(draw, alt_text, frame[["指标", "原文写法", "数值", "单位"]], f"{data.year}-{slug}")


def chart(data: YearData, selector: str, slug: str) -> Figure:
    """The chart a selector asks for: a total with parts is a composition, anything else volumes."""
    from jixiao.report.data import selector_problem

    problem = selector_problem(data, selector)
    if problem:
        raise KeyError(problem)
    _, code, _ = parse_selector(selector)
    return composition(data, selector, slug) if code else volumes(data, selector, slug)


# ---------------------------------------------------------------- 多年对比
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
        for row in selected.to_dict("records"):
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
                }
            )
    frame = pd.DataFrame(rows, columns=["代码", "年度", "项目", "数值", "单位", "原文写法"])
    if frame.empty:  # no year has the rows (a 分项 named otherwise): an empty chart, not a crash
        frame = frame.astype({"代码": str, "年度": str, "项目": str, "数值": float, "单位": str, "原文写法": str})
    latest = frame.drop_duplicates("代码", keep="last").set_index("代码")
    units = frame.groupby("代码")["单位"].nunique()
    frame["项目"] = [latest.at[k, "项目"] + (f"（{u}）" if units[k] > 1 else "") for k, u in zip(frame["代码"], frame["单位"])]
    return _with_tip(frame, _TREND_TIP)


def _years_text(frame: pd.DataFrame) -> str:
    years = list(dict.fromkeys(frame["年度"]))
    return f"{years[0]}至{years[-1]}"


_TREND_COLUMNS = ["年度", "项目", "原文写法", "数值", "单位"]
_TREND_TIP = ["年度", "项目", "原文写法"]


def _year_axis(title: str | None = "年度") -> alt.X:
    return alt.X("年度:N", title=title, axis=alt.Axis(labelAngle=0))


def _trend(frame: pd.DataFrame, chart, description: str, slug: str) -> Figure:
    """A trend figure: its alt text lists every value by year."""
    listing = "；".join(f"{y}{n}{t}" for y, n, t in zip(frame["年度"], frame["项目"], frame["原文写法"]))
    alt_text = f"{description.format(years=_years_text(frame))}{listing}。"
    return Figure(chart, alt_text, frame[_TREND_COLUMNS], slug)


def _what(selector: str) -> str:
    table, _code, section = parse_selector(selector)
    return section or BY_NAME[table].title


def trend_stacked(datas: list[YearData], selector: str, slug: str) -> Figure:
    """Top-level rows stacked per year (基本支出 + 项目支出)."""
    frame = _series(datas, selector, top_level=True)
    unit = frame["单位"].iloc[0] if len(frame) else ""
    table = parse_selector(selector)[0]
    chart = (
        alt.Chart(frame, width=style.CHART_WIDTH, title=f"历年{_what(selector)}")
        .mark_bar(size=style.BAR_SIZE)
        .encode(
            x=_year_axis(),
            y=alt.Y("sum(数值):Q", title=_value_title(table, unit), axis=alt.Axis(format=style.AXIS_FORMAT)),
            color=alt.Color("项目:N", title="项目", scale=alt.Scale(range=style.PALETTE)),
            description=_tip(),
        )
    )
    return _trend(frame, chart, "堆积柱形图：{years}各年度" + _what(selector) + "。", slug)


def trend_lines(datas: list[YearData], selector: str, slug: str) -> Figure:
    """A line per item over the years."""
    frame = _series(datas, selector)
    chart = (
        alt.Chart(frame, width=style.CHART_WIDTH, title=f"历年{_what(selector)}")
        .mark_line(point=True)
        .encode(
            x=_year_axis(),
            y=alt.Y("数值:Q", title="数值（" + "、".join(dict.fromkeys(frame["单位"])) + "）", axis=alt.Axis(format=style.AXIS_FORMAT)),
            color=alt.Color("项目:N", title="项目", scale=alt.Scale(range=style.PALETTE)),
            description=_tip(),
        )
    )
    return _trend(frame, chart, "折线图：{years}各年度" + _what(selector) + "。", slug)


def trend_facets(datas: list[YearData], selector: str, slug: str) -> Figure:
    """A small line chart per item, each on its own scale."""
    frame = _series(datas, selector)
    frame["指标"] = frame["项目"] + "（" + frame["单位"] + "）"
    chart = (
        alt.Chart(frame, width=style.CHART_WIDTH // 2 - 40, height=140)
        .mark_line(point=True, color=style.PALETTE[2])
        .encode(
            x=_year_axis(None),
            y=alt.Y("数值:Q", title=None, axis=alt.Axis(format=style.AXIS_FORMAT)),
            description=_tip(),
        )
        .facet(facet=alt.Facet("指标:N", title=None, sort=None), columns=2, title=f"历年{_what(selector)}主要指标")
        .resolve_scale(y="independent")
    )
    return _trend(frame, chart, "分面折线图：{years}各年度" + _what(selector) + "主要指标，每个指标单独标度。", slug)


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


#: What each builder draws, for the 数据与方法 appendix.
DESCRIPTIONS = {
    "composition": "合计及其组成部分的构成（横向条形图，如基本支出构成）",
    "volumes": "一个分项的各项指标，按单位分组（分组条形图，如检校业务）",
    "trend_stacked": "多年对比：各年度合计行的堆积柱形图（如一般公共预算支出）",
    "trend_lines": "多年对比：每个项目一条折线（如人员情况）",
    "trend_facets": "多年对比：每个指标一幅小图，各自标度（如检校业务主要指标）",
}
