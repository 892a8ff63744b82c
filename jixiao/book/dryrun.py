"""Run the chapters' code before the build, without a kernel, so that ``validate``
and ``finalize`` catch what would fail during notebook execution.

Each chapter's code cells (``glue_numbers(2025)``, ``glue_charts(…)``, …) run in
this process with :func:`myst_nb.glue` replaced by a collector. An exception
becomes a Chinese :class:`jixiao.report.data.Problem` naming the chapter and the cell's
line; so does every ``{glue:text}``/``glue:figure``/``glue`` reference in the
prose that no cell glued (the build would fail on it as a warning).
"""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.report.csvread import DataError, Problem
from jixiao.report.schema import BY_NAME
from jixiao.util import paths

_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n((?::[^\n]*\n)*)(.*?)^```", re.S | re.M)
_ROLE = re.compile(r"\{glue(?::\w+)?\}`([^`]+?)`")
_DIRECTIVE = re.compile(r"^```\{glue(?::\w+)?\}[ \t]+(\S+)", re.M)


def line_at(text: str, offset: int) -> int:
    """The line (from 1) of ``offset`` in ``text``."""
    return text.count("\n", 0, offset) + 1


def _message(err: BaseException) -> str:
    if isinstance(err, KeyError) and err.args:
        return str(err.args[0])
    return f"{type(err).__name__}: {err}"


def chapter_problems(path: Path) -> list[Problem]:
    """Run one chapter's code; return what would fail in the build (empty when fine)."""
    import jixiao.book.glue as glue_module

    text = path.read_text(encoding="utf-8")
    cells = list(_CELL.finditer(text))
    glued: dict[str, object] = {}
    original = glue_module._glue
    glue_module._glue = lambda key, value, display=True: glued.__setitem__(key, value)
    try:
        for cell in cells:
            line = line_at(text, cell.start(2))
            try:
                exec(compile(cell.group(2), str(path), "exec"), {"__name__": "__jixiao_check__"})
            except DataError:
                return []  # the data's own problems are reported by the data checks
            except Exception as err:
                return [
                    Problem(
                        paths.rel(path),
                        f"本章开头的代码执行出错：{_message(err)}",
                        row=line,
                        expected="代码中引用的表、代码或分项（如 glue_charts 中的“expenditure.basic”“performance.检校业务”）"
                        "在本年度数据中存在；若删去了数据中的行，也相应修改本章的代码和正文",
                    )
                ]
    finally:
        glue_module._glue = original
    out = []
    if path.parent.name.isdigit():
        from jixiao.book import names

        out += names.problems(path, int(path.parent.name))
    refs = [(m.group(1).split(":")[0].strip(), m.start()) for m in _ROLE.finditer(text) if "::" not in m.group(1)]
    refs += [(m.group(1), m.start()) for m in _DIRECTIVE.finditer(text)]
    for key, offset in refs:
        if key in glued or key.split(".")[0] in BY_NAME:
            continue  # data references are checked against the tables (jixiao.report.rules)
        out.append(
            Problem(
                paths.rel(path),
                f"正文引用的“{key}”没有由本章开头的代码生成",
                row=line_at(text, offset),
                expected=f"本章开头的代码生成“{key}”（如 glue_charts(…, {key.split('.', 1)[-1]}=…)），或删去这处引用",
            )
        )
    return out


def year_problems(year: int) -> list[Problem]:
    out = []
    for path in sorted((paths.CHAPTERS / str(year)).glob("*.md")):
        out += chapter_problems(path)
    return out


def trends_problems() -> list[Problem]:
    """The 多年对比 page, when it is built (two or more published years)."""
    from jixiao.book.toc import TRENDS
    from jixiao.report.years import published_years

    path = paths.ROOT / f"{TRENDS}.md"
    if len(published_years()) < 2 or not path.is_file():
        return []
    return chapter_problems(path)
