"""The tools the phase notebooks teach with, one module each (`from pathway.labs import planning`).

Each imports only the core (and the standard library, or a third-party library inside the function
that needs it), so a notebook loads just the lab it uses.
"""

from __future__ import annotations

import importlib
from typing import Any


def __getattr__(name: str) -> Any:
    """`pathway.labs.competition` loads on first use, like `from pathway.labs import competition`."""
    if not name.startswith("_"):
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
