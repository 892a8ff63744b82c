"""A chart in headless Chromium, served on 127.0.0.1: Chinese axis titles and labels,
alt text with the numbers as written, a figure number, the data table and its CSV download.

Every page's load (nothing leaves the origin, no console errors, every chart draws, the
text is Chinese) is checked in ``test_readers.py``, which loads each page once for all its checks."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.build, pytest.mark.browser]


def test_chart_has_chinese_axis_and_alt_text(site, server, browser):
    page = browser.new_page()
    page.goto(f"{server.url}/chapters/2024/02-budget-expenditure.html")
    page.wait_for_function("document.querySelectorAll('.jx-chart svg').length >= 2")
    label = page.locator(".jx-chart").first.get_attribute("aria-label")
    assert "基本支出" in label and "1020.37万元" in label
    svg_text = page.evaluate("document.querySelector('.jx-chart svg').textContent")
    assert "金额（万元）" in svg_text and "工资福利支出" in svg_text
    assert page.locator("figure .caption-number").first.inner_text().startswith("图")
    page.locator(".jx-data summary").first.click()
    assert "832.83" in page.locator(".jx-data table").first.inner_text()
    href = page.locator(".jx-download a").first.get_attribute("href")
    assert href.startswith("data:text/csv")
    page.close()
