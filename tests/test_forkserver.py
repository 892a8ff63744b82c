"""The tests' fork server gives each command what a new interpreter gives it (tests/forkserver.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import forkserver
import pytest

from conftest import ROOT

PROBE = (
    "import json, os, sys\n"
    "print(json.dumps({'argv': sys.argv, 'cwd': os.getcwd(), 'path0': sys.path[0], 'env': dict(os.environ),\n"
    "    'jixiao': 'jixiao' in sys.modules, 'stdin': sys.stdin.read(), 'name': __name__}, ensure_ascii=False))\n"
    "print('错误输出', file=sys.stderr)\n"
)


def both(args: list[str], cwd: Path, env: dict, code: str | None = None) -> tuple:
    forked = forkserver.run(args, cwd, env, code=code)
    fresh = forkserver.run(args, cwd, env, code=code, new_interpreter=True)
    return forked, fresh


def test_a_forked_command_sees_what_a_new_interpreter_sees(tmp_path):
    env = {"PATH": os.environ["PATH"], "JIXIAO_ROOT": str(tmp_path), "LANG": os.environ.get("LANG", "C.UTF-8"), "测试": "值"}
    forked, fresh = both(["一", "two"], tmp_path, env, code=PROBE)
    assert forked.returncode == fresh.returncode == 0, forked.stderr + fresh.stderr
    assert forked.stderr == fresh.stderr == "错误输出\n"
    mine, theirs = (json.loads(r.stdout) for r in (forked, fresh))
    for seen in (mine, theirs):  # a new interpreter adds LC_CTYPE when it coerces the C locale
        seen["env"].pop("LC_CTYPE", None)
    assert mine == theirs
    assert mine["env"] == env and mine["cwd"] == str(tmp_path) and mine["argv"] == ["-c", "一", "two"]
    assert mine["jixiao"] is False and mine["stdin"] == "" and mine["name"] == "__main__"


def test_the_package_comes_from_the_book_it_runs_in(tmp_path):
    """As `python -m jixiao` in a copied project: its own package, never this folder's."""
    book = tmp_path / "book"
    (book / "jixiao").mkdir(parents=True)
    (book / "jixiao" / "__init__.py").write_text("")
    (book / "jixiao" / "__main__.py").write_text("import sys, jixiao\nprint(jixiao.__file__, sys.argv[1:])\nsys.exit(3)\n")
    env = {k: v for k, v in os.environ.items() if k != "JIXIAO_ROOT"}
    forked, fresh = both(["build", "--no-pdf"], book, env)
    assert forked.returncode == fresh.returncode == 3
    assert forked.stdout == fresh.stdout == f"{book / 'jixiao' / '__init__.py'} ['build', '--no-pdf']\n"
    assert str(ROOT / "jixiao") not in forked.stdout


@pytest.mark.parametrize(
    "code, returncode",
    [
        ("raise ValueError('坏')", 1),
        ("import sys; sys.exit('说明')", 1),
        ("import sys; sys.exit(None)", 0),
        ("import os, signal; os.kill(os.getpid(), signal.SIGTERM)", -signal.SIGTERM),
        ("raise KeyboardInterrupt", -signal.SIGINT),
    ],
)
def test_exits_as_a_new_interpreter_exits(tmp_path, code, returncode):
    forked, fresh = both([], tmp_path, dict(os.environ), code=code)
    assert forked.returncode == fresh.returncode == returncode
    assert forked.stderr.splitlines()[-1:] == fresh.stderr.splitlines()[-1:]  # the same last line of the traceback


def test_commands_run_side_by_side(tmp_path):
    """Two commands at once (a build and an import waiting for its lock, say) do not wait for each other."""
    marker = tmp_path / "first"
    code_first = f"import pathlib, time\npathlib.Path({str(marker)!r}).touch()\ntime.sleep(3)\n"
    code_second = f"import pathlib, time\nwhile not pathlib.Path({str(marker)!r}).exists(): time.sleep(0.01)\n"
    results = {}
    first = threading.Thread(target=lambda: results.setdefault("first", forkserver.run([], tmp_path, dict(os.environ), code=code_first)))
    first.start()
    started = time.monotonic()
    second = forkserver.run([], tmp_path, dict(os.environ), code=code_second, timeout=60)
    assert second.returncode == 0 and time.monotonic() - started < 3  # did not wait for the first to end
    first.join()
    assert results["first"].returncode == 0


def test_a_command_over_its_time_is_killed(tmp_path):
    with pytest.raises(subprocess.TimeoutExpired):
        forkserver.run([], tmp_path, dict(os.environ), code="import time; time.sleep(60)", timeout=1)


def test_startup_variables_get_a_new_interpreter(tmp_path):
    """PYTHONPATH with a sitecustomize (tests inject faults so) acts as the interpreter starts."""
    (tmp_path / "sitecustomize.py").write_text("import builtins\nbuiltins.INJECTED = True\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path))
    result = forkserver.run([], tmp_path, env, code="print(INJECTED)")
    assert result.returncode == 0 and result.stdout == "True\n", result.stderr
