"""Setup code and data that several sections of Phase 2, data-science foundations use."""

from __future__ import annotations

from functools import cache
from typing import Any

from ..engine import Incorrect

PENGUINS = "from pathway.labs import datasets\npenguins = datasets.penguins()"


MEASUREMENTS = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]


PLOT_SETUP = (
    "import matplotlib.pyplot as plt\nimport seaborn as sns\n"
    "from pathway.labs import datasets\npenguins = datasets.penguins()"
)


SEX_DATA = (
    PENGUINS + "\n"
    "complete = penguins.dropna()\n"
    'X = complete[["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]]\n'
    'y = complete["sex"]'
)


@cache
def _penguins() -> Any:
    from ...labs import datasets

    return datasets.penguins()


def _compare(helper: Any, answer: Any, expected: Any, name: str, off: str, **options: Any) -> None:
    """Run a `checks` helper, adding this exercise's advice `off` when values differ."""
    try:
        helper(answer, expected, name, **options)
    except Incorrect as exc:
        if " off (the first at " in exc.message:
            raise Incorrect(f"{exc.message}: {off}") from None
        raise
