"""The pieces that make pages light, on small inputs: icons, CSS pruning,
compressed copies, static chart SVG, and the landing page's key figures."""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import brotli
import pydata_sphinx_theme
import pytest

from jixiao.book import keyfigures, landing
from jixiao.report.data import YearData, load_year
from jixiao.site import slim
from jixiao.site.compress import compress_site

FONTAWESOME = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"


def test_solid_icons_come_from_the_theme():
    icons = slim.solid_icons(FONTAWESOME.read_text(encoding="utf-8"))
    for name in ("bars", "magnifying-glass", "chevron-down", "sun", "moon", "circle-half-stroke", "list", "outdent", "arrow-up"):
        width, height, path = icons[name]
        assert width > 0 and height == 512 and path.startswith("M")
    assert icons["search"] == icons["magnifying-glass"]  # aliases too


def test_selector_use():
    words = {"used", "nav", "active"}
    assert slim.selector_used(".used .nav", words)
    assert not slim.selector_used(".used .unused", words)
    assert slim.selector_used(".used:not(.unused)", words)  # :not() may match without the class
    assert slim.selector_used('a[href$=".pdf"]', words)  # not a class
    assert slim.selector_used("html[data-theme=dark] .nav", words)


def test_prune_css_keeps_what_is_used():
    css = (
        ".used{color:red}.unused{color:blue}.used,.unused{margin:0}"
        "@media (max-width:10px){.unused{x:1}.nav{y:2}}@media print{.unused{z:3}}"
        ":is(.used,.unused) .nav{top:0}"
        '@font-face{font-family:"Font Awesome 6 Free";src:url(fa.woff2)}@font-face{font-family:Other;src:url(o.woff2)}'
    )
    out = slim.prune_css(css, {"used", "nav"})
    assert ".used{color:red}" in out and ".unused{color:blue}" not in out
    assert ".used{margin:0}" in out
    assert "@media (max-width:10px){.nav{y:2}}" in out and "@media print" not in out
    assert ":is(.used,.unused) .nav{top:0}" in out
    assert "Font Awesome" not in out and "Other" in out


def test_the_theme_style_sheet_parsed_ahead_prunes_the_same(tmp_path, monkeypatch):
    """The helper parses the theme's style sheets while Sphinx writes (slim.preparse); the
    assemble stage then prunes from that parse, with the same result, without parsing again."""
    sheet = FONTAWESOME.parents[1] / "styles" / "pydata-sphinx-theme.css"
    css = sheet.read_text(encoding="utf-8")
    words = {"bd-header", "navbar-nav", "nav-link", "active", "bd-sidebar-primary", "dark"}
    expected = slim.prune_css(css, words)
    assert 1000 < len(expected) < len(css) / 5
    slim.preparse(tmp_path)
    assert any(p.name.startswith("parsed-") for p in tmp_path.iterdir())

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed again")

    monkeypatch.setattr(slim.tinycss2, "parse_stylesheet", no_parsing)
    assert slim.prune_css(css, words, tmp_path) == expected
    with pytest.raises(AssertionError, match="parsed again"):  # a sheet it has not seen is parsed
        slim.prune_css(css + "\n.new{color:red}", words, tmp_path)


def test_slim_a_small_site(tmp_path):
    site = tmp_path / "site"
    (site / "_static" / "scripts").mkdir(parents=True)
    (site / "_static" / "vendor").mkdir()
    shutil.copy(FONTAWESOME, site / "_static" / "scripts" / "fontawesome.js")
    (site / "_static" / "scripts" / "bootstrap.js").write_text("var x;", encoding="utf-8")
    (site / "_static" / "scripts" / "theme.js").write_text('el.classList.add("shown-by-js")', encoding="utf-8")
    (site / "_static" / "theme.css").write_text(".used{a:1}.unused{b:2}.shown-by-js{c:3}", encoding="utf-8")
    (site / "_static" / "vendor" / "fa-solid-900.woff2").write_bytes(b"font")
    (site / "index.html").write_text(
        '<html><head><link href="_static/theme.css" rel="stylesheet" />\n'
        '  <script defer src="_static/scripts/fontawesome.js?digest=1"></script>\n'
        '  <link rel="preload" as="script" href="_static/scripts/bootstrap.js?digest=1" />\n'
        '<script src="_static/scripts/theme.js"></script></head>'
        '<body class="used"><button><i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" title="浅色"></i></button>'
        '<span class="fa-solid fa-bars"></span></body></html>',
        encoding="utf-8",
    )
    slim.slim(site)
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "fontawesome" not in page and "bootstrap" not in page
    assert '<svg class="theme-switch jx-icon jx-icon-sun jx-icon-lg" data-mode="light" aria-hidden="true"' in page
    assert page.count("<svg") == 2 and "<i " not in page
    css = (site / "_static" / "theme.css").read_text(encoding="utf-8")
    assert css == ".used{a:1}.shown-by-js{c:3}"
    assert not (site / "_static" / "scripts" / "fontawesome.js").exists()
    assert not (site / "_static" / "scripts" / "bootstrap.js").exists()
    assert not (site / "_static" / "vendor").exists()
    assert (site / "_static" / "scripts" / "theme.js").exists()


