"""The validate stage, run in a forked child while the build process imports the
libraries of the stages after it.

The check (reading every CSV, the reconciliation and pandera rules, the dry run of
every chapter) and the import of jupyter-cache, altair, myst-nb, Sphinx and its theme
take a second or more each, and neither needs the other: each gets a core. The child
starts at once and answers with plain data (:class:`Verdict`), so nothing it loads or
caches can reach the build; once the check passes it also makes the chart font's copy
for the execute stage (:mod:`jixiao.book.chartfont`, a file in ``_build``). When the
child finds problems the build process stops importing at the next module and reports
them exactly as before; a Ctrl-C stops the child with the build. On a single core
everything simply runs in order.
"""

from __future__ import annotations

import importlib
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass, field

from jixiao.util import processes


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
    problems = validate_all(years)
    return Verdict(years, problems, [] if problems else warnings_for(years), draft_years())


def later_modules() -> Iterator[str]:
    """The heavy imports of the stages after validation, in the order they are needed.
    The execute stage's libraries come one by one before the stage itself (1.7 s in all), so
    a build the check stops leaves off importing soon after the child answers."""
    yield from ("pandas", "sqlalchemy", "jupyter_cache.cache.db", "nbformat", "myst_nb.core.read")
    yield "jixiao.site.execute"
    from jixiao.site import runner, sphinx_run

    yield from runner.WARM
    yield from sphinx_run.IMPORTS


def _check_in_child() -> Verdict:
    verdict = check()  # looked up when called: the child runs the check its parent has
    if not verdict.problems:
        # Ahead of the execute stage, while the build process still imports: the copy of the
        # chart font its workers measure labels in (made once per build folder, about 1 s).
        from jixiao.book import chartfont

        chartfont.prepare()
    return verdict


def _start_child() -> None:
    processes.die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's: it stops the child


def check_while_importing() -> Verdict:
    """:func:`check` in a child process, while this process imports :func:`later_modules`."""
    from jixiao.report.years import published_years

    years = published_years()
    if (os.cpu_count() or 1) < 2 or not years:
        return check()  # nothing to overlap: one core, or nothing to publish
    with processes.forked_pool(1, _start_child) as pool:
        with processes.signals_held(signal.SIGINT):  # submit forks the child
            verdict = pool.submit(_check_in_child)
        for name in later_modules():
            if verdict.done() and (verdict.exception() or verdict.result().problems):
                break  # the build stops here: importing more would only cost time
            importlib.import_module(name)
        return processes.result(verdict)
