"""The search stage: a Pagefind index of the staged site, replacing Sphinx's search.

Pagefind's extended build segments Chinese, so a phrase typed without spaces is
found. Only report content is indexed (pages marked ``data-pagefind-body`` by
:mod:`jixiao.site.sphinx_ext`), without navigation, code cells or chart specs. Sphinx's
own search scripts and index are removed, so there is one search.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

EXCLUDE = [".headerlink", ".cell_input", ".jx-chart", ".jx-pdf-link", ".jx-download", "nav", ".toctree-wrapper"]
_SPHINX_SEARCH = re.compile(r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|searchindex\.js)[^"]*"></script>')


def strip_sphinx_search(site: Path) -> int:
    """Remove Sphinx's search scripts from every page; return pages changed."""
    changed = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = _SPHINX_SEARCH.sub("", text)
        if new != text:
            page.write_text(new, encoding="utf-8")
            changed += 1
    for leftover in ("searchindex.js", "_static/searchtools.js", "_static/language_data.js"):
        (site / leftover).unlink(missing_ok=True)
    return changed


def pagefind_command(site: Path) -> list[str]:
    """Pagefind's extended binary, started directly (``python -m pagefind`` would start a
    Python only to find it: 0.2 s)."""
    try:
        from pagefind_bin_extended import get_executable

        binary = get_executable()
    except (ImportError, OSError):
        binary = None
    cmd = [str(binary)] if binary else [sys.executable, "-m", "pagefind"]
    cmd += ["--site", str(site)]
    for selector in EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    return cmd


def index(site: Path, tool) -> None:
    strip_sphinx_search(site)
    tool(pagefind_command(site), "生成搜索索引")
    if not (site / "pagefind" / "pagefind.js").is_file():
        from jixiao.site.errors import BuildFailed

        raise BuildFailed("生成搜索索引", "Pagefind 没有生成索引文件 pagefind/pagefind.js")
