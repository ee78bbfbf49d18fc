"""Every exercise, by id: declared once in a phase module, found here."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from ..errors import UnknownItemError

if TYPE_CHECKING:
    from .engine import Exercise

# One package per phase (`p0` ... `p7`), one module per notebook section, listed in the package's
# `SECTIONS`. They import nothing heavy at module level.
PHASE_PACKAGE = re.compile(r"^p\d+$")

_EXERCISES: dict[str, Exercise] = {}
_loaded = False


def register(ex: Exercise) -> None:
    if ex.id in _EXERCISES:
        raise ValueError(f"exercise id {ex.id!r} is declared twice")
    clash = [e.id for e in _EXERCISES.values() if e.phase == ex.phase and e.name == ex.name]
    if clash:
        raise ValueError(f"exercise {ex.id!r}: short name {ex.name!r} already used by {clash[0]}")
    _EXERCISES[ex.id] = ex


def _section_modules() -> list[str]:
    """`p1.python`, `p1.languages`, ...: each phase's sections in its `SECTIONS` order.

    A module a phase does not list still loads (after the listed ones), so no exercise is lost;
    a test keeps every `SECTIONS` complete.
    """
    here = Path(__file__).parent
    found = []
    for phase in sorted((p.name for p in here.iterdir() if p.is_dir() and PHASE_PACKAGE.match(p.name)),
                        key=lambda name: int(name[1:])):
        listed = importlib.import_module(f"{__package__}.{phase}").SECTIONS
        present = section_modules_in(here / phase)
        found += [f"{phase}.{name}" for name in (*listed, *(n for n in present if n not in listed))]
    return found


def section_modules_in(folder: Path) -> list[str]:
    """The section modules under one phase folder, dotted below it: `python`, or `deep.cnn` for a
    phase with one package per notebook (Phase 3). Private modules (`_shared`) are not sections."""
    found = []
    for module in pkgutil.iter_modules([str(folder)]):
        if module.name.startswith("_"):
            continue
        if module.ispkg:
            found += [f"{module.name}.{name}" for name in section_modules_in(folder / module.name)]
        else:
            found.append(module.name)
    return sorted(found)


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for module in _section_modules():
            importlib.import_module(f"{__package__}.{module}")


def all_exercises() -> list[Exercise]:
    """Every exercise, in phase order then declaration order."""
    _load()
    return sorted(_EXERCISES.values(), key=lambda e: e.phase)


def get(exercise_id: str) -> Exercise:
    _load()
    if exercise_id in _EXERCISES:
        return _EXERCISES[exercise_id]
    import difflib

    close = difflib.get_close_matches(str(exercise_id), list(_EXERCISES), n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise UnknownItemError(f"unknown exercise {exercise_id!r}.{hint}")


def for_phase(phase: str) -> SimpleNamespace:
    """The exercises of one phase as `ex.<short name>`, for a notebook's `ex = ...` line."""
    found = {e.name: e for e in all_exercises() if e.phase == phase}
    if not found:
        phases = sorted({e.phase for e in all_exercises()})
        raise UnknownItemError(f"no exercises for phase {phase!r}; phases with exercises: {phases}")
    return SimpleNamespace(**found)
