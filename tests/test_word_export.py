"""``export --year Y 报告.docx``: the report as a Word document in the PDF's official layout."""

from __future__ import annotations

import re
import subprocess
import sys

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from word_helpers import render_pdf

from conftest import SEED, copy_book, run_jixiao
from jixiao.authoring.chaptersource import source_report
from jixiao.authoring.wordparse import parse_file

pytestmark = pytest.mark.cost(21)


def east_asia(style_element) -> dict:
    rfonts = style_element.find(qn("w:rPr")).find(qn("w:rFonts"))
    return {k.split("}")[1]: v for k, v in rfonts.attrib.items()}


def full_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def test_fonts_are_set_in_the_styles(exported_2024):
    d = docx.Document(str(exported_2024))
    expected = {"Normal": "仿宋", "Heading 1": "黑体", "Heading 2": "楷体", "Title": "宋体"}
    for name, font in expected.items():
        fonts = east_asia(d.styles[name].element)
        assert fonts["eastAsia"] == font and fonts["ascii"] == font, name
        assert not any(k.endswith("Theme") or k == "cstheme" for k in fonts), name  # no theme font overrides
    assert d.styles["Normal"].font.size == Pt(16) and d.styles["Heading 1"].font.size == Pt(16)
    assert d.styles["Title"].font.size == Pt(22)
    assert d.styles["Normal"].paragraph_format.line_spacing == Pt(28.95)
    defaults = d.styles.element.find(qn("w:docDefaults")).find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert defaults.get(qn("w:eastAsia")) == "仿宋"


def test_page_layout_and_page_numbers(exported_2024):
    d = docx.Document(str(exported_2024))
    assert len(d.sections) == 2  # title page, then the text numbered from 1
    for s in d.sections:
        measured = [s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin, s.right_margin]
        assert [round(x.mm, 1) for x in measured] == [210, 297, 37, 35, 28, 26]  # stored in twips
    body = d.sections[1]
    footer = body.footer.paragraphs[0]._p.xml
    assert "PAGE" in "".join(t.text for t in body.footer.paragraphs[0]._p.iter(qn("w:instrText")))
    assert re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", footer).replace("PAGE", "")) == "—1—"
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert "instrText" not in d.sections[0].footer.paragraphs[0]._p.xml  # no number on the title page


def test_text_figures_and_captions(exported_2024):
    d = docx.Document(str(exported_2024))
    text = full_text(d)
    assert not re.search(r"\{(glue|term)|```|:::", text)
    source = source_report(2024)
    captions = [
        b.text for ch in source.chapters for blk in [ch.blocks, *[s.blocks for s in ch.sections]] for b in blk if b.kind == "figure"
    ]
    assert len(captions) == 4
    shown = [p.text for p in d.paragraphs if p.style.name == "图表标题"]
    assert shown == [f"图{i}\u3000{c}" for i, c in enumerate(captions, 1)]
    assert len(d.inline_shapes) == 4
    for shape in d.inline_shapes:
        assert shape.width <= Mm(156)
        assert shape._inline.docPr.get("descr").startswith(("横向条形图", "分组条形图"))  # the site's Chinese alt text
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings[1:] == [
        "一、部门、单位基本情况",
        "二、一般公共预算支出情况",
        "三、部门整体支出绩效情况",
        "四、存在的问题及原因分析",
        "五、下一步改进措施",
        "六、其他需要说明的情况",
    ]
    assert "（六）文明创建开花结果" in [p.text for p in d.paragraphs if p.style.name == "Heading 2"]


def test_holds_every_seed_sentence(exported_2024):
    text = re.sub(r"\s+", "", full_text(docx.Document(str(exported_2024))))
    seed = parse_file(SEED, 2024)
    count = 0
    for ch in seed.chapters:
        for block in ch.blocks + [b for s in ch.sections for b in s.blocks]:
            for sentence in re.split(r"(?<=[。；;])", block.text):
                sentence = re.sub(r"\s+", "", sentence)
                if sentence:
                    assert sentence in text, sentence
                    count += 1
    assert count > 40


