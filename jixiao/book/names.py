"""Readable number references: ``{n}`事业编制``` in a chapter's prose.

A number is named by its row's Chinese 名称 (the 名称 column of the year's
tables), resolved within the chapter's year. When two rows share a name, a
prefix says which one: ``{n}`人员编制:总人数``` (a table's title or file name,
``staffing``) or ``{n}`检校业务:服务单位企业``` (a 分项 of the activity table).
The prefix is split off at the first ASCII colon only when it names a table or
a 分项, so a name may hold any other character.

The role is resolved when Sphinx reads the chapter (``source-read``): it
becomes the ``{glue:text}`table.code``` role the chapter's ``glue_numbers(year)``
cell glues, so caching, re-execution on a changed CSV value and the PDF work as
for hand-written codes (which keep working). An unknown or ambiguous name is a
build warning (an error: warnings fail the build) naming the chapter, the line
and the closest names; ``validate`` and ``finalize`` report the same through
:func:`problems` (:mod:`jixiao.book.dryrun`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from jixiao.report.schema import BY_NAME, TABLES

#: ``{n}`名称``` (the role name is ASCII: MyST roles must be).
ROLE = re.compile(r"\{n\}`([^`\n]+)`")
_YEAR_DOC = re.compile(r"^chapters/(\d{4})/")


class UnknownName(LookupError):
    """A name that resolves to no row, or to more than one (Chinese message)."""


@dataclass(frozen=True)
class Target:
    table: str
    key: str
    name: str
    section: str = ""

    @property
    def glue_key(self) -> str:
        return f"{self.table}.{self.key}"

    @property
    def qualified(self) -> str:
        """The name with the prefix that makes it unique among tables and 分项."""
        return f"{self.section or BY_NAME[self.table].title}:{self.name}"


def targets(data) -> list[Target]:
    """Every named row of a year."""
    out = []
    for table in TABLES:
        frame = data.tables.get(table.name)
        if frame is None:
            continue
        for row in frame.to_dict("records"):
            if row.get("key") and row.get("name"):
                out.append(Target(table.name, row["key"], str(row["name"]), str(row.get("section") or "")))
    return out


def _prefix_matches(prefix: str, t: Target) -> bool:
    return prefix in (t.table, BY_NAME[t.table].title) or (t.section and prefix == t.section)


def resolve(ref: str, rows: list[Target]) -> Target:
    """The row ``ref`` names; :class:`UnknownName` with the closest names otherwise."""
    ref = ref.strip()
    prefix, sep, name = ref.partition(":")
    candidates = []
    if sep and any(_prefix_matches(prefix.strip(), t) for t in rows):
        candidates = [t for t in rows if _prefix_matches(prefix.strip(), t) and t.name == name.strip()]
    else:
        candidates = [t for t in rows if t.name == ref]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise UnknownName(
            f"名称“{ref}”对应多行（{'、'.join(c.qualified for c in candidates)}），"
            f"请在名称前加上表名或分项以区分，如 {{n}}`{candidates[0].qualified}`"
        )
    names = sorted({t.name for t in rows} | {t.qualified for t in rows})
    close = difflib.get_close_matches(name.strip() if sep else ref, names, n=5, cutoff=0.3)
    hint = f"相近的名称：{'、'.join(close)}" if close else "数据表的“名称”列中没有相近的名称"
    raise UnknownName(f"名称“{ref}”在数据表中找不到（{hint}）")


def references(text: str) -> list[tuple[str, int, int, int]]:
    """Each ``{n}`…``` of a chapter: (name, line, start, end)."""
    return [(m.group(1), text.count("\n", 0, m.start()) + 1, m.start(), m.end()) for m in ROLE.finditer(text)]


def rewrite(text: str, rows: list[Target]) -> tuple[str, list[tuple[int, str]]]:
    """The chapter with each readable reference as its ``{glue:text}`` key, and the
    (line, message) of each name that does not resolve (left as it was)."""
    errors: list[tuple[int, str]] = []
    out, last = [], 0
    for ref, line, start, end in references(text):
        try:
            target = resolve(ref, rows)
        except UnknownName as err:
            errors.append((line, str(err)))
            continue
        out += [text[last:start], f"{{glue:text}}`{target.glue_key}`"]
        last = end
    out.append(text[last:])
    return "".join(out), errors


def year_of(docname: str) -> int | None:
    m = _YEAR_DOC.match(docname)
    return int(m.group(1)) if m else None


def source_read(app, docname: str, source: list[str]) -> None:
    """Sphinx ``source-read``: readable references become glue keys; unknown names are warnings."""
    from sphinx.util import logging

    text = source[0]
    if "{n}`" not in text:
        return
    year = year_of(docname)
    logger = logging.getLogger("jixiao")
    if year is None:
        logger.warning("可读引用 {n}`名称` 只能用在某一年度的章节中（chapters/<年度>/）", location=docname)
        return
    from jixiao.report.data import read_year

    data, _found = read_year(year)  # the data's own problems stop the build before Sphinx
    new, errors = rewrite(text, targets(data))
    for line, message in errors:
        logger.warning(f"{message}。请改正 {docname}.md 第 {line} 行的引用。", location=(docname, line))
    source[0] = new


def problems(path, year: int) -> list:
    """What ``validate`` and ``finalize`` report for a chapter's readable references."""
    from jixiao.report.csvread import Problem
    from jixiao.report.data import read_year
    from jixiao.util import paths

    text = path.read_text(encoding="utf-8")
    if "{n}`" not in text:
        return []
    data, _found = read_year(year)
    rows = targets(data)
    out = []
    for ref, line, _s, _e in references(text):
        try:
            resolve(ref, rows)
        except UnknownName as err:
            out.append(
                Problem(
                    paths.rel(path),
                    f"正文的可读引用 {{n}}`{ref}` 无法解析：{err}",
                    row=line,
                    expected=f"data/{year}/ 的数据表中“名称”为“{ref.partition(':')[2] or ref}”的一行；"
                    "该行被删去或改名时，恢复它，或改正文中的这处引用（删去这句，或改用现在的名称）",
                )
            )
    if "glue_numbers(" not in text:
        out.append(
            Problem(
                paths.rel(path),
                "本章使用了可读引用 {n}`名称`，但开头没有生成数字的代码",
                row=1,
                expected=f"章首的代码单元中有 glue_numbers({year})（可从同年度其他章节复制）",
            )
        )
    return out
