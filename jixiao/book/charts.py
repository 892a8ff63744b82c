"""Chart builders: each takes data and a selector and returns a :class:`jixiao.book.figure.Figure`.

Which rows a chart shows comes from the data, never from a list of codes: a
chapter names a stated total (``"expenditure.basic"``: its parts) or a 分项
(``"performance.检校业务"``), see :func:`jixiao.report.data.parse_selector`. Every label,
hover text and axis title is Chinese; values come from the CSV tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from jixiao.book import style
from jixiao.book.figure import Figure
from jixiao.report.csvread import exact
from jixiao.report.data import YearData, parse_selector, records
from jixiao.report.schema import BY_NAME

if TYPE_CHECKING:
    import altair as alt


def value_title(table: str, unit: str) -> str:
    """The value axis: the table's value header and the unit, 金额（万元）."""
    return f"{BY_NAME[table].column('value').header}（{unit}）"


def _written_list(rows) -> list[str]:
    return [style.written(r) for r in rows]


TIP = "提示"


def with_tip(frame: pd.DataFrame, fields: list[str]) -> pd.DataFrame:
    """``frame`` with the text each mark shows on hover (its SVG ``<title>``): the fields
    as the report writes them, never a chart axis's own number format (1,213.9 for 1213.90)."""
    frame = frame.copy()
    frame[TIP] = ["；".join(f"{f}：{v}" for f, v in zip(fields, values)) for values in frame[fields].itertuples(index=False)]
    return frame


def tip_channel() -> alt.Description:
    """The hover-text channel (a channel object: altair converts a shorthand string at ~25 ms)."""
    return style.use_chart_theme().Description(f"{TIP}:N")


def _bar(frame: pd.DataFrame, category: str, value: str, tip: list[str]) -> alt.LayerChart:
    alt = style.use_chart_theme()
    base = alt.Chart(with_tip(frame, tip), width=style.CHART_WIDTH)
    y = alt.Y(f"{category}:N", sort="-x", title=None)
    bars = base.mark_bar(color=style.ACCENT, size=style.BAR_SIZE).encode(
        x=alt.X(f"{value}:Q", title=value, axis=alt.Axis(format=style.AXIS_FORMAT)),
        y=y,
        description=tip_channel(),
    )
    labels = base.mark_text(align="left", dx=4, color="#333").encode(
        x=alt.X(f"{value}:Q"), y=y, text=alt.Text("原文写法:N"), description=tip_channel()
    )
    return (bars + labels).properties(height=alt.Step(40))


def as_typed(rows: list[dict]) -> list[str]:
    """The rows' values for a figure's data table and its CSV download: the digits as typed,
    without separators (900.10, 55), where the chart itself draws numbers."""
    return [f"{exact(r):f}" for r in rows]


def composition(data: YearData, selector: str, slug: str) -> Figure:
    """A stated total and its parts (``"expenditure.basic"``): a bar per part, its
    written value and its share. The table's other top-level figures without parts
    (事业编制 beside 总人数) are drawn as reference lines."""
    table, code, _ = parse_selector(selector)
    total = data.row(table, code)
    parts = records(data.parts(table, code))
    unit = total["unit"]
    value = value_title(table, unit)
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
    others = [r for r in data.records(table) if not r["parent"] and r["key"] != code and r["key"] not in having_parts]
    title = f"{total['name']}构成"

    def draw() -> alt.LayerChart:
        alt = style.use_chart_theme()
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
    shown = frame[["项目", "原文写法", value, "占比"]].assign(**{value: as_typed(parts)})
    return Figure(draw, alt_text, shown, f"{data.year}-{slug}")


def volumes(data: YearData, selector: str, slug: str) -> Figure:
    """The rows of a 分项 (``"performance.检校业务"``) or a table, a panel per unit so bars are comparable."""
    table, code, section = parse_selector(selector)
    _, selected = data.select(selector)
    rows = records(selected)
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
        alt = style.use_chart_theme()
        panels = []
        for unit, group in with_tip(frame, ["指标", "原文写法"]).groupby("单位", sort=False):
            base = alt.Chart(group, width=style.CHART_WIDTH, title=alt.Title(f"单位：{unit}", fontSize=12, color="#555"))
            y = alt.Y("指标:N", sort=None, title=None)
            bars = base.mark_bar(color=style.PALETTE[2], size=style.BAR_SIZE).encode(
                x=alt.X("数值:Q", title=f"数值（{unit}）", axis=alt.Axis(format=style.AXIS_FORMAT)), y=y, description=tip_channel()
            )
            labels = base.mark_text(align="left", dx=4, color="#333").encode(
                x=alt.X("数值:Q"), y=y, text=alt.Text("原文写法:N"), description=tip_channel()
            )
            panels.append((bars + labels).properties(height=alt.Step(40)))
        return alt.vconcat(*panels, title=title).resolve_scale(x="independent")

    alt_text = (
        f"分组条形图：{data.year}年度{what}主要指标，" + "；".join(f"{n}{t}" for n, t in zip(frame["指标"], frame["原文写法"])) + "。"
    )
    return Figure(draw, alt_text, frame[["指标", "原文写法", "数值", "单位"]].assign(数值=as_typed(rows)), f"{data.year}-{slug}")


def chart(data: YearData, selector: str, slug: str) -> Figure:
    """The chart a selector asks for: a total with parts is a composition, anything else volumes."""
    from jixiao.report.data import selector_problem

    problem = selector_problem(data, selector)
    if problem:
        raise KeyError(problem)
    _, code, _ = parse_selector(selector)
    return composition(data, selector, slug) if code else volumes(data, selector, slug)


#: What each builder draws, for the 数据与方法 appendix.
DESCRIPTIONS = {
    "composition": "合计及其组成部分的构成（横向条形图，如基本支出构成）",
    "volumes": "一个分项的各项指标，按单位分组（分组条形图，如检校业务）",
    "trend_stacked": "多年对比：各年度合计行的堆积柱形图（如一般公共预算支出）",
    "trend_lines": "多年对比：每个项目一条折线（如人员情况）",
    "trend_facets": "多年对比：每个指标一幅小图，各自标度（如检校业务主要指标）",
}
