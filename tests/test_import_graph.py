"""The import graph of transfo_lab: no cycle among the imports run when a module is loaded.

Every module of the package is parsed with :mod:`ast` (nothing is imported). An import at
the top of a module (or under ``if TYPE_CHECKING:``, or in a ``try``) is *top-level*: it runs
when the module is loaded, so a cycle among them is a real cycle. An import inside a function
runs later; those are listed (``pytest -rP``) as the places where a cycle may be dodged today,
for the layout change to clear.
"""
from __future__ import annotations

import ast
from pathlib import Path

import transfo_lab

PACKAGE = Path(transfo_lab.__file__).parent
NAME = "transfo_lab"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(node: ast.ImportFrom | ast.Import, module: str, path: Path, known: set[str]) -> list[str]:
    """The transfo_lab modules an import statement loads (``from transfo_lab import x`` may name a submodule)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:  # relative import
            package = module if path.name == "__init__.py" else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{node.module}" if node.module else package
        else:
            base = node.module or ""
        names = [base] + [f"{base}.{alias.name}" for alias in node.names]
    found = []
    for name in names:
        if not (name == NAME or name.startswith(NAME + ".")):
            continue
        while name and name not in known:  # ``transfo_lab.labels.label`` → ``transfo_lab.labels``
            name = name.rpartition(".")[0]
        if name:
            found.append(name)
    return found


class _Imports(ast.NodeVisitor):
    def __init__(self, module: str, path: Path, known: set[str]):
        self.module, self.path, self.known = module, path, known
        self.depth = 0
        self.top: dict[str, int] = {}
        self.late: dict[str, int] = {}

    def _function(self, node) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def _import(self, node) -> None:
        target = self.top if self.depth == 0 else self.late
        for name in _resolve(node, self.module, self.path, self.known):
            if name != self.module and not self.module.startswith(name + "."):  # a package's own __init__
                target.setdefault(name, node.lineno)

    visit_Import = visit_ImportFrom = _import


def import_graph() -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """(top-level imports, function-level imports): module → {imported module: line}."""
    modules = _modules()
    known = set(modules)
    top, late = {}, {}
    for module, path in modules.items():
        visitor = _Imports(module, path, known)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        top[module], late[module] = visitor.top, visitor.late
    return top, late


def find_cycle(graph: dict[str, dict[str, int]]) -> list[str] | None:
    """One cycle of ``graph`` as a path ``[a, b, …, a]``, or ``None`` (iterative depth-first search)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for root in sorted(graph):
        if state.get(root):
            continue
        path, stack = [root], [iter(sorted(graph.get(root, ())))]
        state[root] = 1
        while stack:
            child = next(stack[-1], None)
            if child is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(child) == 1:
                return path[path.index(child):] + [child]
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append(iter(sorted(graph.get(child, ()))))
    return None


# --- the checker itself, on small graphs whose answer is known ------------------------------------

def test_find_cycle_on_known_graphs():
    assert find_cycle({"a": {"b": 1}, "b": {"c": 1}, "c": {}}) is None
    assert find_cycle({"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {}, "b": {"c": 1}, "c": {"b": 1}}) == ["b", "c", "b"]


def test_the_graph_sees_top_level_and_function_level_imports():
    top, late = import_graph()
    assert "transfo_lab.labels" in top["transfo_lab.validation"]
    assert "transfo_lab.labels" in top["transfo_lab.problems"]
    assert "transfo_lab.exceptions" in late["transfo_lab.labels"]  # check_lang raises a ParameterError


# --- the package ------------------------------------------------------------------------------------

def test_no_cycle_among_top_level_imports():
    top, _ = import_graph()
    cycle = find_cycle(top)
    assert cycle is None, "import cycle among top-level imports: " + " → ".join(
        f"{a} (line {top[a][b]})" for a, b in zip(cycle, cycle[1:])) + f" → {cycle[-1]}"


def test_the_bottom_layer_imports_only_the_label_catalogue():
    top, late = import_graph()
    assert set(top["transfo_lab.problems"]) | set(late["transfo_lab.problems"]) <= {"transfo_lab.labels"}
    assert set(top["transfo_lab.labels"]) == set()
    assert "transfo_lab.validation" not in top["transfo_lab.exceptions"]
    assert "transfo_lab.validation" not in late["transfo_lab.exceptions"]


def test_list_function_level_imports_that_close_a_cycle():
    """Function-level imports that would make a cycle if they were at the top: listed, not failed."""
    top, late = import_graph()
    dodges = []
    for module, targets in sorted(late.items()):
        for target, line in sorted(targets.items()):
            graph = {m: dict(t) for m, t in top.items()}
            graph[module][target] = line
            if find_cycle(graph) is not None and find_cycle(top) is None:
                dodges.append(f"{module}:{line} imports {target} inside a function")
    print(f"{len(dodges)} function-level import(s) that dodge a cycle:")
    print("\n".join(dodges))
    assert all(" imports transfo_lab." in d for d in dodges)
