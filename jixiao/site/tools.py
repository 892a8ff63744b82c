"""The external tools a build runs (Pagefind, latexmk): their output appended to the
build log, a failure raised as :class:`~jixiao.site.errors.BuildFailed` with the lines
that name problems."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from jixiao.site.errors import tool_failure
from jixiao.util import paths
from jixiao.util.processes import die_with_parent


def run_tool(cmd: list[str], stage: str, log_path: Path, env: dict[str, str], cwd: Path) -> None:
    """Run ``cmd`` in ``cwd`` with ``env`` added to the tools' environment; a failure names ``stage``."""
    tail: list[str] = []
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(f"\n$ {' '.join(cmd)}\n")
        log.flush()
        proc = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=paths.tool_env({"PYTHONUNBUFFERED": "1", **env}),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
            preexec_fn=die_with_parent,
        )
        try:
            for line in proc.stdout:
                log.write(line)
                tail = (tail + [re.sub(r"\x1b\[[0-9;]*m", "", line.rstrip())])[-400:]
            proc.wait()
        except BaseException:
            proc.kill()
            proc.wait()
            raise
    if proc.returncode != 0:
        raise tool_failure(stage, proc.returncode, tail, log_path)
