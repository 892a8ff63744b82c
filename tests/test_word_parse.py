"""The report parser: structure by the report's own numbering, every number found and classified.

On the seed (as .txt, and as a .docx of plain paragraphs with no heading styles)
and on a synthetic next-year report that changes items, wording and written forms.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from word_helpers import plain_docx, seed_lines

from conftest import SEED
from jixiao.authoring.textread import text_paragraphs
from jixiao.authoring.wordparse import parse_file, parse_report
from jixiao.report.data import load_year
from jixiao.report.quantities import find_numbers
from jixiao.report.schema import TABLES

SECTIONS_3 = ["党纪学习凝心铸魂", "廉政建设走深走实", "检校业务有声有色", "科研创新持续发力", "机构建设扎实推进", "文明创建开花结果"]
CHAPTERS = [
    "部门、单位基本情况",
    "一般公共预算支出情况",
    "部门整体支出绩效情况",
    "存在的问题及原因分析",
    "下一步改进措施",
    "其他需要说明的情况",
]
#: Every number of the seed that is not a quantity, in order (kind, text).
SEED_NON_QUANTITIES = [
    ("attachment", "2"),
    ("numbering", "一、"),
    ("numbering", "二、"),
    ("numbering", "（一）"),
    ("report_year", "2024"),
    ("numbering", "（二）"),
    ("report_year", "2024"),
    ("numbering", "三、"),
    ("numbering", "（一）"),
    ("ordinal", "第一"),
    ("ordinal", "第一"),
    ("ordinal", "二"),
    ("ordinal", "第一"),
    ("ordinal", "第二"),
    ("numbering", "（二）"),
    ("numbering", "（三）"),
    ("numbering", "（四）"),
    ("title", "15"),
    ("numbering", "（五）"),
    ("numbering", "（6）"),
    ("report_year", "2024"),
    ("numbering", "四、"),
    ("enumeration", "一是"),
    ("enumeration", "二是"),
    ("enumeration", "三是"),
    ("enumeration", "四是"),
    ("numbering", "五、"),
    ("numbering", "1、"),
    ("numbering", "2、"),
    ("numbering", "3、"),
    ("numbering", "4、"),
    ("numbering", "5、"),
    ("numbering", "六、"),
]


def data_rows(year: int) -> list[tuple]:
    data = load_year(year)
    rows = []
    for table in TABLES:
        for r in data.table(table.name).to_dict("records"):
            rows.append((Decimal(str(r["value"])), r["unit"], r.get("qualifier") or "", r.get("notation") == "汉字"))
    return rows


def quantity_rows(report) -> list[tuple]:
    return [(q.value, q.unit, q.qualifier, q.notation == "汉字") for q in (f.mention.quantity for f in report.quantities())]


@pytest.fixture(scope="module", params=["txt", "docx"])
def seed_report(request, tmp_path_factory):
    if request.param == "txt":
        return parse_file(SEED, 2024)
    path = plain_docx(seed_lines(), tmp_path_factory.mktemp("seed") / "seed.docx")
    return parse_file(path, 2024)


def test_seed_structure(seed_report):
    r = seed_report
    assert (r.title.attachment, r.title.title, r.title.unit, r.year) == (
        "附件2",
        "衡阳市计量测试中心部门整体支出绩效自评报告",
        "衡阳市计量测试中心",
        2024,
    )
    assert [c.title for c in r.chapters] == CHAPTERS
    assert [s.title for s in r.chapters[1].sections] == ["基本支出情况", "项目支出情况"]
    assert [s.title for s in r.chapters[2].sections] == SECTIONS_3
    # a heading that runs on into its text is split; the closing 总之 paragraph stays in the last section
    assert r.chapters[2].sections[0].blocks[0].text.startswith("第一时间成立中心党纪学习教育工作领导小组")
    assert r.chapters[2].sections[5].blocks[-1].text.startswith("总之，2024年")
    assert [(b.kind, b.number) for b in r.chapters[4].blocks] == [("item", i) for i in range(1, 6)]
    assert r.chapters[4].blocks[0].text.startswith("贯彻党建引领")
    assert r.chapters[0].blocks[0].text.startswith("衡阳市计量测试中心为市市场监督管理局")  # [bookmark: _GoBack] removed
    assert not any("bookmark" in b.text for c in r.chapters for b in c.blocks)
    assert any("（6）" in n for n in r.notes)


def test_every_seed_quantity_matches_the_data(seed_report):
    assert quantity_rows(seed_report) == data_rows(2024)


def test_every_other_seed_number_is_classified(seed_report):
    others = [(f.mention.kind, f.mention.text) for f in seed_report.numbers() if f.mention.kind != "quantity"]
    assert others == SEED_NON_QUANTITIES
    assert seed_report.counts()["unknown"] == 0


def test_seed_written_forms(seed_report):
    by_text = {f.mention.text: f.mention for f in seed_report.quantities()}
    q = by_text["近11.5万台件"].quantity
    assert (q.typed, q.unit, q.qualifier, q.position, q.notation) == ("11.5", "万台件", "近", "数字前", "数字")
    q = by_text["850余万元"].quantity
    assert (q.unit, q.qualifier, q.position) == ("万元", "余", "数字后")
    q = by_text["逾万台件"].quantity
    assert (q.value, q.typed, q.unit, q.qualifier, q.notation) == (1, "", "万台件", "逾", "省略")
    assert by_text["两项"].quantity.notation == "汉字" and by_text["三星级"].quantity.unit == "星级"
    assert by_text["50万元"].label == "强检计量器具工作经费"  # "经费 50万元": the space is not part of the name
    assert by_text["1400余家"].label == "服务单位企业"
    for m in by_text.values():
        assert m.quantity.written() == m.text, m.text  # written back exactly as typed
        assert m.text in m.sentence


NEXT_YEAR = """附件2
衡阳市计量测试中心
部门整体支出绩效自评报告
（2025年度）
一、部门、单位基本情况
我单位共有事业编制60个，现有总人数90人，其中在职在编人员55人，临聘人员4人，离退休人员31人。
二、一般公共预算支出情况
（一）基本支出情况
衡阳市计量测试中心2025年度基本支出资金为1056.30万元，包括工资福利支出889.10万元；商品和服务支出70.20万元；对个人和家庭补助97.00万元。
（二）项目支出情况
衡阳市计量测试中心2025年度项目支出310.5万元，其中：强检计量器具工作经费60万元，计量比对专项资金250.50万元。
三、部门整体支出绩效情况
（一）党纪学习凝心铸魂。党总支书记上专题党课三次，开展主题党日活动12次，比2024年增加2次。
（二）检校业务有声有色。全年共完成强制检定计量器具近12.3万台件，校准计量器具1.2万余台件，免征强检费用约900万元，服务单位企业1500多家，完成财政预算收入320万元左右，依据GB/T 9704和《计量法》第22条开展工作，于2025年3月启动“十四五”计量规划评估。
（三）党建引领聚力赋能。开展“5G+计量”宣讲活动15场，联系社区8个，志愿服务时长达1,250小时，群众满意率达98.5%，共有3至5名同志参与。
总之，2025年各项工作圆满完成。
四、存在的问题及原因分析
一是人才不足；二是设备老化。
五、下一步改进措施
1. 巩固三星级文明单位成果。
2. 争创四星级文明单位。
六、其他需要说明的情况
无
"""


def test_next_year_report(tmp_path):
    path = tmp_path / "2025.txt"
    path.write_text(NEXT_YEAR, encoding="gb18030")  # as Notepad on Chinese Windows saves it
    r = parse_file(path)
    assert r.year == 2025 and r.title.year == 2025
    assert r.title.title == "衡阳市计量测试中心部门整体支出绩效自评报告" and r.title.unit == "衡阳市计量测试中心"
    assert [s.title for s in r.chapters[2].sections] == ["党纪学习凝心铸魂", "检校业务有声有色", "党建引领聚力赋能"]
    q = {f.mention.text: f.mention.quantity for f in r.quantities()}
    assert q["889.10万元"].typed == "889.10" and q["889.10万元"].value == Decimal("889.10")
    assert q["97.00万元"].typed == "97.00"
    assert "衡器产业园科技资金" not in NEXT_YEAR and q["250.50万元"].typed == "250.50"
    assert (q["1.2万余台件"].unit, q["1.2万余台件"].qualifier, q["1.2万余台件"].position) == ("万台件", "余", "单位首字后")
    assert (q["近12.3万台件"].qualifier, q["近12.3万台件"].position) == ("近", "数字前")
    assert (q["约900万元"].qualifier, q["1500多家"].qualifier, q["1500多家"].position) == ("约", "多", "数字后")
    assert (q["320万元左右"].unit, q["320万元左右"].qualifier, q["320万元左右"].position) == ("万元", "左右", "单位后")
    assert q["三次"].notation == "汉字" and q["四星级"].value == 4
    assert q["1,250小时"].value == 1250 and q["98.5%"].unit == "%"
    for text, quantity in q.items():
        assert quantity.written() == text
    kinds = {(f.mention.kind, f.mention.text) for f in r.numbers() if f.mention.kind != "quantity"}
    assert {("year", "2024"), ("code", "9704"), ("ordinal", "第22"), ("date", "2025"), ("date", "3"), ("quoted", "5")} <= kinds
    assert ("report_year", "2025") in kinds and ("enumeration", "一是") in kinds
    assert ("unknown", "3") in kinds  # 3至5名: a range, asked about in the review
    labels = {f.mention.text: f.mention.label for f in r.quantities()}
    assert labels["250.50万元"] == "计量比对专项资金" and labels["15场"] == "开展“5G+计量”宣讲活动"


def test_a_year_other_than_the_report_s_own_is_asked_about(seed_report, tmp_path):
    """The seed's title names no year; its text is about 2024. Imported as 2025 by mistake, the
    review's first point says so; imported as 2024, it does not."""
    assert not any("指定导入为" in note for note in seed_report.notes)
    wrong = parse_file(SEED, 2025)
    assert wrong.notes[0].startswith("正文中最常写的年度是 2024 年，但指定导入为 2025 年度")
    assert "--year 2024" in wrong.notes[0]
    path = tmp_path / "2025.txt"
    path.write_text(NEXT_YEAR, encoding="utf-8")  # its title says 2025年度
    assert parse_file(path, 2026).notes[0] == "标题中的年度是 2025，但指定导入为 2026 年度。"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("服务单位企业1400余家", [("quantity", "1400余家")]),
        ("各3次", [("quantity", "各3次"[1:])]),
        ("逾千人次参加", [("quantity", "逾千人次")]),
        ("公益一类事业单位，一些困难，一把手，一次性", []),
        ("《2024年工作要点》", [("title", "2024")]),
        ("2023年12月31日", [("date", "2023"), ("date", "12"), ("date", "31")]),
        ("第3名", [("ordinal", "第3")]),
        ("ISO 17025", [("code", "17025")]),
    ],
)
def test_find_numbers(text, expected):
    assert [(m.kind, m.text) for m in find_numbers(text, 2024)] == expected


