"""Data tables shown in notebooks: escaped HTML for the site, escaped Markdown for the PDF."""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from jixiao import style


class ShownTable:
    def __init__(self, frame: pd.DataFrame, caption: str = ""):
        self.frame = frame
        self.caption = caption

    def _formatted(self) -> pd.DataFrame:
        shown = self.frame.copy()
        for col in shown.columns:
            if pd.api.types.is_float_dtype(shown[col]):
                shown[col] = shown[col].map(style.grouped)
        return shown.astype(str)

    def markdown(self) -> str:
        """A Markdown table, every ASCII punctuation mark escaped (CSV text stays text)."""
        shown = self._formatted()
        head = "| " + " | ".join(md_escape(c) for c in shown.columns) + " |"
        rule = "|" + "---|" * len(shown.columns)
        body = ["| " + " | ".join(md_escape(v) for v in row) + " |" for row in shown.itertuples(index=False)]
        caption = [md_escape(self.caption), ""] if self.caption else []
        return "\n".join([*caption, head, rule, *body])

    def html(self) -> str:
        """The table as escaped HTML (text from the CSV files stays text)."""
        return self._formatted().to_html(index=False, escape=True, border=0, classes="jx-table")

    def _repr_mimebundle_(self, include=None, exclude=None):
        shown = self._formatted()
        html = self.html()
        if self.caption:
            html = f'<p class="jx-table-caption">{escape(self.caption)}</p>' + html
        # HTML for the site; Markdown (parsed by MyST into a real table) for the PDF.
        return {"text/html": html, "text/markdown": self.markdown(), "text/plain": shown.to_string(index=False)}


_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def md_escape(text) -> str:
    """Backslash-escape every ASCII punctuation mark, as CommonMark allows."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def show(frame: pd.DataFrame) -> ShownTable:
    return ShownTable(frame)
