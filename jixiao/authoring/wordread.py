"""Read a report the office wrote: .docx (Word/WPS), .txt or .md, as plain paragraphs.

Nothing here writes a file. Every problem is a :class:`ReadError` with a Chinese
message that says what to do; a hostile or broken file never gets further than
these checks:

- a legacy ``.doc`` (or a .doc renamed .docx) is converted with LibreOffice when
  ``soffice`` is installed, otherwise the message says how to save it as .docx;
- a .docx is a zip: it must hold ``word/document.xml``, have few entries, and
  its parts must not expand beyond :data:`MAX_UNPACKED` (a zip bomb) or by more
  than :data:`MAX_RATIO` each (Python's zipfile never reads past a member's
  declared size, so the declared sizes bound what is read);
- files larger than :data:`MAX_DOCX` / :data:`~jixiao.authoring.textread.MAX_TEXT` are refused;
- XML entities are never expanded (python-docx's parser has ``resolve_entities=False``);
- markup in the text (HTML tags, MyST roles and directives) stays literal text;
  :func:`markup_in` finds it so the review can list it.

Paragraphs come in body order from the document XML, not from heading styles:
text of runs, hyperlinks, fields' results, tracked insertions and content
controls is kept; deleted text and field codes are not. Word artefacts such as
``[bookmark: _GoBack]`` (left in text copied out of Word) are removed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from jixiao.authoring.textread import MAX_PARAGRAPHS, Paragraph, ReadError, clean, read_text

MAX_DOCX = 50 * 1024 * 1024  # a report with photos is a few MB
MAX_UNPACKED = 200 * 1024 * 1024
MAX_XML = 20 * 1024 * 1024  # the main text part, unpacked
MAX_RATIO = 200  # XML compresses ~10×; 1000× is a bomb
MAX_ENTRIES = 2000
SUFFIXES = (".docx", ".txt", ".md", ".doc")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc (and .xls) files


def read_paragraphs(path: Path | str) -> list[Paragraph]:
    """The paragraphs of a .docx, .txt or .md report (or a .doc when LibreOffice is installed)."""
    path = Path(path)
    if not path.is_file():
        raise ReadError(f"找不到文件 {path}。请检查文件名和所在文件夹。")
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ReadError(
            f"无法读取 {path.name}：只支持 Word 文档（.docx）、纯文本（.txt）和 Markdown（.md）。"
            "请在 Word 或 WPS 中“另存为”Word 文档（*.docx）。"
        )
    head = path.open("rb").read(8)
    if suffix == ".doc" or head == _OLE_MAGIC:
        return _read_doc(path)
    if suffix == ".docx":
        return read_docx(path)
    return read_text(path, markdown=suffix == ".md")


# ---------------------------------------------------------------- .doc
def _read_doc(path: Path) -> list[Paragraph]:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    how = (
        f"{path.name} 是旧版 Word 文档（.doc），不能直接读取。请用 Word 或 WPS 打开它，"
        "选择“文件 → 另存为”，保存类型选“Word 文档（*.docx）”，再导入新保存的 .docx 文件。"
    )
    if not soffice:
        raise ReadError(how)
    if path.stat().st_size > MAX_DOCX:
        raise ReadError(f"文件 {path.name} 过大（{path.stat().st_size / 1048576:.1f} MB），不像是一份报告。请检查是否选错了文件。")
    with tempfile.TemporaryDirectory(prefix="jixiao-doc-") as tmp:
        src = Path(tmp) / "report.doc"
        shutil.copyfile(path, src)
        try:
            subprocess.run(
                [soffice, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "docx", "--outdir", tmp, str(src)],
                capture_output=True,
                timeout=180,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired):
            raise ReadError(how) from None
        converted = Path(tmp) / "report.docx"
        if not converted.is_file():
            raise ReadError(how)
        return read_docx(converted, shown_name=path.name)


# ---------------------------------------------------------------- .docx
def check_package(path: Path, shown_name: str | None = None) -> None:
    """Refuse a .docx that is not a zip, lacks its text part, or would unpack into too much."""
    name = shown_name or path.name
    damaged = f"文件 {name} 不是有效的 Word 文档（.docx），可能已损坏或只是改了扩展名。请在 Word 或 WPS 中打开它，另存为 Word 文档（*.docx）后再导入。"
    size = path.stat().st_size
    if size > MAX_DOCX:
        raise ReadError(
            f"文件 {name} 过大（{size / 1048576:.1f} MB，上限 {MAX_DOCX // 1048576} MB），不像是一份报告。请检查是否选错了文件，或删去文档中的大图片后再导入。"
        )
    try:
        with zipfile.ZipFile(path) as package:
            infos = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise ReadError(damaged) from None
    if len(infos) > MAX_ENTRIES:
        raise ReadError(f"文件 {name} 内部含有 {len(infos)} 个部件，远多于一份 Word 文档，已拒绝读取（可能是恶意文件）。")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise ReadError(
            f"文件 {name} 缺少 Word 文档的正文部分（word/document.xml），可能已损坏。请在 Word 或 WPS 中打开它，另存为 Word 文档（*.docx）后再导入。"
        )
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        limit = MAX_XML if info.filename == "word/document.xml" else MAX_UNPACKED
        if info.file_size > limit or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise ReadError(
                f"文件 {name} 的部件 {info.filename} 解压后异常巨大（{info.file_size / 1048576:.0f} MB，压缩比 {ratio:.0f}），"
                "可能是恶意的“压缩炸弹”，已拒绝读取。请使用 Word 或 WPS 正常保存的文档。"
            )
    if total > MAX_UNPACKED:
        raise ReadError(
            f"文件 {name} 解压后共 {total / 1048576:.0f} MB，超过上限 {MAX_UNPACKED // 1048576} MB，已拒绝读取。请删去文档中的大图片后再导入。"
        )


def read_docx(path: Path, shown_name: str | None = None) -> list[Paragraph]:
    """Paragraphs and tables of a .docx in body order (no reliance on heading styles)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_package(path, shown_name)
    name = shown_name or path.name
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as err:
        raise ReadError(
            f"无法打开 Word 文档 {name}（{type(err).__name__}），可能已损坏。请在 Word 或 WPS 中打开它，另存为 Word 文档（*.docx）后再导入。"
        ) from None
    except Exception as err:  # lxml.etree.XMLSyntaxError and other parser errors
        raise ReadError(
            f"Word 文档 {name} 的内容无法解析（{type(err).__name__}），可能已损坏。请在 Word 或 WPS 中打开它，另存为 Word 文档（*.docx）后再导入。"
        ) from None
    styles = {s.style_id: s.name for s in document.styles if s.style_id}
    out: list[Paragraph] = []
    from jixiao.authoring.wordnumbering import AutoNumbers

    _walk(document.element.body, out, styles, AutoNumbers(document))
    if len(out) > MAX_PARAGRAPHS:
        raise ReadError(f"Word 文档 {name} 有 {len(out)} 个段落，远多于一份报告，已拒绝读取。请检查是否选错了文件。")
    return [p for p in out if p.kind != "p" or p.text]


