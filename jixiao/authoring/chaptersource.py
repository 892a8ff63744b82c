"""A year's report as plain text, read from its MyST chapter sources.

The same model as a parsed Word file (:mod:`jixiao.authoring.wordparse`): a title block,
chapters 一、…, sections （一）…, blocks of text, list items, figures and tables.
Every ``{glue:text}`` role is resolved from the year's data through
:func:`jixiao.book.glue.numbers`, ``{term}`` roles keep their text, code cells and
other directives (the 待改写 note of a draft) are left out, and the numbering
is the site's (:mod:`jixiao.book.numbering`): chapter NN is NN、, its ``##`` headings
（一）…, its ordered lists 1、….

Figures and tables are whatever the chapter's own code cell glues (``glue_charts``,
``glue_comparisons`` …): :func:`glued` runs the chapter's code cells in-process
with :mod:`jixiao.book.glue`'s ``myst_nb.glue`` replaced by a recorder, so the export
shows exactly the objects the site and the PDF show, whatever names or selectors
the chapter uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from jixiao.authoring.wordparse import Block, Chapter, Report, Section, TitleBlock
from jixiao.book import names
from jixiao.util import paths

_ROLE_TEXT = re.compile(r"^(.*?)\s*(?:<[^>]*>)?$", re.S)


class ExportError(Exception):
    """A chapter can't be turned into text (an unknown number reference …); Chinese message."""


@dataclass
class Figure:
    """A figure or table the chapter shows, resolved: ``obj`` is a jixiao.book.figure.Figure or a ShownTable."""

    key: str
    caption: str
    obj: object = None


@dataclass
class SourceBlock(Block):
    figure: Figure | None = field(default=None)


def _parser():
    return create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "deflist", "substitution"}), RendererHTML)


def chapter_files(year: int) -> list[Path]:
    """The year's chapters in report order: chapters/<year>/NN-slug.md."""
    folder = paths.CHAPTERS / str(year)
    return sorted(p for p in folder.glob("*.md") if re.match(r"^\d{2}-", p.name))


def title_block(year: int) -> TitleBlock:
    """附件, title and unit: report.yml's ``attachment`` (and ``title``/``unit`` when it has
    them), else the PDF's title and unit (:mod:`jixiao.book.latex`)."""
    from jixiao.book import latex
    from jixiao.report.years import report_meta

    meta = report_meta(year)
    return TitleBlock(
        attachment=str(meta.get("attachment", "") or ""),
        title=str(meta.get("title") or latex.TITLE),
        unit=str(meta.get("unit") or latex.UNIT),
        year=year,
    )


def glued(path: Path, code: list[str]) -> dict:
    """Run a chapter's code cells and return what they glue, by name (numbers, figures, tables)."""
    from unittest import mock

    from jixiao.book import glue

    recorded: dict = {}

    def record(name, variable, display=True):
        recorded[name] = variable

    with mock.patch.object(glue, "_glue", record):
        for source in code:
            try:
                exec(compile(source, str(path), "exec"), {"__name__": "__chapter__"})
            except Exception as err:  # the chapter's code, as the build runs it
                raise ExportError(
                    f"文件 {paths.rel(path)} 中生成数字和图表的代码出错（{type(err).__name__}: {err}）。请先运行 make validate 检查数据。"
                ) from None
    return recorded


def source_report(year: int) -> Report:
    """The year's whole report as text, with its figures and tables built."""
    from jixiao.book import glue
    from jixiao.report.data import load_year

    data = load_year(year)
    numbers = glue.numbers(data)
    rows = names.targets(data)
    files = chapter_files(year)
    if not files:
        raise ExportError(f"找不到 {year} 年度的章节文件（chapters/{year}/01-….md）。请先运行 .venv/bin/python -m jixiao new-year {year}。")
    md = _parser()
    chapters = []
    for path in files:
        chapters.append(_chapter(path, int(path.name[:2]), md, numbers, rows))
    return Report(title_block(year), chapters, year)


