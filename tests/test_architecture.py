"""The package's rooms (ARCHITECTURE.md): dependencies point one way, no cycles, small modules.

Every ``import`` of a jixiao module counts, including the ones inside functions: a
lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "jixiao"

#: Lower layers never import higher ones; rooms on the same level never import each other.
LEVEL = {"util": 0, "report": 1, "book": 2, "authoring": 3, "site": 4, "dev": 5, "cli": 5, "__main__": 6}
MAX_LINES = 300
STANDALONE = {"jixiao.setup_env"}  # run as a script before the environment exists: standard library only


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def room(module: str) -> str | None:
    """``jixiao.book.glue`` → ``book``; the package's own ``__init__`` has no room."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _resolve(name: str) -> str | None:
    """The jixiao module that an import of ``name`` loads (a package means its ``__init__``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str) -> set[str]:
    """The jixiao modules ``module`` imports anywhere in its source."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            if name == "jixiao" or name.startswith("jixiao."):
                target = _resolve(name)
                if target and target != module:
                    found.add(target)
    return found


GRAPH = {m: imports(m) for m in MODULES}


def test_rooms_exist_and_every_module_is_in_one():
    rooms = {room(m) for m in MODULES} - {None, "setup_env"}
    assert rooms == set(LEVEL), f"rooms on disk {sorted(rooms)} differ from the documented {sorted(LEVEL)}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_upward_or_sideways_import(module):
    if module in STANDALONE:
        assert not GRAPH[module], f"{module} runs before the environment exists and may not import {GRAPH[module]}"
        return
    mine = room(module)
    bad = []
    for target in sorted(GRAPH[module]):
        theirs = room(target)
        if theirs is None or mine is None or theirs == mine:
            continue
        if LEVEL[theirs] >= LEVEL[mine]:
            bad.append(f"{target} ({theirs})")
    assert not bad, f"{module} ({mine}, level {LEVEL.get(mine)}) imports upward or sideways: {bad}"


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    assert _cycles(GRAPH) == []


def test_cycle_finder_finds_a_cycle():
    """The check above can fail: a two-module cycle and a three-module cycle are found."""
    graph = {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"e"}, "e": {"c"}, "f": {"a"}}
    assert _cycles(graph) == [["a", "b"], ["c", "d", "e"]]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_is_small(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[module].relative_to(ROOT)} has {lines} lines; split it by what it holds"


def test_architecture_document_names_every_room():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for name in LEVEL:
        if name != "__main__":
            assert f"`{name}" in text, f"ARCHITECTURE.md does not describe the room {name}"
