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
    kind: str  # "key", "text", "number", "unit", "qualifier", "notation", "parent"
    description: str
    required: bool = True
    allowed: tuple[str, ...] = ()  # allowed values, for small vocabularies

    @property
    def type_label(self) -> str:
        return {
            "key": "文本（英文代码，唯一）",
            "text": "文本",
            "number": "数值（非负，最多两位小数）",
            "unit": "文本（计量单位）",
            "qualifier": "文本（可空）",
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


QUALIFIERS = ("近", "逾", "余", "约")
NOTATIONS = ("数字", "汉字")

_KEY = Column("key", "代码", "key", "行的英文代码，章节正文通过它引用数值；同一表内不得重复。")
_PARENT = Column(
    "parent",
    "上级",
    "parent",
    "该行所属合计行的代码。报告中写明的合计按原文存储，各组成部分之和必须等于合计。",
    required=False,
)

STAFFING = Table(
    "staffing",
    "人员编制",
    "单位编制与年末人员情况（报告第一部分）。",
    (
        _KEY,
        Column("name", "名称", "text", "项目名称，如“在职在编人员”。"),
        Column("value", "数值", "number", "人数或编制数。"),
        Column("unit", "单位", "unit", "计量单位：个（编制）或人。"),
        _PARENT,
    ),
)

EXPENDITURE = Table(
    "expenditure",
    "一般公共预算支出",
    "基本支出和项目支出及其组成（报告第二部分）。",
    (
        _KEY,
        Column("name", "名称", "text", "支出项目名称，按原文写法。"),
        Column("value", "金额", "number", "支出金额。"),
        Column("unit", "单位", "unit", "金额单位，一般为万元。"),
        _PARENT,
    ),
)

PERFORMANCE = Table(
    "performance",
    "部门整体支出绩效指标",
    "报告第三部分（党纪学习、廉政建设、检校业务、科研创新、机构建设、文明创建）"
    "及改进措施中出现的全部数量。",
    (
        _KEY,
        Column(
            "section",
            "分项",
            "text",
            "所属工作分项。",
            allowed=("党纪学习", "廉政建设", "检校业务", "科研创新", "机构建设", "文明创建", "改进措施"),
        ),
        Column("name", "名称", "text", "指标名称。"),
        Column("value", "数值", "number", "指标数值。"),
        Column("unit", "单位", "unit", "计量单位，如次、人次、万台件、万元、%。"),
        Column(
            "qualifier",
            "修饰",
            "qualifier",
            "原文对数值的限定：近、逾、约写在数字前（近11.5万台件），余写在数字后（850余万元）；空为确数。",
            required=False,
            allowed=QUALIFIERS,
        ),
        Column(
            "notation",
            "写法",
            "notation",
            "正文中数字的写法：空或“数字”为阿拉伯数字，“汉字”为中文数字（两项、三星级）。",
            required=False,
            allowed=NOTATIONS,
        ),
        _PARENT,
    ),
)

TABLES: tuple[Table, ...] = (STAFFING, EXPENDITURE, PERFORMANCE)
BY_NAME = {t.name: t for t in TABLES}
