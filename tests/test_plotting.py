"""Every ``plot_*`` function of the kit opens with the one shared preamble (plotting.open_axes)."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "transfo_lab"
#: Helpers that are themselves the shared opening (they call open_axes).
OPENERS = {"open_axes", "_heatmap_axes"}


def _plot_functions() -> dict[str, set[str]]:
    """plot function (module:name) → the names it calls."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("plot_"):
                calls = {c.func.id if isinstance(c.func, ast.Name) else getattr(c.func, "attr", "")
                         for c in ast.walk(node) if isinstance(c, ast.Call)}
                found[f"{path.stem}:{node.name}"] = calls
    return found


def test_heatmap_opening_is_open_axes():
    from transfo_lab.phases.research import coding

    source = ast.parse(Path(coding.__file__).read_text(encoding="utf-8"))
    opener = next(n for n in ast.walk(source) if isinstance(n, ast.FunctionDef) and n.name == "_heatmap_axes")
    assert "open_axes" in {c.func.id for c in ast.walk(opener) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)}


def test_every_plot_function_opens_with_open_axes():
    plots = _plot_functions()
    assert len(plots) >= 20
    assert sorted(name for name, calls in plots.items() if not calls & OPENERS) == []
