"""Excel round trip: export a year to a workbook, fill it, import it back, checked first."""

from __future__ import annotations

import csv

import openpyxl

from conftest import copy_book, run_jixiao


def draft_copy(dest):
    """A copy of the book whose 2024 is a draft again (a final year's data is not imported over)."""
    root = copy_book(dest)
    yml = root / "chapters" / "2024" / "report.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("status: final", "status: draft"), encoding="utf-8")
    return root


def test_export_then_import_into_a_new_year(tmp_path):
    root = copy_book(tmp_path / "book")
    book = tmp_path / "2024.xlsx"
    assert run_jixiao("export", "--year", "2024", str(book), root=root).returncode == 0
    sheet = openpyxl.load_workbook(book)["一般公共预算支出"]
    assert [c.value for c in sheet[2]][:3] == ["basic", "基本支出", 1020.37]  # numbers stay numbers
    assert run_jixiao("new-year", "2025", root=root).returncode == 0
    result = run_jixiao("import", str(book), "--year", "2025", root=root)
    assert result.returncode == 0, result.stderr
    assert "1020.37" in (root / "data" / "2025" / "expenditure.csv").read_text(encoding="utf-8")
    assert run_jixiao("validate", "--year", "2025", root=root).returncode == 0
    # A final year's data is not imported over; a file that is not there is named as such.
    final = run_jixiao("import", str(book), "--year", "2024", root=root)
    assert final.returncode == 1 and "2024 年度已定稿发布" in final.stderr and "没有写入任何文件" in final.stderr
    missing = run_jixiao("import", str(tmp_path / "没有这个文件.xlsx"), "--year", "2025", root=root)
    assert missing.returncode == 1 and "找不到这个文件" in missing.stderr


def test_a_new_years_data_first_then_its_text(tmp_path):
    """README's order: fill in the data (a project dropped, values typed as the report writes
    them), then rewrite the text. The import does not wait for the text; it lists what to rewrite."""
    root = copy_book(tmp_path / "book")
    assert run_jixiao("new-year", "2025", root=root).returncode == 0
    book = tmp_path / "2025.xlsx"
    assert run_jixiao("export", "--year", "2025", str(book), root=root).returncode == 0
    values = _values(root / "data" / "2024")
    values.update(project="295.27", basic_salary="832.80", basic="1020.34")  # project_park dropped; a trailing zero
    wb = openpyxl.load_workbook(book)
    for sheet in wb.worksheets:
        header = [c.value for c in sheet[1]]
        column = header.index("金额" if "金额" in header else "数值")
        for row in sheet.iter_rows(min_row=2):
            assert row[column].number_format == "@"  # empty, to fill in: kept as typed
            row[column].value = values.get(row[0].value)
    exp = wb["一般公共预算支出"]
    exp.delete_rows(next(r[0].row for r in exp.iter_rows(min_row=2) if r[0].value == "project_park"))
    wb.save(book)
    result = run_jixiao("import", str(book), "--year", "2025", root=root)
    assert result.returncode == 0, result.stderr
    assert "接下来改写 chapters/2025/" in result.stdout and "project_park" in result.stdout
    text = (root / "data" / "2025" / "expenditure.csv").read_text(encoding="utf-8")
    assert "project_park" not in text and "basic_salary,工资福利支出,832.80," in text


def _values(folder) -> dict[str, str]:
    out = {}
    for path in folder.glob("*.csv"):
        with open(path, encoding="utf-8") as f:
            out.update({r["代码"]: r.get("金额") or r.get("数值") for r in csv.DictReader(f)})
    return out


