"""The build's stages, run one after another into a partial release, published in one step.

Validate the data and execute the notebooks whose inputs changed (both in the helper
process, :mod:`jixiao.site.helper`), generate the table of contents, build the HTML with
Sphinx (which reads each page once its notebook's result is in), assemble the site, add
the search index, the PDFs and the Word documents, and publish: only when every stage
succeeded is the site swapped into ``_build/html`` (an atomic symlink switch), so a failed
or interrupted build leaves the previous site complete.
Tool output goes to ``_build/logs``, named on failure.

A preview (``--no-pdf``/``--no-search``) goes to ``_build/preview``. Each site carries
``manifest.json`` (build time, commit, years, contents, sha256 of every file) for
``publish``. One build runs at a time (:mod:`jixiao.util.lock`); tools and workers
die with it. :mod:`jixiao.site.main` runs a build for the command line.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from jixiao.site import fingerprint
from jixiao.site.errors import BuildFailed, notebook_failure, tool_failure
from jixiao.util import paths
from jixiao.util.processes import Interrupts

STAGE = "stage"
SITE = "html"
PREVIEW = "preview"
MANIFEST = "manifest.json"
#: Sphinx's folder for builds without PDF: their notebook outputs may lack the
#: charts' PNG images (only LaTeX uses them), so they never feed a LaTeX build.
STAGE_WEB = "stage-web"
_EXECUTING = re.compile(r"^(\S+\.(?:md|ipynb)): Executing notebook")


@dataclass
class Build:
    root: Path = field(default_factory=lambda: paths.ROOT)
    pdf: bool = True
    search: bool = True
    started: float = field(default_factory=time.monotonic)
    executed: list[str] = field(default_factory=list)
    log_path: Path | None = None
    stamp: str = field(default_factory=lambda: datetime.now().strftime("%Y%m%d-%H%M%S-%f"))
    _helper: object = field(default=None, repr=False)  # from validate to the pages stage (jixiao.site.helper)
    _started: object = field(default=None, repr=False)  # the notebooks sent to it (jixiao.site.execute.start)

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

    def say(self, text: str, file=None) -> None:
        print(f"[{time.monotonic() - self.started:6.1f} 秒] {text}", file=file, flush=True)

    # ------------------------------------------------------------ stages
    def fingerprint(self) -> str:
        """A hash of every source file and the build options: equal means nothing to rebuild."""
        return fingerprint.fingerprint(self.root, self.pdf, self.search)

    @property
    def stamp_file(self) -> Path:
        return self.target / fingerprint.STAMP

    def up_to_date(self) -> bool:
        return self.stamp_file.is_file() and self.stamp_file.read_text() == self.fingerprint()

    @property
    def target_label(self) -> str:
        return "已发布的网站（_build/html）" if self.complete else "预览网站（_build/preview）"

    def run(self) -> Path:
        from jixiao.util import lock

        (self.build_dir / "logs").mkdir(parents=True, exist_ok=True)
        self.log_path = self.build_dir / "logs" / f"build-{datetime.now():%Y%m%d-%H%M%S-%f}.log"
        with lock.held(self.build_dir / ".lock", "构建网站" if self.complete else "构建预览", say=self.say), Interrupts() as ctrl_c:
            return self._run(ctrl_c)

    def _run(self, ctrl_c: Interrupts) -> Path:
        if self.up_to_date():
            self.say(f"源文件和数据都没有改动，{self.target_label}已是最新，无需重建。")
            return self.target
        self._clear_leftovers()
        self._fingerprint = self.fingerprint()  # taken before building: a change made meanwhile rebuilds next time
        stages = [
            ("校验数据", self.validate),
            ("生成目录", self.toc),
            ("执行笔记本并生成网页", self.pages),
            ("整理待发布网站", self.assemble),
        ]
        if self.search:
            stages.append(("生成搜索索引", self.search_index))
        if self.pdf:
            stages += [("生成 PDF", self.pdfs), ("生成 Word 文档", self.word)]
        stages.append(("换上新的网站 _build/html" if self.complete else "换上新的预览 _build/preview", self.publish))
        try:
            for i, (name, func) in enumerate(stages, 1):
                ctrl_c.check()  # a Ctrl-C that Python swallowed (during a fork, say) still stops here
                t0 = time.monotonic()
                self.say(f"第 {i}/{len(stages)} 步：{name}……")
                func()
                self.say(f"第 {i}/{len(stages)} 步完成：{name}，用时 {time.monotonic() - t0:.1f} 秒")
        finally:
            if self._helper:  # idle since the execute stage, or stopped by a failure or Ctrl-C
                self._helper.close()
            shutil.rmtree(self.candidate, ignore_errors=True)  # only left over when a stage failed
        return self.target

    def _clear_leftovers(self) -> None:
        """Remove the partial releases and chart-font copies a killed build left (its notebook cache: execute.repair_cache)."""
        from jixiao.book import chartfont

        for folder in (self.build_dir / f"{SITE}-releases", self.build_dir / f"{PREVIEW}-releases", self.build_dir / chartfont.FOLDER):
            for partial in folder.glob("*.partial") if folder.is_dir() else []:
                shutil.rmtree(partial, ignore_errors=True)

    def validate(self) -> None:
        from jixiao.site.validation import check_while_importing

        verdict, self._helper, self._started = check_while_importing({"png": self.pdf, "log_path": self.log_path})
        if not verdict.years:
            raise BuildFailed("校验数据", "没有可发布的年度：chapters/<年度>/report.yml 中应有 status: final。")
        if verdict.problems:
            raise BuildFailed("校验数据", "\n" + verdict.problems)
        self.say(f"  发布年度：{'、'.join(str(y) for y in verdict.years)}")
        for reminder in verdict.reminders:
            self.say(f"  提醒：{reminder}")
        for year in verdict.drafts:
            self.say(f"  {year} 年度为草稿，本次不发布（定稿：python -m jixiao finalize {year}）")

    def toc(self) -> None:
        from jixiao.book import toc

        if toc.write():
            self.say("  _toc.yml 已按年度文件夹更新")

    def pages(self) -> None:
        """Sphinx reads the pages while the stale notebooks still run (sent to the helper during
        the validate stage): it waits at each such page for its result (execute.feeding)."""
        from jixiao.site import execute  # imported while the data was checked (jixiao.site.validation)

        started = self._started or execute.start(self._helper, self.pdf, self.log_path)
        terminal = sys.stdout  # Sphinx's own output goes to the log while it runs
        started.say = lambda text: self.say(text, file=terminal)
        if started.repaired:
            self.say("  上次构建被中断，已清理未写完的笔记本缓存")
        try:
            with execute.feeding(started):
                try:
                    self.html()
                except BuildFailed:
                    if started.failure is None:
                        raise
            self.executed += started.finish()  # any result Sphinx did not wait for; raises what stopped Sphinx
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
        """Run a Sphinx builder in this process (see :mod:`jixiao.site.sphinx_run`)."""
        from jixiao.site import sphinx_run

        status, tail = sphinx_run.build(self.root, self.stage_dir, builder, self.log_path, fresh, self._env())
        for line in tail:
            self._watch(line)
        if status != 0:
            self._failed(stage, status, tail)

    def assemble(self) -> None:
        self.candidate.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(self.staged_html, self.candidate)
        from jixiao.site import slim

        slim.slim(self.candidate, cache=self.build_dir / slim.CACHE)  # ship only the assets the pages use

    def search_index(self) -> None:
        from jixiao.site import search

        search.index(self.candidate, self._tool)

    def pdfs(self) -> None:
        from jixiao.site import pdf

        pdf.build(self, self._tool)

    def word(self) -> None:
        from jixiao.site import word

        word.build(self)

    def publish(self) -> None:
        from jixiao.report.years import published_years
        from jixiao.site.compress import compress_site
        from jixiao.site.publish import git_commit, manifest_files, publish_tree

        # .gz and .br copies beside the text files, reused by content from the last build.
        compress_site(self.candidate, cache=self.build_dir / f"compress-cache-{self.target.name}")
        (self.candidate / fingerprint.STAMP).write_text(self._fingerprint)
        manifest = {
            "built": datetime.now().astimezone().isoformat(timespec="seconds"),
            **git_commit(),
            "years": published_years(),
            "pdf": self.pdf,
            "search": self.search,
            "files": manifest_files(self.candidate),
        }
        (self.candidate / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        publish_tree(self.candidate, self.target, self.releases)

    # ------------------------------------------------------------ helpers
    def _tool(self, cmd: list[str], stage: str, cwd: Path | None = None) -> None:
        """Run a tool (:func:`jixiao.site.tools.run_tool`), its output appended to the log."""
        from jixiao.site.tools import run_tool

        run_tool(cmd, stage, self.log_path, self._env(), cwd or self.root)

    def _env(self) -> dict[str, str]:
        return {"JIXIAO_ROOT": str(self.root), "JIXIAO_PDF": "1" if self.pdf else "0"}

    def _failed(self, stage: str, status: int, tail: list[str]) -> None:
        raise tool_failure(stage, status, tail, self.log_path)

    def _watch(self, line: str) -> None:
        # Normally none: the execute stage filled the cache. Shown if Sphinx executes one.
        match = _EXECUTING.match(line)
        if match:
            name = paths.rel(Path(match.group(1)))
            self.executed.append(name)
            self.say(f"  执行笔记本（生成网页时）：{name}")
