"""LaTeX settings for the per-year PDFs, after GB/T 9704-2012 (党政机关公文格式).

A4 with the standard's margins (天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm),
仿宋 body text in 三号 with 28.95 pt line spacing, 黑体 for 一、 headings,
楷体 for （一） headings, a title page with the 附件 label, a Chinese 目录 and
centred page numbers "— 1 —". One LaTeX document per year (``latex_documents``).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.util import texescape

from jixiao.book.style import LATEX_FONTS
from jixiao.report.years import published_years, report_meta

TITLE = "衡阳市计量测试中心部门整体支出绩效自评报告"
UNIT = "衡阳市计量测试中心"


def tex_name(year: int) -> str:
    return f"report-{year}.tex"


def latex_documents(years: list[int]) -> list[tuple]:
    return [(f"chapters/{y}/index", tex_name(y), TITLE, UNIT, "howto", True) for y in years]


PREAMBLE = (
    r"""
\setCJKmainfont{%(main)s}[BoldFont=%(sans)s]
\setCJKsansfont{%(sans)s}[BoldFont=%(sansbold)s]
\setCJKmonofont{%(main)s}
\setCJKfamilyfont{hei}{%(sans)s}[BoldFont=%(sansbold)s]
\setCJKfamilyfont{kai}{%(kai)s}
\setCJKfamilyfont{song}{%(song)s}[BoldFont=%(songbold)s]
\xeCJKsetup{PunctStyle=quanjiao}
\renewcommand{\contentsname}{\hfill 目\quad 录\hfill\mbox{}}
\setcounter{secnumdepth}{-1}
\setcounter{tocdepth}{2}
\usepackage{titlesec}
\titleformat{\section}{\CJKfamily{hei}\fontsize{16pt}{28.95pt}\selectfont}{}{0pt}{}
\titlespacing*{\section}{0pt}{14pt}{6pt}
\titleformat{\subsection}{\CJKfamily{kai}\fontsize{16pt}{28.95pt}\selectfont}{}{0pt}{}
\titlespacing*{\subsection}{0pt}{8pt}{4pt}
%% The page number between two 一字线 (GB/T 9704), a space each side: xeCJK drops a typed space
%% after a CJK character, so the spaces are explicit.
\newcommand{\jxfolio}{—\ \thepage\ —}
\fancypagestyle{normal}{\fancyhf{}\fancyfoot[C]{\fontsize{14pt}{14pt}\selectfont\jxfolio}%%
  \renewcommand{\headrulewidth}{0pt}\renewcommand{\footrulewidth}{0pt}}
\fancypagestyle{plain}{\fancyhf{}\fancyfoot[C]{\fontsize{14pt}{14pt}\selectfont\jxfolio}%%
  \renewcommand{\headrulewidth}{0pt}\renewcommand{\footrulewidth}{0pt}}
