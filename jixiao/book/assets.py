"""Static files the site serves itself: the CSS and the search page's script.

Charts need no script: they are static SVG in the page (:mod:`jixiao.book.figure`).
"""

from __future__ import annotations

from pathlib import Path

CSS = "jixiao.css"
SEARCH_JS = "jixiao-search.js"
HERE = Path(__file__).resolve().parents[1]  # the jixiao/ folder, which holds static/


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def write_static(folder: Path) -> None:
    """Write the site's own static files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for stale in ("jixiao-vega.js", "jixiao-vega.js.stamp"):  # charts used to need a vega bundle
        (folder / stale).unlink(missing_ok=True)
    for name in (CSS, SEARCH_JS):
        _write_if_changed(folder / name, (HERE / "static" / name).read_text(encoding="utf-8"))
