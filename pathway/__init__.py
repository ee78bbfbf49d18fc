"""mle-pathway: the Machine Learning Engineer roadmap as a workbook you can work through.

Notebooks use: `load_roadmap()`, `status()`, `mark(id, status)`, `next_items(n)`, and
`exercises.for_phase("p2")` for the exercises of a phase. Answer cells start as `____`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
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
    require_extra,
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
    "exercises", "history", "items", "load_roadmap", "log", "logged", "mark", "next_items", "require_extra",
    "review", "status", "statuses", "store",
]


def lazy_submodules(package: str) -> Callable[[str], Any]:
    """A module `__getattr__` that imports `<package>.<name>` on first use (`pathway.labs.competition`),
    so importing a package stays light. `labs` and `views` use it too."""

    def __getattr__(name: str) -> Any:
        if not name.startswith("_"):
            try:
                return importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as exc:
                if exc.name != f"{package}.{name}":
                    raise
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__


__getattr__ = lazy_submodules(__name__)
