"""Numbers are written as the report writes them."""

import pytest

from jixiao.book import style


@pytest.mark.parametrize(
    "args, expected",
    [
        ((1020.37, "万元"), "1020.37万元"),
        ((50.0, "万元"), "50万元"),
        ((11.5, "万台件", "近"), "近11.5万台件"),
        ((850, "万元", "余"), "850余万元"),
        ((1, "万台件", "逾", "省略"), "逾万台件"),
        ((1, "万台件", "逾"), "逾1万台件"),
        ((12.3, "万台件", "近"), "近12.3万台件"),
        ((1.2, "万台件", "余", "", "单位首字后"), "1.2万余台件"),
        ((1400, "家", "余"), "1400余家"),
        ((100, "万元", "左右"), "100万元左右"),
        ((889.1, "万元", "", "", "", "889.10"), "889.10万元"),
        ((50, "万元", "", "", "", "50"), "50万元"),
        ((3, "项", "", "汉字"), "三项"),
        ((2, "项", "", "汉字"), "两项"),
        ((2, "星级", "", "汉字"), "二星级"),
        ((3, "星级", "", "汉字"), "三星级"),
        ((100, "%"), "100%"),
        ((7610, "条"), "7610条"),
    ],
)
def test_quantity(args, expected):
    assert style.quantity(*args) == expected


@pytest.mark.parametrize("n, text", [(1, "一"), (6, "六"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")])
def test_chinese_numeral(n, text):
    assert style.chinese_numeral(n, counting=False) == text


def test_grouped_for_tables():
    assert style.grouped(1020.37) == "1,020.37"
    assert style.grouped(11500) == "11,500"


def test_written_uses_the_typed_text():
    row = {"value": 889.1, "typed": "889.10", "unit": "万元", "qualifier": "", "position": "", "notation": ""}
    assert style.written(row) == "889.10万元"
    row = {"value": 1.2, "typed": "1.2", "unit": "万台件", "qualifier": "余", "position": "单位首字后", "notation": ""}
    assert style.written(row) == "1.2万余台件"
