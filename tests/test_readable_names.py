"""Readable references ``{n}`名称``` in chapter prose: resolved within the chapter's year;
an unknown or ambiguous name stops validate and the build with the chapter, line and closest names."""

from __future__ import annotations

import shutil

import pytest

from conftest import copy_book, run_jixiao, run_python
from jixiao.book import names
from jixiao.report.data import load_year


@pytest.fixture(scope="module")
def rows():
    return names.targets(load_year(2024))


def test_a_name_resolves_to_its_row(rows):
    assert names.resolve("事业编制", rows).glue_key == "staffing.establishment"
    assert names.resolve("检校业务:服务单位企业", rows).glue_key == "performance.enterprises_served"
    assert names.resolve("人员编制:总人数", rows).glue_key == "staffing.total"
    assert names.resolve("staffing:总人数", rows).glue_key == "staffing.total"


def test_unknown_name_lists_the_closest(rows):
    with pytest.raises(names.UnknownName) as err:
        names.resolve("事业编", rows)
    assert "找不到" in str(err.value) and "事业编制" in str(err.value)


def test_ambiguous_name_asks_for_a_prefix():
    from jixiao.book.names import Target

    rows = [Target("performance", "a", "交流研讨", "党纪学习"), Target("performance", "b", "交流研讨", "廉政建设")]
    with pytest.raises(names.UnknownName) as err:
        names.resolve("交流研讨", rows)
    assert "党纪学习:交流研讨" in str(err.value) and "廉政建设:交流研讨" in str(err.value)
    assert names.resolve("廉政建设:交流研讨", rows).key == "b"


def test_rewrite_keeps_glue_keys_and_reports_lines(rows):
    text = "共有{n}`事业编制`，{glue:text}`staffing.total`\n其中{n}`在职在编人`"
    new, errors = names.rewrite(text, rows)
    assert new.startswith("共有{glue:text}`staffing.establishment`，{glue:text}`staffing.total`")
    assert [line for line, _ in errors] == [2]


@pytest.fixture(scope="module")
def named_copy(tmp_path_factory):
    """The 2024 chapters with their staffing numbers written as readable names."""
    root = copy_book(tmp_path_factory.mktemp("names") / "book")
    path = root / "chapters" / "2024" / "01-basic-info.md"
    text = path.read_text(encoding="utf-8")
    for key, name in (("establishment", "事业编制"), ("total", "总人数"), ("active", "在职在编人员")):
        text = text.replace(f"{{glue:text}}`staffing.{key}`", f"{{n}}`{name}`")
    path.write_text(text, encoding="utf-8")
    return root


def test_readable_names_validate_and_export_like_codes(named_copy, tmp_path):
    assert run_jixiao("validate", root=named_copy).returncode == 0
    code = "from jixiao.authoring.chaptersource import source_report; print(source_report(2024).chapters[0].blocks[0].text)"
    out = tmp_path / "out.txt"
    run_python(named_copy, f"import sys; sys.stdout = open({str(out)!r}, 'w'); {code}")
    assert "我单位共有事业编制59个，现有总人数92人，其中在职在编人员52人" in out.read_text(encoding="utf-8")


def test_unknown_name_stops_validate_and_the_build(named_copy):
    path = named_copy / "chapters" / "2024" / "01-basic-info.md"
    good = path.read_text(encoding="utf-8")
    line = next(i for i, t in enumerate(good.splitlines(), 1) if "{n}`事业编制`" in t)
    path.write_text(good.replace("{n}`事业编制`", "{n}`事业编`"), encoding="utf-8")
    try:
        result = run_jixiao("validate", root=named_copy)
        assert result.returncode == 1
        message = result.stderr
        assert f"文件 chapters/2024/01-basic-info.md，第 {line} 行" in message
        assert "事业编" in message and "相近的名称：事业编制" in message
        assert "data/2024/ 的数据表中“名称”为“事业编”的一行" in message and "改正文中的这处引用" in message
        build = run_jixiao("build", "--no-pdf", root=named_copy)
        assert build.returncode != 0
        assert "相近的名称：事业编制" in build.stdout + build.stderr
        assert not (named_copy / "_build" / "preview").exists()
    finally:
        path.write_text(good, encoding="utf-8")


def test_a_bad_value_and_an_unknown_name_are_reported_together(named_copy):
    """One run of validate lists both: the clerk fixes everything in one go."""
    path = named_copy / "chapters" / "2024" / "01-basic-info.md"
    csv = named_copy / "data" / "2024" / "performance.csv"
    good, good_csv = path.read_text(encoding="utf-8"), csv.read_text(encoding="utf-8")
    path.write_text(good.replace("{n}`事业编制`", "{n}`事业编`"), encoding="utf-8")
    csv.write_text(good_csv.replace("papers,科研创新,发表专业论文,9,", "papers,科研创新,发表专业论文,九,"), encoding="utf-8")
    try:
        result = run_jixiao("validate", root=named_copy)
        assert result.returncode == 1
        assert "“数值”列：不是数值（发表专业论文）" in result.stderr and "{n}`事业编`" in result.stderr, result.stderr
    finally:
        path.write_text(good, encoding="utf-8")
        csv.write_text(good_csv, encoding="utf-8")


def test_missing_data_gives_no_follow_on_name_problems(named_copy, tmp_path):
    folder = named_copy / "data" / "2024"
    kept = tmp_path / "kept"
    shutil.move(folder, kept)
    try:
        result = run_jixiao("validate", root=named_copy)
        assert result.returncode == 1 and "找不到 2024 年的数据文件夹" in result.stderr
        assert "{n}`" not in result.stderr, result.stderr  # the names are checked once the data is back
    finally:
        shutil.move(kept, folder)


def test_a_broken_header_gives_no_follow_on_name_problems(named_copy):
    csv = named_copy / "data" / "2024" / "staffing.csv"
    kept = csv.read_text(encoding="utf-8")
    csv.write_text(kept.replace("代码,名称,数值", "代码,名字,数值", 1), encoding="utf-8")
    try:
        result = run_jixiao("validate", root=named_copy)
        assert result.returncode == 1 and "缺少“名称”列" in result.stderr
        assert "{n}`" not in result.stderr, result.stderr  # the table read no rows: its names are checked once it does
    finally:
        csv.write_text(kept, encoding="utf-8")
