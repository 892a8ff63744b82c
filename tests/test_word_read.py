"""Reading a report safely: legacy .doc, broken and hostile .docx files, huge files, markup in text.

Every failure is a Chinese message that says what to do, never a traceback, and nothing is written.
"""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile

import pytest
from word_helpers import plain_docx, seed_lines, soffice

from conftest import ROOT
from jixiao.authoring.wordparse import parse_file
from jixiao.authoring.wordread import MAX_DOCX, ReadError, read_paragraphs

pytestmark = pytest.mark.cost(10)


def review(path, *args):
    """``python -m jixiao review`` on ``path`` in a subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "jixiao", "review", str(path), *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


def _docx_with(tmp_path, name, members: dict[str, bytes]):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in members.items():
            z.writestr(member, data)
    return path


def test_not_a_docx(tmp_path):
    fake = tmp_path / "报告.docx"
    fake.write_bytes(b"PK\x03\x04 this is not a real zip")
    result = review(fake)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "不是有效的 Word 文档" in result.stderr and "另存为" in result.stderr
    assert listing(tmp_path) == ["报告.docx"]  # nothing written


def test_missing_document_part(tmp_path):
    path = _docx_with(tmp_path, "缺正文.docx", {"[Content_Types].xml": b"<Types/>", "word/styles.xml": b"<x/>"})
    with pytest.raises(ReadError, match="缺少 Word 文档的正文部分"):
        read_paragraphs(path)


def test_zip_bomb_is_refused_quickly(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("word/document.xml", b"<w:document/>")
        with z.open("word/media/image1.png", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(64):
                member.write(chunk)
    assert path.stat().st_size < 1 << 20
    start = time.monotonic()
    with pytest.raises(ReadError, match="压缩炸弹"):
        read_paragraphs(path)
    assert time.monotonic() - start < 5


def test_broken_xml_and_entities(tmp_path):
    ct = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&d;</w:t></w:r></w:p></w:body></w:document>'
    )
    bomb = _docx_with(tmp_path, "laughs.docx", {"[Content_Types].xml": ct, "_rels/.rels": rels, "word/document.xml": laughs})
    try:
        paragraphs = read_paragraphs(bomb)
    except ReadError as err:
        assert "Word" in str(err)
    else:
        assert all(len(p.text) < 1000 for p in paragraphs)  # entities are never expanded
    broken = _docx_with(tmp_path, "broken.docx", {"[Content_Types].xml": ct, "_rels/.rels": rels, "word/document.xml": b"<w:document"})
    with pytest.raises(ReadError, match=r"无法解析|无法打开"):
        read_paragraphs(broken)


def test_huge_files(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("一、" + "数" * (1 << 20), encoding="utf-8")
    with pytest.raises(ReadError, match="过大"):
        read_paragraphs(big)
    sparse = tmp_path / "big.docx"
    with sparse.open("wb") as f:
        f.truncate(MAX_DOCX + 1)
    result = review(sparse)
    assert result.returncode == 1 and "过大" in result.stderr and "Traceback" not in result.stderr


def test_binary_and_unknown_files(tmp_path):
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    with pytest.raises(ReadError, match="二进制"):
        read_paragraphs(binary)
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(ReadError, match="另存为"):
        read_paragraphs(pdf)
    with pytest.raises(ReadError, match="找不到文件"):
        read_paragraphs(tmp_path / "none.docx")


def test_fake_legacy_doc_says_how_to_save_as_docx(tmp_path):
    fake = tmp_path / "旧报告.doc"
    fake.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    result = review(fake)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "旧版 Word 文档（.doc）" in result.stderr and "Word 文档（*.docx）" in result.stderr


def test_legacy_doc_is_converted_with_libreoffice(tmp_path):
    docx_path = plain_docx(seed_lines(), tmp_path / "seed.docx")
    subprocess.run(
        [
            soffice(),
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "doc",
            "--outdir",
            str(tmp_path),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    report = parse_file(tmp_path / "seed.doc", 2024)
    assert len(report.chapters) == 6 and len(report.quantities()) == 55


def test_markup_stays_text_and_is_listed(tmp_path):
    lines = seed_lines()
    lines.insert(7, "<script>alert(1)</script>本段含{glue:text}`expenditure.basic`标记和$$x$$公式，共3次。")
    path = plain_docx(lines, tmp_path / "markup.docx")
    report = parse_file(path, 2024)
    text = report.chapters[0].blocks[1].text
    assert text.startswith("<script>alert(1)</script>本段含{glue:text}`expenditure.basic`")
    assert any("<script>" in n for n in report.notes) and any("{glue:text}`" in n for n in report.notes)
    assert len(report.quantities()) == 56  # the 3次 in it counts like any other


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
#: The report's numbering levels: 一、 （一） 1、
_LEVELS = (("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3、"))


def _numbered(levels: int, nums: dict[int, str]):
    """A document with one numbering definition of the report's first ``levels`` levels and a
    ``w:num`` over it for each entry of ``nums`` (numId → what goes inside, as a start override),
    and a function adding a paragraph numbered by one of them (or not numbered)."""
    import docx
    from docx.oxml import parse_xml

    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
        for i, (fmt, text) in enumerate(_LEVELS[:levels])
    )
    numbering.insert(0, parse_xml(f'<w:abstractNum {_W} w:abstractNumId="90">{lvls}</w:abstractNum>'))
    for num_id, inside in nums.items():
        numbering.append(parse_xml(f'<w:num {_W} w:numId="{num_id}"><w:abstractNumId w:val="90"/>{inside}</w:num>'))

    first = next(iter(nums))

    def add(text, level=None, num_id=None):
        p = doc.add_paragraph(text)
        if level is not None:
            numbered = f'<w:numPr {_W}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id or first}"/></w:numPr>'
            p._p.get_or_add_pPr().append(parse_xml(numbered))

    return doc, add


def test_word_automatic_numbering_is_read(tmp_path):
    """一、 （一） 1、 made by Word's numbering (not typed) are read as the reader sees them."""
    doc, add = _numbered(3, {90: ""})
    add("附件2")
    add("衡阳市计量测试中心部门整体支出绩效自评报告")
    add("部门、单位基本情况", 0)
    add("我单位共有事业编制59个。")
    add("一般公共预算支出情况", 0)
    add("基本支出情况", 1)
    add("基本支出资金为1020.37万元。")
    add("项目支出情况", 1)
    add("项目支出363.74万元。")
    add("下一步改进措施", 0)
    add("贯彻党建引领。", 2)
    add("争创三星级文明单位。", 2)
    path = tmp_path / "auto.docx"
    doc.save(path)
    texts = [p.text for p in read_paragraphs(path)]
    assert texts[2:] == [
        "一、部门、单位基本情况",
        "我单位共有事业编制59个。",
        "二、一般公共预算支出情况",
        "（一）基本支出情况",
        "基本支出资金为1020.37万元。",
        "（二）项目支出情况",
        "项目支出363.74万元。",
        "三、下一步改进措施",
        "1、贯彻党建引领。",
        "2、争创三星级文明单位。",
    ]
    report = parse_file(path, 2024)
    assert [c.title for c in report.chapters] == ["部门、单位基本情况", "一般公共预算支出情况", "下一步改进措施"]
    assert [s.title for s in report.chapters[1].sections] == ["基本支出情况", "项目支出情况"]
    assert [(b.kind, b.number) for b in report.chapters[2].blocks] == [("item", 1), ("item", 2)]


