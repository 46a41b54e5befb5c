"""The package's layers, read from the imports themselves (ast), so a wrong-way import fails here.

Bottom to top; a module may import its own layer's modules (unless the layer says its parts
are independent) and any layer below, never one above:

1. foundation   errors, text and secrets for terminals, sizes/durations/times, strict JSON,
                the HTTP serving pieces every server shares
2. parts        the destination (customerio/: Track API rules and delivery), the engine
                (sandbox/), events in (fixtures), transforms, the webhook object, schema hints;
                independent of each other, so the destination never depends on how a
                transform runs and the sandbox knows nothing of Customer.io
3. pipeline     result, classify, pipeline: one event through all of the above
4. applications check/ (check, snapshots, JUnit, doctor), relay/, editor/, emulator/;
                independent of each other
5. cli          cli/ and `python -m runner`

`runner/__init__.py` (the lazy top-level API) belongs to no layer. The README's Layout
section describes the same layers (tests/test_readme_layout.py checks that it names every
part of the tree).
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

RUNNER = Path(__file__).resolve().parent.parent / "runner"

# (layer, its parts, whether its parts are independent of each other); a part is a top-level
# module of `runner` or a subpackage (with a trailing slash)
LAYERS: list[tuple[str, set[str], bool]] = [
    (
        "foundation",
        {
            "_lazy",
            "errors",
            "envvars",
            "resources",
            "files",
            "findings",
            "terminal",
            "masking",
            "units",
            "strictjson",
            "surrogates",
            "serving",
        },
        False,
    ),
    ("parts", {"customerio/", "sandbox/", "fixtures", "transforms", "webhook", "hints"}, True),
    ("pipeline", {"result", "classify", "pipeline"}, False),
    ("applications", {"check/", "relay/", "editor/", "emulator/"}, True),
    ("cli", {"cli/", "__main__"}, False),
]
FACADE = "__init__"  # runner/__init__.py: re-exports, imported lazily by name


def part_of(module: str) -> str:
    """`runner.relay.store.sqlite` -> `relay/`, `runner.pipeline` -> `pipeline`."""
    name = module.split(".")[1] if "." in module else FACADE
    return f"{name}/" if (RUNNER / name).is_dir() else name


def module_name(path: Path) -> str:
    parts = list(path.relative_to(RUNNER.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, *, is_package: bool = False) -> set[str]:
    """Every `runner` module that `module` (with this source) imports, at any depth: function-level imports count."""
    package = module if is_package else module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "runner"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "runner":
                continue
            if (
                node.module is None or target == "runner"
            ):  # `from . import x`, `from runner import x`: x may be a module
                found |= {f"{target}.{a.name}" for a in node.names}
            else:
                found.add(target)
    return found


def imports_of(path: Path) -> set[str]:
    return imported_modules(path.read_text(encoding="utf-8"), module_name(path), is_package=path.name == "__init__.py")


def layer_of(part: str) -> tuple[int, bool]:
    for index, (_, parts, independent) in enumerate(LAYERS):
        if part in parts:
            return index, independent
    raise LookupError(part)


SOURCES = sorted(RUNNER.rglob("*.py"))


def test_every_part_of_the_package_is_in_a_layer():
    parts = {part_of(module_name(p)) for p in SOURCES} - {FACADE}
    placed = set().union(*(members for _, members, _ in LAYERS))
    assert parts - placed == set(), "new modules: put them in a layer in LAYERS (and in the README's Layout)"
    assert placed - parts == set(), "LAYERS names parts that no longer exist"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(RUNNER.parent)))
def test_no_layer_imports_one_above_it_or_a_sibling_it_must_not_know(path):
    importer = part_of(module_name(path))
    if importer == FACADE:
        return
    level, independent = layer_of(importer)
    wrong = []
    for target in sorted(imports_of(path)):
        part = part_of(target)
        if part == importer or part == FACADE and target == "runner":
            continue
        target_level, _ = layer_of(part)
        if target_level > level:
            wrong.append(f"{target} ({LAYERS[target_level][0]}, above {LAYERS[level][0]})")
        elif target_level == level and independent:
            wrong.append(f"{target} ({part} and {importer} are independent {LAYERS[level][0]})")
    assert wrong == [], f"{path.relative_to(RUNNER.parent)} imports " + "; ".join(wrong)


@pytest.mark.parametrize(
    "path", [p for p in SOURCES if p.name != "__main__.py"], ids=lambda p: str(p.relative_to(RUNNER.parent))
)
def test_every_module_imports(path):
    """An import left pointing at a module's old place (a rebase across a move) fails here,
    not in one command's test."""
    importlib.import_module(module_name(path))


def test_the_reader_sees_every_form_of_import():
    """The checks above are only as good as `imported_modules`: relative, absolute, nested, `from . import x`."""
    source = (
        "import runner.check.run\nimport json\nfrom .. import pipeline\nfrom ..customerio.routes import match_route\n"
        "from . import store\n\ndef f():\n    from ...elsewhere import x\n    from runner.editor import app\n"
    )
    assert imported_modules(source, "runner.relay.probe") == {
        "runner.check.run",
        "runner.pipeline",
        "runner.customerio.routes",
        "runner.relay.store",
        "runner.editor",
    }
    assert imported_modules("from .store import base", "runner.relay", is_package=True) == {"runner.relay.store"}


def test_the_destination_and_the_wheel_stay_apart_from_tests():
    """runner/ never imports the test helpers (tests/support is not in the wheel)."""
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and not n.level}
        assert not {n for n in names if n.split(".")[0] in ("tests", "support", "conftest")}, path


def test_each_foundation_helper_is_defined_once():
    """One place each (issue 14): a name the foundation defines (`parse_duration`, `scrub`) means
    that one thing everywhere; a wrapper that adds to it takes a name saying what it adds."""
    foundation = next(parts for name, parts, _ in LAYERS if name == "foundation")
    defined: dict[str, list[str]] = {}
    for path in SOURCES:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and not node.name.startswith(
                "_"
            ):
                defined.setdefault(node.name, []).append(module_name(path))
    twins = {
        name: modules
        for name, modules in defined.items()
        if len(modules) > 1 and any(part_of(m) in foundation for m in modules)
    }
    assert twins == {}
