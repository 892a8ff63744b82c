"""The chart font, copied into a form vl-convert measures quickly.

vl-convert lays out every label of a chart in the first font of the theme's stack
(:data:`jixiao.book.style.CJK_FONT`) that the machine has, to size the axes and the
chart. On the build machine that is Noto Sans CJK SC, whose faces sit in 19 MB
TrueType collections, and a chart took 0.3 to 0.7 s, four times as long as with a
small font: vl-convert reads the faces' tables again for each label.

So the faces of that family are copied once per build folder, each into a file of
its own, without the tables that horizontal text without a language tag never
uses (glyph substitution GSUB, the baseline table and the vertical metrics), under
the family name :data:`FAMILY`. Outlines, advance widths and kerning (GPOS) are the
faces' own. A chart is rendered with :data:`FAMILY` put first in its font stacks
(:func:`measuring`), and the name is taken out of the SVG again (:func:`unmeasured`),
so the page keeps the theme's stack. ``tests/test_chartfont.py`` renders charts
both ways and finds the SVG text and PNG pixels identical.

When the family is not installed, or the copy cannot be made, charts are rendered
with the system font as before: slower, never different.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from jixiao.book import style
from jixiao.util import paths

FAMILY = "Jixiao Measure"
#: Tables horizontal text without a language never uses.
DROP_TABLES = ("GSUB", "BASE", "VORG", "vhea", "vmtx")
#: Changes whenever the way the copy is made changes (it is part of the folder's name).
VERSION = 1
FOLDER = ".chart-font"


def families(stack: str = style.CJK_FONT) -> list[str]:
    """The family names of a CSS font stack, in order."""
    return [name.strip().strip("\"'") for name in stack.split(",") if name.strip()]


def _faces(family: str) -> list[tuple[str, int]]:
    """(file, index in the collection) of every installed face of ``family``, by fontconfig."""
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{file}\t%{index}\n", f":family={family}"],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    faces = []
    for line in out.splitlines():
        file, _, index = line.partition("\t")
        if file and index.isdigit():
            faces.append((file, int(index)))
    return sorted(faces)


@cache
def source() -> tuple[str, list[tuple[str, int]]] | None:
    """The stack's first installed family and its faces, or None."""
    for family in families():
        faces = _faces(family)
        if faces:
            return family, faces
    return None


def folder() -> Path | None:
    """Where the copy of this machine's faces lives, named by what it is made from."""
    found = source()
    if not found:
        return None
    family, faces = found
    stamp = [VERSION, family, FAMILY, DROP_TABLES]
    for file, index in faces:
        st = os.stat(file)
        stamp.append([file, index, st.st_size, st.st_mtime_ns])
    digest = hashlib.sha256(json.dumps(stamp).encode("utf-8")).hexdigest()[:16]
    return paths.BUILD / FOLDER / digest


def _copy_face(file: str, index: int, dest: Path) -> None:
    from fontTools.ttLib import TTFont

    font = TTFont(file, fontNumber=index, lazy=True)
    for tag in DROP_TABLES:
        if tag in font:
            del font[tag]
    subfamily = font["name"].getDebugName(2) or "Regular"
    postscript = FAMILY.replace(" ", "") + "-" + re.sub(r"[^A-Za-z0-9]", "", subfamily)
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID in (3, 6):
            record.string = postscript
        elif record.nameID == 4:
            record.string = f"{FAMILY} {subfamily}"
    font.save(str(dest))
    font.close()


def prepare() -> Path | None:
    """The folder holding the copy, made when missing; None when it cannot be had."""
    target = folder()
    if target is None:
        return None
    if target.is_dir():
        return target
    # Made under a private name and renamed whole: a worker never sees half a folder.
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    try:
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        for n, (file, index) in enumerate(source()[1]):
            _copy_face(file, index, partial / f"face{n}.otf")
        try:
            partial.rename(target)
        except OSError:
            if not target.is_dir():
                raise
    except Exception:
        return target if target.is_dir() else None
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return target


@cache
def registered() -> bool:
    """Whether vl-convert of this process knows :data:`FAMILY` (registered on first use)."""
    import vl_convert as vlc

    target = prepare()
    if target is None:
        return False
    try:
        vlc.register_font_directory(str(target))
    except Exception:
        return False
    return True


def _is_font_key(key: str) -> bool:
    return key == "font" or key.endswith("Font")


def _prefix(node, family: str):
    if isinstance(node, dict):
        return {
            k: (f'"{FAMILY}", {v}' if _is_font_key(k) and isinstance(v, str) and family in families(v) else _prefix(v, family))
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_prefix(v, family) for v in node]
    return node


def measuring(spec: dict) -> dict:
    """``spec`` with :data:`FAMILY` first in every font stack naming the copied family
    (``spec`` itself when the copy is not available)."""
    if not registered():
        return spec
    return _prefix(spec, source()[0])


_IN_SVG = re.compile(rf'(?:&quot;|"|\'){re.escape(FAMILY)}(?:&quot;|"|\'),\s*')


def unmeasured(svg: str) -> str:
    """The SVG's font stacks without :data:`FAMILY`: the page names the theme's fonts only."""
    return _IN_SVG.sub("", svg)
