"""The files a reader downloads for each year's report: the PDF and the Word document.

Their paths in the site (``pdf/report-2024.pdf``, ``word/report-2024.docx``) and the
Chinese name a browser saves them under, defined once for the pages, the build and
the publish checks.
"""

from __future__ import annotations

from jixiao.book.latex import UNIT, pdf_name

KINDS = ("pdf", "word")
LABEL = {"pdf": "PDF", "word": "Word"}


def docx_name(year: int) -> str:
    return f"report-{year}.docx"


def site_path(year: int, kind: str) -> str:
    """Where the file sits in the site, relative to its root."""
    return f"pdf/{pdf_name(year)}" if kind == "pdf" else f"word/{docx_name(year)}"


def saved_name(year: int, kind: str) -> str:
    """The name the reader's browser saves it under."""
    return f"{UNIT}{year}年度部门整体支出绩效自评报告." + ("pdf" if kind == "pdf" else "docx")
