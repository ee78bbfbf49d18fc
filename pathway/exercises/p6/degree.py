"""Phase 6, graduate studies: the degree choice."""

from __future__ import annotations

import functools
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import _MATRIX_SETUP, _run


@functools.cache
def _expected_matrix() -> Any:
    namespace = _run(_MATRIX_SETUP)
    ratings, weights = namespace["ratings"], namespace["weights"]
    w = {k: v / sum(weights.values()) for k, v in weights.items()}
    return sum(ratings[k] * v for k, v in w.items())


@exercise(
    "p6.degree.decision_matrix",
    title="Weigh Master's programmes with a decision matrix",
    prompt="`ratings` scores three (made-up) programmes from 1 to 5 on five criteria, and `weights` "
    "says how much each criterion matters to you. Set `weighted` to each programme's weighted "
    "average rating: a pandas Series indexed by programme, with the weights scaled to sum to 1.",
    answer="weighted",
    setup=_MATRIX_SETUP,
    solution="""
w = pd.Series(weights)
weighted = (ratings * (w / w.sum())).sum(axis=1)
""",
    wrong=[
        "weighted = ratings.mean(axis=1)",
        "weighted = (ratings * pd.Series(weights)).sum(axis=1)",
        "w = pd.Series(weights)\nweighted = (ratings * (w / w.sum())).sum(axis=0)",
    ],
    hints=[
        "Multiply each column by its weight, then add across the columns of each row.",
        "`pd.Series(weights)` lines up with the columns of `ratings` when you multiply; "
        "divide it by its `.sum()` first so the weights add up to 1.",
        "`(ratings * (w / w.sum())).sum(axis=1)` with `w = pd.Series(weights)`.",
    ],
)
def decision_matrix(answer):
    import pandas as pd

    checks.expect_type(answer, pd.Series, "a pandas Series (one weighted score per programme)")
    expected = _expected_matrix()
    if set(map(str, answer.index)) == set(_run(_MATRIX_SETUP)["weights"]):
        raise Incorrect("your Series has one value per criterion: add up across each row "
                        "(`axis=1`) to get one score per programme")
    if answer.index.is_unique and set(map(str, answer.index)) == set(expected.index):
        values = pd.to_numeric(answer.reindex(expected.index), errors="coerce")
        total = sum(_run(_MATRIX_SETUP)["weights"].values())
        if ((values - expected * total).abs() < 1e-6).all():
            raise Incorrect("the scores are on the wrong scale: divide the weights by their total "
                            "so the weighted average stays between 1 and 5")
        plain = _plain_mean()
        if ((values - plain).abs() < 1e-6).all():
            raise Incorrect("that is a plain average: every criterion counts the same. "
                            "Multiply each column by its weight first")
    checks.series(answer, expected, "weighted")
    best = expected.idxmax()
    return (f"{best} comes out on top. A decision matrix does not decide for you, but it makes "
            "your priorities explicit: change a weight and see whether the ranking survives.")


@functools.cache
def _plain_mean() -> Any:
    return _run(_MATRIX_SETUP)["ratings"].mean(axis=1)
