"""Sphinx reads the pages while their notebooks still run (jixiao.site.execute.feeding):
pages whose results are in come first, a stale page waits for its own result, each result
is stored as it arrives, and a failed notebook stops the reading and the build."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from jixiao.site import execute


class _Cache:
    def __init__(self):
        self.stored: list[str] = []

    def cache_notebook_bundle(self, bundle, check_validity, overwrite):
        self.stored.append(Path(bundle.uri).stem)


def _started(monkeypatch, order: list[int], failing: int | None = None):
    """Three stale pages a, b, c (a2 has a's code) whose results arrive in ``order``."""
    cache = _Cache()
    monkeypatch.setattr(execute, "get_cache", lambda path: cache)
    nb = nbformat.v4.new_notebook()
    todo = [(doc, Path(f"{doc}.md"), nb) for doc in ("a", "b", "c")]
    pulled: list[int] = []

    def results():
        for index in order:
            pulled.append(index)
            yield index, json.dumps(nb), ("RuntimeError: boom" if index == failing else None), 0.1

    said: list[str] = []
    started = execute.Started(0, todo, results(), {"a": 0, "a2": 0, "b": 1, "c": 2})
    started.say = said.append
    return started, cache, pulled, said


def test_pages_with_results_are_read_first_and_a_stale_page_waits_for_its_own(monkeypatch):
    started, cache, pulled, said = _started(monkeypatch, [1, 0, 2])
    docs = ["c", "index", "a2", "b", "a", "glossary"]
    assert sorted(docs, key=started.read_order) == ["index", "glossary", "a2", "a", "b", "c"]

    started.wait_for("index")  # no notebook: nothing to wait for
    assert pulled == []
    started.wait_for("a2")  # b's result came first: stored on the way
    assert pulled == [1, 0] and cache.stored == ["b", "a"]
    assert said == ["  执行笔记本 1/3：b.md（0.1 秒）", "  执行笔记本 2/3：a.md（0.1 秒）"]
    assert sorted(["c", "b", "a"], key=started.read_order) == ["b", "a", "c"]  # stored: no waiting
    started.wait_for("a")
    started.wait_for("b")
    assert pulled == [1, 0]
    assert started.finish() == ["b.md", "a.md", "c.md"]
    assert cache.stored == ["b", "a", "c"]


def test_a_failed_notebook_stops_the_reading_and_the_build(monkeypatch):
    started, cache, pulled, _ = _started(monkeypatch, [0, 1, 2], failing=1)
    started.wait_for("a")
    with pytest.raises(execute.NotebookFailed) as raised:
        started.wait_for("c")
    assert raised.value.doc == "b.md" and "boom" in raised.value.error
    assert started.failure is raised.value
    with pytest.raises(execute.NotebookFailed):  # after Sphinx, the build sees the same failure
        started.finish()
    assert cache.stored == ["a"] and pulled == [0, 1]


def test_sphinx_waits_only_while_fed(monkeypatch):
    from jixiao.site import sphinx_ext

    started, _, pulled, _ = _started(monkeypatch, [0, 1, 2])
    docs = ["c", "b", "index"]
    sphinx_ext._results_first(None, None, docs)
    sphinx_ext._await_result(None, "c", [""])
    assert docs == ["c", "b", "index"] and pulled == []  # not feeding: Sphinx's own order, no waiting
    with execute.feeding(started):
        sphinx_ext._results_first(None, None, docs)
        assert docs == ["index", "b", "c"]
        sphinx_ext._await_result(None, "b", [""])
        assert pulled == [0, 1]
    assert execute.FEEDING is None


def test_a_helper_gone_away_is_reported_as_itself_not_as_a_sphinx_error(monkeypatch):
    """Raised inside Sphinx's reading, it reaches the build again through finish()
    (jixiao.site.build.Build.pages), as the helper's own Chinese message."""
    started, cache, _, _ = _started(monkeypatch, [0])

    def gone():
        yield 0, json.dumps(nbformat.v4.new_notebook()), None, 0.1
        raise RuntimeError("构建的辅助进程意外退出（退出码 -9）")

    started.results = gone()
    started.wait_for("a")
    with pytest.raises(RuntimeError, match="辅助进程意外退出") as raised:
        started.wait_for("b")
    assert started.failure is raised.value
    with pytest.raises(RuntimeError, match="辅助进程意外退出"):
        started.finish()
    assert cache.stored == ["a"]