\AtBeginDocument{\fontsize{16pt}{28.95pt}\selectfont\setlength{\parindent}{2em}\setlength{\parskip}{0pt}}
%% The title a PDF viewer shows (its window, tab and document properties), as the report is named.
\AtBeginDocument{\hypersetup{pdftitle={\jxunit\jxyear 年度部门整体支出绩效自评报告},pdfauthor={\jxunit}}}
\usepackage{array}
\usepackage{longtable}
%% Start a new page unless #1 of space is left (a table's caption and first rows stay together).
\newcommand{\jxkeepspace}[1]{\par\begingroup\ifdim\pagegoal<\maxdimen
  \ifdim\dimexpr\pagegoal-\pagetotal\relax<#1\relax\clearpage\fi\fi\endgroup}
\makeatletter
\def\fnum@figure{\figurename\thefigure}
\renewcommand{\@makecaption}[2]{\vskip 6pt{\centering\fontsize{14pt}{20pt}\selectfont #1\quad #2\par}}
\makeatother
"""
    % LATEX_FONTS
)

MAKETITLE = r"""
\begin{titlepage}
\thispagestyle{empty}
{\CJKfamily{hei}\fontsize{16pt}{28.95pt}\selectfont \jxattachment\par}
\vspace*{45mm}
\begin{center}
{\CJKfamily{song}\bfseries\fontsize{22pt}{40pt}\selectfont \jxunit\\ 部门整体支出绩效自评报告\par}
\vspace{18mm}
{\fontsize{16pt}{28.95pt}\selectfont （\jxyear 年度）\par}
\vfill
{\fontsize{16pt}{28.95pt}\selectfont \jxunit\par}
\vspace{20mm}
\end{center}
\end{titlepage}
\setcounter{page}{1}
"""

TABLEOFCONTENTS = r"""
\begingroup\pagestyle{normal}\thispagestyle{normal}
\tableofcontents
\endgroup
\clearpage
"""


def latex_elements() -> dict:
    return {
        "papersize": "a4paper",
        "pointsize": "12pt",
        "babel": "",
        "polyglossia": "",
        "fontenc": r"\usepackage{xeCJK}",
        "geometry": r"\usepackage[a4paper,top=37mm,bottom=35mm,left=28mm,right=26mm,footskip=12mm]{geometry}",
        "preamble": PREAMBLE,
        "maketitle": MAKETITLE,
        "tableofcontents": TABLEOFCONTENTS,
        "releasename": "",
        "printindex": "",
        "makeindex": "",
        "figure_align": "H",
        "extraclassoptions": "oneside",
        "sphinxsetup": "TitleColor={rgb}{0,0,0}, InnerLinkColor={rgb}{0,0,0}, OuterLinkColor={rgb}{0,0,0}",
    }


def year_macros(year: int) -> str:
    """The per-year values the title page uses, defined at the top of that year's .tex."""
    meta = report_meta(year)
    attachment = _escape(str(meta.get("attachment", "")))
    unit = _escape(str(meta.get("unit") or UNIT))  # report.yml's unit (an imported report's title block)
    return f"\\newcommand{{\\jxyear}}{{{year}}}\n\\newcommand{{\\jxattachment}}{{{attachment}}}\n\\newcommand{{\\jxunit}}{{{unit}}}\n"


def _escape(text: str) -> str:
    """Escape LaTeX specials (% & _ # \\ { } ~ ^ $) with Sphinx's own table, for xelatex."""
    texescape.init()
    return texescape.escape(str(text), latex_engine="xelatex")


def configure(app, config) -> None:
    """``config-inited``: one LaTeX document per published year."""
    config.latex_documents = latex_documents(published_years())
    config.latex_elements = latex_elements()
    config.latex_domain_indices = False
    config.release = ""
    config.version = ""


def inject_macros(tex: Path, year: int) -> None:
    text = tex.read_text(encoding="utf-8")
    marker = "\\documentclass"
    if "\\newcommand{\\jxyear}" not in text:
        text = text.replace(marker, year_macros(year) + marker, 1)
        tex.write_text(text, encoding="utf-8")


def patch_jupyter_book() -> None:
    """Let Jupyter Book 1.0.4 accept one LaTeX document per year.

    Its ``update_latex_documents`` (run on every build) crashes with a KeyError
    when ``latex_documents`` has more than one entry: it passes its message to
    ``_message_box`` as a colour name. Multiple documents are what it meant to
    allow, so return them unchanged as it intended.
    """
    import sys

    jb_sphinx = sys.modules.get("jupyter_book.sphinx")
    if jb_sphinx is None or getattr(jb_sphinx.update_latex_documents, "jixiao", False):
        return
    original = jb_sphinx.update_latex_documents

    def update_latex_documents(latex_documents, overrides):
        if len(latex_documents) > 1:
            return latex_documents
        return original(latex_documents, overrides)

    update_latex_documents.jixiao = True
    jb_sphinx.update_latex_documents = update_latex_documents
