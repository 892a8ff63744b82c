"""A whole report's structure from its own numbering, and every number in it.

``parse_report(read_paragraphs(path), year)`` splits the paragraphs into

- the title block before 一、: 附件2, the title, the unit (and a year or date line);
- chapters by 一、二、… (in sequence, so 一是 or a stray 一、 in the prose is text);
- sections by （一）（二）… (also （6） where the office typed a digit: the review notes it);
  a section heading that runs on into text (（一）党纪学习凝心铸魂。第一时间…) is split into
  its title and a first paragraph;
- list items by 1、2、… (1. and 1． too).

Paragraphs after the last section of a chapter stay in that section (as the site's
chapters do: 总之… closes 文明创建). Headings styles are never used. Figure
captions (图1 …), pictures and tables are kept as blocks of their own.

Plain dataclasses: mapping them onto the CSV tables waits for issue 9's data model.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.authoring.textread import Paragraph, markup_in
from jixiao.authoring.wordread import read_paragraphs
from jixiao.report.quantities import Mention, chinese_value, find_numbers

_CN_NUM = "零一二两三四五六七八九十"
CHAPTER = re.compile(rf"^([{_CN_NUM}]+)\s*[、．.]\s*(.*)$", re.S)
SECTION = re.compile(rf"^[（(]\s*([{_CN_NUM}]+|\d+)\s*[）)]\s*(.*)$", re.S)
ITEM = re.compile(r"^(\d+)\s*[、.．](?!\d)\s*(.*)$", re.S)
CAPTION = re.compile(r"^(图|表)\s*(\d+)\s+(.+)$")
ATTACHMENT = re.compile(r"^附件\s*(\d+)[:：]?$")
YEAR_LINE = re.compile(r"^[（(]\s*(\d{4})\s*年度?\s*[）)]$")
DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?$")
MAX_TITLE = 30  # a heading longer than this that runs on is prose, not a heading
REPORT_WORD = "报告"


@dataclass
class Block:
    """A paragraph of a chapter: text, a list item (``number``), a caption, a table or a picture."""

    text: str
    kind: str = "p"  #: "p", "item", "caption", "table", "image"
    number: int | None = None  #: the list item's or caption's number
    cells: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    number: int  #: （一） → 1
    title: str
    blocks: list[Block] = field(default_factory=list)
    typed_number: str = ""  #: the numbering as typed, e.g. "（6）"


@dataclass
class Chapter:
    number: int  #: 一、 → 1
    title: str
    blocks: list[Block] = field(default_factory=list)  #: before the first section
    sections: list[Section] = field(default_factory=list)


@dataclass
class TitleBlock:
    attachment: str = ""  #: "附件2"
    title: str = ""  #: "衡阳市计量测试中心部门整体支出绩效自评报告"
    unit: str = ""  #: "衡阳市计量测试中心"
    year: int | None = None  #: from a （2024年度） line, when there is one
    other: list[str] = field(default_factory=list)  #: any other line (a date …)


@dataclass(frozen=True)
class Found:
    """A number with where it stands: chapter and section numbers (0 = none), block index, and the mention."""

    chapter: int
    section: int
    where: str  #: "标题", "正文", "图题" …
    mention: Mention


@dataclass
class Report:
    title: TitleBlock
    chapters: list[Chapter]
    year: int | None  #: given, or found in the text
    notes: list[str] = field(default_factory=list)  #: anything ambiguous, in Chinese

    def numbers(self) -> list[Found]:
        """Every number of the report in order: quantities and classified non-quantities."""
        out: list[Found] = []
        year = self.year
        if self.title.attachment:
            for m in find_numbers(self.title.attachment, year):
                out.append(Found(0, 0, "标题", m))
        for line in [self.title.title, *self.title.other]:
            out += [Found(0, 0, "标题", m) for m in find_numbers(line, year)]
        for ch in self.chapters:
            out.append(Found(ch.number, 0, "章标题", _numbering(f"{_cn(ch.number)}、", ch.title)))
            out += [Found(ch.number, 0, "章标题", m) for m in find_numbers(ch.title, year)]
            out += _block_numbers(ch.number, 0, ch.blocks, year)
            for sec in ch.sections:
                out.append(Found(ch.number, sec.number, "节标题", _numbering(sec.typed_number or f"（{_cn(sec.number)}）", sec.title)))
                out += [Found(ch.number, sec.number, "节标题", m) for m in find_numbers(sec.title, year)]
                out += _block_numbers(ch.number, sec.number, sec.blocks, year)
        return out

    def quantities(self) -> list[Found]:
        return [f for f in self.numbers() if f.mention.kind == "quantity"]

    def counts(self) -> Counter:
        return Counter(f.mention.kind for f in self.numbers())


def _cn(n: int) -> str:
    from jixiao.book.style import chinese_numeral

    return chinese_numeral(n, counting=False)


def _numbering(typed: str, rest: str) -> Mention:
    return Mention("numbering", typed, 0, len(typed), typed + rest, "")


def _block_numbers(chapter: int, section: int, blocks: list[Block], year) -> list[Found]:
    out = []
    for b in blocks:
        if b.kind == "item":
            out.append(Found(chapter, section, "列表", _numbering(f"{b.number}、", b.text)))
        if b.kind == "caption":
            out.append(Found(chapter, section, "图题", _numbering(b.text.split()[0], b.text)))
            text = b.text.split(maxsplit=1)[1] if " " in b.text else ""
            out += [Found(chapter, section, "图题", m) for m in find_numbers(text, year)]
            continue
        if b.kind in ("p", "item"):
            out += [Found(chapter, section, "正文", m) for m in find_numbers(b.text, year)]
    return out


def parse_file(path: Path | str, year: int | None = None) -> Report:
    """Read (:func:`jixiao.authoring.wordread.read_paragraphs`) and parse a report file."""
    return parse_report(read_paragraphs(path), year)


def parse_report(paragraphs: list[Paragraph], year: int | None = None) -> Report:
    notes: list[str] = []
    chapters: list[Chapter] = []
    head: list[str] = []
    section: Section | None = None
    next_item = 1
    for para in paragraphs:
        if para.kind == "table":
            _current(chapters, section, notes, "表格").append(Block("", "table", cells=para.cells))
            continue
        if para.kind == "image":
            if chapters:
                _current(chapters, section, notes, "图片").append(Block("", "image"))
            continue
        text = para.text.replace("\n", "")
        for fragment in markup_in(text):
            notes.append(f"段落中有标记符号“{fragment}”，按普通文字处理：{text[:40]}")
        m = CHAPTER.match(text)
        if m and chinese_value(m.group(1)) == len(chapters) + 1 and m.group(1) not in ("两",):
            title, lead = _split_heading(m.group(2))
            chapters.append(Chapter(len(chapters) + 1, title))
            section, next_item = None, 1
            if lead:
                chapters[-1].blocks.append(Block(lead))
            continue
        if m and chapters and (chinese_value(m.group(1)) or 0) > len(chapters) + 1 and len(m.group(2)) <= MAX_TITLE + 20:
            expected = f"{_cn(len(chapters) + 1)}、"
            notes.append(
                f"“{text[:30]}”像是一个部分的标题，但编号不是下一个部分（应为“{expected}”），按正文并入上一部分。"
                f"若它是新的一部分，请在报告中改正编号后重新导入。"
            )
        if not chapters:
            head.append(text)
            continue
        chapter = chapters[-1]
        m = SECTION.match(text)
        if m:
            typed = m.group(1)
            number = int(typed) if typed.isdigit() else chinese_value(typed)
            expected = len(chapter.sections) + 1
            if number == expected:
                title, lead = _split_heading(m.group(2))
                typed_number = text[: m.start(2)].strip()
                if typed.isdigit():
                    notes.append(f"第{_cn(chapter.number)}部分第 {number} 小节的编号写成了“{typed_number}”，按“（{_cn(number)}）”处理。")
                section = Section(number, title, typed_number=typed_number)
                chapter.sections.append(section)
                next_item = 1
                if lead:
                    section.blocks.append(Block(lead))
                continue
        blocks = section.blocks if section else chapter.blocks
        m = ITEM.match(text)
        if m and int(m.group(1)) in (next_item, 1):
            number = int(m.group(1))
            blocks.append(Block(m.group(2).strip(), "item", number))
            next_item = number + 1
            continue
        m = CAPTION.match(text)
        if m and len(text) <= 60:
            blocks.append(Block(text, "caption", int(m.group(2))))
            continue
        blocks.append(Block(text))
        next_item = 1 if not blocks or blocks[-1].kind != "item" else next_item
    title = _title_block(head, notes)
    found_year = year or title.year or _guess_year(chapters)
    if year and title.year and title.year != year:
        notes.insert(0, f"标题中的年度是 {title.year}，但指定导入为 {year} 年度。")
    elif year and not title.year and (written := _guess_year(chapters)) not in (None, year):
        notes.insert(
            0,
            f"正文中最常写的年度是 {written} 年，但指定导入为 {year} 年度。若这是 {written} 年度的报告，"
            f"请用 --year {written} 重新导入；否则请核对正文中的年度（它们已按与 {year} 年的相对年份写入）。",
        )
    if not chapters:
        notes.append("没有找到“一、”开头的部分标题：报告应按“一、……二、……”分部分。")
    return Report(title, chapters, found_year, notes)


def _current(chapters, section, notes, what) -> list[Block]:
    if not chapters:
        notes.append(f"标题之前有{what}，已忽略。")
        return []
    return section.blocks if section else chapters[-1].blocks


def _split_heading(rest: str) -> tuple[str, str]:
    """（一）党纪学习凝心铸魂。第一时间… → ("党纪学习凝心铸魂", "第一时间…")."""
    rest = rest.strip()
    stops = [i for i in (rest.find(stop) for stop in "。：:") if i > 0]
    i = min(stops, default=-1)
    if 0 < i <= MAX_TITLE and i < len(rest) - 1:
        return rest[:i].strip(), rest[i + 1 :].strip()
    if rest.endswith("。") and len(rest) <= MAX_TITLE + 1:
        return rest[:-1], ""
    return rest, ""


def _title_block(lines: list[str], notes: list[str]) -> TitleBlock:
    block = TitleBlock()
    title_lines: list[str] = []
    rest: list[str] = []
    for line in lines:
        compact = re.sub(r"\s+", "", line)
        if ATTACHMENT.match(compact) and not block.attachment:
            block.attachment = compact
        elif YEAR_LINE.match(compact):
            block.year = int(YEAR_LINE.match(compact).group(1))
        elif not block.title:
            title_lines.append(compact)
            if REPORT_WORD in compact:
                block.title = "".join(title_lines)
        else:
            rest.append(compact)
    if not block.title and title_lines:
        block.title = "".join(title_lines)
        notes.append(f"标题中没有“{REPORT_WORD}”二字，按“{block.title}”处理，请核对。")
    for line in rest:
        if DATE_LINE.match(line):
            block.other.append(line)
        elif not block.unit:
            block.unit = line
        else:
            block.other.append(line)
    if not block.unit and "部门" in block.title:
        block.unit = block.title[: block.title.index("部门")]
    if not block.title:
        notes.append("没有找到报告标题（“一、”之前的文字）。")
    return block


def _guess_year(chapters: list[Chapter]) -> int | None:
    """The year most written as 2024年 / 2024年度 in the text, when none was given."""
    years = Counter()
    for ch in chapters:
        for block in ch.blocks + [b for s in ch.sections for b in s.blocks]:
            years.update(int(y) for y in re.findall(r"(?<!\d)(\d{4})年(?!\d{1,2}月)", block.text))
    return years.most_common(1)[0][0] if years else None
