"""``make setup``: the project's Python environment ``.venv``, made or mended for this folder.

Run as ``python3 -I jixiao/setup_env.py`` (standard library only: it runs
before the environment exists). It

- creates ``.venv`` when it is missing or its Python no longer starts;
- mends a ``.venv`` that was made for another folder (the project was copied or
  moved): its scripts are pointed at this folder's ``.venv``, and any installed
  copy of ``jixiao`` (an editable install reads the *original* folder's code and
  data) is removed — the package is always imported from the project folder;
- installs ``requirements.txt`` when it changed since the last set-up, showing
  progress in Chinese (pip's own output goes to ``_build/logs/setup-*.log``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
MARKER_NAME = "jixiao-setup.json"
_SHEBANG = re.compile(rb"^#!(\S*?)/bin/python[\d.]*")


def say(text: str) -> None:
    print(text, flush=True)


def venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def python_works(venv: Path) -> bool:
    python = venv_python(venv)
    if not python.exists():
        return False
    try:
        return subprocess.run([str(python), "-c", "import sys"], capture_output=True, timeout=60).returncode == 0
    except OSError:
        return False


def read_marker(venv: Path) -> dict:
    try:
        return json.loads((venv / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def replace_file(path: Path, data: bytes) -> None:
    """Write ``path`` as a new file put in its place (keeping its mode): a crash never leaves
    half a script, and a file shared with another folder (a hard-linked copy) is not changed there."""
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    if path.exists():
        os.chmod(partial, path.stat().st_mode & 0o7777)
    os.replace(partial, path)


def write_marker(venv: Path, root: Path, requirements: str) -> None:
    replace_file(venv / MARKER_NAME, json.dumps({"root": str(root), "requirements": requirements}, ensure_ascii=False).encode("utf-8"))


def requirements_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def site_packages(venv: Path) -> list[Path]:
    return sorted(venv.glob("lib/python*/site-packages"))


def foreign_installs(venv: Path) -> list[Path]:
    """Installed copies of ``jixiao`` in the environment (editable or not): they would
    shadow or replace this folder's package, so the set-up removes them."""
    found: list[Path] = []
    for sp in site_packages(venv):
        for pattern in ("__editable__*jixiao*", "jixiao-*.dist-info", "jixiao.egg-link", "jixiao", "_jixiao*.pth"):
            found += sp.glob(pattern)
    return sorted(set(found))


def relocate_scripts(venv: Path) -> list[Path]:
    """Point the scripts in ``venv/bin`` at this ``venv`` (after a copy or a move)."""
    changed = []
    new = str(venv).encode()
    for script in sorted((venv / "bin").iterdir()):
        if script.is_symlink() or not script.is_file() or script.stat().st_size > 1_000_000:
            continue
        data = script.read_bytes()
        match = _SHEBANG.match(data)
        if match and match.group(1) != new and match.group(1).endswith(b"/.venv"):
            old = match.group(1)
            replace_file(script, data.replace(old + b"/bin/", new + b"/bin/"))
            changed.append(script)
        elif script.name.startswith("activate"):
            fixed = re.sub(rb"(/[^\s'\"]*?/\.venv)(?=['\"\s/]|$)", lambda m: new if m.group(1) != new else m.group(1), data)
            if fixed != data:
                replace_file(script, fixed)
                changed.append(script)
    return changed


def mend(venv: Path, root: Path) -> list[str]:
    """Make an existing ``venv`` right for ``root``; return what was done (for the user)."""
    done = []
    old_root = read_marker(venv).get("root")
    if old_root and old_root != str(root):
        done.append(f"  .venv 原是为文件夹 {old_root} 建立的（项目被复制或移动过），已改为本文件夹使用")
    scripts = relocate_scripts(venv)
    if scripts and not done:
        done.append("  .venv 原是为另一个文件夹建立的（项目被复制或移动过），已改为本文件夹使用")
    for path in foreign_installs(venv):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
        done.append(f"  已删除环境中安装的 jixiao 副本 {path.name}（程序一律使用本文件夹中的 jixiao/）")
    return done


class _Heartbeat:
    """Prints that pip is still working while it is silent for long."""

    def __init__(self, every: float = 20.0):
        self.every = every
        self.last = time.monotonic()
        self.started = self.last
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def touch(self) -> None:
        self.last = time.monotonic()

    def _run(self) -> None:
        while not self._stop.wait(2.0):
            if time.monotonic() - self.last >= self.every:
                say(f"  仍在安装，请稍候……（已用 {time.monotonic() - self.started:.0f} 秒）")
                self.touch()


def install(venv: Path, requirements: Path, log_dir: Path) -> None:
    lines = [ln for ln in requirements.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    total = len(lines)
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"setup-{datetime.now():%Y%m%d-%H%M%S}.log"
    say(f"== 安装 Python 软件包（requirements.txt，共 {total} 个；首次约需几分钟）")
    cmd = [
        str(venv_python(venv)),
        "-m",
        "pip",
        "install",
        "--disable-pip-version-check",
        "--no-input",
        "--progress-bar",
        "off",
        "-r",
        str(requirements),
    ]
    seen = 0
    tail: list[str] = []
    started = time.monotonic()
    with open(log_path, "w", encoding="utf-8") as log, _Heartbeat() as beat:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace")
        for line in proc.stdout:
            log.write(line)
            tail = (tail + [line.rstrip()])[-20:]
            if line.startswith(("Collecting ", "Requirement already satisfied")):
                seen += 1
                if seen % 10 == 0 or seen == total:
                    say(f"  已检查 {min(seen, total)}/{total} 个软件包")
                    beat.touch()
            elif line.startswith("Installing collected packages"):
                say("  正在安装下载好的软件包……")
                beat.touch()
        proc.wait()
    if proc.returncode != 0:
        say("安装 Python 软件包失败。最后的输出：")
        for line in tail[-12:]:
            say(f"  {line}")
        say(f"完整日志：{log_path.relative_to(ROOT)}。请检查网络能否访问软件包源（PyPI），然后重新运行 make setup。")
        raise SystemExit(1)
    say(f"  Python 软件包已就绪（用时 {time.monotonic() - started:.0f} 秒）")


def setup(root: Path = ROOT, base_python: str = sys.executable) -> int:
    venv = root / ".venv"
    requirements = root / "requirements.txt"
    if venv.exists() and not python_works(venv):
        # A copied venv still starts (its python is a link to the system's);
        # one whose base Python is gone (another machine) is made anew.
        say("== 现有的 Python 环境 .venv 无法运行，重新建立")
        shutil.rmtree(venv)
    if not venv.exists():
        say("== 创建 Python 虚拟环境 .venv")
        subprocess.run([base_python, "-m", "venv", str(venv)], check=True)
    for line in mend(venv, root):
        say(line)
    digest = requirements_digest(requirements)
    marker = read_marker(venv)
    if marker.get("requirements") != digest or not (venv / "bin" / "jupyter-book").exists():
        install(venv, requirements, root / "_build" / "logs")
    write_marker(venv, root, digest)
    return 0


if __name__ == "__main__":
    sys.exit(setup())
