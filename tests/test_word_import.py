"""``python -m jixiao import 报告 --year``: whole reports become years that build.

One copy of the book with no year at all is shared by the module: the seed text is
imported as 2024 and finalized, a synthetic 2025 Word report (a dropped project, a
new project, a new subsection, two-decimal amounts, 万余) is imported on top of it
and finalized, and the site is built once (without PDF). Then one imported CSV value
is changed and the site rebuilt.
"""

from __future__ import annotations

import csv
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from test_sentences import normalise
from word_helpers import plain_docx, seed_lines

from conftest import ROOT, SEED, copy_book, page_text, run_jixiao

pytestmark = [pytest.mark.build, pytest.mark.cost(27)]

SEED_TEXT = SEED.read_text(encoding="utf-8")
#: The synthetic 2025 report: the seed with new values, 衡器产业园科技资金 dropped, a new
#: project, two-decimal amounts (889.10 keeps its zero), a total with a thousands separator
#: (1,103.50 is written so), 万余, a renamed item (商品和服务支出), a renamed 小节 and a new
#: subsection （七）.
EDITS = [
    ("事业编制59个，现有总人数92人，其中在职在编人员52人，临聘人员5人", "事业编制60个，现有总人数93人，其中在职在编人员54人，临聘人员4人"),
    (
        "基本支出资金为1020.37万元，基本支出是为保障各部门正常运转完成日常工作任务而发生的各项支出，包括工资福利支出832.83万元;商品与服务支出88.92万元;对个人和家庭补助98.62万元",
        "基本支出资金为1,103.50万元，基本支出是为保障各部门正常运转完成日常工作任务而发生的各项支出，包括工资福利支出889.10万元;商品和服务支出112.30万元;对个人和家庭补助102.10万元",
    ),
    (
        "项目支出363.74万元，其中：强检计量器具工作经费 50万元，省级市场监督管理专项资金80万元，衡器产业园科技资金68.47万元，非税执收成本及事业性收费执收成本165.27万元",
        "项目支出392.39万元，其中：强检计量器具工作经费 60万元，省级市场监督管理专项资金80万元，计量检定设备更新经费45.12万元，非税执收成本及事业性收费执收成本207.27万元",
    ),
    ("全年共计校准计量器具逾万台件", "全年共计校准计量器具1.2万余台件"),
    ("全年筹集资金120万元", "全年筹集资金135.6万元"),
    ("（一）党纪学习凝心铸魂。", "（一）党建引领凝心铸魂。"),
    ("免征强检费用850余万元", "免征强检费用900余万元"),
    ("2024年", "2025年"),
    (
        "\n总之，",
        "\n（七）安全生产常抓不懈。全年开展安全生产检查12次，组织消防演练2次，排查整改隐患15处。\n总之，",
    ),
]


def next_year_text() -> str:
    text = SEED_TEXT
    for old, new in EDITS:
        assert old in text
        text = text.replace(old, new)
    return text


def sentences(text: str) -> list[str]:
    text = text.replace("[bookmark: _GoBack]", "").replace("（6）", "（六）")
    lines = [line.strip() for line in text.splitlines() if line.strip() and line.strip() != "附件2"]
    lines = [re.sub(r"^\d+、\s*", "", line) for line in lines]
    return [s for line in lines for s in re.split(r"(?<=[。；;！？])", line) if normalise(s)]


def built_text(site: Path, year: int) -> str:
    pages = sorted((site / "chapters" / str(year)).glob("*.html"))
    assert pages, f"no pages for {year}"
    pages.append(site / "index.html")  # the title and unit, on the landing page
    return normalise("".join(page_text(p) for p in pages))


def rows(folder: Path, name: str) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def written(row: dict) -> tuple:
    return (Decimal(row.get("数值") or row.get("金额")), row["单位"], row["修饰"], row["修饰位置"], row["写法"])


def do_import(root: Path, source: Path, year: int):
    return run_jixiao("import", str(source), "--year", str(year), root=root)


