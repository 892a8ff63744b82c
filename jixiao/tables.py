"""Data tables shown in notebooks: escaped HTML for the site, escaped LaTeX for the PDF."""

from __future__ import annotations

import pandas as pd
from sphinx.util import texescape

from jixiao import style


texescape.init()


def latex_escape(text: str) -> str:
    """Escape LaTeX specials (% & _ # \\ { } ~ ^ $) for xelatex, with Sphinx's own table."""
    return texescape.escape(str(text), latex_engine="xelatex")


class ShownTable:
    def __init__(self, frame: pd.DataFrame):
        self.frame = frame

    def _formatted(self) -> pd.DataFrame:
        shown = self.frame.copy()
        for col in shown.columns:
            if pd.api.types.is_float_dtype(shown[col]):
                shown[col] = shown[col].map(style.grouped)
        return shown.astype(str)

    def _repr_mimebundle_(self, include=None, exclude=None):
        shown = self._formatted()
        cols = len(shown.columns)
        # Styler.to_latex does not escape cell text: escape it first.
        width = "p{%.3f\\linewidth}" % (0.96 / cols)
        latex = shown.map(latex_escape).style.hide(axis="index").to_latex(column_format="@{}" + width * cols + "@{}", hrules=True)
        latex = latex.replace("\\begin{tabular}", "\\begin{center}\\small\\begin{tabular}", 1).replace(
            "\\end{tabular}", "\\end{tabular}\\end{center}", 1
        )
        return {
            "text/html": shown.to_html(index=False, escape=True, border=0, classes="jx-table"),
            "text/latex": latex,
            "text/plain": shown.to_string(index=False),
        }


def show(frame: pd.DataFrame) -> ShownTable:
    return ShownTable(frame)
