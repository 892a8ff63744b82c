"""Readers on old PCs and phones, every page of the real build in headless Chromium,
served on 127.0.0.1: nothing leaves the origin, no console errors, every chart draws,
what a reader sees is Chinese; every page is light, has no serious or critical
axe-core finding (WCAG 2.1 A/AA), fits a 390 px screen, works from the keyboard,
prints cleanly; the site ships compressed copies.

Each page is loaded once at desktop width and once at phone width for all of these
(:func:`jixiao.dev.pageweight.measure`); the desktop view is kept as a screenshot in
``_build/screenshots``. axe-core is vendored from the npm registry at test time
(tests/axe_core.py).
"""

from __future__ import annotations

import gzip
import re

import brotli
import pytest
from axe_core import axe_script

from conftest import ROOT
from jixiao.dev import pageweight
from jixiao.dev.browser import Tabs

pytestmark = [pytest.mark.build, pytest.mark.browser, pytest.mark.cost(60)]

CHAPTER = "chapters/2024/02-budget-expenditure.html"
SHOTS = ROOT / "_build" / "screenshots"
#: The text a reader sees or hears: the page without code, scripts and hidden elements, the
#: tooltips, and the labels a screen reader reads out.
READER_TEXT = """() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll('pre, code, script, style, .highlight, [aria-hidden="true"]').forEach((e) => e.remove());
    const tips = [...body.querySelectorAll('[title]')].map((e) => e.getAttribute('title'));
    const labels = [...document.querySelectorAll('[aria-label], [alt], [placeholder]')].map(
        (e) => e.getAttribute('aria-label') || e.getAttribute('alt') || e.getAttribute('placeholder'));
    return [body.innerText, ...tips, ...labels];
}"""
#: Latin words a reader may see: key names, formats, the report's own terms, data file names.
ALLOWED_LATIN = {"Ctrl", "PDF", "Word", "CSV", "E-CQS", "CQS", "JavaScript", "csv", "staffing", "expenditure", "performance"}


@pytest.fixture(scope="module")
def measured(site, server, browser):
    axe = axe_script()
    tabs = Tabs(browser, script=axe)  # one desktop tab (cache off: each visit a first visit) and one phone tab, axe in both
    try:
        return [
            pageweight.measure(
                browser,
                server.url,
                rel,
                axe=axe,
                phone=True,
                shots={"desktop": SHOTS / (rel.replace("/", "_") + ".png")},
                probe=READER_TEXT,
                tabs=tabs,
            )
            for rel in pageweight.pages(site)
        ]
    finally:
        tabs.close()


def test_every_page_is_measured(site, measured):
    names = {r.page for r in measured}
    assert {"index.html", "search.html", CHAPTER, "glossary.html"} <= names
    assert len(names) >= 12
    assert sum(r.charts for r in measured) >= 4  # chart pages are measured with their charts drawn


def test_every_page_offline_clean_and_rendered(measured):
    failures = {r.page: (r.outside, r.errors, r.rendered, r.charts) for r in measured if r.outside or r.errors or r.rendered != r.charts}
    assert failures == {}
    assert all((SHOTS / (r.page.replace("/", "_") + ".png")).stat().st_size > 10_000 for r in measured)


def office_latin() -> set[str]:
    """Latin words the office itself wrote into a report's prose or its items' names (JJF 1070,
    GB/T 9704): the report's own words, not the site's."""
    import csv

    markup = re.compile(r"\A---\n.*?\n---\n|^```.*?^```|\{[\w:-]+\}`[^`]*`|^\([\w-]+\)=$", re.S | re.M)  # not prose
    texts = [markup.sub("", f.read_text(encoding="utf-8", errors="replace")) for f in (ROOT / "chapters").glob("*/*.md")]
    for f in (ROOT / "data").glob("*/*.csv"):
        with open(f, encoding="utf-8-sig", errors="replace", newline="") as rows:
            texts += [row.get("名称") or "" for row in csv.DictReader(rows)]
    return {w for text in texts for w in re.findall(r"[A-Za-z][A-Za-z\-]{2,}", text)}


