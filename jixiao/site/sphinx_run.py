"""Sphinx, run by the build process itself: what ``jupyter-book build`` does,
without starting another Python and importing Sphinx, myst-nb, pandas and
altair again for each builder.

The arguments are those of ``jupyter-book build ROOT --path-output STAGE
--builder B -W -n --keep-going [--all]``; Sphinx's output goes to the build log.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from jixiao.util import paths

OUTPUT = {"html": "html", "latex": "latex"}
#: What a Sphinx run imports, heaviest first: Jupyter Book's runner, the builders, and
#: the extensions and theme ``_config.yml`` names, then what they import only when Sphinx
#: starts or reads a page (imported ahead of time by :mod:`jixiao.site.validation`, while the
#: build's helper checks the data; a name missing here is only imported later).
IMPORTS = [
    "jupyter_book.sphinx",
    "sphinx.builders.html",
    "sphinx.builders.epub3",
    "myst_nb.sphinx_ext",
    "sphinx_book_theme",
    "pydata_sphinx_theme",
    "sphinx_design",
    "sphinx_external_toc",
    "sphinx_togglebutton",
    "sphinx_copybutton",
    "sphinx_comments",
    "sphinx_thebe",
    "sphinx_multitoc_numbering",
    "requests",
    "jixiao.site.sphinx_ext",
    # Loaded when Sphinx starts (sphinx.application.builtin_extensions, the extensions' setup)
    # or reads and writes a page; 0.2 s of the HTML stage, and soupsieve's patterns (the theme's
    # page contents) another 0.1 s.
    "sphinx.domains.c",
    "sphinx.domains.cpp",
    "sphinx.domains.python",
    "sphinx.domains.javascript",
    "sphinx.domains.rst",
    "sphinx.builders.latex",
    "sphinx.builders.linkcheck",
    "sphinx.builders.texinfo",
    "sphinx.builders.manpage",
    "sphinx.builders.singlehtml",
    "sphinx.builders.text",
    "sphinx.builders.xml",
    "sphinx.builders.gettext",
    "sphinx.builders.changes",
    "sphinx.directives.code",
    "sphinx.directives.other",
    "sphinx.directives.patches",
    "sphinx.transforms.post_transforms.images",
    "sphinx.environment.collectors.toctree",
    "sphinx.jinja2glue",
    "sphinx.search.zh",
    "sphinx.ext.mathjax",
    "alabaster",
    "sphinxcontrib.applehelp",
    "sphinxcontrib.devhelp",
    "sphinxcontrib.htmlhelp",
    "sphinxcontrib.qthelp",
    "sphinxcontrib.serializinghtml",
    "sphinx_design.extension",
    "sphinx_external_toc.events",
    "myst_parser.sphinx_ext.directives",
    "myst_parser.sphinx_ext.myst_refs",
    "myst_nb.ext.glue.domain",
    "myst_nb.ext.execution_tables",
    "docutils.parsers.rst.directives.tables",
    "docutils.parsers.rst.languages.zh_cn",
    "docutils.languages.zh_cn",
    "pygments.lexers.special",
    "soupsieve",
]


class _Tee:
    """Sphinx's status and warning stream: the build log, and the lines kept for an error message."""

    def __init__(self, log, tail: list[str]):
        self.log, self.tail = log, tail

    def write(self, text: str) -> int:
        self.log.write(text)
        self.tail.extend(text.splitlines())
        del self.tail[:-400]
        return len(text)

    def flush(self) -> None:
        self.log.flush()

    def isatty(self) -> bool:
        return False


def build(root: Path, stage_dir: Path, builder: str, log_path: Path, freshenv: bool, env: dict[str, str]) -> tuple[int, list[str]]:
    """Run one Sphinx builder on the book at ``root``; return its status and the last lines it wrote.

    ``env`` is set in the environment while Sphinx runs (as the tool subprocesses get it).
    A ``KeyboardInterrupt`` is raised again; any other exception is a failed build.
    """
    from jupyter_book.sphinx import build_sphinx

    if Path(root).resolve() != paths.ROOT:
        raise RuntimeError(f"the build runs jixiao from {paths.__file__}, not the book at {root}")
    tail: list[str] = []
    saved = {k: os.environ.get(k) for k in env}
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(
            f"\n$ (Sphinx in the build process) jupyter-book build {root} --builder {builder} -W -n --keep-going{' --all' if freshenv else ''}\n"
        )
        stream = _Tee(log, tail)
        os.environ.update(env)
        try:
            with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
                result = build_sphinx(
                    Path(root),
                    stage_dir / "_build" / OUTPUT[builder],
                    use_external_toc=True,
                    noconfig=True,
                    path_config=Path(root) / "_config.yml",
                    confoverrides={
                        "external_toc_path": (Path(root) / "_toc.yml").as_posix(),
                        "latex_individualpages": False,
                        "nitpicky": True,
                    },
                    builder=builder,
                    warningiserror=True,
                    keep_going=True,
                    freshenv=freshenv,
                )
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value
            sys.stdout.flush()
    if isinstance(result, KeyboardInterrupt):
        raise KeyboardInterrupt
    if isinstance(result, BaseException):
        tail.append(f"{type(result).__name__}: {result}")
        return 1, tail
    return int(result or 0), tail
