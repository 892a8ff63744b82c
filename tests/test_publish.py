"""Safe publishing: `python -m jixiao publish DEST`, rollback, refusal of an
incomplete site, a full disk, previews that leave the site alone, and an
interrupted build."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from conftest import cached_copy, page_text, run_build, start_build, tree_digest
from jixiao.report.years import published_years
from jixiao.site import publish as publishing

pytestmark = [pytest.mark.build, pytest.mark.cost(44)]


def publish(dest: Path, *args: str, root: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "JIXIAO_ROOT"}
    return subprocess.run([sys.executable, "-m", "jixiao", "publish", *args, str(dest)], cwd=root, env=env, capture_output=True, text=True)


@pytest.fixture(scope="module")
def book(site, tmp_path_factory) -> Path:
    """One copy of the book, with its complete site built, for the tests that build it again: each
    starts from the site and the preview the one before it left (:func:`previewed`)."""
    book = cached_copy(tmp_path_factory.mktemp("publish") / "book")
    result = run_build(book)
    assert result.returncode == 0, result.stdout + result.stderr
    return book


def previewed(book: Path) -> Path:
    """The book's preview site (built here when a test runs on its own, before any other made one)."""
    if not (book / "_build" / "preview").exists():
        assert run_build(book, "--no-pdf", "--no-search").returncode == 0
    return (book / "_build" / "preview").resolve()


def set_establishment(book: Path, value: int) -> None:
    """事业编制 in the book's 2024 data (a value the pages show: changing it re-executes them)."""
    csv = book / "data" / "2024" / "staffing.csv"
    text = csv.read_text(encoding="utf-8")
    csv.write_text(re.sub(r"^(establishment,事业编制,)\d+,", rf"\g<1>{value},", text, count=1, flags=re.M), encoding="utf-8")
    assert f"establishment,事业编制,{value}," in csv.read_text(encoding="utf-8")


