"""Every number in a sentence of report prose, found and classified.

A *quantity* is a number with a unit, written the way the office wrote it:
its digits as typed (889.10 keeps its zero), its qualifier and where it stands
(近12.3万台件, 850余万元, 1.2万余台件, 100万元左右), Chinese numerals (两项,
三星级) and an omitted 1 (逾万台件). The vocabularies are the data
model's (:mod:`jixiao.report.wording`), so a quantity maps onto a data row field by
field.

Every other number is classified, never silently dropped, so a review can list
it. The decisions:

- ``title``: digits inside 《》 (《15KA高精度…》) are part of a name;
- ``quoted``: digits inside “” or 「」 are part of a name (“5G+计量”);
- ``report_year``: the report's year (2024年, 2024年度), bound to the year;
- ``year``: another year (比2023年), kept as text;
- ``date``: a month or day (2024年3月, 3月15日), kept as text;
- ``numbering``: 一、 （一） 1、 （6） (recorded by :mod:`jixiao.authoring.wordparse`) and 图1;
- ``attachment``: 附件2;
- ``ordinal``: 第一、第3 (and the 二 of 第一、二支部);
- ``enumeration``: 一是、二是;
- ``code``: digits glued to Latin letters (GB/T 9704, 15KA, ISO 17025);
- ``unknown``: a number with no unit the parser knows: the review asks about it.

Percentages are quantities (unit ``%``): the data holds them (注册率达100%).
Chinese numerals that are part of words (一般, 一些, 一次性, 公益一类) are not numbers; a
Chinese numeral is a quantity only before a counting unit (两项, 三星级, 四次).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from jixiao.report.wording import (
    _ARABIC,
    _BOUNDARY,
    _CN,
    _DETERMINERS,
    _FULLWIDTH,
    _LEADING,
    _OMITTED,
    _PAIRS,
    _SENTENCE_END,
    _TRAILING,
    _WORD_AFTER,
    AFTER_UNIT_QUALIFIERS,
    CHINESE_UNITS,
    PREFIX_QUALIFIERS,
    SUFFIX_QUALIFIERS,
    UNITS,
    chinese_value,
)


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, as written."""

    value: Decimal  #: numeric value; ``Decimal('889.10')`` keeps the typed places
    typed: str  #: the digits as typed: '889.10', '两', '' when omitted (逾万台件)
    unit: str  #: '万元', '万台件', '人次', '%'
    qualifier: str = ""  #: one of QUALIFIERS, or ''
    position: str = ""  #: one of POSITIONS when there is a qualifier
    notation: str = "数字"  #: one of NOTATIONS
    each: bool = False  #: written with 各 (各3次)

    def written(self) -> str:
        """The quantity as the report writes it (the same rules as issue 9's ``style.quantity``)."""
        digits, unit, q = self.typed, self.unit, self.qualifier
        if not q:
            return f"{digits}{unit}"
        if self.position == "数字后":
            return f"{digits}{q}{unit}"
        if self.position == "单位首字后":
            return f"{digits}{unit[:1]}{q}{unit[1:]}"
        if self.position == "单位后":
            return f"{digits}{unit}{q}"
        return f"{q}{digits}{unit}"


@dataclass(frozen=True)
class Mention:
    """One number in a paragraph: a quantity, or a number that stays text (``kind``)."""

    kind: str  #: a key of KINDS
    text: str  #: the span exactly as in the paragraph (with qualifier and unit for a quantity)
    start: int
    end: int
    sentence: str  #: the sentence holding it
    context: str  #: the clause before it, up to the previous number or punctuation
    quantity: Quantity | None = None

    @property
    def label(self) -> str:
        """A readable name from the context: connectives and verbs at the edges removed."""
        label = self.context.strip(" 　")
        changed = True
        while changed:
            changed = False
            for lead in _LEADING:
                if label.startswith(lead) and len(label) > len(lead):
                    label, changed = label[len(lead) :], True
            for trail in _TRAILING:
                if label.endswith(trail) and len(label) > len(trail):
                    label, changed = label[: -len(trail)], True
        return label.strip(" 　")


