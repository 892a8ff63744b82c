"""The glue of a text written directly equals what myst_nb.glue makes through IPython's formatters."""

from __future__ import annotations

import pytest
from myst_nb import glue as myst_glue

from jixiao.book import glue
from jixiao.site import runner

TEXTS = ["832.83", "1.2万余", "2024", "", "“引号”与'单引号'", 'a"b\\c', "第一行\n第二行", "\t空白 ", "😀", "x" * 5000]


@pytest.fixture
def published(monkeypatch):
    """What reaches the display publisher: (data, metadata) per output."""
    shell = runner.shell()  # the notebook workers' shell (one per process)
    out: list[tuple[dict, dict]] = []
    monkeypatch.setattr(shell.display_pub, "publish", lambda data, metadata=None, **kw: out.append((data, metadata)))
    return out


@pytest.mark.parametrize("text", TEXTS)
def test_text_glue_equals_myst_nb(published, text):
    glue._glue("k", text, display=False)
    myst_glue("k", text, display=False)
    ours, theirs = published
    assert ours == theirs


def test_other_values_go_through_myst_nb(published):
    class Shown:
        def _repr_html_(self):
            return "<b>x</b>"

    glue._glue("k", Shown(), display=False)
    glue._glue("k", "shown", display=True)
    (html, _), (text, _) = published
    assert any(key.endswith("text/html") for key in html)
    assert "text/plain" in text  # displayed in place: no papermill prefix
