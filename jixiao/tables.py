"""Data tables shown in notebooks: escaped HTML for the site, escaped LaTeX for the PDF."""

from __future__ import annotations

import pandas as pd

from jixiao import style


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
        latex = shown.map(_latex_escape).style.hide(axis="index").to_latex(column_format="@{}" + width * cols + "@{}", hrules=True)
        latex = latex.replace("\\begin{tabular}", "\\begin{center}\\small\\begin{tabular}", 1).replace(
            "\\end{tabular}", "\\end{tabular}\\end{center}", 1
        )
        return {
            "text/html": shown.to_html(index=False, escape=True, border=0, classes="jx-table"),
            "text/latex": latex,
            "text/plain": shown.to_string(index=False),
        }


def _latex_escape(text: str) -> str:
    out = []
    for ch in str(text):
        out.append(_LATEX_SPECIALS.get(ch, ch))
    return "".join(out)


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def show(frame: pd.DataFrame) -> ShownTable:
    return ShownTable(frame)
