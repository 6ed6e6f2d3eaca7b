"""The package's import graph: no cycle, and every import goes down the layers of docs/architecture.md.

Both top-level and deferred (function-level) imports count: a deferred import that goes up a layer hides a
dependency as surely as a top-level one.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "transfo_lab"

#: Layers from the bottom; a module may import its own layer and the layers below.
LAYERS = [
    ("base", ["transfo_lab.base"]),
    ("protocol facts", ["transfo_lab.protocols.facts"]),
    ("data contract", ["transfo_lab.contract"]),
    ("protocols", ["transfo_lab.protocols"]),
    ("phases", ["transfo_lab.phases"]),
    ("interop", ["transfo_lab.interop"]),
    ("reports", ["transfo_lab.reports"]),
    ("training", ["transfo_lab.training"]),
    ("cli", ["transfo_lab.cli", "transfo_lab.__main__", "transfo_lab"]),
]

#: The deferred imports that go up a layer on purpose, each with its reason. Adding one needs a reason here.
INVERSIONS = {
    ("transfo_lab.contract.programme", "transfo_lab.protocols.planning"):
        "validating a programme applies the protocol's calendar rules",
    ("transfo_lab.contract.programme", "transfo_lab.phases.ideation"):
        "validating a programme applies the dot budget of the votes",
    ("transfo_lab.contract.programme", "transfo_lab.phases.research.survey"):
        "validating a programme checks the survey scales declared in programme.yaml",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    """The index in LAYERS of the most specific prefix that names ``module``."""
    best, length = None, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > length:
                best, length = index, len(prefix)
    assert best is not None, f"{module} is in no layer of docs/architecture.md"
    return best


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".")
    if not MODULES[module].name == "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def imports(module: str) -> list[tuple[str, int, bool]]:
    """(imported transfo_lab module, line, at top level) for every import statement of ``module``."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, node)
            targets = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else source
                       for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target.startswith("transfo_lab") and target != module:
                found.append((target, node.lineno, id(node) in top))
    return found


def test_every_module_is_in_a_layer():
    for module in MODULES:
        layer_of(module)


def test_imports_go_down_the_layers():
    wrong = []
    for module in MODULES:
        mine = layer_of(module)
        for target, line, top in imports(module):
            theirs = layer_of(target)
            if (module, target) in INVERSIONS and not top:
                continue
            if theirs > mine and not module.startswith(target + "."):
                wrong.append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{line} {module} ({LAYERS[mine][0]}) "
                             f"imports {target} ({LAYERS[theirs][0]})")
    assert not wrong, "imports that go up a layer:\n" + "\n".join(wrong)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


@pytest.mark.parametrize("top_level_only", [True, False], ids=["top-level", "with-deferred"])
def test_no_import_cycle(top_level_only):
    graph = {module: {target for target, _, top in imports(module)
                      if (top or not top_level_only) and not module.startswith(target + ".")
                      and not target.startswith(module + ".")}
             for module in MODULES}
    graph = {m: {t for t in targets if t != "transfo_lab"} for m, targets in graph.items()}
    cycle = _cycle(graph)
    assert cycle is None, "import cycle: " + " → ".join(cycle)


def test_argparse_only_under_the_cli():
    users = [module for module in MODULES
             if any(isinstance(node, (ast.Import, ast.ImportFrom))
                    and ("argparse" in [a.name for a in node.names] or getattr(node, "module", None) == "argparse")
                    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))))]
    assert all(layer_of(m) == len(LAYERS) - 1 for m in users), users


def test_the_graph_sees_deferred_imports():
    # a known deferred import: the batch loads the programme inside plan_jobs
    targets = {t for t, _, top in imports("transfo_lab.reports.batch") if not top}
    assert "transfo_lab.contract.programme" in targets


def test_inversions_are_still_needed():
    deferred = {(module, target) for module in MODULES for target, _, top in imports(module) if not top}
    assert set(INVERSIONS) <= deferred, set(INVERSIONS) - deferred


# --- the cycle finder on graphs whose answer is known -------------------------------------------------

def test_cycle_finder_on_known_graphs():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": set(), "b": {"c"}, "c": {"b"}}) == ["b", "c", "b"]


# --- the problem record and the exceptions at the bottom ----------------------------------------------

def test_the_problem_record_imports_only_the_label_catalogue():
    assert {target for target, _, _ in imports("transfo_lab.base.problems")} <= {"transfo_lab.base.labels"}


def test_the_exceptions_import_nothing_from_the_kit():
    # not even under TYPE_CHECKING: exceptions → validation → labels → exceptions was the cycle of issue 14
    assert imports("transfo_lab.base.exceptions") == []


def test_list_deferred_imports_that_dodge_a_cycle(capsys):
    """Deferred imports that would close a cycle if they were at the top: listed (``pytest -rP``), not failed."""
    top = {module: {t for t, _, is_top in imports(module) if is_top and not module.startswith(t + ".")
                    and not t.startswith(module + ".") and t != "transfo_lab"} for module in MODULES}
    assert _cycle(top) is None
    dodges = []
    for module in MODULES:
        for target, line, is_top in imports(module):
            if is_top or target == "transfo_lab" or module.startswith(target + ".") or target.startswith(module + "."):
                continue
            graph = {m: set(t) for m, t in top.items()}
            graph[module].add(target)
            if _cycle(graph) is not None:
                dodges.append(f"{MODULES[module].relative_to(PACKAGE.parent)}:{line} {module} imports {target}")
    dodges = sorted(set(dodges))
    print(f"{len(dodges)} deferred import(s) that dodge a cycle:", *dodges, sep="\n")
    assert all(" imports transfo_lab." in d for d in dodges)
