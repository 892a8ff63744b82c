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


def test_a_renamed_section_keeps_its_figures_where_it_stands():
    """2025 renames （三）检校业务有声有色 to 检校服务提质增效: its chart and comparison table stay
    under it, instead of falling to the end of the chapter."""
    from jixiao.authoring.importmap import normal
    from jixiao.authoring.importreuse import figures, other_chapters
    from jixiao.report.data import load_year

    info = other_chapters(2025, 2024)[normal("部门整体支出绩效情况")]
    titles = [
        normal(t)
        for t in ("党纪学习凝心铸魂", "廉政建设走深走实", "检校服务提质增效", "科研创新持续发力", "机构建设扎实推进", "文明创建开花结果")
    ]
    _calls, placed = figures(info, 2025, load_year(2024), titles)
    assert [d.split()[1] for d in placed[normal("检校服务提质增效")]] == ["fig.business_volumes", "cmp.business"]
    assert normal("检校业务有声有色") not in placed
    _calls, same = figures(info, 2025, load_year(2024), [normal("检校业务有声有色")])  # a different order: by title only
    assert list(same) == [normal("检校业务有声有色")]
