"""Past years one click away.

* The ``jixiao-reports`` directive: the landing page's table of every published
  year, newest first, with its key figures (:mod:`jixiao.book.keyfigures`) read from
  the CSV files, which become Sphinx dependencies of the page.
* :func:`year_links`: the line at the top of each chapter linking to the same
  chapter in the other published years.
"""

from __future__ import annotations

import html

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from jixiao.book.downloads import KINDS, link, site_path
from jixiao.book.keyfigures import key_figures
from jixiao.book.tables import md_escape
from jixiao.report.years import input_files, published_years
from jixiao.util import paths

MISSING = "—"


def key_figure_table(years: list[int]) -> tuple[list[str], list[list[str]]]:
    """Column labels and one row of values per year; a figure a year lacks is shown as —."""
    figures = {year: key_figures(year) for year in years}
    columns: dict[tuple[str, str], str] = {}
    for year in years:  # newest first: its names label the columns
        for ident, (name, _) in figures[year].items():
            columns.setdefault(ident, name)
    rows = [[figures[y].get(ident, ("", MISSING))[1] for ident in columns] for y in years]
    return list(columns.values()), rows


def year_links(pagename: str, pathto) -> str:
    """HTML linking a chapter page to the same chapter in the other published years ('' if none)."""
    _, year, name = pagename.split("/", 2)
    years = sorted(y for y in published_years() if (paths.CHAPTERS / str(y) / f"{name}.md").is_file())
    if len(years) < 2:
        return ""
    items = []
    for y in years:
        if str(y) == year:
            items.append(f'<span class="jx-year-current" aria-current="page">{y}</span>')
        else:
            href = html.escape(pathto(f"chapters/{y}/{name}"), quote=True)
            items.append(f'<a href="{href}" title="{y}年度报告的同一部分">{y}</a>')
    return f'<nav class="jx-years" aria-label="本部分的各年度版本">各年度：{" | ".join(items)}</nav>'


def download_links(year: int, pathto) -> str:
    """The year's PDF and Word document, above each of its pages."""
    links = [link(year, kind, pathto(site_path(year, kind), 1)) for kind in KINDS]
    return f'<p class="jx-pdf-link">下载 {year} 年度报告：{" | ".join(links)}</p>'


class ReportsDirective(SphinxDirective):
    has_content = False
    # Values from the CSV files are Markdown-escaped before MyST parses the table.

    def run(self):
        years = published_years()
        lines: list[str] = []
        for year in years:
            for f in input_files(year):
                self.env.note_dependency(str(f))
        if years:
            latest = years[0]
            lines += [f"各年度报告及其主要数字如下，最新一期为{latest}年度报告：", ""]
        lines += [":::{list-table}", ":header-rows: 1", ":class: jx-reports", ""]
        pdf = self.config.jixiao_pdf
        labels, rows = key_figure_table(years)
        header = ["年度报告", *labels, *(["下载"] if pdf else [])]
        lines += ["* - " + md_escape(header[0]), *[f"  - {md_escape(h)}" for h in header[1:]]]
        for year, values in zip(years, rows):
            lines.append(f"* - {{doc}}`{year}年度 </chapters/{year}/index>`")
            lines += [f"  - {md_escape(value)}" for value in values]
            if pdf:
                lines.append("  - " + " ".join(link(year, kind, site_path(year, kind), "jx-pdf") for kind in KINDS))
        lines += [":::", ""]
        if len(years) >= 2:
            lines += ["各年度主要数字的变化见{doc}`多年对比 </chapters/trends>`。", ""]
        container = nodes.container(classes=["jx-report-list"])
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]), self.content_offset, container)
        return [container]
