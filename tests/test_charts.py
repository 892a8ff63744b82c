"""Each chart builder returns a valid Vega-Lite spec built from the CSV values."""

from __future__ import annotations

import json
import shutil

import altair as alt
import pytest

from jixiao.book import charts, trends
from jixiao.book.figure import csv_text as figure_csv
from jixiao.report.data import load_year
from jixiao.util import paths


def _values(spec: dict) -> str:
    return json.dumps(spec, ensure_ascii=False)


#: What the 2024 chapters chart (selectors as the chapters name them), and the title each gets from the data.
SELECTORS = {
    "staffing.total": "总人数构成",
    "expenditure.basic": "基本支出构成",
    "expenditure.project": "项目支出构成",
    "performance.检校业务": "检校业务主要指标",
}


@pytest.mark.parametrize("selector", sorted(SELECTORS))
def test_builder_returns_valid_vegalite(selector):
    figure = charts.chart(load_year(2024), selector, "slug")
    spec = figure.chart.to_dict(validate=True)  # raises on an invalid spec
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v")
    assert figure.spec["description"] == figure.alt_text
    assert figure.title == SELECTORS[selector]
    text = _values(figure.spec)
    assert "alt.Chart" not in figure.html() and "图表：" in repr(figure)
    # Chinese axis titles and hover text
    assert "description" in text and "（" in text


def test_specs_carry_the_csv_values():
    data = load_year(2024)
    assert all(v in _values(charts.chart(data, "expenditure.basic", "b").spec) for v in ("832.83", "88.92", "98.62"))
    assert all(v in _values(charts.chart(data, "expenditure.project", "p").spec) for v in ("165.27", "68.47"))
    assert all(v in _values(charts.chart(data, "staffing.total", "s").spec) for v in ("52", "35", "事业编制59个"))
    assert all(v in _values(charts.chart(data, "performance.检校业务", "v").spec) for v in ("7610", "近11.5万台件", "逾万台件"))


def test_rows_come_from_the_data():
    """A part added or dropped, or a new 分项, changes the chart without a code change."""
    import pandas as pd

    from jixiao.report.data import YearData

    data = load_year(2024)
    tables = {k: v.copy() for k, v in data.tables.items()}
    exp = tables["expenditure"]
    exp = exp[exp["key"] != "project_park"]
    new = {**exp.iloc[-1].to_dict(), "key": "project_smart", "name": "智慧计量建设经费", "value": 889.1, "typed": "889.10"}
    tables["expenditure"] = pd.concat([exp, pd.DataFrame([new])], ignore_index=True)
    perf = tables["performance"]
    extra = {
        **perf.iloc[0].to_dict(),
        "key": "bp_meters",
        "section": "民生计量",
        "name": "免费检定血压计",
        "value": 1.2,
        "typed": "1.2",
        "unit": "万台件",
        "qualifier": "余",
        "position": "单位首字后",
    }
    tables["performance"] = pd.concat([perf, pd.DataFrame([extra])], ignore_index=True)
    changed = YearData(2025, tables)
    project = _values(charts.chart(changed, "expenditure.project", "p").spec)
    assert "智慧计量建设经费" in project and "889.10万元" in project and "衡器产业园" not in project
    # the data table and its CSV download: the digits as typed (889.10, 50), not 889.1 or 50.0
    figure = charts.chart(changed, "expenditure.project", "p")
    shown = dict(zip(figure.table["项目"], figure.table["金额（万元）"]))
    assert shown["智慧计量建设经费"] == "889.10" and shown["强检计量器具工作经费"] == "50"
    assert ",889.10," in figure_csv(figure.table) and ",50.0," not in figure_csv(figure.table)
    assert ">889.10<" in figure.table_html()
    livelihood = charts.chart(changed, "performance.民生计量", "m")
    assert livelihood.title == "民生计量主要指标" and "免费检定血压计1.2万余台件" in livelihood.alt_text
    with pytest.raises(KeyError, match="没有分项为“党建引领”"):
        charts.chart(changed, "performance.党建引领", "x")


def test_changed_csv_value_changes_the_spec(tmp_path, monkeypatch):
    dest = tmp_path / "data"
    shutil.copytree(paths.DATA, dest)
    monkeypatch.setattr(paths, "DATA", dest)
    path = dest / "2024" / "expenditure.csv"
    text = path.read_text(encoding="utf-8").replace("832.83", "832.53").replace("1020.37", "1020.07")
    path.write_text(text, encoding="utf-8")
    spec = _values(charts.chart(load_year(2024), "expenditure.basic", "b").spec)
    assert "832.53" in spec and "832.83" not in spec


