"""Fresh ``python -m jixiao`` processes for the tests, without paying the libraries'
import every time.

The suite runs some 140 real commands. Each spent seconds starting Python and importing pandas,
pandera, SQLAlchemy, altair, IPython, Sphinx and the theme again: about 1.5 s of a build that bad
data stops (2 s in all), about 3 s of a successful build (9 s).
Here one server process per pytest worker imports those third-party libraries once (never
``jixiao``), and forks a child per command. The child is a new process as
``python -m jixiao ARGS`` makes it: its own working directory, environment, arguments,
standard streams and ``sys.path[0]``; it imports ``jixiao`` from the book it runs in, runs its
``__main__`` and exits. The build's stages, its notebook workers, Sphinx, Pagefind and xelatex
run for real; only the interpreter's start and the libraries' import are shared.

What this cannot show, a real interpreter start, the tests keep showing: the session's site
build, ``make`` in the copied project (``test_isolation``), and every build a test starts in the
background to interrupt or kill (``conftest.start_build``). ``JIXIAO_TEST_FORKSERVER=0`` runs
every command in its own interpreter.

Run as a script, this file is the server: one JSON request a line on standard input, one JSON
answer a line on standard output (the stream the server's own output never reaches).
"""

from __future__ import annotations

import json
import locale
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

#: Third-party libraries the commands import besides those the build itself imports ahead of
#: its stages (:func:`libraries` adds those): the data check, the PDF and Word stages, the
#: Word and Excel commands. A name missing here is merely imported by the command.
OTHER_LIBRARIES = [
    "pandera",
    "pandera.pandas",
    "sqlalchemy.orm",
    "jupyter_cache.cache.main",
    "nbclient",
    "myst_parser.sphinx_ext.main",
    "sphinx.application",
    "sphinx.builders.latex",
    "jupyter_book.config",
    "docx",
    "openpyxl",
    "yaml",
    "jinja2",
    "bs4",
    "lxml.etree",
    "brotli",
    "fontTools.ttLib",
    "pagefind_bin_extended",
    "pypandoc",
]


def libraries() -> list[str]:
    """What the server imports: the build's own lists of the libraries its process imports ahead
    of its stages (:func:`jixiao.site.validation.later_modules`) and of those its helper imports
    for the pages (:data:`jixiao.site.runner.WARM`), read in this pytest process, less jixiao's
    modules, then :data:`OTHER_LIBRARIES`."""
    from jixiao.site.runner import WARM
    from jixiao.site.validation import later_modules

    found = [*WARM, *later_modules()]
    return list(dict.fromkeys([name for name in found if name.split(".")[0] != "jixiao"] + OTHER_LIBRARIES))


ENABLED = os.environ.get("JIXIAO_TEST_FORKSERVER", "1") != "0"
_SERVER_ENV = {k: v for k, v in os.environ.items() if k != "JIXIAO_ROOT"}  # the server's, from the start


# ---------------------------------------------------------------------------- the server


def _serve(libraries: list[str]) -> None:
    import ctypes
    import importlib
    import select
    import signal

    try:  # the server goes with the pytest worker that started it
        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    sys.path.pop(0)  # this file's folder; each child puts its own first, as a new interpreter would
    encoding = sys.stdout.encoding
    answers = os.fdopen(os.dup(1), "w", buffering=1, encoding="utf-8")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)  # whatever a library prints goes nowhere near the answers
    for name in libraries:
        try:
            importlib.import_module(name)
        except Exception:  # not installed, or broken: the command imports what it needs
            pass
    _warm()
    requests = sys.stdin.buffer
    running: dict[int, str] = {}
    pending = b""
    while True:
        ready, _, _ = select.select([requests], [], [], 0.05 if running else 1.0)
        if ready:
            chunk = os.read(requests.fileno(), 65536)
            if not chunk:
                return  # the pytest worker closed the pipe: its session is over
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                request = json.loads(line)
                pid = os.fork()
                if pid == 0:
                    os.close(answers.fileno())
                    _child(request, devnull, encoding)  # never returns
                running[pid] = request["id"]
                answers.write(json.dumps({"id": request["id"], "pid": pid}) + "\n")
        while running:
            pid, status = os.waitpid(-1, os.WNOHANG)
            if pid == 0:
                break
            answers.write(json.dumps({"id": running.pop(pid), "returncode": os.waitstatus_to_exitcode(status)}) + "\n")


def _warm() -> None:
    """What each command would otherwise work out again once the libraries are imported:
    nbformat's notebook validators, compiled from their JSON schema (0.17 s a build; the
    versions a build asks for). Then the imported objects are left out of the children's
    garbage collections, as a build leaves its own once it has imported them
    (:func:`jixiao.util.heap.settle`): here they are imported before the fork."""
    import gc

    try:
        from nbformat.validator import get_validator

        for minor in (4, 5):
            get_validator(4, minor)
    except Exception:  # a command compiles what it needs
        pass
    gc.collect()
    gc.freeze()


