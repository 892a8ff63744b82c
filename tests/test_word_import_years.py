"""Years an imported report names are bound to its year, so its prose holds no typed digits."""

from __future__ import annotations

from test_prose_numbers import hand_typed

from jixiao.authoring.importwrite import prose
from jixiao.book.glue import YEAR_OFFSETS, numbers, year_key
from jixiao.report.data import load_year
from jixiao.report.quantities import find_numbers


def _bound(text: str, year: int) -> str:
    mentions = [(m, None) for m in find_numbers(text, year) if year_key(m, year)]
    return prose(text, mentions, [], year)


def test_other_years_become_relative_references():
    out = _bound("总之，2024年各项工作圆满完成，2025年度将再创佳绩，2026年完成搬迁。", 2025)
    assert out == "总之，{glue:text}`year-1`年各项工作圆满完成，{glue:text}`year`年度将再创佳绩，{glue:text}`year+1`年完成搬迁。"
    assert hand_typed(out) == []


def test_a_year_beyond_reach_stays_as_typed():
    out = _bound("中心1958年建成。", 2025)
    assert out == "中心1958年建成。"  # the review lists it; it is not a reference to the report year
    assert year_key(find_numbers("中心1958年建成。", 2025)[0], 2025) is None


def test_every_key_is_glued_with_its_year():
    glued = numbers(load_year(2024))
    assert glued["year"] == "2024"
    for k in YEAR_OFFSETS:
        assert glued[f"year{k:+d}"] == str(2024 + k)
    assert glued["year-1"] == "2023" and glued["year+1"] == "2025"
