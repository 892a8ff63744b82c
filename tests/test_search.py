"""Chinese full-text search on the built site, in headless Chromium.

Every present phrase's first result is a page that contains it; every absent
phrase returns nothing. The search works offline, from the site itself.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from conftest import SEED, page_text
from search_queries import ABSENT, PRESENT

pytestmark = [pytest.mark.build, pytest.mark.browser, pytest.mark.cost(10)]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def test_query_set_is_drawn_from_the_report():
    seed = squash(SEED.read_text(encoding="utf-8"))
    assert len(PRESENT) + len(ABSENT) >= 60 and len(ABSENT) >= 10
    assert [q for q in PRESENT if squash(q) not in seed] == []
    assert [q for q in ABSENT if squash(q) in seed] == []


@pytest.fixture(scope="module")
def search_page(server, browser):
    page = browser.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server.url) else None)
    yield page, outside
    page.close()


def search(page, url: str, query: str):
    """The results for ``query``: the first search of a page comes from the address
    (search.html?q=…), the next ones are typed into the search box, as a reader does."""
    if not page.url.startswith(f"{url}/search.html"):
        page.goto(f"{url}/search.html?q={quote(query)}")
    else:
        page.evaluate(
            """(q) => {
                document.querySelector('#jx-search-input').value = q;
                document.querySelector('#jx-search-form').requestSubmit();  // state: searching, then done
            }""",
            query,
        )
    page.wait_for_function("document.body.dataset.searchState === 'done'", timeout=15000)
    assert page.locator("#jx-search-input").input_value() == query
    return page.locator(".jx-result")


def test_every_present_phrase_is_found_first(site, server, search_page):
    page, outside = search_page
    misses = []
    for query in PRESENT:
        results = search(page, server.url, query)
        if results.count() == 0:
            misses.append((query, "no result"))
            continue
        href = results.first.locator("a.jx-result-title").get_attribute("href")
        target = site / href.split("#")[0].lstrip("/")
        target = target / "index.html" if target.is_dir() else target  # Pagefind links folders
        if squash(query) not in squash(page_text(target)):
            misses.append((query, href))
        excerpt = results.first.locator(".jx-result-excerpt mark").first.inner_text()
        if squash(excerpt) != squash(query) and " " not in query:
            misses.append((query, f"highlight {excerpt!r}"))
    assert misses == []
    assert outside == []


def test_absent_phrases_find_nothing(server, search_page):
    page, _ = search_page
    found = [q for q in ABSENT if search(page, server.url, q).count() > 0]
    assert found == []


@pytest.mark.parametrize("query", ["检定", "廉政", "计量器具", "党纪 廉政", "计量 校准"])
def test_every_chapter_with_the_words_is_found(site, server, search_page, query):
    """Recall, not only the first result: Pagefind alone found 检定 in the glossary only and 廉政
    nowhere (a part of a word it had segmented as one)."""
    page, _ = search_page
    words = [squash(w) for w in query.split()]
    chapters = sorted((site / "chapters").glob("*/*.html"))  # the years' pages (多年对比 repeats them, and is not indexed)
    expected = {p.relative_to(site).as_posix() for p in chapters if all(w in squash(page_text(p)) for w in words)}
    assert expected, query  # the query is in the report
    results = search(page, server.url, query)
    found = {results.nth(i).locator("a.jx-result-title").get_attribute("href").split("#")[0].lstrip("/") for i in range(results.count())}
    assert expected <= found, (query, expected - found)


def test_result_shows_title_year_and_links_to_the_section(server, search_page):
    page, _ = search_page
    results = search(page, server.url, "婴儿培养箱校准装置")
    first = results.first
    year = first.locator(".jx-result-year").inner_text()  # any year's report may have the phrase
    assert re.fullmatch(r"\d{4}年", year)
    assert "机构建设" not in first.locator("a.jx-result-title").inner_text()  # page title, not the heading
    href = first.locator("a.jx-result-title").get_attribute("href")
    assert href.endswith(f"{year[:4]}/03-performance.html#sec-{year[:4]}-organization")
    first.locator("a.jx-result-title").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"#sec-{year[:4]}-organization")


def test_search_box_leads_to_search_page(server, search_page):
    page, _ = search_page
    page.goto(f"{server.url}/index.html")
    page.locator("button.search-button__button, .search-button-field").first.click()
    box = page.locator("form.bd-search input[name=q]").first
    box.fill("衡器产业园")
    box.press("Enter")
    page.wait_for_function("document.body.dataset.searchState === 'done'", timeout=15000)
    assert "search.html" in page.url
    assert page.locator(".jx-result").count() >= 1


def test_sphinx_search_is_gone(site):
    assert not (site / "searchindex.js").exists()
    assert "searchindex.js" not in (site / "index.html").read_text(encoding="utf-8")
