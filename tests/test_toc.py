"""The table of contents is generated from the year folders, newest first."""

from jixiao.book import toc
from jixiao.report.years import published_years
from jixiao.util import paths


def test_toc_is_current():
    assert (paths.ROOT / "_toc.yml").read_text(encoding="utf-8") == toc.render(), "run: python -m jixiao toc"


def test_every_year_is_a_part_newest_first():
    parts = toc.build_toc()["parts"]
    years = [int(p["caption"][:4]) for p in parts if p["caption"][:4].isdigit()]
    assert years == sorted(years, reverse=True) == published_years()
    first = next(p for p in parts if p["caption"][:4].isdigit())["chapters"][0]  # after 多年对比, if any
    assert [s["file"] for s in first["sections"]][:1] == [f"chapters/{years[0]}/01-basic-info"]
    assert len(first["sections"]) == 6


def test_data_dictionary_readme_is_current():
    from jixiao.report import dictionary

    assert (paths.DATA / "README.md").read_text(encoding="utf-8") == dictionary.readme_markdown() + "\n", "run: python -m jixiao dictionary"
