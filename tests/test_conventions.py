"""Book conventions: a label on every chapter and figure, alt text on every chart,
and each page's title equal to its table-of-contents entry."""

from __future__ import annotations

import re

import pytest

from jixiao.site.execute import toc_docs
from jixiao.util import paths


def sources():
    return [paths.ROOT / f"{doc}.md" for doc in toc_docs()]


@pytest.mark.parametrize("path", sources(), ids=lambda p: paths.rel(p))
def test_every_page_has_a_label_before_its_title(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("# "))
    assert re.match(r"^\([\w-]+\)=$", lines[title - 1]), f"{paths.rel(path)}: no (label)= above the title"


@pytest.mark.parametrize("path", sources(), ids=lambda p: paths.rel(p))
def test_every_figure_is_named_and_captioned(path):
    text = path.read_text(encoding="utf-8")
    for block in re.findall(r"```\{glue:figure\}.*?```", text, re.S):
        assert re.search(r"^:name: fig-[\w-]+$", block, re.M), block
        caption = block.split("\n\n", 1)[1].strip("`\n ") if "\n\n" in block else ""
        assert caption, block


@pytest.mark.build
def test_page_titles_equal_toc_entries(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    for doc in toc_docs()[1:]:
        page = (site / f"{doc}.html").read_text(encoding="utf-8")
        h1 = re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)).replace("#", "").strip()
        title = re.search(r"<title>(.*?)</title>", page).group(1)
        assert title.startswith(h1)
        links = re.findall(rf'<a class="reference internal" href="{re.escape(doc)}.html">\s*(.*?)\s*</a>', index)
        links = [re.sub(r"<[^>]+>", "", link) for link in links]
        assert links and links[0] == h1, (doc, links, h1)


@pytest.mark.build
def test_every_chart_has_alt_text(site):
    for page in site.rglob("*.html"):
        for label in re.findall(r'class="jx-chart" role="img" aria-label="([^"]*)"', page.read_text(encoding="utf-8")):
            assert len(label) > 20 and re.search(r"\d", label)
