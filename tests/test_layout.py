"""The package's rooms stay as DESIGN.md draws them: the core never reaches up, modules stay small."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from pathway.exercises import registry

PACKAGE = Path(__file__).resolve().parent.parent / "pathway"
CORE = ("roadmap", "progress", "event_format", "summary", "paths", "errors", "display", "clock", "facts")
UPPER = ("exercises", "labs", "views")
MAX_LINES = 500


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, at any depth of the code, as absolute `pathway.…` names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = "pathway" if node.level == 1 else "pathway.<up>"
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("name", CORE)
def test_core_imports_no_upper_layer(name):
    imported = _imported_modules(PACKAGE / f"{name}.py")
    reaching_up = sorted(m for m in imported for layer in UPPER if m == f"pathway.{layer}"
                         or m.startswith(f"pathway.{layer}."))
    assert not reaching_up, f"core module {name} imports {reaching_up}; the core must not import {UPPER}"


def test_the_layering_test_sees_an_upward_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from .exercises import registry\n    from .views.charts import draw\n")
    assert {"pathway.exercises", "pathway.views.charts"} <= _imported_modules(bad)


def test_top_level_is_the_core_and_the_entry_points():
    modules = {p.stem for p in PACKAGE.glob("*.py")} - {"__init__"}
    assert modules == {*CORE, "api", "cli"}
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(UPPER)


def test_no_module_is_longer_than_a_sitting():
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these by section or job: {long}"


def test_every_section_module_is_listed_in_its_phase():
    exercises = PACKAGE / "exercises"
    for phase in sorted(p for p in exercises.iterdir() if p.is_dir() and p.name[1:].isdigit()):
        listed = importlib.import_module(f"pathway.exercises.{phase.name}").SECTIONS
        present = set(registry.section_modules_in(phase))
        assert set(listed) == present, f"{phase.name}.SECTIONS {listed} does not list {present}"