def test_markdown_input_gives_the_same_report():
    md = "\n".join(("# " + line if line[:2] in ("一、", "二、", "三、", "四、", "五、", "六、") else line) for line in seed_lines())
    md = "---\ntitle: x\n---\n```{code-cell}\nprint(1)\n```\n" + md
    r = parse_report(text_paragraphs(md, markdown=True), 2024)
    assert [c.title for c in r.chapters] == CHAPTERS
    assert quantity_rows(r) == data_rows(2024)


def test_headings_that_run_on_and_stray_numbering():
    text = (
        "附件2：\n某单位部门整体支出绩效自评报告\n一、基本情况：我单位共有事业编制59个。\n（一）主要做法：成立小组，开展活动3次。\n"
        "（二）这是一个很长很长的小节标题后面没有句号而且超过三十个字的一整段正文内容共5次\n三、不在顺序中的编号是正文。\n二、其他"
    )
    r = parse_report(text_paragraphs(text), 2024)
    assert r.title.attachment == "附件2：" and r.title.unit == "某单位"
    assert [c.title for c in r.chapters] == ["基本情况", "其他"]  # 三、 out of sequence is text
    ch = r.chapters[0]
    assert ch.blocks[0].text == "我单位共有事业编制59个。"
    assert next(s.title for s in ch.sections) == "主要做法" and ch.sections[0].blocks[0].text == "成立小组，开展活动3次。"
    assert len(ch.sections) == 2 and [b.text for b in ch.sections[1].blocks] == ["三、不在顺序中的编号是正文。"]