def _spans(text: str) -> list[tuple[int, int, str]]:
    """Spans inside 《》 (title) and “” 「」 (quoted)."""
    out, stack = [], []
    for i, ch in enumerate(text):
        if ch in _PAIRS:
            stack.append((ch, i))
        elif stack and ch == _PAIRS[stack[-1][0]]:
            opener, start = stack.pop()
            if not stack:
                out.append((start, i + 1, "title" if opener in "《〈" else "quoted"))
    return out


def _match_unit(text: str, pos: int, units) -> str:
    return next((u for u in units if text.startswith(u, pos)), "")


def _clause_start(text: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and text[i - 1] not in _BOUNDARY:
        i -= 1
    return i


def _sentence(text: str, start: int, end: int) -> str:
    s = start
    while s > 0 and text[s - 1] not in _SENTENCE_END and text[s - 1] != "\n":
        s -= 1
    e = end
    while e < len(text) and text[e] not in _SENTENCE_END and text[e] != "\n":
        e += 1
    return text[s : min(e + 1, len(text))].strip()


def find_numbers(text: str, year: int | None = None, units: tuple[str, ...] = ()) -> list[Mention]:
    """Every number in ``text``, in order: quantities and classified non-quantities.

    ``year`` is the report year (its mentions are ``report_year``); ``units``
    adds units the data already uses (from the previous year's tables).
    """
    norm = text.translate(_FULLWIDTH)
    all_units = tuple(sorted(set(UNITS) | set(units), key=len, reverse=True))
    spans = _spans(norm)
    found: list[tuple[int, int, str, Quantity | None]] = []
    taken: set[int] = set()

    def inside(pos: int) -> str:
        return next((kind for s, e, kind in spans if s < pos < e), "")

    for m in _OMITTED.finditer(norm):  # 逾万台件: the 1 is not written
        if inside(m.start()):
            continue
        unit_rest = _match_unit(norm, m.end(), all_units)
        if not unit_rest:
            continue
        q = Quantity(Decimal(1), "", m.group(2) + unit_rest, m.group(1), "数字前", "省略")
        found.append((m.start(), m.end() + len(unit_rest), "quantity", q))
        taken.update(range(m.start(), m.end() + len(unit_rest)))

    for m in _ARABIC.finditer(norm):
        s, e = m.start(), m.end()
        typed = text[s:e]
        value = Decimal(m.group(0).replace(",", ""))
        kind = inside(s)
        before, after = norm[max(0, s - 2) : s], norm[e : e + 3]
        if kind:
            found.append((s, e, kind, None))
            continue
        prev = norm[:s].rstrip(" ")[-1:]
        if (prev.isascii() and (prev.isalpha() or prev in "/-") and prev) or (after[:1].isascii() and after[:1].isalpha()):
            found.append((s, e, "code", None))
            continue
        if before.endswith("附件"):
            found.append((s, e, "attachment", None))
            continue
        if before.endswith("第"):
            found.append((s - 1, e, "ordinal", None))
            continue
        if after.startswith("年") and len(m.group(0)) == 4 and "." not in m.group(0):
            if re.match(r"年\d{1,2}月", norm[e : e + 4]):
                found.append((s, e, "date", None))
            else:
                found.append((s, e, "report_year" if year and int(value) == year else "year", None))
            continue
        if (after.startswith("月") and "." not in typed and 1 <= value <= 12) or (
            after[:1] in "日号" and s > 0 and "月" in norm[max(0, s - 3) : s]
        ):
            found.append((s, e, "date", None))
            continue
        q, end = _quantity_after(norm, s, e, typed, value, all_units)
        start = s - 1 if q and q.position == "数字前" else s
        found.append((start, end, "quantity" if q else "unknown", q))

    for m in _CN.finditer(norm):
        s, e = m.start(), m.end()
        if inside(s) or s in taken or any(a <= s < b for a, b, *_ in found):
            continue
        if s > 0 and norm[s - 1] == "第":
            found.append((s - 1, e, "ordinal", None))
            continue
        if _ordinal_chain(norm, s):
            found.append((s, e, "ordinal", None))
            continue
        if norm.startswith("是", e) and chinese_value(m.group(0)) is not None and (s == 0 or norm[s - 1] in _BOUNDARY + "、"):
            found.append((s, e + 1, "enumeration", None))
            continue
        value = chinese_value(m.group(0))
        if value == 1 and s > 0 and norm[s - 1] in _DETERMINERS:
            continue  # 某一年度, 上一年, 每一次, 同一个: a word, not a count of one
        unit = _match_unit(norm, e, CHINESE_UNITS)
        if (
            value is None
            or not unit
            or (norm[e + len(unit) : e + len(unit) + 1] in _WORD_AFTER and norm[e + len(unit) : e + len(unit) + 1])
        ):
            continue
        q = Quantity(Decimal(value), text[s:e], unit, notation="汉字")
        found.append((s, e + len(unit), "quantity", q))

    found.sort(key=lambda f: f[0])
    out: list[Mention] = []
    floor = 0
    for s, e, kind, q in found:
        if q and norm[max(0, s - 1) : s] == "各":
            q = Quantity(q.value, q.typed, q.unit, q.qualifier, q.position, q.notation, each=True)
        start = _clause_start(norm, s, floor)
        context = text[start:s]
        out.append(Mention(kind, text[s:e], s, e, _sentence(text, s, e), context, q))
        if kind in ("title", "quoted", "ordinal", "enumeration", "code"):
            continue  # part of the name: the next quantity's context runs over it
        floor = e
        if kind in ("report_year", "year", "date"):
            floor += 2 if norm.startswith("年度", e) else 1
        while floor < len(norm) and norm[floor] in "、和及与 ":
            floor += 1
    return out


def _ordinal_chain(text: str, pos: int) -> bool:
    """二 in 第一、二支部: a numeral after 、 following an ordinal."""
    m = re.search(r"第[零一二两三四五六七八九十]+(?:、[零一二两三四五六七八九十]+)*、$", text[:pos])
    return bool(m)


def _quantity_after(text: str, s: int, e: int, typed: str, value: Decimal, units) -> tuple[Quantity | None, int]:
    """The qualifier, unit and qualifier position around an Arabic number at [s, e)."""
    qualifier, position = "", ""
    if s > 0 and text[s - 1] in PREFIX_QUALIFIERS:
        qualifier, position = text[s - 1], "数字前"
    pos = e
    while pos < len(text) and text[pos] == " ":
        pos += 1
    if not qualifier and text[pos : pos + 1] in SUFFIX_QUALIFIERS:
        qualifier, position = text[pos], "数字后"
        pos += 1
    unit = ""
    if text[pos : pos + 1] in ("万", "亿"):
        magnitude = text[pos]
        rest_pos = pos + 1
        if not qualifier and text[rest_pos : rest_pos + 1] in SUFFIX_QUALIFIERS:
            qualifier, position = text[rest_pos], "单位首字后"
            rest_pos += 1
        base = _match_unit(text, rest_pos, units)
        unit, pos = magnitude + base, rest_pos + len(base)
    else:
        unit = _match_unit(text, pos, units)
        pos += len(unit)
    if not unit:
        return None, e
    if not qualifier:
        after = next((a for a in AFTER_UNIT_QUALIFIERS if text.startswith(a, pos)), "")
        if after:
            qualifier, position = after, "单位后"
            pos += len(after)
    return Quantity(value, typed, unit, qualifier, position, "数字"), pos
