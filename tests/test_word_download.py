"""Each year's Word document on the site, offered next to its PDF."""

from __future__ import annotations

import re
import stat
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest

from jixiao.book.downloads import saved_name, site_path
from jixiao.report.data import load_year
from jixiao.report.years import published_years

pytestmark = pytest.mark.build


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs))


def links(page: Path) -> list[dict]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


def _body_text(path: Path) -> str:
    d = docx.Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


@pytest.mark.parametrize("year", published_years())
def test_every_year_has_its_word_document(site, year):
    path = site / site_path(year, "word")
    assert path.is_file(), f"{site_path(year, 'word')} is missing"
    assert path.stat().st_mode & stat.S_IROTH, "the web server must be able to read it"
    text = _body_text(path)
    assert f"{year}年度" in text
    data = load_year(year)
    basic = data.tables["expenditure"]
    top = basic[basic["parent"] == ""].iloc[0]
    assert f"{top['typed']}{top['unit']}" in text, "the document's numbers come from the year's data"
    d = docx.Document(str(path))
    assert len(d.inline_shapes) >= 1, "the figures are in the document"


def test_pages_link_to_both_downloads(site):
    for year in published_years():
        wanted = {site_path(year, k) for k in ("pdf", "word")}
        # The landing page's table of years.
        found = {a["href"] for a in links(site / "index.html") if a.get("href") in wanted}
        assert found == wanted
        # Every page of the year, with the name the file is saved under.
        for page in sorted((site / "chapters" / str(year)).glob("*.html")):
            for kind in ("pdf", "word"):
                link = [a for a in links(page) if a.get("href", "").endswith(site_path(year, kind))]
                assert link, f"{page.name} has no {kind} link"
                assert link[0].get("download") == saved_name(year, kind)
                assert (page.parent / link[0]["href"]).resolve() == (site / site_path(year, kind)).resolve()


def test_word_document_is_served(site, server):
    year = published_years()[0]
    with urllib.request.urlopen(f"{server.url}/{site_path(year, 'word')}") as response:
        body = response.read()
        assert response.status == 200
    assert body == (site / site_path(year, "word")).read_bytes()
    assert re.match(rb"PK\x03\x04", body)
