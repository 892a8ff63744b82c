"""The Word stage: each published year's report as a Word document (``word/report-<year>.docx``),
offered for download next to its PDF. The document is :mod:`jixiao.authoring.wordexport`'s,
the same as ``python -m jixiao export --year Y 报告.docx`` writes.

Exporting a year takes a second or two (its charts are drawn as images), so each document is
kept in ``_build/word-cache`` under the hash of what it is made from (:func:`sources`): the
year's chapter folder, its data and the previous published year's (the 比上年 figures), the
package's code and the pinned libraries (the chart images' renderer among them). A build after
a change exports again only the years whose sources changed, and copies the others.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from jixiao.authoring.chaptersource import ExportError
from jixiao.authoring.wordexport import export_docx
from jixiao.book.downloads import site_path
from jixiao.report.csvread import DataError
from jixiao.report.years import published_years
from jixiao.site import inputs
from jixiao.site.errors import BuildFailed
from jixiao.util import filecache, paths

CACHE = "word-cache"


def sources(year: int) -> list[Path]:
    """Every file ``year``'s Word document is made from."""
    files = sorted(p for p in (paths.CHAPTERS / str(year)).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files + inputs.year_data_files(year) + inputs.package_files() + [paths.ROOT / "requirements.txt"]


def build(run) -> None:
    """``run`` is the :class:`jixiao.site.build.Build`; the files go into its candidate site."""
    cache = run.build_dir / CACHE
    for year in published_years():
        target = run.candidate / site_path(year, "word")
        target.parent.mkdir(parents=True, exist_ok=True)
        kept = cache / f"report-{year}-{inputs.digest(sources(year))}.docx"  # older entries: report-{year}-*.docx
        if kept.is_file():
            shutil.copyfile(kept, target)
            run.say(f"  已生成 {site_path(year, 'word')}（来源未变，沿用上次生成的文档）")
            continue
        try:
            export_docx(year, target)
        except DataError as err:
            raise BuildFailed(f"生成 Word 文档（{year} 年度）", err.report()) from err
        except ExportError as err:
            raise BuildFailed(f"生成 Word 文档（{year} 年度）", str(err)) from err
        _keep(target, kept)
        run.say(f"  已生成 {site_path(year, 'word')}")


def _keep(document: Path, kept: Path) -> None:
    """Keep ``document`` as ``kept``, in place of the year's older entry; a cache that cannot be
    written (a full disk, say) only costs the next build time."""
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        filecache.write_atomic(kept, document.read_bytes())
        for old in kept.parent.glob(kept.name.rsplit("-", 1)[0] + "-*.docx"):
            if old != kept:
                old.unlink(missing_ok=True)
    except OSError:
        pass
