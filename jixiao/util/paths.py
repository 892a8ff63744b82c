"""Repository paths, resolved from this file, never from the current directory.

The package always reads the project folder it sits in: the data, chapters
and build output beside this ``jixiao/`` folder. ``JIXIAO_ROOT`` (set by the
build for every tool and kernel it starts) only confirms that: a process whose
code comes from one folder but was asked to build another stops with a clear
message, rather than publish the other folder's numbers.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

#: The project root: the folder holding the ``jixiao`` package.
ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
CHAPTERS = ROOT / "chapters"
BUILD = ROOT / "_build"

_YEAR = re.compile(r"^\d{4}$")


class MixedProjectError(RuntimeError):
    """The code of one project folder was asked to build another."""


def check_root(expected: str | os.PathLike | None = None) -> None:
    """Raise :class:`MixedProjectError` when ``expected`` (default ``JIXIAO_ROOT``) is another folder."""
    expected = expected if expected is not None else os.environ.get("JIXIAO_ROOT")
    if expected and Path(expected).resolve() != ROOT:
        raise MixedProjectError(
            f"程序代码来自 {ROOT}，但要构建的项目是 {Path(expected).resolve()}。"
            f"为避免发布另一个文件夹的数据，已停止。请在项目文件夹 {Path(expected).resolve()} 中运行 make site"
            "（它会自动修复从别处复制来的 Python 环境）。"
        )


check_root()


def data_dir(year: int) -> Path:
    return DATA / str(year)


def years() -> list[int]:
    """Years that have a data folder, newest first."""
    if not DATA.is_dir():
        return []
    found = [int(p.name) for p in DATA.iterdir() if p.is_dir() and _YEAR.match(p.name)]
    return sorted(found, reverse=True)


def rel(path: Path) -> str:
    """A path as shown to users: relative to the repository root when inside it."""
    path = Path(path)
    if path.is_absolute() and ".." not in path.parts and path.parts[: len(ROOT.parts)] == ROOT.parts and not path.is_symlink():
        return str(path.relative_to(ROOT))  # the common case, without resolving every folder on the way
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def tool_env(extra: dict | None = None) -> dict:
    """The environment for every tool and kernel a command starts: they import
    this folder's package (``PYTHONPATH``) and confirm it (``JIXIAO_ROOT``)."""
    env = dict(os.environ)
    python_path = [str(ROOT)] + [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and Path(p).resolve() != ROOT]
    env.update(extra or {})
    env.update(PYTHONPATH=os.pathsep.join(python_path), JIXIAO_ROOT=str(ROOT))
    return env
