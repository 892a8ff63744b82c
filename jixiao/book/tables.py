"""Data tables shown in notebooks: escaped HTML for the site, a LaTeX ``longtable`` for the PDF.

The PDF table (:meth:`ShownTable.latex`) is a raw LaTeX block inside the
Markdown output, which the LaTeX builder prefers (``nb_mime_priority_overrides``):
column widths follow the content (a figure column is as wide as its longest
entry, the name column takes the rest), the caption is part of the table's head
(it cannot be left alone at the foot of a page, and is repeated with 续 when the
table continues), a table starts on a new page when fewer than a few rows would
fit, and long tables break across pages above the footer.
"""

from __future__ import annotations

import itertools
import re
from html import escape
from typing import TYPE_CHECKING

from jixiao.book import style

if TYPE_CHECKING:  # the landing page's Sphinx process uses md_escape without pandas
    import pandas as pd


class ShownTable:
    def __init__(self, frame: pd.DataFrame, caption: str = "", numeric_columns=()):
        self.frame = frame
        self.caption = caption
        #: Columns set right-aligned and as wide as their content in the PDF.
        self.numeric_columns = list(numeric_columns)

    def _formatted(self) -> pd.DataFrame:
        import pandas as pd

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

    def latex(self) -> str:
        """The table as a LaTeX longtable (every cell escaped), widths from the content."""
        shown = self._formatted()
        columns = list(shown.columns)
        cells = [[str(v) for v in row] for row in shown.itertuples(index=False)]
        widths = column_widths([str(c) for c in columns], cells, [c in self.numeric_columns for c in columns])
        spec = ""
        for c, w in zip(columns, widths):
            align = r"\raggedleft" if c in self.numeric_columns else r"\raggedright"
            spec += rf">{{{align}\arraybackslash}}p{{\dimexpr {w:.3f}\linewidth-2\tabcolsep-1.2\arrayrulewidth\relax}}|"
        head = " & ".join(f"\\textbf{{{tex_escape(c)}}}" for c in columns) + r" \\ \hline"
        n = len(columns)
        caption = tex_escape(self.caption)
        lines = [
            r"\par\jxkeepspace{6\baselineskip}",
            r"\begingroup\fontsize{10.5pt}{15pt}\selectfont\setlength{\LTpre}{4pt}\setlength{\LTpost}{10pt}",
            rf"\begin{{longtable}}{{|{spec}}}",
        ]
        if caption:
            lines.append(rf"\multicolumn{{{n}}}{{c}}{{\fontsize{{14pt}}{{20pt}}\selectfont {caption}}} \\[4pt]")
        lines += [r"\hline", head, r"\endfirsthead"]
        if caption:
            lines.append(rf"\multicolumn{{{n}}}{{c}}{{\fontsize{{14pt}}{{20pt}}\selectfont {caption}（续）}} \\[4pt]")
        lines += [r"\hline", head, r"\endhead"]
        lines += [" & ".join(tex_escape(v) for v in row) + r" \\ \hline" for row in cells]
        lines += [r"\end{longtable}", r"\endgroup", ""]
        return "\n".join(lines)

    def latex_markdown(self) -> str:
        """The LaTeX table wrapped in a MyST ``raw`` block, for the Markdown output."""
        body = self.latex()
        fence = "`" * max(4, max((len(m) for m in re.findall(r"`+", body)), default=0) + 1)
        return f"{fence}{{raw}} latex\n{body}\n{fence}\n"

    def html(self) -> str:
        """The table as escaped HTML (text from the CSV files stays text)."""
        shown = self._formatted()
        numeric = [c in self.numeric_columns for c in shown.columns]

        def cell(value: str, is_numeric: bool) -> str:
            # A short figure never breaks inside (1122.40万元, 增加102.03万元); long text wraps.
            keep = ' style="white-space: nowrap"' if is_numeric and len(value) <= 14 else ""
            return f"<td{keep}>{escape(value)}</td>"

        head = "".join(
            f'<th style="text-align: right">{escape(str(c))}</th>' if n else f"<th>{escape(str(c))}</th>"
            for c, n in zip(shown.columns, numeric)
        )
        body = "".join("<tr>" + "".join(cell(str(v), n) for v, n in zip(row, numeric)) + "</tr>\n" for row in shown.itertuples(index=False))
        return f'<table class="jx-table">\n<thead>\n<tr>{head}</tr>\n</thead>\n<tbody>\n{body}</tbody>\n</table>\n'

    def _repr_mimebundle_(self, include=None, exclude=None):
        shown = self._formatted()
        html = self.html()
        # A wide table scrolls inside its own box, which a keyboard can reach (axe: scrollable-region-focusable).
        label = escape(self.caption or "数据表")
        html = f'<div class="jx-table-box" role="region" aria-label="{label}" tabindex="0">{html}</div>'
        if self.caption:
            html = f'<p class="jx-table-caption">{escape(self.caption)}</p>' + html
        # HTML for the site; for the PDF a LaTeX longtable inside Markdown (a MyST raw block).
        return {"text/html": html, "text/markdown": self.latex_markdown(), "text/plain": shown.to_string(index=False)}


