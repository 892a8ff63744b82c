"""``python -m jixiao build``: run a :class:`~jixiao.site.build.Build` and tell the
office in Chinese how it went: done, which stage failed and why, a full disk, or
another build still running. Never a traceback on the terminal (the log keeps it).
"""

from __future__ import annotations

import os
import shutil
import sys

from jixiao.site.build import Build
from jixiao.site.errors import BuildFailed
from jixiao.util import paths
from jixiao.util.diskspace import disk_full


def main(pdf: bool = True, search: bool = True) -> int:
    from jixiao.util.lock import Busy

    build = Build(pdf=pdf, search=search)
    kept = f"{build.target_label}保持不变。"
    try:
        build.run()
    except BuildFailed as err:
        if disk_full(err):
            return _disk_full(build, kept)
        print(f"\n构建失败，失败的步骤：{err.stage}。{err.detail}", file=sys.stderr)
        print(kept, file=sys.stderr)
        return 1
    except Busy as err:
        print(f"\n{err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\n构建已中断。{kept}", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        # Exit now with Ctrl-C's status: the stages have cleaned up (workers stopped, partial
        # release removed, lock released with the process). Interpreter shutdown after an
        # interrupt sometimes ended the process by SIGINT instead (status -2 in tests).
        os._exit(130)
    except Exception as err:  # an unexpected failure still gets a plain message, not a traceback
        import traceback

        if disk_full(err):
            return _disk_full(build, kept)
        if build.log_path:
            with open(build.log_path, "a", encoding="utf-8") as log:
                traceback.print_exc(file=log)
        print(f"\n构建失败：程序内部错误（{type(err).__name__}: {err}）。", file=sys.stderr)
        print(f"{kept}详细信息见日志：{paths.rel(build.log_path) if build.log_path else '无'}", file=sys.stderr)
        return 1
    where = "网站在 _build/html" if build.complete else "预览网站在 _build/preview（make serve-preview 查看；不影响已发布的 _build/html）"
    build.say(f"构建完成：{where}（执行了 {len(build.executed)} 个笔记本），日志：{paths.rel(build.log_path)}")
    return 0


def _disk_full(build: Build, kept: str) -> int:
    free = shutil.disk_usage(build.build_dir if build.build_dir.exists() else build.root).free
    print(
        f"\n构建失败：磁盘空间已满（{build.build_dir} 所在的磁盘只剩 {free / 1024 / 1024:.0f} MB）。"
        f"{kept}未完成的文件已删除。请清理磁盘空间（构建约需 1 GB）后重新运行 make site。",
        file=sys.stderr,
    )
    return 1
