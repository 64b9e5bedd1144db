"""The code as its pipeline: every import points down the stages, no cycles, no module past its size."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
#: The layers from the bottom up; a module may import only from its own layer or a lower one.
LAYERS = (
    (
        "generator.errors",
        "generator.places",
        "generator.messages",
        "generator.intake_messages",
        "generator.report",
    ),
    ("generator.catalogue",),
    ("generator.site",),
    ("generator.publish",),
    ("generator.cli", "generator.__main__"),
)
PARTS = "generator.site.parts."
MAX_LINES = 420


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every generator module imported by ``path``, at any depth of the file (function-local included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            # "from generator.site import urls" imports the module generator.site.urls
            found.update(f"{base}.{a.name}" for a in node.names)
    known = {module_name(p) for p in PACKAGE.rglob("*.py")}
    return {name for name in found if name in known and name != here}


GRAPH = {module_name(p): imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def layer(name: str) -> int:
    for number, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return number
    raise AssertionError(f"{name} belongs to no layer: add it to LAYERS")


def test_the_graph_sees_the_imports_it_should() -> None:
    # The check below would pass vacuously if the parser found nothing.
    assert "generator.catalogue.model" in GRAPH["generator.catalogue.validate"]
    assert "generator.site.urls" in GRAPH["generator.site.templates"]
    assert len(GRAPH) > 30


def test_no_import_cycles() -> None:
    done: set[str] = set()
    stack: list[str] = []

    def visit(name: str) -> None:
        if name in stack:
            cycle = [*stack[stack.index(name) :], name]
            pytest.fail("import cycle: " + " → ".join(cycle))
        if name in done:
            return
        stack.append(name)
        for other in sorted(GRAPH.get(name, ())):
            # A package's __init__ importing its own submodules is how a package exposes them, not a cycle.
            if not other.startswith(name + "."):
                visit(other)
        stack.pop()
        done.add(name)

    for name in sorted(GRAPH):
        visit(name)


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_imports_point_down(name: str) -> None:
    upward = sorted(other for other in GRAPH[name] if layer(other) > layer(name))
    assert not upward, f"{name} imports from a later stage: {upward}"


@pytest.mark.parametrize("name", sorted(n for n in GRAPH if n.startswith(PARTS)))
def test_parts_never_import_each_other(name: str) -> None:
    own = PARTS + name[len(PARTS) :].split(".")[0]
    others = sorted(
        o for o in GRAPH[name] if o.startswith(PARTS) and not (o == own or o.startswith(own + "."))
    )
    assert not others, (
        f"{name} imports other parts {others}: move what they share beside generator.site.render"
    )


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_too_long(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it along what it does"
