"""Example dates in notebooks 04-07 are computed from today (pathway.clock), never typed in.

A typed date is already in the past for a learner some months later; a computed one is always
ahead (plans start next Monday, the exam is twelve weeks out) or recent (a log of the last months).
This test reads the notebooks' code, so it never fails merely because time passed. The one typed
date allowed is the fixed day a shipped sample is moved from (its line says "sample").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
TYPED_DATE = re.compile(r"\bdate\(\s*\d{4}\s*,|\b(19|20)\d\d-\d\d-\d\d\b|\bdatetime\(\s*\d{4}\s*,")


def typed_dates(name: str) -> list[str]:
    cells = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]
    return [
        f"cell {n}: {line.strip()}"
        for n, cell in enumerate(cells) if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if TYPED_DATE.search(line) and "sample" not in line
    ]


@pytest.mark.parametrize("name", [
    "04_real_world_practice.ipynb",
    "05_certifications.ipynb",
    "06_graduate_studies.ipynb",
    "07_learning_and_exams.ipynb",
])
def test_example_dates_are_computed_not_typed(name):
    assert typed_dates(name) == []


def test_the_rule_sees_a_typed_date():
    assert TYPED_DATE.search('start = date(2026, 1, 5)') and TYPED_DATE.search('"2026-03-02"')
    assert not TYPED_DATE.search("start = clock.next_monday()")
