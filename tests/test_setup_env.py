"""`make setup` mends a Python environment that was made for another folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from jixiao import setup_env


def _fake_project(root: Path) -> Path:
    """A project folder whose .venv has an editable jixiao install and scripts pointing at it."""
    venv = root / ".venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    sp = next(venv.glob("lib/python*/site-packages"))
    (sp / "__editable__.jixiao-0.1.0.pth").write_text(f"{root}\n", encoding="utf-8")
    (sp / "__editable___jixiao_0_1_0_finder.py").write_text(f"MAPPING = {{'jixiao': '{root}/jixiao'}}\n", encoding="utf-8")
    (sp / "jixiao-0.1.0.dist-info").mkdir()
    (sp / "jixiao-0.1.0.dist-info" / "RECORD").write_text("", encoding="utf-8")
    script = venv / "bin" / "jupyter-book"
    script.write_text(f"#!{venv}/bin/python\nimport sys\n", encoding="utf-8")
    script.chmod(0o755)
    setup_env.write_marker(venv, root, "digest")
    return venv


def test_a_copied_environment_is_mended_for_its_new_folder(tmp_path):
    original = tmp_path / "original"
    _fake_project(original)
    copy = tmp_path / "copy"
    shutil.copytree(original, copy, symlinks=True)
    venv = copy / ".venv"
    assert setup_env.python_works(venv)
    done = setup_env.mend(venv, copy)
    text = "\n".join(done)
    assert f"原是为文件夹 {original} 建立的" in text and "已删除环境中安装的 jixiao 副本" in text
    assert setup_env.foreign_installs(venv) == []
    assert (venv / "bin" / "jupyter-book").read_text(encoding="utf-8").startswith(f"#!{venv}/bin/python\n")
    assert str(original) not in (venv / "bin" / "activate").read_text(encoding="utf-8")
    # The original is untouched, and mending twice changes nothing more.
    assert setup_env.foreign_installs(original / ".venv")
    setup_env.write_marker(venv, copy, "digest")
    assert setup_env.mend(venv, copy) == []
    assert json.loads((venv / setup_env.MARKER_NAME).read_text(encoding="utf-8"))["root"] == str(copy)


def test_mending_a_hard_linked_copy_leaves_the_original_alone(tmp_path):
    """Files are replaced, never written over: a copy sharing its files with the original
    (``cp -al``, or the isolation test's copy of .venv) is mended without touching it."""
    original = tmp_path / "original"
    venv0 = _fake_project(original)
    before = {p: p.read_bytes() for p in (venv0 / "bin").iterdir() if p.is_file() and not p.is_symlink()}
    before[venv0 / setup_env.MARKER_NAME] = (venv0 / setup_env.MARKER_NAME).read_bytes()
    copy = tmp_path / "copy"
    shutil.copytree(original, copy, symlinks=True, copy_function=os.link)
    venv = copy / ".venv"
    assert setup_env.mend(venv, copy)
    setup_env.write_marker(venv, copy, "digest")
    assert (venv / "bin" / "jupyter-book").read_text(encoding="utf-8").startswith(f"#!{venv}/bin/python\n")
    assert os.access(venv / "bin" / "jupyter-book", os.X_OK)
    assert {p: p.read_bytes() for p in before} == before


def test_an_environment_of_the_old_layout_loses_its_editable_install(tmp_path):
    venv = _fake_project(tmp_path / "book")
    (venv / setup_env.MARKER_NAME).unlink()  # made by the old Makefile: no marker
    done = setup_env.mend(venv, tmp_path / "book")
    assert any("jixiao 副本" in line for line in done) and setup_env.foreign_installs(venv) == []


def test_the_projects_own_environment_has_no_installed_jixiao():
    venv = Path(setup_env.ROOT) / ".venv"
    assert setup_env.foreign_installs(venv) == []
    assert setup_env.read_marker(venv).get("root") == str(setup_env.ROOT)
