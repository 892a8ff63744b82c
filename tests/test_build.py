"""Real builds: warnings and notebook errors fail, a changed CSV value is republished.

The tests that change sources work on a copy of the book in a temporary folder
(never on data/), seeded with the real build's notebook cache.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import cached_copy, executed, page_text, run_build, tree_digest

pytestmark = [pytest.mark.build, pytest.mark.cost(28)]


@pytest.fixture(scope="module")
def book(site, tmp_path_factory) -> Path:
    """A copy of the book, built once (HTML only), with the real build's cache."""
    dest = cached_copy(tmp_path_factory.mktemp("book") / "book")
    result = run_build(dest, "--no-pdf", "--no-search")
    assert result.returncode == 0, result.stdout + result.stderr
    # The seed year's pages have the same inputs as in the real build: they come from its cache
    # (pages over all years, such as the appendix, differ when data/ holds other years).
    assert [doc for doc in executed(result.stdout) if doc.startswith("chapters/2024/")] == []
    return dest


def test_site_has_all_sections_and_charts(site):
    pages = sorted((site / "chapters" / "2024").glob("0*.html"))
    assert len(pages) == 6
    titles = [re.search(r"<h1>(.*?)<", p.read_text(encoding="utf-8")).group(1) for p in pages]
    assert [t[:2] for t in titles] == ["一、", "二、", "三、", "四、", "五、", "六、"]
    charts = sum(p.read_text(encoding="utf-8").count('class="jx-chart"') for p in pages)
    assert charts >= 4
    assert (site / "glossary.html").is_file() and (site / "notebooks" / "methods.html").is_file()


def test_no_op_rebuild_executes_nothing(book):
    result = run_build(book, "--no-pdf", "--no-search")
    assert result.returncode == 0, result.stdout + result.stderr
    assert executed(result.stdout) == []


def test_changed_csv_value_is_republished(book):
    csv = book / "data" / "2024" / "expenditure.csv"
    original = csv.read_text(encoding="utf-8")
    csv.write_text(original.replace("832.83", "832.53").replace("1020.37", "1020.07"), encoding="utf-8")
    leftover = book / "_build" / ".chart-font" / "0123456789abcdef.4242.partial"  # a killed build's half-made font copy
    leftover.mkdir(parents=True)
    (leftover / "face0.otf").write_bytes(b"half")
    try:
        result = run_build(book, "--no-pdf", "--no-search")
        assert result.returncode == 0, result.stdout + result.stderr
        assert not leftover.exists()
        ran = executed(result.stdout)
        assert ran and all(name.startswith("chapters/2024/") or name.startswith("notebooks/") for name in ran)
        page = (book / "_build" / "preview" / "chapters" / "2024" / "02-budget-expenditure.html").read_text(encoding="utf-8")
        assert "工资福利支出</a>832.53万元" in page or "832.53万元" in page_text(
            book / "_build" / "preview" / "chapters" / "2024" / "02-budget-expenditure.html"
        )
        assert "1020.07万元" in page
        assert "原文写法：832.53万元" in page  # the chart's hover text
        html = book / "_build" / "preview"
        stale = [p for p in html.rglob("*.html") if "832.83" in p.read_text(encoding="utf-8") or "1020.37" in p.read_text(encoding="utf-8")]
        assert stale == []
    finally:
        csv.write_text(original, encoding="utf-8")


def test_csv_copied_back_with_its_old_date_is_republished(book):
    """A clerk restores yesterday's file from a backup: it keeps its older modification date,
    and the pages must still show its numbers, not those of the file it replaced."""
    csv = book / "data" / "2024" / "staffing.csv"
    original = csv.read_bytes()
    dated = csv.stat()
    page = book / "_build" / "preview" / "chapters" / "2024" / "01-basic-info.html"
    try:
        csv.write_bytes(original.replace("事业编制,59".encode(), "事业编制,57".encode()))
        result = run_build(book, "--no-pdf", "--no-search")
        assert result.returncode == 0, result.stdout + result.stderr
        assert "事业编制57个" in page_text(page)
    finally:
        csv.write_bytes(original)
        os.utime(csv, ns=(dated.st_atime_ns, dated.st_mtime_ns))
    result = run_build(book, "--no-pdf", "--no-search")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "事业编制59个" in page_text(page)
    stale = [p.name for p in (book / "_build" / "preview").rglob("*.html") if "事业编制57个" in page_text(p)]
    assert stale == []


