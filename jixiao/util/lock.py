"""One build (or publish) at a time per project folder.

An advisory ``flock`` on ``_build/.lock``: the kernel drops it when the holder
exits in any way (SIGKILL and power loss included), so a killed build never
blocks the next one. A second command waits, saying so in Chinese, and gives
up with a message after ``JIXIAO_LOCK_TIMEOUT`` seconds (default one hour).
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path


class Busy(Exception):
    """Another command held the lock for longer than we were willing to wait."""


def _holder(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return {}


def describe(info: dict) -> str:
    what = info.get("what", "构建")
    pid = info.get("pid", "?")
    started = info.get("started", "")
    return f"另一个“{what}”任务正在进行（进程 {pid}，{started} 开始）"


@contextmanager
def held(path: Path, what: str, say=print, timeout: float | None = None, poll: float = 0.5):
    """Hold the lock at ``path`` for the ``with`` block; wait (with a message) while another holds it."""
    timeout = float(os.environ.get("JIXIAO_LOCK_TIMEOUT", 3600)) if timeout is None else timeout
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            info = _holder(path)
            say(f"{describe(info)}。本次“{what}”等它完成后自动开始，请稍候……")
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise Busy(
                            f"{describe(_holder(path))}，已等待 {timeout:.0f} 秒仍未结束，本次“{what}”没有执行。"
                            "请等它完成后再运行；如果确认没有其他构建在运行，请重新运行本命令。"
                        ) from None
                    time.sleep(poll)
            say(f"前一个任务已结束，开始本次“{what}”。")
        os.ftruncate(fd, 0)
        os.pwrite(
            fd,
            json.dumps(
                {"what": what, "pid": os.getpid(), "started": datetime.now().strftime("%Y-%m-%d %H:%M:%S")}, ensure_ascii=False
            ).encode(),
            0,
        )
        yield
    finally:
        os.close(fd)  # closing drops the lock
