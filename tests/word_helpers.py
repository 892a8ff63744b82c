"""Shared by the Word tests: the exported 2024 report, the seed as a plain .docx, and LibreOffice rendering."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SEED

FANDOL = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
#: Map the Windows font names of the export onto the Fandol fonts the PDF uses
#: (texlive-lang-chinese), for rendering only: fontconfig does not know 仿宋 etc.
FONTS_CONF = f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <dir>{FANDOL}</dir>
  <alias binding="strong"><family>仿宋</family><prefer><family>FandolFang</family></prefer></alias>
  <alias binding="strong"><family>黑体</family><prefer><family>FandolHei</family></prefer></alias>
  <alias binding="strong"><family>楷体</family><prefer><family>FandolKai</family></prefer></alias>
  <alias binding="strong"><family>宋体</family><prefer><family>FandolSong</family></prefer></alias>
</fontconfig>
"""


@pytest.fixture(scope="session")
def exported_2024(tmp_path_factory) -> Path:
    """The 2024 report exported in-process (read-only on the project)."""
    from jixiao.authoring.wordexport import export_docx

    return export_docx(2024, tmp_path_factory.mktemp("word") / "报告2024.docx")


def seed_lines() -> list[str]:
    return list(SEED.read_text(encoding="utf-8").splitlines())


def plain_docx(lines: list[str], path: Path, bookmark: bool = True) -> Path:
    """A .docx with one plain (Normal style) paragraph per line: no heading styles, as offices write."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = docx.Document()
    for line in lines:
        text = line.replace("[bookmark: _GoBack]", "")
        p = doc.add_paragraph()
        if bookmark and text != line:  # Word's own bookmark element, where the text had its trace
            start = OxmlElement("w:bookmarkStart")
            start.set(qn("w:id"), "0")
            start.set(qn("w:name"), "_GoBack")
            p._p.append(start)
        # split into runs, as Word does, so that text is never one run
        for chunk in re.findall(r".{1,7}", text, re.S):
            p.add_run(chunk)
    doc.save(path)
    return path


def soffice() -> str:
    path = shutil.which("soffice")
    assert path, "LibreOffice (soffice) is missing: make setup installs libreoffice-writer"
    return path


def render_pdf(docx_path: Path, outdir: Path) -> Path:
    """The document rendered by LibreOffice, with the Fandol fonts behind the Chinese font names."""
    conf = outdir / "fonts.conf"
    conf.write_text(FONTS_CONF, encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf), HOME=str(outdir))
    subprocess.run(
        [
            soffice(),
            "--headless",
            f"-env:UserInstallation=file://{outdir}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(docx_path),
        ],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = outdir / (docx_path.stem + ".pdf")
    assert pdf.is_file()
    return pdf
