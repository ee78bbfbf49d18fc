"""Setup code and data that several sections of Phase 6, graduate studies use."""

from __future__ import annotations

import functools
import math
from typing import Any

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
