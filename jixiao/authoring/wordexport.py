"""``python -m jixiao export --year 2024 报告.docx``: a year's report as a Word document.

The layout is the PDF's (GB/T 9704, see :mod:`jixiao.book.latex`): A4, margins
37/35/28/26 mm, 仿宋 三号 body at 28.95 pt line spacing with a two-character
indent, 黑体 一、 headings, 楷体 （一） headings, a title page (附件, title,
year, unit), and page numbers "— 1 —" from a PAGE field, counted from the first
page of the text. Figures are the charts as PNG (vl-convert, as in the PDF) with
their captions 图1 …, and comparison tables are Word tables.

python-docx writes the document; the styles and page set-up, with the East Asian
fonts python-docx does not set by itself, are in :mod:`jixiao.authoring.wordstyles`.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from jixiao.authoring.chaptersource import ExportError, SourceBlock, source_report
from jixiao.authoring.wordparse import Report
from jixiao.authoring.wordstyles import CAPTION_STYLE, TABLE_STYLE, page, page_numbers, setup_styles
from jixiao.book import style
from jixiao.book.style import chinese_numeral

TEXT_WIDTH_MM = 210 - style.WORD_MARGINS_MM["left"] - style.WORD_MARGINS_MM["right"]
FIGURE_MAX_MM = TEXT_WIDTH_MM - 6

__all__ = ["ExportError", "build_document", "export_docx", "export_report"]


def export_report(year: int, target: Path) -> int:
    """The CLI's ``export --year Y file.docx``: Chinese messages, exit status."""
    import sys

    from jixiao.report.csvread import DataError
    from jixiao.report.years import chapter_years

    if year not in chapter_years():
        print(
            f"没有 {year} 年度的报告（chapters/{year}/）。可导出的年度：" + "、".join(str(y) for y in chapter_years()) + "。",
            file=sys.stderr,
        )
        return 1
    if not Path(target).parent.is_dir():
        print(f"文件夹 {Path(target).parent} 不存在，请先建立它或换一个保存位置。", file=sys.stderr)
        return 1
    try:
        export_docx(year, target)
    except DataError as err:
        print(err.report(), file=sys.stderr)
        print("没有写入 Word 文档。请先改正数据（make validate）。", file=sys.stderr)
        return 1
    except ExportError as err:
        print(f"{err}\n没有写入 Word 文档。", file=sys.stderr)
        return 1
    except PermissionError:
        print(f"无法写入 {target}：文件可能正在 Word 或 WPS 中打开，请关闭后重试。", file=sys.stderr)
        return 1
    print(f"已导出 {year} 年度报告到 {target}（Word 文档，版式同 PDF）。")
    return 0


def export_docx(year: int, target: Path | str) -> Path:
    """Write ``year``'s report to ``target`` (.docx); the file appears only when complete."""
    target = Path(target)
    document = build_document(source_report(year))
    fd, tmp = tempfile.mkstemp(prefix=".jixiao-", suffix=".docx", dir=target.parent if target.parent.is_dir() else None)
    os.close(fd)
    try:
        document.save(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file (mkstemp makes it private)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def build_document(report: Report):
    doc = Document()
    setup_styles(doc)
    first = doc.sections[0]
    page(first)
    _title_page(doc, report)
    body = doc.add_section(WD_SECTION.NEW_PAGE)
    page(body)
    page_numbers(body)
    figure_no = 0
    for ch in report.chapters:
        doc.add_paragraph(f"{chinese_numeral(ch.number, counting=False)}、{ch.title}", style="Heading 1")
        figure_no = _blocks(doc, ch.blocks, figure_no)
        for sec in ch.sections:
            doc.add_paragraph(f"（{chinese_numeral(sec.number, counting=False)}）{sec.title}", style="Heading 2")
            figure_no = _blocks(doc, sec.blocks, figure_no)
    props = doc.core_properties
    props.title = report.title.title
    props.author = report.title.unit
    props.subject = f"{report.year}年度"
    props.language = "zh-CN"
    return doc


def _title_page(doc, report: Report) -> None:
    t = report.title
    if t.attachment:
        p = doc.add_paragraph(t.attachment, style="Heading 1")
        p.paragraph_format.keep_with_next = False
        _outline(p, None)
    for _ in range(3):
        doc.add_paragraph("")
    title = doc.add_paragraph(style="Title")
    unit = t.unit if t.unit and t.title.startswith(t.unit) else ""
    if unit:
        title.add_run(unit).add_break()
        title.add_run(t.title[len(unit) :])
    else:
        title.add_run(t.title)
    title.paragraph_format.space_after = Pt(40)
    if f"{report.year}年" not in t.title:  # a title that names its year (…2025年度…) is not followed by it again
        year = doc.add_paragraph(f"（{report.year}年度）")
        year.alignment = WD_ALIGN_PARAGRAPH.CENTER
        year.paragraph_format.first_line_indent = Pt(0)
    for _ in range(7):
        doc.add_paragraph("")
    if t.unit:
        u = doc.add_paragraph(t.unit)
        u.alignment = WD_ALIGN_PARAGRAPH.CENTER
        u.paragraph_format.first_line_indent = Pt(0)


def _outline(paragraph, level) -> None:
    """Take the 附件 label out of the navigation pane (it borrows Heading 1's font only)."""
    ppr = paragraph._p.get_or_add_pPr()
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), "9")
    ppr.append(el)


