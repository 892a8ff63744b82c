"""The execute stage runs pages in warm workers, not a kernel per page: the
outputs are a kernel's, no state passes from one page to the next, errors stop
the build, and the workers run the package of the book being built."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, seeded_copy

pytestmark = [pytest.mark.build, pytest.mark.cost(29)]


def _prepared(doc: str, root: Path = ROOT) -> nbformat.NotebookNode:
    from myst_parser.config.main import MdParserConfig

    from jixiao.site import execute

    md = MdParserConfig(enable_extensions=set(execute.config().get("parse", {}).get("myst_enable_extensions", [])))
    return execute.prepared(doc, root / f"{doc}.md", md)


def _code_nb(*cells: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    return nb


def test_outputs_are_those_of_a_kernel(monkeypatch):
    """Numbers, 比上年 tables and charts (glue, mime bundles, base64 PNG) exactly as a Jupyter kernel gives them."""
    from jupyter_cache.executors.utils import single_nb_execution

    from jixiao.site import runner

    monkeypatch.setenv("PYTHONPATH", str(ROOT))  # the kernel imports this package
    nb = _prepared("chapters/2024/02-budget-expenditure")
    cwd = str(ROOT / "chapters" / "2024")
    by_kernel, by_worker = copy.deepcopy(nb), copy.deepcopy(nb)
    result = single_nb_execution(by_kernel, cwd=cwd, timeout=300, allow_errors=False)
    assert result.err is None, result.exc_string
    assert runner.execute(by_worker, cwd, 300) is None
    kernel, worker = json.loads(nbformat.writes(by_kernel)), json.loads(nbformat.writes(by_worker))
    outputs = [o for c in worker["cells"] for o in c.get("outputs", [])]
    assert any("application/papermill.record/image/png" in o.get("data", {}) for o in outputs)
    assert any(o.get("metadata", {}).get("scrapbook", {}).get("name") == "expenditure.basic" for o in outputs)
    assert worker == kernel


def test_no_state_passes_from_one_page_to_the_next():
    from jixiao.site import runner

    first = _code_nb("LEAK = 'from the first page'\nimport json as LEAKED_MODULE", "LEAK")
    assert runner.execute(first, str(ROOT), 60) is None
    assert first.cells[1].outputs[0]["data"]["text/plain"] == "'from the first page'"
    second = _code_nb("print(sorted(n for n in dir() if 'LEAK' in n), len(In), len(Out))", "1 + 1")
    assert runner.execute(second, str(ROOT), 60) is None
    assert second.cells[0].outputs == [nbformat.v4.new_output("stream", name="stdout", text="[] 2 0\n")]
    assert [c.execution_count for c in second.cells] == [1, 2]  # a new session, as a new kernel would start
    assert second.cells[1].outputs[0]["execution_count"] == 2


def test_a_failing_cell_stops_the_page_with_the_error_text():
    from jixiao.site import runner

    nb = _code_nb("print('before')", "raise ValueError('页面出错了')", "print('never')")
    error = runner.execute(nb, str(ROOT), 60)
    assert error and "ValueError" in error and "页面出错了" in error and "raise ValueError" in error
    assert nb.cells[1].outputs[-1]["output_type"] == "error" and nb.cells[2].outputs == []
    assert "\x1b[" not in error  # plain text for the build's message


def test_a_slow_cell_times_out():
    from jixiao.site import runner

    error = runner.execute(_code_nb("import time\ntime.sleep(5)"), str(ROOT), 1)
    assert error and "超时" in error


@pytest.fixture(scope="module")
def one_worker(site, tmp_path_factory) -> dict:
    """A real execute stage with one worker, so every page runs in the same process one after
    another, in a copy of the book run with the original folder first on the path (as a copied
    project's environment may have it): the first page sets a global that a later page asserts it
    does not see, and the copy's package marks what the pages glue."""
    root = seeded_copy(tmp_path_factory.mktemp("one-worker") / "book")
    index = root / "chapters" / "2024" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(
            "```{code-cell} ipython3\n:tags: [remove-cell]\n", "```{code-cell} ipython3\n:tags: [remove-cell]\nLEAK = 1\n", 1
        ),
        encoding="utf-8",
    )
    later = root / "chapters" / "2024" / "01-basic-info.md"
    later.write_text(
        later.read_text(encoding="utf-8").replace(
            "```{code-cell} ipython3\n:tags: [remove-cell]\n",
            "```{code-cell} ipython3\n:tags: [remove-cell]\nassert 'LEAK' not in globals(), 'state leaked'\n",
            1,
        ),
        encoding="utf-8",
    )
    glue = root / "jixiao" / "book" / "glue.py"
    glue.write_text(
        glue.read_text(encoding="utf-8").replace('out = {"year": str(data.year)}', 'out = {"year": "BOOK-COPY"}'), encoding="utf-8"
    )
    code = (
        "import jixiao, pathlib\n"
        f"assert pathlib.Path(jixiao.__file__).parent.parent == pathlib.Path({str(root)!r})\n"
        "from jixiao.site import execute\n"
        "ran = execute.execute(print, workers=1)\n"
        "assert ran[:2] == ['chapters/2024/index.md', 'chapters/2024/01-basic-info.md'], ran\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))  # the original folder first on the path
    env.pop("JIXIAO_ROOT", None)
    result = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True)
    return {"root": root, "result": result}


