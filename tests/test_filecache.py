"""The build's file caches (jixiao.util.filecache): made once, whole or not at all, optional."""

from __future__ import annotations

import pytest

from jixiao.util import filecache


def test_made_once_then_read_back(tmp_path):
    calls = []

    def make():
        calls.append(1)
        return b"packed"

    path = tmp_path / "ab" / "key.gz"
    assert filecache.cached(path, make) == b"packed"
    assert filecache.cached(path, make) == b"packed"
    assert calls == [1] and path.read_bytes() == b"packed"
    assert [p.name for p in path.parent.iterdir()] == ["key.gz"]  # no partial file left


def test_a_cache_path_that_is_a_file_only_costs_time(tmp_path):
    (tmp_path / "x").write_text("not a folder")
    assert filecache.cached(tmp_path / "x" / "key", lambda: b"data") == b"data"  # an unwritable cache, even for root


def test_write_atomic_raises_and_leaves_the_old_file(tmp_path):
    target = tmp_path / "page.html.gz"
    target.write_bytes(b"old")
    with pytest.raises(OSError):
        filecache.write_atomic(tmp_path / "missing" / "page.html.gz", b"new")
    filecache.write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and sorted(p.name for p in tmp_path.iterdir()) == ["page.html.gz"]
