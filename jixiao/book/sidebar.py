"""The left sidebar's table of contents, made once per build instead of once per page.

The theme (pydata-sphinx-theme, through sphinx-book-theme) resolves and renders the
whole table of contents for every page, then reparses it with BeautifulSoup: with
twenty years of reports that is a quarter of a second a page, most of the HTML
build. The list is the same on every page except for its links (relative to the
page's folder) and the marks of the page being shown. So the theme's own function
renders it once, for a page name at the top of the book that no table of contents
lists (no marks); its links are made relative to each folder once, and each page
gets a copy with its marks added as the theme adds them:

* the page's link: ``class="current reference internal" href="#"``;
* the ``<li>`` of the page and of each entry above it: ``current active`` after
  its ``toctree-lN`` class, and its ``<details>`` opened;
* each ``<ul>`` above it: the class ``current`` first.

``JIXIAO_CHECK_SIDEBAR=1`` renders every page both ways and fails the build on
any difference (``tests/test_years.py`` builds its two-year site so).
Settings for which the list differs between pages of a folder in other ways
(``collapse``, ``show_nav_level=0``) use the theme's function for every page.
"""

from __future__ import annotations

import os
import re
from html import escape, unescape

#: The theme's ``<summary>``, given a Chinese name for screen readers.
SUMMARY = '<summary aria-label="展开或收起下级目录">'
_HREF = re.compile(r' href="([^"]*)"')
_EXTERNAL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)
_TAG = re.compile(r"<(/?)(li|ul|details)\b([^>]*)>")
_CLASS = re.compile(r'\sclass="([^"]*)"')


def _folder(pagename: str) -> str:
    return pagename.rpartition("/")[0]


def _nowhere(pagename: str) -> str:
    """A page name in ``pagename``'s folder that no table of contents lists."""
    folder = _folder(pagename)
    return f"{folder}/jixiao-sidebar-unmarked" if folder else "jixiao-sidebar-unmarked"


def _generic(app, kwargs: dict) -> str:
    """The theme's sidebar for a page at the top of the book that no table of contents lists."""
    from pydata_sphinx_theme.toctree import add_toctree_functions

    nowhere = _nowhere("")
    context = {"toctree": lambda **kw: app.builder._get_local_toctree(nowhere, **kw)}
    add_toctree_functions(app, nowhere, "page.html", context, None)
    return str(context["generate_toctree_html"](**kwargs))


def _moved(html: str, app, pagename: str) -> str:
    """The unmarked sidebar of the top folder with its links made relative to ``pagename``'s folder
    (as the theme's own links are: ``builder.get_relative_uri``)."""
    from sphinx.util.osutil import relative_uri

    base = app.builder.get_target_uri(_nowhere(pagename))

    def relink(match: re.Match) -> str:
        href = unescape(match.group(1))
        if _EXTERNAL.match(href) or href.startswith("#"):
            return match.group(0)
        path, sep, anchor = href.partition("#")
        return f' href="{escape(relative_uri(base, path) + sep + anchor, quote=True)}"'

    return _HREF.sub(relink, html)


def _with_class(tag: str, add: list[str], after_first: bool) -> str:
    """``tag`` (an opening tag) with the classes ``add``: after its first class, or first."""
    match = _CLASS.search(tag)
    if not match:
        return tag[:-1] + f' class="{" ".join(add)}">'
    classes = match.group(1).split()
    classes = classes[:1] + add + classes[1:] if after_first else add + classes
    return tag[: match.start(1)] + " ".join(classes) + tag[match.end(1) :]


def mark(html: str, href: str) -> str | None:
    """``html`` (an unmarked sidebar) with the page linked as ``href`` marked current;
    ``html`` itself when no entry links to the page; None when the link is not unique."""
    anchor = f'<a class="reference internal" href="{escape(href, quote=True)}">'
    if html.count(anchor) != 1:
        return html if anchor not in html else None
    at = html.index(anchor)
    stack: list[tuple[str, int, int]] = []  # open li/ul/details tags before the link: (name, start, end)
    for tag in _TAG.finditer(html, 0, at):
        if tag.group(1):
            while stack and stack.pop()[0] != tag.group(2):
                pass
        else:
            stack.append((tag.group(2), tag.start(), tag.end()))
    edits: dict[int, tuple[int, str]] = {at: (at + len(anchor), '<a class="current reference internal" href="#">')}
    lis = [t for t in stack if t[0] == "li"]
    for name, start, end in stack:
        tag = html[start:end]
        if name == "li":
            edits[start] = (end, _with_class(tag, ["current", "active"], after_first=True))
        elif name == "ul":
            edits[start] = (end, _with_class(tag, ["current"], after_first=False))
        elif name == "details" and "open=" not in tag:
            edits[start] = (end, tag[:-1] + ' open="open">')
    # The page's own entry, when it has entries below it: its <details> opens too.
    own = lis[-1] if lis else None
    if own and "has-children" in html[own[1] : own[2]]:
        details = _TAG.search(html, at + len(anchor))
        if details and details.group(2) == "details" and not details.group(1) and "open=" not in details.group(0):
            edits[details.start()] = (details.end(), details.group(0)[:-1] + ' open="open">')
    out, pos = [], 0
    for start in sorted(edits):
        end, text = edits[start]
        out += [html[pos:start], text]
        pos = end
    return "".join(out) + html[pos:]


def install(app, pagename: str, context: dict) -> None:
    """``html-page-context`` (before the theme renders the sidebar to see whether it is
    empty): give the template ``jixiao_sidebar_nav(**kwargs)``."""
    cache = app.__dict__.setdefault("_jixiao_sidebar", {})  # one build: the book's toc cannot change
    check = os.environ.get("JIXIAO_CHECK_SIDEBAR") == "1"

    def sidebar_nav(**kwargs) -> str:
        marked = None
        if kwargs.get("kind") == "sidebar" and not kwargs.get("collapse") and int(kwargs.get("show_nav_level", 1)) != 0:
            top = ("", tuple(sorted(kwargs.items())))
            if top not in cache:
                cache[top] = _generic(app, kwargs)
            key = (_folder(pagename), top[1])
            if key not in cache:
                cache[key] = _moved(cache[top], app, pagename)
            marked = mark(cache[key], app.builder.get_relative_uri(_nowhere(pagename), pagename))
        if marked is None or check:
            expected = str(context["generate_toctree_html"](**kwargs))
            if marked is not None and marked != expected:
                raise RuntimeError(f"jixiao sidebar differs from the theme's on {pagename}:\n{marked}\n----\n{expected}")
            marked = expected
        return marked.replace("<summary>", SUMMARY)

    context["jixiao_sidebar_nav"] = sidebar_nav
