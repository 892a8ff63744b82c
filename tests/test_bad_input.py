"""A corpus of bad input: each stops the build with a clear Chinese message naming
the file, row and column, and leaves the previously published site untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import cached_copy, run_build, run_jixiao, tree_digest

pytestmark = [pytest.mark.build, pytest.mark.cost(32)]

DATA = Path("data/2024")


def _replace(path, old, new):
    def apply(root):
        p = root / path
        text = p.read_text(encoding="utf-8")
        assert old in text, old
        p.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def _write(path, content: bytes):
    def apply(root):
        (root / path).write_bytes(content)

    return apply


def _remove(path):
    def apply(root):
        target = root / path
        shutil.rmtree(target) if target.is_dir() else target.unlink()

    return apply


def _many_rows(root):
    p = root / DATA / "expenditure.csv"
    text = p.read_text(encoding="utf-8")
    filler = "".join(f"p{i},项目{i},0.01,万元,,,,\n" for i in range(1500))
    p.write_text(text + filler, encoding="utf-8")


def _large(root):
    p = root / DATA / "performance.csv"
    text = p.read_text(encoding="utf-8")
    filler = "".join(f"row_{i},检校业务,填充行,{i},条,,,,\n" for i in range(60_000))
    p.write_text(text + filler, encoding="utf-8")


STAFF, EXP, PERF = DATA / "staffing.csv", DATA / "expenditure.csv", DATA / "performance.csv"

#: kind -> (corruption, text the message must contain: file, row, column, value or expectation)
CASES = {
    "missing column": (_replace(STAFF, "代码,名称,数值,单位,修饰", "代码,名称,数值,修饰"), ["staffing.csv", "第 1 行", "缺少“单位”列"]),
    "extra column": (_replace(EXP, "写法,上级\n", "写法,上级,备注\n"), ["expenditure.csv", "第 1 行", "多出未定义的“备注”列"]),
    "renamed column": (
        _replace(EXP, "代码,名称,金额,单位,", "代码,名称,数额,单位,"),
        ["expenditure.csv", "第 1 行", "缺少“金额”列", "多出未定义的“数额”列"],
    ),
    "empty file": (_write(STAFF, b""), ["staffing.csv", "文件为空", "表头"]),
    "renamed header": (
        _replace(EXP, "代码,名称,金额,", "代码,名称,金额（万元）,"),
        ["expenditure.csv", "第 1 行", "缺少“金额”列", "多出未定义的“金额（万元）”列"],  # as typed, full-width brackets
    ),
    "header only": (_write(STAFF, "代码,名称,数值,单位,修饰,修饰位置,写法,上级\n".encode()), ["staffing.csv", "第 2 行", "只有表头"]),
    "non-numeric value": (
        _replace(EXP, "project_provincial,省级市场监督管理专项资金,80,", "project_provincial,省级市场监督管理专项资金,八十,"),
        ["expenditure.csv", "第 8 行", "“金额”列", "不是数值", "八十"],
    ),
    "Chinese amount 八百": (
        _replace(PERF, "fees_waived,检校业务,免征强检费用,850,", "fees_waived,检校业务,免征强检费用,八百,"),
        ["performance.csv", "第 22 行", "“数值”列", "八百"],
    ),
    "negative value": (
        _replace(PERF, "papers,科研创新,发表专业论文,9,", "papers,科研创新,发表专业论文,-9,"),
        ["performance.csv", "第 27 行", "“数值”列", "不能为负数", "-9"],
    ),
    "duplicate key": (_replace(PERF, "integrity_talks,", "papers,"), ["performance.csv", "第 27 行", "“代码”列", "代码重复，与第 19 行"]),
    "wrong total": (
        _replace(EXP, "project,项目支出,363.74,", "project,项目支出,363.75,"),
        ["expenditure.csv", "第 6 行", "“金额”列", "363.75", "组成部分之和 363.74"],
    ),
    "wrong total typed with a thousands separator": (
        _replace(EXP, "basic,基本支出,1020.37,", 'basic,基本支出,"1,020.47",'),
        ["expenditure.csv", "第 2 行", "实际值为“1,020.47”", "组成部分之和 1,020.37"],  # written as the office writes it
    ),
    "wrong staffing sum": (
        _replace(STAFF, "retired,离退休人员,35,", "retired,离退休人员,36,"),
        ["staffing.csv", "第 3 行", "“数值”列", "总人数", "93"],
    ),
    "undecodable bytes": (
        _write(STAFF, "代码,名称,数值,单位,修饰,修饰位置,写法,上级\n".encode() + b"total,\xff\xfe\xff,92,\xff,,,,\n"),
        ["staffing.csv", "无法识别文件编码", "GB18030"],
    ),
    "binary garbage": (_write(EXP, bytes(range(256)) * 8), ["expenditure.csv", "二进制"]),
    "truncated row": (
        _replace(STAFF, "temporary,临聘人员,5,人,,,,total", "temporary,临聘人员,5"),
        ["staffing.csv", "第 5 行", "3 个单元格"],
    ),
    "missing year folder": (_remove(DATA), ["data/2024", "找不到 2024 年的数据文件夹"]),
    "missing table file": (_remove(PERF), ["performance.csv", "缺少“部门整体支出绩效指标”数据文件"]),
    "stray file": (_write(DATA / "备份.xlsx", b"PK\x03\x04"), ["备份.xlsx", "不属于任何数据表的文件", "移到别处或删除"]),
    "too many rows": (_many_rows, ["expenditure.csv", "数据行过多（1509 行）", "不超过 1000 行"]),
    "very large file": (_large, ["performance.csv", "文件过大"]),
    "misplaced thousands separator": (
        _replace(PERF, "fees_waived,检校业务,免征强检费用,850,", 'fees_waived,检校业务,免征强检费用,"8,50",'),
        ["performance.csv", "第 22 行", "“数值”列", "逗号的位置不对", "8,50"],
    ),
    "too many decimals": (
        _replace(EXP, "project_park,衡器产业园科技资金,68.47,", "project_park,衡器产业园科技资金,68.471,"),
        ["expenditure.csv", "第 9 行", "“金额”列", "小数位数超过两位"],
    ),
    "missing required value": (
        _replace(STAFF, "establishment,事业编制,59,", "establishment,事业编制,,"),
        ["staffing.csv", "第 2 行", "“数值”列", "缺少必填值（事业编制）"],
    ),
    "unknown qualifier": (
        _replace(PERF, "budget_revenue,检校业务,完成财政预算收入,300,万元,余,", "budget_revenue,检校业务,完成财政预算收入,300,万元,大约,"),
        ["performance.csv", "第 25 行", "“修饰”列", "大约"],
    ),
    "unknown qualifier position": (
        _replace(PERF, "fees_waived,检校业务,免征强检费用,850,万元,余,", "fees_waived,检校业务,免征强检费用,850,万元,余,中间"),
        ["performance.csv", "第 22 行", "“修饰位置”列", "中间"],
    ),
    "position without a qualifier": (
        _replace(PERF, "papers,科研创新,发表专业论文,9,篇,,", "papers,科研创新,发表专业论文,9,篇,,数字后"),
        ["performance.csv", "第 27 行", "“修饰位置”列", "没有修饰"],
    ),
    "qualifier inside a unit without magnitude": (
        _replace(
            PERF, "enterprises_served,检校业务,服务单位企业,1400,家,余,", "enterprises_served,检校业务,服务单位企业,1400,家,余,单位首字后"
        ),
        ["performance.csv", "第 23 行", "“修饰位置”列", "单位首字后"],
    ),
    "omitted number that is not 1": (
        _replace(PERF, "calibrated_instruments,检校业务,校准计量器具,1,", "calibrated_instruments,检校业务,校准计量器具,2,"),
        ["performance.csv", "第 24 行", "“数值”列", "省略"],
    ),
    "chapter charts a 分项 the data no longer has": (
        lambda root: (root / PERF).write_text(
            (root / PERF).read_text(encoding="utf-8").replace(",检校业务,", ",检定业务,"), encoding="utf-8"
        ),
        ["chapters/2024/03-performance.md", "本章开头的代码执行出错", "没有分项为“检校业务”的行"],
    ),
    "chapter cites a change without a previous year": (
        _replace(
            Path("chapters/2024/02-budget-expenditure.md"),
            "{glue:text}`expenditure.basic`，",
            "{glue:text}`expenditure.basic`（{glue:text}`expenditure.basic.change`），",
        ),
        ["chapters/2024/02-budget-expenditure.md", "expenditure.basic.change", "无法比较"],
    ),
    "chapter cites a figure no cell makes": (
        _replace(Path("chapters/2024/06-other.md"), "无", "无\n\n```{glue:figure} fig.nothing\n:name: fig-2024-nothing\n\n说明\n```"),
        ["chapters/2024/06-other.md", "fig.nothing", "没有由本章开头的代码生成"],
    ),
    "section label used twice": (
        _replace(Path("chapters/2024/03-performance.md"), "(sec-2024-civilization)=", "(sec-2024-organization)="),
        ["chapters/2024/03-performance.md", "第 57 行", "sec-2024-organization", "第 52 行的标签重复"],
    ),
    "reference to a label no page has": (
        _replace(Path("chapters/2024/06-other.md"), "无", "无（见{ref}`第三部分 <sec-2024-nothing>`）"),
        ["chapters/2024/06-other.md", "sec-2024-nothing", "在本书中不存在"],
    ),
    "chapter saved as GBK": (
        lambda root: (root / "chapters/2024/06-other.md").write_bytes(
            (root / "chapters/2024/06-other.md").read_text(encoding="utf-8").encode("gbk")
        ),
        ["chapters/2024/06-other.md", "不是 UTF-8 编码", "另存为"],
    ),
    "stray code fence": (
        _replace(Path("chapters/2024/03-performance.md"), "(sec-2024-integrity)=", "```\n(sec-2024-integrity)="),
        ["chapters/2024/03-performance.md", "第 28 行", "没有指令名", "原样显示为代码"],
    ),
    "figure left open": (
        lambda root: (root / "chapters/2024/06-other.md").write_text(
            (root / "chapters/2024/06-other.md").read_text(encoding="utf-8") + "\n```{glue:figure} fig.nothing\n说明\n",
            encoding="utf-8",
        ),
        ["chapters/2024/06-other.md", "没有结束标记"],
    ),
    "number typed into the prose": (
        _replace(Path("chapters/2024/06-other.md"), "无", "无。另有手工输入的项目资金12.5万元"),
        ["chapters/2024/06-other.md", "“12.5万元”是手工输入的数字", "{n}`名称`"],
    ),
    "fraction of a person": (
        lambda root: (
            _replace(STAFF, "temporary,临聘人员,5,", "temporary,临聘人员,5.5,")(root),
            _replace(STAFF, "total,总人数,92,", "total,总人数,92.5,")(root),
        ),
        ["staffing.csv", "第 5 行", "“数值”列", "须为整数", "5.5"],
    ),
    "qualifier typed into the unit": (
        _replace(PERF, "fees_waived,检校业务,免征强检费用,850,万元,余,", "fees_waived,检校业务,免征强检费用,850,余万元,,"),
        ["performance.csv", "第 22 行", "“单位”列", "单位中有“近”“余”“逾”等修饰", "余万元"],
    ),
    "percent over 100": (
        _replace(
            PERF, "volunteer_registration,文明创建,干部职工志愿者注册率,100,", "volunteer_registration,文明创建,干部职工志愿者注册率,120,"
        ),
        ["performance.csv", "第 39 行", "“数值”列", "百分比超过 100"],
    ),
    "wrong unit for the table": (
        _replace(STAFF, "retired,离退休人员,35,人", "retired,离退休人员,35,元"),
        ["staffing.csv", "第 6 行", "“单位”列", "元"],
    ),
    "parent that does not exist": (
        _replace(STAFF, "retired,离退休人员,35,人,,,,total", "retired,离退休人员,35,人,,,,totl"),
        ["staffing.csv", "第 6 行", "“上级”列", "totl"],
    ),
    "invalid key": (_replace(PERF, "papers,科研创新", "论文,科研创新"), ["performance.csv", "第 27 行", "“代码”列", "代码格式不正确"]),
    "in-service staff over establishment": (
        lambda root: (
            _replace(STAFF, "active,在职在编人员,52,", "active,在职在编人员,60,")(root),
            _replace(STAFF, "total,总人数,92,", "total,总人数,100,")(root),
        ),
        ["staffing.csv", "第 4 行", "“数值”列", "超过事业编制"],
    ),
    "chapter cites a missing code": (
        _replace(PERF, "ecqs_filings,", "ecqs_filing,"),
        ["chapters/2024/03-performance.md", "ecqs_filings", "不存在"],
    ),
}


@pytest.fixture(scope="module")
def book(site, tmp_path_factory) -> Path:
    dest = cached_copy(tmp_path_factory.mktemp("bad") / "book")
    result = run_build(dest, "--no-pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


def test_corpus_has_at_least_twenty_kinds():
    assert len(CASES) >= 20


@pytest.mark.parametrize("kind", sorted(CASES))
def test_bad_input_stops_the_build(book, kind):
    corrupt, expected = CASES[kind]
    backup = book.parent / "backup"
    shutil.rmtree(backup, ignore_errors=True)
    for folder in ("data", "chapters"):
        shutil.copytree(book / folder, backup / folder)
    published = (book / "_build" / "preview").resolve()
    before = tree_digest(published)
    try:
        corrupt(book)
        result = run_build(book, "--no-pdf", "--no-search")
    finally:
        for folder in ("data", "chapters"):
            shutil.rmtree(book / folder)
            shutil.copytree(backup / folder, book / folder)
    assert result.returncode == 1, result.stdout
    message = result.stderr
    assert "Traceback" not in message
    assert "失败的步骤：校验数据" in message
    missing = [text for text in expected if text not in message]
    assert missing == [], message
    assert (book / "_build" / "preview").resolve() == published and tree_digest(published) == before


def test_validate_reports_every_problem_at_once(book):
    backup = book.parent / "data-backup"
    shutil.rmtree(backup, ignore_errors=True)
    shutil.copytree(book / "data", backup)
    try:
        for kind in ("negative value", "wrong total", "unknown qualifier", "missing required value"):
            CASES[kind][0](book)
        result = run_jixiao("validate", root=book)
    finally:
        shutil.rmtree(book / "data")
        shutil.copytree(backup, book / "data")
    assert result.returncode == 1
    assert "数据检查发现 4 个问题" in result.stderr


def test_a_deleted_row_is_reported_with_the_total_and_the_prose_citing_it(book):
    """Deleting a cited part breaks its total and the sentence citing it: one run names both."""
    csv = book / EXP
    original = csv.read_text(encoding="utf-8")
    csv.write_text("".join(line for line in original.splitlines(keepends=True) if not line.startswith("basic_goods,")), encoding="utf-8")
    try:
        result = run_jixiao("validate", root=book)
    finally:
        csv.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    assert "合计“基本支出”与其组成部分之和不符" in result.stderr
    assert "chapters/2024/02-budget-expenditure.md" in result.stderr and "expenditure.basic_goods" in result.stderr
