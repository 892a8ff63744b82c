"""No number in chapter prose is typed by hand: every one is pasted from data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.book.handtyped import problems, prose, quantities
from jixiao.util import paths

DIGITS = re.compile(r"[0-9０-９]")
#: Chinese numerals followed by a measure word: a quantity, which must come from data.
CN_QUANTITY = re.compile(r"(?<![第])[一二三四五六七八九十两]+(?:个|项|次|人次|人|篇|名|家|条|台件|星级|万元)")


def hand_typed(source: str) -> list[str]:
    """Every digit and Chinese-numeral quantity left in the prose (stricter than validate: dates too)."""
    body = prose(source)
    found = [m.group(0) for m in DIGITS.finditer(body)]
    found += [m.group(0) for m in CN_QUANTITY.finditer(body)]
    return found


def chapter_files() -> list[Path]:
    return sorted(paths.CHAPTERS.rglob("*.md"))


def test_there_are_chapters():
    assert len(chapter_files()) >= 8  # six chapters, the year's index, the trends page


@pytest.mark.parametrize("path", chapter_files(), ids=lambda p: paths.rel(p))
def test_no_hand_typed_numbers(path):
    """What validate checks, on every chapter of every year (an imported year keeps its dates as text)."""
    year = int(path.parent.name) if path.parent.name.isdigit() else 2024
    assert problems(path, year) == []


def test_the_seed_year_has_no_digit_at_all():
    for path in sorted((paths.CHAPTERS / "2024").glob("*.md")):
        assert hand_typed(path.read_text(encoding="utf-8")) == [], path


def test_validate_names_each_typed_quantity():
    source = (
        "---\nx: 1\n---\n# 标题\n\n另有项目资金12.5万元，参与近300人次；{n}`事业编制`，2025年3月15日，一是，GB/T 9704。\n申请专利两项。\n"
    )
    assert quantities(source, 2025) == [(6, "12.5万元"), (6, "近300人次"), (7, "两项")]


def test_checker_catches_typed_numbers():
    assert hand_typed("现有总人数92人。") == ["9", "2"]
    assert hand_typed("申请国家专利两项。") == ["两项"]
    assert hand_typed("现有总人数{glue:text}`staffing.total`，第一支部。") == []
    assert hand_typed("参与《15KA高精度直流大电流标准源校准装置》") == []
