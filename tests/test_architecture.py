"""The house: floors that only look down, the CLI on the public API, resources found as package data."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import helpers

PACKAGE = Path(helpers.__file__).parent
# Floor of each module (prefix match, longest first): 1 data, 2 analysis, 3 store, 4 presentation, 5 entry points
FLOORS = {
    "helpers.text": 1,
    "helpers.data": 1,
    "helpers.scoring": 2,
    "helpers.latency": 2,
    "helpers.agreement": 2,
    "helpers.reporting.records": 2,
    "helpers.reporting.environment": 2,
    "helpers.reporting.evaluation": 2,
    "helpers.reporting.benchmark": 2,
    "helpers.labelling.store": 3,
    "helpers.labelling": 4,
    "helpers.plots": 4,
    "helpers.reporting": 5,
    "helpers.cli": 5,
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _floor(module: str) -> int | None:
    for prefix in sorted(FLOORS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return FLOORS[prefix]
    return None


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m == "helpers" or m.startswith("helpers.")}


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_a_lower_floor_never_imports_a_higher_one(path):
    module = _module_name(path)
    floor = _floor(module)
    assert floor is not None, f"{module} is on no floor: add it to FLOORS (and to the list in helpers/__init__.py)"
    for imported in _imports(path):
        assert imported != "helpers" or module.startswith("helpers.cli"), (
            f"{module} imports the top-level package; inside the kit import the module that defines the name"
        )
        other = _floor(imported)
        if other is not None:
            assert other <= floor, f"{module} (floor {floor}) imports {imported} (floor {other})"


def test_the_cli_uses_only_the_public_api():
    for path in (PACKAGE / "cli").glob("*.py"):
        for imported in _imports(path):
            assert imported == "helpers" or imported.startswith("helpers.cli"), f"{path.name} imports {imported}"


def test_no_module_shares_its_name_with_a_function_it_exports():
    for path in MODULES:
        exported = (
            set(ast.literal_eval(m.group(1)))
            if (m := re.search(r"__all__ = (\[[^\]]*\])", path.read_text(), re.S))
            else set()
        )
        assert path.stem not in exported, f"{_module_name(path)} exports a function of its own name"


def test_resources_come_from_the_package_not_the_checkout():
    for path in MODULES:
        assert not re.search(r"__file__\)?\.(resolve\(\)\.)?parents?\b", path.read_text()), (
            f"{_module_name(path)} reaches into the checkout: use helpers.package_file / importlib.resources"
        )


def test_every_public_name_is_importable_from_the_top():
    for name in helpers.__all__:
        assert getattr(helpers, name) is not None, name


def test_the_top_level_lists_exactly_what_each_room_exports():
    import importlib

    for room, names in helpers._LAZY.items():
        assert set(names) == set(importlib.import_module(f"helpers.{room}").__all__), room
    data = importlib.import_module("helpers.data").__all__
    assert set(data) <= set(helpers.__all__)
