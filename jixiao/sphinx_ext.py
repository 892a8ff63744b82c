"""The Sphinx side of jixiao, enabled in ``_config.yml``.

* numbers chapters in Chinese (:mod:`jixiao.numbering`);
* keys notebook execution on the data, not only on the code (:mod:`jixiao.inputs`);
* serves the vega/vega-lite/vega-embed bundle and the site's CSS from ``_static``,
  loaded only on pages that show a chart, so the site makes no outside request.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from jixiao import assets, inputs
from jixiao.landing import ReportsDirective
from jixiao.numbering import ChineseNumbering


def _static_dir(app: Sphinx) -> Path:
    return Path(app.outdir).parent / ".jixiao-static"


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    static = _static_dir(app)
    assets.write_static(static)
    app.config.html_static_path.append(str(static))
    app.add_css_file("jixiao.css")


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    # The report has no mathematics, and MathJax would load from a CDN:
    # drop it (Sphinx adds it to every page when an extension asks for all assets).
    context["script_files"][:] = [s for s in context.get("script_files", []) if "mathjax" not in str(s)]
    if doctree is not None and "jx-chart" in context.get("body", ""):
        app.add_js_file(assets.VEGA_JS, type="module")
        # Called from html-page-context, this adds the script to this page only.


def setup(app: Sphinx) -> dict:
    app.add_transform(ChineseNumbering)
    app.add_directive("jixiao-reports", ReportsDirective)
    app.connect("builder-inited", _builder_inited)
    app.connect("source-read", inputs.source_read)
    app.connect("html-page-context", _page_context, priority=900)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
