"""Chart images rendered once: vl-convert's output kept by the hash of what it rendered.

vl-convert measures every label in the CJK font, which makes a chart's SVG or
PNG the most expensive part of a page (0.3 to 1.5 s each). A page re-executes
when any of its inputs changes (:mod:`jixiao.site.inputs`), but most of its charts
then have exactly the same spec as before. Here the raw vl-convert result is
stored under ``_build/.chart-cache``, named by the sha256 of the spec (data
values included), the Vega-Lite version, vl-convert's version, the output kind
and the scale: a changed number changes the spec and so renders anew, and an
unchanged chart is read back. Labels are measured in a quick copy of the chart
font (:mod:`jixiao.book.chartfont`), which renders the same output. Only vl-convert's own output is kept; what
:mod:`jixiao.book.figure` does to it afterwards runs every time, so a change of the
package's code never meets an old result.

Files are written whole or not at all (:mod:`jixiao.util.filecache`), so two workers
rendering the same chart at once, or a killed build, never leave a half-written image.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import vl_convert as vlc

from jixiao.book import chartfont
from jixiao.util import filecache, paths

FOLDER = ".chart-cache"


def folder() -> Path:
    return paths.BUILD / FOLDER


def _path(name: str) -> Path:
    return folder() / name[:2] / name


def key(kind: str, spec: dict, vl_version: str, scale: float | None = None) -> str:
    text = json.dumps([kind, vlc.__version__, vl_version, scale, spec], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def svg(spec: dict, vl_version: str) -> str:
    """``vl_convert.vegalite_to_svg(spec)``, from the cache when rendered before."""
    name = key("svg", spec, vl_version) + ".svg"
    return filecache.cached(_path(name), lambda: _svg(spec, vl_version).encode("utf-8")).decode("utf-8")


def png(spec: dict, vl_version: str, scale: float) -> bytes:
    """``vl_convert.vegalite_to_png(spec, scale=scale)``, from the cache when rendered before."""
    name = key("png", spec, vl_version, scale) + ".png"
    return filecache.cached(_path(name), lambda: vlc.vegalite_to_png(chartfont.measuring(spec), vl_version=vl_version, scale=scale))


def _svg(spec: dict, vl_version: str) -> str:
    return chartfont.unmeasured(vlc.vegalite_to_svg(chartfont.measuring(spec), vl_version=vl_version))
