"""Child processes that cannot outlive the build that started them."""

from __future__ import annotations

import ctypes
import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager


def die_with_parent() -> None:
    """In a child process: be killed when the build dies, however it dies (Linux ``PR_SET_PDEATHSIG``),
    so a killed build leaves no tool writing into ``_build``."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class Interrupts:
    """Ctrl-C during a build, never lost. Python raises ``KeyboardInterrupt`` wherever the
    build happens to be; inside a fork handler or a finaliser it is printed as "Exception
    ignored" and the build went on to publish. The signal is also remembered, and
    :meth:`check` (called between stages) raises it again."""

    def __init__(self) -> None:
        self.pending = False

    def _handler(self, signum, frame):
        self.pending = True
        raise KeyboardInterrupt

    def check(self) -> None:
        if self.pending:
            raise KeyboardInterrupt

    def __enter__(self) -> Interrupts:
        self._previous = signal.signal(signal.SIGINT, self._handler)
        return self

    def __exit__(self, *exc) -> None:
        signal.signal(signal.SIGINT, self._previous)


@contextmanager
def signals_held(*signums: int):
    """Hold ``signums`` while this process forks workers; one that arrives meanwhile is
    handled as usual when the block ends.

    A Ctrl-C handled during ``fork`` is raised inside the interpreter's at-fork handlers,
    where Python swallows it after it has skipped their work: logging's handler then left
    its lock taken, and the build could hang on it. Meanwhile the signal is only recorded
    (Python runs signal handlers in the main thread, whichever thread the signal hit)."""
    arrived: list[int] = []
    previous = {signum: signal.signal(signum, lambda signum, frame: arrived.append(signum)) for signum in signums}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in arrived:
            handler = previous[signum]
            if callable(handler):
                handler(signum, None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(signum)


@contextmanager
def forked_pool(workers: int, initializer, initargs: tuple = ()):
    """A process pool whose workers are forked from this process, so they inherit its
    imported libraries. Submit the first job inside :func:`signals_held` (it forks).

    On any exception in the block (a failed job, Ctrl-C) nothing more runs: the
    workers are stopped and waited for, so nothing is left to the interpreter's exit."""
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("fork"), initializer=initializer, initargs=initargs
    )
    try:
        yield pool
    except BaseException:
        for process in list((pool._processes or {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()


def completed(futures: Iterable[Future]) -> Iterator[Future]:
    """``as_completed``, for the build's main thread: it wakes every 0.2 s, so a Ctrl-C stops it at
    once. The kernel may hand the signal to another thread of the process (a pool's helper);
    Python then runs its handler only when the main thread next runs, and a main thread blocked
    on a result without a timeout slept until the result came (tests/test_interrupts.py)."""
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        yield from done


def result(future: Future):
    """``future.result()``, woken as :func:`completed` is."""
    return next(completed([future])).result()
