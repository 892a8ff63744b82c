"""Charts measured in the quick copy of the chart font come out exactly as with the system font."""

from __future__ import annotations

import pandas as pd
import pytest
import vl_convert as vlc

from jixiao.book import chartfont, charts, rendercache, style
from jixiao.book.figure import PNG_SCALE, vl_version
from jixiao.report.data import load_year

pytestmark = pytest.mark.skipif(chartfont.source() is None, reason="the chart font is not installed")


def _kerned_chart() -> dict:
    """Latin kerning pairs, bold titles, a legend and CJK punctuation: what a copy could get wrong."""
    table = pd.DataFrame(
        {
            "项目": ["AVWa To 检测（一）", "Type-V 计量：二", "能力提升 WAVE", "LTA 费用"],
            "类别": ["基本", "项目", "基本", "项目"],
            "金额": [1020.37, 88.92, 7.5, 165.27],
        }
    )
    alt = style.use_chart_theme()
    chart = (
        alt.Chart(table, width=style.CHART_WIDTH, title="单位：万元 AVAWAY")
        .mark_bar()
        .encode(y=alt.Y("项目:N", title="项目 Tw"), x=alt.X("金额:Q", title="金额（万元）"), color="类别:N", tooltip=["项目", "金额"])
    )
    return chart.to_dict()


def _specs() -> list[dict]:
    data = load_year(2024)
    return [_kerned_chart()] + [charts.chart(data, s, "s").spec for s in ("expenditure.basic", "staffing.total", "performance.检校业务")]


def test_the_copy_is_made_and_registered():
    assert chartfont.registered()
    folder = chartfont.prepare()
    faces = sorted(folder.glob("*.otf"))
    assert len(faces) == len(chartfont.source()[1]) >= 1
    from fontTools.ttLib import TTFont

    for face in faces:
        font = TTFont(str(face), lazy=True)
        assert font["name"].getDebugName(1) == chartfont.FAMILY
        assert not any(tag in font for tag in chartfont.DROP_TABLES)
        assert "GPOS" in font and "hmtx" in font  # kerning and widths kept


@pytest.mark.parametrize("n", range(4))
def test_svg_is_the_system_fonts(n):
    spec = _specs()[n]
    assert rendercache._svg(spec, vl_version()) == vlc.vegalite_to_svg(spec, vl_version=vl_version())


def test_png_is_the_system_fonts():
    spec = _kerned_chart()
    quick = vlc.vegalite_to_png(chartfont.measuring(spec), vl_version=vl_version(), scale=PNG_SCALE)
    assert quick == vlc.vegalite_to_png(spec, vl_version=vl_version(), scale=PNG_SCALE)


def test_only_stacks_naming_the_family_get_the_copy():
    family = chartfont.source()[0]
    spec = {
        "config": {"font": style.CJK_FONT, "axis": {"labelFont": "serif", "labelFontSize": 12}},
        "layer": [{"mark": {"font": f"'{family}'"}}],
    }
    out = chartfont.measuring(spec)
    assert out["config"]["font"] == f'"{chartfont.FAMILY}", {style.CJK_FONT}'
    assert out["config"]["axis"] == {"labelFont": "serif", "labelFontSize": 12}
    assert out["layer"][0]["mark"]["font"].startswith(f'"{chartfont.FAMILY}"')
    assert spec["config"]["font"] == style.CJK_FONT  # the caller's spec is left alone
    assert chartfont.unmeasured(f'<text font-family="&quot;{chartfont.FAMILY}&quot;, &quot;A&quot;, sans-serif">') == (
        '<text font-family="&quot;A&quot;, sans-serif">'
    )


def test_without_the_family_charts_use_the_system_font(monkeypatch, tmp_path):
    monkeypatch.setattr(chartfont, "_faces", lambda family: [])
    chartfont.source.cache_clear()
    try:
        assert chartfont.source() is None and chartfont.folder() is None and chartfont.prepare() is None
    finally:
        chartfont.source.cache_clear()


def test_a_failed_copy_leaves_nothing_behind(monkeypatch, tmp_path):
    monkeypatch.setattr(chartfont.paths, "BUILD", tmp_path)

    def broken(file, index, dest):
        dest.write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(chartfont, "_copy_face", broken)
    assert chartfont.prepare() is None
    assert list((tmp_path / chartfont.FOLDER).iterdir()) == []
