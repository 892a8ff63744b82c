"""The yearly routine on a copy of the book with a synthetic second year.

Synthetic years are generated in a temporary folder (never in data/): scaffold,
fill in, finalize, build; both years render with their own numbers, a trends
page, a PDF each and 比上年 figures; drafts are not published; a changed CSV
value is republished incrementally, re-executing only that year's pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote

import docx
import pytest

from conftest import Server, cached_copy, copy_book, executed, page_text, pdf_text, run_build, run_jixiao, run_python, tree_digest

pytestmark = [pytest.mark.build, pytest.mark.cost(54)]


@pytest.fixture(scope="module")
def book(site, tmp_path_factory) -> Path:
    """The book with a synthetic 2025 (2024 × 1.1), fully built; every page's sidebar is
    also made by the theme itself and compared (the build fails on a difference)."""
    dest = cached_copy(tmp_path_factory.mktemp("years") / "book")
    run_python(dest, "from jixiao.dev import synthetic; synthetic.add_year(2025, 1.1)")
    result = run_build(dest, env={"JIXIAO_CHECK_SIDEBAR": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


def test_scaffold_copies_tables_and_chapters(tmp_path):
    root = copy_book(tmp_path / "book")
    result = run_jixiao("new-year", "2025", root=root)
    assert result.returncode == 0, result.stderr
    for name in ("staffing.csv", "expenditure.csv", "performance.csv"):
        old = (root / "data" / "2024" / name).read_text(encoding="utf-8").splitlines()
        new = (root / "data" / "2025" / name).read_text(encoding="utf-8").splitlines()
        assert new[0] == old[0] and len(new) == len(old)
        assert [line.split(",")[0] for line in new] == [line.split(",")[0] for line in old]  # same row keys
        header = new[0].split(",")
        value_col = header.index("数值") if "数值" in header else header.index("金额")
        assert all(line.split(",")[value_col] == "" for line in new[1:])
    chapter = (root / "chapters" / "2025" / "02-budget-expenditure.md").read_text(encoding="utf-8")
    assert "glue_numbers(2025)" in chapter and "(ch-2025-budget-expenditure)=" in chapter
    assert "{glue:text}`expenditure.basic`" in chapter and "待改写" in chapter
    assert "status: draft" in (root / "chapters" / "2025" / "report.yml").read_text(encoding="utf-8")


def test_scaffold_refuses_an_existing_year(tmp_path):
    root = copy_book(tmp_path / "book")
    before = tree_digest(root)
    result = run_jixiao("new-year", "2024", root=root)
    assert result.returncode == 1 and "已存在" in result.stderr and "Traceback" not in result.stderr
    assert tree_digest(root) == before


def test_finalize_lists_exactly_what_is_missing(tmp_path):
    root = copy_book(tmp_path / "book")
    assert run_jixiao("new-year", "2025", root=root).returncode == 0
    result = run_jixiao("finalize", "2025", root=root)
    assert result.returncode == 1
    missing = [line for line in result.stderr.splitlines() if "缺少必填值" in line]
    assert len(missing) == 5 + 9 + 41  # every value of the three tables
    assert "data/2025/staffing.csv，第 2 行，“数值”列：缺少必填值（事业编制）" in result.stderr
    assert result.stderr.count("待改写") == 6
    assert "status: draft" in (root / "chapters" / "2025" / "report.yml").read_text(encoding="utf-8")


def test_both_years_render_with_their_own_numbers(book):
    html = book / "_build" / "html"
    y24 = page_text(html / "chapters" / "2024" / "02-budget-expenditure.html")
    y25 = page_text(html / "chapters" / "2025" / "02-budget-expenditure.html")
    assert "1020.37万元" in y24 and "1122.4万元" in y25 and "1020.37万元" not in y25.split("与2024年比较")[0]
    index = (html / "index.html").read_text(encoding="utf-8")
    assert index.index("chapters/2025/index.html") < index.index("chapters/2024/index.html")  # newest first
    assert "pdf/report-2025.pdf" in index and "pdf/report-2024.pdf" in index
    assert "多年对比" in page_text(html / "index.html")
    assert "1122.4万元" in pdf_text(html / "pdf" / "report-2025.pdf")
    assert "1122.4万元" not in pdf_text(html / "pdf" / "report-2024.pdf")


def test_figures_are_numbered_per_year(book):
    html = book / "_build" / "html"
    for year in (2024, 2025):
        numbers = re.findall(
            r'caption-number">图(\d+)',
            "".join(p.read_text(encoding="utf-8") for p in sorted((html / "chapters" / str(year)).glob("0*.html"))),
        )
        assert numbers == ["1", "2", "3", "4"]


def test_trends_page(book):
    page = book / "_build" / "html" / "chapters" / "trends.html"
    text = page.read_text(encoding="utf-8")
    assert text.count('class="jx-chart"') == 3
    assert "2024年至2025年" in page_text(page)
    assert "<td>2024年</td>" in text and "<td>2025年</td>" in text  # the charts' data tables


def test_change_from_previous_year(book):
    html = book / "_build" / "html"
    y25 = page_text(html / "chapters" / "2025" / "02-budget-expenditure.html")
    assert "与2024年比较" in y25
    assert "增加102.03万元" in y25 and "增长10.0%" in y25  # 1122.4 - 1020.37
    assert "与2023年比较" not in page_text(html / "chapters" / "2024" / "02-budget-expenditure.html")
    assert "比上年增减" not in page_text(html / "chapters" / "2024" / "01-basic-info.html")
    pdf = pdf_text(html / "pdf" / "report-2025.pdf")  # table cells wrap, so look for the figures
    assert "与2024年比较" in pdf and "比上年增减" in pdf and "102.03" in pdf and "10.0%" in pdf


def test_draft_year_is_not_published(book):
    assert run_jixiao("new-year", "2026", root=book).returncode == 0
    try:
        result = run_build(book, "--no-pdf")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "2026 年度为草稿，本次不发布" in result.stdout
        html = book / "_build" / "preview"
        assert not (html / "chapters" / "2026").exists()
        assert "2026" not in (book / "_toc.yml").read_text(encoding="utf-8")
        assert "2026年度" not in page_text(html / "index.html")
    finally:
        shutil.rmtree(book / "data" / "2026")
        shutil.rmtree(book / "chapters" / "2026")


def test_incomplete_final_year_stops_the_build(book):
    csv = book / "data" / "2025" / "staffing.csv"
    original = csv.read_text(encoding="utf-8")
    published = (book / "_build" / "preview").resolve()
    csv.write_text(original.replace("temporary,临聘人员,6,", "temporary,临聘人员,,"), encoding="utf-8")
    try:
        result = run_build(book, "--no-pdf", "--no-search")
    finally:
        csv.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "data/2025/staffing.csv，第 5 行，“数值”列：缺少必填值（临聘人员）" in result.stderr
    assert (book / "_build" / "preview").resolve() == published


def docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    return "\n".join([p.text for p in d.paragraphs] + [c.text for t in d.tables for row in t.rows for c in row.cells])


def test_incremental_rebuild_republishes_a_changed_value(book):
    result = run_build(book)
    assert result.returncode == 0 and executed(result.stdout) == []  # no-op: nothing re-executed
    csv = book / "data" / "2025" / "expenditure.csv"
    text = csv.read_text(encoding="utf-8")
    assert "basic_salary,工资福利支出,916.11," in text
    csv.write_text(text.replace("916.11", "917.11").replace("1122.4", "1123.4"), encoding="utf-8")
    result = run_build(book)
    assert result.returncode == 0, result.stdout + result.stderr
    ran = executed(result.stdout)
    assert ran and all(r.startswith(("chapters/2025/", "notebooks/", "chapters/trends")) for r in ran), ran
    assert not any(r.startswith("chapters/2024/") for r in ran)
    html = book / "_build" / "html"
    assert "917.11万元" in page_text(html / "chapters" / "2025" / "02-budget-expenditure.html")
    assert "917.11万元" in pdf_text(html / "pdf" / "report-2025.pdf")
    stale = [p.name for p in html.rglob("*.html") if "916.11" in p.read_text(encoding="utf-8")]
    assert stale == [] and "916.11" not in pdf_text(html / "pdf" / "report-2025.pdf")
    # Word: only the changed year's document is exported again (jixiao.site.word)
    assert "word/report-2024.docx（来源未变，沿用上次生成的文档）" in result.stdout
    assert "已生成 word/report-2025.docx\n" in result.stdout
    word = docx_text(html / "word" / "report-2025.docx")
    assert "917.11万元" in word and "916.11" not in word


@pytest.mark.browser
def test_search_filters_by_year(book, browser):
    server = Server(book / "_build" / "html")
    try:
        page = browser.new_page()
        page.goto(f"{server.url}/search.html?q={quote('衡器产业园')}")
        page.wait_for_function("document.body.dataset.searchState === 'done'", timeout=15000)
        years = page.locator(".jx-result-year").all_inner_texts()
        assert set(years) == {"2024年", "2025年"}
        assert page.locator("#jx-search-years input").count() == 3  # 全部年度, 2025年, 2024年
        page.locator("#jx-search-years input[value='2024年']").check()
        page.wait_for_function("document.body.dataset.searchState === 'done' && location.search.includes('year')", timeout=15000)
        page.wait_for_timeout(300)
        assert set(page.locator(".jx-result-year").all_inner_texts()) == {"2024年"}
        page.goto(f"{server.url}/search.html?q={quote('衡器产业园')}&year={quote('2025年')}")
        page.wait_for_function("document.body.dataset.searchState === 'done'", timeout=15000)
        assert set(page.locator(".jx-result-year").all_inner_texts()) == {"2025年"}
        page.close()
    finally:
        server.close()


@pytest.mark.browser
def test_past_years_one_click_away(book, browser):
    """Each chapter links to the same chapter of the other year; the landing page tables both years."""
    html = book / "_build" / "html"
    server = Server(html)
    try:
        page = browser.new_page()
        page.goto(f"{server.url}/chapters/2025/02-budget-expenditure.html")
        years = page.locator("nav.jx-years")
        assert years.inner_text().replace(" ", "") == "各年度：2024|2025"
        assert years.locator("[aria-current=page]").inner_text() == "2025"
        years.locator("a", has_text="2024").click()
        page.wait_for_url("**/chapters/2024/02-budget-expenditure.html")
        assert "1020.37万元" in page.locator("article").inner_text()
        assert page.locator("nav.jx-years a", has_text="2025").get_attribute("href") == "../2025/02-budget-expenditure.html"
        page.goto(f"{server.url}/index.html")
        rows = page.locator("table.jx-reports tbody tr").all_inner_texts()
        assert [r.split()[0] for r in rows] == ["2025年度", "2024年度"]
        assert "1020.37万元" in rows[1] and "1020.37万元" not in rows[0] and "万元" in rows[0]  # each year its own
        page.close()
    finally:
        server.close()
    assert "jx-years" not in (html / "chapters" / "trends.html").read_text(encoding="utf-8")
