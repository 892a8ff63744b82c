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

#: (label, table, key) of the key figures shown for each year.
KEY_FIGURES = (
    ("基本支出", "expenditure", "basic"),
    ("项目支出", "expenditure", "project"),
    ("总人数", "staffing", "total"),
    ("强制检定计量器具", "performance", "verified_instruments"),
    ("服务单位企业", "performance", "enterprises_served"),
)


def key_figures(year: int) -> list[tuple[str, str]]:
    data = load_year(year)
    out = []
    for label, table, key in KEY_FIGURES:
        row = data.row(table, key)
        out.append((label, style.written(row)))
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
        header = ["年度报告", *[label for label, _, _ in KEY_FIGURES], *(["PDF"] if pdf else [])]
        lines += ["* - " + header[0], *[f"  - {h}" for h in header[1:]]]
        for year in years:
            lines.append(f"* - {{doc}}`{year}年度 </chapters/{year}/index>`")
            lines += [f"  - {md_escape(value)}" for _, value in key_figures(year)]
            if pdf:
                lines.append(f'  - <a class="jx-pdf" href="pdf/{pdf_name(year)}">下载 PDF</a>')
        lines += [":::", ""]
        if len(years) >= 2:
            lines += ["各年度主要数字的变化见{doc}`多年对比 </chapters/trends>`。", ""]
        container = nodes.container(classes=["jx-report-list"])
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]), self.content_offset, container)
        return [container]
