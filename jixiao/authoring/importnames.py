"""Names and codes of imported rows, readable in Excel.

A row's name is the text before its number (connectives, verbs of counting and
the unit's subject stripped), or after it when the words before only connect
(5项新建计量标准和8项已建计量标准复查考核). Two new rows of one 分项 with the
same name take the subject of the quantity before them in the clause
(第一支部观看…，参加实践活动 → 第一支部参加实践活动), else a number （2）.
Codes of new rows are ``r`` + a SHA-1 prefix of table, 分项 and name: ASCII,
stable across re-imports, unique.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from itertools import pairwise

from jixiao.report.quantities import Mention

_CONNECT_END = ("和", "及", "与", "、", "等", "并")
_AFTER_STOP = re.compile(r"[，。；;：:,！？、（(“”《]|和|及|与|\d")
#: Words at the start of a context that say nothing about the item.
_LEAD = ("我单位共有", "我单位", "现有", "共有", "累计", "全年共计", "全年共", "全年", "其中：", "其中", "包括")


def short_title(title: str) -> str:
    """A subsection's 分项: its title, or the first phrase of a title of two four-character
    phrases, as offices title their subsections (检校业务有声有色 → 检校业务)."""
    if re.fullmatch(r"[\u4e00-\u9fff]{8}", title):
        return title[:4]
    return title


def readable_name(m: Mention, text: str) -> str:
    """The item's name from the words before the number, or after it when those only connect."""
    label = m.label
    changed = True
    while changed:
        changed = False
        for lead in _LEAD:
            if label.startswith(lead) and len(label) > len(lead) + 1:
                label, changed = label[len(lead) :], True
    after = _AFTER_STOP.split(text[m.end :], maxsplit=1)[0].strip()
    connects = label.endswith(_CONNECT_END) and not label.endswith(("参与", "给与"))
    if (connects and after) or (label.endswith("”") and after) or not label:
        return after or m.text
    if connects:
        return label.rstrip("".join(_CONNECT_END)) or m.text
    if len(label) <= 4 and after and after[0] not in "用为是对将在":
        return label + after
    return label


def generated_key(table: str, section: str, name: str, taken: set[str]) -> str:
    digest = hashlib.sha1(f"{table}|{section}|{name}".encode()).hexdigest()
    for n in range(6, 41):
        key = f"r{digest[:n]}"
        if key not in taken:
            return key
    raise RuntimeError("no free code")  # 2^-160: never


#: A subject at the start of a name: 第一支部, 第二小组, 办公室 … (the quantity after it shares it).
_SUBJECT = re.compile(r"^(第[一二三四五六七八九十\d]+[\u4e00-\u9fff]{0,3}?(?:支部|小组|组|部|科|室|队|中心))")


def _subjects(placed: list) -> dict[int, str]:
    """The subject a quantity inherits from the one before it in the same clause."""
    out = {}
    for before, p in pairwise(placed):
        same_block = (before.chapter, before.section, before.block) == (p.chapter, p.section, p.block)
        if not same_block or p.mention.start < before.mention.end:
            continue
        m = _SUBJECT.match(before.row.name)
        if m and not p.row.name.startswith(m.group(1)):
            out[id(p)] = m.group(1)
    return out


def names_unique(placed: list, notes: list[str]) -> None:
    """New rows of one table and 分项 that share a name take their subjects, else （2）, （3）…"""
    groups = defaultdict(list)
    for p in placed:
        groups[(p.row.table, p.row.section, p.row.name)].append(p)
    subjects = _subjects(placed)
    for same in groups.values():
        new = [p for p in same if not p.row.matched]
        if len(same) < 2 or not new:
            continue
        if all(id(p) in subjects for p in new) and len({subjects[id(p)] for p in new}) == len(new):
            for p in new:
                p.row.name = subjects[id(p)] + p.row.name
            continue
        for n, p in enumerate(new[1:] if len(new) == len(same) else new, 2):
            p.row.name = f"{p.row.name}（{n}）"
            notes.append(
                f"“{p.mention.text}”的名称与同一分项中的另一行相同，已改为“{p.row.name}”，可在数据表中改为更易读的名称。原句：{p.mention.sentence}"
            )
