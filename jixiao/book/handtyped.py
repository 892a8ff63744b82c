"""Quantities typed by hand in a chapter's prose.

Every number with a unit in the report (12.5万元, 近300人次, 两项) comes from a data
row, cited as ``{n}`名称``` or ``{glue:text}`表.代码```, so that it is checked,
compared with the previous year and changed in one place. ``validate`` and
``finalize`` name each one typed into the prose instead. Dates, years, codes
(GB/T 9704), ordinals (第一), enumerations (一是) and numbers in titles of works
(《…》) are text, as :func:`jixiao.report.quantities.find_numbers` classifies them.
"""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.report.csvread import Problem
from jixiao.util import paths

#: A page's code cells.
CODE_CELLS = re.compile(r"^```\{code-cell\}.*?^```", re.S | re.M)
_NOT_PROSE = [
    re.compile(r"\A---\n.*?\n---\n", re.S),  # front matter
    CODE_CELLS,
    re.compile(r"^```\{[\w:-]+\}[^\n]*\n(?::[^\n]*\n)*", re.M),  # directive lines and their options
    re.compile(r"\{[\w:-]+\}`[^`]*`"),  # roles: pasted values ({glue:text}, {n}), terms, references
    re.compile(r"^\([\w-]+\)=$", re.M),  # labels
    re.compile(r"^\d+\.\s", re.M),  # list markers: the numbering is generated
    re.compile(r"《[^》]*》"),  # titles of works: their digits belong to the name
]


def blank(source: str, patterns) -> str:
    """``source`` with what ``patterns`` match blanked out, so that offsets keep their lines."""
    for pattern in patterns:
        source = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), source)
    return source


def prose(source: str) -> str:
    """The chapter's prose: everything else blanked out, so that offsets keep their lines."""
    return blank(source, _NOT_PROSE)


def quantities(source: str, year: int) -> list[tuple[int, str]]:
    """(line, text) of every quantity typed into the prose."""
    from jixiao.report.quantities import find_numbers

    out = []
    for number, line in enumerate(prose(source).splitlines(), 1):
        out += [(number, m.text) for m in find_numbers(line, year) if m.kind == "quantity"]
    return out


def problems(path: Path, year: int) -> list[Problem]:
    return [
        Problem(
            paths.rel(path),
            f"正文中的“{text}”是手工输入的数字：报告中带单位的数字都应来自数据表，才能核对、与上年比较并随数据更新",
            row=line,
            expected=f"在 data/{year}/ 的数据表中为它加一行（或找到已有的行），正文改为引用它：{{n}}`名称`",
        )
        for line, text in quantities(path.read_text(encoding="utf-8"), year)
    ]
