"""The structure map: which module of `lifelong` imports which, measured against the layer rule.

    .venv/bin/python scripts/structure_map.py [--json]

The rule (docs/architecture.md, "Layers"): apps sit on floors, and an import runs down or sideways
within a floor's app, never up. Inside an app, the kinds of module sit on floors too:
models → selectors/engines → services → tasks/api/views. The map counts what breaks the rule:

- app pairs that import each other both ways;
- imports that run up a floor (between apps, or between kinds of module inside an app);
- circles between files (strongly connected groups of modules, counting every import);
- imports inside functions that cross apps (each needs a comment saying why, on its line or the line above).

`tests/test_architecture.py` holds these numbers to the limits of issue 17.
"""

from __future__ import annotations

import ast
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

# Floors of apps, bottom first. An app may import apps on its own floor's lower floors only.
# "core" is the package's own modules (texts, translations, reference, jobs, errors); "entry" are the
# command line and the project configuration, which wire every app together.
APP_FLOORS: list[tuple[str, ...]] = [
    ("core",),
    ("users", "taxonomy"),
    ("web", "extraction"),
    ("organisations", "guidance"),
    ("people",),
    ("forecasts",),
    ("vacancies",),
    ("accounts",),
    ("catalogue",),
    ("employers",),
    ("casework",),
    ("actionplan",),
    ("dashboard", "mobilisation"),
    ("demo",),
    ("entry",),
]
CORE_MODULES = {"lifelong", "lifelong.texts", "lifelong.translations", "lifelong.reference",
                "lifelong.jobs", "lifelong.errors", "lifelong.privacy"}
ENTRY_MODULES = {"lifelong.cli"}
ENTRY_APPS = {"config"}

# Kinds of module inside an app, bottom first (the first matching name wins; others are "other",
# which may import anything below views).
KIND_FLOORS: list[tuple[str, ...]] = [
    ("engine",),  # pure: no Django, so even a model may use its constants
    ("models",),
    ("selectors", "pricing"),
    ("services",),
    ("tasks", "forms"),
    ("api", "views", "cli", "admin"),
]


@dataclass
class Import:
    source: str
    target: str
    in_function: bool
    line: int
    commented: bool


@dataclass
class Map:
    modules: dict[str, Path]
    imports: list[Import] = field(default_factory=list)

    # ---- what the rule counts -------------------------------------------------------------
    def both_way_pairs(self) -> list[tuple[str, str]]:
        pairs = {(app_of(i.source), app_of(i.target)) for i in self.imports
                 if not _cli_helper(i)} - {(a, a) for a in all_apps()}
        return sorted({tuple(sorted(p)) for p in pairs if (p[1], p[0]) in pairs})

    def upward(self) -> list[Import]:
        out = []
        for i in self.imports:
            sa, ta = app_of(i.source), app_of(i.target)
            if _cli_helper(i):
                continue
            if sa != ta:
                if floor_of_app(ta) > floor_of_app(sa):
                    out.append(i)
            elif sa not in ("core", "entry"):
                sk, tk = kind_floor(i.source), kind_floor(i.target)
                if sk is not None and tk is not None and tk > sk:
                    out.append(i)
        return out

    def cycles(self) -> list[list[str]]:
        graph: dict[str, set[str]] = defaultdict(set)
        for i in self.imports:
            if i.source != i.target and i.target in self.modules:
                graph[i.source].add(i.target)
        return [sorted(c) for c in strongly_connected(self.modules, graph) if len(c) > 1]

    def cross_app_in_functions(self) -> list[Import]:
        """Not counted: the command line's modules (``lifelong.cli`` and each app's ``cli``), which must
        set Django up before they may import a model."""
        return [i for i in self.imports if i.in_function and app_of(i.source) != app_of(i.target)
                and app_of(i.source) != "entry" and not i.source.endswith(".cli")]

    def figures(self) -> dict:
        return {
            "both_way_app_pairs": len(self.both_way_pairs()),
            "upward_imports": len(self.upward()),
            "cycles": len(self.cycles()),
            "cross_app_imports_in_functions": len(self.cross_app_in_functions()),
            "cross_app_imports_in_functions_without_comment": sum(
                1 for i in self.cross_app_in_functions() if not i.commented),
        }


