"""Static files the site serves itself: the vega bundle and the CSS."""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tempfile
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


def _bundle(stamp: str) -> Path | None:
    """The vega bundle of this Python environment's vl-convert, built once per
    environment (a few seconds) and kept beside it, so clean builds reuse it."""
    cached = Path(sys.prefix) / "share" / "jixiao" / f"{VEGA_JS}.{stamp}"
    if not cached.is_file():
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=cached.parent, prefix=".bundle-")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(vlc.javascript_bundle(RENDER_SNIPPET, vl_version=VL_VERSION))
            os.replace(tmp, cached)  # whole or not at all, even with builds running side by side
        except OSError:
            return None  # a read-only environment: build it into the site's folder
    return cached


def write_static(folder: Path) -> None:
    """Write the bundle (built once per vl-convert version) and the CSS into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = hashlib.sha256(f"{vlc.__version__}|{VL_VERSION}|{RENDER_SNIPPET}".encode()).hexdigest()[:16]
    bundle = folder / VEGA_JS
    stamp_file = folder / f"{VEGA_JS}.stamp"
    if not bundle.exists() or not stamp_file.exists() or stamp_file.read_text() != stamp:
        cached = _bundle(stamp)
        if cached:
            shutil.copyfile(cached, bundle)
        else:
            bundle.write_text(vlc.javascript_bundle(RENDER_SNIPPET, vl_version=VL_VERSION), encoding="utf-8")
        stamp_file.write_text(stamp)
    for name in (CSS, SEARCH_JS):
        _write_if_changed(folder / name, (HERE / "static" / name).read_text(encoding="utf-8"))