def test_publish_swaps_in_a_site_with_a_manifest(site, tmp_path):
    dest = tmp_path / "www" / "jixiao"
    mistyped = publish(dest)  # /var/ww/jixiao for /var/www/jixiao: nothing is created
    assert mistyped.returncode == 1 and f"所在的文件夹 {dest.parent} 不存在" in mistyped.stderr and not dest.parent.exists()
    dest.parent.mkdir()
    first = publish(dest)
    assert first.returncode == 0, first.stderr
    assert dest.is_symlink() and (dest / "index.html").is_file()
    manifest = json.loads((dest / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["years"] == published_years() and 2024 in manifest["years"] and manifest["built"]
    assert re.fullmatch(r"[0-9a-f]{40}", manifest["commit"]) and isinstance(manifest["uncommitted_changes"], bool)  # machine-readable
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
    (dest / "index.html").write_text("old site", encoding="utf-8")  # a web root the intranet served before
    (dest / "old.html").write_text("old", encoding="utf-8")
    assert publish(dest).returncode == 0
    assert (dest / "index.html").is_file() and not (dest / "old.html").exists()


def test_publish_refuses_the_project_and_a_folder_of_other_files(site, tmp_path):
    """The first publish moves a real folder at DEST aside: DEST=. once moved the whole project."""
    project = Path(__file__).parent.parent
    for dest in (".", "data", "jixiao/static", ".."):
        before = sorted(p.name for p in project.iterdir())
        result = publish(Path(dest), root=project)
        assert result.returncode == 1 and "是本项目的文件夹、其中的文件夹或它的上级文件夹" in result.stderr, (dest, result.stderr)
        assert sorted(p.name for p in project.iterdir()) == before and not (project / dest).is_symlink()
    home = tmp_path / "home"
    home.mkdir()
    (home / "报告.docx").write_bytes(b"PK")
    result = publish(home)
    assert result.returncode == 1 and "不像网站（没有 index.html）" in result.stderr
    assert home.is_dir() and not home.is_symlink() and (home / "报告.docx").read_bytes() == b"PK"


def test_preview_leaves_the_published_site_alone_and_cannot_be_published(book, tmp_path):
    published = (book / "_build" / "html").resolve()  # the fixture's complete site: 事业编制59个
    before = tree_digest(published)
    set_establishment(book, 58)
    preview = run_build(book, "--no-pdf")
    assert preview.returncode == 0, preview.stdout + preview.stderr
    assert "预览网站在 _build/preview" in preview.stdout
    assert (book / "_build" / "html").resolve() == published and tree_digest(published) == before
    assert "事业编制58个" in page_text(book / "_build" / "preview" / "chapters" / "2024" / "01-basic-info.html")
    # _build/html was built before 事业编制 changed: publishing it would publish 59 as if it were new.
    refused = publish(tmp_path / "www", root=book)
    assert refused.returncode == 1 and "_build/html 中的网站不是最新的" in refused.stderr and "请先运行 make site" in refused.stderr
    assert not (tmp_path / "www").exists()
    with pytest.raises(publishing.PublishError, match="这是不含 PDF 的预览网站"):
        publishing.publish(tmp_path / "www2", site=book / "_build" / "preview")


def test_interrupted_build_leaves_the_site_intact(book):
    published = previewed(book)
    before = sorted(p.relative_to(published).as_posix() for p in published.rglob("*"))
    set_establishment(book, 57)  # forces execution
    proc = start_build(book, "--no-pdf")
    deadline = time.monotonic() + 60
    line = ""
    while time.monotonic() < deadline and "执行笔记本并生成网页……" not in line:
        line = proc.stdout.readline()
    time.sleep(1.0)
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, out + err
    assert "构建已中断" in err and "Traceback" not in err
    assert (book / "_build" / "preview").resolve() == published
    assert sorted(p.relative_to(published).as_posix() for p in published.rglob("*")) == before
    assert not list((book / "_build" / "preview-releases").glob("*.partial"))


def test_publish_publish_rollback(site, tmp_path):
    dest = tmp_path / "www" / "jixiao"
    dest.parent.mkdir()
    assert publish(dest).returncode == 0
    first = (dest / "manifest.json").read_bytes()
    first_release = dest.resolve()
    time.sleep(1.1)
    second = publish(dest)
    assert second.returncode == 0 and "已发布到" in second.stdout and "make rollback" in second.stdout
    assert (dest / "manifest.json").read_bytes() != first  # a new release, published later
    back = publish(dest, "--rollback")
    assert back.returncode == 0, back.stderr
    assert dest.resolve() == first_release and (dest / "manifest.json").read_bytes() == first
    manifest = json.loads(first)
    assert "已回退" in back.stdout and first_release.name in back.stdout
    built = datetime.fromisoformat(manifest["built"]).astimezone().strftime("%Y年%m月%d日 %H:%M")  # as the office reads it
    assert built in back.stdout and manifest["commit"] in back.stdout and manifest["built"] not in back.stdout
    assert publishing.check_complete(dest.resolve()) == []  # byte for byte what was published
    again = publish(dest, "--rollback")
    assert again.returncode == 1 and "没有更早的版本可以回退" in again.stderr


def test_an_empty_folder_made_for_the_site_is_not_a_release(site, tmp_path):
    """README: DEST's folder must exist, so the office may make DEST itself, empty: rolling back
    to it would blank the site."""
    dest = tmp_path / "www"
    dest.mkdir()
    assert publish(dest).returncode == 0
    assert dest.is_symlink() and len(publishing.releases(dest)) == 1
    back = publish(dest, "--rollback")
    assert back.returncode == 1 and "没有更早的版本可以回退" in back.stderr and (dest / "index.html").is_file()


def test_rollback_to_the_folder_that_was_there_before(site, tmp_path):
    dest = tmp_path / "webroot"
    dest.mkdir()
    (dest / "index.html").write_text("old site", encoding="utf-8")
    (dest / "old.html").write_text("old", encoding="utf-8")
    assert publish(dest).returncode == 0
    assert publish(dest, "--rollback").returncode == 0
    assert (dest / "old.html").read_text(encoding="utf-8") == "old"


def _copy(site: Path, dest: Path) -> Path:
    shutil.copytree(site.resolve(), dest)
    return dest


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda s: (s / "pdf" / "report-2024.pdf").unlink(), "缺少 2024 年度的 PDF（pdf/report-2024.pdf）"),
        (lambda s: (s / "word" / "report-2024.docx").unlink(), "缺少 2024 年度的 Word 文档（word/report-2024.docx）"),
        (lambda s: shutil.rmtree(s / "pagefind"), "缺少搜索索引 pagefind/pagefind.js"),
        (lambda s: (s / "index.html").write_text("changed", encoding="utf-8"), "文件 index.html 与清单不符"),
        (lambda s: (s / "extra.html").write_text("x", encoding="utf-8"), "文件 extra.html 不在清单中"),
        (lambda s: (s / "manifest.json").unlink(), "缺少清单 manifest.json"),
    ],
)
def test_publish_refuses_an_incomplete_site(site, tmp_path, damage, expected):
    copy = _copy(site, tmp_path / "site")
    damage(copy)
    dest = tmp_path / "www"
    with pytest.raises(publishing.PublishError) as err:
        publishing.publish(dest, site=copy)
    assert expected in str(err.value) and "请先运行 make site" in str(err.value)
    assert not dest.exists()


