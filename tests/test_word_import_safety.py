"""Import safety: a final year is refused, a draft is updated with its differences listed,
and nothing is written when the file can't be read or parsed."""

from __future__ import annotations

import csv

import pytest

from conftest import SEED, copy_book, run_jixiao, tree_digest


@pytest.fixture(scope="module")
def empty_book(tmp_path_factory):
    return copy_book(tmp_path_factory.mktemp("safety") / "book", years=())


def _codes(root, year):
    out = {}
    for table in ("staffing", "expenditure", "performance"):
        with open(root / "data" / str(year) / f"{table}.csv", encoding="utf-8") as f:
            out.update({(table, r["名称"]): r["代码"] for r in csv.DictReader(f)})
    return out


def test_final_year_is_refused(tmp_path):
    root = copy_book(tmp_path / "book")
    before = tree_digest(root / "data"), tree_digest(root / "chapters")
    result = run_jixiao("import", str(SEED), "--year", "2024", root=root)
    assert result.returncode == 1
    assert "已定稿发布" in result.stderr and "没有写入任何文件" in result.stderr
    assert (tree_digest(root / "data"), tree_digest(root / "chapters")) == before


def test_reimporting_a_draft_updates_it_and_lists_differences(empty_book, tmp_path):
    first = run_jixiao("import", str(SEED), "--year", "2026", root=empty_book)
    assert first.returncode == 0, first.stderr
    codes = _codes(empty_book, 2026)
    changed = tmp_path / "改后.txt"
    text = SEED.read_text(encoding="utf-8").replace("事业编制59个", "事业编制60个").replace("，临聘人员5人", "")
    text = text.replace("离退休人员35人", "离退休人员41人").replace("2024年", "2026年")
    text = text.replace("基本支出资金为1020.37万元", "基本支出资金为1,020.37万元")  # the same value, typed with a separator
    changed.write_text(text, encoding="utf-8")
    second = run_jixiao("import", str(changed), "--year", "2026", root=empty_book)
    assert second.returncode == 0, second.stderr
    out = second.stdout
    assert "二、与导入前草稿的不同" in out
    assert f"改变 staffing.csv {codes[('staffing', '事业编制')]}（事业编制）：原为 59个，现为 60个" in out
    assert f"删去 staffing.csv {codes[('staffing', '临聘人员')]}（临聘人员）" in out
    assert f"改变 expenditure.csv {codes[('expenditure', '基本支出资金')]}（基本支出资金）：原为 1020.37万元，现为 1,020.37万元" in out
    # the office's total no longer adds up: reported as validate does
    assert "合计“总人数”与其组成部分之和不符" in out
    assert "文件 data/2026/staffing.csv，第 3 行" in out and ".import-" not in out  # the year's own file, not the staging copy
    after = _codes(empty_book, 2026)
    assert all(after[k] == codes[k] for k in after)  # codes are stable
    review = (empty_book / "data" / "2026" / "导入检查.txt").read_text(encoding="utf-8")
    assert "原为 59个，现为 60个" in review
    chapter = (empty_book / "chapters" / "2026" / "01-part1.md").read_text(encoding="utf-8")
    assert "临聘人员" not in chapter


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("坏文件.docx", b"PK\x03\x04 not really a zip", "不是有效的 Word 文档"),
        ("无章节.txt", "附件2\n某某报告\n这份报告没有编号，共有人员5人。\n".encode(), "没有找到“一、”"),
        ("空.md", b"", "没有找到“一、”"),
    ],
)
def test_nothing_is_written_when_reading_or_parsing_fails(empty_book, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    before = tree_digest(empty_book / "data"), tree_digest(empty_book / "chapters")
    result = run_jixiao("import", str(path), "--year", "2030", root=empty_book)
    assert result.returncode == 1
    assert message in result.stderr and "没有写入任何文件" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tree_digest(empty_book / "data"), tree_digest(empty_book / "chapters")) == before
    assert not (empty_book / "_build" / ".import-2030").exists()


def test_markup_in_the_report_stays_text():
    """Characters MyST would read as markup are escaped: the chapter shows the report's text."""
    from jixiao.authoring.chaptersource import _inline, _parser
    from jixiao.authoring.importwrite import glossary_terms, prose

    text = "共有*重点*任务_2_项，见[附表](x) <b>加粗</b> `代码` {role}`x` $1$ # 号 | 表 ~删~ \\ 完成。"
    md = _parser()
    for source in (text, "1. 开头像列表", "- 开头像列表", "(sec-x)= 像标签", "# 像标题"):
        written = prose(source, [], [], glossary_terms(), set())
        tokens = md.parse(written)
        inline = next(t for t in tokens if t.type == "inline")
        assert [t.type for t in tokens][:1] == ["paragraph_open"], written
        assert _inline(inline, {}, "x.md", 1) == source.strip(), written


def test_import_over_a_new_year_draft(tmp_path):
    """new-year's draft (codes, empty values, 待改写 notes) is replaced: codes kept, values filled, no notes."""
    root = copy_book(tmp_path / "book")
    assert run_jixiao("new-year", "2025", root=root).returncode == 0
    text = SEED.read_text(encoding="utf-8").replace("2024年", "2025年").replace("事业编制59个", "事业编制61个")
    source = tmp_path / "2025.txt"
    source.write_text(text, encoding="utf-8")
    result = run_jixiao("import", str(source), "--year", "2025", root=root)
    assert result.returncode == 0, result.stderr
    assert "改变 staffing.csv establishment（事业编制）：原为 （空），现为 61个" in result.stdout
    assert "待改写" not in "".join(p.read_text(encoding="utf-8") for p in (root / "chapters" / "2025").glob("*.md"))
    assert run_jixiao("validate", "--year", "2025", root=root).returncode == 0


def test_import_waits_for_a_running_build(empty_book, monkeypatch):
    """The import takes the build lock: a build never reads a year half replaced."""
    from jixiao.util import lock

    monkeypatch.setenv("JIXIAO_LOCK_TIMEOUT", "1")
    before = tree_digest(empty_book / "data"), tree_digest(empty_book / "chapters")
    with lock.held(empty_book / "_build" / ".lock", "构建网站"):
        result = run_jixiao("import", str(SEED), "--year", "2031", root=empty_book)
    assert result.returncode == 1
    assert "另一个“构建网站”任务正在进行" in result.stderr and "没有写入任何文件" in result.stderr
    assert (tree_digest(empty_book / "data"), tree_digest(empty_book / "chapters")) == before