def footnotes(path: Path | str) -> list[str]:
    """The text of each footnote and endnote of a .docx (not imported: the review names them)."""
    from lxml import etree

    out = []
    try:
        with zipfile.ZipFile(path) as package:
            for part in ("word/footnotes.xml", "word/endnotes.xml"):
                if part in package.namelist():
                    root = etree.fromstring(package.read(part))
                    for note in root:
                        if note.get(W + "type") in (None, "normal"):
                            out.append(clean("".join(paragraph_text(p) for p in note.iter(W + "p"))))
    except (zipfile.BadZipFile, OSError, etree.XMLSyntaxError):
        return []
    return [text for text in out if text]


def _walk(element, out: list[Paragraph], styles: dict, numbers) -> None:
    for child in element.iterchildren():
        tag = child.tag
        if tag == W + "p":
            text = clean(paragraph_text(child))
            style_el = child.find(f"{W}pPr/{W}pStyle")
            style_id = style_el.get(W + "val") if style_el is not None else ""
            style = styles.get(style_id, "")
            label = numbers.label(child, style_id)
            if text and label:
                text = label + text
            if text:
                out.append(Paragraph(text, style=style))
            elif child.findall(f".//{W}drawing") or child.findall(".//{urn:schemas-microsoft-com:vml}imagedata"):
                out.append(Paragraph("", kind="image"))
        elif tag == W + "tbl":
            rows = []
            for tr in child.iterchildren(W + "tr"):
                rows.append([clean("".join(paragraph_text(p) for p in tc.iter(W + "p"))) for tc in tr.iterchildren(W + "tc")])
            out.append(Paragraph("", kind="table", cells=rows))
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "smartTag"):
            _walk(child, out, styles, numbers)


def paragraph_text(p) -> str:
    """The visible text of a ``w:p``: deleted and moved-away text (tracked changes), field codes,
    and the fallback copy Word saves of a text box (``mc:Fallback``) are skipped."""
    parts = []
    for el in p.iter():
        tag = el.tag
        if tag in (W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen") and _inside(el, p, _HIDDEN):
            continue
        if tag == W + "t":
            parts.append(el.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag == W + "sym":
            parts.append("")
    return "".join(parts)


_HIDDEN = (W + "del", W + "moveFrom", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")


def _inside(el, stop, tags) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False
