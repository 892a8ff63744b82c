"""比上年: the change from the previous year, as an amount and a percentage."""

from decimal import Decimal

import pytest

from jixiao.book.compare import change


@pytest.mark.parametrize(
    "now, before, unit, expected",
    [
        (1122.4, 1020.37, "万元", ("增加102.03万元", "增长10.0%")),
        (90, 92, "人", ("减少2人", "下降2.2%")),
        (52, 52, "人", ("持平", "持平")),
        (5, 0, "项", ("增加5项", "—")),
        (85, 80, "万元", ("增加5万元", "增长6.3%")),  # 6.25: 四舍五入, not half to even (6.2)
        (75, 80, "万元", ("减少5万元", "下降6.3%")),
        (165.25, 165.27, "万元", ("减少0.02万元", "下降0.01%")),  # 0.0121 %: two decimals rather than 0.0%
        (100000.01, 100000, "元", ("增加0.01元", "增长不到0.01%")),
    ],
)
def test_change(now, before, unit, expected):
    assert change(now, before, unit) == expected


def _year(year, rows):
    import pandas as pd

    from jixiao.report.data import YearData

    cols = ["_row", "key", "name", "value", "unit", "qualifier", "position", "notation", "parent", "typed"]
    frame = pd.DataFrame(
        [{"_row": i + 2, "qualifier": "", "position": "", "notation": "", "parent": "", **r} for i, r in enumerate(rows)], columns=cols
    )
    empty = frame.iloc[0:0]
    return YearData(year, {"expenditure": frame, "staffing": empty.copy(), "performance": empty.assign(section=[])})


def test_items_in_one_year_only_show_as_new_or_gone():
    from jixiao.book.compare import comparison_frame

    before = _year(
        2024,
        [
            {"key": "project", "name": "项目支出", "value": 148.47, "typed": "148.47", "unit": "万元"},
            {"key": "project_mandatory", "name": "强检计量器具工作经费", "value": 80, "typed": "80", "unit": "万元", "parent": "project"},
            {"key": "project_park", "name": "衡器产业园科技资金", "value": 68.47, "typed": "68.47", "unit": "万元", "parent": "project"},
        ],
    )
    now = _year(
        2025,
        [
            {"key": "project", "name": "项目支出", "value": 969.1, "typed": "969.10", "unit": "万元"},
            {"key": "project_mandatory", "name": "强检经费", "value": 80, "typed": "80.00", "unit": "万元", "parent": "project"},
            {"key": "project_smart", "name": "智慧计量建设经费", "value": 889.1, "typed": "889.10", "unit": "万元", "parent": "project"},
        ],
    )
    frame = comparison_frame(now, before, "expenditure")
    rows = frame.to_dict("records")
    assert [r["项目"] for r in rows] == ["项目支出", "强检经费（2024年为“强检计量器具工作经费”）", "智慧计量建设经费", "衡器产业园科技资金"]
    assert rows[0]["比上年增减"] == "增加820.63万元" and rows[0]["2025年"] == "969.10万元"
    assert rows[1]["比上年增减"] == "持平" and rows[1]["2025年"] == "80.00万元"
    assert (rows[2]["2024年"], rows[2]["比上年增减"]) == ("—", "新增")
    assert (rows[3]["2025年"], rows[3]["比上年增减"], rows[3]["2024年"]) == ("—", "本年无", "68.47万元")


def test_a_changed_unit_is_not_compared():
    from jixiao.book.compare import comparison_frame
    from jixiao.report.pairing import differences

    before = _year(2024, [{"key": "calibrated", "name": "校准计量器具", "value": 1, "typed": "1", "unit": "万台件"}])
    now = _year(2025, [{"key": "calibrated", "name": "校准计量器具", "value": 1.2, "typed": "1.2", "unit": "万余台件"}])
    row = comparison_frame(now, before, "expenditure").to_dict("records")[0]
    assert row["比上年增减"].startswith("单位不同，不作比较") and row["增减幅度"] == "—"
    assert [what for *_, what in differences(now, before)] == ["unit"]


