"""What the learner sees of the roadmap and their progress: the phase overview, charts, the report.

`overview` (the notebook helpers) · `chart_data` (what each chart shows) · `charts` (drawing) ·
`report` (one HTML page) · `sample` (a deterministic year of history to try them on).
"""

from __future__ import annotations

import importlib
from typing import Any

from .overview import phase_overview, phase_progress

__all__ = ["phase_overview", "phase_progress"]


def __getattr__(name: str) -> Any:
    """`pathway.views.charts` loads on first use, so a notebook that only shows its overview stays light."""
    if not name.startswith("_"):
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
