"""The per-year PDF, read back with pdftotext, pdffonts and pdftoppm."""

from __future__ import annotations

import re
import subprocess

import pytest

from conftest import ROOT, pdf_text
from jixiao.book import glue
from jixiao.book.downloads import site_path
from jixiao.report.data import load_year
from jixiao.report.years import published_years as chapter_years
from jixiao.util import paths

pytestmark = pytest.mark.build

LEFTOVER_ENGLISH = re.compile(
    r"\b(Contents|CHAPTER|Chapter|Release|Index|projectnamenotset|Figure|Table|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def pdf_path(site, year):
    return site / site_path(year, "pdf")


def raw_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout


def captions(year: int) -> list[str]:
    """Figure captions as written in the year's chapters, with the year pasted in."""
    out = []
    for path in sorted((paths.CHAPTERS / str(year)).glob("0*.md")):
        for body in re.findall(r"```\{glue:figure\}[^\n]*\n(?::[^\n]*\n)*\n(.*?)\n```", path.read_text(encoding="utf-8"), re.S):
            out.append(body.strip().replace("{glue:text}`year`", str(year)))
    return out


@pytest.mark.parametrize("year", chapter_years())
def test_pdf_has_every_number_and_caption(site, year):
    text = pdf_text(pdf_path(site, year))
    numbers = glue.numbers(load_year(year))
    cited = set()
    for path in (paths.CHAPTERS / str(year)).glob("*.md"):
        cited |= set(re.findall(r"\{glue:text\}`([^`]+)`", path.read_text(encoding="utf-8")))
    assert cited
    missing = [f"{k}={v}" for k, v in numbers.items() if k in cited and re.sub(r"\s+", "", v) not in text]
    assert missing == []
    caps = captions(year)
    assert len(caps) >= 4
    for i, caption in enumerate(caps, 1):
        assert re.sub(r"\s+", "", f"图{i}{caption}") in text
    assert "附件" in text and "目录" in text
    assert "衡阳市计量测试中心" in text and "部门整体支出绩效自评报告" in text


@pytest.mark.parametrize("year", chapter_years())
def test_no_template_english(site, year):
    assert LEFTOVER_ENGLISH.findall(raw_text(pdf_path(site, year))) == []
    assert "alt.Chart" not in raw_text(pdf_path(site, year))


@pytest.mark.parametrize("year", chapter_years())
def test_cjk_fonts_embedded_and_page_count(site, year):
    fonts = subprocess.run(["pdffonts", str(pdf_path(site, year))], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:]]
    for family in ("FandolFang", "FandolHei", "FandolKai"):
        assert any(family in r[0] and "yes" in r for r in rows), fonts
    info = subprocess.run(["pdfinfo", str(pdf_path(site, year))], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert 5 <= pages <= 30
    assert "595.28 x 841.89" in info  # A4
    assert re.search(rf"Title:\s+衡阳市计量测试中心{year}年度部门整体支出绩效自评报告\n", info), info  # as a viewer shows it


@pytest.mark.parametrize("year", chapter_years())
def test_pages_render(site, year):
    out = ROOT / "_build" / "pdf-pages"
    out.mkdir(parents=True, exist_ok=True)
    prefix = out / f"report-{year}"
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf_path(site, year)), str(prefix)], check=True)
    pngs = sorted(out.glob(f"report-{year}-*.png"))
    assert len(pngs) >= 5 and all(p.stat().st_size > 3000 for p in pngs)


@pytest.mark.parametrize("year", chapter_years())
def test_pdf_is_linked_from_year_pages_and_landing(site, year):
    href = site_path(year, "pdf")
    assert f'href="{href}"' in (site / "index.html").read_text(encoding="utf-8")
    for page in (site / "chapters" / str(year)).glob("*.html"):
        assert f'href="../../{href}"' in page.read_text(encoding="utf-8"), page.name
    assert pdf_path(site, year).stat().st_size > 50_000
