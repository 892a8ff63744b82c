"""The Sphinx side of jixiao, enabled in ``_config.yml``.

* numbers chapters in Chinese (:mod:`jixiao.book.numbering`);
* keys notebook execution on the data, not only on the code (:mod:`jixiao.site.inputs`);
* serves the site's CSS from ``_static`` and drops the theme's assets the report
  does not use (code copy buttons, toggles, thebe, tabs, code colours), so the
  site is light and makes no outside request (see also :mod:`jixiao.site.slim`);
* links each chapter to the same chapter of the other published years;
* reads the pages while their notebooks still run, each stale page once its result is in
  (:func:`jixiao.site.execute.feeding`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sphinx.application import Sphinx

from jixiao.book import assets, figure_numbers, latex, locale_zh, names, sidebar
from jixiao.book.landing import ReportsDirective, download_links, year_links
from jixiao.book.numbering import ChineseNumbering
from jixiao.report.years import published_years
from jixiao.site import execute, inputs
from jixiao.util import paths

TEMPLATE_CACHE = ".template-cache"


def _static_dir(app: Sphinx) -> Path:
    return Path(app.outdir).parent / ".jixiao-static"


def _no_search_index(docnames) -> None:
    """In place of ``StandaloneHTMLBuilder.load_indexer``: its indexer stays None."""


def _builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    # The search page is Pagefind's (templates/search.html, jixiao.site.search): Sphinx's
    # own index of every page's words (searchindex.js, deleted later) is never made.
    app.builder.load_indexer = _no_search_index
    static = _static_dir(app)
    assets.write_static(static)
    app.config.html_static_path.append(str(static))
    app.add_css_file("jixiao.css")
    _cache_compiled_templates(app)


def _cache_compiled_templates(app: Sphinx) -> None:
    """Keep the theme's compiled templates between builds (Jinja's own bytecode cache,
    checked against each template's source): compiling them anew took 0.5 s a build."""
    from jinja2 import FileSystemBytecodeCache

    folder = paths.BUILD / TEMPLATE_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    app.builder.templates.environment.bytecode_cache = FileSystemBytecodeCache(str(folder))


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    # (Every change here rebuilds all pages: _outdated_on_package_change.)
    # The report has no mathematics and no live code: MathJax and thebe would
    # load from a CDN, so drop them (Jupyter Book enables both on every page).
    context["script_files"][:] = [s for s in context.get("script_files", []) if not _unused(s, _OUTSIDE_SCRIPT, _UNUSED_SCRIPT)]
    context["css_files"][:] = [c for c in context.get("css_files", []) if not _unused(c, _UNUSED_CSS)]
    if "body" in context:
        context["body"] = _THEBE_CONFIG.sub("", context["body"])
        # Put each section's id on its heading, so search results can link to headings.
        context["body"] = _SECTION_HEADING.sub(r'<section>\n\2<h\3 id="\1">', context["body"])
    year = _YEAR_PAGE.match(pagename)
    if year and app.config.jixiao_pdf and "body" in context:
        context["body"] = download_links(int(year.group(1)), context["pathto"]) + context["body"]
    if year and "body" in context:
        context["body"] = year_links(pagename, context["pathto"]) + context["body"]
    if "body" in context and (year or pagename in ("index", "glossary")):
        # Pagefind indexes only report content: these pages, filterable by year.
        attrs = "data-pagefind-body"
        if year:
            attrs += f' data-pagefind-filter="年度:{year.group(1)}年" data-pagefind-meta="年度:{year.group(1)}年"'
        context["body"] = f"<div {attrs}>{context['body']}</div>"


_YEAR_PAGE = re.compile(r"^chapters/(\d{4})/")
_OUTSIDE_SCRIPT = re.compile(r"mathjax|thebe", re.IGNORECASE)
#: Theme and extension assets for features the report does not use (its code
#: cells are shown plain; the theme's tooltips fall back to native titles).
_UNUSED_SCRIPT = re.compile(r"copybutton|clipboard|togglebutton|toggleHint|toggleOpenOnPrint|design-tabs", re.IGNORECASE)
_UNUSED_CSS = re.compile(r"copybutton|togglebutton|thebe|pygments|sphinx-design", re.IGNORECASE)


def _unused(asset, *patterns: re.Pattern) -> bool:
    """A script or stylesheet of ``context``: a file name, or an inline script's body."""
    attributes = getattr(asset, "attributes", None) or {}
    text = f"{getattr(asset, 'filename', '') or ''} {asset} {attributes.get('body', '')}"
    return any(p.search(text) for p in patterns)