def build(root: Path) -> Path:
    result = run_jixiao("build", "--no-pdf", root=root)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root / "_build" / "preview"


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> dict:
    root = copy_book(tmp_path_factory.mktemp("import") / "book", years=())
    seed = do_import(root, SEED, 2024)
    assert seed.returncode == 0, seed.stderr
    assert run_jixiao("finalize", "2024", root=root).returncode == 0
    word = plain_docx(next_year_text().splitlines(), tmp_path_factory.mktemp("w") / "2025年报告.docx")
    nxt = do_import(root, word, 2025)
    assert nxt.returncode == 0, nxt.stderr
    fin = run_jixiao("finalize", "2025", root=root)
    assert fin.returncode == 0, fin.stdout + fin.stderr
    return {"root": root, "site": build(root), "seed_out": seed.stdout, "next_out": nxt.stdout, "word": word}


def test_seed_import_builds_every_sentence(book):
    built = built_text(book["site"], 2024)
    assert [s for s in sentences(SEED_TEXT) if normalise(s) not in built] == []


def test_seed_import_tables_hold_the_data_of_2024(book):
    imported = book["root"] / "data" / "2024"
    for table in ("staffing", "expenditure", "performance"):
        assert sorted(map(written, rows(imported, table))) == sorted(map(written, rows(ROOT / "data" / "2024", table))), table
    # parent and child from 其中 / 包括, as in the hand-made data
    for table in ("staffing", "expenditure"):
        got = sorted(sum(1 for r in rows(imported, table) if r["上级"] == p["代码"]) for p in rows(imported, table))
        want = sorted(
            sum(1 for r in rows(ROOT / "data" / "2024", table) if r["上级"] == p["代码"]) for p in rows(ROOT / "data" / "2024", table)
        )
        assert got == want
    codes = [r["代码"] for t in ("staffing", "expenditure", "performance") for r in rows(imported, t)]
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in codes)


def test_seed_import_review_is_saved_beside_the_data(book):
    review = (book["root"] / "data" / "2024" / "导入检查.txt").read_text(encoding="utf-8")
    assert review.strip() in book["seed_out"]
    assert "数字共 88 处" in review and "一、数量（55 处" in review
    for text in ("书名号中的数字：15", "报告年度，绑定到年度：2024", "编号：（6）", "列举序号：一是", "附件标注：2"):
        assert text in review
    assert "“（6）”，按“（六）”处理" in review


def test_seed_as_plain_docx_imports_the_same(book, tmp_path):
    root = copy_book(tmp_path / "book", years=())
    word = plain_docx(seed_lines(), tmp_path / "seed.docx")
    assert do_import(root, word, 2024).returncode == 0
    for folder in ("data/2024", "chapters/2024"):
        for path in sorted((book["root"] / folder).iterdir()):
            if path.name != "导入检查.txt" and path.name != "report.yml":
                assert (root / folder / path.name).read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), path.name


def test_chapters_cite_rows_by_readable_names(book):
    text = (book["root"] / "chapters" / "2024" / "01-part1.md").read_text(encoding="utf-8")
    assert "我单位共有{term}`事业编制`{n}`事业编制`" in text  # glossary term linked, number by name
    assert "待改写" not in text
    assert "title: 衡阳市计量测试中心部门整体支出绩效自评报告" in (book["root"] / "chapters" / "2024" / "report.yml").read_text(
        encoding="utf-8"
    )


def test_next_year_builds_every_sentence(book):
    built = built_text(book["site"], 2025)
    assert [s for s in sentences(next_year_text()) if normalise(s) not in built] == []
    assert "衡器产业园" not in built


