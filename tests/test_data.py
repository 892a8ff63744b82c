"""Loading the CSV data, and reconciling the totals the report states."""

from __future__ import annotations

import shutil
from pathlib import Path

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
    assert list(table["报告所列合计"]) == ["92", "1020.37", "363.74"]  # as the report writes them, no separators added


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
    assert "expenditure.csv" in report and "第 2 行" in report and "逗号的位置不对" in report and "1,048.94" in report


@pytest.mark.parametrize(
    "name, old, new, expected",
    [
        ("performance.csv", ",11.5,", ',"11,5",', ["第 21 行", "“数值”列", "逗号的位置不对", "11,5"]),  # a decimal comma
        ("performance.csv", ",11.5,", ",1 2,", ["第 21 行", "不是数值"]),
        ("performance.csv", ",11.5,", ",4²,", ["第 21 行", "不是数值"]),
        ("performance.csv", ",7610,", ",-0,", ["“数值”列", "不能为负数", "-0"]),
        ("performance.csv", ",7610,", ",07610,", ["“数值”列", "数值开头有多余的 0", "如 7610"]),
        ("performance.csv", "干部职工志愿者注册率,100,%", "干部职工志愿者注册率,100,％", []),  # full-width ％ is a percent ...
        ("performance.csv", "干部职工志愿者注册率,100,%", "干部职工志愿者注册率,150,％", ["百分比超过 100"]),  # ... and checked as one
        (
            "expenditure.csv",
            "basic_goods,商品与服务支出,88.92,万元",
            "basic_goods,商品与服务支出,88.92,元",
            ["第 4 行", "“单位”列", "单位与上级“基本支出”（第 2 行）的单位“万元”不同"],
        ),
        (
            "performance.csv",
            "papers,科研创新,发表专业论文,9,篇,,,,",
            "papers,科研创新,发表专业论文,9,篇,,,,papers",
            ["“上级”列", "上级形成循环"],
        ),
    ],
)
def test_numbers_units_and_parents_are_checked(data_copy, name, old, new, expected):
    path = data_copy / "2024" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    report = DataError(problems).report() if (problems := validate_years([2024])) else ""
    assert all(e in report for e in expected) and bool(expected) == bool(problems), report


def test_a_row_left_out_or_a_broken_header_gives_no_follow_on_advice(data_copy):
    """A row with too few cells is left out: the total it belongs to is not called wrong. A table
    whose header is broken: the chapters citing it are not told to change their text."""
    staffing = data_copy / "2024" / "staffing.csv"
    staffing.write_text(
        staffing.read_text(encoding="utf-8").replace("retired,离退休人员,35,人,,,,total", "retired,离退休人员,35,人"), encoding="utf-8"
    )
    expenditure = data_copy / "2024" / "expenditure.csv"
    expenditure.write_text(expenditure.read_text(encoding="utf-8").replace("代码,名称,金额", "代码,名称,数额"), encoding="utf-8")
    report = DataError(validate_years([2024])).report()
    assert "staffing.csv" in report and "4 个单元格" in report and "缺少“金额”列" in report
    assert "组成部分之和" not in report and "正文引用" not in report, report


def test_an_unreadable_or_utf16_file_says_what_to_do(data_copy, monkeypatch):
    staffing = data_copy / "2024" / "staffing.csv"
    staffing.write_bytes(staffing.read_text(encoding="utf-8").encode("utf-16"))
    report = DataError(validate_years([2024])).report()
    assert "staffing.csv" in report and "UTF-16" in report and "另存为" in report
    staffing.write_bytes((paths.ROOT / "data" / "2024" / "staffing.csv").read_bytes())
    original = Path.read_bytes

    def locked(self):
        if self.name == "expenditure.csv":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", locked)
    report = DataError(validate_years([2024])).report()
    assert "expenditure.csv" in report and "无法读取文件（没有读取权限，或正被其他程序占用）" in report and "Permission" not in report


def test_a_table_open_in_excel_or_saved_with_semicolons_says_what_to_do(data_copy):
    folder = data_copy / "2024"
    (folder / "~$expenditure.csv").write_bytes(b"owner")
    staffing = folder / "staffing.csv"
    staffing.write_text(staffing.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    report = DataError(validate_years([2024])).report()
    assert "expenditure.csv" in report and "正在 Excel、WPS 或 LibreOffice 中打开" in report and "不属于任何数据表" not in report
    assert "staffing.csv" in report and "用的是分号" in report and report.count("staffing.csv") == 1, report


def test_a_cell_in_another_encoding_is_located(data_copy):
    staffing = data_copy / "2024" / "staffing.csv"
    lines = staffing.read_bytes().split(b"\n")
    lines[4] = lines[4].replace("临聘人员".encode(), "临聘人员".encode("gbk") + "（外包）".encode())  # UTF-8 and GBK mixed
    staffing.write_bytes(b"\n".join(lines))
    report = DataError(validate_years([2024])).report()
    assert "staffing.csv，第 5 行" in report and "无法识别文件编码" in report, report


def test_a_stray_quote_is_located(data_copy):
    path = data_copy / "2024" / "performance.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("papers,科研创新,发表专业论文", 'papers,科研创新,"发表专业论文'), encoding="utf-8")
    report = DataError(validate_years([2024])).report()
    assert "performance.csv，第 27 行" in report and "未配对的英文双引号" in report and "正文引用" not in report, report
