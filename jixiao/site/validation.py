"""The validate stage, run in the build's helper process (:mod:`jixiao.site.helper`)
while the build process imports the libraries of the stages after it.

The check (reading every CSV, the reconciliation and pandera rules, the dry run of
every chapter) and the import of jupyter-cache, myst-nb, Sphinx and its theme take a
second or more each, and neither needs the other: each gets a core. The helper starts at
once and answers with plain data (:class:`Verdict`), so nothing it loads or caches can
reach the build. When it finds problems the build process stops importing at the next
module and reports them exactly as before; a Ctrl-C stops the helper with the build.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field

from jixiao.site.helper import Helper
from jixiao.util import heap, processes


@dataclass
class Verdict:
    """What the validate stage reports."""

    years: list[int]  # the years to publish
    problems: str = ""  # the Chinese report of every problem; empty when the data is clean
    reminders: list[str] = field(default_factory=list)  # changes that do not stop the build
    drafts: list[int] = field(default_factory=list)


def check() -> Verdict:
    """Validate the years to publish (in whichever process calls it)."""
    from jixiao.book.validate import validate_all, warnings_for
    from jixiao.report.years import draft_years, published_years

    years = published_years()
    if not years:
        return Verdict(years)
    problems = validate_all(years, mapper=on_two_cores if len(years) > 1 and (os.cpu_count() or 1) > 1 else map)
    return Verdict(years, problems, [] if problems else warnings_for(years), draft_years())


def on_two_cores(func: Callable, items: list) -> list:
    """``list(map(func, items))``, every other item in a process forked for it: the years'
    checks side by side (20 years took 9 s in one process), results in order."""
    import jixiao.book.dryrun
    import jixiao.report.rules  # noqa: F401 (imported once, before the fork, for both processes)

    with processes.forked_pool(1, processes.die_with_parent) as pool:
        theirs = {i: pool.submit(func, item) for i, item in enumerate(items) if i % 2}
        mine = {i: func(item) for i, item in enumerate(items) if not i % 2}
        return [mine[i] if i in mine else processes.result(theirs[i]) for i in range(len(items))]


def execute_modules() -> list[str]:
    """The heavy imports of the build process's execute stage (jupyter-cache and the page
    reader; the pages' own libraries are the helper's)."""
    return ["sqlalchemy", "jupyter_cache.cache.db", "nbformat", "myst_nb.core.read", "jixiao.site.execute"]


def sphinx_modules() -> list[str]:
    from jixiao.site import sphinx_run

    return sphinx_run.IMPORTS


def later_modules() -> list[str]:
    """Everything the build process imports ahead of its later stages, in the order needed."""
    return execute_modules() + sphinx_modules()


def check_while_importing(notebooks: dict | None = None) -> tuple[Verdict, Helper | None, object]:
    """:func:`check` in the build's helper, while this process imports :func:`later_modules`.

    With ``notebooks`` (the options of :func:`jixiao.site.execute.start`), the helper is sent
    the stale notebooks between the execute stage's imports and Sphinx's: it runs them once
    the check has passed, while this process imports Sphinx. A failure in sending them is left
    to the execute stage, which then starts them itself. Returns the verdict, the helper when
    the check passed (the caller closes it), and the :class:`~jixiao.site.execute.Started`
    notebooks or None."""
    from jixiao.report.years import published_years

    if not published_years():
        return check(), None, None  # nothing to publish: nothing to overlap
    helper = Helper(check)  # looked up now: the helper runs the check this module has
    started = None
    try:
        _import_until_stopped(execute_modules(), helper)
        if notebooks is not None and not _stopped(helper):
            from jixiao.site import execute

            try:
                started = execute.start(helper, **notebooks)
            except Exception:  # the execute stage starts them itself, and reports what fails
                pass
        _import_until_stopped(sphinx_modules(), helper)
        heap.settle()  # the libraries are in: leave them out of the collector's way
        verdict = helper.verdict()
    except BaseException:
        helper.close()
        raise
    if verdict.problems or not verdict.years:
        helper.close()
        return verdict, None, None
    return verdict, helper, started


def _import_until_stopped(modules: list[str], helper: Helper) -> None:
    for name in modules:
        if _stopped(helper):
            return  # the build stops here: importing more would only cost time
        importlib.import_module(name)


def _stopped(helper: Helper) -> bool:
    if not helper.verdict_ready():
        return False
    verdict = helper.verdict()
    return bool(verdict.problems or not verdict.years)
