"""Static files the site serves itself: the vega bundle and the CSS."""

from __future__ import annotations

import hashlib
from pathlib import Path

import vl_convert as vlc

from jixiao.figure import VL_VERSION

VEGA_JS = "jixiao-vega.js"
CSS = "jixiao.css"
SEARCH_JS = "jixiao-search.js"
HERE = Path(__file__).resolve().parent

#: Appended to vl-convert's bundle, where vegaEmbed is in scope: render every
#: chart container of the page from the spec beside it.
RENDER_SNIPPET = r"""
for (const el of document.querySelectorAll(".jx-chart")) {
  const specEl = el.parentElement.querySelector("script.jx-spec");
  try {
    const spec = JSON.parse(specEl.textContent);
    vegaEmbed(el, spec, { actions: false, renderer: "svg" }).catch((err) => {
      el.textContent = "图表无法显示：" + err.message;
      console.error(err);
    });
  } catch (err) {
    el.textContent = "图表数据有误：" + err.message;
    console.error(err);
  }
}
"""


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write_static(folder: Path) -> None:
    """Write the bundle (built once per vl-convert version) and the CSS into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = hashlib.sha256(f"{vlc.__version__}|{VL_VERSION}|{RENDER_SNIPPET}".encode()).hexdigest()[:16]
    bundle = folder / VEGA_JS
    stamp_file = folder / f"{VEGA_JS}.stamp"
    if not bundle.exists() or not stamp_file.exists() or stamp_file.read_text() != stamp:
        bundle.write_text(vlc.javascript_bundle(RENDER_SNIPPET, vl_version=VL_VERSION), encoding="utf-8")
        stamp_file.write_text(stamp)
    for name in (CSS, SEARCH_JS):
        _write_if_changed(folder / name, (HERE / "static" / name).read_text(encoding="utf-8"))