def test_next_year_rows(book):
    root = book["root"]
    before = {r["名称"]: r for r in rows(root / "data" / "2024", "expenditure")}
    now = {r["名称"]: r for r in rows(root / "data" / "2025", "expenditure")}
    assert "衡器产业园科技资金" not in now
    assert now["计量检定设备更新经费"]["金额"] == "45.12"
    assert now["计量检定设备更新经费"]["代码"] not in {r["代码"] for r in before.values()}
    assert now["工资福利支出"]["金额"] == "889.10" and now["工资福利支出"]["代码"] == before["工资福利支出"]["代码"]
    assert now["计量检定设备更新经费"]["上级"] == now["项目支出"]["代码"]
    # renamed this year: the report's name, last year's code, and a line to check
    assert "商品与服务支出" not in now and now["商品和服务支出"]["代码"] == before["商品与服务支出"]["代码"]
    assert "对应到原有的“商品与服务支出”" in book["next_out"] and "名称按本报告写作“商品和服务支出”" in book["next_out"]
    # a 小节 renamed: its rows keep their 分项, and the review says so
    assert "小节“党建引领凝心铸魂”的数字多数对应到原有分项“党纪学习”的行" in book["next_out"]
    perf = rows(root / "data" / "2025", "performance")
    safety = [r for r in perf if r["分项"] == "安全生产"]
    assert [(r["数值"], r["单位"]) for r in safety] == [("12", "次"), ("2", "次"), ("15", "处")]
    calibrated = next(r for r in perf if r["名称"] == "校准计量器具")
    assert (calibrated["数值"], calibrated["单位"], calibrated["修饰"], calibrated["修饰位置"], calibrated["写法"]) == (
        "1.2",
        "万台件",
        "余",
        "单位首字后",
        "",
    )
    assert "新增 expenditure.csv" not in book["next_out"]  # 2025 was not a draft before: no differences section
    assert "计量检定设备更新经费" in book["next_out"]


def test_reimporting_the_same_report_keeps_every_code(book, tmp_path):
    """A draft imported again from the same document keeps each row's code (the pairing with
    last year), including rows matched by their 分项 and unit."""
    root = tmp_path / "book"
    shutil.copytree(book["root"], root, ignore=shutil.ignore_patterns("_build"))
    report_yml = root / "chapters" / "2025" / "report.yml"
    report_yml.write_text(report_yml.read_text(encoding="utf-8").replace("status: final", "status: draft"), encoding="utf-8")
    before = {t: [(r["代码"], r["名称"]) for r in rows(root / "data" / "2025", t)] for t in ("staffing", "expenditure", "performance")}
    again = do_import(root, book["word"], 2025)
    assert again.returncode == 0, again.stderr
    after = {t: [(r["代码"], r["名称"]) for r in rows(root / "data" / "2025", t)] for t in ("staffing", "expenditure", "performance")}
    assert after == before
    assert "新增 " not in again.stdout and "删去 " not in again.stdout
    funds = next(r for r in rows(root / "data" / "2025", "performance") if r["数值"] == "135.6")
    assert funds["代码"] == next(
        r["代码"] for r in rows(root / "data" / "2024", "performance") if r["数值"] == "120" and r["单位"] == "万元"
    )


def test_changed_value_changes_its_sentence(book):
    root = book["root"]
    path = root / "data" / "2025" / "staffing.csv"
    text = path.read_text(encoding="utf-8")
    assert ",事业编制,60," in text
    path.write_text(text.replace(",事业编制,60,", ",事业编制,61,"), encoding="utf-8")
    built = built_text(build(root), 2025)
    assert normalise("我单位共有事业编制61个") in built and normalise("事业编制60个") not in built


def test_a_value_saved_by_excel_is_reminded_of(book):
    """Excel saves 1,103.50 as 1103.5 and 889.10 as 889.1: the report's written form would be
    lost without a word. validate names each such cell; a value really changed is not named."""
    root = book["root"]
    path = root / "data" / "2025" / "expenditure.csv"
    original = path.read_text(encoding="utf-8")
    assert '"1,103.50"' in original and ",889.10," in original and ",112.30," in original
    path.write_text(original.replace('"1,103.50"', "1103.5").replace(",889.10,", ",889.1,"), encoding="utf-8")
    try:
        result = run_jixiao("validate", root=root)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode == 0, result.stderr
    reminders = [line for line in result.stdout.splitlines() if "导入的报告中写作" in line]
    assert len(reminders) == 2, result.stdout
    assert "data/2025/expenditure.csv，第 2 行（基本支出资金）：数值写作“1103.5”，导入的报告中写作“1,103.50”" in reminders[0]
    assert "数值写作“889.1”，导入的报告中写作“889.10”" in reminders[1]
    clean = run_jixiao("validate", root=root)
    assert "导入的报告中写作" not in clean.stdout


def test_the_review_s_parts_are_numbered_in_order(book):
    parts = [line[:2] for line in book["next_out"].splitlines() if re.match(r"^[一二三四五]、", line)]
    assert parts == ["一、", "二、", "三、"][: len(parts)] and len(parts) >= 2, parts
