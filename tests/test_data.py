"""Loading the CSV data, and reconciling the totals the report states."""

from __future__ import annotations

import shutil

import pytest

from jixiao.book.validate import validate_years
from jixiao.report.csvread import DataError
from jixiao.report.data import load_year, reconciliation
from jixiao.util import paths


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of data/ that the loader reads instead of the real one."""
    dest = tmp_path / "data"
    shutil.copytree(paths.DATA, dest)
    monkeypatch.setattr(paths, "DATA", dest)
    return dest


def test_2024_staffing_as_reported():
    data = load_year(2024)
    values = {k: data.value("staffing", k) for k in ("establishment", "total", "active", "temporary", "retired")}
    assert values == {"establishment": 59, "total": 92, "active": 52, "temporary": 5, "retired": 35}


def test_2024_expenditure_as_reported():
    data = load_year(2024)
    assert data.value("expenditure", "basic") == 1020.37
    assert list(data.parts("expenditure", "basic")["value"]) == [832.83, 88.92, 98.62]
    assert data.value("expenditure", "project") == 363.74
    assert list(data.parts("expenditure", "project")["value"]) == [50, 80, 68.47, 165.27]


def test_qualifiers_and_units_are_data():
    data = load_year(2024)
    row = data.row("performance", "verified_instruments")
    assert (row["value"], row["unit"], row["qualifier"]) == (11.5, "万台件", "近")
    row = data.row("performance", "fees_waived")
    assert (row["value"], row["unit"], row["qualifier"]) == (850, "万元", "余")
    row = data.row("performance", "calibrated_instruments")
    assert (row["value"], row["unit"], row["qualifier"]) == (1, "万台件", "逾")


def test_every_stated_total_reconciles():
    table = reconciliation(load_year(2024))
    assert len(table) == 3  # staffing total, basic and project expenditure
    assert set(table["结果"]) == {"一致"}


def test_wrong_total_stops_with_file_row_column(data_copy):
    path = data_copy / "2024" / "expenditure.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("1020.37", "1020.38"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_year(2024)
    message = err.value.report()
    assert "data/2024/expenditure.csv" in message or "expenditure.csv" in message
    assert "第 2 行" in message and "“金额”列" in message
    assert "1020.38" in message and "1020.37" in message


def test_wrong_staffing_sum_is_reported(data_copy):
    path = data_copy / "2024" / "staffing.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("temporary,临聘人员,5", "temporary,临聘人员,6"), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_year(2024)
    assert "总人数" in err.value.report() and "93" in err.value.report()


def test_gbk_bom_crlf_and_fullwidth_numbers_are_accepted(data_copy):
    path = data_copy / "2024" / "staffing.csv"
    text = path.read_text(encoding="utf-8").replace("active,在职在编人员,52", "active,在职在编人员,５２")
    path.write_bytes(text.replace("\n", "\r\n").encode("gb18030"))
    expenditure = data_copy / "2024" / "expenditure.csv"
    text = expenditure.read_text(encoding="utf-8").replace("basic,基本支出,1020.37", 'basic,基本支出,"1,020.37"')
    expenditure.write_bytes("\ufeff".encode() + text.encode("utf-8"))
    data = load_year(2024)
    assert data.value("staffing", "active") == 52
    assert data.value("expenditure", "basic") == 1020.37


def test_all_problems_reported_at_once(data_copy):
    path = data_copy / "2024" / "performance.csv"
    text = path.read_text(encoding="utf-8")
    text = text.replace("papers,科研创新,发表专业论文,9,篇", "papers,科研创新,发表专业论文,九,篇")
    text = text.replace("engineers,机构建设,新获取工程师,3,人", "engineers,机构建设,新获取工程师,-3,人")
    path.write_text(text, encoding="utf-8")
    problems = validate_years([2024])  # parsing, reconciliation and the pandera rules together
    assert len(problems) == 2
    assert {p.value for p in problems} == {"九", "-3"}
    assert all(p.column == "数值" and p.row for p in problems)


def test_thousands_separators_are_kept_as_typed(data_copy):
    """A value typed with thousands separators reads as its number and is written as typed."""
    from jixiao.book import style

    path = data_copy / "2024" / "expenditure.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("basic,基本支出,1020.37,", 'basic,基本支出,"1,020.37",').replace(",832.83,", ",８３２.８３,"), encoding="utf-8"
    )
    data = load_year(2024)
    row = data.row("expenditure", "basic")
    assert data.value("expenditure", "basic") == 1020.37 and style.written(row) == "1,020.37万元"
    assert style.written(data.row("expenditure", "basic_salary")) == "832.83万元"  # full-width digits: ASCII
    assert validate_years([2024]) == []  # the total still adds up


def test_misplaced_thousands_separator_is_rejected(data_copy):
    path = data_copy / "2024" / "expenditure.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("basic,基本支出,1020.37,", 'basic,基本支出,"10,20.37",'), encoding="utf-8")
    report = DataError(validate_years([2024])).report()
    assert "expenditure.csv" in report and "第 2 行" in report and "千位分隔符" in report and "1,048.94" in report