def test_headings_pasted_with_a_numbering_each_count_on(tmp_path):
    """Headings copied in from elsewhere each get their own w:num over one definition: Word counts
    them as one list (一、二、三、); a w:num that overrides its start begins again."""
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    doc, add = _numbered(1, {91: "", 92: "", 93: "", 94: restart})
    for num_id, text in ((91, "部门、单位基本情况"), (92, "一般公共预算支出情况"), (93, "部门整体支出绩效情况"), (94, "另一份清单")):
        add(text, 0, num_id)
    path = tmp_path / "pasted.docx"
    doc.save(path)
    assert [p.text for p in read_paragraphs(path)] == [
        "一、部门、单位基本情况",
        "二、一般公共预算支出情况",
        "三、部门整体支出绩效情况",
        "一、另一份清单",
    ]


def test_a_text_report_mixing_utf8_and_gbk_is_refused(tmp_path):
    """Read as GB18030 its UTF-8 lines would be other characters: the import stops instead."""
    from jixiao.authoring.textread import read_text

    path = tmp_path / "报告.txt"
    path.write_bytes("附件2\n一、基本情况\n".encode() + "我单位共有事业编制59个。\n".encode("gbk"))
    with pytest.raises(ReadError, match=r"第 3 行"):
        read_text(path)
    path.write_bytes("附件2\n一、基本情况\n我单位共有事业编制59个。\n".encode("gbk"))
    assert any("59个" in p.text for p in read_text(path))


def test_moved_text_and_a_text_box_s_fallback_copy_are_read_once():
    """Word keeps moved-away text (w:moveFrom) and saves a text box twice (mc:Choice and
    mc:Fallback): each number must be read once."""
    from lxml import etree

    from jixiao.authoring.wordread import paragraph_text

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    xml = f"""<w:p xmlns:w="{w}" xmlns:mc="{mc}">
      <w:r><w:t>完成强制检定计量器具</w:t></w:r>
      <w:moveFrom><w:r><w:t>近11.8万台件</w:t></w:r></w:moveFrom>
      <w:moveTo><w:r><w:t>近11.8万台件</w:t></w:r></w:moveTo>
      <w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>发表科普文章23篇</w:t></w:r></w:p></w:txbxContent></mc:Choice>
      <mc:Fallback><w:txbxContent><w:p><w:r><w:t>发表科普文章23篇</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r>
    </w:p>"""
    assert paragraph_text(etree.fromstring(xml)) == "完成强制检定计量器具近11.8万台件发表科普文章23篇"


def test_footnotes_are_found_for_the_review(tmp_path):
    """Footnotes are not imported; the review names them (their numbers were lost without a word)."""
    import zipfile

    from jixiao.authoring.wordread import footnotes

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        f'<w:footnotes xmlns:w="{w}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:t>其中非税执收成本110.24万元。</w:t></w:r></w:p></w:footnote>'
        "</w:footnotes>"
    )
    path = tmp_path / "fn.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/footnotes.xml", xml)
    assert footnotes(path) == ["其中非税执收成本110.24万元。"]
    assert footnotes(tmp_path / "none.docx") == []
