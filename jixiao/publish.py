"""``make publish DEST=/path/to/webroot``: copy the finished site to the web root.

The copy is staged beside DEST and swapped in in one step, with a manifest
(build time, git commit, years, sha256 of every file) written into it. When DEST
is (or will be) a symlink, the swap is an atomic symlink replacement; when DEST
is an existing real folder, it is renamed aside and the new copy renamed into
place (two renames on the same filesystem, microseconds apart).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from jixiao import paths
from jixiao.years import published_years

MANIFEST = "manifest.json"
KEEP = 2


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=paths.ROOT, capture_output=True, text=True, check=True)
        dirty = subprocess.run(["git", "status", "--porcelain"], cwd=paths.ROOT, capture_output=True, text=True).stdout.strip()
        return out.stdout.strip() + ("（工作区有未提交的改动）" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "未知（不是 git 仓库）"


def manifest(site: Path) -> dict:
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file() and p.name != MANIFEST):
        files[path.relative_to(site).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    built = datetime.fromtimestamp((site / "index.html").stat().st_mtime, tz=UTC).astimezone()
    return {
        "built": built.isoformat(timespec="seconds"),
        "published": datetime.now(UTC).astimezone().isoformat(timespec="seconds"),
        "commit": git_commit(),
        "years": published_years(),
        "files": files,
    }


class PublishError(Exception):
    pass


def switch(release: Path, target: Path) -> None:
    """Make ``target`` show ``release`` in one step.

    A symlink ``target`` (or none yet) is replaced atomically; an existing real
    folder is renamed aside into the releases folder, then ``release`` renamed in.
    """
    if target.is_symlink() or not target.exists():
        link = target.with_name(f".{target.name}.new")
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(os.path.relpath(release, target.parent))
        os.replace(link, target)  # atomic on POSIX
    else:
        target.rename(release.with_name(f"{release.name}-previous"))
        release.rename(target)


def prune(releases: Path, current: Path, keep: int = KEEP) -> None:
    """Delete old releases, keeping ``keep`` (the current one included); never a partial one in use."""
    current = current.resolve()
    old = sorted(
        (p for p in releases.iterdir() if p.resolve() != current and not p.name.endswith(".partial")),
        key=lambda p: p.stat().st_mtime,
    )
    for stale in old[: max(0, len(old) - (keep - 1))]:
        shutil.rmtree(stale, ignore_errors=True)


def publish(dest: Path, site: Path | None = None) -> Path:
    site = (site or paths.BUILD / "html").resolve()
    if not (site / "index.html").is_file():
        raise PublishError("还没有构建好的网站：请先运行 make site。")
    dest = Path(dest).absolute()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    releases = dest.parent / f".{dest.name}.releases"
    releases.mkdir(parents=True, exist_ok=True)
    staged = releases / f"{stamp}.partial"
    try:
        shutil.copytree(site, staged)
        (staged / MANIFEST).write_text(json.dumps(manifest(staged), ensure_ascii=False, indent=1), encoding="utf-8")
        release = staged.rename(staged.with_name(stamp))
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    switch(release, dest)
    prune(releases, dest)
    return dest
