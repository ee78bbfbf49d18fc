"""Every exercise, by id: declared once in a phase module, found here."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import TYPE_CHECKING

from ..errors import UnknownItemError

if TYPE_CHECKING:
    from .engine import Exercise

# The phase modules, imported on first use. They import nothing heavy at module level.
PHASE_MODULES = (
    "p0_start",
    "p1_academic",
    "p2_data_science",
    "p3_ml",
    "p4_practice",
    "p5_certifications",
    "p6_graduate",
    "p7_exams",
)

_EXERCISES: dict[str, Exercise] = {}
_loaded = False


def register(ex: Exercise) -> None:
    if ex.id in _EXERCISES:
        raise ValueError(f"exercise id {ex.id!r} is declared twice")
    clash = [e.id for e in _EXERCISES.values() if e.phase == ex.phase and e.name == ex.name]
    if clash:
        raise ValueError(f"exercise {ex.id!r}: short name {ex.name!r} already used by {clash[0]}")
    _EXERCISES[ex.id] = ex


def _load() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        for module in PHASE_MODULES:
            try:
                importlib.import_module(f"{__package__}.{module}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{__package__}.{module}":
                    raise


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
