"""Run notebooks in warm worker processes, without a Jupyter kernel per page.

A kernel per page costs a Python start and the import of pandas, altair and
vl-convert for every notebook. Instead the build's helper process (:mod:`jixiao.site.helper`)
imports those once, forks a few worker processes that live for one build, and
each worker runs notebook after notebook in one IPython shell:

* every notebook starts with a fresh user namespace (``InteractiveShell.reset``),
  execution count 1, fresh warning filters, and its own folder as working
  directory, as a new kernel would;
* outputs are captured where a kernel publishes them (display publisher,
  display hook, ``sys.stdout``/``sys.stderr``, traceback) and turned into
  nbformat outputs the way nbclient turns kernel messages into outputs, with
  the same JSON encoding (binary images in base64). jupyter-cache stores, and
  myst-nb reads (glue, ``{glue:text}``, mime priorities), what a kernel would
  have produced; ``tests/test_execute.py`` compares the two;
* a failing cell stops the notebook with nbclient's ``CellExecutionError`` text.

Workers import ``jixiao`` from the book being built (``JIXIAO_ROOT``), never
from another folder, and end with the build (changed code is used next build).
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import time
import warnings
from pathlib import Path
from typing import ClassVar

import nbformat
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from jupyter_client.jsonutil import json_default
from nbclient.exceptions import CellExecutionError
from traitlets.config import Config

#: What ipykernel reports as the notebook's ``language_info``.
LANGUAGE_INFO = {
    "name": "python",
    "version": sys.version.split()[0],
    "mimetype": "text/x-python",
    "codemirror_mode": {"name": "ipython", "version": sys.version_info[0]},
    "pygments_lexer": "ipython3",
    "nbconvert_exporter": "python",
    "file_extension": ".py",
}
#: Libraries every page uses, imported before the workers are forked.
WARM = ["pandas", "altair", "vl_convert", "myst_nb.ext.glue", "IPython.display"]


def _wire(obj):
    """As the data arrives at nbclient: through jupyter_client's JSON packing."""
    return json.loads(json.dumps(obj, default=json_default))


def _output(output_type: str, **fields) -> nbformat.NotebookNode:
    """``nbformat.v4.new_output`` without its JSON-schema validation of every
    output (an eighth of a page's time): nbformat.writes validates the notebook once."""
    output = nbformat.from_dict({"output_type": output_type, **fields})
    if output_type in ("display_data", "execute_result"):
        output.setdefault("metadata", nbformat.NotebookNode())
    return output


class _Cell:
    """The outputs of the cell being executed."""

    def __init__(self) -> None:
        self.outputs: list[nbformat.NotebookNode] = []
        self.clear_pending = False

    def add(self, output: nbformat.NotebookNode) -> None:
        if self.clear_pending:
            self.outputs.clear()
            self.clear_pending = False
        self.outputs.append(output)

    def stream(self, name: str, text: str) -> None:
        last = self.outputs[-1] if self.outputs else None
        if last is not None and last.output_type == "stream" and last.name == name and not self.clear_pending:
            last.text += text
        else:
            self.add(_output("stream", name=name, text=text))


class _Stream:
    """``sys.stdout``/``sys.stderr`` while a cell runs: a kernel's stream messages."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, shell: _Shell, name: str):
        self.shell, self.name = shell, name

    def write(self, text: str) -> int:
        if text:
            self.shell.cell.stream(self.name, text)
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError("notebook streams have no file descriptor")


class _Publisher(DisplayPublisher):
    """``display()``: a ``display_data`` output (``update_display_data`` by display id)."""

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs):
        shell = self.shell
        output = _output("display_data", data=_wire(data), metadata=_wire(metadata or {}))
        display_id = (transient or {}).get("display_id")
        if update:
            for old in shell.displays.get(display_id, []):
                old.data, old.metadata = output.data, output.metadata
            return
        if display_id:
            shell.displays.setdefault(display_id, []).append(output)
        shell.cell.add(output)

    def clear_output(self, wait=False):
        if wait:
            self.shell.cell.clear_pending = True
        else:
            self.shell.cell.outputs.clear()


class _DisplayHook(DisplayHook):
    """A cell's last expression: an ``execute_result`` output."""

    def start_displayhook(self):
        self.result = None

    def write_output_prompt(self):
        pass

    def write_format_data(self, format_dict, md_dict=None):
        self.result = (format_dict, md_dict or {})

    def flush(self):
        """Forget the output cache, without DisplayHook.flush's full garbage
        collection (0.2 s a page with pandas and altair loaded)."""
        oh = self.shell.user_ns.get("_oh")
        if oh is not None:
            oh.clear()
        self._, self.__, self.___ = "", "", ""

    def finish_displayhook(self):
        if self.result and self.result[0]:
            data, metadata = self.result
            self.shell.cell.add(_output("execute_result", data=_wire(data), metadata=_wire(metadata), execution_count=self.prompt_count))
        self.result = None


