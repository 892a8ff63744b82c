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
from collections.abc import Iterator
from dataclasses import dataclass, field

from jixiao.site.helper import Helper


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
    """The heavy imports of the build process's later stages, in the order they are needed:
    the execute stage's (jupyter-cache and the page reader; the pages' own libraries are the
    helper's), then Sphinx's. A build the check stops leaves off importing soon after the
    helper answers."""
    yield from ("sqlalchemy", "jupyter_cache.cache.db", "nbformat", "myst_nb.core.read")
    yield "jixiao.site.execute"
    from jixiao.site import sphinx_run

    yield from sphinx_run.IMPORTS


def check_while_importing() -> tuple[Verdict, Helper | None]:
    """:func:`check` in the build's helper, while this process imports :func:`later_modules`.

    Returns the verdict, and the helper when the check passed (warm for the execute stage;
    the caller closes it)."""
    from jixiao.report.years import published_years

    if not published_years():
        return check(), None  # nothing to publish: nothing to overlap
    helper = Helper(check)  # looked up now: the helper runs the check this module has
    try:
        for name in later_modules():
            if helper.verdict_ready() and (helper.verdict().problems or not helper.verdict().years):
                break  # the build stops here: importing more would only cost time
            importlib.import_module(name)
        verdict = helper.verdict()
    except BaseException:
        helper.close()
        raise
    if verdict.problems or not verdict.years:
        helper.close()
        return verdict, None
    return verdict, helper