@pytest.mark.parametrize(
    "text, value, unit",
    [("开展宣传十二场次", 12, "场次"), ("抽查产品3批次", 3, "批次"), ("检定1200台次", 1200, "台次"), ("培训270人次", 270, "人次")],
)
def test_counting_units_with_ci(text, value, unit):
    """场次, 批次, 台次 are units of their own: the 次 is not left behind in the prose."""
    from jixiao.report.quantities import find_numbers

    (found,) = [m for m in find_numbers(text, 2025) if m.kind == "quantity"]
    assert (found.quantity.value, found.quantity.unit, text.endswith(found.text)) == (value, unit, True)


def test_a_part_numbered_out_of_order_is_asked_about(tmp_path):
    """七、 after 五、 is read as text of 五、 (a heading must come in order), and the review says so."""
    path = tmp_path / "2025.txt"
    path.write_text(SEED.read_text(encoding="utf-8").replace("六、其他需要说明的情况", "七、其他需要说明的情况"), encoding="utf-8")
    report = parse_file(path, 2024)
    assert len(report.chapters) == 5
    assert any(note.startswith("“七、其他需要说明的情况”像是一个部分的标题") and "应为“六、”" in note for note in report.notes), (
        report.notes
    )
    assert not any("像是一个部分的标题" in note for note in parse_file(SEED, 2024).notes)