class _Shell(InteractiveShell):
    """One shell per worker; its user namespace is replaced for every notebook."""

    cell = _Cell()
    displays: ClassVar[dict] = {}  # replaced for every notebook
    error: dict | None = None

    def _showtraceback(self, etype, evalue, stb):
        self.error = {"ename": str(etype.__name__), "evalue": str(evalue), "traceback": stb}
        self.cell.add(_output("error", **self.error))


_shell: _Shell | None = None


def shell() -> _Shell:
    global _shell
    if _shell is None:
        config = Config()
        config.HistoryManager.hist_file = ":memory:"  # as jupyter-cache starts its kernels
        config.InteractiveShell.colors = "nocolor"  # error text goes to the build's messages
        _shell = _Shell.instance(config=config, display_pub_class=_Publisher, displayhook_class=_DisplayHook)
    return _shell


def _from(root: str) -> bool:
    package = sys.modules.get("jixiao")
    return package is not None and Path(package.__file__).resolve().parent.parent == Path(root).resolve()


def use_root(root: str) -> None:
    """Make ``jixiao`` (and everything a page imports from it) come from ``root``."""
    os.environ["JIXIAO_ROOT"] = root
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    if root not in sys.path[:1]:
        sys.path.insert(0, root)
    if not _from(root):
        for name in [n for n in sys.modules if n == "jixiao" or n.startswith("jixiao.")]:
            del sys.modules[name]
        InteractiveShell.clear_instance()  # the shell of the other folder's runner
        global _shell
        _shell = None
        importlib.invalidate_caches()
        importlib.import_module("jixiao")
    if not _from(root):
        raise RuntimeError(f"jixiao imported from {sys.modules['jixiao'].__file__}, not from {root}")


def warm_up(root: str | None = None, modules: list[str] = ()) -> None:
    """Before forking the workers: import the libraries the pages use, and the
    package modules they import when this process runs the package of ``root``."""
    for name in WARM + (sorted(modules) if root and _from(root) else []):
        importlib.import_module(name)
    shell()


def start_worker(root: str, log_path: str | None) -> None:
    """Worker initializer: the build's package, and tool chatter to the build log;
    the worker dies with the build, however the build dies."""
    from jixiao.util.processes import die_with_parent

    die_with_parent()
    if log_path:
        fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the build process's: it stops the pool
    use_root(root)


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout("单元格执行超时")


def execute(nb: nbformat.NotebookNode, cwd: str, timeout: int | None) -> str | None:
    """Execute ``nb`` in place as nbclient would; return the error text, or None."""
    sh = shell()
    sh.reset(new_session=True)  # a fresh namespace: nothing left from the previous page
    sh.displays, sh.error = {}, None
    nb.metadata["language_info"] = dict(LANGUAGE_INFO)
    old_cwd, old_streams = os.getcwd(), (sys.stdout, sys.stderr)
    old_alarm = signal.signal(signal.SIGALRM, _alarm)
    os.chdir(cwd)
    try:
        with warnings.catch_warnings():
            for cell in nb.cells:
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                cell.outputs, cell.execution_count = [], sh.execution_count
                sh.cell = _Cell()
                sys.stdout, sys.stderr = _Stream(sh, "stdout"), _Stream(sh, "stderr")
                if timeout:
                    signal.setitimer(signal.ITIMER_REAL, timeout)
                try:
                    result = sh.run_cell(cell.source, store_history=True, silent=False)
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
                    sys.stdout, sys.stderr = old_streams
                cell.outputs = sh.cell.outputs
                if not result.success:
                    error = sh.error or {
                        "ename": "Error",
                        "evalue": repr(result.error_in_exec or result.error_before_exec),
                        "traceback": [],
                    }
                    return str(CellExecutionError.from_cell_and_msg(cell, error))
    finally:
        sys.stdout, sys.stderr = old_streams
        signal.signal(signal.SIGALRM, old_alarm)
        os.chdir(old_cwd)
        sh.reset(new_session=True)  # drop the page's objects now, not at the next page
    return None


def run(nb_json: str, cwd: str, timeout: int | None, png: bool = True) -> tuple[str, str | None, float]:
    """In a worker: execute one notebook; return it as plain JSON, the error text and the time taken.
    (``nbformat.reads``/``writes`` would check the schema on each side; jupyter-cache's write checks
    it once.) Without ``png``, charts leave out their PNG image (``JIXIAO_FIGURE_PNG=0``)."""
    nb = nbformat.from_dict(json.loads(nb_json))
    t0 = time.perf_counter()
    os.environ["JIXIAO_FIGURE_PNG"] = "1" if png else "0"
    try:
        error = execute(nb, cwd, timeout)
    finally:
        os.environ.pop("JIXIAO_FIGURE_PNG", None)
    return json.dumps(nb), error, time.perf_counter() - t0
