"""Child processes that cannot outlive the build that started them."""

from __future__ import annotations

import ctypes
import signal
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
    """Hold ``signums`` (delivered when the block ends) while this process forks workers.

    A Ctrl-C that arrives during ``fork`` is raised inside the interpreter's at-fork
    handlers, where Python swallows it after it has skipped their work: logging's
    handler then leaves its lock taken, and the build could hang on it."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signums)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
