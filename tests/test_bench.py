"""``make bench`` (jixiao.dev.bench): a rebuild after a small change is measured several times."""

from __future__ import annotations

from jixiao.dev import bench


def test_a_small_change_is_measured_repeatedly_and_the_median_reported(tmp_path, monkeypatch):
    table = tmp_path / "performance.csv"
    table.write_text("papers,发表专业论文,9,篇\n", encoding="utf-8")
    walls = iter([5.0, 7.0, 4.0])
    built = []

    def build(book, *args):
        built.append(table.read_text(encoding="utf-8"))
        return {"wall": next(walls), "cpu": 1.0, "rss": 100.0, "executed": 5, "pdf": None}

    monkeypatch.setattr(bench, "build", build)
    result = bench.repeated(tmp_path, table, ["发表专业论文,9,", "发表专业论文,10,", "发表专业论文,11,", "发表专业论文,12,"])
    assert built == ["papers,发表专业论文,10,篇\n", "papers,发表专业论文,11,篇\n", "papers,发表专业论文,12,篇\n"]
    assert result["wall"] == 5.0 and result["runs"] == [5.0, 7.0, 4.0]
