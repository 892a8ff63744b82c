"""The exported 2024 .docx, imported again, gives the same chapters and data.

The copy holds the hand-made 2024 report as 2023 (its chapters retargeted), so the
import has another year to take chapter files, section labels, charts, names and
codes from, as a real next year has; 2024 itself is imported from the Word file.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, copy_book, run_jixiao

SUMMARY = r"""
import json, sys
from jixiao.authoring.chaptersource import source_report
from jixiao.report.data import load_year
from jixiao.report.schema import TABLES

def blocks(items):  # the 与上年比较 tables are left out: only the copy has a year before 2024
    return [[b.kind, b.number, b.text] for b in items if b.kind != "table"]

report = source_report(2024)
chapters = [[c.number, c.title, blocks(c.blocks), [[s.number, s.title, blocks(s.blocks)] for s in c.sections]] for c in report.chapters]
data = load_year(2024)
tables = {t.name: sorted([[str(v) for v in r] for r in data.table(t.name).drop(columns=["_row"]).astype(str).values.tolist()]) for t in TABLES}
comparisons = sum(b.kind == "table" for c in report.chapters for bl in [c.blocks, *[s.blocks for s in c.sections]] for b in bl)
json.dump({"chapters": chapters, "tables": tables, "comparisons": comparisons}, sys.stdout, ensure_ascii=False)
"""


def summary(root) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", SUMMARY],
        cwd=root,
        env={**__import__("os").environ, "JIXIAO_ROOT": str(root)},
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory, exported_2024):
    from jixiao.authoring.scaffold import retarget

    root = copy_book(tmp_path_factory.mktemp("rt") / "book")
    for folder in ("data", "chapters"):
        shutil.move(root / folder / "2024", root / folder / "2023")
    for path in (root / "chapters" / "2023").glob("*.md"):
        path.write_text(retarget(path.read_text(encoding="utf-8"), 2024, 2023), encoding="utf-8")
    assert run_jixiao("toc", root=root).returncode == 0
    result = run_jixiao("import", str(exported_2024), "--year", "2024", root=root)
    assert result.returncode == 0, result.stderr
    return root, result.stdout


def test_same_chapter_files(round_trip):
    root, _out = round_trip
    names = sorted(p.name for p in (root / "chapters" / "2024").glob("*.md"))
    assert names == sorted(p.name for p in (ROOT / "chapters" / "2024").glob("*.md"))


def test_same_chapters_and_data(round_trip):
    root, _out = round_trip
    imported, original = summary(root), summary(ROOT)
    assert imported["chapters"] == original["chapters"]
    assert imported["tables"] == original["tables"]  # codes, names, values, written forms, parents, 分项
    assert original["comparisons"] == 0 and imported["comparisons"] == 3  # 与2023年比较, as the chapters ask


def test_charts_and_comparisons_come_back(round_trip):
    root, _out = round_trip
    for name in ("01-basic-info.md", "02-budget-expenditure.md", "03-performance.md"):
        text = (root / "chapters" / "2024" / name).read_text(encoding="utf-8")
        original = (ROOT / "chapters" / "2024" / name).read_text(encoding="utf-8")
        for line in original.splitlines():
            if line.startswith(("```{glue", "glue_charts(", "glue_comparisons(", ":name:", "(sec-", "(ch-")):
                assert line in text, (name, line)


def test_imported_year_validates(round_trip):
    root, out = round_trip
    assert "名称和代码沿用：2023 年度数据" in out
    result = run_jixiao("validate", "--year", "2024", root=root)
    assert result.returncode == 0, result.stdout + result.stderr
