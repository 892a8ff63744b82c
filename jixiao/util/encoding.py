"""Text files the office saves: UTF-8 (with or without a BOM) or GB18030/GBK (WPS, and Excel or
Notepad on Chinese Windows), and never a mixture of the two read as one of them."""

from __future__ import annotations


def decode_chinese(raw: bytes) -> tuple[str | None, int]:
    """The text of ``raw`` and 0; or None and the line where it stops being UTF-8 when it is
    neither encoding, or both (a line pasted from a GBK file into a UTF-8 one)."""
    try:
        return raw.decode("utf-8-sig"), 0
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
    as_utf8 = raw.decode("utf-8", errors="replace")
    # GBK text read as UTF-8 is mostly errors, with a few characters by chance; UTF-8 text with
    # a pasted GBK line mostly reads. GB18030 would read the UTF-8 part as other characters.
    if sum(ord(c) > 127 and c != "\ufffd" for c in as_utf8) < as_utf8.count("\ufffd"):
        try:
            return raw.decode("gb18030"), 0
        except UnicodeDecodeError:
            pass
    return None, line