def _fails_and_keeps_site(book: Path, path: Path, new_text: str, stage: str) -> str:
    published = (book / "_build" / "preview").resolve()
    before = tree_digest(published)
    original = path.read_text(encoding="utf-8")
    path.write_text(new_text, encoding="utf-8")
    try:
        result = run_build(book, "--no-pdf", "--no-search")
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr.split("完整日志")[0].splitlines()[0]
    assert f"失败的步骤：{stage}" in result.stderr
    assert "预览网站（_build/preview）保持不变" in result.stderr
    assert (book / "_build" / "preview").resolve() == published and tree_digest(published) == before
    return result.stderr


def test_notebook_error_fails_the_build(book):
    """A failure only the kernel meets (validate runs the same code beforehand, see the
    next test) is reported in Chinese naming the file, without traceback or colour codes."""
    chapter = book / "chapters" / "2024" / "01-basic-info.md"
    call = 'glue_charts(2024, staffing="staffing.total")'
    text = chapter.read_text(encoding="utf-8").replace(call, call + '\nif __name__ == "__main__":\n    raise RuntimeError("boom")')
    stderr = _fails_and_keeps_site(book, chapter, text, "执行笔记本")
    assert "文件 chapters/2024/01-basic-info.md 中的代码执行出错：boom" in stderr
    assert "请修改 chapters/2024/01-basic-info.md" in stderr
    assert "Traceback" not in stderr and "\x1b[" not in stderr and "----> " not in stderr
    log = stderr.split("完整的出错信息见日志：")[1].split()[0]
    assert "Traceback" in (book / log).read_text(encoding="utf-8") or "RuntimeError" in (book / log).read_text(encoding="utf-8")


def test_chapter_code_errors_are_caught_by_validate(book):
    """What would fail in a notebook (a dropped row still charted) stops at 校验数据, naming the chapter."""
    csv = book / "data" / "2024" / "expenditure.csv"
    text = csv.read_text(encoding="utf-8")
    dropped = "\n".join(line for line in text.splitlines() if not line.startswith("basic")) + "\n"  # 基本支出 and its parts
    stderr = _fails_and_keeps_site(book, csv, dropped, "校验数据")
    assert "chapters/2024/02-budget-expenditure.md" in stderr and "expenditure.basic" in stderr


def test_warning_fails_the_build(book):
    chapter = book / "chapters" / "2024" / "06-other.md"
    text = chapter.read_text(encoding="utf-8") + "\n见{doc}`no-such-page`。\n"  # a warning only Sphinx finds
    stderr = _fails_and_keeps_site(book, chapter, text, "生成网页")
    assert "no-such-page" in stderr


def test_bad_data_stops_before_building(book):
    csv = book / "data" / "2024" / "staffing.csv"
    stderr = _fails_and_keeps_site(book, csv, csv.read_text(encoding="utf-8").replace(",92,", ",93,"), "校验数据")
    assert "staffing.csv" in stderr and "第 3 行" in stderr


def test_latex_error_fails_the_build_with_the_error_shown(book):
    chapter = book / "chapters" / "2024" / "06-other.md"
    text = chapter.read_text(encoding="utf-8") + "\n```{raw} latex\n\\undefinedjixiaomacro\n```\n"
    published = (book / "_build" / "preview").resolve()
    original = chapter.read_text(encoding="utf-8")
    chapter.write_text(text, encoding="utf-8")
    try:
        result = run_build(book, "--no-search")
    finally:
        chapter.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "失败的步骤：生成 PDF（2024 年度）" in result.stderr
    assert "Undefined control sequence" in result.stderr and "undefinedjixiaomacro" in result.stderr
    assert (book / "_build" / "preview").resolve() == published
