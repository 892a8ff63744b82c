"""The sidebar made once and marked per page (jixiao.book.sidebar).

Equality with the theme's own sidebar on every page of a two-year site is checked
by the build in tests/test_years.py (JIXIAO_CHECK_SIDEBAR=1); here the marking
itself, and the built site's sidebars.
"""

from __future__ import annotations

import re

import pytest

from jixiao.book.sidebar import mark

UNMARKED = (
    '<p class="caption"><span>2025年度报告</span></p>\n<ul class="nav bd-sidenav">\n'
    '<li class="toctree-l1 has-children"><a class="reference internal" href="2025/index.html">2025年度</a>'
    '<details open="open"><summary>v</summary><ul>\n'
    '<li class="toctree-l2"><a class="reference internal" href="2025/01-a.html">一</a></li>\n'
    '<li class="toctree-l2"><a class="reference internal" href="2025/02-b.html">二</a></li>\n'
    "</ul>\n</details></li>\n</ul>\n"
    '<p class="caption"><span>2024年度报告</span></p>\n<ul class="nav bd-sidenav">\n'
    '<li class="toctree-l1 has-children"><a class="reference internal" href="2024/index.html">2024年度</a>'
    "<details><summary>v</summary><ul>\n"
    '<li class="toctree-l2"><a class="reference internal" href="2024/01-a.html">一</a></li>\n'
    "</ul>\n</details></li>\n</ul>\n"
)


def test_a_page_and_the_entries_above_it_are_marked():
    out = mark(UNMARKED, "2024/01-a.html")
    assert '<ul class="current nav bd-sidenav">\n<li class="toctree-l1 current active has-children">' in out
    assert '<a class="reference internal" href="2024/index.html">2024年度</a><details open="open">' in out
    assert '<ul class="current">\n<li class="toctree-l2 current active"><a class="current reference internal" href="#">一</a>' in out
    assert out.count("current") == 5  # nothing of 2025 is marked
    assert out.split("2024年度报告")[0] == UNMARKED.split("2024年度报告")[0]


def test_a_page_with_entries_below_opens_them():
    out = mark(UNMARKED, "2024/index.html")
    assert (
        '<li class="toctree-l1 current active has-children"><a class="current reference internal" href="#">2024年度</a><details open="open">'
        in out
    )
    assert '<ul class="current nav bd-sidenav">' in out
    assert '<ul class="current">' not in out  # the list below the page is not above it


def test_a_page_no_entry_links_to_is_left_unmarked():
    assert mark(UNMARKED, "glossary.html") == UNMARKED


def test_a_link_listed_twice_falls_back_to_the_theme():
    assert mark(UNMARKED + UNMARKED, "2024/01-a.html") is None


@pytest.mark.build
def test_every_built_page_marks_itself(site):
    pages = [p for p in site.rglob("*.html") if "chapters" in p.parts]
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        nav = text[text.index('aria-label="全书目录"') : text.index("</nav>", text.index('aria-label="全书目录"'))]
        current = re.findall(r'<a class="current reference internal" href="#">([^<]*(?:<[^>]+>[^<]*)*?)</a>', nav)
        title = re.search(r"<title>(.*?) — ", text) or re.search(r"<title>(.*?)</title>", text)
        assert len(current) == 1, page
        assert re.sub(r"<[^>]+>", "", current[0]) in title.group(1), (page, current, title.group(1))
        assert nav.count('aria-label="展开或收起下级目录"') == nav.count("<summary")
