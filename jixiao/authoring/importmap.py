"""Every quantity of an imported report becomes a data row.

:func:`plan` maps a parsed report (:mod:`jixiao.authoring.wordparse`) onto the year's
tables (:mod:`jixiao.report.schema`):

- a chapter's table comes from the chapter of another year with the same title
  (the tables its prose cites), else from its title (基本情况 → staffing,
  预算支出 → expenditure); everything else goes to ``performance``;
- a quantity is matched by name to a row of the reference rows (the draft being
  re-imported first, then the previous year): exact name, or one name ending
  with the other, with the same unit; the matched row's name and code are kept;
- in staffing and expenditure the sentence gives parent and child: after 其中 or
  包括, the following quantities of the sentence with the same unit are parts of
  the quantity before it;
- a performance row's 分项 is the 分项 most of its section's matched rows had
  (so charts and comparisons by 分项 keep working), else the section's title,
  shortened when it is two four-character phrases (检校业务有声有色 → 检校业务);
- a new row's name is its context, readable in Excel; its code is generated
  from table, 分项 and name (ASCII, stable, unique).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from jixiao.authoring.importmatch import best, in_section, kept_name, match_by_unit, other_unit, own_rows
from jixiao.authoring.importnames import generated_key, names_unique, readable_name, short_title
from jixiao.report.quantities import Mention
from jixiao.report.schema import BY_NAME, DEFAULT_POSITION

_PARENT_WORDS = ("其中", "包括")
_SENTENCE_END = "。！？!?"


@dataclass
class Row:
    table: str
    key: str
    name: str
    value: str  #: as typed ("889.10"; "2" for 两项)
    unit: str
    qualifier: str = ""
    position: str = ""
    notation: str = ""
    parent: str = ""
    section: str = ""
    matched: bool = False  #: name and code from the reference rows

    def cells(self) -> dict:
        out = {
            "key": self.key,
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "qualifier": self.qualifier,
            "position": self.position,
            "notation": self.notation,
            "parent": self.parent,
        }
        if "section" in [c.id for c in BY_NAME[self.table].columns]:
            out["section"] = self.section
        return out


@dataclass
class Placed:
    """A quantity of the report and the row it went to."""

    chapter: int
    section: int
    block: int  #: index of the block in its chapter/section
    mention: Mention
    row: Row


@dataclass
class Plan:
    rows: list[Row] = field(default_factory=list)
    placed: list[Placed] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def table(self, name: str) -> list[Row]:
        return [r for r in self.rows if r.table == name]


def chapter_table(title: str, reference_title_tables: dict[str, str]) -> str:
    key = normal(title)
    if key in reference_title_tables:
        return reference_title_tables[key]
    if "基本情况" in title:
        return "staffing"
    if "支出" in title and "绩效" not in title:
        return "expenditure"
    return "performance"


def normal(title: str) -> str:
    return re.sub(r"[\s　：:。．.]", "", title)


def written_cells(m: Mention) -> dict:
    q = m.quantity
    value = q.typed if q.notation == "数字" else str(int(q.value))
    position = "" if q.qualifier and DEFAULT_POSITION.get(q.qualifier) == q.position else q.position
    return {
        "value": value,
        "unit": q.unit,
        "qualifier": q.qualifier,
        "position": position if q.qualifier else "",
        "notation": "" if q.notation == "数字" else q.notation,
    }


def _reserved(report, year: int, by_table: dict[str, list[dict]], title_tables: dict[str, str]) -> set[tuple]:
    """The rows quantities find in their own 分项: a quantity of another subsection does not
    take them (巩固三星级 in 文明创建 took 改进措施's row from the 巩固三星级 of 五、)."""
    from jixiao.report.quantities import find_numbers

    out: set[tuple] = set()
    for ch in report.chapters:
        candidates = by_table[chapter_table(ch.title, title_tables)]
        for title, blocks in [(ch.title, ch.blocks)] + [(s.title, s.blocks) for s in ch.sections]:
            own = own_rows(candidates, title)
            for block in blocks if own else []:
                for m in find_numbers(block.text, year) if block.kind in ("p", "item") else []:
                    if m.kind == "quantity":
                        each = "（各）" if m.quantity.each else ""
                        names = [readable_name(m, block.text) + each, m.label + each]
                        found = best(names, written_cells(m)["unit"], own, out)
                        if found is not None:
                            out.add((found["_table"], found["key"]))
    return out


def plan(report, year: int, reference: list[dict], title_tables: dict[str, str]) -> Plan:
    """Rows for every quantity of ``report``; ``reference`` rows (dicts with ``_table``) give names and codes."""
    from jixiao.report.quantities import find_numbers

    out = Plan()
    used: set[tuple] = set()
    by_table = {t: [r for r in reference if r["_table"] == t] for t in BY_NAME}
    reserved = _reserved(report, year, by_table, title_tables)
    parents: dict[int, Row] = {}  # id(child) → parent row
    for ch in report.chapters:
        table = chapter_table(ch.title, title_tables)
        groups = [(0, ch.title, ch.blocks)] + [(s.number, s.title, s.blocks) for s in ch.sections]
        for sec_no, sec_title, blocks in groups:
            placed: list[Placed] = []
            refs: dict[int, dict] = {}
            for bi, block in enumerate(blocks):
                if block.kind not in ("p", "item"):
                    continue
                parent, last, last_end = None, None, 0
                for m in find_numbers(block.text, year):
                    if m.kind != "quantity":
                        if m.kind not in ("title", "quoted", "ordinal", "enumeration", "code"):
                            last_end = m.end
                        continue
                    gap = block.text[last_end : m.start]
                    if any(c in gap for c in _SENTENCE_END):
                        parent, last = None, None
                    if table != "performance" and last is not None and any(w in gap for w in _PARENT_WORDS):
                        parent = last
                    name = readable_name(m, block.text)
                    each = "（各）" if m.quantity.each else ""
                    cells = written_cells(m)
                    ref = in_section(
                        [name + each, m.label + each], cells["unit"], by_table[table], used, reserved, sec_title, m.text, out.notes
                    )
                    row = Row(table, "", name + each, **cells)
                    if not ref:
                        other_unit(name + each, cells["unit"], by_table[table], m.text, out.notes)
                    if ref:
                        used.add((ref["_table"], ref["key"]))
                        row.key, row.matched = str(ref["key"]), True
                        row.name = kept_name(row.name, ref, m.text, out.notes, label=m.label + each)
                    if parent is not None and parent.unit == row.unit:
                        parents[id(row)] = parent
                    else:
                        parent, last = None, row
                    last_end = m.end
                    p = Placed(ch.number, sec_no, bi, m, row)
                    placed.append(p)
                    if ref:
                        refs[id(row)] = ref
            section = short_title(sec_title)
            if table == "performance" and placed:
                votes = Counter(str(refs[id(p.row)].get("section", "")) for p in placed if id(p.row) in refs)
                if votes and votes.most_common(1)[0][1] * 2 >= len(placed):
                    if votes.most_common(1)[0][0] not in sec_title:
                        out.notes.append(
                            f"小节“{sec_title}”的数字多数对应到原有分项“{votes.most_common(1)[0][0]}”的行，沿用该分项"
                            f"（不是“{section}”）；如要改用新的分项名称，请在 performance.csv 的“分项”列中修改。"
                        )
                    section = votes.most_common(1)[0][0]
                    match_by_unit(placed, section, by_table[table], used, out.notes)
            for p in placed:
                p.row.section = section if table == "performance" else ""
            out.placed += placed
    out.rows = [p.row for p in out.placed]
    for ref in reference:  # last year's items this report has no number for: 本年无, unless renamed
        if (ref["_table"], ref["key"]) not in used:
            out.notes.append(
                f"原有的“{ref['name']}”（{BY_NAME[ref['_table']].filename} 代码 {ref['key']}）在本报告中没有对应的数字，"
                f"“与上年比较”中显示为“本年无”。若本报告只是改了它的名称，请把对应新行的代码改为 {ref['key']}。"
            )
    names_unique(out.placed, out.notes)
    taken = {str(r["key"]) for r in reference} | {r.key for r in out.rows if r.key}
    for row in out.rows:
        if not row.key:
            row.key = generated_key(row.table, row.section, row.name, taken)
            taken.add(row.key)
    for row in out.rows:
        if id(row) in parents:
            row.parent = parents[id(row)].key
    return out