def _outdated_on_years(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: a year published or withdrawn changes every chapter's
    links to the other years (and the landing page's table)."""
    years = published_years()
    if getattr(env, "jixiao_years", None) == years:
        return []
    env.jixiao_years = years
    return sorted(d for d in env.found_docs if d == "index" or _YEAR_PAGE.match(d))


_SECTION_HEADING = re.compile(r'<section id="([^"]+)">\s*((?:<span id="[^"]*"></span>)*)<h([1-6])>')
_THEBE_CONFIG = re.compile(r'<script type="text/x-thebe-config">.*?</script>', re.DOTALL)


def _config_inited(app: Sphinx, config) -> None:
    config.templates_path.insert(0, str(paths.ROOT / "jixiao" / "templates"))
    config.jixiao_pdf = os.environ.get("JIXIAO_PDF") == "1"
    latex.configure(app, config)
    locale_zh.install(app, config)


def _stamp_inputs(app, docname: str, source: list[str]) -> None:
    text = source[0]
    if "{code-cell}" not in text or "jixiao" not in text:
        return
    files = inputs.doc_inputs(docname, text)
    for f in files:
        app.env.note_dependency(str(f))
    key = inputs.digest(files)
    _input_keys(app.env)[docname] = key
    stamped = inputs.stamp_source(text, key)
    # A page still running in this build was sent as its web variant (its full result is not in the cache).
    sent_as_web = execute.FEEDING is not None and docname in execute.FEEDING.waiting
    if inputs.web_only() and (sent_as_web or not execute.cached(app.env.doc2path(docname), stamped)):
        stamped = inputs.stamp_source(text, key, web=True)
    source[0] = stamped


def _drop_removed_outputs(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: a page that left the book (a year back to draft, a chapter deleted)
    loses its output too. Sphinx keeps the old HTML in its output folder, and the site is made
    from that folder: the withdrawn pages would still be published and found by search."""
    if app.builder.format == "html":
        for docname in removed:
            for output in (Path(app.builder.get_outfilename(docname)), Path(app.outdir, "_sources", f"{docname}.md.txt")):
                output.unlink(missing_ok=True)
                folder = output.parent
                while folder != Path(app.outdir) and folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()  # chapters/2025/ once its last page went
                    folder = folder.parent
    return []


def _input_keys(env) -> dict[str, str]:
    if not hasattr(env, "jixiao_input_keys"):
        env.jixiao_input_keys = {}
    return env.jixiao_input_keys


def _outdated_on_input_change(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: pages whose inputs' contents changed since they were read.

    Sphinx compares a dependency's modification time with the page's read time, so a CSV
    copied back from a backup (which keeps its older date) would leave the pages showing
    the numbers of the file it replaced. Here the inputs' hash decides.
    """
    stale = []
    digests: dict[tuple[Path, ...], str] = {}  # a year's pages share their inputs: each set hashed once
    for docname, key in _input_keys(env).items():
        if docname in changed or docname in added or docname not in env.found_docs:
            continue
        path = Path(env.doc2path(docname))
        files = tuple(inputs.doc_inputs(docname, path.read_text(encoding="utf-8") if path.is_file() else ""))
        if files not in digests:
            digests[files] = inputs.digest(list(files))
        if digests[files] != key:
            stale.append(docname)
    return stale


def _results_first(app, env, docnames: list[str]) -> None:
    """``env-before-read-docs``: while notebooks still run (:func:`jixiao.site.execute.feeding`),
    read first the pages that do not wait for one, then the others in the order they were sent."""
    if execute.FEEDING is not None:
        docnames.sort(key=execute.FEEDING.read_order)


def _await_result(app, docname: str, source: list[str]) -> None:
    """``source-read``: a page whose notebook still runs waits for its result in the cache."""
    if execute.FEEDING is not None:
        execute.FEEDING.wait_for(docname)


def _outdated_on_package_change(app, env, added, changed, removed) -> list[str]:
    """``env-get-outdated``: when jixiao itself changed, every page is rebuilt
    (the package renders parts of every page, not only the notebooks)."""
    key = inputs.digest(
        inputs.package_files()
        + [p for p in (paths.ROOT / "jixiao").rglob("*") if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts]
    )
    if getattr(env, "jixiao_package_digest", None) == key:
        return []
    env.jixiao_package_digest = key
    return sorted(env.found_docs)


def setup(app: Sphinx) -> dict:
    # The kernels myst-nb starts import this folder's jixiao, even under a plain
    # `jupyter-book build .` (the package is not installed in the environment).
    os.environ.update(paths.tool_env())
    latex.patch_jupyter_book()
    app.add_config_value("jixiao_pdf", False, "env")
    app.connect("config-inited", _config_inited)
    app.add_transform(ChineseNumbering)
    app.add_directive("jixiao-reports", ReportsDirective)
    # The appendix's code cells are shown plain (the site ships no Pygments style sheet, see
    # _UNUSED_CSS): their lexer is plain text, named directly. Sphinx would otherwise look
    # "ipython3" up among every installed package's entry points for each code block (0.2 s
    # a build) and then compile IPython's lexer (0.1 s) to mark tokens no style colours.
    from pygments.lexers.special import TextLexer

    app.add_lexer("ipython3", TextLexer)
    app.connect("builder-inited", _builder_inited)
    app.connect("source-read", names.source_read, priority=400)  # {n}`名称` → {glue:text}`table.code`
    app.connect("source-read", _await_result, priority=450)  # before _stamp_inputs looks in the cache
    app.connect("source-read", _stamp_inputs)
    app.connect("env-before-read-docs", _results_first, priority=900)
    app.connect("env-get-outdated", _outdated_on_package_change)
    app.connect("env-get-outdated", _outdated_on_years)
    app.connect("env-get-outdated", _outdated_on_input_change)
    app.connect("env-get-outdated", _drop_removed_outputs)
    app.connect("env-get-updated", figure_numbers.renumber, priority=900)
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("html-page-context", lambda app, pagename, t, context, d: sidebar.install(app, pagename, context), priority=100)
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
