"""比上年: the change from the previous year, as an amount and a percentage."""

import pytest

from jixiao.compare import change


@pytest.mark.parametrize(
    "now, before, unit, expected",
    [
        (1122.4, 1020.37, "万元", ("增加102.03万元", "增长10.0%")),
        (90, 92, "人", ("减少2人", "下降2.2%")),
        (52, 52, "人", ("持平", "持平")),
        (5, 0, "项", ("增加5项", "—")),
    ],
)
def test_change(now, before, unit, expected):
    assert change(now, before, unit) == expected