def test_bad_workbook_is_rejected_and_nothing_written(tmp_path):
    root = draft_copy(tmp_path / "book")
    book = tmp_path / "bad.xlsx"
    assert run_jixiao("export", "--year", "2024", str(book), root=root).returncode == 0
    wb = openpyxl.load_workbook(book)
    wb["人员编制"]["C3"] = "九十二"
    del wb["部门整体支出绩效指标"]
    wb.save(book)
    before = {p.name: p.read_bytes() for p in (root / "data" / "2024").iterdir()}
    result = run_jixiao("import", str(book), "--year", "2024", root=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "工作表“人员编制”，第 3 行，“数值”列：不是数值" in result.stderr and "九十二" in result.stderr
    assert "缺少工作表“部门整体支出绩效指标”" in result.stderr and "没有写入任何文件" in result.stderr
    assert {p.name: p.read_bytes() for p in (root / "data" / "2024").iterdir()} == before


def test_a_formula_never_calculated_and_a_date_are_named_as_such(tmp_path):
    """A workbook saved by a program that does not calculate keeps =SUM(…) without its value, and
    Excel turns a typed 6.1 into 6月1日: the message says which, not 缺少必填值 or 2025-06-01 00:00:00."""
    import datetime

    root = draft_copy(tmp_path / "book")
    book = tmp_path / "bad.xlsx"
    assert run_jixiao("export", "--year", "2024", str(book), root=root).returncode == 0
    wb = openpyxl.load_workbook(book)
    wb["人员编制"]["C3"] = "=SUM(C4:C6)"  # openpyxl saves no calculated value, as such programs do
    wb["人员编制"]["C4"] = datetime.datetime(2025, 6, 1)
    wb.save(book)
    result = run_jixiao("import", str(book), "--year", "2024", root=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "第 3 行，“数值”列：是公式，文件中没有保存它的计算结果" in result.stderr and "=SUM(C4:C6)" in result.stderr
    assert "第 4 行，“数值”列：不是数值" in result.stderr and "2025年6月1日（Excel 把输入当成了日期）" in result.stderr


def test_not_a_workbook(tmp_path):
    root = draft_copy(tmp_path / "book")
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"not a zip")
    result = run_jixiao("import", str(fake), "--year", "2024", root=root)
    assert result.returncode == 1 and "无法打开工作簿" in result.stderr and "Traceback" not in result.stderr


def test_export_has_drop_downs_notes_and_typed_decimals(tmp_path):
    root = copy_book(tmp_path / "book")
    book = tmp_path / "2024.xlsx"
    assert run_jixiao("export", "--year", "2024", str(book), root=root).returncode == 0
    sheet = openpyxl.load_workbook(book)["部门整体支出绩效指标"]
    header = [c.value for c in sheet[1]]
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    letter = {h: openpyxl.utils.get_column_letter(i) for i, h in enumerate(header, 1)}
    assert lists[f"{letter['修饰']}2"] == '"近,逾,约,超,余,多,左右,以上"'
    assert lists[f"{letter['修饰位置']}2"] == '"数字前,数字后,单位首字后,单位后"'
    assert lists[f"{letter['写法']}2"] == '"数字,汉字,省略"'
    assert set(lists) == {f"{letter[h]}2" for h in ("修饰", "修饰位置", "写法")}  # 分项 is open: no list
    assert all(c.comment and len(c.comment.text) > 10 for c in sheet[1])
    assert "单位首字后（1.2万余台件）" in sheet[f"{letter['修饰位置']}1"].comment.text


def test_typed_decimals_survive_the_workbook(tmp_path):
    root = copy_book(tmp_path / "book")
    book = tmp_path / "2025.xlsx"
    assert run_jixiao("new-year", "2025", root=root).returncode == 0
    assert run_jixiao("export", "--year", "2024", str(book), root=root).returncode == 0
    wb = openpyxl.load_workbook(book)
    sheet = wb["一般公共预算支出"]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    rows["project_mandatory"][2].value = 889.1  # what Excel stores for 889.10 ...
    rows["project_mandatory"][2].number_format = "0.00"  # ... shown with two decimals
    rows["project"][2].value = 1202.84
    rows["project"][2].number_format = "#,##0.00"  # shown with a thousands separator, as the report writes it
    assert rows["basic"][2].value == 1020.37 and rows["basic"][2].number_format == "0.00"
    wb.save(book)
    result = run_jixiao("import", str(book), "--year", "2025", root=root)
    assert result.returncode == 0, result.stderr
    text = (root / "data" / "2025" / "expenditure.csv").read_text(encoding="utf-8")
    assert "project_mandatory,强检计量器具工作经费,889.10,万元" in text and 'project,项目支出,"1,202.84",' in text
    assert "basic,基本支出,1020.37," in text and "project_provincial,省级市场监督管理专项资金,80," in text
    # exported again: a number shown as typed, separator included
    assert run_jixiao("export", "--year", "2025", str(tmp_path / "again.xlsx"), root=root).returncode == 0
    cell = {r[0].value: r for r in openpyxl.load_workbook(tmp_path / "again.xlsx")["一般公共预算支出"].iter_rows(min_row=2)}["project"][2]
    assert (cell.value, cell.number_format) == (1202.84, "#,##0.00")


def test_import_checks_every_rule_before_writing(tmp_path):
    """The rules validate applies across rows (totals, vocabularies, what they require,
    what the chapters cite) stop an import, each located in its sheet; nothing is written."""
    root = draft_copy(tmp_path / "book")
    book = tmp_path / "bad.xlsx"
    assert run_jixiao("export", "--year", "2024", str(book), root=root).returncode == 0
    wb = openpyxl.load_workbook(book)
    perf = wb["部门整体支出绩效指标"]
    header = [c.value for c in perf[1]]
    rows = {r[0].value: r for r in perf.iter_rows(min_row=2)}
    rows["papers"][header.index("写法")].value = "大写"  # not a notation
    rows["ecqs_filings"][header.index("分项")].value = "党建引领"  # a new 分项 is fine ...
    rows["fees_waived"][header.index("修饰位置")].value = "单位首字后"  # 850万余元: fine (万元 starts with 万)
    rows["enterprises_served"][header.index("修饰位置")].value = "单位首字后"  # 家 has no magnitude
    rows["integrity_talks"][0].value = "patents"  # duplicate code
    exp = wb["一般公共预算支出"]
    for row in exp.iter_rows(min_row=2):
        if row[0].value == "basic_goods":
            row[2].value = 88.93  # the stated total no longer adds up
    wb.save(book)
    before = {p.name: p.read_bytes() for p in (root / "data" / "2024").iterdir()}
    result = run_jixiao("import", str(book), "--year", "2024", root=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    err = result.stderr
    assert "工作表“部门整体支出绩效指标”，第 27 行，“写法”列：不是允许的写法" in err
    assert "工作表“部门整体支出绩效指标”，第 23 行，“修饰位置”列" in err and "单位不以十、百、千、万、亿开头" in err
    assert "代码重复" in err and "工作表“一般公共预算支出”，第 2 行，“金额”列" in err
    assert "党建引领" not in err and "第 22 行" not in err
    assert "chapters/2024/03-performance.md" in err and "integrity_talks" in err  # the chapter cites the renamed row
    assert "没有写入任何文件" in err
    assert {p.name: p.read_bytes() for p in (root / "data" / "2024").iterdir()} == before


def test_cells_come_back_as_excel_shows_them(tmp_path):
    """A percent cell (Excel stores 100% as 1) comes back as the table's 100; a value with more
    decimals than its format shows comes back as shown, halves rounded up as Excel does."""
    root = draft_copy(tmp_path / "book")
    book = tmp_path / "2024.xlsx"
    assert run_jixiao("export", "--year", "2024", str(book), root=root).returncode == 0
    wb = openpyxl.load_workbook(book)
    rows = {r[0].value: r for r in wb["部门整体支出绩效指标"].iter_rows(min_row=2)}
    rows["volunteer_registration"][3].value, rows["volunteer_registration"][3].number_format = 1, "0%"
    rows["verified_instruments"][3].value, rows["verified_instruments"][3].number_format = 11.45, "0.0"
    wb.save(book)
    result = run_jixiao("import", str(book), "--year", "2024", root=root)
    assert result.returncode == 0, result.stderr
    text = (root / "data" / "2024" / "performance.csv").read_text(encoding="utf-8")
    assert ",干部职工志愿者注册率,100,%," in text and ",完成强制检定计量器具,11.5,万台件," in text


def test_a_table_that_cannot_be_written_leaves_every_table_as_it_was(tmp_path):
    root = draft_copy(tmp_path / "book")
    book = tmp_path / "2024.xlsx"
    assert run_jixiao("export", "--year", "2024", str(book), root=root).returncode == 0
    wb = openpyxl.load_workbook(book)
    staff = {r[0].value: r for r in wb["人员编制"].iter_rows(min_row=2)}
    staff["temporary"][2].value, staff["total"][2].value = 6, 93  # staffing.csv is replaced first
    wb.save(book)
    data = root / "data" / "2024"
    blocked = data / "performance.csv"
    blocked.rename(data / "saved")
    blocked.mkdir()  # in its place something that cannot be replaced by a file
    before = {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}
    result = run_jixiao("import", str(book), "--year", "2024", root=root)
    assert result.returncode == 1
    assert "performance.csv" in result.stderr and "没有改动任何数据文件" in result.stderr and "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()} == before
