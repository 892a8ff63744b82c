"""The Word stage: each published year's report as a Word document (``word/report-<year>.docx``),
offered for download next to its PDF. The document is :mod:`jixiao.authoring.wordexport`'s,
the same as ``python -m jixiao export --year Y 报告.docx`` writes.
"""

from __future__ import annotations

from jixiao.authoring.chaptersource import ExportError
from jixiao.authoring.wordexport import export_docx
from jixiao.book.downloads import site_path
from jixiao.report.csvread import DataError
from jixiao.report.years import published_years
from jixiao.site.errors import BuildFailed


def build(run) -> None:
    """``run`` is the :class:`jixiao.site.build.Build`; the files go into its candidate site."""
    for year in published_years():
        target = run.candidate / site_path(year, "word")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            export_docx(year, target)
        except DataError as err:
            raise BuildFailed(f"生成 Word 文档（{year} 年度）", err.report()) from err
        except ExportError as err:
            raise BuildFailed(f"生成 Word 文档（{year} 年度）", str(err)) from err
        run.say(f"  已生成 {site_path(year, 'word')}")