def test_png_for_pdf_is_a_sharp_image():
    png = charts.chart(load_year(2024), "staffing.total", "s").png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width >= 3 * 500  # rendered at scale 3


def test_html_escapes_text_from_data():
    import pandas as pd

    from jixiao.book.figure import Figure

    evil = "<script>alert(1)</script>"
    frame = pd.DataFrame({"名称": [evil, "=1+1"], "值": [1.0, 2.0]})
    chart = alt.Chart(frame).mark_bar().encode(x="值:Q", y="名称:N")
    html = Figure(chart, evil, frame, "t").html()
    assert "<script>alert" not in html
    assert "%27%3D1%2B1" in html  # the CSV download neutralises the formula


@pytest.mark.parametrize("kind, selector", [("stacked", "expenditure"), ("lines", "staffing"), ("facets", "performance.检校业务")])
def test_trend_builders_span_the_years(kind, selector):
    from jixiao.report.data import YearData

    d24 = load_year(2024)
    d25 = YearData(2025, {k: v.copy() for k, v in d24.tables.items()})
    figure = trends.TREND_KINDS[kind]([d25, d24], selector, "t")
    figure.chart.to_dict(validate=True)
    assert "2024年至2025年" in figure.alt_text
    assert list(dict.fromkeys(figure.table["年度"])) == ["2024年", "2025年"]


def test_trends_follow_items_that_come_and_go():
    from jixiao.report.data import YearData

    d24 = load_year(2024)
    tables = {k: v.copy() for k, v in d24.tables.items()}
    perf = tables["performance"]
    tables["performance"] = perf[perf["key"] != "fees_waived"]
    d25 = YearData(2025, tables)
    figure = trends.trend_facets([d24, d25], "performance.检校业务", "t")
    fees = figure.table[figure.table["项目"] == "免征强检费用"]
    assert list(fees["年度"]) == ["2024年"]  # no point (and no zero) in 2025
    changes = trends.coming_and_going([d24, d25], ["performance.检校业务"])
    assert changes.to_dict("records") == [{"项目": "免征强检费用", "所属": "检校业务", "有此项的年度": "2024年"}]


def _hover_titles(figure) -> list[str]:
    import re

    from jixiao.book.figure import static_svg

    return re.findall(r"<title>([^<]*)</title>", static_svg(figure.chart.to_dict()))


@pytest.mark.parametrize("selector", sorted(SELECTORS))
def test_hover_text_is_the_written_value(selector):
    """A mark's hover text (its SVG <title>) gives the value as the report writes it, never the
    axis's number format: 1,020.37 or 1,213.9 would be a number the office never wrote."""
    import re

    titles = _hover_titles(charts.chart(load_year(2024), selector, "slug"))
    assert titles
    assert not [t for t in titles if re.search(r"\d,\d{3}", t)], titles
    assert all("原文写法：" in t or t.startswith(("事业编制", "总人数")) for t in titles), titles


@pytest.mark.parametrize("kind", sorted(trends.TREND_KINDS))
def test_trend_hover_keeps_typed_decimals(kind):
    """1213.90 stays 1213.90万元 in the hover text of every trend kind."""
    from jixiao.report.data import YearData

    d24 = load_year(2024)
    tables = {k: v.copy() for k, v in d24.tables.items()}
    exp = tables["expenditure"]
    exp.loc[exp["key"] == "basic", ["value", "typed"]] = [1213.9, "1213.90"]
    d25 = YearData(2025, tables)
    titles = _hover_titles(trends.TREND_KINDS[kind]([d24, d25], "expenditure", "t"))
    assert "年度：2025年；项目：基本支出；原文写法：1213.90万元" in titles, titles
    assert not [t for t in titles if "1,213" in t or "1213.9；" in t]


@pytest.mark.parametrize("selector", sorted(SELECTORS))
def test_value_labels_keep_apart(selector):
    """The value axis's labels stand at least 50 px apart ("850" and "900" touched at the end of
    the 2024 基本支出构成 axis when Vega-Lite put one every 40 px)."""
    import itertools
    import re

    from jixiao.book.figure import static_svg

    svg = static_svg(charts.chart(load_year(2024), selector, "slug").chart.to_dict())
    groups = re.findall(r'<g class="mark-text role-axis-label"[^>]*>(.*?)</g>', svg)
    placed = [re.findall(r'translate\(([\d.\-]+),[\d.\-]+\)"[^>]*>([\d,.]+)<', group) for group in groups]
    value_axes = [[float(x) for x, _ in labels] for labels in placed if len(labels) > 2]
    assert value_axes
    for xs in value_axes:
        assert min(b - a for a, b in itertools.pairwise(xs)) >= 50, xs
