"""Chart builders: each takes one year's data and returns a :class:`jixiao.figure.Figure`.

Every label, tooltip and axis title is Chinese; values come from the CSV tables.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from jixiao import style
from jixiao.data import YearData
from jixiao.figure import Figure

#: Chart titles, as the 数据与方法 appendix lists them.
TITLES = {
    "staffing": "人员构成",
    "basic_expenditure": "基本支出构成",
    "project_expenditure": "项目支出构成",
    "business_volumes": "检校业务主要业务量",
}


def _share_frame(data: YearData, table: str, parent: str, what: str) -> tuple[pd.DataFrame, dict]:
    total = data.row(table, parent)
    parts = data.parts(table, parent)
    unit = total["unit"]
    frame = pd.DataFrame(
        {
            what: parts["name"].tolist(),
            f"金额（{unit}）": parts["value"].tolist(),
            "占比": [style.percent(v, total["value"]) for v in parts["value"]],
            "标注": [style.quantity(v, unit) for v in parts["value"]],
        }
    )
    return frame, total


def _bar(frame: pd.DataFrame, category: str, value: str, tooltip: list[str]) -> alt.LayerChart:
    base = alt.Chart(frame, width=style.CHART_WIDTH)
    y = alt.Y(f"{category}:N", sort="-x", title=None)
    bars = base.mark_bar(color=style.ACCENT, size=style.BAR_SIZE).encode(
        x=alt.X(f"{value}:Q", title=value, axis=alt.Axis(format=style.AXIS_FORMAT)),
        y=y,
        tooltip=tooltip,
    )
    labels = base.mark_text(align="left", dx=4, color="#333").encode(x=f"{value}:Q", y=y, text="标注:N", tooltip=tooltip)
    return (bars + labels).properties(height=alt.Step(40))


def expenditure_composition(data: YearData, parent: str, what: str, title: str, slug: str) -> Figure:
    frame, total = _share_frame(data, "expenditure", parent, what)
    value = f"金额（{total['unit']}）"
    chart = _bar(frame, what, value, [what, alt.Tooltip(f"{value}:Q", format=",.2f"), "占比"]).properties(title=title)
    listing = "；".join(f"{n}{t}，占{p}" for n, t, p in zip(frame[what], frame["标注"], frame["占比"]))
    alt_text = f"横向条形图：{data.year}年度{total['name']}合计{style.quantity(total['value'], total['unit'])}，其中{listing}。"
    table = frame[[what, value, "占比"]]
    return Figure(chart, alt_text, table, f"{data.year}-{slug}")


def basic_expenditure(data: YearData) -> Figure:
    return expenditure_composition(data, "basic", "支出项目", TITLES["basic_expenditure"], "basic-expenditure")


def project_expenditure(data: YearData) -> Figure:
    return expenditure_composition(data, "project", "支出项目", TITLES["project_expenditure"], "project-expenditure")


def staffing(data: YearData) -> Figure:
    total = data.row("staffing", "total")
    est = data.row("staffing", "establishment")
    parts = data.parts("staffing", "total")
    frame = pd.DataFrame(
        {
            "人员类别": parts["name"].tolist(),
            "人数（人）": parts["value"].tolist(),
            "占总人数": [style.percent(v, total["value"]) for v in parts["value"]],
            "标注": [style.quantity(v, u) for v, u in zip(parts["value"], parts["unit"])],
        }
    )
    chart = _bar(frame, "人员类别", "人数（人）", ["人员类别", "人数（人）", "占总人数"])
    marker = alt.Chart(
        pd.DataFrame({"事业编制（个）": [est["value"]], "说明": [f"事业编制{style.quantity(est['value'], est['unit'])}"]})
    )
    rule = marker.mark_rule(color=style.PALETTE[2], strokeDash=[5, 4], size=2).encode(x="事业编制（个）:Q", tooltip=["说明"])
    rule_label = marker.mark_text(align="center", baseline="bottom", y=-4, color=style.PALETTE[2]).encode(
        x="事业编制（个）:Q", text="说明:N"
    )
    listing = "；".join(f"{n}{t}，占{p}" for n, t, p in zip(frame["人员类别"], frame["标注"], frame["占总人数"]))
    alt_text = (
        f"横向条形图：{data.year}年末总人数{style.quantity(total['value'], total['unit'])}，其中{listing}。"
        f"虚线标出事业编制{style.quantity(est['value'], est['unit'])}。"
    )
    layered = alt.layer(chart, rule, rule_label).properties(title=TITLES["staffing"])
    return Figure(layered, alt_text, frame[["人员类别", "人数（人）", "占总人数"]], f"{data.year}-staffing")


#: Key business volumes of section 三 (检校业务), grouped by unit so bars are comparable.
BUSINESS_KEYS = ("ecqs_filings", "verified_instruments", "calibrated_instruments", "enterprises_served", "fees_waived", "budget_revenue")


def business_volumes(data: YearData) -> Figure:
    rows = [data.row("performance", k) for k in BUSINESS_KEYS]
    frame = pd.DataFrame(
        {
            "指标": [r["name"] for r in rows],
            "数值": [r["value"] for r in rows],
            "单位": [r["unit"] for r in rows],
            "原文写法": [style.written(r) for r in rows],
        }
    )
    tooltip = ["指标", "原文写法"]
    panels = []
    for unit, group in frame.groupby("单位", sort=False):
        base = alt.Chart(group, width=style.CHART_WIDTH, title=alt.Title(f"单位：{unit}", fontSize=12, color="#555"))
        y = alt.Y("指标:N", sort=None, title=None)
        bars = base.mark_bar(color=style.PALETTE[2], size=style.BAR_SIZE).encode(
            x=alt.X("数值:Q", title=f"数值（{unit}）", axis=alt.Axis(format=style.AXIS_FORMAT)), y=y, tooltip=tooltip
        )
        labels = base.mark_text(align="left", dx=4, color="#333").encode(x="数值:Q", y=y, text="原文写法:N", tooltip=tooltip)
        panels.append((bars + labels).properties(height=alt.Step(40)))
    chart = alt.vconcat(*panels, title=TITLES["business_volumes"]).resolve_scale(x="independent")
    alt_text = f"分组条形图：{data.year}年度检校业务主要业务量，" + "；".join(f"{n}{t}" for n, t in zip(frame["指标"], frame["原文写法"])) + "。"
    return Figure(chart, alt_text, frame[["指标", "原文写法", "数值", "单位"]], f"{data.year}-business-volumes")


BUILDERS = {
    "staffing": staffing,
    "basic_expenditure": basic_expenditure,
    "project_expenditure": project_expenditure,
    "business_volumes": business_volumes,
}


# ---------------------------------------------------------------- 多年对比
def _series(datas: list[YearData], table: str, keys: tuple[str, ...]) -> pd.DataFrame:
    rows = []
    for data in sorted(datas, key=lambda d: d.year):
        for key in keys:
            row = data.row(table, key)
            rows.append(
                {
                    "年度": f"{data.year}年",
                    "项目": row["name"],
                    "数值": row["value"],
                    "单位": row["unit"],
                    "原文写法": style.written(row),
                }
            )
    return pd.DataFrame(rows)


def _years_text(frame: pd.DataFrame) -> str:
    years = list(dict.fromkeys(frame["年度"]))
    return f"{years[0]}至{years[-1]}"


_TREND_COLUMNS = ["年度", "项目", "原文写法", "数值", "单位"]
_TREND_TOOLTIP = ["年度", "项目", "原文写法"]


def _year_axis(title: str | None = "年度") -> alt.X:
    return alt.X("年度:N", title=title, axis=alt.Axis(labelAngle=0))


def _trend(frame: pd.DataFrame, chart, description: str, slug: str) -> Figure:
    """A trend figure: its alt text lists every value by year."""
    listing = "；".join(f"{y}{n}{t}" for y, n, t in zip(frame["年度"], frame["项目"], frame["原文写法"]))
    alt_text = f"{description.format(years=_years_text(frame))}{listing}。"
    return Figure(chart, alt_text, frame[_TREND_COLUMNS], slug)


def trend_expenditure(datas: list[YearData]) -> Figure:
    frame = _series(datas, "expenditure", ("basic", "project"))
    chart = (
        alt.Chart(frame, width=style.CHART_WIDTH, title="历年一般公共预算支出")
        .mark_bar(size=style.BAR_SIZE)
        .encode(
            x=_year_axis(),
            y=alt.Y("sum(数值):Q", title="金额（万元）", axis=alt.Axis(format=style.AXIS_FORMAT)),
            color=alt.Color("项目:N", title="支出类别", scale=alt.Scale(range=style.PALETTE)),
            tooltip=_TREND_TOOLTIP,
        )
    )
    return _trend(frame, chart, "堆积柱形图：{years}各年度基本支出和项目支出。", "trend-expenditure")


def trend_staffing(datas: list[YearData]) -> Figure:
    frame = _series(datas, "staffing", ("establishment", "total", "active", "temporary", "retired"))
    chart = (
        alt.Chart(frame, width=style.CHART_WIDTH, title="历年人员情况")
        .mark_line(point=True)
        .encode(
            x=_year_axis(),
            y=alt.Y("数值:Q", title="人数（编制数）", axis=alt.Axis(format=style.AXIS_FORMAT)),
            color=alt.Color("项目:N", title="类别", scale=alt.Scale(range=style.PALETTE)),
            tooltip=_TREND_TOOLTIP,
        )
    )
    return _trend(frame, chart, "折线图：{years}各年度编制和人员。", "trend-staffing")


def trend_business(datas: list[YearData]) -> Figure:
    frame = _series(datas, "performance", BUSINESS_KEYS)
    frame["指标"] = frame["项目"] + "（" + frame["单位"] + "）"
    chart = (
        alt.Chart(frame, width=style.CHART_WIDTH // 2 - 40, height=140)
        .mark_line(point=True, color=style.PALETTE[2])
        .encode(
            x=_year_axis(None),
            y=alt.Y("数值:Q", title=None, axis=alt.Axis(format=style.AXIS_FORMAT)),
            tooltip=_TREND_TOOLTIP,
        )
        .facet(facet=alt.Facet("指标:N", title=None, sort=None), columns=2, title="历年检校业务主要业务量")
        .resolve_scale(y="independent")
    )
    return _trend(frame, chart, "分面折线图：{years}各年度检校业务主要业务量，每个指标单独标度。", "trend-business")


TREND_BUILDERS = {"expenditure": trend_expenditure, "staffing": trend_staffing, "business": trend_business}
