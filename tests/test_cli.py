"""`python -m jixiao`: help on every command, and validate's exit codes."""

from __future__ import annotations

import pytest

from conftest import copy_book, run_jixiao

COMMANDS = ["build", "validate", "new-year", "finalize", "publish", "import", "export", "toc", "dictionary"]
#: argparse's own English words, which must not reach the office staff.
ENGLISH = ["usage", "positional arguments", "options:", "show this help", "error:", "required", "invalid", "arguments"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_in_chinese(command):
    result = run_jixiao(command, "--help")
    assert result.returncode == 0 and result.stdout.startswith("用法：python -m jixiao")
    assert "选项：" in result.stdout and "显示本帮助并退出" in result.stdout
    assert [word for word in ENGLISH if word in result.stdout] == []


def test_top_level_help_lists_the_commands_in_chinese():
    result = run_jixiao("--help")
    assert result.returncode == 0 and "参数：" in result.stdout and "命令" in result.stdout
    assert [word for word in ENGLISH if word in result.stdout] == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["finalize"], "缺少必需的参数：年度"),
        (["new-year", "abc"], "'abc' 不是有效的年度"),
        (["no-such-command"], "无效的选择 'no-such-command'"),
        (["validate", "--bogus"], "无法识别的参数：--bogus"),
    ],
)
def test_usage_errors_are_chinese(args, expected):
    result = run_jixiao(*args)
    assert result.returncode == 2
    assert expected in result.stderr and "查看用法" in result.stderr
    assert [word for word in ENGLISH if word in result.stderr] == [] and "Traceback" not in result.stderr


def test_validate_clean_data(tmp_path):
    root = copy_book(tmp_path / "book")
    result = run_jixiao("validate", root=root)
    assert result.returncode == 0 and "数据检查通过：2024年" in result.stdout


def test_validate_bad_data_exits_1_without_traceback(tmp_path):
    root = copy_book(tmp_path / "book")
    csv = root / "data" / "2024" / "performance.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",7610,", ",七千,"), encoding="utf-8")
    result = run_jixiao("validate", root=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/2024/performance.csv" in result.stderr and "第 20 行" in result.stderr and "“数值”列" in result.stderr
    assert "七千" in result.stderr


def test_validate_missing_year(tmp_path):
    root = copy_book(tmp_path / "book")
    result = run_jixiao("validate", "--year", "2019", root=root)
    assert result.returncode == 1 and "2019" in result.stderr and "Traceback" not in result.stderr


def test_output_read_by_a_program_that_stops_early():
    """``python -m jixiao validate | head -1``: the reader goes away; no 程序内部错误 for it."""
    import subprocess
    import sys

    from jixiao.util import paths

    proc = subprocess.Popen(
        [sys.executable, "-m", "jixiao", "validate"], cwd=paths.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    proc.stdout.close()  # as head does once it has its lines
    err = proc.stderr.read()
    proc.wait(timeout=60)
    assert "程序内部错误" not in err and "Traceback" not in err
    assert proc.returncode == 141


def test_export_names_what_it_writes(site, tmp_path):
    """A .pdf is the PDF make site made, copied; any other name than .docx/.xlsx/.pdf is refused
    (it used to get a workbook under that name)."""
    wrong = run_jixiao("export", "--year", "2024", str(tmp_path / "报告.txt"))
    assert wrong.returncode == 2 and ".docx" in wrong.stderr and not (tmp_path / "报告.txt").exists()
    pdf = run_jixiao("export", "--year", "2024", str(tmp_path / "报告.pdf"))
    assert pdf.returncode == 0, pdf.stderr
    assert (tmp_path / "报告.pdf").read_bytes() == (site / "pdf" / "report-2024.pdf").read_bytes()
    missing = run_jixiao("export", "--year", "2031", str(tmp_path / "2031.pdf"))
    assert missing.returncode == 1 and "请先运行 make site" in missing.stderr


def test_a_python_without_the_libraries_says_which_command_to_use(monkeypatch, capsys):
    """README's commands run with the system Python once gave 程序内部错误（ModuleNotFoundError）."""
    from jixiao import cli

    def needs_pandas(args):
        raise ModuleNotFoundError("No module named 'pandas'", name="pandas")

    monkeypatch.setattr(cli, "_validate", needs_pandas)
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert "缺少程序需要的软件包 pandas" in err and "make" in err and ".venv/bin/python -m jixiao" in err and "程序内部错误" not in err
