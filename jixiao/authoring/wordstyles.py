"""The Word export's styles and page set-up (GB/T 9704, as the PDF; values from :mod:`jixiao.book.style`).

python-docx sets only a style's Latin font: the East Asian font (``w:eastAsia``) and the
language are set in the style XML here, and the template's theme fonts are removed
(they would override the named fonts).
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from jixiao.book import style

CAPTION_STYLE = "图表标题"
TABLE_STYLE = "表格文字"


# ---------------------------------------------------------------- styles
def _fonts(element, font: str) -> None:
    """Set every font slot (ascii, hAnsi, eastAsia, cs) of a style's or run's rPr; drop theme fonts."""
    _rpr_fonts(element.get_or_add_rPr(), font)


def _rpr_fonts(rpr, font: str) -> None:
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style(
    doc,
    name: str,
    font: str,
    size: float,
    *,
    base: str | None = None,
    bold=False,
    indent=True,
    align=None,
    exact=True,
    before=0,
    after=0,
    kind=1,
):
    styles = doc.styles
    st = styles[name] if name in [s.name for s in styles] else styles.add_style(name, kind)
    if base:
        st.base_style = styles[base]
    _fonts(st.element, font)
    st.font.size = Pt(size)
    st.font.bold = bold
    st.font.italic = False
    st.font.color.rgb = RGBColor(0, 0, 0)
    pf = st.paragraph_format
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(style.WORD_LINE_PT)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.first_line_indent = Pt(2 * size) if indent else Pt(0)
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if align is not None:
        pf.alignment = align
    return st


def setup_styles(doc) -> None:
    f, s = style.WORD_FONTS, style.WORD_SIZES
    # Document defaults too, so text outside any style (table cells, footers) is Chinese.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr")) if defaults is not None else None
    if rpr is not None:
        _rpr_fonts(rpr, f["body"])
    _style(doc, "Normal", f["body"], s["body"], align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    h1 = _style(doc, "Heading 1", f["heading1"], s["body"], indent=False, before=6, after=0)
    h2 = _style(doc, "Heading 2", f["heading2"], s["body"], indent=False, before=0, after=0)
    for h in (h1, h2):
        h.paragraph_format.keep_with_next = True
        h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _style(doc, "Title", f["title"], s["title"], bold=True, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    _remove_borders(doc.styles["Title"])
    _style(
        doc,
        CAPTION_STYLE,
        f["body"],
        s["caption"],
        base="Normal",
        indent=False,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        exact=False,
        before=4,
        after=8,
    )
    _style(doc, TABLE_STYLE, f["body"], s["table"], base="Normal", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)
    _style(doc, "Footer", f["page"], s["page"], indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False)


def _remove_borders(st) -> None:
    ppr = st.element.find(qn("w:pPr"))
    if ppr is not None:
        for el in ppr.findall(qn("w:pBdr")):
            ppr.remove(el)


# ---------------------------------------------------------------- page
def page(section) -> None:
    m = style.WORD_MARGINS_MM
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(m["top"]), Mm(m["bottom"])
    section.left_margin, section.right_margin = Mm(m["left"]), Mm(m["right"])
    section.footer_distance = Mm(m["footer"])


def page_numbers(section) -> None:
    """ "— 1 —" centred in the footer, counted from this section's first page."""
    section.footer.is_linked_to_previous = False
    para = section.footer.paragraphs[0]
    para.style = "Footer"
    para.add_run("— ")
    run = para.add_run()
    for tag, attrs, text in (
        ("w:fldChar", {"w:fldCharType": "begin"}, None),
        ("w:instrText", {"xml:space": "preserve"}, " PAGE "),
        ("w:fldChar", {"w:fldCharType": "separate"}, None),
        ("w:t", {}, "1"),
        ("w:fldChar", {"w:fldCharType": "end"}, None),
    ):
        el = OxmlElement(tag)
        for k, v in attrs.items():
            el.set(qn(k), v)
        if text:
            el.text = text
        run._r.append(el)
    para.add_run(" —")
    num = OxmlElement("w:pgNumType")
    num.set(qn("w:start"), "1")
    section._sectPr.append(num)
