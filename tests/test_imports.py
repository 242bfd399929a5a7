"""The package's import graph has no cycles, counting imports inside functions.

The graph is read from the source, not from `sys.modules`, so a cycle hidden
by a function-local import is found as surely as one at the top of a file.
A function-local import is allowed only where it keeps start-up fast, and
then says so in a comment on the line before or on the same line.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "wargame"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def target(node: ast.ImportFrom, here: str, is_package: bool) -> str:
    """The absolute module an `from ... import` names (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    base = here.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(name: str) -> dict[str, list[tuple[int, bool]]]:
    """Each wargame module `name` imports, with (line, inside a function) for each import."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[str, list[tuple[int, bool]]] = {}

    def add(module: str, line: int, local: bool) -> None:
        if module in MODULES and not name.startswith(module + "."):  # a module's own packages are already importing
            found.setdefault(module, []).append((line, local))

    def visit(node: ast.AST, local: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = local or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    add(alias.name, child.lineno, local)
            elif isinstance(child, ast.ImportFrom):
                base = target(child, name, path.name == "__init__.py")
                add(base, child.lineno, local)
                for alias in child.names:  # `from . import saves` imports a module
                    add(f"{base}.{alias.name}", child.lineno, local)
            elif isinstance(child, ast.If) and _is_type_checking(child.test):
                continue  # imports for the type checker only never run
            visit(child, inner)

    visit(tree, False)
    found.pop(name, None)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING" or isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def graph() -> dict[str, set[str]]:
    """Edges from each module to the wargame modules it imports."""
    edges: dict[str, set[str]] = {name: set() for name in MODULES}
    for name in MODULES:
        for module in imports_of(name):
            edges[name].add(module)
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (cycle := walk(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state and (cycle := walk(node)):
            return cycle
    return None


def test_the_graph_is_read_from_the_source() -> None:
    edges = graph()
    assert "wargame.engine" in edges["wargame.session"]
    assert "wargame.replaying" in edges["wargame.session"]


def test_no_import_cycles_counting_function_local_imports() -> None:
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_a_function_local_import_says_why() -> None:
    unexplained = []
    for name, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for module, places in imports_of(name).items():
            for line, local in places:
                if not local:
                    continue
                said = lines[line - 1] + (lines[line - 2] if line > 1 else "")
                if "#" not in said:
                    unexplained.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {module}")
    assert not sorted(set(unexplained)), "function-local imports without a comment saying why:\n" + "\n".join(sorted(set(unexplained)))


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
