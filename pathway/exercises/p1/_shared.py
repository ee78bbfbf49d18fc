"""Setup code and data that several sections of Phase 1, academic foundation use."""

from __future__ import annotations

import functools
import numbers
from typing import Any

ROWS_SETUP = """
import csv
from pathway.labs import datasets

with open(datasets.path("penguins.csv"), newline="") as f:
    rows = list(csv.DictReader(f))
"""


SQL_SETUP = "from pathway.labs import sqlite_lab\nconn = sqlite_lab.connect()"


@functools.cache
def _csv_rows(name: str) -> tuple[dict[str, str], ...]:
    import csv

    from ...labs import datasets

    with open(datasets.path(name), newline="", encoding="utf-8") as f:
        return tuple(csv.DictReader(f))


def _fresh_rows() -> list[dict[str, str]]:
    """A new copy of penguins.csv as csv.DictReader rows (a learner's function may mutate it)."""
    return [dict(r) for r in _csv_rows("penguins.csv")]


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)
