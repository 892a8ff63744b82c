"""Property-based tests: random corruptions of the real CSV files give either a
clean Chinese error naming the file, or a build whose pages show the values."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, cached_copy, page_text, run_build
from jixiao.book import style
from jixiao.book.validate import validate_years
from jixiao.report.csvread import DataError, Problem
from jixiao.util import paths

pytestmark = pytest.mark.cost(34)

FILES = ["staffing.csv", "expenditure.csv", "performance.csv"]
CHINESE = re.compile(r"[\u4e00-\u9fff]")

cell_text = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["八百", "-1", "1,020.37", "８３２.８３", " 52 ", "", "1e5", "0.001", "<script>", "=SUM(A1)", "万元", "近", "汉字", "total"]
    ),
    st.decimals(min_value=-1000, max_value=100000, places=3, allow_nan=False, allow_infinity=False).map(str),
)


@st.composite
def corruption(draw):
    name = draw(st.sampled_from(FILES))
    kind = draw(st.sampled_from(["cell", "drop_row", "drop_column", "bytes", "truncate", "swap_cells"]))
    return name, kind, draw(st.integers(0, 10_000)), draw(st.integers(0, 10_000)), draw(cell_text), draw(st.binary(min_size=1, max_size=8))


def corrupt(path: Path, kind, a, b, text, raw):
    data = path.read_bytes()
    if kind == "bytes":
        i = a % (len(data) + 1)
        path.write_bytes(data[:i] + raw + data[i:])
        return
    if kind == "truncate":
        path.write_bytes(data[: a % (len(data) + 1)])
        return
    lines = data.decode("utf-8").splitlines()
    rows = [line.split(",") for line in lines]
    r = a % len(rows)
    if kind == "cell":
        rows[r][b % len(rows[r])] = text.replace(",", "，").replace("\n", " ").replace("\r", " ").replace('"', "“")
    elif kind == "drop_row":
        del rows[r]
    elif kind == "drop_column":
        col = b % len(rows[0])
        rows = [row[:col] + row[col + 1 :] for row in rows]
    elif kind == "swap_cells" and len(rows) > 2:
        r2 = 1 + b % (len(rows) - 1)
        c = b % len(rows[0])
        if c < len(rows[r]) and c < len(rows[r2]):
            rows[r][c], rows[r2][c] = rows[r2][c], rows[r][c]
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corruption())
def test_corrupted_csv_gives_a_clean_chinese_error_or_none(case):
    name, kind, a, b, text, raw = case
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(ROOT / "data", data)
        corrupt(data / "2024" / name, kind, a, b, text, raw)
        original = paths.DATA
        paths.DATA = data
        try:
            problems = validate_years([2024])  # must never raise
        finally:
            paths.DATA = original
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.file.endswith((".csv", ".md")) or "data" in problem.file or problem.file.endswith("2024")
        assert CHINESE.search(str(problem))
    report = DataError(problems).report() if problems else ""
    assert "Traceback" not in report


# ------------------------------------------------------------ value changes reach the pages
LEAVES = [
    ("performance.csv", "ecqs_filings", "E-CQS网上强检申请备案", "条", "03-performance"),
    ("performance.csv", "papers", "发表专业论文", "篇", "03-performance"),
    ("performance.csv", "training_certifications", "赴省院培训考核取证", "人次", "03-performance"),
    ("staffing.csv", "establishment", "事业编制", "个", "01-basic-info"),
]


@pytest.fixture(scope="module")
def book(site, tmp_path_factory) -> Path:
    return cached_copy(tmp_path_factory.mktemp("prop") / "book")


@pytest.mark.build
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.sampled_from(LEAVES), st.integers(min_value=0, max_value=59))
def test_changed_value_is_shown_exactly(book, leaf, value):
    name, key, label, unit, page = leaf
    path = book / "data" / "2024" / name
    original = path.read_text(encoding="utf-8")
    lines = original.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"{key},"):
            cells = line.split(",")
            cells[cells.index(label) + 1] = str(value)
            lines[i] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        result = run_build(book, "--no-pdf", "--no-search")
        if result.returncode != 0:  # e.g. an establishment below the in-service staff
            assert "失败的步骤：校验数据" in result.stderr and f"data/2024/{name}" in result.stderr
            assert "Traceback" not in result.stderr
            return
        text = page_text(book / "_build" / "preview" / "chapters" / "2024" / f"{page}.html")
        assert f"{label}{style.quantity(value, unit)}" in text  # the sentence, with the new value
    finally:
        path.write_text(original, encoding="utf-8")
