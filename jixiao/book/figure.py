"""A chart as the book shows it.

``Figure`` gives Jupyter one output with several representations, and each
Sphinx builder picks its own (``nb_mime_priority_overrides`` in ``_config.yml``):

* ``text/html`` for the website: the chart as static SVG, rendered offline by
  vl-convert when the notebook runs (no chart script ships with the site, so
  charts never hold up the text), each bar, point and label carrying its
  tooltip as a native SVG ``<title>``; the alt text, the data table and a CSV
  download. Nothing loads from outside.
* ``image/png`` for LaTeX/PDF: rendered offline by vl-convert at scale 3.
* ``text/plain``: the chart's title, never ``alt.Chart(...)``.
"""

from __future__ import annotations

import copy
import html
import os
import re
from collections.abc import Callable
from functools import cache, cached_property
from typing import TYPE_CHECKING
from urllib.parse import quote

import pandas as pd

from jixiao.book import rendercache
from jixiao.book.tables import ShownTable

if TYPE_CHECKING:
    import altair as alt

PNG_SCALE = 3


@cache
def vl_version() -> str:
    """The Vega-Lite version altair writes, as vl-convert names it ("6.4")."""
    import altair as alt

    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell):
    """Neutralise spreadsheet formula injection in a text cell, as OWASP recommends."""
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def csv_text(table: pd.DataFrame) -> str:
    safe = table.copy()
    for col in safe.columns:
        if pd.api.types.is_object_dtype(safe[col]) or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutralize)
    return safe.to_csv(index=False, lineterminator="\r\n")


def _quiet_titles(spec: dict) -> None:
    """Chart titles get no English ARIA text from Vega ("Title text …"): the
    container's Chinese alt text describes the chart (config.title.aria is ignored)."""
    title = spec.get("title")
    if isinstance(title, str):
        spec["title"] = {"text": title, "aria": False}
    elif isinstance(title, dict):
        title["aria"] = False
    for key in ("vconcat", "hconcat", "concat", "layer"):
        for sub in spec.get(key, []):
            _quiet_titles(sub)
    if isinstance(spec.get("spec"), dict):
        _quiet_titles(spec["spec"])


_MARK_LABEL = re.compile(r'<(path|line|rect|circle|text)\b([^>]*?) aria-label="([^"]*)"([^>]*?)(/?)>')
_ARIA = re.compile(r' (?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"')


def _native_tooltip(match: re.Match) -> str:
    tag, before, label, after, closed = match.groups()
    tip = f"<title>{label.replace(': ', '：').replace('; ', '；')}</title>"
    return f"<{tag}{before}{after}>{tip}</{tag}>" if closed else f"<{tag}{before}{after}>{tip}"


def static_svg(spec: dict) -> str:
    """The chart as SVG for the page: every mark's tooltip fields as its ``<title>``
    (Vega-Lite writes them as ARIA labels, turned on here for this rendering only);
    the SVG itself is hidden from screen readers, which read the figure's alt text."""
    spec = copy.deepcopy(spec)
    spec.setdefault("config", {})["aria"] = True
    svg = rendercache.svg(spec, vl_version())
    svg = _ARIA.sub("", _MARK_LABEL.sub(_native_tooltip, svg))
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


class Figure:
    """``chart`` is an altair chart, or a function that draws it when the figure is first
    shown: the checks that run a chapter's code (:mod:`jixiao.book.dryrun`) never draw."""

    def __init__(self, chart: alt.TopLevelMixin | Callable[[], alt.TopLevelMixin], alt_text: str, table: pd.DataFrame, slug: str):
        self._chart = chart
        self.alt_text = alt_text
        self.table = table
        self.slug = slug

    @cached_property
    def chart(self) -> alt.TopLevelMixin:
        return self._chart() if callable(self._chart) else self._chart

    @cached_property
    def spec(self) -> dict:
        spec = self.chart.to_dict(validate=False)  # our own code writes it; tests/test_charts.py validates every kind
        spec["description"] = self.alt_text
        _quiet_titles(spec)
        return spec

    @property
    def title(self) -> str:
        title = self.spec.get("title", "")
        return title.get("text", "") if isinstance(title, dict) else str(title)

    def png(self) -> bytes:
        return rendercache.png(self.spec, vl_version(), PNG_SCALE)

    def svg(self) -> str:
        return static_svg(self.spec)

    def table_html(self) -> str:
        return ShownTable(self.table).html()

    def html(self) -> str:
        alt_attr = html.escape(self.alt_text, quote=True)
        href = "data:text/csv;charset=utf-8," + quote("\ufeff" + csv_text(self.table))
        filename = html.escape(f"{self.slug}.csv", quote=True)
        return (
            '<div class="jx-figure">'
            # Focusable: on a phone a chart (and its table) scrolls inside its box, by keyboard too.
            f'<div class="jx-chart" role="img" aria-label="{alt_attr}" tabindex="0">{self.svg()}</div>'
            f'<p class="jx-alt" aria-hidden="true">{html.escape(self.alt_text)}</p>'
            '<details class="jx-data"><summary>查看数据表</summary>'
            f'<div class="jx-table-box" role="region" aria-label="数据表" tabindex="0">{self.table_html()}</div></details>'
            f'<p class="jx-download"><a download="{filename}" href="{href}">下载数据（CSV）</a></p>'
            "</div>"
        )

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/html": self.html(), "text/plain": f"图表：{self.title}"}
        if os.environ.get("JIXIAO_FIGURE_PNG") != "0":  # "0": a build without PDF (jixiao.site.execute)
            bundle["image/png"] = self.png()
        return bundle

    def __repr__(self) -> str:
        return f"图表：{self.title}"
