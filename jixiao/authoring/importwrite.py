"""The chapters of an imported report, written as MyST files.

Each chapter is a file ``NN-slug.md``: the slug (and the labels of its
sections) of another year's chapter with the same title, else ``partN`` and
``sectionN``. Each quantity becomes a readable reference to its row,
``{n}`名称``` (``{n}`分项:名称``` when two rows share the name, the glue key
when even that is not unique), and the report year becomes
``{glue:text}`year```; every other character is the report's, escaped for
MyST. Charts and comparison tables are those of the matching chapter of the
reference year, kept when their selectors select rows in the imported data.
"""

from __future__ import annotations

import re
from pathlib import Path

from jixiao.authoring.importmap import Plan, Row, normal
from jixiao.authoring.importreuse import OtherChapter, figures, section_labels
from jixiao.book.glue import year_key
from jixiao.report.schema import BY_NAME
from jixiao.util import paths

FRONT_MATTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---
"""
_ESCAPE = re.compile(r"([\\`*_{}\[\]<>#|~$])")


def escape(text: str) -> str:
    """Report text as MyST shows it verbatim."""
    text = _ESCAPE.sub(r"\\\1", text)
    if re.match(r"^(\d+)([.)])", text):
        text = re.sub(r"^(\d+)([.)])", r"\1\\\2", text)
    elif text[:1] in "-+=>(:%":
        text = "\\" + text
    return text


def reference(row: Row, rows: list[Row]) -> str:
    """The readable reference to ``row``: its name, prefixed when not unique, else its glue key."""
    if "`" not in row.name and ":" not in row.name:
        if sum(r.name == row.name for r in rows) == 1:
            return f"{{n}}`{row.name}`"
        prefix = row.section or BY_NAME[row.table].title
        same = [r for r in rows if r.name == row.name and (r.section or BY_NAME[r.table].title) == prefix]
        if len(same) == 1:
            return f"{{n}}`{prefix}:{row.name}`"
    return f"{{glue:text}}`{row.table}.{row.key}`"


def glossary_terms() -> list[str]:
    """The terms of the book's glossary (glossary.md), longest first."""
    path = paths.ROOT / "glossary.md"
    if not path.is_file():
        return []
    block = re.search(r"^```\{glossary\}\n(.*?)^```", path.read_text(encoding="utf-8"), re.S | re.M)
    terms = re.findall(r"^(\S[^\n]*)$", block.group(1), re.M) if block else []
    return sorted({t.strip() for t in terms if "`" not in t and "<" not in t}, key=len, reverse=True)


def linked(text: str, terms: list[str], seen: set[str]) -> str:
    """Escaped text with the first use in a chapter of each glossary term as a {term} role."""
    spans, pos = [], 0
    if terms:
        pattern = re.compile("|".join(re.escape(t) for t in terms))
        for m in pattern.finditer(text):
            if m.group(0) not in seen:
                seen.add(m.group(0))
                spans.append((m.start(), m.end()))
    out = []
    for start, end in spans:
        out += [escape(text[pos:start]) if text[pos:start] else "", f"{{term}}`{text[start:end]}`"]
        pos = end
    out.append(escape(text[pos:]) if text[pos:] else "")
    return "".join(out)


def prose(text: str, mentions: list, rows: list[Row], year: int, terms: list[str] = (), seen: set[str] | None = None) -> str:
    """A block's text with each quantity as a reference, years bound to the report year
    (``year``, ``year-1``), and glossary terms linked (first use in the chapter)."""
    seen = set() if seen is None else seen
    out, last = [], 0
    for m, row in mentions:
        out.append(linked(text[last : m.start], terms, seen))
        out.append(reference(row, rows) if row is not None else f"{{glue:text}}`{year_key(m, year)}`")
        last = m.end
    out.append(linked(text[last:], terms, seen))
    return "".join(out)


