"""Every sentence of the original 2024 report appears in the built pages."""

from __future__ import annotations

import re

import pytest

from conftest import SEED, page_text

PUNCT = re.compile(r"[\s，。、；;：:“”\"（）()《》！？—…·]")


def normalise(text: str) -> str:
    return PUNCT.sub("", text)


def original_sentences() -> list[str]:
    text = SEED.read_text(encoding="utf-8").replace("[bookmark: _GoBack]", "")
    text = text.replace("（6）", "（六）")  # the original's slip; numbering is generated now
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if line != "附件2"]  # the attachment label is on the PDF title page
    lines = [re.sub(r"^\d+、\s*", "", line) for line in lines]  # list numbers are generated markers
    sentences = []
    for line in lines:
        sentences += [s for s in re.split(r"(?<=[。；;！？])", line) if normalise(s)]
    return sentences


def test_seed_is_split_into_sentences():
    assert len(original_sentences()) >= 50


@pytest.mark.build
def test_every_sentence_appears(site):
    pages = sorted((site / "chapters" / "2024").glob("*.html")) + [site / "index.html"]
    built = normalise("".join(page_text(p) for p in pages))
    missing = [s for s in original_sentences() if normalise(s) not in built]
    assert missing == []


@pytest.mark.build
def test_headings_are_numbered_in_chinese(site):
    text = page_text(site / "chapters" / "2024" / "03-performance.html")
    for heading in ("三、部门整体支出绩效情况", "（一）党纪学习凝心铸魂", "（六）文明创建开花结果"):
        assert heading in text
    assert "（6）" not in text
