"""Start here: two warm-ups that show the whole loop (answer, check, hint, solution)."""

from __future__ import annotations

from .. import checks
from ..engine import Incorrect, exercise


@exercise(
    "p0.warmup.squares",
    title="Squares with a list comprehension",
    prompt="Build `squares`: a list of the squares of the odd numbers from 1 to 15 "
    "(1, 9, 25, ...), in increasing order. A list comprehension does it in one line.",
    answer="squares",
    solution="squares = [n * n for n in range(1, 16, 2)]",
    wrong=[
        "squares = [n * n for n in range(1, 15, 2)]",
        "squares = [n * 2 for n in range(1, 16, 2)]",
        "squares = {n * n for n in range(1, 16, 2)}",
        "squares = [n * n for n in range(0, 16, 2)]",
        "squares = [n * n for n in range(1, 17)]",
        "squares = (n * n for n in range(1, 16, 2))",
        "squares = [n * n for n in range(15, 0, -2)]",
    ],
    right=[
        "squares = [n ** 2 for n in range(1, 16) if n % 2 == 1]",
        "squares = list(map(lambda n: n * n, range(1, 16, 2)))",
        "squares = []\nfor n in range(1, 17, 2):\n    squares.append(n ** 2)",
    ],
    hints=[
        "A list comprehension has the shape `[expression for name in iterable]`.",
        "`range(start, stop, step)` stops *before* `stop`; odd numbers start at 1 with step 2.",
        "Loop over `range(1, 16, 2)` in the comprehension and square each number in its "
        "expression part.",
    ],
)
def squares(answer):
    import types

    if isinstance(answer, types.GeneratorType):
        raise Incorrect("squares is a generator (round brackets): a list comprehension uses "
                        "square brackets")
    checks.expect_type(answer, list, "a list (square brackets)")
    checks.sequence(answer, [n * n for n in range(1, 16, 2)], "squares")
    return ("right. Written as a list comprehension it is one line, readable, and fast: compare "
            "yours with the reference.")


@exercise(
    "p0.warmup.items_per_phase",
    title="Read your progress as a DataFrame",
    prompt="`pathway.status()` returns your progress as a pandas DataFrame, one row per phase. "
    "Set `items_per_phase` to its `total` column: how many items each phase holds.",
    answer="items_per_phase",
    setup="import pathway",
    solution='items_per_phase = pathway.status()["total"]',
    wrong=[
        'items_per_phase = pathway.status()["done"]',
        "items_per_phase = pathway.status()",
        'items_per_phase = pathway.status()["total"].sum()',
        'items_per_phase = pathway.status()["percent"]',
        'items_per_phase = pathway.status()["total"].cumsum()',
    ],
    right=[
        "items_per_phase = pathway.status().total",
        'items_per_phase = pathway.status()["total"].to_dict()',
        'items_per_phase = pathway.status().loc[:, "total"].copy()',
    ],
    hints=[
        "Call `pathway.status()` and look at its columns.",
        "Pick one column of a DataFrame with square brackets and its name as a string.",
        'The column is called `"total"`; square brackets after the call pick it.',
    ],
)
def items_per_phase(answer):
    from ...api import status

    expected = status()["total"]
    checks.series_like(answer, expected, "items_per_phase")
    return f"the roadmap holds {int(expected.sum())} items across {len(expected)} phases."