def test_publish_without_a_built_site_says_what_to_do(tmp_path):
    book = cached_copy(tmp_path / "book") if (Path(__file__).parent.parent / "_build" / ".jupyter_cache").exists() else None
    if book is None:
        pytest.skip("needs the real build's cache")
    result = publish(tmp_path / "www", root=book)
    assert result.returncode == 1 and "网站不完整，没有发布" in result.stderr and "请先运行 make site" in result.stderr


def _mount_tmpfs(folder: Path, size_kb: int) -> bool:
    folder.mkdir(parents=True)
    if os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)], capture_output=True).returncode == 0


def test_full_disk_during_publish_keeps_the_live_site(site, tmp_path):
    size_kb = sum(p.stat().st_size for p in site.resolve().rglob("*") if p.is_file()) // 1024
    disk = tmp_path / "disk"
    if not _mount_tmpfs(disk, int(size_kb * 1.5) + 512):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        dest = disk / "jixiao"
        assert publish(dest).returncode == 0  # the first copy fits
        live = dest.resolve()
        before = tree_digest(live)
        result = publish(dest)  # the second does not
        assert result.returncode == 1
        assert "磁盘空间已满" in result.stderr and f"正在使用的网站 {dest} 保持不变" in result.stderr
        assert "Traceback" not in result.stderr
        assert dest.resolve() == live and tree_digest(live) == before
        assert not list(publishing.releases_dir(dest).glob("*.partial"))
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_full_disk_during_a_build_keeps_the_site(book, tmp_path):
    """The build's copy of the site hits a full disk (injected at the write, through sitecustomize)."""
    published = previewed(book)
    before = tree_digest(published)
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(
        "import errno, shutil\n"
        "_copytree = shutil.copytree\n"
        "def copytree(src, dst, *a, **k):\n"
        "    if str(dst).endswith('.partial'):\n"
        "        raise OSError(errno.ENOSPC, 'No space left on device', str(dst))\n"
        "    return _copytree(src, dst, *a, **k)\n"
        "shutil.copytree = copytree\n",
        encoding="utf-8",
    )
    set_establishment(book, 56)
    result = run_build(book, "--no-pdf", "--no-search", env={"PYTHONPATH": str(inject)})
    assert result.returncode == 1
    assert "磁盘空间已满" in result.stderr and "预览网站（_build/preview）保持不变" in result.stderr
    assert "请清理磁盘空间" in result.stderr and "Traceback" not in result.stderr
    assert (book / "_build" / "preview").resolve() == published and tree_digest(published) == before
    assert not list((book / "_build" / "preview-releases").glob("*.partial"))
