"""The tables of one report year: their files, columns and meaning.

This is the single source of the data dictionary: the book's 数据字典 page and
``data/README.md`` are generated from it, and the loader checks files against it.
CSV headers are Chinese (the office edits them in Excel or WPS); code uses the
English column ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Column:
    id: str  # identifier used in code
    header: str  # header row text in the CSV
    kind: str  # "key", "text", "number", "unit", "qualifier", "position", "notation", "parent"
    description: str
    required: bool = True
    allowed: tuple[str, ...] = ()  # allowed values, for small vocabularies

    @property
    def type_label(self) -> str:
        return {
            "key": "文本（英文代码，唯一）",
            "text": "文本",
            "number": "数值（非负，最多两位小数，按原文的小数位数照录）",
            "unit": "文本（计量单位）",
            "qualifier": "文本（可空）",
            "position": "文本（可空）",
            "notation": "文本（可空）",
            "parent": "文本（可空，本表中的代码）",
        }[self.kind]


@dataclass(frozen=True)
class Table:
    name: str  # file stem: data/<year>/<name>.csv
    title: str  # Chinese title
    description: str
    columns: tuple[Column, ...] = field(default_factory=tuple)

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def column(self, col_id: str) -> Column:
        return next(c for c in self.columns if c.id == col_id)


#: Qualifiers the office writes with a number (closed vocabulary, checked).
QUALIFIERS = ("近", "逾", "约", "超", "余", "多", "左右", "以上")
#: Where a qualifier stands, with an example each. An empty 修饰位置 means the
#: qualifier's usual place (:data:`DEFAULT_POSITION`).
POSITIONS = ("数字前", "数字后", "单位首字后", "单位后")
POSITION_EXAMPLES = {"数字前": "近11.5万台件", "数字后": "850余万元", "单位首字后": "1.2万余台件", "单位后": "100万元左右"}
DEFAULT_POSITION = {
    "近": "数字前",
    "逾": "数字前",
    "约": "数字前",
    "超": "数字前",
    "余": "数字后",
    "多": "数字后",
    "左右": "单位后",
    "以上": "单位后",
}
#: How the number itself is written (closed vocabulary, checked). Empty means 数字.
NOTATIONS = ("数字", "汉字", "省略")
#: Units of a percentage: at most 100, and a change between two years is in 百分点.
PERCENT_UNITS = ("%", "％")
#: Units that 单位首字后 needs: the first character is an order of magnitude.
MAGNITUDES = ("十", "百", "千", "万", "亿")

_KEY = Column(
    "key",
    "代码",
    "key",
    "行的英文代码，章节正文通过它引用数值；同一表内不得重复。新增的行自拟一个代码；与上一年度代码相同的行在“与上年比较”中相互比较。",
)
_PARENT = Column(
    "parent",
    "上级",
    "parent",
    "该行所属合计行的代码。报告中写明的合计按原文存储，各组成部分之和必须等于合计。",
    required=False,
)


def _value(header: str, what: str) -> Column:
    return Column(
        "value",
        header,
        "number",
        f"{what}按原文照录：写几位小数就保留几位（889.10 显示为 889.10，50 显示为 50），原文用千位分隔符的照写"
        "（1,048.94 显示为 1,048.94）；计算和比较按数值进行。",
    )


#: The columns that say how a quantity is written, shared by every table.
WRITTEN_FORM = (
    Column(
        "qualifier",
        "修饰",
        "qualifier",
        "原文对数值的限定，如“近11.5万台件”中的“近”、“850余万元”中的“余”；空为确数。",
        required=False,
        allowed=QUALIFIERS,
    ),
    Column(
        "position",
        "修饰位置",
        "position",
        "修饰写在哪里："
        + "；".join(f"{p}（{e}）" for p, e in POSITION_EXAMPLES.items())
        + "。空为该修饰的通常位置："
        + "、".join(f"{q}在{DEFAULT_POSITION[q]}" for q in QUALIFIERS)
        + "。“单位首字后”要求单位以十、百、千、万、亿开头。",
        required=False,
        allowed=POSITIONS,
    ),
    Column(
        "notation",
        "写法",
        "notation",
        "正文中数字的写法：空或“数字”为阿拉伯数字；“汉字”为中文数字（两项、三星级），须为 0 到 99 的整数；"
        "“省略”为数值 1 不写出（逾万台件）。",
        required=False,
        allowed=NOTATIONS,
    ),
)

STAFFING = Table(
    "staffing",
    "人员编制",
    "单位编制与年末人员情况（报告第一部分）。",
    (
        _KEY,
        Column("name", "名称", "text", "项目名称，如“在职在编人员”。"),
        _value("数值", "人数或编制数，"),
        Column("unit", "单位", "unit", "计量单位：个（编制）或人。"),
        *WRITTEN_FORM,
        _PARENT,
    ),
)

EXPENDITURE = Table(
    "expenditure",
    "一般公共预算支出",
    "基本支出和项目支出及其组成（报告第二部分）。项目可增可减：新增的项目加一行，不再有的项目删去该行。",
    (
        _KEY,
        Column("name", "名称", "text", "支出项目名称，按原文写法。"),
        _value("金额", "支出金额，"),
        Column("unit", "单位", "unit", "金额单位，一般为万元。"),
        *WRITTEN_FORM,
        _PARENT,
    ),
)

PERFORMANCE = Table(
    "performance",
    "部门整体支出绩效指标",
    "报告第三部分和改进措施中出现的全部数量，按工作分项归类。分项可以新增（如本年度新写了一个小节），图表和“与上年比较”按分项取行。",
    (
        _KEY,
        Column(
            "section",
            "分项",
            "text",
            "所属工作分项，一般为报告中小节的简称，如党纪学习、检校业务；可以新增分项，同一分项的写法须前后一致。",
        ),
        Column("name", "名称", "text", "指标名称。"),
        _value("数值", "指标数值，"),
        Column("unit", "单位", "unit", "计量单位，如次、人次、万台件、万元、%。"),
        *WRITTEN_FORM,
        _PARENT,
    ),
)

TABLES: tuple[Table, ...] = (STAFFING, EXPENDITURE, PERFORMANCE)
BY_NAME = {t.name: t for t in TABLES}
