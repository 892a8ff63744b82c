"""Safe publishing: `python -m jixiao publish DEST` and an interrupted build."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import cached_copy, run_build
from jixiao.years import published_years

pytestmark = pytest.mark.build


def publish(dest: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao", "publish", str(dest)], capture_output=True, text=True)


def test_publish_swaps_in_a_site_with_a_manifest(site, tmp_path):
    dest = tmp_path / "www" / "jixiao"
    first = publish(dest)
    assert first.returncode == 0, first.stderr
    assert dest.is_symlink() and (dest / "index.html").is_file()
    manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["years"] == published_years() and 2024 in manifest["years"] and manifest["commit"] and manifest["built"]
    files = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert set(manifest["files"]) == files
    for name in ("index.html", "pdf/report-2024.pdf"):
        assert manifest["files"][name] == hashlib.sha256((dest / name).read_bytes()).hexdigest()
    old_target = dest.resolve()
    assert publish(dest).returncode == 0
    assert dest.resolve() != old_target and (dest / "index.html").is_file()


def test_publish_replaces_a_real_folder(site, tmp_path):
    dest = tmp_path / "webroot"
    dest.mkdir()
    (dest / "old.html").write_text("old", encoding="utf-8")
    assert publish(dest).returncode == 0
    assert (dest / "index.html").is_file() and not (dest / "old.html").exists()


def test_interrupted_build_leaves_the_site_intact(site, tmp_path):
    book = cached_copy(tmp_path / "book")
    assert run_build(book, "--no-pdf", "--no-search").returncode == 0
    published = (book / "_build" / "html").resolve()
    before = sorted(p.relative_to(published).as_posix() for p in published.rglob("*"))
    csv = book / "data" / "2024" / "staffing.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace(",59,", ",58,"), encoding="utf-8")  # forces execution
    env = dict(os.environ, JIXIAO_ROOT=str(book))
    proc = subprocess.Popen([sys.executable, "-m", "jixiao", "build", "--no-pdf"], cwd=book, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    line = ""
    while time.monotonic() < deadline and "执行笔记本……" not in line:
        line = proc.stdout.readline()
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, out + err
    assert "构建已中断" in err and "Traceback" not in err
    assert (book / "_build" / "html").resolve() == published
    assert sorted(p.relative_to(published).as_posix() for p in published.rglob("*")) == before
    assert not list((book / "_build" / "releases").glob("*.partial"))