def test_a_code_that_moved_to_another_section_is_named():
    from jixiao.report.pairing import differences

    row = {"key": "rating_keep", "name": "巩固文明单位星级", "value": 3, "typed": "3", "unit": "星级", "notation": "汉字"}
    before, now = _year(2024, []), _year(2025, [])
    before.tables["performance"] = _year(2024, [{**row, "section": "改进措施"}]).tables["expenditure"].assign(section=["改进措施"])
    now.tables["performance"] = _year(2025, [{**row, "section": "文明创建"}]).tables["expenditure"].assign(section=["文明创建"])
    assert [(table, what) for table, *_, what in differences(now, before)] == [("performance", "section")]


def test_typed_decimals_carry_into_the_change():
    assert change(Decimal("889.10"), Decimal("800.00"), "万元") == ("增加89.10万元", "增长11.1%")
    assert change(3, 2, "星级", "汉字") == ("增加一星级", "—")  # a rank has steps, not a rate


def test_a_percentage_changes_by_points_and_thousands_keep_their_separators():
    assert change(Decimal("100"), Decimal("98.5"), "%") == ("提高1.5个百分点", "—")
    assert change(Decimal("80"), Decimal("90"), "%") == ("降低10个百分点", "—")  # not 减少10%, 下降11.1%
    assert change(Decimal("95.5"), Decimal("95.5"), "%") == ("持平", "—")
    assert change(Decimal("2500.00"), Decimal("1048.90"), "万元", grouping=True) == ("增加1,451.10万元", "增长138.3%")
    assert change(Decimal("2500.00"), Decimal("1048.90"), "万元") == ("增加1451.10万元", "增长138.3%")


def test_rounding_is_half_up():
    from jixiao.book import style

    assert [style.fixed(v, 1) for v in (Decimal("6.25"), Decimal("6.35"), Decimal("0.05"), Decimal("-2.25"))] == [
        "6.3",
        "6.4",
        "0.1",
        "-2.3",
    ]
    assert style.percent(1, 8) == "12.5%" and style.percent(1, 16) == "6.3%"  # 6.25
    assert style.number(Decimal("0.125")) == "0.13"


def test_approximations_are_not_compared():
    """近1600家 against 1500余家 is not 增加100家: neither report holds that figure."""
    from jixiao.book.compare import comparison_frame
    from jixiao.report.pairing import pairs

    rows_before = [
        {"key": "firms", "name": "服务单位企业", "value": 1500, "typed": "1500", "unit": "家", "qualifier": "余"},
        {"key": "fee", "name": "免征强检费用", "value": 900, "typed": "900", "unit": "万元", "qualifier": "余"},
        {"key": "staff", "name": "人员", "value": 90, "typed": "90", "unit": "人"},
    ]
    rows_now = [
        {"key": "firms", "name": "服务单位企业", "value": 1600, "typed": "1600", "unit": "家", "qualifier": "近"},
        {"key": "fee", "name": "免征强检费用", "value": 950, "typed": "950", "unit": "万元"},
        {"key": "staff", "name": "人员", "value": 92, "typed": "92", "unit": "人"},
    ]
    rows = comparison_frame(_year(2025, rows_now), _year(2024, rows_before), "expenditure").to_dict("records")
    assert [(r["2025年"], r["2024年"], r["比上年增减"], r["增减幅度"]) for r in rows] == [
        ("近1600家", "1500余家", "约数，不作比较", "—"),
        ("950万元", "900余万元", "约数，不作比较", "—"),
        ("92人", "90人", "增加2人", "增长2.2%"),
    ]
    # Prose cannot cite their change either (.change/.rate are glued for comparable pairs only).
    assert [p.comparable for p in pairs(rows_now, rows_before)] == [False, False, True]


def test_the_office_s_thousands_separators_carry_into_the_change():
    from jixiao.book.compare import comparison_frame

    before = _year(2024, [{"key": "basic", "name": "基本支出", "value": 1048.9, "typed": "1,048.90", "unit": "万元"}])
    now = _year(2025, [{"key": "basic", "name": "基本支出", "value": 2500, "typed": "2500.00", "unit": "万元"}])
    row = comparison_frame(now, before, "expenditure").to_dict("records")[0]
    assert (row["2024年"], row["比上年增减"]) == ("1,048.90万元", "增加1,451.10万元")
