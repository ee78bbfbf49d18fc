"""What the learner sees of the roadmap and their progress: the phase overview, charts, the report.

`overview` (the notebook helpers) · `chart_data` (what each chart shows) · `charts` (drawing) ·
`report` (one HTML page) · `sample` (a deterministic year of history to try them on).
"""

from __future__ import annotations

from .. import lazy_submodules
from .overview import phase_overview, phase_progress

__all__ = ["phase_overview", "phase_progress"]


__getattr__ = lazy_submodules(__name__)
