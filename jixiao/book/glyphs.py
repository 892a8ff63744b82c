"""Characters the report's fonts do not have.

The PDF is set in the Fandol fonts (GB2312's characters and more) and the Word document in
仿宋/黑体/楷体; an emoji or a pictograph typed into a name or a sentence shows on the web page
but is missing from the PDF (xelatex only logs "Missing character"). ``validate`` reminds
the office where each one is.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.util import paths


def _outside_fonts(ch: str) -> bool:
    code = ord(ch)
    return code > 0xFFFF or 0x2600 <= code <= 0x27BF or 0xFE00 <= code <= 0xFE0F or 0x2B00 <= code <= 0x2BFF


def _in_file(path: Path) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        found = "".join(dict.fromkeys(ch for ch in line if _outside_fonts(ch)))
        if found:
            out.append((number, found))
    return out


def warnings(year: int) -> list[str]:
    files = sorted(paths.data_dir(year).glob("*.csv")) + sorted((paths.CHAPTERS / str(year)).glob("*.md"))
    return [
        f"文件 {paths.rel(path)}，第 {line} 行：“{chars}”是表情或图形符号，PDF 和 Word 文档的字体中没有，PDF 中会缺字。请删去或改用文字。"
        for path in files
        for line, chars in _in_file(path)
    ]
