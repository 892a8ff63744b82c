"""The PDF stage: Sphinx's LaTeX builder, then xelatex (latexmk) once per year.

A LaTeX error stops the build with the error lines from the LaTeX log; the
PDFs are copied into the staged site as ``pdf/report-<year>.pdf``.
"""

from __future__ import annotations

import re
import shutil

from jixiao.book import latex
from jixiao.book.downloads import site_path
from jixiao.report.years import published_years

_TEX_ERROR = re.compile(r"^(!|.*:\d+: )")


def build(run, tool) -> None:
    """``run`` is the :class:`jixiao.site.build.Build`; ``tool`` runs a logged command."""
    run.sphinx("latex", "生成 LaTeX")
    latex_dir = run.stage_dir / "_build" / "latex"
    for year in published_years():
        tex = latex_dir / latex.tex_name(year)
        latex.inject_macros(tex, year)
        run.say(f"  排版 {year} 年度 PDF（xelatex）")
        cmd = ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error", tex.name]
        try:
            tool(cmd, f"排版 {year} 年度 PDF", cwd=latex_dir)
        except Exception as err:
            log = tex.with_suffix(".log")
            detail = _latex_errors(log) if log.exists() else ""
            from jixiao.site.errors import BuildFailed

            raise BuildFailed(f"生成 PDF（{year} 年度）", f"LaTeX 报错：\n{detail}\n{getattr(err, 'detail', '')}") from err
        target = run.candidate / site_path(year, "pdf")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(tex.with_suffix(".pdf"), target)
        run.say(f"  已生成 {site_path(year, 'pdf')}")


def _latex_errors(log) -> str:
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    out = []
    for i, line in enumerate(lines):
        if _TEX_ERROR.match(line):
            out += lines[i : i + 3]
    return "\n".join(out[:30]) or "\n".join(lines[-20:])
