"""Shared fixtures: the built site, a local web server and headless Chromium."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import forkserver
import pytest

from jixiao.dev.browser import CHROMIUM, CHROMIUM_ARGS, Server

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_156dfef6f41ac509.txt"
#: The year whose data and chapters are the seed report. Tests that need a fixed
#: state work on a copy of the book holding only this year (:func:`copy_book`), so
#: the years the office adds to data/ never change what they see.
SEED_YEAR = 2024


def run_build(root: Path, *args: str, env: dict | None = None, new_interpreter: bool = False) -> subprocess.CompletedProcess:
    """Run ``python -m jixiao build`` for the book at ``root`` (see :mod:`forkserver`)."""
    full_env = dict(os.environ, JIXIAO_ROOT=str(root), **(env or {}))
    return forkserver.run(["build", *args], cwd=root, env=full_env, timeout=1800, new_interpreter=new_interpreter)


def start_build(root: Path, *args: str) -> subprocess.Popen:
    """Start ``python -m jixiao build`` for the book at ``root`` in the background, in its own
    process group (so a test can interrupt the build as Ctrl-C would)."""
    return subprocess.Popen(
        [sys.executable, "-m", "jixiao", "build", *args],
        cwd=root,
        env=dict(os.environ, JIXIAO_ROOT=str(root)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def run_python(root: Path, code: str) -> None:
    """Run ``code`` with the package and data of the book at ``root``."""
    result = forkserver.run([], cwd=root, env=dict(os.environ, JIXIAO_ROOT=str(root)), code=code)
    assert result.returncode == 0, f"{code}\n{result.stdout}\n{result.stderr}"


def run_jixiao(*args: str, root: Path | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m jixiao ARGS`` (for the book at ``root`` when given)."""
    env = dict(os.environ, **({"JIXIAO_ROOT": str(root)} if root else {}))
    return forkserver.run(list(args), cwd=root, env=env)


