"""Text from the CSV files is shown as text everywhere: prose, tables, charts,
search excerpts, the PDF; CSV downloads neutralise spreadsheet formulas."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from conftest import Server, cached_copy, page_text, pdf_text, run_build

pytestmark = [pytest.mark.build, pytest.mark.cost(25)]

MARKUP = "<script>alert(1)</script>"
NAME = f"商品{MARKUP}与服务支出"
UNIT = "篇<i>x</i>%&_#\\$"
FORMULA = "=1+2衡器产业园科技资金"


@pytest.fixture(scope="module")
def book(site, tmp_path_factory) -> Path:
    dest = cached_copy(tmp_path_factory.mktemp("inject") / "book")
    exp = dest / "data" / "2024" / "expenditure.csv"
    text = exp.read_text(encoding="utf-8").replace("basic_goods,商品与服务支出,", f"basic_goods,{NAME},")
    exp.write_text(text.replace("project_park,衡器产业园科技资金,", f"project_park,{FORMULA},"), encoding="utf-8")
    perf = dest / "data" / "2024" / "performance.csv"
    perf.write_text(
        perf.read_text(encoding="utf-8").replace("papers,科研创新,发表专业论文,9,篇,", f"papers,科研创新,发表专业论文,9,{UNIT},"),
        encoding="utf-8",
    )
    result = run_build(dest)
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


def test_markup_is_escaped_in_the_html(book):
    html = book / "_build" / "html"
    raw = (html / "chapters" / "2024" / "02-budget-expenditure.html").read_text(encoding="utf-8")
    assert MARKUP not in raw and "<i>x</i>" not in (html / "chapters" / "2024" / "03-performance.html").read_text(encoding="utf-8")
    assert NAME in page_text(html / "chapters" / "2024" / "02-budget-expenditure.html")  # the data table, as text
    assert f"9{UNIT}" in page_text(html / "chapters" / "2024" / "03-performance.html")  # the prose, as text


def test_csv_download_neutralises_formulas(book):
    raw = (book / "_build" / "html" / "chapters" / "2024" / "02-budget-expenditure.html").read_text(encoding="utf-8")
    links = [unquote(h) for h in re.findall(r'href="(data:text/csv[^"]+)"', raw)]
    project = next(link for link in links if "衡器产业园" in link)
    assert "\n'=1+2衡器产业园科技资金," in project.replace("\r\n", "\n")


def test_latex_specials_do_not_break_the_pdf(book):
    text = pdf_text(book / "_build" / "html" / "pdf" / "report-2024.pdf")
    assert "9篇<i>x</i>%&_#\\$" in text


@pytest.mark.browser
def test_injected_markup_shows_as_text_in_the_browser(book, browser):
    server = Server(book / "_build" / "html")
    dialogs = []
    try:
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in ("chapters/2024/02-budget-expenditure.html", "chapters/2024/03-performance.html", "index.html"):
            page.goto(f"{server.url}/{path}")
            page.wait_for_load_state("networkidle")
        page.goto(f"{server.url}/chapters/2024/02-budget-expenditure.html")
        page.wait_for_function("document.querySelectorAll('.jx-chart svg').length >= 2")
        assert MARKUP in page.evaluate("document.querySelector('.jx-chart svg').textContent")  # axis label, as text
        page.locator(".jx-data summary").first.click()
        assert NAME in page.locator(".jx-data table").first.inner_text()
        page.goto(f"{server.url}/search.html?q={quote('alert(1)')}")
        page.wait_for_function("document.body.dataset.searchState === 'done'", timeout=15000)
        assert "<script>alert(1)</script>" in page.locator(".jx-result-excerpt").first.inner_text()
        assert dialogs == []
        page.close()
    finally:
        server.close()
