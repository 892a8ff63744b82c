"""One build at a time per project: a second build waits, a killed build blocks nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import cached_copy, page_text, run_build, start_build

pytestmark = [pytest.mark.build, pytest.mark.cost(44)]

PAGE = Path("_build") / "preview" / "chapters" / "2024" / "01-basic-info.html"


@pytest.fixture(scope="module")
def book(site, tmp_path_factory) -> Path:
    return cached_copy(tmp_path_factory.mktemp("lock") / "book")


def wait_for(proc: subprocess.Popen, text: str, seconds: float = 120) -> list[str]:
    seen = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"never saw {text!r}:\n{''.join(seen)}")


def set_temporary(book: Path, value: int) -> None:
    csv = book / "data" / "2024" / "staffing.csv"
    lines = csv.read_text(encoding="utf-8").splitlines()
    lines = [
        ",".join(["temporary", "临聘人员", str(value), *line.split(",")[3:]]) if line.startswith("temporary,") else line for line in lines
    ]
    total = sum(int(line.split(",")[2]) for line in lines if line.endswith(",total"))
    lines = [line.replace(line.split(",")[2], str(total), 1) if line.startswith("total,") else line for line in lines]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_two_builds_at_once_take_turns(book):
    set_temporary(book, 7)  # forces notebooks to run, so the first build takes a while
    first = start_build(book, "--no-pdf", "--no-search")
    wait_for(first, "第 1/")
    second = start_build(book, "--no-pdf", "--no-search")
    out2, err2 = second.communicate(timeout=900)
    out1, err1 = first.communicate(timeout=900)
    assert first.returncode == 0, out1 + err1
    assert second.returncode == 0, out2 + err2
    assert "正在进行" in out2 and "等它完成后自动开始" in out2 and "前一个任务已结束" in out2
    assert "Error" not in err1 + err2 and "Traceback" not in err1 + err2
    assert "临聘人员7人" in page_text(book / PAGE)


def test_a_killed_build_does_not_block_the_next(book):
    set_temporary(book, 8)
    victim = start_build(book, "--no-pdf", "--no-search")
    wait_for(victim, "执行笔记本并生成网页……")
    time.sleep(1.0)
    os.kill(victim.pid, signal.SIGKILL)  # the build alone, as a crash or `kill -9` would
    victim.communicate(timeout=60)
    time.sleep(1.0)
    result = run_build(book, "--no-pdf", "--no-search")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "正在进行" not in result.stdout  # nothing holds the lock
    assert "临聘人员8人" in page_text(book / PAGE)
    assert not list((book / "_build" / "preview-releases").glob("*.partial"))


def test_a_cache_entry_left_half_written_is_dropped(book):
    """A build killed while writing into the notebook cache can leave a record and the
    entry's folder without its notebook; the next build that needs the same entry drops
    both instead of failing (in Sphinx, or in jupyter-cache making the folder again)."""
    executed = book / "_build" / ".jupyter_cache" / "executed"
    before = {d.name for d in executed.iterdir()}
    set_temporary(book, 9)
    assert run_build(book, "--no-pdf", "--no-search").returncode == 0
    entries = [d for d in executed.iterdir() if d.name not in before]  # the pages that show 临聘人员
    assert entries
    set_temporary(book, 10)
    assert run_build(book, "--no-pdf", "--no-search").returncode == 0
    for entry in entries:
        (entry / "base.ipynb").unlink()  # record and folder left, the notebook never written
    set_temporary(book, 9)  # needs exactly those entries again
    result = run_build(book, "--no-pdf", "--no-search")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "已清理未写完的笔记本缓存" in result.stdout
    assert "临聘人员9人" in page_text(book / PAGE)
