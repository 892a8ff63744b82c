"""Excel round trip: export a year to a workbook, fill it, import it back, checked first."""

from __future__ import annotations

import openpyxl

from conftest import copy_book, run_jixiao


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


def test_bad_workbook_is_rejected_and_nothing_written(tmp_path):
    root = copy_book(tmp_path / "book")
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


def test_not_a_workbook(tmp_path):
    root = copy_book(tmp_path / "book")
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"not a zip")
    result = run_jixiao("import", str(fake), "--year", "2024", root=root)
    assert result.returncode == 1 and "无法打开工作簿" in result.stderr and "Traceback" not in result.stderr