def test_pages_in_one_build_share_no_globals(one_worker):
    result = one_worker["result"]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "LEAK = 1" in (one_worker["root"] / "chapters" / "2024" / "index.md").read_text(encoding="utf-8")


def test_workers_run_the_package_of_the_book_being_built(one_worker):
    """Even when the environment points at another folder's package (a copied project)."""
    result = one_worker["result"]
    assert result.returncode == 0, result.stdout + result.stderr
    cache = one_worker["root"] / "_build" / ".jupyter_cache" / "executed"
    texts = "".join(p.read_text(encoding="utf-8") for p in cache.rglob("*.ipynb"))
    assert "BOOK-COPY" in texts


def test_a_build_without_pdf_leaves_out_the_png_and_a_pdf_build_adds_it(site, tmp_path):
    """Charts' PNG images (for LaTeX only) are made only by builds with a PDF."""
    from conftest import executed, run_build

    root = seeded_copy(tmp_path / "book")
    cache = root / "_build" / ".jupyter_cache" / "executed"

    def pngs() -> int:
        return sum(p.read_text(encoding="utf-8").count('"application/papermill.record/image/png"') for p in cache.rglob("*.ipynb"))

    web = run_build(root, "--no-pdf", "--no-search")
    assert web.returncode == 0, web.stdout + web.stderr
    assert len(executed(web.stdout)) == 6 and pngs() == 0
    assert (root / "_build" / "preview" / "chapters" / "2024" / "02-budget-expenditure.html").read_text(encoding="utf-8").count(
        'class="jx-chart"'
    ) == 2
    full = run_build(root, "--no-search")
    assert full.returncode == 0, full.stdout + full.stderr
    assert len(executed(full.stdout)) == 6 and pngs() == 4  # every chart of the year, once
    tex = next((root / "_build" / "stage" / "_build" / "latex").glob("*.tex")).read_text(encoding="utf-8")
    assert tex.count("\\sphinxincludegraphics") == 4
    again = run_build(root, "--no-pdf", "--no-search")  # the full results serve builds without PDF too
    assert again.returncode == 0 and executed(again.stdout) == []


def test_a_page_read_once_gives_both_variants_as_read_separately():
    """The execute stage reads a page once for its full and its web variant (charts
    without PNG); each equals the page stamped and read on its own (cell ids aside,
    which myst-nb makes at random and jupyter-cache does not hash)."""
    from myst_nb.core.read import read_myst_markdown_notebook

    from jixiao.site import execute, inputs

    def cells(nb):
        return nb.metadata, [{k: v for k, v in c.items() if k != "id"} for c in nb.cells]

    config = execute.md_config()
    stamped = 0
    for doc, path in execute.notebook_docs():
        text = path.read_text(encoding="utf-8")
        for nb, web in zip(execute._variants(doc, path, config, (False, True)), (False, True)):
            if "{code-cell}" in text and "jixiao" in text:
                source = inputs.stamp_source(text, inputs.digest(inputs.doc_inputs(doc, text)), web=web)
                stamped += 1
            else:
                source = text
            alone = read_myst_markdown_notebook(source, config=config, add_source_map=True, path=path)
            assert cells(nb) == cells(alone), (doc, web)
    assert stamped >= 10
