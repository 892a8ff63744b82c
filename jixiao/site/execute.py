"""The execute stage: run the notebooks whose inputs changed into the
jupyter-cache that myst-nb reads when Sphinx builds the pages.

The notebooks run in warm worker processes (:mod:`jixiao.site.runner`), one per CPU
core (at most two), forked from the build's helper process (:mod:`jixiao.site.helper`):
the libraries are imported once, before the workers are forked, and each notebook
gets a fresh namespace, with no kernel per page. This process never imports them.

Each page is prepared exactly as Sphinx will read it (with the hidden cell that
holds the hash of its inputs, see :mod:`jixiao.site.inputs`), so myst-nb finds every
result in the cache and Sphinx itself executes nothing. Sphinx need not wait for them
all: while they run, it reads the pages whose results are in, and waits at each other
page for that page's result (:func:`feeding`).
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import nbformat
from jupyter_cache import get_cache
from jupyter_cache.base import CacheBundleIn
from myst_nb.core.read import read_myst_markdown_notebook
from myst_parser.config.main import MdParserConfig

from jixiao.book.toc import build_toc
from jixiao.site import inputs
from jixiao.site.helper import Helper
from jixiao.util import paths, yamlfile

_NOTEBOOK = re.compile(r"\A---\n.*?^kernelspec:", re.S | re.M)


def config() -> dict:
    return yamlfile.load(paths.ROOT / "_config.yml", {})


def cache_path() -> Path:
    return paths.ROOT / config()["execute"]["cache"]


def repair_cache() -> int:
    """Mend what a build killed while writing into the cache left; return how many entries.

    jupyter-cache adds a record, makes the entry's folder, then writes the notebook into
    it. A record without its notebook is dropped (Sphinx would fail on it), and so is a
    folder without its notebook (jupyter-cache would fail making it again)."""
    from jupyter_cache.cache.db import NbCacheRecord

    if not cache_path().is_dir():
        return 0
    cache = get_cache(str(cache_path()))
    broken = [r.pk for r in cache.list_cache_records() if not cache._get_notebook_path_cache(r.hashkey).exists()]
    if broken:
        NbCacheRecord.remove_records(broken, cache.db)
    executed = cache_path() / "executed"
    orphans = [d for d in executed.iterdir() if d.is_dir() and not (d / "base.ipynb").exists()] if executed.is_dir() else []
    for folder in orphans:
        shutil.rmtree(folder, ignore_errors=True)
    return len(broken) + len(orphans)


def toc_docs() -> list[str]:
    """Every document of the book, in table-of-contents order (as the toc stage writes
    ``_toc.yml``: the notebooks can be started before that stage)."""
    toc = build_toc()
    docs = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                docs.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return docs


def notebook_docs() -> list[tuple[str, Path]]:
    out = []
    for doc in toc_docs():
        path = paths.ROOT / f"{doc}.md"
        if path.is_file() and _NOTEBOOK.match(path.read_text(encoding="utf-8")):
            out.append((doc, path))
    return out


def md_config() -> MdParserConfig:
    return MdParserConfig(enable_extensions=set(config().get("parse", {}).get("myst_enable_extensions", [])))


def prepared(doc: str, path: Path, md_config: MdParserConfig, web: bool = False) -> nbformat.NotebookNode:
    """The notebook as myst-nb will build it from the source Sphinx reads."""
    return _variants(doc, path, md_config, (web,))[0]


def _variants(doc: str, path: Path, md_config: MdParserConfig, webs: tuple[bool, ...]) -> list[nbformat.NotebookNode]:
    """:func:`prepared` for each of ``webs``, the page read once: the two variants differ only
    in the hidden cell's last line (see :func:`jixiao.site.inputs.stamp_source`)."""
    text = path.read_text(encoding="utf-8")
    if "{code-cell}" not in text or "jixiao" not in text:
        nb = read_myst_markdown_notebook(text, config=md_config, add_source_map=True, path=path)
        return [nb] + [copy.deepcopy(nb) for _ in webs[1:]]
    key = inputs.digest(inputs.doc_inputs(doc, text))
    first = read_myst_markdown_notebook(inputs.stamp_source(text, key, web=webs[0]), config=md_config, add_source_map=True, path=path)
    out = [first]
    for web in webs[1:]:
        nb = copy.deepcopy(first)
        stamp = nb.cells[-1]
        stamp.source = inputs.restamp(stamp.source, web)
        out.append(nb)
    return out


def cached(path: str | Path, text: str) -> bool:
    """Whether the cache holds the outputs of the page ``text`` (as stamped) at ``path``."""
    nb = read_myst_markdown_notebook(text, config=md_config(), add_source_map=True, path=Path(path))
    return _in_cache(get_cache(str(cache_path())), nb)


class NotebookFailed(Exception):
    def __init__(self, doc: str, error: str):
        self.doc, self.error = doc, error
        super().__init__(doc)


def code_key(nb: nbformat.NotebookNode) -> str:
    """What jupyter-cache keys a notebook on: its code cells and kernel."""
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    return repr((code, nb.metadata.get("kernelspec")))


def stale_notebooks(png: bool = True) -> list[tuple[str, Path, nbformat.NotebookNode]]:
    """Notebooks with no cached result, one per distinct code (identical pages share a result).

    Without ``png`` (a build without PDF) a page's full result is used when
    cached, else its web result (charts without PNG images) is made.
    """
    return _stale(png)[0]