def _cli_helper(i: Import) -> bool:
    """An app's command-line module registers its sub-commands with the helpers of `lifelong.cli`."""
    return i.source.endswith(".cli") and i.target in ENTRY_MODULES


def all_apps() -> set[str]:
    return {a for floor in APP_FLOORS for a in floor}


def app_of(module: str) -> str:
    if module in CORE_MODULES:
        return "core"
    if module in ENTRY_MODULES:
        return "entry"
    parts = module.split(".")
    if len(parts) >= 2 and parts[1] in ENTRY_APPS:
        return "entry"
    if len(parts) >= 2 and (SRC / "lifelong" / parts[1]).is_dir():
        return parts[1]
    return "core"


def floor_of_app(app: str) -> int:
    for n, floor in enumerate(APP_FLOORS):
        if app in floor:
            return n
    raise KeyError(f"app {app!r} has no floor in scripts/structure_map.py APP_FLOORS: give it one")


def kind_floor(module: str) -> int | None:
    parts = module.split(".")[2:]
    for part in parts:
        for n, floor in enumerate(KIND_FLOORS):
            if part in floor:
                return n
    return None


def strongly_connected(nodes, graph) -> list[list[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for start in nodes:
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                out.append(component)
    return out


def read_map(src: Path = SRC) -> Map:
    modules: dict[str, Path] = {}
    for path in (src / "lifelong").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    result = Map(modules)
    for module, path in modules.items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        is_package = path.name == "__init__.py"
        _collect(ast.parse(text), module, is_package, modules, lines, result.imports, False)
    return result


def _collect(node, module, is_package, modules, lines, out, in_function):
    for child in ast.iter_child_nodes(node):
        inner = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
        if isinstance(child, ast.Import | ast.ImportFrom):
            commented = "#" in lines[child.lineno - 1] or (
                child.lineno >= 2 and lines[child.lineno - 2].strip().startswith("#"))
            for target in dict.fromkeys(_targets(child, module, is_package, modules)):
                out.append(Import(module, target, inner, child.lineno, commented))
        _collect(child, module, is_package, modules, lines, out, inner)


def _targets(node, module, is_package, modules) -> list[str]:
    if isinstance(node, ast.Import):
        return [_known(a.name, modules) for a in node.names if a.name.split(".")[0] == "lifelong"]
    if node.level:
        base = module.split(".")
        if not is_package:
            base = base[:-1]
        base = base[: len(base) - (node.level - 1)]
        name = ".".join(base + ([node.module] if node.module else []))
    else:
        name = node.module or ""
    if name.split(".")[0] != "lifelong":
        return []
    out = []
    for alias in node.names:
        full = f"{name}.{alias.name}"
        out.append(full if full in modules else _known(name, modules))
    return out


def _known(name: str, modules) -> str:
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or "lifelong"


def main(argv: list[str]) -> int:
    structure = read_map()
    figures = structure.figures()
    if "--json" in argv:
        print(json.dumps(figures, indent=2))
        return 0
    print("App pairs importing each other both ways:")
    for a, b in structure.both_way_pairs():
        print(f"  {a} <-> {b}")
    print("Imports that run up a floor:")
    for i in structure.upward():
        print(f"  {i.source}:{i.line} -> {i.target}")
    print("Circles between files:")
    for c in structure.cycles():
        print("  " + " -> ".join(c))
    print("Imports inside functions across apps:")
    for i in structure.cross_app_in_functions():
        print(f"  {i.source}:{i.line} -> {i.target}{'' if i.commented else '   (no comment)'}")
    print()
    for key, value in figures.items():
        print(f"{key:50} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
