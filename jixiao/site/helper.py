"""The build's helper process: it checks the data while the build process imports
Sphinx, then forks the notebook workers from itself.

The build process needs Sphinx, myst-nb and jupyter-cache; the data check and the pages'
code need pandas, altair and vl-convert. Each set takes a second or more to import, and the
two are needed by different processes. So the build forks one helper at once:

1. the helper checks the data (:func:`jixiao.site.validation.check`) and sends the
   :class:`~jixiao.site.validation.Verdict`, while the build process imports Sphinx's
   libraries; a verdict with problems ends the helper;
2. after a clean check, and before it answers, it makes what the later stages read from
   files (the chart font's copy, the landing page's key figures); then it imports the pages'
   libraries and waits;
3. the build sends it the notebooks to run (as soon as it knows which, during the validate
   stage); once the check has passed it forks the warm workers (:mod:`jixiao.site.runner`)
   from itself and sends each result back as it comes, for the execute stage to store;
4. then, while Sphinx writes the pages, it parses the theme's style sheets for the assemble
   stage (:func:`jixiao.site.slim.preparse`).

The build process thus never imports pandas or altair, and nothing is imported twice. Only
plain data crosses the pipe. The helper and its workers die with the build, however it dies
(:func:`jixiao.util.processes.die_with_parent`); Ctrl-C is the build's (the helper ignores it and
is stopped by :meth:`Helper.close`). An error in the helper is raised again in the build
process, with the helper's traceback as its cause.
"""

from __future__ import annotations

import multiprocessing
import pickle
import signal
import traceback
from collections.abc import Callable, Iterator

from jixiao.util import heap, processes


class HelperError(Exception):
    """The helper's traceback, the cause of an exception raised again in the build process."""


class Helper:
    """The helper process. With ``check`` it first checks the data (see the module's text)."""

    def __init__(self, check: Callable | None = None):
        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        self._process = context.Process(target=_main, args=(child, check), name="jixiao-helper")
        with processes.signals_held(signal.SIGINT):  # a Ctrl-C during the fork is handled after it
            self._process.start()
        child.close()
        self._verdict = None

    # ------------------------------------------------------------ the build process's side
    def verdict_ready(self) -> bool:
        """Whether the check's answer (or its failure) has arrived."""
        return self._verdict is not None or self._conn.poll()

    def verdict(self):
        """The check's :class:`~jixiao.site.validation.Verdict` (waits for it)."""
        if self._verdict is None:
            (self._verdict,) = self._receive("verdict")
        return self._verdict

    def run(self, jobs: list[tuple[str, str]], **options) -> Iterator[tuple[int, str, str | None, float]]:
        """Send ``jobs`` (a notebook as JSON, its folder) now, to run in workers forked from the
        helper once its check has passed; the iterator returned yields (the job's index, the
        executed notebook as JSON, its error text or None, seconds) as each finishes.
        ``options`` are those of :func:`_run`."""
        try:
            self._conn.send(("run", jobs, options))
        except OSError:
            pass  # the helper has ended: _receive says how
        return (self._receive("done") for _ in jobs)

    def close(self) -> None:
        """Stop the helper (its workers die with it) and wait for it."""
        self._conn.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()

    def __enter__(self) -> Helper:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _receive(self, kind: str) -> tuple:
        # Woken every 0.2 s, so a Ctrl-C stops the build at once (see processes.completed).
        while not self._conn.poll(0.2):
            if not self._process.is_alive() and not self._conn.poll():
                raise RuntimeError(f"构建的辅助进程意外退出（退出码 {self._process.exitcode}）")
        try:
            message = self._conn.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(f"构建的辅助进程意外退出（退出码 {self._process.exitcode}）") from None
        if message[0] == "error":
            error, trace = message[1:]
            raise error from HelperError(trace)
        if message[0] != kind:
            raise RuntimeError(f"helper sent {message[0]!r}, expected {kind!r}")
        return message[1:]


# ---------------------------------------------------------------- the helper's side
def _main(conn, check: Callable | None) -> None:
    processes.die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build's: it stops the helper
    try:
        if check is not None:
            verdict = check()  # looked up by the caller: the helper runs the check its parent has
            clean = bool(verdict.years) and not verdict.problems
            if clean:  # before answering: once the check has passed, what later stages read is there
                _prepare(verdict.years)
            conn.send(("verdict", verdict))
            if not clean:
                return
        _warm()
        message = conn.recv()
        if message[0] == "run":
            _run(conn, message[1], **message[2])
    except (EOFError, BrokenPipeError):
        return  # the build went away, or no longer listens
    except BaseException as exc:  # every failure is the build's to report
        trace = traceback.format_exc()
        try:
            pickle.loads(pickle.dumps(exc))  # an exception whose arguments cannot rebuild it fails here
        except Exception:
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        try:
            conn.send(("error", exc, trace))
        except OSError:
            pass
    finally:
        conn.close()


def _prepare(years: list[int]) -> None:
    """After a clean check, while the build process still imports: the files later stages read
    (Sphinx's landing page reads the key figures without pandas only when they are there)."""
    from jixiao.book import chartfont, keyfigures

    chartfont.prepare()  # the copy of the chart font the workers measure labels in (once per build folder)
    keyfigures.prepare(years)  # the landing page's figures, so Sphinx needs no pandas


def _warm() -> None:
    from jixiao.site import runner

    runner.warm_up(None, [])


def _run(conn, jobs: list[tuple[str, str]], root: str, modules: list[str], workers: int, log_path: str | None, timeout, png: bool) -> None:
    from jixiao.site import runner

    runner.warm_up(root, modules)
    heap.settle()  # the workers inherit it
    with processes.forked_pool(workers, runner.start_worker, (root, log_path)) as pool:
        futures = {pool.submit(runner.run, nb_json, cwd, timeout, png): index for index, (nb_json, cwd) in enumerate(jobs)}
        for future in processes.completed(futures):
            conn.send(("done", futures[future], *future.result()))
    _spare_time()


def _spare_time() -> None:
    """After the notebooks, while Sphinx still writes the pages with a core to spare: parse the
    theme's style sheets for the assemble stage (:func:`jixiao.site.slim.preparse`; 0.6 s)."""
    from jixiao.site import slim
    from jixiao.util import paths

    slim.preparse(paths.BUILD / slim.CACHE)