# ---------------------------------------------------------------- content
def _blocks(doc, blocks: list[SourceBlock], figure_no: int) -> int:
    for b in blocks:
        if b.kind == "item":
            doc.add_paragraph(f"{b.number}、{b.text}")
        elif b.kind == "figure":
            figure_no += 1
            _figure(doc, b, figure_no)
        elif b.kind == "table" and b.figure is not None and b.figure.obj is not None:
            _table(doc, b.figure.obj)
        elif b.kind in ("p",):
            doc.add_paragraph(b.text)
    return figure_no


def _figure(doc, block: SourceBlock, number: int) -> None:
    fig = block.figure.obj
    png = fig.png()
    width_px = int.from_bytes(png[16:20], "big")
    from jixiao.book.figure import PNG_SCALE

    width = min(FIGURE_MAX_MM, width_px / PNG_SCALE * 25.4 / 96)
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.first_line_indent = Pt(0)
    para.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    para.paragraph_format.keep_with_next = True
    para.add_run().add_picture(io.BytesIO(png), width=Mm(width))
    doc_pr = para._p.find(".//" + qn("wp:docPr"))
    if doc_pr is not None:
        doc_pr.set("descr", fig.alt_text)  # alt text for screen readers, as the site's
        doc_pr.set("title", fig.title)
    doc.add_paragraph(f"图{number}\u3000{block.text}", style=CAPTION_STYLE)


def _table(doc, shown) -> None:
    frame = shown._formatted() if hasattr(shown, "_formatted") else shown.frame.astype(str)
    if shown.caption:
        cap = doc.add_paragraph(shown.caption, style=CAPTION_STYLE)
        cap.paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1, cols=len(frame.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, name in zip(table.rows[0].cells, frame.columns):
        cell.paragraphs[0].style = TABLE_STYLE
        cell.paragraphs[0].add_run(str(name)).bold = True
    _repeat_header(table.rows[0])
    for row in frame.itertuples(index=False):
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.paragraphs[0].style = TABLE_STYLE
            cell.paragraphs[0].add_run(str(value))
    for row in table.rows:
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    widths = _widths(frame)
    for grid_col, width in zip(table._tbl.tblGrid.iterchildren(qn("w:gridCol")), widths):
        grid_col.set(qn("w:w"), str(int(width / 25.4 * 1440)))  # twips: LibreOffice reads the grid
    for column, width in zip(table.columns, widths):
        for cell in column.cells:
            cell.width = Mm(width)
    doc.add_paragraph("")


def _widths(frame) -> list[float]:
    """Column widths (mm): each column as wide as its longest entry on one line ("增加36.38万元"),
    the widest column (the names) wrapping when the table would be wider than the text."""
    em = style.WORD_SIZES["table"] * 25.4 / 72

    def visual(text: str) -> float:
        return sum(1.0 if ord(ch) > 0x2E80 else 0.62 for ch in str(text))

    need = [max([visual(c) for c in frame[col]] + [visual(col)]) * em + 5 for col in frame.columns]
    excess = sum(need) - TEXT_WIDTH_MM
    if excess > 0:
        widest = need.index(max(need))
        need[widest] = max(need[widest] - excess, 6 * em)
    scale = TEXT_WIDTH_MM / sum(need)
    return [n * scale for n in need]


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)
