"""``make publish DEST=/path/to/webroot``: copy the finished site to the web root;
``make rollback DEST=…``: switch back to the release published before.

Only a complete site is published: the build's ``manifest.json`` must say it has
the PDFs and the search index, every year it lists must have its PDF, and every
file must match the manifest's sha256 (no file missing, changed or extra).
Releases live beside DEST in ``.<name>.releases/<stamp>/``; DEST is a symlink to
the live one, replaced atomically, and the last :data:`KEEP` releases are kept
for rollback. A DEST that is a real folder at the first publish is moved into
the releases folder as the oldest release. One publish or rollback at a time
per DEST (:mod:`jixiao.util.lock`); a full disk leaves the live site as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from jixiao.site import fingerprint
from jixiao.util import paths
from jixiao.util.diskspace import disk_full

MANIFEST = "manifest.json"
KEEP = 5
_ORIGINAL = "-原有网站"


class PublishError(Exception):
    pass


def git_commit() -> dict:
    """The manifest's record of the source: the commit (None outside git) and whether the
    working tree had changes not committed."""
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=paths.ROOT, capture_output=True, text=True).stdout.strip()
        return {"commit": out.stdout.strip(), "uncommitted_changes": bool(dirty)}
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "uncommitted_changes": None}


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def manifest_files(site: Path) -> dict[str, str]:
    """sha256 of every file of ``site`` but the manifest, by relative path."""
    return {
        p.relative_to(site).as_posix(): _sha256(p)
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.relative_to(site).as_posix() != MANIFEST
    }


def read_manifest(site: Path) -> dict:
    try:
        return json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def check_complete(site: Path) -> list[str]:
    """What keeps ``site`` from being published (empty when it is complete)."""
    from jixiao.book.downloads import DESCRIPTION, KINDS, site_path

    if not (site / "index.html").is_file():
        return ["没有网站首页 index.html：还没有构建网站"]
    manifest = read_manifest(site)
    if not manifest.get("files"):
        return [f"缺少清单 {MANIFEST}：这不是 make site 构建的完整网站"]
    missing = []
    if not manifest.get("pdf"):
        missing.append("这是不含 PDF 的预览网站")
    if not manifest.get("search") or not (site / "pagefind" / "pagefind.js").is_file():
        missing.append("缺少搜索索引 pagefind/pagefind.js")
    for year in manifest.get("years", []):
        for kind in KINDS:
            if not (site / site_path(year, kind)).is_file():
                missing.append(f"缺少 {year} 年度的 {DESCRIPTION[kind]}（{site_path(year, kind)}）")
    files = manifest_files(site)
    listed = manifest["files"]
    for name in sorted(set(listed) - set(files)):
        missing.append(f"清单中的文件 {name} 不存在")
    for name in sorted(set(files) - set(listed)):
        missing.append(f"文件 {name} 不在清单中（构建之后被加入）")
    for name in sorted(set(files) & set(listed)):
        if files[name] != listed[name]:
            missing.append(f"文件 {name} 与清单不符（构建之后被改动）")
    return missing


def _when(stamp: str | None) -> str:
    """A manifest's ISO time as the office reads it: 2026年11月27日 19:15 (local time)."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y年%m月%d日 %H:%M")
    except (TypeError, ValueError):
        return "未知"


def describe(release: Path) -> str:
    m = read_manifest(release)
    years = "、".join(f"{y}年" for y in m.get("years", [])) or "未知"
    commit = m.get("commit") or "未知（不是 git 仓库）"
    if m.get("uncommitted_changes"):
        commit += "，工作区有未提交的改动"
    return f"{release.name}（构建于 {_when(m.get('built'))}，发布于 {_when(m.get('published'))}，年度 {years}，提交 {commit}）"


def releases_dir(dest: Path) -> Path:
    return dest.parent / f".{dest.name}.releases"


def releases(dest: Path) -> list[Path]:
    """Finished releases of ``dest``, oldest first."""
    folder = releases_dir(dest)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.endswith(".partial"))


def switch(release: Path, target: Path) -> None:
    """Make the symlink ``target`` point at ``release`` in one step (atomic rename over it)."""
    link = target.with_name(f".{target.name}.new")
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(os.path.relpath(release, target.parent))
    os.replace(link, target)  # atomic on POSIX


def prune(folder: Path, current: Path, keep: int = KEEP) -> None:
    """Delete the oldest releases in ``folder``, keeping ``keep`` (the live one always)."""
    current = current.resolve()
    old = sorted(p for p in folder.iterdir() if p.is_dir() and p.resolve() != current and not p.name.endswith(".partial"))
    for stale in old[: max(0, len(old) - (keep - 1))]:
        shutil.rmtree(stale, ignore_errors=True)


