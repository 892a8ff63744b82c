"""Every page in headless Chromium, served on 127.0.0.1: nothing leaves the origin,
no console errors, and every chart container renders an SVG or canvas."""

from __future__ import annotations

import pytest

from conftest import ROOT, html_pages

pytestmark = [pytest.mark.build, pytest.mark.browser]

SHOTS = ROOT / "_build" / "screenshots"


def visit(browser, url: str, shot=None) -> dict:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside, errors = [], []
    origin = url.split("/", 3)[:3]
    page.on("request", lambda r: None if r.url.startswith("data:") or r.url.split("/", 3)[:3] == origin else outside.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    charts = page.locator(".jx-chart").count()
    if charts:
        page.wait_for_function("[...document.querySelectorAll('.jx-chart')].every(el => el.querySelector('svg, canvas'))", timeout=15000)
    rendered = page.evaluate("[...document.querySelectorAll('.jx-chart')].filter(el => el.querySelector('svg, canvas')).length")
    if shot:
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot), full_page=True)
    page.close()
    return {"outside": outside, "errors": errors, "charts": charts, "rendered": rendered}


def test_every_page_offline_clean_and_rendered(site, server, browser):
    pages = html_pages(site) + [site / "search.html"]
    assert len(pages) >= 10
    total_charts = 0
    failures = []
    for path in pages:
        rel = path.relative_to(site).as_posix()
        result = visit(browser, f"{server.url}/{rel}", SHOTS / (rel.replace("/", "_") + ".png"))
        total_charts += result["charts"]
        if result["outside"] or result["errors"] or result["rendered"] != result["charts"]:
            failures.append((rel, result))
    assert failures == []
    assert total_charts >= 4


def test_chart_has_chinese_axis_and_alt_text(site, server, browser):
    page = browser.new_page()
    page.goto(f"{server.url}/chapters/2024/02-budget-expenditure.html")
    page.wait_for_function("document.querySelectorAll('.jx-chart svg').length >= 2")
    label = page.locator(".jx-chart").first.get_attribute("aria-label")
    assert "基本支出" in label and "1020.37万元" in label
    svg_text = (
        page.locator(".jx-chart svg").first.inner_text() if False else page.evaluate("document.querySelector('.jx-chart svg').textContent")
    )
    assert "金额（万元）" in svg_text and "工资福利支出" in svg_text
    assert page.locator("figure .caption-number").first.inner_text().startswith("图")
    page.locator(".jx-data summary").first.click()
    assert "832.83" in page.locator(".jx-data table").first.inner_text()
    href = page.locator(".jx-download a").first.get_attribute("href")
    assert href.startswith("data:text/csv")
    page.close()


#: Latin words a reader may see: key names, formats, the report's own terms, data file names.
ALLOWED_LATIN = {"Ctrl", "PDF", "Word", "CSV", "E-CQS", "CQS", "JavaScript", "csv", "staffing", "expenditure", "performance"}


def test_what_a_reader_sees_is_chinese(site, server, browser):
    page = browser.new_page()
    found = {}
    for path in html_pages(site) + [site / "search.html"]:
        rel = path.relative_to(site).as_posix()
        page.goto(f"{server.url}/{rel}")
        page.wait_for_load_state("networkidle")
        texts = page.evaluate(
            """() => {
                const body = document.body.cloneNode(true);
                body.querySelectorAll('pre, code, script, style, .highlight, [aria-hidden="true"]').forEach((e) => e.remove());
                const tips = [...body.querySelectorAll('[title]')].map((e) => e.getAttribute('title'));
                return [body.innerText, ...tips];
            }"""
        )
        words = {w for t in texts for w in __import__("re").findall(r"[A-Za-z][A-Za-z\\-]{2,}", t or "")} - ALLOWED_LATIN
        if words:
            found[rel] = sorted(words)
    page.close()
    assert found == {}
