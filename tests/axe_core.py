"""axe-core for the accessibility test, vendored from the npm registry at test time.

Playwright cannot download it here, so ``npm pack`` fetches the pinned release
once into ``_build/vendor`` (kept between runs; ``make clean`` removes it) and
its ``axe.min.js`` is injected into each page.
"""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path

VERSION = "4.14.1"
ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "_build" / "vendor"


def axe_script(cache: Path = CACHE) -> str:
    """The text of axe.min.js, fetched with ``npm pack axe-core@VERSION`` the first time."""
    target = cache / f"axe-core-{VERSION}.min.js"
    if not target.is_file():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("需要 npm（Node.js）来获取 axe-core：sudo apt-get install -y nodejs npm")
        cache.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(
            [npm, "pack", f"axe-core@{VERSION}", "--pack-destination", str(cache), "--silent"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        tarball = cache / f"axe-core-{VERSION}.tgz"
        if out.returncode != 0 or not tarball.is_file():
            raise RuntimeError(f"npm pack axe-core@{VERSION} failed:\n{out.stdout}\n{out.stderr}")
        with tarfile.open(tarball) as tar:
            member = tar.extractfile("package/axe.min.js")
            partial = target.with_suffix(".partial")
            partial.write_bytes(member.read())
            partial.replace(target)
        tarball.unlink()
    return target.read_text(encoding="utf-8")
