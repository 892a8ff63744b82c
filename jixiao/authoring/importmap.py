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


def _score(label: str, name: str) -> int:
    base = name.removesuffix("（各）")
    if label in (name, base):
        return 3
    if label.endswith(base) or (base.endswith(label) and len(label) >= 2):
        return 2
    return 0


def match(label: str, unit: str, candidates: list[dict], used: set[tuple]) -> dict | None:
    """The reference row ``label`` names: best score, closest length, first in the table."""
    best, best_key = None, None
    for order, row in enumerate(candidates):
        if (row["_table"], row["key"]) in used or row["unit"] != unit:
            continue
        score = _score(label, str(row["name"]))
        if not score:
            continue
        key = (score, -abs(len(str(row["name"])) - len(label)), -order)
        if best_key is None or key > best_key:
            best, best_key = row, key
    return best


def _name(mine: str, ref: dict, text: str, notes: list[str]) -> str:
    """The name of a row matched to ``ref``. The earlier name stays (the office may have chosen
    a better label than the words before the number: 能力提升项目 for 项目的能力提升), unless the
    report writes the same name with a character or two changed before its last (商品和服务支出
    for 商品与服务支出): then the tables show this year's name, noted for checking."""
    earlier = str(ref["name"])
    changed = sum(x != y for x, y in zip(mine, earlier, strict=False))
    if len(mine) != len(earlier) or not 0 < changed <= 2 or len(mine) < 4 or mine[-1] != earlier[-1]:
        return earlier  # a different head word (…星级, …成果) names a different thing
    notes.append(
        f"“{text}”对应到原有的“{earlier}”（代码 {ref['key']}），名称按本报告写作“{mine}”，请核对是否为同一指标"
        f"（不是时，在数据表中给它一个新的代码）。"
    )
    return mine


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


def _ratio(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, a, b.removesuffix("（各）")).ratio()


def _best(names: list[str], unit: str, candidates: list[dict], used: set[tuple]) -> dict | None:
    for label in names:
        found = match(label, unit, candidates, used)
        if found:
            return found
    close = [
        (max(_ratio(n, str(r["name"])) for n in names), -i, r)
        for i, r in enumerate(candidates)
        if (r["_table"], r["key"]) not in used and r["unit"] == unit
    ]
    close = [c for c in close if c[0] >= 0.6]
    return max(close, key=lambda c: c[:2])[2] if close else None


def _in_section(
    names: list[str], unit: str, candidates: list[dict], used: set[tuple], title: str, text: str, notes: list[str]
) -> dict | None:
    """The row for a quantity: among the reference rows of the 分项 the (sub)section's title names
    first (检校业务 in 检校业务有声有色), then among all; a row of another 分项 is noted for checking."""
    own = [r for r in candidates if str(r.get("section") or "") and str(r["section"]) in title]
    found = _best(names, unit, own, used) if own else None
    if found is None:
        found = _best(names, unit, candidates, used)
        if found is not None and own and str(found.get("section") or ""):
            notes.append(
                f"“{text}”（{names[0]}）对应到原有分项“{found['section']}”中的“{found['name']}”（代码 {found['key']}），"
                f"不在本小节对应的分项中，请核对是否为同一指标（不是时，在数据表中给它一个新的代码）。"
            )
    return found


def _other_unit(name: str, unit: str, candidates: list[dict], text: str, notes: list[str]) -> None:
    """A new row named like a reference row of another unit (抽查加油机: 台次, before 台): say so."""
    same = [r for r in candidates if r["unit"] != unit and _ratio(name, str(r["name"])) >= 0.8]
    if same:
        ref = same[0]
        notes.append(
            f"“{text}”（{name}）的单位“{unit}”与原有的“{ref['name']}”（代码 {ref['key']}）的单位“{ref['unit']}”不同，"
            f"已作为新的一行（新代码），与上年不作比较；若是同一指标，请在数据表中改用代码 {ref['key']} 和单位“{ref['unit']}”。"
        )


def plan(report, year: int, reference: list[dict], title_tables: dict[str, str]) -> Plan:
    """Rows for every quantity of ``report``; ``reference`` rows (dicts with ``_table``) give names and codes."""
    from jixiao.report.quantities import find_numbers

    out = Plan()
    used: set[tuple] = set()
    by_table = {t: [r for r in reference if r["_table"] == t] for t in BY_NAME}
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
                    ref = _in_section([name + each, m.label + each], cells["unit"], by_table[table], used, sec_title, m.text, out.notes)
                    row = Row(table, "", name + each, **cells)
                    if not ref:
                        _other_unit(name + each, cells["unit"], by_table[table], m.text, out.notes)
                    if ref:
                        used.add((ref["_table"], ref["key"]))
                        row.key, row.matched = str(ref["key"]), True
                        row.name = _name(row.name, ref, m.text, out.notes)
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
                    _match_by_unit(placed, section, by_table[table], used, out.notes)
            for p in placed:
                p.row.section = section if table == "performance" else ""
            out.placed += placed
    out.rows = [p.row for p in out.placed]
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


def _match_by_unit(placed: list[Placed], section: str, candidates: list[dict], used: set[tuple], notes: list[str]) -> None:
    """In a section matched to a previous 分项: one unmatched quantity and one unused row of that
    分项 with the same unit are the same item (its wording changed)."""
    free = [r for r in candidates if str(r.get("section", "")) == section and (r["_table"], r["key"]) not in used]
    for unit in {p.row.unit for p in placed if not p.row.matched}:
        mine = [p for p in placed if not p.row.matched and p.row.unit == unit]
        theirs = [r for r in free if r["unit"] == unit]
        if len(mine) == 1 and len(theirs) == 1:
            row, ref = mine[0].row, theirs[0]
            notes.append(
                f"“{mine[0].mention.text}”（{row.name}）按分项“{section}”和单位对应到原有的“{ref['name']}”（代码 {ref['key']}），请核对是否为同一指标。"
            )
            used.add((ref["_table"], ref["key"]))
            row.name, row.key, row.matched = str(ref["name"]), str(ref["key"]), True
