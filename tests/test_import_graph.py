"""The house's import rules, read from the source: no package imports itself round in a circle, and the Qt
layer (`ui/`) never speaks HTTP.

Every import counts, wherever it stands: at module level, inside a function, or under `if TYPE_CHECKING:`.
A function-level import only delays a circle until the first call, and a typing-only one still says the two
modules know each other, so both are circles to break at the root (move the shared thing to where it belongs).
`from package import submodule` is an edge to the submodule, not to the package: a package's `__init__`
re-exporting its own submodules is the ordinary layout, not a circle.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("domain", "devices", "kiosk", "ui", "offline_queue", "backoffice")
HTTP_CLIENTS = ("requests", "httpx", "urllib.request", "urllib3", "http.client", "aiohttp",
                "kiosk.backoffice_client")
API_PATH = re.compile(r"""["'f]/?api/v\d""")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (REPO / package).rglob("*.py"):
            parts = path.relative_to(REPO).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _imported_names(module: str, path: Path) -> list[str]:
    """Every dotted name an import statement in the file names: `import a.b` gives a.b, `from a import b`
    gives a.b (relative imports resolved)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
                base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
            names += [f"{base}.{alias.name}" for alias in node.names]
    return names


def _graph() -> dict[str, set[str]]:
    """Module → the modules of ours it imports. A name that is not a module of ours (a class, a function)
    counts as an import of the longest module prefix it has."""
    modules = _modules()

    def ours(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    return {module: {target for name in _imported_names(module, path)
                     if (target := ours(name)) and target != module}
            for module, path in modules.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def test_the_graph_sees_function_level_and_typing_only_imports() -> None:
    graph = _graph()
    assert "kiosk.backoffice_client" in graph["offline_queue.sync"]     # module level
    assert "ui.app" in graph["kiosk.commands.run"]                       # inside run()
    assert "backoffice.context" in graph["backoffice.web.routes"]        # under TYPE_CHECKING


def test_the_circle_finder_finds_a_circle() -> None:
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_circles_in_our_packages() -> None:
    assert _circles(_graph()) == []


def test_ui_imports_no_http_client() -> None:
    offenders = []
    for module, path in _modules().items():
        if module.split(".")[0] != "ui":
            continue
        for name in _imported_names(module, path):
            if any(name == client or name.startswith(client + ".") for client in HTTP_CLIENTS):
                offenders.append(f"{module}: {name}")
    assert offenders == []


def test_ui_names_no_api_path() -> None:
    offenders = [str(path.relative_to(REPO)) for path in (REPO / "ui").rglob("*.py")
                 if API_PATH.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


def test_the_api_path_pattern_finds_one() -> None:
    assert API_PATH.search('client.request("GET", f"api/v1/receipts/{token}")')
    assert API_PATH.search("'/api/v1/evaluations'")
    assert not API_PATH.search("the back office's api answered")