def _check_dest(dest: Path) -> None:
    """Refuse a DEST that is the project, inside it or above it, or a folder of other files:
    the first publish moves a real folder at DEST aside (``DEST=.`` would move the project)."""
    real = Path(os.path.realpath(dest.parent)) / dest.name if dest.name else Path(os.path.realpath(dest))
    root = paths.ROOT.resolve()
    if real == root or root in real.parents or real in root.parents:
        raise PublishError(
            f"网站目录 {dest} 是本项目的文件夹、其中的文件夹或它的上级文件夹，没有发布。"
            f"请指定项目之外单独的网站目录，如 make publish DEST=/var/www/jixiao。"
        )
    if real.is_dir() and not real.is_symlink() and any(real.iterdir()) and not (real / "index.html").is_file():
        raise PublishError(
            f"{dest} 中已有其他文件，但不像网站（没有 index.html），没有发布：发布会把这个文件夹整个移走。"
            f"请检查 DEST 是否写错；确实要发布到这里时，先清空它，或指定一个新的目录。"
        )


def _adopt_real_folder(dest: Path, folder: Path) -> None:
    """A real folder at DEST becomes the oldest release, so that DEST can be a symlink."""
    if dest.is_symlink() or not dest.exists():
        return
    if not dest.is_dir():
        raise PublishError(f"{dest} 是一个文件，不是网站目录。请指定一个目录。")
    if not any(dest.iterdir()):  # an empty folder made for the site: nothing to roll back to
        dest.rmdir()
        return
    aside = folder / f"00000000-000000{_ORIGINAL}"
    dest.rename(aside)
    switch(aside, dest)


def _disk_full(dest: Path) -> PublishError:
    free = shutil.disk_usage(dest.parent).free
    return PublishError(
        f"发布失败：磁盘空间已满（{dest.parent} 只剩 {free / 1024 / 1024:.0f} MB）。"
        f"正在使用的网站 {dest} 保持不变，未完成的副本已删除。请清理磁盘空间后重新运行 make publish。"
    )


def publish(dest: Path, site: Path | None = None) -> Path:
    """Copy the complete site to a new release beside ``dest`` and make it live; return the release."""
    from jixiao.util import lock

    dest = Path(dest).absolute()
    _check_dest(dest)
    site = (site or paths.BUILD / "html").resolve()
    problems = check_complete(site)
    if problems:
        raise PublishError(
            "网站不完整，没有发布：\n"
            + "\n".join(f"  - {p}" for p in problems)
            + "\n请先运行 make site 构建完整的网站（网页、搜索索引和 PDF），再运行 make publish。"
        )
    if site == (paths.BUILD / "html").resolve() and not fingerprint.current(site, paths.ROOT):
        raise PublishError(
            "数据、章节或程序在上次 make site 之后有改动，_build/html 中的网站不是最新的，没有发布"
            "（make html 只更新预览，不更新要发布的网站）。请先运行 make site，再运行 make publish。"
        )
    if not dest.parent.is_dir():
        raise PublishError(
            f"网站目录 {dest} 所在的文件夹 {dest.parent} 不存在，没有发布。请检查 DEST 是否写错；"
            f"确实要发布到新位置时，先创建 {dest.parent}。"
        )
    folder = releases_dir(dest)
    with lock.held(paths.BUILD / ".lock", "发布网站"), lock.held(folder.parent / f".{dest.name}.lock", "发布网站"):
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        staged = folder / f"{stamp}.partial"
        try:
            shutil.copytree(site, staged)
            manifest = read_manifest(staged)
            manifest["published"] = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
            (staged / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
            release = staged.rename(folder / stamp)
            _adopt_real_folder(dest, folder)
        except OSError as err:
            if disk_full(err):
                raise _disk_full(dest) from None
            raise
        finally:
            shutil.rmtree(staged, ignore_errors=True)
        switch(release, dest)
        prune(folder, dest)
    return release


def rollback(dest: Path) -> Path:
    """Make the release published before the live one live again; return it."""
    from jixiao.util import lock

    dest = Path(dest).absolute()
    folder = releases_dir(dest)
    if not dest.is_symlink():
        raise PublishError(f"{dest} 不是由 make publish 发布的网站，无法回退。")
    with lock.held(folder.parent / f".{dest.name}.lock", "回退网站"):
        live = dest.resolve()
        older = [r for r in releases(dest) if r.name < live.name]
        if not older:
            raise PublishError(f"没有更早的版本可以回退：{dest} 现在使用的 {describe(live)} 已是保留的最早版本。")
        switch(older[-1], dest)
    return older[-1]


def publish_tree(source: Path, target: Path, releases: Path) -> Path:
    """Move the finished ``source`` into ``releases``, then point ``target`` at it in one step."""
    releases.mkdir(parents=True, exist_ok=True)
    release = source.rename(releases / source.name.removesuffix(".partial"))
    if target.is_dir() and not target.is_symlink():  # a folder left by an older version or by hand
        target.rename(releases / f"{release.name}-previous")
    switch(release, target)
    prune(releases, target, keep=2)
    return release
