"""Word's automatic numbering, rendered as the reader sees it (一、 （一） 1、 are often not typed)."""

from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_CHINESE_FORMATS = (
    "chineseCounting",
    "chineseCountingThousand",
    "chineseLegalSimplified",
    "ideographTraditional",
    "japaneseCounting",
    "taiwaneseCounting",
    "taiwaneseCountingThousand",
)


class AutoNumbers:
    """Word's automatic numbering (``w:numPr``, direct or from the paragraph's style), rendered as
    the reader sees it: 一、 （一） 1、 are often not in the text at all. Counters per list and level;
    a level restarts when a higher one advances. A list is an abstract numbering definition, as Word
    counts: headings pasted in, each with its own ``w:num`` over one definition, go on 一、二、三、;
    a ``w:num`` that overrides its start begins a list of its own. Bullets and unknown formats give no label."""

    def __init__(self, document):
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        self.style_num: dict[str, tuple[str, int]] = {}
        self.list_of: dict[str, str] = {}  #: numId → the list its counters belong to
        try:
            numbering = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            numbering = None
        if numbering is None:
            return
        abstract = {a.get(W + "abstractNumId"): a for a in numbering.iterchildren(W + "abstractNum")}
        for num in numbering.iterchildren(W + "num"):
            ref = num.find(W + "abstractNumId")
            definition = abstract.get(ref.get(W + "val")) if ref is not None else None
            if definition is None:
                continue
            num_id = num.get(W + "numId")
            starts = {
                int(o.get(W + "ilvl", "0")): int(o.find(W + "startOverride").get(W + "val", "1"))
                for o in num.iterchildren(W + "lvlOverride")
                if o.find(W + "startOverride") is not None
            }
            self.list_of[num_id] = f"num-{num_id}" if starts else f"abstract-{ref.get(W + 'val')}"
            for lvl in definition.iterchildren(W + "lvl"):
                fmt, text, start = lvl.find(W + "numFmt"), lvl.find(W + "lvlText"), lvl.find(W + "start")
                level = int(lvl.get(W + "ilvl", "0"))
                self.levels[(num_id, level)] = (
                    fmt.get(W + "val") if fmt is not None else "decimal",
                    text.get(W + "val") if text is not None else "",
                    starts.get(level, int(start.get(W + "val")) if start is not None else 1),
                )
        for st in document.styles.element.iterchildren(W + "style"):
            num_pr = st.find(f"{W}pPr/{W}numPr")
            if num_pr is not None:
                num_id, ilvl = num_pr.find(W + "numId"), num_pr.find(W + "ilvl")
                if num_id is not None:
                    self.style_num[st.get(W + "styleId")] = (num_id.get(W + "val"), int(ilvl.get(W + "val")) if ilvl is not None else 0)

    def label(self, p, style_id: str) -> str:
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is not None and num_pr.find(W + "numId") is not None:
            ilvl = num_pr.find(W + "ilvl")
            key = (num_pr.find(W + "numId").get(W + "val"), int(ilvl.get(W + "val")) if ilvl is not None else 0)
        elif style_id in self.style_num:
            key = self.style_num[style_id]
        else:
            return ""
        if key not in self.levels:
            return ""
        num_id, level = key
        list_id = self.list_of.get(num_id, num_id)
        counter = (list_id, level)
        self.counters[counter] = self.counters.get(counter, self.levels[key][2] - 1) + 1
        for other_id, other_level in list(self.counters):
            if other_id == list_id and other_level > level:
                del self.counters[(other_id, other_level)]
        fmt, text, _ = self.levels[key]
        if fmt in ("bullet", "none") or not text:
            return ""

        def render(match):
            lvl = int(match.group(1)) - 1
            value = self.counters.get((list_id, lvl), self.levels.get((num_id, lvl), ("", "", 1))[2])
            lvl_fmt = self.levels.get((num_id, lvl), ("decimal",))[0]
            if lvl_fmt in _CHINESE_FORMATS:
                from jixiao.book.style import chinese_numeral

                return chinese_numeral(value, counting=False) if value < 100 else str(value)
            return str(value)

        return re.sub(r"%(\d)", render, text)
