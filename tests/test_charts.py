"""Each chart builder returns a valid Vega-Lite spec built from the CSV values."""

from __future__ import annotations

import json
import shutil

import altair as alt
import pytest

from jixiao import charts, paths
from jixiao.data import load_year


def _values(spec: dict) -> str:
    return json.dumps(spec, ensure_ascii=False)


@pytest.mark.parametrize("name", sorted(charts.BUILDERS))
def test_builder_returns_valid_vegalite(name):
    figure = charts.BUILDERS[name](load_year(2024))
    spec = figure.chart.to_dict(validate=True)  # raises on an invalid spec
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v")
    assert figure.spec["description"] == figure.alt_text
    assert figure.title == charts.TITLES[name]
    text = _values(figure.spec)
    assert "alt.Chart" not in figure.html() and "图表：" in repr(figure)
    # Chinese axis titles and tooltips
    assert "tooltip" in text and "（" in text


def test_specs_carry_the_csv_values():
    data = load_year(2024)
    assert all(v in _values(charts.basic_expenditure(data).spec) for v in ("832.83", "88.92", "98.62"))
    assert all(v in _values(charts.project_expenditure(data).spec) for v in ("165.27", "68.47"))
    assert all(v in _values(charts.staffing(data).spec) for v in ("52", "35", "事业编制59个"))
    assert all(v in _values(charts.business_volumes(data).spec) for v in ("7610", "近11.5万台件", "逾万台件"))


def test_changed_csv_value_changes_the_spec(tmp_path, monkeypatch):
    dest = tmp_path / "data"
    shutil.copytree(paths.DATA, dest)
    monkeypatch.setattr(paths, "DATA", dest)
    path = dest / "2024" / "expenditure.csv"
    text = path.read_text(encoding="utf-8").replace("832.83", "832.53").replace("1020.37", "1020.07")
    path.write_text(text, encoding="utf-8")
    spec = _values(charts.basic_expenditure(load_year(2024)).spec)
    assert "832.53" in spec and "832.83" not in spec


def test_png_for_pdf_is_a_sharp_image():
    png = charts.staffing(load_year(2024)).png()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width >= 3 * 500  # rendered at scale 3


def test_html_escapes_text_from_data():
    import pandas as pd

    from jixiao.figure import Figure

    evil = "<script>alert(1)</script>"
    frame = pd.DataFrame({"名称": [evil, "=1+1"], "值": [1.0, 2.0]})
    chart = alt.Chart(frame).mark_bar().encode(x="值:Q", y="名称:N")
    html = Figure(chart, evil, frame, "t").html()
    assert "<script>alert" not in html
    assert "%27%3D1%2B1" in html  # the CSV download neutralises the formula


@pytest.mark.parametrize("name", sorted(charts.TREND_BUILDERS))
def test_trend_builders_span_the_years(name):
    from jixiao.data import YearData

    d24 = load_year(2024)
    d25 = YearData(2025, {k: v.copy() for k, v in d24.tables.items()})
    figure = charts.TREND_BUILDERS[name]([d25, d24])
    figure.chart.to_dict(validate=True)
    assert "2024年至2025年" in figure.alt_text
    assert list(dict.fromkeys(figure.table["年度"])) == ["2024年", "2025年"]