def test_unknown_icon_stops_with_a_message(tmp_path):
    site = tmp_path / "site"
    (site / "_static" / "scripts").mkdir(parents=True)
    shutil.copy(FONTAWESOME, site / "_static" / "scripts" / "fontawesome.js")
    (site / "index.html").write_text('<i class="fa-solid fa-no-such-icon"></i>', encoding="utf-8")
    with pytest.raises(slim.SlimError, match="fa-no-such-icon"):
        slim.slim(site)


def test_compressed_copies(tmp_path):
    big = "<p>衡阳市计量测试中心</p>" * 200
    (tmp_path / "a.html").write_text(big, encoding="utf-8")
    (tmp_path / "b.js").write_text("x" * 1000, encoding="utf-8")
    (tmp_path / "tiny.css").write_text("a{}", encoding="utf-8")
    (tmp_path / "c.pdf").write_bytes(b"%PDF" * 1000)
    assert compress_site(tmp_path) == 2
    assert gzip.decompress((tmp_path / "a.html.gz").read_bytes()).decode("utf-8") == big
    assert brotli.decompress((tmp_path / "b.js.br").read_bytes()) == b"x" * 1000
    assert not (tmp_path / "tiny.css.gz").exists() and not (tmp_path / "c.pdf.gz").exists()
    # An original changed later gets a fresh copy; an unchanged one is left alone.
    stamp = (tmp_path / "b.js.gz").stat().st_mtime_ns
    (tmp_path / "a.html").write_text(big + "<p>新</p>", encoding="utf-8")
    os.utime(tmp_path / "a.html", ns=(stamp + 10**9, stamp + 10**9))
    compress_site(tmp_path)
    assert gzip.decompress((tmp_path / "a.html.gz").read_bytes()).decode("utf-8").endswith("<p>新</p>")
    assert (tmp_path / "b.js.gz").stat().st_mtime_ns == stamp


def test_compressed_copies_come_from_the_cache_by_content(tmp_path, monkeypatch):
    """A build assembles a new folder each time: unchanged files get the earlier build's copies."""
    import jixiao.site.compress as compress

    cache = tmp_path / "cache"
    first, second = tmp_path / "first", tmp_path / "second"
    for site, extra in ((first, "<p>旧</p>"), (second, "<p>新</p>")):
        site.mkdir()
        (site / "same.html").write_text("<p>衡阳市计量测试中心</p>" * 100, encoding="utf-8")
        (site / "changed.html").write_text("<p>衡阳市计量测试中心</p>" * 100 + extra, encoding="utf-8")
    assert compress_site(first, cache=cache) == 2
    packed: list[int] = []
    real_br, real_gz = compress.brotli.compress, compress.gzip.compress
    monkeypatch.setattr(compress.brotli, "compress", lambda d, **k: packed.append(len(d)) or real_br(d, **k))
    monkeypatch.setattr(compress.gzip, "compress", lambda d, *a, **k: packed.append(len(d)) or real_gz(d, *a, **k))
    assert compress_site(second, cache=cache) == 2
    changed = len((second / "changed.html").read_bytes())
    assert packed == [changed, changed]  # only the changed file was compressed, once per format
    assert (second / "same.html.br").read_bytes() == (first / "same.html.br").read_bytes()
    assert brotli.decompress((second / "changed.html.br").read_bytes()).decode("utf-8").endswith("<p>新</p>")
    assert gzip.decompress((second / "changed.html.gz").read_bytes()).decode("utf-8").endswith("<p>新</p>")
    # The first site's changed.html is no longer used: its cached copies are gone.
    assert len(list(cache.iterdir())) == 4 and not list(cache.glob("*.partial"))


def test_chart_svg_has_native_tooltips():
    from jixiao.book import charts

    svg = charts.chart(load_year(2024), "staffing.total", "staffing").svg()
    assert svg.startswith('<svg aria-hidden="true" focusable="false"')
    assert "<title>项目：在职在编人员；原文写法：52人；占比：56.5%</title>" in svg
    assert "aria-label" not in svg and "role=" not in svg


def test_key_figures_are_the_top_level_rows(monkeypatch):
    real = load_year(2024)
    older = YearData(2023, {k: v.copy() for k, v in real.tables.items()})
    staffing = older.tables["staffing"]
    older.tables["staffing"] = staffing[staffing["key"] != "establishment"]  # a year without this row
    monkeypatch.setattr(landing, "key_figures", lambda year: keyfigures.from_data(real if year == 2024 else older))
    labels, rows = landing.key_figure_table([2024, 2023])
    assert labels == ["基本支出", "项目支出", "事业编制", "总人数"]  # rows without a 上级, in file order
    assert rows[0] == ["1020.37万元", "363.74万元", "59个", "92人"]
    assert rows[1][2] == landing.MISSING and rows[1][3] == "92人"
