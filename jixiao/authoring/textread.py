"""A report as plain text: its paragraphs, and reading .txt and .md files.

A .docx is read by :mod:`jixiao.authoring.wordread`, which gives the same
:class:`Paragraph` objects. Word artefacts (``[bookmark: _GoBack]``) and invisible
characters are removed from every paragraph; markup stays literal text and
:func:`markup_in` finds it for the review.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.util.encoding import decode_chinese

MAX_PARAGRAPHS = 20000
MAX_TEXT = 2 * 1024 * 1024  # a whole report as text is ~20 KB
_ARTEFACTS = re.compile(r"\[bookmark:\s*[^\]]*\]|\[(?:image|chart|table of contents)[^\]]*\]", re.I)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_MARKUP = re.compile(
    r"<\s*/?\s*[A-Za-z][^<>]*>"  # HTML/XML tags
    r"|\{[A-Za-z][\w:.-]*\}`"  # MyST roles  {glue:text}`…`
    r"|^\s*(?:```|:::)"  # MyST/Markdown fences and directives
    r"|\$\$|\\\(|\\\[",  # maths
    re.M,
)


class ReadError(Exception):
    """The file cannot be read as a report; the message is Chinese and says what to do."""


@dataclass
class Paragraph:
    """One paragraph of body text, in document order."""

    text: str
    #: "p" for a paragraph, "table" for a table (its rows' cells in ``cells``), "image" for a picture alone
    kind: str = "p"
    cells: list[list[str]] = field(default_factory=list)
    #: The paragraph's Word style name, kept for information only (the parser never relies on it)
    style: str = ""


def read_text(path: Path, markdown: bool = False) -> list[Paragraph]:
    size = path.stat().st_size
    if size > MAX_TEXT:
        raise ReadError(
            f"文件 {path.name} 过大（{size / 1048576:.1f} MB，上限 {MAX_TEXT // 1048576} MB），不像是一份报告的文字。请检查是否选错了文件。"
        )
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        if b"\x00" in raw:
            raise ReadError(
                f"文件 {path.name} 含有二进制内容，不是纯文本。Word 文档请保存为 .docx 后导入；纯文本请在记事本中“另存为”UTF-8 编码。"
            )
        text, line = decode_chinese(raw)
        if text is None:
            raise ReadError(
                f"无法识别文件 {path.name} 的编码（已尝试 UTF-8 和 GBK；第 {line} 行起可能是从别处粘贴的不同编码的文字）。"
                "请在记事本或 WPS 中“另存为”UTF-8 编码的文本。"
            )
    return text_paragraphs(text, markdown=markdown)


_FENCE = re.compile(r"^\s*(```+|~~~+|:::+)")


def text_paragraphs(text: str, markdown: bool = False) -> list[Paragraph]:
    """One paragraph per non-empty line; for Markdown, heading marks go and code blocks are dropped."""
    out = []
    fence = None
    lines = text.splitlines()
    if markdown and lines and lines[0].strip() == "---":  # front matter
        end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
        if end is not None:
            lines = lines[end + 1 :]
    for line in lines:
        if markdown:
            match = _FENCE.match(line)
            if match:
                mark = match.group(1)[0] * 3
                if fence is None and mark != ":::":
                    fence = mark
                elif fence == mark:
                    fence = None
                continue
            if fence:
                continue
            line = re.sub(r"^\s{0,3}#{1,6}\s+", "", line)
            line = re.sub(r"^\s*\([\w-]+\)=\s*$", "", line)  # MyST targets
            line = re.sub(r"\{term\}`([^`<]*?)\s*(?:<[^>]*>)?`", r"\1", line)
            line = re.sub(r"\*\*(.+?)\*\*", r"\1", line)
        cleaned = clean(line)
        if cleaned:
            if len(out) >= MAX_PARAGRAPHS:
                raise ReadError(f"文字有超过 {MAX_PARAGRAPHS} 行，远多于一份报告，已拒绝读取。请检查是否选错了文件。")
            out.append(Paragraph(cleaned))
    return out


def clean(text: str) -> str:
    """Word artefacts and invisible characters removed; spaces trimmed (inner spaces kept)."""
    text = _ARTEFACTS.sub("", text).translate(_INVISIBLE)
    text = text.replace("\u00a0", " ").replace("\u3000", " ")
    text = unicodedata.normalize("NFC", text)
    return text.strip()


def markup_in(text: str) -> list[str]:
    """Fragments of markup (HTML tags, MyST roles, fences, maths) in a paragraph, for the review."""
    return [m.group(0).strip() for m in _MARKUP.finditer(text)]
