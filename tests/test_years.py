"""The office's yearly routine, end to end, with no code change, on a copy of the book.

On a copy holding the seed year only (synthetic years are made in a temporary folder, never in
data/): ``new-year``, fill in the values (2024 × 1.1), then the office's edits
(:mod:`jixiao.dev.synthetic`): a project dropped, a project added with a two-decimal amount
(889.10), a new 分项 民生计量 with new kinds of activity and a 1.2万余台件, a new subsection
citing them; ``finalize``; a real build with PDF (every page's sidebar also made by the theme
itself and compared: the build fails on a difference).

Both years render with their own numbers, a trends page, a PDF each and 比上年 figures; every
written form comes back exactly, the comparison tables show 新增 / 本年无 (never a crash, never
a zero row), the trend page lists the items that come and go, and the PDF says the same. Then,
on the same book (these tests come last: they change it): a changed CSV value is republished
incrementally, re-executing only that year's pages; a draft year is not published; an incomplete
final year stops the build and leaves the site as it was.
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import docx
import pytest

from conftest import Server, cached_copy, copy_book, executed, page_text, pdf_text, run_build, run_jixiao, run_python, tree_digest

pytestmark = [pytest.mark.build, pytest.mark.cost(70)]

YEAR = 2025


@pytest.fixture(scope="module")
def routine(site, tmp_path_factory) -> dict:
    root = cached_copy(tmp_path_factory.mktemp("next") / "book")
    steps = {"new-year": run_jixiao("new-year", str(YEAR), root=root)}
    assert steps["new-year"].returncode == 0, steps["new-year"].stderr
    run_python(
        root,
        f"from jixiao.dev import synthetic as s; s.fill_values({YEAR}, 2024, 1.1); s.change_items({YEAR}); "
        f"s.rewrite_for_changes({YEAR}); s.rewrite_chapters({YEAR})",
    )
    steps["validate"] = run_jixiao("validate", root=root)
    steps["finalize"] = run_jixiao("finalize", str(YEAR), root=root)
    assert steps["finalize"].returncode == 0, steps["finalize"].stdout + steps["finalize"].stderr
    steps["build"] = run_build(root, env={"JIXIAO_CHECK_SIDEBAR": "1"})
    assert steps["build"].returncode == 0, steps["build"].stdout + steps["build"].stderr
    return {"root": root, "html": root / "_build" / "html", **steps}


@pytest.fixture(scope="module")
def book(routine) -> Path:
    return routine["root"]


# ---------------------------------------------------------------- new-year and finalize


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


# ---------------------------------------------------------------- the built book


def test_no_fake_rows_and_no_code_change(routine):
    csv = (routine["root"] / "data" / str(YEAR) / "expenditure.csv").read_text(encoding="utf-8")
    assert "project_park" not in csv and "project_smart,智慧计量建设经费,889.10,万元" in csv
    assert not any(",0," in line for line in csv.splitlines())
    assert routine["validate"].returncode == 0 and "数据检查通过" in routine["validate"].stdout
    assert "分项“民生计量”是本年度新增的" in routine["validate"].stdout  # a reminder, not an error


def test_written_forms_are_reproduced_exactly(routine):
    html = routine["html"] / "chapters" / str(YEAR)
    budget = page_text(html / "02-budget-expenditure.html")
    assert "智慧计量建设经费889.10万元" in budget and "基本支出资金为1122.40万元，比上年增加102.03万元" in budget
    assert "衡器产业园科技资金68" not in budget.split("与2024年比较")[0]
    perf = page_text(html / "03-performance.html")
    for phrase in (
        "近12.3万台件",
        "免费检定血压计1.2万余台件",
        "办结计量投诉举报两件",
        "935余万元",
        "1540余家",
        "申请国家专利两项",
        "三星级",
    ):
        assert phrase in perf, phrase
    assert "（四）民生计量惠及群众" in perf and "（五）科研创新持续发力" in perf  # the new subsection is numbered


def _comparison_rows(page: Path) -> list[list[str]]:
    """The rows of every 与上年比较 table on a built page."""
    text = page.read_text(encoding="utf-8")
    rows = []
    for table in re.findall(r'<p class="jx-table-caption">与\d{4}年比较</p>(.*?)</table>', text, re.S):
        for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)])
    return rows


def test_comparison_tables_show_new_and_gone_items(routine):
    html = routine["html"] / "chapters" / str(YEAR)
    rows = {r[0]: r for r in _comparison_rows(html / "02-budget-expenditure.html")}
    assert rows["项目"] == ["项目", "2025年", "2024年", "比上年增减", "增减幅度"]
    assert rows["智慧计量建设经费"] == ["智慧计量建设经费", "889.10万元", "—", "新增", "—"]
    assert rows["衡器产业园科技资金"] == ["衡器产业园科技资金", "—", "68.47万元", "本年无", "—"]
    assert rows["基本支出"][1:4] == ["1122.40万元", "1020.37万元", "增加102.03万元"]
    assert rows["项目支出"][3] == "增加850.16万元"  # 1213.90 − 363.74, typed decimals kept
    perf = {r[0]: r for r in _comparison_rows(html / "03-performance.html")}
    assert perf["免费检定血压计"] == ["免费检定血压计", "1.2万余台件", "—", "新增", "—"]
    # Two approximations (近…) are shown, not subtracted: 0.8万台件 is in neither report.
    assert perf["完成强制检定计量器具"][1:5] == ["近12.3万台件", "近11.5万台件", "约数，不作比较", "—"]
    assert not any(cell.startswith("0万元") or cell == "0" for r in rows.values() for cell in r)


def test_trends_follow_items_that_come_and_go(routine):
    page = routine["html"] / "chapters" / "trends.html"
    text = page_text(page)
    assert "各年度增减的项目" in text
    assert "衡器产业园科技资金一般公共预算支出2024年" in re.sub(r"\s+", "", text)
    assert "智慧计量建设经费一般公共预算支出2025年" in re.sub(r"\s+", "", text)
    raw = page.read_text(encoding="utf-8")
    assert raw.count('class="jx-chart"') == 3 and "原文写法：1213.90万元</title>" in raw  # 项目支出, stacked by year


def test_pdf_has_the_new_forms_and_tables(routine):
    text = pdf_text(routine["html"] / "pdf" / f"report-{YEAR}.pdf")
    for phrase in (
        "智慧计量建设经费889.10万元",
        "1.2万余台件",
        "近12.3万台件",
        "民生计量惠及群众",
        "与2024年比较",
        "本年无",
        "新增",
        "增加102.03万元",
    ):
        assert phrase in text, phrase
    layout = subprocess.run(
        ["pdftotext", "-layout", str(routine["html"] / "pdf" / f"report-{YEAR}.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert re.search(r"增加\s?102\.03\s?万元", layout)  # a change stays on one line (the column is wide enough)
    assert re.search(r"增长\s?233\.7%", layout)


def test_both_years_render_with_their_own_numbers(book):
    html = book / "_build" / "html"
    y24 = page_text(html / "chapters" / "2024" / "02-budget-expenditure.html")
    y25 = page_text(html / "chapters" / "2025" / "02-budget-expenditure.html")
    assert "1020.37万元" in y24 and "1122.40万元" in y25 and "1020.37万元" not in y25.split("与2024年比较")[0]
    index = (html / "index.html").read_text(encoding="utf-8")
    assert index.index("chapters/2025/index.html") < index.index("chapters/2024/index.html")  # newest first
    assert "pdf/report-2025.pdf" in index and "pdf/report-2024.pdf" in index
    assert "多年对比" in page_text(html / "index.html")
    assert "1122.40万元" in pdf_text(html / "pdf" / "report-2025.pdf")
    assert "1122.40万元" not in pdf_text(html / "pdf" / "report-2024.pdf")


def test_figures_are_numbered_per_year(book):
    html = book / "_build" / "html"
    for year, figures in ((2024, 4), (2025, 5)):  # 2025's new subsection has its own chart
        numbers = re.findall(
            r'caption-number">图(\d+)',
            "".join(p.read_text(encoding="utf-8") for p in sorted((html / "chapters" / str(year)).glob("0*.html"))),
        )
        assert numbers == [str(n) for n in range(1, figures + 1)]


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
    assert "增加102.03万元" in y25 and "增长10.0%" in y25  # 1122.40 - 1020.37
    assert "与2023年比较" not in page_text(html / "chapters" / "2024" / "02-budget-expenditure.html")
    assert "比上年增减" not in page_text(html / "chapters" / "2024" / "01-basic-info.html")
    pdf = pdf_text(html / "pdf" / "report-2025.pdf")  # table cells wrap, so look for the figures
    assert "与2024年比较" in pdf and "比上年增减" in pdf and "102.03" in pdf and "10.0%" in pdf


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


# ---------------------------------------------------------------- changes to the built book (last)


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


def test_draft_year_is_not_published(book):
    assert run_jixiao("new-year", "2026", root=book).returncode == 0
    try:
        result = run_build(book)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "2026 年度为草稿，本次不发布" in result.stdout
        html = book / "_build" / "html"
        assert not (html / "chapters" / "2026").exists()
        assert not list(html.rglob("*2026*"))  # no page, PDF or Word document
        assert "2026" not in (book / "_toc.yml").read_text(encoding="utf-8")
        assert "2026年度" not in page_text(html / "index.html")
    finally:
        shutil.rmtree(book / "data" / "2026")
        shutil.rmtree(book / "chapters" / "2026")


def test_incomplete_final_year_stops_the_build(book):
    csv = book / "data" / "2025" / "staffing.csv"
    original = csv.read_text(encoding="utf-8")
    published = (book / "_build" / "html").resolve()
    before = tree_digest(published)
    csv.write_text(original.replace("temporary,临聘人员,6,", "temporary,临聘人员,,"), encoding="utf-8")
    try:
        result = run_build(book)
    finally:
        csv.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "data/2025/staffing.csv，第 5 行，“数值”列：缺少必填值（临聘人员）" in result.stderr
    assert (book / "_build" / "html").resolve() == published and tree_digest(published) == before


def test_a_year_back_to_draft_leaves_the_site(book):
    """A published year set back to draft (to re-import it) is gone from the next site: its
    pages, PDF and Word document, and the search index. Sphinx kept the old pages' HTML."""
    yml = book / "chapters" / str(YEAR) / "report.yml"
    original = yml.read_text(encoding="utf-8")
    yml.write_text(original.replace("status: final", "status: draft"), encoding="utf-8")
    try:
        result = run_build(book)
        assert result.returncode == 0, result.stdout + result.stderr
        html = (book / "_build" / "html").resolve()
        assert not list(html.rglob(f"*{YEAR}*"))  # no page, source, PDF or Word document
        fragments = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in (html / "pagefind" / "fragment").iterdir()]
        assert not any(f"chapters/{YEAR}/" in f for f in fragments)
    finally:
        yml.write_text(original, encoding="utf-8")
    assert run_build(book).returncode == 0  # published again, for any test after this one
