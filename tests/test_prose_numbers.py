"""No number in chapter prose is typed by hand: every one is pasted from data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.util import paths

DIGITS = re.compile(r"[0-9０-９]")
#: Chinese numerals followed by a measure word: a quantity, which must come from data.
CN_QUANTITY = re.compile(r"(?<![第])[一二三四五六七八九十两]+(?:个|项|次|人次|人|篇|名|家|条|台件|星级|万元)")


def prose(source: str) -> str:
    """Chapter text with everything that is not prose taken out."""
    text = re.sub(r"\A---\n.*?\n---\n", "", source, flags=re.S)  # front matter
    text = re.sub(r"^```\{code-cell\}.*?^```", "", text, flags=re.S | re.M)  # code cells
    text = re.sub(r"^```\{[\w:-]+\}[^\n]*\n(?::[^\n]*\n)*", "", text, flags=re.M)  # directive lines and options
    text = re.sub(r"\{glue(?::\w+)?\}`[^`]*`", "", text)  # pasted values
    text = re.sub(r"\{(?:term|doc|ref|numref)\}`[^`]*`", "", text)  # cross-references (their text has no numbers)
    text = re.sub(r"^\([\w-]+\)=$", "", text, flags=re.M)  # labels
    text = re.sub(r"^\d+\.\s", "", text, flags=re.M)  # list markers: numbering is generated
    text = re.sub(r"《[^》]*》", "", text)  # titles of works: digits belong to the name
    return text


def hand_typed(source: str) -> list[str]:
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
    assert hand_typed(path.read_text(encoding="utf-8")) == []


def test_checker_catches_typed_numbers():
    assert hand_typed("现有总人数92人。") == ["9", "2"]
    assert hand_typed("申请国家专利两项。") == ["两项"]
    assert hand_typed("现有总人数{glue:text}`staffing.total`，第一支部。") == []
    assert hand_typed("参与《15KA高精度直流大电流标准源校准装置》") == []
