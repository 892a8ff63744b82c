"""The ``jixiao-reports`` directive: the landing page's list of annual reports.

It lists every published year, newest first, with its key figures read from
the CSV files (which become Sphinx dependencies of the page).
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from jixiao import style
from jixiao.data import input_files, load_year
from jixiao.latex import pdf_name
from jixiao.tables import md_escape
from jixiao.years import published_years

#: Tables whose stated totals are the key figures of a year (the rows are the data's).
KEY_TABLES = ("expenditure", "staffing")


def key_figures(year: int) -> list[tuple[str, str]]:
    """The stated totals (rows that have parts) of :data:`KEY_TABLES`, as (name, written value)."""
    data = load_year(year)
    out = []
    for table in KEY_TABLES:
        frame = data.table(table)
        having_parts = set(frame["parent"])
        for row in frame.to_dict("records"):
            if not row["parent"] and row["key"] in having_parts:
                out.append((row["name"], style.written(row)))
    return out


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
            lines += [f"最新一期为{latest}年度报告，主要数字如下：", ""]
        lines += [":::{list-table}", ":header-rows: 1", ":class: jx-reports", ""]
        pdf = self.config.jixiao_pdf
        figures = {year: dict(key_figures(year)) for year in years}
        labels = list(dict.fromkeys(label for year in years for label in figures[year]))  # items may come and go
        header = ["年度报告", *labels, *(["PDF"] if pdf else [])]
        lines += ["* - " + md_escape(header[0]), *[f"  - {md_escape(h)}" for h in header[1:]]]
        for year in years:
            lines.append(f"* - {{doc}}`{year}年度 </chapters/{year}/index>`")
            lines += [f"  - {md_escape(figures[year].get(label, '—'))}" for label in labels]
            if pdf:
                lines.append(f'  - <a class="jx-pdf" href="pdf/{pdf_name(year)}">下载 PDF</a>')
        lines += [":::", ""]
        if len(years) >= 2:
            lines += ["各年度主要数字的变化见{doc}`多年对比 </chapters/trends>`。", ""]
        container = nodes.container(classes=["jx-report-list"])
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]), self.content_offset, container)
        return [container]