def pytest_configure(config):
    """With pytest-xdist running the whole suite (``make test``), the session's real build
    starts at once in the background, while the workers run first the test files that do
    not need it (:func:`pytest_collection_modifyitems`). The first test that needs it
    waits for it on the build lock and finds the site up to date: no core idles while
    one worker builds the site and the other waits for it."""
    whole_suite = config.args_source == pytest.Config.ArgsSource.TESTPATHS
    if hasattr(config, "workerinput") or not getattr(config.option, "numprocesses", None) or not whole_suite:
        return
    config.stash[_BACKGROUND] = subprocess.Popen(
        [sys.executable, "-m", "jixiao", "build"],
        cwd=ROOT,
        env=dict(os.environ, JIXIAO_ROOT=str(ROOT)),
        stdout=subprocess.DEVNULL,  # the build's own log is in _build/logs; the fixture shows any failure
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def pytest_unconfigure(config):
    build = config.stash.get(_BACKGROUND, None)
    if build is not None and build.poll() is None:
        os.killpg(build.pid, signal.SIGINT)  # as Ctrl-C: the build stops cleanly
    if build is not None:
        build.communicate(timeout=300)


def pytest_collection_modifyitems(session, config, items):
    """The files that need the real site run after those that do not, and within each group the
    longest files first (their ``cost`` mark), so that neither worker is left with a long file
    while the other has finished; the order within a file is kept. ``make test`` keeps this order
    (``--no-loadscope-reorder``: pytest-xdist would otherwise hand out the files with most tests first)."""
    needs_site = {item.path for item in items if "site" in getattr(item, "fixturenames", ())}

    def cost(item) -> float:
        mark = item.get_closest_marker("cost")
        return mark.args[0] if mark else 0

    items.sort(key=lambda item: (item.path in needs_site, -cost(item)))


_BACKGROUND = pytest.StashKey[subprocess.Popen]()


@pytest.fixture(scope="session")
def site() -> Path:
    """The real site, built once per test session by the same command as `make site`."""
    result = run_build(ROOT, new_interpreter=True)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    html = ROOT / "_build" / "html"
    assert (html / "index.html").is_file()
    return html


def copy_book(dest: Path, years: tuple[int, ...] | None = (SEED_YEAR,)) -> Path:
    """A copy of the book sources (no build output) in ``dest``, for tests that change data.

    By default the copy holds only :data:`SEED_YEAR` (other years' data and chapters are
    left out and the table of contents regenerated); ``years=None`` copies every year."""
    # The package's bytecode cache comes along (its files name the source's time and size, which
    # the copy keeps): each copy's first command would otherwise compile the package again.
    skip = shutil.ignore_patterns("_build", ".venv", ".git", "*.egg-info", ".pytest_cache", ".hypothesis", ".ruff_cache")

    def ignore(folder: str, names: list[str]) -> set[str]:
        return skip(folder, names) | ({"__pycache__"} if Path(folder).name == "tests" else set())  # pytest's, 2 MB

    shutil.copytree(ROOT, dest, ignore=ignore)
    if years is not None:
        removed = False
        for folder in (dest / "data", dest / "chapters"):
            for year_dir in folder.iterdir():
                if year_dir.is_dir() and year_dir.name.isdigit() and int(year_dir.name) not in years:
                    shutil.rmtree(year_dir)
                    removed = True
        if removed:
            run_jixiao("toc", root=dest).check_returncode()
    return dest


def link_or_copy(src, dst) -> None:
    """A hard link where the file system allows one (a copy elsewhere): for files a test never writes."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def seeded_copy(dest: Path, years: tuple[int, ...] | None = (SEED_YEAR,)) -> Path:
    """A copy of the book with the real build's chart images, pruned style sheets, Word
    documents, compiled templates and LaTeX folder, but no notebook results: its pages execute,
    without rendering again a chart whose spec the real build rendered (:mod:`jixiao.book.rendercache`),
    parsing again the theme's style sheets (:mod:`jixiao.site.slim`), compiling again the theme's
    templates (:mod:`jixiao.site.sphinx_ext`) or exporting again a year whose sources are unchanged
    (:mod:`jixiao.site.word`), and latexmk reuses the PDF of such a year (it compares checksums). Tests using it depend on
    the ``site`` fixture, so the real build has finished writing them."""
    copy_book(dest, years)
    (dest / "_build").mkdir(exist_ok=True)
    charts = ROOT / "_build" / ".chart-cache"
    if charts.is_dir():
        shutil.copytree(charts, dest / "_build" / ".chart-cache")
    font = ROOT / "_build" / ".chart-font"  # the copy of the chart font (never written to: linked)
    if font.is_dir():
        shutil.copytree(font, dest / "_build" / ".chart-font", copy_function=link_or_copy)
    # Pruned style sheets, Word documents, the theme's compiled templates (each file replaced, never written to: linked)
    for cache in ("slim-cache", "word-cache", ".template-cache"):
        if (ROOT / "_build" / cache).is_dir():
            shutil.copytree(ROOT / "_build" / cache, dest / "_build" / cache, copy_function=link_or_copy)
    latex = ROOT / "_build" / "stage" / "_build" / "latex"
    if latex.is_dir():
        shutil.copytree(latex, dest / "_build" / "stage" / "_build" / "latex", symlinks=True)
    return dest


def cached_copy(dest: Path, years: tuple[int, ...] | None = (SEED_YEAR,)) -> Path:
    """A :func:`seeded_copy` that also has the real build's notebook cache (same inputs, no re-execution)."""
    seeded_copy(dest, years)
    shutil.copytree(ROOT / "_build" / ".jupyter_cache", dest / "_build" / ".jupyter_cache")
    return dest


def tree_digest(folder: Path) -> str:
    """One hash of every file's path and bytes under ``folder`` (Python's bytecode cache aside:
    any command may write it, as ``make test`` lets Python do)."""
    h = hashlib.sha256()
    for f in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(str(f.relative_to(folder)).encode() + f.read_bytes())
    return h.hexdigest()


def executed(stdout: str) -> list[str]:
    """The notebooks a build reported executing."""
    return re.findall(r"执行笔记本[^：]*：(\S+\.md)", stdout)


@pytest.fixture(scope="session")
def server(site):
    srv = Server(site)
    yield srv
    srv.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def html_pages(site: Path) -> list[Path]:
    """Every page of the site that a reader can reach."""
    skip = {"genindex.html", "search.html"}
    return sorted(p for p in site.rglob("*.html") if p.name not in skip and "_static" not in p.parts and "pagefind" not in p.parts)


def page_text(path: Path) -> str:
    """The visible text of a built page's article."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style"):
                self.skip += 1

        def handle_endtag(self, tag):
            if tag in ("script", "style") and self.skip:
                self.skip -= 1

        def handle_data(self, data):
            if not self.skip:
                self.parts.append(data)

    parser = Text()
    text = path.read_text(encoding="utf-8")
    start = text.find('<article class="bd-article"')
    end = text.find("</article>", start)
    parser.feed(text[start:end] if start >= 0 else text)
    return "".join(parser.parts)


def pdf_text(path: Path) -> str:
    """A PDF's text without page footers (— 5 —) and whitespace, so phrases split across lines or pages are whole."""
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    return re.sub(r"\s+", "", re.sub(r"—\s*\d+\s*—", "", text))


# Fixtures shared from helper modules (importing them here makes them visible to every test).
from word_helpers import exported_2024  # noqa: E402, F401
