"""What an imported chapter reuses from another year's chapter of the same title:
its file name's slug, its sections' labels (kept unique within the chapter), and
the charts and comparison tables its code makes, where the imported data has
their rows.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.authoring.importmap import normal
from jixiao.util import paths

_FILE = re.compile(r"^(\d{2})-([a-z0-9-]+)\.md$")
_SECTION_LABEL = re.compile(r"^\((sec-\d{4}-([a-z0-9-]+))\)=\s*\n##\s+(.+)$", re.M)
_DIRECTIVE = re.compile(r"^```\{glue(?::figure)?\}[ \t]+(\w+)\.(\w+)[^\n]*\n.*?^```[ \t]*$", re.M | re.S)
_GLUE_TABLE = re.compile(r"\{glue:text\}`([a-z]+)\.")


@dataclass
class OtherChapter:
    """A chapter of another year: what an imported chapter of the same title reuses."""

    year: int
    path: Path
    slug: str
    sections: dict[str, str] = field(default_factory=dict)  #: normal(title) → label slug
    tables: Counter = field(default_factory=Counter)


def title_of(text: str) -> str:
    m = re.search(r"^#\s+(.+)$", text, re.M)
    return m.group(1).strip() if m else ""


def other_chapters(year: int, prefer: int | None) -> dict[str, OtherChapter]:
    """normal(title) → the chapter of another year with that title (``prefer``'s first, then the newest)."""
    from jixiao.report.years import chapter_years

    years = [y for y in chapter_years() if y != year]
    if prefer in years:
        years.remove(prefer)
        years.insert(0, prefer)
    out: dict[str, OtherChapter] = {}
    for y in years:
        for path in sorted((paths.CHAPTERS / str(y)).glob("*.md")):
            m = _FILE.match(path.name)
            if not m:
                continue
            text = path.read_text(encoding="utf-8")
            title = normal(title_of(text))
            if not title or title in out:
                continue
            info = OtherChapter(y, path, m.group(2))
            for label in _SECTION_LABEL.finditer(text):
                info.sections[normal(label.group(3))] = label.group(2)
            info.tables.update(_GLUE_TABLE.findall(text))
            out[title] = info
    return out


def title_tables(others: dict[str, OtherChapter]) -> dict[str, str]:
    """normal(title) → the table a chapter's quantities go to (staffing or expenditure when it cites them)."""
    out = {}
    for title, info in others.items():
        cited = [t for t in ("staffing", "expenditure") if info.tables[t]]
        if cited or info.tables:
            out[title] = max(cited, key=lambda t: info.tables[t]) if cited else "performance"
    return out


def _calls(text: str) -> dict[str, dict[str, str]]:
    """glue_charts/glue_comparisons keyword arguments of a chapter's code cell."""
    out: dict[str, dict[str, str]] = {"glue_charts": {}, "glue_comparisons": {}}
    for cell in re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", text, re.S | re.M):
        code = "\n".join(line for line in cell.splitlines() if not line.startswith(":"))
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in out:
                for kw in node.keywords:
                    if kw.arg and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                        out[node.func.id][kw.arg] = kw.value.value
    return out


def figures(info: OtherChapter | None, year: int, data, titles: list[str] = ()) -> tuple[dict, dict[str, list[str]]]:
    """The reference chapter's charts and tables that the imported data can show:
    (calls, section → directives) with "" for the chapter's own part. A section the imported
    chapter renamed (``titles``: its sections' normal titles, in order) keeps its figures when
    it stands where the reference chapter had it (检校服务提质增效 for 检校业务有声有色)."""
    from jixiao.authoring.scaffold import retarget
    from jixiao.report.data import selector_problem

    if info is None:
        return {"glue_charts": {}, "glue_comparisons": {}}, {}
    text = info.path.read_text(encoding="utf-8")
    calls = _calls(text)
    for name in calls:
        calls[name] = {k: v for k, v in calls[name].items() if selector_problem(data, v) is None}
    kept = {f"fig.{k}" for k in calls["glue_charts"]} | {f"cmp.{k}" for k in calls["glue_comparisons"]}
    placed: dict[str, list[str]] = {}
    headings = [(m.start(), normal(m.group(1))) for m in re.finditer(r"^##\s+(.+)$", text, re.M)]
    before = [t for _pos, t in headings]
    renamed = {t: titles[i] for i, t in enumerate(before) if t not in titles and i < len(titles) and titles[i] not in before}
    for m in _DIRECTIVE.finditer(text):
        if f"{m.group(1)}.{m.group(2)}" not in kept:
            continue
        section = next((t for pos, t in reversed(headings) if pos < m.start()), "")
        placed.setdefault(renamed.get(section, section), []).append(retarget(m.group(0), info.year, year))
    return calls, placed


def section_labels(slug: str, sections: list[tuple[int, str | None]]) -> list[str]:
    """Each section's label: the label of the same-titled section of the reference year,
    else ``<slug>-section<number>``, never one another section of the chapter has
    (a kept ``performance-section7`` and a new seventh section would clash)."""
    taken = {kept for _number, kept in sections if kept}
    out = []
    for number, kept in sections:
        label = kept if kept and kept not in out else None
        candidate, n = f"{slug}-section{number}", number
        while label is None:
            if candidate not in taken and candidate not in out:
                label = candidate
            n += 1
            candidate = f"{slug}-section{n}"
        out.append(label)
    return out


_REFERENCE = re.compile(r"\{(glue:text|n)\}`([^`]+)`")
_ROLE = re.compile(r"\{([\w:-]+)\}`(?:([^`<]*?)\s*<[^`>]*>|([^`]*))`")


def _plain(text: str) -> str:
    """Prose without markup: a role's text stays ({term}`检定` → 检定), a pasted value goes."""
    return _ROLE.sub(lambda r: "" if r.group(1) in ("glue:text", "n") else (r.group(2) or r.group(3) or ""), text)


def cited_wording(year: int | None, rows: list[dict]) -> dict[tuple[str, str], str]:
    """(table, code) → the words around each citation of that row in ``year``'s chapters, the
    citation taken out (巩固{…}文明单位成果 → 巩固文明单位成果): what the report called it."""
    if year is None:
        return {}
    by_name: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        by_name.setdefault(str(row["name"]), []).append((row["_table"], str(row["key"])))
    out: dict[tuple[str, str], str] = {}
    for path in sorted((paths.CHAPTERS / str(year)).glob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for m in _REFERENCE.finditer(text):
            kind, ref = m.groups()
            table, _, key = ref.partition(".")
            keys = [(table, key)] if kind == "glue:text" else by_name.get(ref.rpartition(":")[2], [])
            around = _plain(text[max(0, m.start() - 80) : m.start()]) + _plain(text[m.end() : m.end() + 40])
            for found in keys:
                out[found] = out.get(found, "") + "\n" + around
    return out