def _child(request: dict, devnull: int, encoding: str) -> None:
    """Become ``python -m jixiao ARGS`` (or ``python -c CODE``), as a new interpreter would."""
    import runpy
    import signal
    import traceback
    import types

    code = 1
    try:
        os.dup2(devnull, 0)
        out = os.open(request["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        err = os.open(request["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(out, 1)
        os.dup2(err, 2)
        for fd in (out, err, devnull):
            os.close(fd)
        # The streams a new interpreter opens on pipes or files (block-buffered, stderr by line).
        sys.stdin = open(0, encoding=encoding, closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding=encoding, closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", encoding=encoding, errors="backslashreplace", buffering=1, closefd=False)  # noqa: SIM115
        sys.__stdin__, sys.__stdout__, sys.__stderr__ = sys.stdin, sys.stdout, sys.stderr
        os.environ.clear()
        os.environ.update(request["env"])
        os.chdir(request["cwd"])
        if request["code"] is None:
            sys.path.insert(0, os.getcwd())  # as `python -m`
            sys.argv = ["-m", *request["args"]]
            runpy.run_module("jixiao", run_name="__main__", alter_sys=True)  # jixiao's __main__ leaves by os._exit
        else:
            sys.path.insert(0, "")  # as `python -c`
            sys.argv = ["-c", *request["args"]]
            main = types.ModuleType("__main__")
            sys.modules["__main__"] = main
            exec(compile(request["code"], "<string>", "exec"), main.__dict__)
        code = 0
    except SystemExit as exit:
        if exit.code is None:
            code = 0
        elif isinstance(exit.code, int):
            code = exit.code
        else:
            print(exit.code, file=sys.stderr)
            code = 1
    except KeyboardInterrupt:
        traceback.print_exc()
        code = -signal.SIGINT  # a new interpreter ends by the signal itself
    except BaseException:  # printed as the interpreter prints it
        traceback.print_exc()
        code = 1
    finally:
        import atexit

        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        if code < 0:
            signal.signal(-code, signal.SIG_DFL)
            os.kill(os.getpid(), -code)
        os._exit(code)


# ---------------------------------------------------------------------------- the client


class _Server:
    """This pytest process's server, started at the first command."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.lock = threading.Lock()
        self.answers: dict[str, list[dict]] = {}
        self.arrived = threading.Condition(self.lock)
        self.next_id = 0

    def _start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, *libraries()], stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=_SERVER_ENV, cwd="/"
        )
        threading.Thread(target=self._read, args=(self.process,), daemon=True).start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            answer = json.loads(line)
            with self.arrived:
                self.answers.setdefault(answer["id"], []).append(answer)
                self.arrived.notify_all()
        with self.arrived:
            self.answers.setdefault("", []).append({"gone": True})
            self.arrived.notify_all()

    def _answer(self, request_id: str, key: str, deadline: float | None) -> dict:
        import time

        with self.arrived:
            while True:
                for answer in self.answers.get(request_id, []):
                    if key in answer:
                        return answer
                if self.answers.get(""):
                    raise RuntimeError("the test fork server died")
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise TimeoutError
                self.arrived.wait(remaining)

    def run(self, args: list[str], cwd: Path | str | None, env: dict, code: str | None, timeout: float | None):
        import signal
        import time

        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self._start()
            self.next_id += 1
            request_id = str(self.next_id)
        with tempfile.TemporaryDirectory(prefix="jixiao-cmd-") as tmp:
            out, err = Path(tmp) / "stdout", Path(tmp) / "stderr"
            request = {"id": request_id, "args": args, "cwd": str(cwd or os.getcwd()), "env": env, "code": code}
            request.update(stdout=str(out), stderr=str(err))
            with self.lock:
                self.process.stdin.write(json.dumps(request).encode() + b"\n")
                self.process.stdin.flush()
            deadline = None if timeout is None else time.monotonic() + timeout
            pid = self._answer(request_id, "pid", deadline)["pid"]
            try:
                returncode = self._answer(request_id, "returncode", deadline)["returncode"]
            except TimeoutError:
                os.kill(pid, signal.SIGKILL)
                raise subprocess.TimeoutExpired(args, timeout) from None
            finally:
                with self.lock:
                    self.answers.pop(request_id, None)
            encoding = locale.getpreferredencoding(False)  # as subprocess decodes text output
            return returncode, out.read_text(encoding=encoding), err.read_text(encoding=encoding)


_SERVER = _Server()


def _startup(env) -> dict:
    """The variables a new interpreter reads as it starts (``PYTHONPATH``, say, with a test's
    ``sitecustomize``): a command whose differ from the server's gets a new interpreter."""
    return {k: v for k, v in env.items() if k.startswith("PYTHON")}


def run(
    args: list[str],
    cwd: Path | str | None,
    env: dict,
    code: str | None = None,
    timeout: float | None = None,
    new_interpreter: bool = False,
) -> subprocess.CompletedProcess:
    """``python -m jixiao ARGS`` (or ``python -c CODE`` with ``code``) in ``cwd`` with exactly the
    environment ``env``, its output captured as text: a forked child of this worker's server, or
    a new interpreter (``new_interpreter``, or ``JIXIAO_TEST_FORKSERVER=0``)."""
    command = [sys.executable, *(["-c", code] if code is not None else ["-m", "jixiao"]), *args]
    if new_interpreter or not ENABLED or _startup(env) != _startup(_SERVER_ENV):
        return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    returncode, stdout, stderr = _SERVER.run(args, cwd, env, code, timeout)
    return subprocess.CompletedProcess(command, returncode, stdout, stderr)


if __name__ == "__main__":
    _serve(sys.argv[1:])
