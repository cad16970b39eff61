"""The architecture's contract, read from the source (ast, nothing imported): only app.py, app_pages/ and
jamstat/web/ import streamlit; the rest of jamstat never imports the web layer; jamstat's modules import each other
without a cycle (imports inside functions count too: a lazy import only hides a cycle)."""

import ast
from pathlib import Path

from jamstat.settings import PROJECT_DIR

PACKAGE = PROJECT_DIR / "jamstat"
WEB = PACKAGE / "web"


def module_name(path: Path) -> str:
    parts = path.relative_to(PROJECT_DIR).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it; `from package import name` counts as package.name when that
    is a module."""
    names = set()
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return names


def test_only_the_web_layer_imports_streamlit():
    outside = {name: path for name, path in MODULES.items() if WEB not in path.parents}
    offenders = {name: sorted(module for module in imported(path) if module.split(".")[0] == "streamlit")
                 for name, path in outside.items()}
    assert {name: found for name, found in offenders.items() if found} == {}
    assert any(WEB in path.parents for path in MODULES.values())  # the scan sees the web layer at all


def test_the_core_does_not_import_the_web_layer():
    outside = {name: path for name, path in MODULES.items() if WEB not in path.parents}
    offenders = {name: sorted(m for m in imported(path) if m == "jamstat.web" or m.startswith("jamstat.web."))
                 for name, path in outside.items()}
    assert {name: found for name, found in offenders.items() if found} == {}


def import_graph() -> dict[str, set[str]]:
    return {name: {module for module in imported(path) if module in MODULES and module != name}
            for name, path in MODULES.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (a -> b -> a), or None."""
    colour, stack = {}, []

    def visit(node: str) -> list[str] | None:
        colour[node] = "grey"
        stack.append(node)
        for target in sorted(graph[node]):
            if colour.get(target) == "grey":
                return [*stack[stack.index(target):], target]
            if target not in colour and (cycle := visit(target)):
                return cycle
        stack.pop()
        colour[node] = "black"
        return None

    for node in sorted(graph):
        if node not in colour and (cycle := visit(node)):
            return cycle
    return None


def test_jamstat_modules_import_each_other_without_a_cycle():
    # Package __init__ files are not edges of a cycle here: importing jamstat.web.data runs jamstat/web/__init__.py
    # first, which is empty on purpose.
    graph = import_graph()
    for name in graph:
        graph[name] = {target for target in graph[name] if not (MODULES[target].name == "__init__.py"
                                                                and name.startswith(target + "."))}
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph))


def test_the_cycle_check_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
