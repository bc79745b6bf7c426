"""The layers stay as docs/architecture.md draws them: imports go only downward
(notices -> docket -> casetracker), and no two rooms import each other, not even through an
import hidden inside a function. Read from the source with `ast`, so it fails on the commit that
adds the import, whatever the import is for.

A "room" is a sub-package (docket.entries, notices.deadlines, ...) or a top-level module of an app
(docket.models, notices.signals, ...). A circle between rooms fails, and so does one between two
modules of the same room."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("casetracker", "docket", "notices")
LAYER = {"casetracker": 0, "docket": 1, "notices": 2}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            found[_module_name(path)] = path
    return found


MODULES = _modules()


def _resolve(name: str) -> str | None:
    """The project module `name` refers to: itself, or the module holding the imported name."""
    while name:
        if name in MODULES:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str) -> set[str]:
    """Every project module `module` imports, at the top or inside a function."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            names = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for name in names:
            target = _resolve(name)
            if target and target != module and target.split(".")[0] in APPS:
                found.add(target)
    return found


GRAPH = {module: _imports(module) for module in MODULES}


def room(module: str) -> str:
    """docket.entries.write -> docket.entries; docket.models -> docket.models."""
    parts = module.split(".")
    if len(parts) >= 3 or (len(parts) == 2 and (ROOT / parts[0] / parts[1]).is_dir()):
        return ".".join(parts[:2])
    return module


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `graph`, or None (depth-first search)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_graph_sees_the_project():
    """The check reads the real code: the rooms are there and their known edges are found."""
    assert {"docket.entries.write", "notices.deadlines.rules", "casetracker.courttime"} <= set(
        MODULES
    )
    assert "docket.models" in GRAPH["docket.entries.write"]
    assert "casetracker.courttime" in GRAPH["notices.deadlines.rules"]


def test_imports_only_go_down_the_layers():
    upward = sorted(
        f"{module} imports {target}"
        for module, targets in GRAPH.items()
        for target in targets
        if LAYER[target.split(".")[0]] > LAYER[module.split(".")[0]]
    )
    assert upward == [], "casetracker <- docket <- notices only:\n" + "\n".join(upward)


def test_no_circle_between_rooms():
    rooms: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        rooms.setdefault(room(module), set()).update(
            room(t) for t in targets if room(t) != room(module)
        )
    assert _cycle(rooms) is None, "rooms import each other: " + " -> ".join(_cycle(rooms))


def test_no_circle_between_modules():
    assert _cycle(GRAPH) is None, "modules import each other: " + " -> ".join(_cycle(GRAPH))


def test_the_cycle_finder_finds_cycles():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


# --------------------------------------------------------------------------- one write path

# A new deadline is written in one place (notices.deadlines.services.create_deadline): saved and
# audited, reminded, announced. Anywhere else, building a Deadline, creating one through a
# manager or announcing one is a second write path that skips some of that.
DEADLINE_WRITER = ("notices.deadlines.services", "create_deadline")
_CREATES = {"create", "bulk_create", "get_or_create", "update_or_create"}


def _dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def deadline_writes(source: str, *, allowed_function: str = "") -> list[str]:
    """Each place in `source` that makes or announces a new Deadline (outside the function
    `allowed_function`), as "line N: what"."""
    tree = ast.parse(source)
    exempt: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and (
            node.name == allowed_function
        ):
            exempt |= {id(inner) for inner in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in exempt:
            continue
        name = _dotted(node.func)
        last, _, method = name.rpartition(".")
        if name.split(".")[-1] == "Deadline":
            found.append(f"line {node.lineno}: {name}(...)")
        elif method in _CREATES and (
            last.endswith(("Deadline.objects", "Deadline._default_manager"))
            or last == "deadlines"
            or last.endswith(".deadlines")
        ):
            found.append(f"line {node.lineno}: {name}(...)")
        elif method in {"send", "send_robust"} and last.split(".")[-1] == "deadline_created":
            found.append(f"line {node.lineno}: {name}(...)")
    return sorted(found, key=lambda hit: int(hit.split()[1].rstrip(":")))


def test_new_deadlines_are_written_only_by_the_one_service():
    module, function = DEADLINE_WRITER
    bypasses = []
    for name, path in sorted(MODULES.items()):
        allowed = function if name == module else ""
        bypasses += [
            f"{name} {hit}" for hit in deadline_writes(path.read_text(), allowed_function=allowed)
        ]
    assert bypasses == [], (
        "a new deadline is saved, reminded and announced only by "
        f"{module}.{function}:\n" + "\n".join(bypasses)
    )
    # and the service is there and does it
    assert deadline_writes(MODULES[module].read_text()) != []


def test_the_deadline_write_finder_finds_bypasses():
    source = """
from notices.deadlines import events
def a():
    Deadline(case=case).save()
def b():
    models.Deadline.objects.create(case=case)
def c():
    obligation.deadlines.get_or_create(case=case)
def d():
    events.deadline_created.send(sender=Deadline, deadline=x)
def create_deadline():
    Deadline(case=case)
    deadline_created.send(sender=Deadline, deadline=x)
"""
    assert deadline_writes(source, allowed_function="create_deadline") == [
        "line 4: Deadline(...)",
        "line 6: models.Deadline.objects.create(...)",
        "line 8: obligation.deadlines.get_or_create(...)",
        "line 10: events.deadline_created.send(...)",
    ]
    assert len(deadline_writes(source)) == 6
    assert deadline_writes("Deadline.objects.filter(case=case).update(status='met')") == []