def test_what_a_reader_sees_is_chinese(measured):
    """The site's own words (menus, buttons, captions, messages) are Chinese."""
    allowed = ALLOWED_LATIN | office_latin()
    found = {}
    for r in measured:
        words = {w for text in r.probe for w in re.findall(r"[A-Za-z][A-Za-z\-]{2,}", text or "")} - allowed
        if words:
            found[r.page] = sorted(words)
    assert found == {}


def test_pages_are_light(measured):
    """First visit, uncompressed: ≤ 600 KB without charts, ≤ 1,000 KB with charts."""
    heavy = {r.page: (round(r.raw_kb), r.limit_kb, r.requests[:5]) for r in measured if r.raw_kb > r.limit_kb}
    assert heavy == {}
    assert all(r.gzip < r.raw for r in measured)


def test_no_serious_accessibility_findings(measured):
    found = {r.page: {rule: (n, r.where[rule]) for rule, n in r.findings.items()} for r in measured if r.findings}
    assert found == {}


def test_no_sideways_scrolling_on_a_phone(measured):
    wide = {r.page: r.overflow for r in measured if r.overflow is None or r.overflow > 0}
    assert wide == {}


def test_charts_are_static_svg_with_tooltips_and_text(site):
    text = (site / CHAPTER).read_text(encoding="utf-8")
    assert "jixiao-vega" not in text and "vega" not in re.sub(r"<svg.*?</svg>", "", text, flags=re.S).lower()
    charts = re.findall(
        r'<div class="jx-chart" role="img" aria-label="([^"]+)" tabindex="0"><svg aria-hidden="true"(.*?)</svg>', text, re.S
    )
    assert len(charts) == 2
    label, svg = charts[0]
    assert "工资福利支出832.83万元" in label
    assert "<title>项目：工资福利支出；原文写法：832.83万元；占比：81.6%</title>" in svg  # hover text, as written


def test_compressed_copies_beside_the_originals(site):
    checked = 0
    for path in site.rglob("*"):
        if path.name == "manifest.json":  # written after compression: it lists the compressed copies
            continue
        if path.suffix in (".html", ".css", ".js", ".json") and path.is_file() and path.stat().st_size >= 256:
            original = path.read_bytes()
            assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == original, path
            assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == original, path
            checked += 1
    assert checked >= 15


def test_unused_theme_assets_are_gone(site):
    static = site / "_static"
    for name in ("fontawesome.js", "bootstrap.js", "copybutton.js", "togglebutton.js", "design-tabs.js", "pygments.css"):
        assert not list(static.rglob(name)), name
    assert not list(static.rglob("*.woff2")) and not list(static.rglob("*.map"))


def test_keyboard_skip_link_focus_and_search(server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{server.url}/{CHAPTER}")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "跳转至主要内容"
    assert page.evaluate("document.activeElement.getBoundingClientRect().height") > 0  # shown when focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")
    # The one search entry point is reachable with Tab and opens with Enter.
    visible = page.locator(".search-button-field:visible, form.bd-search input:visible")
    assert visible.count() == 1
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('search-button-field')"):
            break
    else:
        pytest.fail("Tab never reached the search button")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.name === 'q'")
    page.keyboard.type("强检")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=*")
    page.wait_for_function("document.body.dataset.searchState === 'done'", timeout=15000)
    assert page.locator(".jx-result").count() >= 1
    page.close()


def test_footer_and_print(server, browser):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{server.url}/{CHAPTER}")
    updated = page.locator(".last-updated").inner_text().strip()
    assert re.fullmatch(r"最后更新于\d{4}年\d{2}月\d{2}日。", updated), updated
    page.emulate_media(media="print")
    for hidden in (".bd-sidebar-primary", ".bd-header", ".prev-next-footer", ".search-button-field"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator("article.bd-article").is_visible() and page.locator(".jx-chart svg").first.is_visible()
    page.close()
