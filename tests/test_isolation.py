"""A build reads only the project folder it runs in (issue: a copied project
published the original's numbers through the editable install in .venv).

The test copies a project with its own Python environment, changes a value in
the copy, builds the copy with ``make`` while the environment still points at
the original, and checks the pages; then deletes the original and builds again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, cached_copy, link_or_copy, page_text
from jixiao import setup_env

pytestmark = [pytest.mark.build, pytest.mark.cost(40)]

PAGE = Path("chapters") / "2024" / "01-basic-info.html"


def make(root: Path, target: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k not in ("JIXIAO_ROOT", "PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(["make", target], cwd=root, env=dict(full, **(env or {})), capture_output=True, text=True, timeout=1800)


def set_establishment(root: Path, old: int, new: int) -> None:
    csv = root / "data" / "2024" / "staffing.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(f",{old},个", f",{new},个"), encoding="utf-8")


def copy_venv(src: Path, dest: Path) -> None:
    """A copy of the environment at ``src`` with its own scripts, marker and configuration (what
    the set-up mends; hard links, which the set-up replaces rather than writes through) and its
    installed libraries through a link to ``src``'s: 25,000 files that the set-up does not touch
    (this project's environment has no installed jixiao for it to remove, see below), and
    that took seconds to copy and, at the end of the session, to delete."""

    def libraries(folder: str, names: list[str]) -> set[str]:
        return {"site-packages"} if Path(folder).parent.name == "lib" else set()

    shutil.copytree(src, dest, symlinks=True, copy_function=link_or_copy, ignore=libraries)
    for packages in src.glob("lib/python*/site-packages"):
        (dest / packages.relative_to(src)).symlink_to(packages.resolve(), target_is_directory=True)


def _venv_files(venv: Path) -> dict[Path, bytes]:
    """What mending a copied environment could change: its marker and its scripts."""
    files = [p for p in (venv / "bin").iterdir() if p.is_file() and not p.is_symlink() and p.stat().st_size < 1_000_000]
    return {p: p.read_bytes() for p in [*files, venv / setup_env.MARKER_NAME] if p.exists()}


def test_a_copied_project_builds_its_own_numbers(site, tmp_path):
    original = cached_copy(tmp_path / "original")
    ours = _venv_files(ROOT / ".venv")
    # An environment of its own (copy_venv; a real copy is 850 MB).
    assert setup_env.foreign_installs(ROOT / ".venv") == []  # nothing for the set-up to remove through the link
    copy_venv(ROOT / ".venv", original / ".venv")
    first = make(original, "html")
    assert first.returncode == 0, first.stdout + first.stderr
    assert "59个" in page_text(original / "_build" / "preview" / PAGE)

    copy = tmp_path / "copy"
    shutil.copytree(original, copy, symlinks=True, ignore=shutil.ignore_patterns(".venv"))
    copy_venv(original / ".venv", copy / ".venv")
    set_establishment(copy, 59, 58)
    # Even with the environment pointing at the original, the copy reads itself.
    result = make(copy, "site", env={"PYTHONPATH": str(original)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"原是为文件夹 {original} 建立的" in result.stdout  # the set-up mended the copied .venv
    text = page_text(copy / "_build" / "html" / PAGE)
    assert "事业编制58个" in text and "59个" not in text
    assert "59个" in page_text(original / "_build" / "preview" / PAGE)  # the original is untouched

    shutil.rmtree(original)
    set_establishment(copy, 58, 57)
    again = make(copy, "html")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "事业编制57个" in page_text(copy / "_build" / "preview" / PAGE)
    assert "事业编制58个" in page_text(copy / "_build" / "html" / PAGE)  # the preview left the site alone
    assert _venv_files(ROOT / ".venv") == ours  # mending the copies changed nothing here


def test_code_of_one_folder_refuses_to_build_another(tmp_path):
    other = tmp_path / "elsewhere"
    other.mkdir()
    env = dict(os.environ, JIXIAO_ROOT=str(other))
    result = subprocess.run([sys.executable, "-m", "jixiao", "validate"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 2
    assert f"程序代码来自 {ROOT}" in result.stderr and str(other) in result.stderr
    assert "Traceback" not in result.stderr
