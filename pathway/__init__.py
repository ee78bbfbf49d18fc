"""mle-pathway: the Machine Learning Engineer roadmap as a workbook you can work through.

Notebooks use: `load_roadmap()`, `status()`, `mark(id, status)`, `next_items(n)`, and
`exercises.for_phase("p2")` for the exercises of a phase. Answer cells start as `____`.
"""

from __future__ import annotations

import importlib
from typing import Any

from . import exercises
from .api import (
    history,
    items,
    load_roadmap,
    log,
    logged,
    mark,
    next_items,
    review,
    status,
    statuses,
    store,
)
from .errors import PathwayError, ProgressStoreError, RoadmapError, UnknownItemError
from .exercises.engine import BLANK, ____

__version__ = "0.2.0"

__all__ = [
    "BLANK", "PathwayError", "ProgressStoreError", "RoadmapError", "UnknownItemError", "____",
    "exercises", "history", "items", "load_roadmap", "log", "logged", "mark", "next_items", "review",
    "status", "statuses", "store",
]


def __getattr__(name: str) -> Any:
    """Submodules load on first use (`pathway.labs.competition`), so `import pathway` stays light."""
    if not name.startswith("_"):
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module 'pathway' has no attribute {name!r}")
