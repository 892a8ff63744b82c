"""Chinese numbering of report chapters, generated from the book's structure.

A chapter ``chapters/<year>/NN-slug.md`` is section NN of that year's report:
its title becomes ``一、…``, its second-level headings ``（一）…`` in order, and
its numbered lists use ``1、``. So the original's stray "（6）" can't recur.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms import SphinxTransform

from jixiao.book.style import chinese_numeral

CHAPTER_DOC = re.compile(r"^chapters/\d{4}/(\d{2})-[^/]+$")


def chapter_order(docname: str) -> int | None:
    match = CHAPTER_DOC.match(docname)
    return int(match.group(1)) if match else None


class ChineseNumbering(SphinxTransform):
    default_priority = 100

    def apply(self, **kwargs) -> None:
        order = chapter_order(self.env.docname)
        if order is None:
            return
        top = next(iter(self.document.findall(nodes.section)), None)
        if top is None:
            return
        top[0].insert(0, nodes.Text(f"{chinese_numeral(order, counting=False)}、"))
        subs = [child for child in top.children if isinstance(child, nodes.section)]
        for i, sub in enumerate(subs, start=1):
            sub[0].insert(0, nodes.Text(f"（{chinese_numeral(i, counting=False)}）"))
        for enum in self.document.findall(nodes.enumerated_list):
            enum["enumtype"] = "arabic"
            enum["prefix"] = ""
            enum["suffix"] = "、"
            enum["classes"].append("jx-enum")
