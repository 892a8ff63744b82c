"""`python -m jixiao`: help on every command, and validate's exit codes."""

from __future__ import annotations

import pytest

from conftest import copy_book, run_jixiao

COMMANDS = ["build", "validate", "new-year", "finalize", "publish", "import", "export", "toc", "dictionary"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = run_jixiao(command, "--help")
    assert result.returncode == 0 and "usage:" in result.stdout


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
