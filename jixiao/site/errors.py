"""How a build fails: the stage that failed, and a notebook's error told in Chinese."""

from __future__ import annotations

import errno
import re
from pathlib import Path

from jixiao.util import paths
from jixiao.util.diskspace import mentions_full_disk

_NOISE = re.compile(r"IPKernelApp|NbParserConfig|MdParserConfig")
_PROBLEM = re.compile(r"(WARNING|ERROR|Error|error|Traceback|Exception|CellExecutionError|!)")


class BuildFailed(Exception):
    def __init__(self, stage: str, detail: str):
        self.stage = stage
        self.detail = detail
        super().__init__(f"{stage}：{detail}")


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def notebook_failure(doc: str, error: str, log_path: Path | None) -> str:
    """A notebook's failure for the terminal: the file to fix and the error's own
    message, in Chinese, without the traceback or colour codes (the log keeps them)."""
    text = _ANSI.sub("", error or "")
    if log_path:
        with open(log_path, "a", encoding="utf-8") as log:
            log.write(f"\n=== 笔记本 {doc} 执行出错\n{text}\n")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    exc = next(
        (line for line in reversed(lines) if re.match(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit)\b", line)),
        lines[-1] if lines else "",
    )
    name, _, message = exc.partition(":")
    message = message.strip().strip("'\"") or name
    return (
        f"文件 {doc} 中的代码执行出错：{message}\n"
        f"请修改 {doc}（文件开头的代码单元和正文中的引用），或它引用的数据文件，再运行 python -m jixiao validate 检查。"
        + (f"\n完整的出错信息见日志：{paths.rel(log_path)}" if log_path else "")
    )


def tool_failure(stage: str, status: int, tail: list[str], log_path: Path | None) -> BuildFailed:
    """A tool's failure: a full disk said plainly, else the lines of its output that name problems."""
    tail = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in tail]
    if any(mentions_full_disk(line) for line in tail):
        failure = BuildFailed(stage, "磁盘空间已满")
        failure.__cause__ = OSError(errno.ENOSPC, "No space left on device")
        return failure
    problems = [line for line in tail if _PROBLEM.search(line) and not _NOISE.search(line)]
    excerpt = "\n".join((problems or tail)[-25:])
    return BuildFailed(stage, f"工具返回错误码 {status}。\n{excerpt}\n完整日志：{paths.rel(log_path)}")