def test_rendered_with_chinese_fonts(exported_2024, tmp_path):
    pdf = render_pdf(exported_2024, tmp_path)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    for font in ("FandolFang", "FandolHei", "FandolKai", "FandolSong"):
        assert font in fonts, fonts
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [re.sub(r"\s+", "", page) for page in out.split("\f")]
    assert "附件2" in pages[0] and "（2024年度）" in pages[0] and "—" not in pages[0]
    assert "一、部门、单位基本情况" in pages[1]
    body_pages = [p for p in pages[1:] if p]
    assert len(body_pages) >= 5
    assert all(p.endswith(f"—{i}—") for i, p in enumerate(body_pages, 1)), [p[-8:] for p in body_pages]


def test_cli_export_docx_and_errors(tmp_path):
    target = tmp_path / "报告.docx"
    result = run_jixiao("export", "--year", "2024", str(target))
    assert result.returncode == 0, result.stderr
    assert "已导出 2024 年度报告" in result.stdout and target.is_file()
    missing = run_jixiao("export", "--year", "1999", str(tmp_path / "x.docx"))
    assert missing.returncode == 1 and "没有 1999 年度的报告" in missing.stderr and "Traceback" not in missing.stderr
    nowhere = run_jixiao("export", "--year", "2024", str(tmp_path / "无此文件夹" / "x.docx"))
    assert nowhere.returncode == 1 and "不存在" in nowhere.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.docx"]


def test_comparison_tables_of_a_later_year(tmp_path):
    root = copy_book(tmp_path / "book")
    env_root = {"JIXIAO_ROOT": str(root)}
    made = subprocess.run(
        [sys.executable, "-c", "from jixiao.dev import synthetic; synthetic.add_year(2025, 1.1)"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, **env_root},
    )
    assert made.returncode == 0, made.stderr
    target = tmp_path / "2025.docx"
    result = run_jixiao("export", "--year", "2025", str(target), root=root)
    assert result.returncode == 0, result.stderr
    d = docx.Document(str(target))
    assert len(d.tables) == 3  # 人员, 支出, 检校业务 compared with 2024
    captions = [p.text for p in d.paragraphs if p.text == "与2024年比较"]
    assert len(captions) == 3
    header = [c.text for c in d.tables[0].rows[0].cells]
    assert header == ["项目", "2025年", "2024年", "比上年增减", "增减幅度"]
    assert d.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert "（2025年度）" in full_text(d)


def test_unknown_reference_names_the_chapter_and_writes_nothing(tmp_path):
    root = copy_book(tmp_path / "book")
    chapter = root / "chapters" / "2024" / "01-basic-info.md"
    text = chapter.read_text(encoding="utf-8").replace("临聘人员{glue:text}`staffing.temporary`", "临聘人员{glue:text}`staffing.temporay`")
    chapter.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "staffing.temporay" in t)
    target = tmp_path / "2024.docx"
    result = run_jixiao("export", "--year", "2024", str(target), root=root)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"文件 chapters/2024/01-basic-info.md 第 {line} 行：引用的数值“staffing.temporay”在 2024 年度数据中不存在" in result.stderr
    assert "staffing.temporary" in result.stderr and "没有写入 Word 文档" in result.stderr
    assert not target.exists() and [p.name for p in tmp_path.iterdir()] == ["book"]


def test_a_title_naming_its_year_is_not_followed_by_it_again(tmp_path):
    """An imported report.yml keeps the report's own title (…2025年度…): the cover does not add （2025年度）."""
    root = copy_book(tmp_path / "book")
    yml = root / "chapters" / "2024" / "report.yml"
    yml.write_text(yml.read_text(encoding="utf-8") + "title: 衡阳市计量测试中心2024年度部门整体支出绩效自评报告\n", encoding="utf-8")
    target = tmp_path / "2024.docx"
    result = run_jixiao("export", "--year", "2024", str(target), root=root)
    assert result.returncode == 0, result.stderr
    text = full_text(docx.Document(str(target)))
    assert "2024年度部门整体支出绩效自评报告" in text and "（2024年度）" not in text