def _stale(png: bool) -> tuple[list[tuple[str, Path, nbformat.NotebookNode]], dict[str, int]]:
    """:func:`stale_notebooks`, and for each stale page the index of the one whose result it uses."""
    cache = get_cache(str(cache_path()))
    config_ = md_config()
    todo, seen, waiting = [], {}, {}
    for doc, path in notebook_docs():
        candidates = _variants(doc, path, config_, (False,) if png else (False, True))
        if any(_in_cache(cache, nb) for nb in candidates):
            continue
        nb = candidates[-1]
        key = code_key(nb)
        if key not in seen:
            seen[key] = len(todo)
            todo.append((doc, path, nb))
        waiting[doc] = seen[key]
    return todo, waiting


def _in_cache(cache, nb: nbformat.NotebookNode) -> bool:
    try:
        cache.match_cache_notebook(nb)
    except KeyError:
        return False
    return True


class Started:
    """Notebooks sent to the helper (:func:`start`), whose results are stored into the cache
    as they come: all of them (:meth:`finish`), or until a page's own (:meth:`wait_for`, which
    Sphinx calls before it reads a page, see :func:`feeding`)."""

    def __init__(
        self, repaired: int, todo: list[tuple[str, Path, nbformat.NotebookNode]], results: Iterator, waiting: dict[str, int] | None = None
    ):
        self.repaired, self.todo, self.results = repaired, todo, results
        self.waiting = waiting or {}  # each stale page: the index in todo of the notebook that gives its result
        self.stored: set[int] = set()
        self.done: list[str] = []
        self.failure: Exception | None = None  # a failed notebook, or the helper's own failure
        self.say: Callable[[str], None] = print
        self._cache = None

    def read_order(self, doc: str) -> int:
        """Pages with their results first (-1), then the stale ones in the order they were sent."""
        index = self.waiting.get(doc, -1)
        return -1 if index in self.stored else index

    def wait_for(self, doc: str) -> None:
        """Store results as they come until ``doc``'s is stored (nothing to wait for when it is
        not stale); a failed notebook raises :class:`NotebookFailed`, a failed helper its own error."""
        index = self.waiting.get(doc)
        while index is not None and index not in self.stored:
            self._store_next()

    def finish(self) -> list[str]:
        """Store every result; return the documents executed."""
        while len(self.stored) < len(self.todo):
            self._store_next()
        return self.done

    def _store_next(self) -> None:
        if self.failure is not None:
            raise self.failure
        try:
            index, nb_json, error, seconds = next(self.results)
        except Exception as exc:  # the helper failed or went away: raised again after Sphinx stops
            self.failure = exc
            raise
        doc, path, _ = self.todo[index]
        if error:
            self.failure = NotebookFailed(f"{doc}.md", error)
            raise self.failure
        if self._cache is None:
            self._cache = get_cache(str(cache_path()))
        self._cache.cache_notebook_bundle(
            CacheBundleIn(nbformat.from_dict(json.loads(nb_json)), str(path), data={"execution_seconds": seconds}),
            check_validity=False,
            overwrite=True,
        )
        self.stored.add(index)
        self.done.append(f"{doc}.md")
        self.say(f"  执行笔记本 {len(self.done)}/{len(self.todo)}：{doc}.md（{seconds:.1f} 秒）")


#: The notebooks whose results Sphinx is to wait for while it reads (:func:`feeding`).
FEEDING: Started | None = None


@contextlib.contextmanager
def feeding(started: Started) -> Iterator[None]:
    """While Sphinx runs in this process: it reads first the pages whose results are stored, and
    before reading a stale page waits for its result (``jixiao.site.sphinx_ext``)."""
    global FEEDING
    FEEDING = started
    try:
        yield
    finally:
        FEEDING = None


def start(helper: Helper, png: bool = True, log_path: Path | None = None, workers: int | None = None) -> Started:
    """Mend the cache (:func:`repair_cache`), then send the stale notebooks to ``helper``, which
    runs them once its data check has passed."""
    repaired = repair_cache()
    todo, waiting = _stale(png)
    if not todo:
        return Started(repaired, [], iter(()))
    options = {
        "root": str(paths.ROOT),
        "modules": sorted({m for _, _, nb in todo for c in nb.cells for m in inputs.imported_modules(c.source)}),
        "workers": workers or min(2, os.cpu_count() or 1, len(todo)),
        "log_path": str(log_path) if log_path else None,
        "timeout": int(config()["execute"].get("timeout", 300)),
        "png": png,
    }
    results = helper.run([(json.dumps(nb), str(path.parent)) for _, path, nb in todo], **options)
    return Started(repaired, todo, results, waiting)


def execute(
    say,
    workers: int | None = None,
    log_path: Path | None = None,
    png: bool = True,
    helper: Helper | None = None,
    started: Started | None = None,
) -> list[str]:
    """Execute the stale notebooks in parallel into the cache; return their documents.

    The notebooks were ``started`` already, or are sent now to ``helper`` or to a helper
    started here. Without ``png`` (a build without PDF) charts are made without their PNG
    image, which only LaTeX uses and which costs more than the rest of a page. (The build
    itself lets Sphinx read the pages while they run: :func:`feeding`.)
    """
    with contextlib.ExitStack() as stack:
        if started is None:
            helper = helper or stack.enter_context(Helper())
            started = start(helper, png, log_path, workers)
        if started.repaired:
            say("  上次构建被中断，已清理未写完的笔记本缓存")
        started.say = say
        return started.finish()
