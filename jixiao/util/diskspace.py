"""Recognising a full disk, however the error reached us."""

from __future__ import annotations

import errno
import re
import shutil

FULL = (errno.ENOSPC, errno.EDQUOT)
_TEXT = re.compile(r"No space left on device|\[Errno (?:28|122)\]|Disk quota exceeded")


def disk_full(err: BaseException | None) -> bool:
    """Whether ``err`` or what caused it is a full disk or an exhausted quota (``shutil.copytree``
    gathers its failures into one ``shutil.Error`` without an errno, so its text is read too)."""
    while err is not None:
        if isinstance(err, OSError) and err.errno in FULL:
            return True
        if isinstance(err, shutil.Error) and _TEXT.search(str(err)):
            return True
        err = err.__cause__ or err.__context__
    return False


def mentions_full_disk(line: str) -> bool:
    """Whether a tool's output line reports a full disk."""
    return bool(_TEXT.search(line))
