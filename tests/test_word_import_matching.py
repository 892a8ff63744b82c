"""An imported quantity is matched to the row of its own 分项 before a row of another, and a
quantity whose unit changed is a new row that the review names."""

from __future__ import annotations

from word_helpers import plain_docx

from conftest import SEED
from jixiao.authoring import importmap, importreuse, wordimport
from jixiao.authoring.wordparse import parse_file
from jixiao.util import paths


def _plan(text: str, tmp_path):
    report = parse_file(plain_docx(text.splitlines(), tmp_path / "2025.docx"), 2025)
    reference = wordimport._rows(paths.data_dir(2024), 2024)
    wording = importreuse.cited_wording(2024, reference)  # as wordimport.import_report does
    for row in reference:
        row["_wording"] = wording.get((row["_table"], str(row["key"])), "")
    titles = importreuse.title_tables(importreuse.other_chapters(2025, 2024))
    return importmap.plan(report, 2025, reference, titles)


def _rows_of(plan, text: str) -> list[tuple[int, str, str]]:
    return [(p.chapter, p.row.key, p.row.section) for p in plan.placed if p.mention.text == text]


def test_a_row_stays_with_its_own_section(tmp_path):
    # 2024: 文明创建 has 创成三星级 (civilization_rating), 改进措施 has 巩固二星级 (plan_rating_keep).
    # In this report both sections say 巩固三星级文明单位成果; 三、 comes first, and must not take
    # the row of 五、's 分项.
    text = (
        SEED.read_text(encoding="utf-8")
        .replace("成功创成三星级文明单位", "巩固三星级文明单位成果")
        .replace("巩固二星级文明单位成果，争创三星级文明单位", "巩固三星级文明单位成果，争创四星级文明单位")
    )
    plan = _plan(text, tmp_path)
    rows = _rows_of(plan, "三星级")
    assert (5, "plan_rating_keep", "改进措施") in rows, rows
    assert not any(chapter == 3 and key == "plan_rating_keep" for chapter, key, _s in rows), rows
    assert [key for chapter, key, _s in _rows_of(plan, "四星级")] == ["plan_rating_target"]


def test_a_changed_unit_is_a_new_row_named_in_the_review(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("发表专业论文9篇", "发表专业论文9部")
    plan = _plan(text, tmp_path)
    [(_chapter, key, _section)] = _rows_of(plan, "9部")
    assert key != "papers"
    assert any("“9部”" in note and "代码 papers" in note and "单位“篇”" in note for note in plan.notes), plan.notes


def test_a_renamed_item_is_named_in_the_review_and_a_familiar_wording_is_not(tmp_path):
    """2024 wrote 发表专业论文; a report writing 发表专业技术论文 renamed it: the review says the
    table keeps the old name. 基本支出资金 is how 2024 worded the row named 基本支出: no note."""
    text = SEED.read_text(encoding="utf-8").replace("发表专业论文9篇", "发表专业技术论文9篇")
    plan = _plan(text, tmp_path)
    [(_chapter, key, _section)] = _rows_of(plan, "9篇")
    assert key == "papers"
    renamed = [note for note in plan.notes if "上年报告的写法与本报告不同" in note]
    assert len(renamed) == 1 and "“9篇”（发表专业技术论文）" in renamed[0] and "数据表沿用“发表专业论文”" in renamed[0], plan.notes
    assert not any("基本支出资金" in note for note in plan.notes)


def test_an_item_the_report_no_longer_has_is_named(tmp_path):
    """A project replaced by another shows as 本年无 and 新增: the review asks whether it was only renamed."""
    text = SEED.read_text(encoding="utf-8").replace("衡器产业园科技资金68.47万元", "智慧计量平台建设资金68.47万元")
    plan = _plan(text, tmp_path)
    gone = [note for note in plan.notes if "在本报告中没有对应的数字" in note]
    assert len(gone) == 1 and "衡器产业园科技资金" in gone[0] and "project_park" in gone[0], plan.notes
    assert not any("在本报告中没有对应的数字" in note for note in _plan(SEED.read_text(encoding="utf-8"), tmp_path).notes)


def test_a_table_s_numbers_are_named_in_the_review(tmp_path):
    """A table in the report is not imported (the report's tables come from data): the review says
    where it was and which numbers it held, instead of only counting it with the pictures."""
    import docx

    from jixiao.authoring import importreview

    path = plain_docx(SEED.read_text(encoding="utf-8").splitlines(), tmp_path / "2025.docx")
    doc = docx.Document(str(path))
    anchor = next(p for p in doc.paragraphs if p.text.startswith("（二）项目支出情况"))
    table = doc.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["项目", "金额（万元）", "强检计量器具工作经费", "52.00"], strict=True):
        cell.text = text
    anchor._p.addnext(table._tbl)
    doc.save(str(path))
    report = parse_file(path, 2025)
    (tmp_path / "x").mkdir()
    plan = _plan(SEED.read_text(encoding="utf-8"), tmp_path / "x")
    text = importreview.review(report, plan, 2025, path, [], 2024, [], [])
    assert "[二、（二）] 一个表格未导入，其中的数字（52.00）没有写入数据表" in text, text[-1500:]
