"""Each year's Word document is exported again exactly when something it is made from changed:
its chapters, its data, the previous published year's data, the code (jixiao.site.word).
The builds that show it (a changed year's document has the new value, an unchanged year's
is copied) are in test_years.py::test_incremental_rebuild_republishes_a_changed_value."""

from __future__ import annotations

import json

from conftest import copy_book, run_python

#: Run in a copy of the book with 2024 and a synthetic 2025: each year's key, after each change.
KEYS = """
import json
from pathlib import Path
from jixiao.dev import synthetic
from jixiao.site import inputs, word
from jixiao.util import paths

synthetic.add_year(2025, 1.1)
def keys():
    return {year: inputs.digest(word.sources(year)) for year in (2024, 2025)}

def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

seen = {"start": keys()}
edit(paths.data_dir(2025) / "expenditure.csv", "916.11", "917.11")
seen["2025 data"] = keys()
edit(paths.data_dir(2024) / "expenditure.csv", "832.83", "833.83")
seen["2024 data"] = keys()
edit(paths.CHAPTERS / "2024" / "02-budget-expenditure.md", "基本支出", "基本支出 ")
seen["2024 chapter"] = keys()
edit(paths.CHAPTERS / "2025" / "report.yml", "status", "status")  # unchanged bytes
seen["nothing"] = keys()
(paths.ROOT / "glossary.md").write_text("# 术语表\\n", encoding="utf-8")
seen["glossary"] = keys()
style = paths.ROOT / "jixiao" / "book" / "style.py"
style.write_text(style.read_text(encoding="utf-8") + "\\n# changed\\n", encoding="utf-8")
seen["code"] = keys()
Path("keys.json").write_text(json.dumps(seen))
"""


def test_a_document_is_made_again_exactly_when_its_sources_change(tmp_path):
    root = copy_book(tmp_path / "book")
    run_python(root, KEYS)
    seen = json.loads((root / "keys.json").read_text())
    changed = {step: sorted(y for y in ("2024", "2025") if seen[step][y] != seen[before][y]) for before, step in zip(seen, list(seen)[1:])}
    assert changed == {
        "2025 data": ["2025"],
        "2024 data": ["2024", "2025"],  # 2025 compares itself with 2024
        "2024 chapter": ["2024"],
        "nothing": [],
        "glossary": [],  # not part of the Word document
        "code": ["2024", "2025"],
    }
