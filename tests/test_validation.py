"""The validate stage runs in the build's helper while the build imports the later stages (jixiao.site.validation)."""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from jixiao.site import validation
from jixiao.site.helper import HelperError
from jixiao.util.processes import Interrupts


def test_the_helper_reports_what_the_check_reports_in_process():
    verdict, helper, started = validation.check_while_importing()
    with helper:
        assert verdict == validation.check()
        assert started is None  # no notebooks asked for


def test_a_problem_found_stops_the_imports(monkeypatch):
    def check_finding_a_problem():
        time.sleep(0.3)
        return validation.Verdict([2024], "数据有误")

    monkeypatch.setattr(validation, "check", check_finding_a_problem)
    imported = []

    def slow_import(name):
        imported.append(name)
        time.sleep(0.05)

    monkeypatch.setattr(validation.importlib, "import_module", slow_import)
    monkeypatch.setattr(validation, "execute_modules", lambda: [f"m{i}" for i in range(200)])
    monkeypatch.setattr(validation, "sphinx_modules", lambda: [f"s{i}" for i in range(200)])
    verdict, helper, started = validation.check_while_importing({"png": False})
    assert verdict.problems == "数据有误"
    assert helper is None and started is None  # nothing to execute
    assert 0 < len(imported) < 100  # stopped soon after the helper answered


def test_an_error_in_the_check_reaches_the_build(monkeypatch):
    def broken():
        raise ValueError("规则出错")

    monkeypatch.setattr(validation, "check", broken)
    before = _children()
    with pytest.raises(ValueError, match="规则出错") as raised:
        validation.check_while_importing()
    assert isinstance(raised.value.__cause__, HelperError)
    assert "in broken" in str(raised.value.__cause__)  # the helper's traceback, for the log
    time.sleep(0.2)
    assert _children() == before


def test_ctrl_c_stops_the_child(monkeypatch, tmp_path):
    """A Ctrl-C while the helper checks: the build stops at once and no child is left."""
    checking = tmp_path / "checking"

    def slow_check():
        checking.touch()
        time.sleep(60)

    monkeypatch.setattr(validation, "check", slow_check)
    monkeypatch.setattr(validation, "execute_modules", list)
    monkeypatch.setattr(validation, "sphinx_modules", list)
    before = _children()
    sent = []

    def interrupt_once_checking():
        # Not on a timer: on a loaded machine a timed signal could arrive while the build
        # process still checks the data itself, before any child exists.
        deadline = time.monotonic() + 30
        while not checking.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=interrupt_once_checking, daemon=True).start()
    with pytest.raises(KeyboardInterrupt), Interrupts():  # as in the build (pytest may have inherited SIGINT ignored)
        validation.check_while_importing()
    assert checking.exists() and time.monotonic() - sent[0] < 10  # not after the check's 60 s
    time.sleep(0.2)
    assert _children() == before


def _children() -> set[int]:
    me = os.getpid()
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == me and fields[0] != "Z":
                found.add(int(entry))
    return found


def test_years_checked_side_by_side_come_back_in_order():
    assert validation.on_two_cores(abs, [-1, -2, -3, 4, -5]) == [1, 2, 3, 4, 5]
    assert validation.on_two_cores(abs, []) == []


def test_a_failure_in_the_second_process_reaches_the_check():
    with pytest.raises(TypeError):
        validation.on_two_cores(abs, [-1, "二"])  # the second item is checked in the forked process
