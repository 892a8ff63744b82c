"""Fenced blocks in a chapter: every ``` opens a directive and is closed.

A chapter's fences are its code cells (```{code-cell}), figures (```{glue:figure}),
tables (```{glue}) and other directives. A bare ``` typed by mistake opens a literal
code block instead: the text after it, up to the next fence, would be published as
grey code with its {glue:text} references shown as written, and the sections in it
would drop out of the page, the PDF and the Word document. Sphinx does not warn, so
``validate`` and ``finalize`` do, with the line.
"""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.report.csvread import Problem
from jixiao.util import paths

_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})(.*)$")


def problems(path: Path) -> list[Problem]:
    out = []
    opened: tuple[str, int, str] | None = None  # (fence, line, info)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = _FENCE.match(line)
        if not m:
            continue
        fence, info = m.group(1), m.group(2).strip()
        if opened is not None:
            if fence[0] == opened[0][0] and len(fence) >= len(opened[0]) and not info:
                opened = None  # closed
            continue
        if not info.startswith("{"):
            out.append(
                Problem(
                    paths.rel(path),
                    f"这一行的 {fence} 后面没有指令名（如 {{glue:figure}}），会把其后的文字原样显示为代码，其中的数字引用和小节都不会生效",
                    row=number,
                    expected=f"删去这一行的 {fence}；如果它是上面图表或代码的结束标记，检查上面的开始标记（{fence}{{…}}）和结束标记是否成对",
                )
            )
        opened = (fence, number, info)
    if opened is not None:
        out.append(
            Problem(
                paths.rel(path),
                f"第 {opened[1]} 行的 {opened[0]}{opened[2]} 没有结束标记，其后的全部文字会被当作它的内容",
                row=opened[1],
                expected=f"在它的内容之后单独一行写 {opened[0]}",
            )
        )
    return out
