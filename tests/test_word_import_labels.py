"""An imported chapter's sections keep the labels of the same-titled sections of the
reference year, and a new section never takes a label another section kept."""

from __future__ import annotations

from jixiao.authoring.importreuse import section_labels


def test_kept_labels_and_new_sections_do_not_clash():
    # 2025 added 民生计量 as its seventh section (performance-section7); 2026 keeps it as the
    # seventh and adds 产业计量 as the eighth.
    assert section_labels("performance", [(6, "civilization"), (7, "performance-section7"), (8, None)]) == [
        "civilization",
        "performance-section7",
        "performance-section8",
    ]
    # 2026 puts a new section seventh and moves 民生计量 (kept label) to eighth.
    assert section_labels("performance", [(7, None), (8, "performance-section7")]) == ["performance-section8", "performance-section7"]
    # Two sections of the same title in the report: the second gets a label of its own.
    assert section_labels("part3", [(1, "research"), (2, "research")]) == ["research", "part3-section2"]


def test_labels_are_unique_whatever_the_order():
    kept = [(1, None), (2, "p-section1"), (3, "p-section3"), (4, None), (5, "p-section5"), (6, None)]
    labels = section_labels("p", kept)
    assert len(set(labels)) == len(labels)
    assert [label for (_n, k), label in zip(kept, labels, strict=True) if k] == ["p-section1", "p-section3", "p-section5"]
