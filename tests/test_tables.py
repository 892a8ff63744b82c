"""Tables for the PDF: a longtable whose widths follow the content, caption in the head."""

from __future__ import annotations

import re

import pandas as pd

from jixiao.book.tables import ShownTable, column_widths, text_em


def comparison(rows: int) -> ShownTable:
    frame = pd.DataFrame(
        {
            "项目": [f"非税执收成本及事业性收费执收成本{i}" for i in range(rows)],
            "2025年": ["1122.40万元"] * rows,
            "2024年": ["1020.37万元"] * rows,
            "比上年增减": ["增加66.15万元"] * rows,
            "增减幅度": ["增长233.7%"] * rows,
        }
    )
    return ShownTable(frame, caption="与2024年比较", numeric_columns=frame.columns[1:])


def test_figure_columns_are_as_wide_as_their_longest_entry():
    table = comparison(3)
    cells = [list(map(str, r)) for r in table.frame.itertuples(index=False)]
    widths = column_widths(list(table.frame.columns), cells, [False, True, True, True, True])
    assert abs(sum(widths) - 1) < 1e-9
    change = widths[3] * 42  # in em at 10.5 pt
    assert change >= text_em("增加66.15万元") + 1  # one line, with the cell padding
    assert widths[0] == max(widths)  # the name column takes the rest


def test_latex_is_a_longtable_with_the_caption_in_its_head():
    latex = comparison(60).latex()
    assert latex.count(r"\begin{longtable}") == 1 and r"\endfirsthead" in latex and r"\endhead" in latex
    head = latex.split(r"\endfirsthead")[0]
    assert "与2024年比较" in head and r"\textbf{项目}" in head  # caption and header stay together
    assert "与2024年比较（续）" in latex.split(r"\endfirsthead")[1].split(r"\endhead")[0]  # repeated on each page
    assert latex.startswith(r"\par\jxkeepspace")  # no caption left alone at the foot of a page
    assert len(re.findall(r"\\\\ \\hline", latex)) == 60 + 2


def test_latex_escapes_text_from_data():
    frame = pd.DataFrame({"项目": ["50%_&#{x}"], "值": ["1"]})
    latex = ShownTable(frame, numeric_columns=["值"]).latex()
    assert r"50\%\_\&\#\{x\}" in latex
    markdown = ShownTable(frame).latex_markdown()
    assert markdown.startswith("````{raw} latex\n")
