"""Child processes that cannot outlive the build that started them."""

from __future__ import annotations

import ctypes
import signal


def die_with_parent() -> None:
    """In a child process: be killed when the build dies, however it dies (Linux ``PR_SET_PDEATHSIG``),
    so a killed build leaves no tool writing into ``_build``."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
