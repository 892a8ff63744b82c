"""A next year that changes: the office's yearly routine, end to end, with no code change.

On a copy of the book holding the seed year only: ``new-year``, fill in the
values (2024 × 1.1), then the office's edits (:mod:`jixiao.dev.synthetic`): a
project dropped, a project added with a two-decimal amount (889.10), a new 分项
民生计量 with new kinds of activity and a 1.2万余台件, a new subsection citing
them; ``finalize``; a real build with PDF. Every written form comes back exactly,
the comparison tables show 新增 / 本年无 (never a crash, never a zero row), the
trend page lists the items that come and go, and the PDF says the same.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import cached_copy, page_text, pdf_text, run_build, run_jixiao, run_python

pytestmark = [pytest.mark.build, pytest.mark.cost(27)]

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
    steps["build"] = run_build(root)
    assert steps["build"].returncode == 0, steps["build"].stdout + steps["build"].stderr
    return {"root": root, "html": root / "_build" / "html", **steps}


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
    assert perf["完成强制检定计量器具"][1:4] == ["近12.3万台件", "近11.5万台件", "增加0.8万台件"]
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
