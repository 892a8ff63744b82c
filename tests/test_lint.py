"""Ruff, configured in pyproject.toml: the lint rules pass and the code is formatted."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_check():
    result = ruff("check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = ruff("format", "--check", "--no-cache", ".")
    assert result.returncode == 0, "run `.venv/bin/ruff format .`\n" + result.stdout + result.stderr
