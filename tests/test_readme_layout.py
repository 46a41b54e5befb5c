"""The README's Layout section is the map of the tree: it must name what is there, in its layers.

It lists every part of `runner/` under the layer tests/test_layers.py enforces, every file it
names inside a subpackage exists there, and each subpackage's `exports:` line is its `__all__`.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field

from test_layers import FACADE, LAYERS, RUNNER, SOURCES, module_name, part_of

ROOT = RUNNER.parent
HEADING = "Layout, in layers."
OUTSIDE = "outside the wheel"


@dataclass
class Entry:
    path: str
    text: list[str] = field(default_factory=list)

    @property
    def exports(self) -> set[str] | None:
        joined = " ".join(self.text)
        if "exports:" not in joined:
            return None
        return {name.strip() for name in joined.split("exports:", 1)[1].split(",") if name.strip()}

    @property
    def named_files(self) -> set[str]:
        """Files (`pool.py`) and folders (`js/`) the description names, before its exports line."""
        described = " ".join(self.text).split("exports:", 1)[0]
        return set(re.findall(r"\b[\w.]+\.(?:py|js|json)\b", described)) | set(
            re.findall(r"(?<![\w/.])(\w+)/", described)
        )


def layout() -> tuple[dict[str, list[Entry]], list[str]]:
    """{layer heading: its entries}, and the last line's top-level folders."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert HEADING in text, f"the README has no {HEADING!r} section"
    block = text.split(HEADING, 1)[1].split("```\n", 2)[1]
    layers: dict[str, list[Entry]] = {}
    lines = block.rstrip("\n").split("\n")
    for line in lines[:-1]:
        if not line.startswith(" "):
            current = layers.setdefault(line.strip(), [])
        elif not line.startswith("   "):
            path, _, rest = line.strip().partition(" ")
            current.append(Entry(path, [rest.strip()]))
        else:
            current[-1].text.append(line.strip())
    return layers, lines[-1].split()


def _part(path: str) -> str:
    return part_of(module_name(ROOT / path)) if path.endswith(".py") else path.removeprefix("runner/")


def test_the_layout_lists_the_layers_the_import_test_enforces():
    layers, _ = layout()
    readme = [
        (name.removesuffix(" (independent)"), {_part(e.path) for e in entries}, name.endswith(" (independent)"))
        for name, entries in layers.items()
        if name != OUTSIDE
    ]
    assert readme == LAYERS


def test_the_layout_names_every_part_of_the_package_and_nothing_else():
    layers, _ = layout()
    named = {_part(e.path) for name, entries in layers.items() if name != OUTSIDE for e in entries}
    in_tree = {part_of(module_name(p)) for p in SOURCES} - {FACADE}
    assert named == in_tree


def test_every_path_and_file_the_layout_names_exists():
    layers, top = layout()
    missing = []
    for entries in layers.values():
        for entry in entries:
            where = ROOT / entry.path
            if not where.exists():
                missing.append(entry.path)
            elif where.is_dir():
                present = {p.name for p in where.rglob("*")}
                missing += [f"{entry.path}{name}" for name in sorted(entry.named_files - present)]
    missing += [name for name in top if not (ROOT / name).is_dir()]
    assert missing == []


def test_each_subpackage_exports_what_the_layout_says():
    layers, _ = layout()
    subpackages = [e for name, entries in layers.items() if name != OUTSIDE for e in entries if e.path.endswith("/")]
    assert subpackages
    for entry in subpackages:
        module = importlib.import_module(entry.path.rstrip("/").replace("/", "."))
        assert entry.exports == set(module.__all__), entry.path
        for name in module.__all__:
            getattr(module, name)  # each export really is there
