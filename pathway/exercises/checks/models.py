"""Checks of scikit-learn estimators and pipelines (scikit-learn loads on first use)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..engine import Incorrect
from .values import _as_tuple, expect_type


def fitted(model: Any) -> bool:
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(model)
    except NotFittedError:
        return False
    except TypeError:
        return False
    return True


def estimator(
    answer: Any, *, kind: type | tuple[type, ...] | None = None, must_be_fitted: bool = True,
    steps: Sequence[type] = (), score_on: tuple[Any, Any] | None = None,
    min_score: float | None = None, scorer: Callable[[Any, Any, Any], float] | None = None,
    name: str = "your model",
) -> float | None:
    """A scikit-learn estimator or pipeline: its type, its steps, fitted, scoring above a bar."""
    from sklearn.base import BaseEstimator
    from sklearn.pipeline import Pipeline

    expect_type(answer, BaseEstimator, "a scikit-learn estimator or Pipeline")
    if kind is not None:
        final = answer.steps[-1][1] if isinstance(answer, Pipeline) else answer
        if not isinstance(final, kind):
            kinds = " or ".join(k.__name__ for k in _as_tuple(kind))
            raise Incorrect(f"{name} should be (or end in) a {kinds}, got {type(final).__name__}")
    if steps:
        if not isinstance(answer, Pipeline):
            raise Incorrect(f"{name} should be a Pipeline, got {type(answer).__name__}")
        present = [type(s).__name__ for _, s in answer.steps]
        for step in steps:
            if not any(isinstance(s, step) for _, s in answer.steps):
                raise Incorrect(
                    f"{name} has no {step.__name__} step (its steps: {', '.join(present)})"
                )
    if must_be_fitted and not fitted(answer):
        raise Incorrect(f"{name} is not fitted yet: call its `.fit(...)` on the training data first")
    if score_on is None:
        return None
    X, y = score_on
    try:
        value = scorer(answer, X, y) if scorer else answer.score(X, y)
    except Exception as exc:
        raise Incorrect(f"scoring {name} on held-out data raised {type(exc).__name__}: {exc}") from None
    if min_score is not None and value < min_score:
        raise Incorrect(f"{name} scores {value:.3f} on held-out data; aim for at least {min_score}")
    return value


def rows_seen(model: Any) -> int | None:
    """How many rows a fitted model or pipeline was fitted on, when one of its steps counts them.

    A scaler keeps `n_samples_seen_`, naive Bayes `class_count_`, a fitted tree its root's
    `n_node_samples`. None when no step keeps a count (the check then cannot tell).
    """
    import numbers

    steps = [s for _, s in getattr(model, "steps", [])] or [model]
    for step in steps:
        for inner in [step, *[t for _, t, _ in getattr(step, "transformers_", []) if hasattr(t, "fit")]]:
            for sub in [s for _, s in getattr(inner, "steps", [])] or [inner]:
                seen = getattr(sub, "n_samples_seen_", None)
                if isinstance(seen, numbers.Real):  # a float in recent scikit-learn
                    return int(round(float(seen)))
                if getattr(sub, "class_count_", None) is not None:
                    return int(round(float(sub.class_count_.sum())))
    tree = getattr(steps[-1], "tree_", None)
    if tree is not None:
        return int(tree.n_node_samples[0])
    return None


def trained_only_on(model: Any, rows: int, name: str, what: str) -> None:
    """Incorrect when the model counts more rows than the `rows` it may be trained on."""
    seen = rows_seen(model)
    if seen is not None and seen > rows:
        raise Incorrect(f"{name} was fitted on {seen} rows; it may see only {what} ({rows} rows). Rows "
                        "made with the same generator are rows the prompt did not give you")
