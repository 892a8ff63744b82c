"""The words around a number in report prose: qualifiers, units and measure words,
the kinds of non-quantity numbers, the patterns that find them, and the value of a
Chinese numeral.

Qualifiers, their positions, notations and magnitudes are the data model's own
vocabularies (:mod:`jixiao.report.schema`), so a quantity found in prose maps onto
a data row field by field.
"""

from __future__ import annotations

import re

from jixiao.report.schema import DEFAULT_POSITION, MAGNITUDES, NOTATIONS, POSITIONS, QUALIFIERS

__all__ = ["MAGNITUDES", "NOTATIONS", "POSITIONS", "QUALIFIERS"]

#: Qualifiers by where the office usually writes them (the data model's vocabulary).
PREFIX_QUALIFIERS = tuple(q for q in QUALIFIERS if DEFAULT_POSITION[q] == "数字前")
SUFFIX_QUALIFIERS = tuple(q for q in QUALIFIERS if DEFAULT_POSITION[q] == "数字后")
AFTER_UNIT_QUALIFIERS = tuple(q for q in QUALIFIERS if DEFAULT_POSITION[q] == "单位后")

#: Counts of occasions (270人次, 十二场次): a unit of their own, so the 次 is not left in the prose.
COUNTS_OF_TIMES = ("人次", "场次", "批次", "台次", "家次", "件次", "户次")
#: Chinese measure words and units (language, not report items), longest first.
UNITS = tuple(
    sorted(
        {
            *COUNTS_OF_TIMES,
            "架次",
            "台件",
            "台套",
            "个百分点",
            "百分点",
            "平方米",
            "立方米",
            "公里",
            "千米",
            "小时",
            "星级",
            "课时",
            "学时",
            "个月",
            "余人",
            "元",
            "人",
            "次",
            "个",
            "篇",
            "条",
            "家",
            "项",
            "名",
            "级",
            "件",
            "台",
            "套",
            "场",
            "期",
            "批",
            "份",
            "本",
            "天",
            "户",
            "所",
            "座",
            "张",
            "部",
            "组",
            "类",
            "种",
            "起",
            "块",
            "册",
            "处",
            "间",
            "辆",
            "只",
            "枚",
            "轮",
            "堂",
            "节",
            "门",
            "岗",
            "位",
            "届",
            "吨",
            "米",
            "千克",
            "公斤",
            "亩",
            "岁",
            "年",
            "周",
            "%",
            "％",
            "‰",
        }
        - {"余人"},
        key=len,
        reverse=True,
    )
)
#: Units a Chinese numeral may carry (两项, 三星级); fewer, to keep 一把手 and 二支部 out.
CHINESE_UNITS = (
    *COUNTS_OF_TIMES,
    "星级",
    "项",
    "次",
    "个",
    "人",
    "名",
    "篇",
    "家",
    "级",
    "条",
    "场",
    "期",
    "批",
    "所",
    "座",
    "户",
    "位",
    "件",
    "台",
    "套",
    "年",
    "天",
    "周",
    "轮",
    "堂",
    "门",
    "届",
    "本",
    "份",
)
_WORD_AFTER = set("性化体线手流些样般直切致同共")

KINDS = {
    "quantity": "数量",
    "title": "书名号中的数字",
    "quoted": "引号中的名称",
    "report_year": "报告年度",
    "year": "年份",
    "date": "日期",
    "numbering": "编号",
    "attachment": "附件标注",
    "ordinal": "序数",
    "enumeration": "列举序号",
    "code": "代号或型号中的数字",
    "unknown": "无法判断，请核对",
}

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_CN_DIGITS = "零一二两三四五六七八九"
_CN = re.compile(r"[零一二两三四五六七八九十百千]+")
_OMITTED = re.compile(f"({'|'.join(PREFIX_QUALIFIERS)})({'|'.join(MAGNITUDES)})")
#: Words before 一 that make it "a certain / the previous / each / the same" rather than one.
_DETERMINERS = "某上下每同这那哪前后另任逐唯"
_BOUNDARY = "，。；：！？,;:!?\n"
_SENTENCE_END = "。！？!?"
_PAIRS = {"《": "》", "“": "”", "「": "」", "〈": "〉"}
_LEADING = ("其中：", "其中", "包括", "以及", "及", "和", "、", "共", "累计", "全年共计", "全年共", "全年", "并")
_TRAILING = ("各", "共", "计", "达", "为", "约")


def chinese_value(text: str) -> int | None:
    """二十三 → 23, 两 → 2, 一百二十 → 120; None when not a well-formed numeral."""
    total, current = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            if current is not None:
                return None
            current = 2 if ch == "两" else _CN_DIGITS.index(ch) - (1 if _CN_DIGITS.index(ch) > 2 else 0)
        elif ch in "十百千":
            scale = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (1 if current is None else current) * scale
            current = None
        else:
            return None
    return total + (current or 0)
