"""Setup code and data that several sections of Phase 6, graduate studies use."""

from __future__ import annotations

import functools
import math
from typing import Any

_MATRIX_SETUP = """
import pandas as pd

weights = {"research_fit": 5, "curriculum": 4, "cost": 3, "flexibility": 2, "location": 1}
ratings = pd.DataFrame(
    {
        "research_fit": [5, 4, 3],
        "curriculum": [4, 5, 4],
        "cost": [2, 3, 5],
        "flexibility": [2, 3, 5],
        "location": [3, 4, 4],
    },
    index=["ML programme A", "AI programme B", "AI programme C (online)"],
)
"""


_CHECKLIST_SETUP = """
from datetime import date, timedelta

deadline = date(2026, 12, 15)  # an example: use the date on your programme's admissions page
lead_weeks = {
    "test scores (only if the programme requires them)": 10,
    "recommendation letters requested": 8,
    "official transcripts requested": 6,
    "statement of purpose drafted": 6,
    "writing sample or portfolio ready": 4,
    "CV updated": 3,
    "statement of purpose final": 2,
    "application fee paid and application submitted": 1,
}
"""


_STATE_SETUP = "from datetime import date, timedelta"


_TTEST_SETUP = "import numpy as np"


_CLAIMS_SETUP = """
from pathway.labs import research

claims = research.claims()
"""


@functools.cache
def _run(code: str) -> dict[str, Any]:
    """The names an exercise's setup code defines (the same values the notebook holds)."""
    namespace: dict[str, Any] = {}
    exec(compile(code, "<setup>", "exec"), namespace)
    return namespace


def _close(a: Any, b: Any, rel: float = 1e-6) -> bool:
    """Float equality with tolerance that never raises (learner functions may return anything)."""
    try:
        if isinstance(a, bool) or isinstance(b, bool):
            return False
        fa, fb = float(a), float(b)
    except (TypeError, ValueError, OverflowError):
        return False
    if math.isinf(fb):
        return fa == fb
    return math.isclose(fa, fb, rel_tol=rel, abs_tol=1e-9)


def _is_text(value: Any, text: str) -> bool:
    return isinstance(value, str) and value == text
