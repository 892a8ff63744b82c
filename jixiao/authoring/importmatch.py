"""Which reference row an imported quantity is: by name and unit, first among the rows of
the 分项 its subsection names, then among all; each match that needs a person's eye is
written to the review's notes (a loosely matched name, a row of another 分项, a row
matched by 分项 and unit only, a name seen before with another unit).

:mod:`jixiao.authoring.importmap` decides what is matched against what; this module only
compares a quantity with rows.
"""

from __future__ import annotations


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


def kept_name(mine: str, ref: dict, text: str, notes: list[str], label: str = "") -> str:
    """The name of a row matched to ``ref``. The earlier name stays (the office may have chosen
    a better label than the words before the number: 能力提升项目 for 项目的能力提升), unless the
    report writes the same name with a character or two changed before its last (商品和服务支出
    for 商品与服务支出): then the tables show this year's name, noted for checking."""
    earlier = str(ref["name"])
    changed = sum(x != y for x, y in zip(mine, earlier, strict=False))
    if len(mine) != len(earlier) or not 0 < changed <= 2 or len(mine) < 4 or mine[-1] != earlier[-1]:
        wording = str(ref.get("_wording") or "")  # the words around its citations in the earlier chapters
        renamed = wording and not any(name.removesuffix("（各）") in wording for name in (mine, label) if name)
        if renamed and not any(_score(name, earlier) for name in (mine, label) if name):  # matched as a similar name only
            notes.append(
                f"“{text}”（{mine}）按相近的名称对应到原有的“{earlier}”（代码 {ref['key']}），上年报告的写法与本报告不同，数据表沿用“{earlier}”。"
                f"若本报告改了这一项的名称，请在数据表的“名称”列改为新名称（与上年比较时会注明上年的名称）；"
                f"若不是同一指标，请给它一个新的代码。"
            )
        return earlier  # a different head word (…星级, …成果) names a different thing
    notes.append(
        f"“{text}”对应到原有的“{earlier}”（代码 {ref['key']}），名称按本报告写作“{mine}”，请核对是否为同一指标"
        f"（不是时，在数据表中给它一个新的代码）。"
    )
    return mine


def _ratio(a: str, b: str) -> float:
    import difflib

    return difflib.SequenceMatcher(None, a, b.removesuffix("（各）")).ratio()


def best(names: list[str], unit: str, candidates: list[dict], used: set[tuple]) -> dict | None:
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


def own_rows(candidates: list[dict], title: str) -> list[dict]:
    """The reference rows of the 分项 a (sub)section's title names (检校业务 in 检校业务有声有色)."""
    return [r for r in candidates if str(r.get("section") or "") and str(r["section"]) in title]


def in_section(
    names: list[str], unit: str, candidates: list[dict], used: set[tuple], reserved: set[tuple], title: str, text: str, notes: list[str]
) -> dict | None:
    """The row for a quantity: among the reference rows of the 分项 the (sub)section's title names
    first, then among all rows but those ``reserved`` by quantities of their own 分项; a row of
    another 分项 is noted for checking."""
    own = own_rows(candidates, title)
    found = best(names, unit, own, used) if own else None
    if found is None:
        found = best(names, unit, candidates, used | reserved)
        if found is not None and own and str(found.get("section") or ""):
            notes.append(
                f"“{text}”（{names[0]}）对应到原有分项“{found['section']}”中的“{found['name']}”（代码 {found['key']}），"
                f"不在本小节对应的分项中，请核对是否为同一指标（不是时，在数据表中给它一个新的代码）。"
            )
    return found


def other_unit(name: str, unit: str, candidates: list[dict], text: str, notes: list[str]) -> None:
    """A new row named like a reference row of another unit (抽查加油机: 台次, before 台): say so."""
    same = [r for r in candidates if r["unit"] != unit and _ratio(name, str(r["name"])) >= 0.8]
    if same:
        ref = same[0]
        notes.append(
            f"“{text}”（{name}）的单位“{unit}”与原有的“{ref['name']}”（代码 {ref['key']}）的单位“{ref['unit']}”不同，"
            f"已作为新的一行（新代码），与上年不作比较；若是同一指标，请在数据表中把它的代码改为 {ref['key']}。"
        )


def match_by_unit(placed: list, section: str, candidates: list[dict], used: set[tuple], notes: list[str]) -> None:
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
