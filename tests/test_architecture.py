"""The package's shape, checked on its source: imports go one way through the layers, no cycle, no
private name taken from another module, no module over 400 lines (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "horizons_pub"
#: The layers, bottom first: a module may import its own layer and those below it.
LAYERS = ("model", "support", "reader", "transforms", "render", "builder", "commands", "cli")
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _imports(name: str, path: Path) -> list[tuple[str, list[str], int]]:
    """(imported module, names taken from it, line) for every import of the horizons_pub package,
    those inside functions included."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("horizons_pub"):
                continue
            names = [a.name for a in node.names]
            submodules = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            if submodules:  # "from . import fr": the module fr
                out.extend((m, [], node.lineno) for m in submodules)
                names = [n for n in names if f"{target}.{n}" not in MODULES]
                if not names:
                    continue
            out.append((target, names, node.lineno))
        elif isinstance(node, ast.Import):
            out.extend((a.name, [], node.lineno) for a in node.names if a.name.startswith("horizons_pub"))
    return out


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def test_the_layers_are_the_package_folders():
    top = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
           if (p.is_dir() and (p / "__init__.py").is_file()) or p.suffix == ".py"}
    assert top == set(LAYERS) | {"__init__", "__main__"}


def test_imports_go_down_the_layers():
    wrong = []
    for name, path in MODULES.items():
        mine = _layer(name)
        for target, _, line in _imports(name, path):
            theirs = _layer(target)
            if mine is not None and theirs is not None and theirs > mine:
                wrong.append(f"{path.relative_to(SRC)}:{line}: {name} ({LAYERS[mine]}) imports {target}")
    assert not wrong, "\n".join(wrong)


def test_the_two_renderers_do_not_import_each_other():
    wrong = [f"{name} imports {target}" for name, path in MODULES.items() for target, _, _ in _imports(name, path)
             if (name.startswith("horizons_pub.render.epub") and target.startswith("horizons_pub.render.pdf"))
             or (name.startswith("horizons_pub.render.pdf") and target.startswith("horizons_pub.render.epub"))]
    assert not wrong, "\n".join(wrong)


def test_no_private_name_is_imported_from_another_module():
    wrong = [f"{path.relative_to(SRC)}:{line}: {name} takes {n} from {target}"
             for name, path in MODULES.items() for target, names, line in _imports(name, path)
             for n in names if n.startswith("_") and not n.startswith("__")]
    assert not wrong, "\n".join(wrong)


def test_no_import_cycle():
    graph = {name: {t for t, _, _ in _imports(name, path) if t in MODULES and t != name}
             for name, path in MODULES.items()}
    # a package's __init__ that only re-exports its own modules is not a cycle with them
    for name in graph:
        if MODULES[name].name == "__init__.py":
            graph[name] = {t for t in graph[name] if not t.startswith(name + ".")}
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "\n".join(" → ".join(c) for c in cycles)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_400_lines(name):
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(SRC)} has {lines} lines: split it along its seams"
