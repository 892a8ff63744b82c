"""Presentation defaults, defined once: number formats, CJK fonts and the chart theme."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# ---------------------------------------------------------------- fonts
#: Font stack for charts and pages. Readers' machines (Windows intranet PCs)
#: have Microsoft YaHei; the build machine has Noto Sans CJK (fonts-noto-cjk).
CJK_FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
#: LaTeX fonts (Fandol, from texlive-lang-chinese): body 仿宋, headings 黑体 and 楷体.
#: Font files, found by XeTeX through kpathsea (they are not in fontconfig).
LATEX_FONTS = {
    "main": "FandolFang-Regular.otf",
    "sans": "FandolHei-Regular.otf",
    "sansbold": "FandolHei-Bold.otf",
    "kai": "FandolKai-Regular.otf",
    "song": "FandolSong-Regular.otf",
    "songbold": "FandolSong-Bold.otf",
}

# ---------------------------------------------------------------- numbers
_DIGITS = "零一二三四五六七八九"
#: Units that name a rank rather than a count: 2 is written 二 (二星级), not 两.
ORDINAL_UNITS = ("星级", "级")


def number(value: float | int | Decimal) -> str:
    """A computed number as the report writes it: no grouping, at most two decimals,
    no trailing zeros. (A typed value keeps its own decimals: see :func:`quantity`.)"""
    text = fixed(value, 2)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fixed(value: float | int | Decimal, places: int, grouping: bool = False) -> str:
    """``value`` with ``places`` decimals, rounded half up (四舍五入: 6.25 → 6.3), as the office
    and Excel round; Python's own formatting rounds half to even (6.25 → 6.2). ``grouping``
    adds thousands separators (1,048.90)."""
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{rounded:,f}" if grouping else f"{rounded:f}"


def grouped(value: float | int) -> str:
    """A number with thousands separators, for tables."""
    return f"{Decimal(number(value)):,f}"


def chinese_numeral(value: int, counting: bool = True) -> str:
    """0-99 in Chinese numerals; with ``counting``, a lone 2 is 两 (两项)."""
    n = int(value)
    if n != value or not 0 <= n < 100:
        raise ValueError(f"无法用汉字书写的数值：{value}")
    if n == 2 and counting:
        return "两"
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[ones] if ones else "")


def quantity(value: float, unit: str = "", qualifier: str = "", notation: str = "", position: str = "", typed: str | None = None) -> str:
    """A quantity written as in the report.

    ``typed`` is the number as the office typed it (889.10 keeps its zero);
    ``notation`` 汉字 writes a Chinese numeral (两项, 三星级), 省略 leaves out a
    value of 1 (逾万台件); ``position`` places the qualifier (see
    :data:`jixiao.report.schema.POSITIONS`), by default where that qualifier usually goes:
    近11.5万台件, 850余万元, 1.2万余台件 (单位首字后), 100万元左右 (单位后).
    """
    from jixiao.report.schema import DEFAULT_POSITION

    if notation == "汉字":
        digits = chinese_numeral(value, counting=unit not in ORDINAL_UNITS)
    elif notation == "省略":
        digits = ""
    else:
        digits = typed or number(value)
    if not qualifier:
        return f"{digits}{unit}"
    where = position or DEFAULT_POSITION.get(qualifier, "数字前")
    if where == "数字后":
        return f"{digits}{qualifier}{unit}"
    if where == "单位首字后":
        return f"{digits}{unit[:1]}{qualifier}{unit[1:]}"
    if where == "单位后":
        return f"{digits}{unit}{qualifier}"
    return f"{qualifier}{digits}{unit}"


def _text(row, column: str) -> str:
    value = row.get(column) if hasattr(row, "get") else None
    return value if isinstance(value, str) else ""


def written(row) -> str:
    """A data row's value as the report writes it (its typed digits, unit, qualifier, position and notation)."""
    return quantity(
        row["value"], row["unit"], _text(row, "qualifier"), _text(row, "notation"), _text(row, "position"), _text(row, "typed") or None
    )


def percent(part: float, whole: float, places: int = 1) -> str:
    if not whole:
        return "—"
    return fixed(Decimal(str(part)) * 100 / Decimal(str(whole)), places) + "%"


# ---------------------------------------------------------------- charts
PALETTE = ["#9e2a2b", "#c9791a", "#2f6690", "#3a7d44", "#6c4f8c", "#7a7a7a"]
ACCENT = PALETTE[0]
CHART_WIDTH = 560
BAR_SIZE = 26
#: d3 format for axis labels: grouped thousands, no trailing zeros (1,020.37).
AXIS_FORMAT = ",~f"


def use_chart_theme():
    """altair, with :func:`theme` registered and enabled (imported only when a chart is drawn)."""
    import altair as alt

    if alt.theme.active != "jixiao":
        alt.theme.register("jixiao", enable=True)(theme)
    return alt


def theme() -> dict:
    return {
        "config": {
            "font": CJK_FONT,
            "background": "#ffffff",
            # Vega's own ARIA descriptions are English; the chart container carries
            # the Chinese alt text instead (jixiao.book.figure).
            "aria": False,
            "view": {"stroke": None},
            "title": {"font": CJK_FONT, "fontSize": 15, "anchor": "start", "color": "#222"},
            "axis": {
                "labelFont": CJK_FONT,
                "titleFont": CJK_FONT,
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelLimit": 260,
                "gridColor": "#e6e6e6",
                "domainColor": "#888",
            },
            # A value label about every 80 px across (Vega-Lite's default is every 40 px, which
            # put "850" and "900" edge to edge at the end of a bar chart's axis).
            "axisXQuantitative": {"tickCount": {"expr": "ceil(width / 80)"}},
            "legend": {"labelFont": CJK_FONT, "titleFont": CJK_FONT},
            "header": {"labelFont": CJK_FONT, "titleFont": CJK_FONT, "labelFontSize": 12},
            "text": {"font": CJK_FONT, "fontSize": 12},
            "range": {"category": PALETTE},
            "locale": {
                "number": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["¥", ""]},
            },
        }
    }


# ---------------------------------------------------------------- Word export
#: The .docx report (jixiao.authoring.wordexport), after GB/T 9704 as the PDF: fonts by the
#: names Chinese Windows and WPS install (仿宋 body, 黑体 一、, 楷体 （一）).
WORD_FONTS = {"body": "仿宋", "heading1": "黑体", "heading2": "楷体", "title": "宋体", "page": "宋体"}
#: Sizes in points: 三号 16, 二号 22, 四号 14, 小四 12.
WORD_SIZES = {"body": 16, "title": 22, "caption": 14, "table": 12, "page": 14}
WORD_LINE_PT = 28.95  # 22 lines to the page, as the PDF
WORD_MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26, "footer": 25}
