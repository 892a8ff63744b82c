"""Round trip at the parser level: the exported .docx, read back, is the report of the chapter sources and data."""

from __future__ import annotations

import re

from test_word_parse import data_rows, quantity_rows

from conftest import SEED
from jixiao.authoring.chaptersource import source_report
from jixiao.authoring.wordparse import parse_file


def outline(report, from_source: bool) -> list:
    """Chapters, sections and their text blocks; a source figure is its caption."""

    def blocks(items):
        out = []
        for b in items:
            if from_source and b.kind == "figure":
                out.append(("caption", b.text))
            elif not from_source and b.kind == "caption":
                out.append(("caption", b.text.split(" ", 1)[1].strip()))
            elif b.kind in ("p", "item"):
                out.append((b.kind, b.number, b.text))
        return out

    return [(c.number, c.title, blocks(c.blocks), [(s.number, s.title, blocks(s.blocks)) for s in c.sections]) for c in report.chapters]


def test_exported_docx_parses_back_to_the_sources(exported_2024):
    back = parse_file(exported_2024)
    source = source_report(2024)
    assert back.year == 2024 and back.notes == []
    assert (back.title.attachment, back.title.title, back.title.unit, back.title.year) == (
        source.title.attachment,
        source.title.title,
        source.title.unit,
        2024,
    )
    assert outline(back, False) == outline(source, True)
    assert quantity_rows(back) == quantity_rows(source) == data_rows(2024)
    pictures = [b for c in back.chapters for blk in [c.blocks, *[s.blocks for s in c.sections]] for b in blk if b.kind == "image"]
    assert len(pictures) == 4

    # the same numbers that stay text, besides the figure numbering and years in the captions
    def others(report):
        return [(f.mention.kind, f.mention.text) for f in report.numbers() if f.mention.kind != "quantity" and f.where != "图题"]

    assert others(back) == others(source)


def test_exported_docx_and_seed_parse_alike(exported_2024):
    back, seed = parse_file(exported_2024), parse_file(SEED, 2024)

    def texts(report):
        return [
            (
                c.title,
                [re.sub(r"\s+", "", b.text) for b in c.blocks if b.kind in ("p", "item")],
                [(s.title, [re.sub(r"\s+", "", b.text) for b in s.blocks if b.kind in ("p", "item")]) for s in c.sections],
            )
            for c in report.chapters
        ]

    assert texts(back) == texts(seed)
    written = [(f.mention.text, f.mention.quantity) for f in back.quantities()]
    assert written == [(f.mention.text, f.mention.quantity) for f in seed.quantities()]
