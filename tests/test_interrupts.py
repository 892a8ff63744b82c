"""Ctrl-C during a build is never lost (jixiao.util.processes.Interrupts).

Python raises KeyboardInterrupt wherever the main thread is; inside a fork handler
(logging's, when the worker pool forks) it is printed as "Exception ignored" and was
lost: the build went on and published (seen once in tests/test_publish.py's
interrupted build). The build checks between stages for a Ctrl-C that was swallowed.
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from jixiao.util.processes import Interrupts


def _swallowed_ctrl_c() -> None:
    """A Ctrl-C arriving where Python ignores exceptions (as in an at-fork handler)."""
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)  # the handler runs here
    except KeyboardInterrupt:
        pass
    else:
        raise AssertionError("no KeyboardInterrupt")


def test_a_swallowed_ctrl_c_still_stops_at_the_next_check():
    with Interrupts() as ctrl_c:
        ctrl_c.check()  # nothing pending
        _swallowed_ctrl_c()
        with pytest.raises(KeyboardInterrupt):
            ctrl_c.check()


def test_the_previous_handler_comes_back():
    before = signal.getsignal(signal.SIGINT)
    with Interrupts():
        assert signal.getsignal(signal.SIGINT) is not before
    assert signal.getsignal(signal.SIGINT) is before


def test_a_ctrl_c_while_forking_arrives_after_the_fork():
    from jixiao.util.processes import signals_held

    with Interrupts() as ctrl_c:
        with pytest.raises(KeyboardInterrupt):
            with signals_held(signal.SIGINT):
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(0.2)  # held: nothing raised here
                pid = os.fork()
                if pid == 0:
                    os._exit(0)
                os.waitpid(pid, 0)
                held_through = True
            time.sleep(1)
        assert held_through and ctrl_c.pending


def test_a_ctrl_c_another_thread_received_stops_the_wait_at_once():
    """The kernel may hand a Ctrl-C to any thread of the build; Python acts on it only when the
    main thread runs. A plain ``Future.result()`` slept on until the result came (here 30 s)."""
    import threading
    from concurrent.futures import Future

    from jixiao.util import processes

    def ctrl_c_received_by_this_thread():
        time.sleep(0.3)
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)

    future = Future()
    late = threading.Timer(30, future.set_result, ("done",))
    late.start()
    threading.Thread(target=ctrl_c_received_by_this_thread, daemon=True).start()
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt), Interrupts():  # as in the build (SIGINT may be inherited ignored)
            processes.result(future)
        assert time.monotonic() - started < 5
    finally:
        late.cancel()