def _chapter(path: Path, order: int, md, numbers: dict, rows: list | None = None) -> Chapter:
    where = paths.rel(path)
    tokens = md.parse(path.read_text(encoding="utf-8"))
    cells = [t.content for t in tokens if t.type == "fence" and t.info.startswith("{code-cell}")]
    objects = glued(path, [_code(c) for c in cells]) if cells else {}
    # numbers as jixiao.book.glue.numbers writes them, and any other text the chapter glues
    numbers = {**{k: v for k, v in objects.items() if isinstance(v, str)}, **numbers}
    chapter = Chapter(order, "")
    section: Section | None = None
    list_stack: list[list[int]] = []  # ordered lists: next number at each depth
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        line = (tok.map[0] + 1) if tok.map else None
        blocks = section.blocks if section else chapter.blocks
        if tok.type == "heading_open":
            text = _inline(tokens[i + 1], numbers, where, line, rows)
            if tok.tag == "h1" and not chapter.title:
                chapter.title = text
            elif tok.tag == "h2":
                section = Section(len(chapter.sections) + 1, text)
                chapter.sections.append(section)
            else:
                blocks.append(SourceBlock(text))
            i += 3
            continue
        if tok.type == "ordered_list_open":
            list_stack.append([int(tok.attrs.get("start", 1) or 1)])
        elif tok.type == "bullet_list_open":
            list_stack.append([0])
        elif tok.type in ("ordered_list_close", "bullet_list_close"):
            list_stack.pop()
        elif tok.type == "paragraph_open":
            text = _inline(tokens[i + 1], numbers, where, line, rows)
            item_start = tokens[i - 1].type == "list_item_open" if i else False
            if list_stack and item_start and list_stack[-1][0]:
                blocks.append(SourceBlock(text, "item", list_stack[-1][0]))
                list_stack[-1][0] += 1
            else:
                blocks.append(SourceBlock(text))
            i += 3
            continue
        elif tok.type == "fence" and tok.info.startswith("{glue:figure}"):
            key = tok.info.split(maxsplit=1)[1].strip()
            caption_md = tok.content.split("\n\n", 1)[1] if "\n\n" in tok.content else ""
            caption = _inline(md.parseInline(caption_md.strip())[0], numbers, where, line, rows) if caption_md.strip() else ""
            blocks.append(SourceBlock(caption, "figure", figure=Figure(key, caption, _object(key, objects, where, line))))
        elif tok.type == "fence" and tok.info.startswith("{glue}"):
            key = tok.info.split(maxsplit=1)[1].strip()
            obj = _object(key, objects, where, line)
            if hasattr(obj, "frame"):  # a comparison without a previous year shows nothing
                caption = getattr(obj, "caption", "") if obj is not None else ""
                blocks.append(SourceBlock(caption, "table", figure=Figure(key, caption, obj)))
        i += 1
    if not chapter.title:
        raise ExportError(f"文件 {where} 没有一级标题（# 标题），无法确定这一部分的名称。")
    return chapter


def _object(key: str, objects: dict, where: str, line):
    if key not in objects:
        raise ExportError(f"文件 {where} 第 {line} 行：图表或表格“{key}”没有由本章的代码生成。请检查名称是否写错。")
    return objects[key]


def _code(cell: str) -> str:
    """A code cell's source without its leading ``:tags:`` option lines."""
    lines = cell.splitlines()
    while lines and lines[0].startswith(":"):
        lines.pop(0)
    return "\n".join(lines)


def _inline(token, numbers: dict, where: str, line, rows: list | None = None) -> str:
    """The text of an inline token: roles resolved, markup dropped."""
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type == "myst_role":
            name = child.meta.get("name", "")
            if name in ("glue:text", "glue", "glue:"):
                key = child.content.strip().split(":")[0] if name != "glue:text" else child.content.strip()
                if key not in numbers:
                    close = [k for k in numbers if k.split(".")[0] == key.split(".")[0]][:5]
                    raise ExportError(
                        f"文件 {where} 第 {line} 行：引用的数值“{key}”在 {numbers.get('year', '')} 年度数据中不存在"
                        + (f"（同一表中有：{'、'.join(close)}）" if close else "")
                        + "。请检查代码是否写错。"
                    )
                out.append(numbers[key])
            elif name == "n":  # a readable reference, {n}`事业编制`
                try:
                    out.append(numbers[names.resolve(child.content, rows or []).glue_key])
                except names.UnknownName as err:
                    raise ExportError(f"文件 {where} 第 {line} 行：{err}。") from None
            else:
                out.append(_ROLE_TEXT.match(child.content).group(1))
        elif child.type in ("softbreak", "hardbreak"):
            out.append("")
    return "".join(out).strip()
