"""The files a reader downloads for each year's report: the PDF and the Word document.

Their paths in the site (``pdf/report-2024.pdf``, ``word/report-2024.docx``), the
Chinese name a browser saves them under and their links, defined once for the
build stages, the pages and the publish checks.
"""

from __future__ import annotations

import html

from jixiao.book.latex import UNIT

KINDS = ("pdf", "word")
EXTENSION = {"pdf": "pdf", "word": "docx"}
#: The link text on the pages, and the name in messages.
LABEL = {"pdf": "PDF", "word": "Word"}
DESCRIPTION = {"pdf": "PDF", "word": "Word 文档"}


def site_path(year: int, kind: str) -> str:
    """Where the file sits in the site, relative to its root: ``<kind>/report-<year>.<extension>``."""
    return f"{kind}/report-{year}.{EXTENSION[kind]}"


def saved_name(year: int, kind: str) -> str:
    """The name the reader's browser saves it under."""
    return f"{UNIT}{year}年度部门整体支出绩效自评报告.{EXTENSION[kind]}"


def link(year: int, kind: str, href: str, css_class: str = "") -> str:
    """An ``<a>`` to the file at ``href`` that saves it under :func:`saved_name`."""
    attrs = f' class="{css_class}"' if css_class else ""
    return f'<a{attrs} href="{html.escape(href, quote=True)}" download="{saved_name(year, kind)}">{LABEL[kind]}</a>'
