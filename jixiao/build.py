"""``python -m jixiao build``: the whole site, in stages, published in one step.

Stages: validate the data, generate the table of contents, execute the
notebooks whose inputs changed (two at a time, into jupyter-cache), build the
HTML with Sphinx in ``_build/stage``, assemble the site in a partial release
folder, add the search index and the PDFs, and publish. Only when every stage
succeeded is the finished site swapped into ``_build/html`` (an atomic symlink
switch), so a failed or interrupted build leaves the previous site complete and
untouched. A build whose sources are all unchanged stops at once.
Tool output goes to a log file under ``_build/logs``, named on failure.

A complete build (HTML, search index and PDFs) is published to ``_build/html``;
a preview (``--no-pdf`` or ``--no-search``, as ``make html`` runs) goes to
``_build/preview`` and never touches the published site. Each finished site
carries ``manifest.json`` (build time, commit, years, what it contains and the
sha256 of every file), which ``publish`` checks. One build runs at a time per
project (:mod:`jixiao.lock`); every tool and kernel the build starts imports
this folder's package and dies with the build (:func:`jixiao.paths.tool_env`).
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jixiao import paths
from jixiao.diskspace import disk_full, mentions_full_disk

STAGE = "stage"
SITE = "html"
PREVIEW = "preview"
MANIFEST = "manifest.json"
#: Sphinx's folder for builds without PDF: their notebook outputs may lack the
#: charts' PNG images (only LaTeX uses them), so they never feed a LaTeX build.
STAGE_WEB = "stage-web"
_EXECUTING = re.compile(r"^(\S+\.(?:md|ipynb)): Executing notebook")
_NOISE = re.compile(r"IPKernelApp|NbParserConfig|MdParserConfig")
_PROBLEM = re.compile(r"(WARNING|ERROR|Error|error|Traceback|Exception|CellExecutionError|!)")


class BuildFailed(Exception):
    def __init__(self, stage: str, detail: str):
        self.stage = stage
        self.detail = detail
        super().__init__(f"{stage}：{detail}")


@dataclass
class Build:
    root: Path = field(default_factory=lambda: paths.ROOT)
    pdf: bool = True
    search: bool = True
    started: float = field(default_factory=time.monotonic)
    executed: list[str] = field(default_factory=list)
    log_path: Path | None = None
    stamp: str = field(default_factory=lambda: datetime.now().strftime("%Y%m%d-%H%M%S-%f"))

    @property
    def build_dir(self) -> Path:
        return self.root / "_build"

    @property
    def stage_dir(self) -> Path:
        return self.build_dir / (STAGE if self.pdf else STAGE_WEB)

    @property
    def staged_html(self) -> Path:
        """Sphinx's own output: kept as Sphinx left it, for incremental builds."""
        return self.stage_dir / "_build" / "html"

    @property
    def complete(self) -> bool:
        """A complete site is published; anything less is a preview."""
        return self.pdf and self.search

    @property
    def target(self) -> Path:
        """Where the finished site goes: ``_build/html``, or ``_build/preview`` for a preview."""
        return self.build_dir / (SITE if self.complete else PREVIEW)

    @property
    def releases(self) -> Path:
        return self.build_dir / f"{self.target.name}-releases"

    @property
    def candidate(self) -> Path:
        """The site being assembled (HTML, search index, PDFs) before it is published."""
        return self.releases / f"{self.stamp}.partial"

    def say(self, text: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f} 秒] {text}", flush=True)

    # ------------------------------------------------------------ stages
    def fingerprint(self) -> str:
        """A hash of every source file and the build options: equal means nothing to rebuild."""
        h = hashlib.sha256(f"pdf={self.pdf} search={self.search}".encode())
        skip = {"_build", ".git", ".venv", "tests", "__pycache__", ".pytest_cache", ".hypothesis"}
        for path in sorted(self.root.rglob("*")):
            rel = path.relative_to(self.root)
            if rel.parts[0] in skip or "__pycache__" in rel.parts or rel.parts[0].endswith(".egg-info") or not path.is_file():
                continue
            h.update(rel.as_posix().encode() + b"\0" + path.read_bytes())
        return h.hexdigest()

    @property
    def stamp_file(self) -> Path:
        return self.target / ".jixiao-build"

    def up_to_date(self) -> bool:
        return self.stamp_file.is_file() and self.stamp_file.read_text() == self.fingerprint()

    @property
    def target_label(self) -> str:
        return "已发布的网站（_build/html）" if self.complete else "预览网站（_build/preview）"

    def run(self) -> Path:
        from jixiao import lock

        logs = self.build_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.log_path = logs / f"build-{datetime.now():%Y%m%d-%H%M%S-%f}.log"
        with lock.held(self.build_dir / ".lock", "构建网站" if self.complete else "构建预览", say=self.say):
            return self._run()

    def _run(self) -> Path:
        if self.up_to_date():
            self.say(f"源文件和数据都没有改动，{self.target_label}已是最新，无需重建。")
            return self.target
        self._clear_leftovers()
        self._fingerprint = self.fingerprint()  # taken before building: a change made meanwhile rebuilds next time
        stages = [
            ("校验数据", self.validate),
            ("生成目录", self.toc),
            ("执行笔记本", self.execute),
            ("生成网页", self.html),
            ("整理待发布网站", self.assemble),
        ]
        if self.search:
            stages.append(("生成搜索索引", self.search_index))
        if self.pdf:
            stages.append(("生成 PDF", self.pdfs))
        stages.append((f"发布到 _build/{self.target.name}", self.publish))
        try:
            for i, (name, func) in enumerate(stages, 1):
                t0 = time.monotonic()
                self.say(f"第 {i}/{len(stages)} 步：{name}……")
                func()
                self.say(f"第 {i}/{len(stages)} 步：{name}完成，用时 {time.monotonic() - t0:.1f} 秒")
        finally:
            shutil.rmtree(self.candidate, ignore_errors=True)  # only left over when a stage failed
        return self.target

    def _clear_leftovers(self) -> None:
        """Remove what a killed build left (it held the lock, so none is running now)."""
        from jixiao import execute

        if execute.repair_cache():
            self.say("  上次构建被中断，已清理未写完的笔记本缓存")
        for folder in (self.build_dir / f"{SITE}-releases", self.build_dir / f"{PREVIEW}-releases"):
            for partial in folder.glob("*.partial") if folder.is_dir() else []:
                shutil.rmtree(partial, ignore_errors=True)

    def validate(self) -> None:
        from jixiao.validate import validate_all
        from jixiao.years import draft_years, published_years

        years = published_years()
        if not years:
            raise BuildFailed("校验数据", "没有可发布的年度：chapters/<年度>/report.yml 中应有 status: final。")
        problems = validate_all(years)
        if problems:
            raise BuildFailed("校验数据", "\n" + problems)
        self.say(f"  发布年度：{'、'.join(str(y) for y in years)}")
        from jixiao.validate import warnings_for

        for warning in warnings_for(years):
            self.say(f"  提醒：{warning}")
        for year in draft_years():
            self.say(f"  {year} 年度为草稿，本次不发布（定稿：python -m jixiao finalize {year}）")

    def toc(self) -> None:
        from jixiao import toc

        if toc.write():
            self.say("  _toc.yml 已按年度文件夹更新")

    def execute(self) -> None:
        from jixiao import execute

        try:
            self.executed += execute.execute(self.say, log_path=self.log_path, png=self.pdf)
        except execute.NotebookFailed as err:
            raise BuildFailed("执行笔记本", notebook_failure(err.doc, err.error, self.log_path)) from None
        self.say(f"  执行了 {len(self.executed)} 个笔记本，其余的输入未变，使用缓存")

    def html(self) -> None:
        # After a failed Sphinx run its saved environment may be inconsistent:
        # start from a fresh one (notebook outputs still come from the cache).
        failed = self.stage_dir / ".failed"
        fresh = failed.exists()
        if fresh:
            self.say("  上次构建失败，本次重新读取全部页面")
        failed.parent.mkdir(parents=True, exist_ok=True)
        failed.touch()
        self.sphinx("html", "生成网页", fresh)
        failed.unlink()

    def sphinx(self, builder: str, stage: str, fresh: bool = False) -> None:
        """Run a Sphinx builder in this process (see :mod:`jixiao.sphinx_run`)."""
        from jixiao import sphinx_run

        status, tail = sphinx_run.build(self.root, self.stage_dir, builder, self.log_path, fresh, self._env())
        for line in tail:
            self._watch(line)
        if status != 0:
            self._failed(stage, status, tail)

    def assemble(self) -> None:
        self.candidate.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(self.staged_html, self.candidate)
        from jixiao.slim import slim

        slim(self.candidate, cache=self.build_dir / "slim-cache")  # ship only the assets the pages use

    def search_index(self) -> None:
        from jixiao import search

        search.index(self.candidate, self._tool)

    def pdfs(self) -> None:
        from jixiao import pdf

        pdf.build(self, self._tool)

    def publish(self) -> None:
        from jixiao.compress import compress_site
        from jixiao.publish import git_commit, manifest_files
        from jixiao.years import published_years

        compress_site(self.candidate)  # .gz and .br copies beside the text files
        (self.candidate / ".jixiao-build").write_text(self._fingerprint)
        manifest = {
            "built": datetime.now().astimezone().isoformat(timespec="seconds"),
            "commit": git_commit(),
            "years": published_years(),
            "pdf": self.pdf,
            "search": self.search,
            "files": manifest_files(self.candidate),
        }
        (self.candidate / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        publish_tree(self.candidate, self.target, self.releases)

    # ------------------------------------------------------------ helpers
    def _tool(self, cmd: list[str], stage: str, watch_notebooks: bool = False, cwd: Path | None = None) -> None:
        """Run a tool, its output appended to the log; count notebooks as they execute."""
        env = paths.tool_env({"PYTHONUNBUFFERED": "1", **self._env()})
        tail: list[str] = []
        with open(self.log_path, "a", encoding="utf-8") as log:
            log.write(f"\n$ {' '.join(cmd)}\n")
            log.flush()
            proc = subprocess.Popen(
                cmd,
                cwd=cwd or self.root,
                env=env,
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
                    clean = re.sub(r"\x1b\[[0-9;]*m", "", line.rstrip())
                    tail = (tail + [clean])[-400:]
                    if watch_notebooks:
                        self._watch(clean)
                proc.wait()
            except BaseException:
                proc.kill()
                proc.wait()
                raise
        if proc.returncode != 0:
            self._failed(stage, proc.returncode, tail)

    def _env(self) -> dict[str, str]:
        return {"JIXIAO_ROOT": str(self.root), "JIXIAO_PDF": "1" if self.pdf else "0"}

    def _failed(self, stage: str, status: int, tail: list[str]) -> None:
        tail = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in tail]
        if any(mentions_full_disk(line) for line in tail):
            raise BuildFailed(stage, "磁盘空间已满") from OSError(errno.ENOSPC, "No space left on device")
        problems = [line for line in tail if _PROBLEM.search(line) and not _NOISE.search(line)]
        excerpt = "\n".join((problems or tail)[-25:])
        raise BuildFailed(stage, f"工具返回错误码 {status}。\n{excerpt}\n完整日志：{paths.rel(self.log_path)}")

    def _watch(self, line: str) -> None:
        # Normally none: the execute stage filled the cache. Shown if Sphinx executes one.
        match = _EXECUTING.match(line)
        if match:
            name = paths.rel(Path(match.group(1)))
            self.executed.append(name)
            self.say(f"  执行笔记本（生成网页时）：{name}")


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


def publish_tree(source: Path, target: Path, releases: Path) -> Path:
    """Move the finished ``source`` into ``releases``, then point ``target`` at it in one step."""
    from jixiao.publish import prune, switch

    releases.mkdir(parents=True, exist_ok=True)
    release = source.rename(releases / source.name.removesuffix(".partial"))
    if target.is_dir() and not target.is_symlink():  # a folder left by an older version or by hand
        target.rename(releases / f"{release.name}-previous")
    switch(release, target)
    prune(releases, target, keep=2)
    return release


def die_with_parent() -> None:
    """In a child process: be killed when the build dies, however it dies (Linux ``PR_SET_PDEATHSIG``),
    so a killed build leaves no tool writing into ``_build``."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def main(pdf: bool = True, search: bool = True) -> int:
    from jixiao.lock import Busy

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
        return 130
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
