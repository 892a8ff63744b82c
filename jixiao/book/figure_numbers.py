"""Figure numbers restart in each year's report: 图1, 图2, … as in its PDF.

Sphinx numbers figures across the whole book in table-of-contents order, so a
second year would start at 图5. After Sphinx assigns its numbers
(``env-get-updated``), each year's pages are renumbered from 1, in the order of
that year's chapters.
"""

from __future__ import annotations

from jixiao.book.toc import year_chapters
from jixiao.report.years import published_years


def renumber(app, env) -> list[str]:
    changed: list[str] = []
    for year in published_years():
        count = 0
        for doc in [f"chapters/{year}/index", *year_chapters(year)]:
            figures = env.toc_fignumbers.get(doc, {}).get("figure")
            if not figures:
                continue
            for figure_id, _ in sorted(figures.items(), key=lambda item: item[1]):
                count += 1
                if figures[figure_id] != (count,):
                    figures[figure_id] = (count,)
                    changed.append(doc)
    return sorted(set(changed))