_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")


def md_escape(text) -> str:
    """Backslash-escape every ASCII punctuation mark, as CommonMark allows."""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def show(frame: pd.DataFrame) -> ShownTable:
    return ShownTable(frame)


#: Widths in em of the PDF table's font (五号, 10.5 pt, Fandol): a CJK character is 1 em,
#: a digit half an em, % and other Latin characters a little more, and xeCJK puts a
#: quarter em where CJK and Latin meet. Padding is the two \tabcolsep and a margin.
_CELL_PADDING = 1.3
_TEXT_EM = 42.0  # the type area (156 mm) in em at 10.5 pt
_MIN_NAME_EM = 8.0
_MAX_FIGURE_EM = 11.0


def text_em(text: str) -> float:
    """The width of ``text`` in em, with xeCJK's space where CJK and Latin meet."""
    wide = [ord(ch) > 0x2E7F for ch in text]
    switches = sum(a != b for a, b in itertools.pairwise(wide))
    return sum(1.0 if w else _LATIN_EM.get(ch, 0.6) for ch, w in zip(text, wide)) + 0.25 * switches


_LATIN_EM = {**dict.fromkeys("0123456789", 0.5), ".": 0.3, ",": 0.3, "%": 0.85, " ": 0.3}


def column_widths(header: list[str], rows: list[list[str]], numeric: list[bool]) -> list[float]:
    """Each column's share of the line width: figure columns as wide as their longest
    entry (at most :data:`_MAX_FIGURE_EM`, then they wrap), the other columns share the rest."""
    natural = []
    for i, head in enumerate(header):
        longest = max([text_em(head)] + [text_em(r[i]) for r in rows])
        natural.append(longest + _CELL_PADDING)
    fixed = [min(w, _MAX_FIGURE_EM + _CELL_PADDING) if num else None for w, num in zip(natural, numeric)]
    used = sum(w for w in fixed if w is not None)
    free = [i for i, w in enumerate(fixed) if w is None]
    if not free:
        total = sum(fixed)
        return [w / max(total, _TEXT_EM) if total > _TEXT_EM else w / total for w in fixed]
    rest = max(_TEXT_EM - used, _MIN_NAME_EM * len(free))
    want = sum(natural[i] for i in free)
    for i in free:
        fixed[i] = rest * natural[i] / want
    total = sum(fixed)
    return [w / total for w in fixed]


def tex_escape(text) -> str:
    """Escape LaTeX specials (% & _ # \\ { } ~ ^ $) with Sphinx's own table, for xelatex."""
    from sphinx.util import texescape

    texescape.init()
    return texescape.escape(str(text), latex_engine="xelatex").replace("\n", " ")
