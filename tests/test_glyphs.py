"""An emoji typed into a name or a sentence is missing from the PDF: validate says where."""

from __future__ import annotations

from conftest import copy_book, run_jixiao


def test_an_emoji_is_reminded_of_with_its_file_and_line(tmp_path):
    root = copy_book(tmp_path / "book")
    csv = root / "data" / "2024" / "staffing.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("临聘人员", "临聘人员👍"), encoding="utf-8")
    chapter = root / "chapters" / "2024" / "06-other.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("无", "无☺"), encoding="utf-8")
    result = run_jixiao("validate", root=root)
    assert result.returncode == 0, result.stderr  # a reminder: the web page shows it
    reminders = [line for line in result.stdout.splitlines() if "字体中没有" in line]
    assert len(reminders) == 2, result.stdout
    assert "data/2024/staffing.csv，第 5 行：“👍”" in reminders[0] or "data/2024/staffing.csv，第 5 行：“👍”" in reminders[1]
    assert any("chapters/2024/06-other.md" in r and "“☺”" in r for r in reminders)


def test_the_real_report_has_none(tmp_path):
    from jixiao.book import glyphs

    assert glyphs.warnings(2024) == []