def chapter_text(chapter, placed_by_block: dict, rows: list[Row], year: int, slug: str, info, data) -> str:
    calls, directives = figures(info, year, data, [normal(section.title) for section in chapter.sections])
    uses_numbers = any(placed_by_block.values())
    parts: list[str] = []
    if uses_numbers or any(calls.values()):
        names = ["glue_numbers"] + [n for n in ("glue_charts", "glue_comparisons") if calls[n]]
        code = [f"from jixiao.book.glue import {', '.join(sorted(names))}", f"glue_numbers({year})"]
        for name in ("glue_comparisons", "glue_charts"):
            if calls[name]:
                args = ", ".join(f"{k}={v!r}".replace("'", '"') for k, v in calls[name].items())
                code.append(f"{name}({year}, {args})")
        parts.append(FRONT_MATTER + "\n```{code-cell} ipython3\n:tags: [remove-cell]\n" + "\n".join(code) + "\n```\n")
    parts.append(f"({'report' if slug == 'index' else 'ch'}-{year}-{slug})=\n# {escape(chapter.title)}\n")
    used_directives: set[str] = set()
    terms, seen = glossary_terms(), set()

    def body(section_no: int, blocks) -> None:
        items: list[str] = []
        for bi, block in enumerate(blocks):
            if block.kind not in ("p", "item"):
                continue  # pictures, captions and tables: charts come from the data
            text = prose(block.text, placed_by_block.get((section_no, bi), []), rows, year, terms, seen)
            if block.kind == "item":
                items.append(f"{block.number}. {text}")
                continue
            if items:
                parts.append("\n".join(items) + "\n")
                items = []
            parts.append(text + "\n")
        if items:
            parts.append("\n".join(items) + "\n")

    body(0, chapter.blocks)
    for key in ("",):
        for d in directives.get(key, []):
            parts.append(d + "\n")
        used_directives.add(key)
    section_slugs = info.sections if info else {}
    labels = section_labels(slug, [(section.number, section_slugs.get(normal(section.title))) for section in chapter.sections])
    for section, label in zip(chapter.sections, labels, strict=True):
        parts.append(f"({'sec'}-{year}-{label})=\n## {escape(section.title)}\n")
        body(section.number, section.blocks)
        for d in directives.get(normal(section.title), []):
            parts.append(d + "\n")
        used_directives.add(normal(section.title))
    for key, items in directives.items():  # a section the imported report no longer has
        if key not in used_directives:
            parts += [d + "\n" for d in items]
    return "\n".join(parts)


def index_text(year: int, reference_year: int | None) -> str:
    from jixiao.authoring.scaffold import retarget

    if reference_year is not None:
        path = paths.CHAPTERS / str(reference_year) / "index.md"
        if path.is_file():
            return retarget(path.read_text(encoding="utf-8"), reference_year, year)
    return (
        FRONT_MATTER
        + "\n```{code-cell} ipython3\n:tags: [remove-cell]\nfrom jixiao.book.glue import glue_numbers\n"
        + f"glue_numbers({year})\n```\n\n(report-{year})=\n# {{glue:text}}`year`年度部门整体支出绩效自评报告\n\n"
        + "衡阳市计量测试中心{glue:text}`year`年度部门整体支出绩效自评报告包括以下部分：\n\n```{tableofcontents}\n```\n"
    )


def report_yml(year: int, title_block) -> str:
    import yaml

    meta = {"status": "draft", "attachment": title_block.attachment, "title": title_block.title, "unit": title_block.unit}
    return (
        f"# {year} 年度报告的基本信息（由 Word 报告导入）。\n"
        f"# status：final 为已定稿、会发布；draft 为草稿、不发布（定稿：make finalize YEAR={year}）。\n"
        + yaml.safe_dump({k: v for k, v in meta.items() if v}, allow_unicode=True, sort_keys=False)
    )


def write_chapters(report, plan: Plan, year: int, folder: Path, data, others: dict[str, OtherChapter]) -> list[str]:
    """Write the chapter files into ``folder``; returns their names in order."""
    rows = plan.rows
    names: list[str] = []
    taken: set[str] = set()
    for chapter in report.chapters:
        info = others.get(normal(chapter.title))
        slug = info.slug if info and info.slug not in taken else f"part{chapter.number}"
        taken.add(slug)
        placed: dict = {}
        for p in plan.placed:
            if p.chapter == chapter.number:
                placed.setdefault((p.section, p.block), []).append((p.mention, p.row))
        for sec_no, blocks in [(0, chapter.blocks)] + [(s.number, s.blocks) for s in chapter.sections]:
            from jixiao.report.quantities import find_numbers

            for bi, block in enumerate(blocks):
                if block.kind in ("p", "item"):
                    years = [(m, None) for m in find_numbers(block.text, year) if year_key(m, year)]
                    if years:
                        placed[(sec_no, bi)] = sorted(placed.get((sec_no, bi), []) + years, key=lambda mr: mr[0].start)
        name = f"{chapter.number:02d}-{slug}.md"
        (folder / name).write_text(chapter_text(chapter, placed, rows, year, slug, info, data), encoding="utf-8")
        names.append(name)
    return names
