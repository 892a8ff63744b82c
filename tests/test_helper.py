"""The build's helper process (jixiao.site.helper): it checks the data, makes the files the
later stages read, and is where the notebook workers are forked from, so the build process
itself never imports the pages' libraries."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, copy_book, run_python
from jixiao.site.helper import Helper


def test_the_build_process_imports_no_page_libraries():
    """What the build process imports for its stages, and the landing page's figures, need
    neither pandas nor altair: those are the helper's (half a second and more of each build)."""
    code = (
        "import sys\n"
        "from jixiao.site import validation\n"
        "verdict, helper, started = validation.check_while_importing({'png': False})\n"
        "assert not verdict.problems, verdict.problems\n"
        "assert started is not None\n"
        "helper.close()\n"
        "import jixiao.site.main, jixiao.site.build\n"
        "from jixiao.book import landing\n"
        "labels, rows = landing.key_figure_table(verdict.years)\n"
        "assert '基本支出' in labels and rows[0], (labels, rows)\n"
        "print(sorted(m for m in ('pandas', 'altair', 'vl_convert', 'numpy', 'pandera') if m in sys.modules))\n"
    )
    # A new interpreter: the tests' fork server has imported everything already.
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ, JIXIAO_ROOT=str(ROOT)), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def _notebook(code: str) -> str:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return json.dumps(nb)


OPTIONS = {"root": str(ROOT), "modules": [], "workers": 2, "log_path": None, "timeout": 60, "png": False}


def test_results_come_back_as_each_notebook_finishes():
    jobs = [(_notebook("import time; time.sleep(1.5); print('slow')"), str(ROOT)), (_notebook("print('quick')"), str(ROOT))]
    with Helper() as helper:
        results = list(helper.run(jobs, **OPTIONS))
    assert [index for index, *_ in results] == [1, 0]  # the quick one first, without waiting for the slow one
    outputs = {index: json.loads(nb)["cells"][0]["outputs"][0]["text"] for index, nb, error, seconds in results}
    assert outputs == {0: "slow\n", 1: "quick\n"}
    assert all(error is None for _, _, error, _ in results)


def test_a_helper_that_died_is_reported_in_chinese():
    helper = Helper()
    time.sleep(0.2)
    os.kill(helper._process.pid, signal.SIGKILL)
    helper._process.join()
    with pytest.raises(RuntimeError, match="构建的辅助进程意外退出"):
        list(helper.run([(_notebook("1"), str(ROOT))], **OPTIONS))
    helper.close()


def test_key_figures_follow_the_data(tmp_path):
    """The landing page's figures are kept by what they are made from: a changed table is
    read again, never answered from the kept copy."""
    book = copy_book(tmp_path / "book")
    run_python(
        book,
        "from pathlib import Path\n"
        "from jixiao.book import keyfigures\n"
        "from jixiao.util import paths\n"
        "assert keyfigures.key_figures(2024)[('expenditure', 'basic')] == ('基本支出', '1020.37万元')\n"
        "csv = paths.data_dir(2024) / 'expenditure.csv'\n"
        "csv.write_text(csv.read_text(encoding='utf-8').replace('基本支出,1020.37,', '基本支出,\"1,020.37\",'), encoding='utf-8')\n"
        "assert keyfigures.key_figures(2024)[('expenditure', 'basic')] == ('基本支出', '1,020.37万元')\n"
        "assert len(list((paths.BUILD / keyfigures.FOLDER).iterdir())) == 2\n",
    )


@pytest.mark.parametrize("problems", ["", "数据有误"])
def test_notebooks_sent_before_the_verdict_run_only_after_a_clean_check(monkeypatch, tmp_path, problems):
    """The build sends the notebooks while the helper still checks: they run only if the data passed."""
    from jixiao.site import runner, validation

    def slow_check():
        time.sleep(0.5)
        return validation.Verdict([2024], problems)

    monkeypatch.setenv("JIXIAO_TEST_RAN", str(tmp_path / "ran"))
    monkeypatch.setattr(runner, "run", _run_marking)  # in the helper's workers, forked from this process
    with Helper(slow_check) as helper:
        results = helper.run([(_notebook("1"), str(ROOT))], **OPTIONS)
        assert not helper.verdict_ready()  # sent before the check had answered
        assert helper.verdict().problems == problems
        if not problems:
            assert [index for index, *_ in results] == [0]
    assert (tmp_path / "ran").exists() == (not problems)


def _run_marking(nb_json, cwd, timeout, png=True):
    """A worker's run that only leaves a mark (module-level: the pool sends it by name)."""
    Path(os.environ["JIXIAO_TEST_RAN"]).touch()
    return nb_json, None, 0.0


def test_the_data_check_does_not_import_hypothesis():
    """pandera would import hypothesis (installed for the tests) for example data jixiao never makes."""
    code = "import sys\nfrom jixiao.site import validation\nassert not validation.check().problems\nprint('hypothesis' in sys.modules)\n"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ, JIXIAO_ROOT=str(ROOT)), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
