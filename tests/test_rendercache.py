"""Chart images are rendered once per spec: an unchanged chart is read back, a changed number renders anew."""

from __future__ import annotations

import copy

import pytest
import vl_convert as vlc

from jixiao.book import charts, figure, rendercache
from jixiao.report.data import load_year


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(rendercache, "folder", lambda: tmp_path / "charts")
    return tmp_path / "charts"


@pytest.fixture(scope="module")
def spec() -> dict:
    return charts.chart(load_year(2024), "expenditure.basic", "basic").spec


def _counting(monkeypatch) -> list[str]:
    calls: list[str] = []
    svg, png = vlc.vegalite_to_svg, vlc.vegalite_to_png
    monkeypatch.setattr(vlc, "vegalite_to_svg", lambda *a, **k: calls.append("svg") or svg(*a, **k))
    monkeypatch.setattr(vlc, "vegalite_to_png", lambda *a, **k: calls.append("png") or png(*a, **k))
    return calls


def test_an_unchanged_chart_is_rendered_once(cache, spec, monkeypatch):
    calls = _counting(monkeypatch)
    first = figure.static_svg(spec)
    second = figure.static_svg(copy.deepcopy(spec))
    assert calls == ["svg"] and first == second
    fresh = vlc.vegalite_to_svg(dict(copy.deepcopy(spec), config=dict(spec["config"], aria=True)), vl_version=figure.vl_version())
    assert rendercache.svg(dict(copy.deepcopy(spec), config=dict(spec["config"], aria=True)), figure.vl_version()) == fresh
    assert len(list(cache.rglob("*.svg"))) == 1 and not list(cache.rglob("*.partial"))


def test_a_changed_number_renders_anew(cache, spec, monkeypatch):
    calls = _counting(monkeypatch)
    before = figure.static_svg(spec)
    changed = copy.deepcopy(spec)
    text = repr(changed)
    datasets = changed["datasets"]
    name = next(iter(datasets))
    row = datasets[name][0]
    row["金额（万元）"] = 832.53  # was 832.83
    row["原文写法"] = "832.53万元"
    row["提示"] = row["提示"].replace("832.83", "832.53")
    assert repr(changed) != text
    after = figure.static_svg(changed)
    assert calls == ["svg", "svg"] and after != before and "832.53" in after and "832.53" not in before
    assert len(list(cache.rglob("*.svg"))) == 2


def test_png_is_keyed_on_its_scale(cache, spec, monkeypatch):
    calls = _counting(monkeypatch)
    one = rendercache.png(spec, figure.vl_version(), 1)
    assert rendercache.png(spec, figure.vl_version(), 1) == one and calls == ["png"]
    three = rendercache.png(spec, figure.vl_version(), 3)
    assert calls == ["png", "png"] and three != one and three.startswith(b"\x89PNG")


def test_an_unwritable_cache_still_renders(tmp_path, spec, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setattr(rendercache, "folder", lambda: blocked / "charts")
    assert figure.static_svg(spec).startswith("<svg ")
