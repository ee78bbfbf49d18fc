"""Phase 3, machine-learning specialization: feature engineering."""

from __future__ import annotations

import functools
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import _IMPORTANCE, _PENGUINS, _ns


def _components(estimator: Any) -> list[Any]:
    """Every estimator nested in a Pipeline / ColumnTransformer, the container included."""
    found = [estimator]
    for attr in ("steps", "transformers"):
        for entry in getattr(estimator, attr, None) or []:
            if isinstance(entry, tuple) and len(entry) >= 2 and not isinstance(entry[1], str):
                found.extend(_components(entry[1]))
    return found


@functools.cache
def _penguin_test() -> tuple[Any, Any, list[str]]:
    ns = _ns(_PENGUINS)
    return ns["p_test"], ns["species_test"], ns["categorical"]


@exercise(
    "p3.features.preprocess_pipeline",
    title="A ColumnTransformer inside a Pipeline",
    prompt="Build `penguin_model`: a Pipeline whose first step is a ColumnTransformer that imputes "
    "and scales the `numeric` columns and imputes and one-hot encodes the `categorical` ones, and "
    "whose last step is `LogisticRegression(max_iter=1000)`. Fit it on `p_train`, "
    "`species_train`.",
    answer="penguin_model",
    setup=_PENGUINS,
    solution="""\
preprocess = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                          OneHotEncoder(handle_unknown="ignore")), categorical),
])
penguin_model = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
penguin_model.fit(p_train, species_train)""",
    wrong=[
        """\
preprocess = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
])
penguin_model = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
penguin_model.fit(p_train, species_train)""",
        """\
preprocess = ColumnTransformer([
    ("num", SimpleImputer(strategy="median"), numeric),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                          OneHotEncoder(handle_unknown="ignore")), categorical),
])
penguin_model = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
penguin_model.fit(p_train, species_train)""",
        """\
preprocess = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                          OneHotEncoder(handle_unknown="ignore")), categorical),
])
penguin_model = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])""",
    ],
    hints=[
        "A ColumnTransformer takes a list of (name, transformer, columns) triples; each "
        "transformer can itself be a small pipeline, e.g. `make_pipeline(SimpleImputer(...), "
        "StandardScaler())`.",
        "Numbers: `SimpleImputer(strategy=\"median\")` then `StandardScaler()`. Categories: "
        "`SimpleImputer(strategy=\"most_frequent\")` then `OneHotEncoder(handle_unknown=\"ignore\")`.",
        "`Pipeline([(\"preprocess\", ColumnTransformer([(\"num\", ..., numeric), (\"cat\", ..., "
        "categorical)])), (\"model\", LogisticRegression(max_iter=1000))])`, then `.fit(p_train, "
        "species_train)`.",
    ],
)
def preprocess_pipeline(answer):
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    checks.expect_type(answer, Pipeline, "a scikit-learn Pipeline")
    checks.estimator(answer, kind=LogisticRegression, steps=[ColumnTransformer],
                     must_be_fitted=False, name="penguin_model")
    parts = _components(answer)
    for needed, why in ((SimpleImputer, "the data has missing values: impute them"),
                        (StandardScaler, "scale the numeric columns (StandardScaler) so no "
                                         "measurement dominates by its units"),
                        (OneHotEncoder, "the categorical columns (island, sex) are left out or "
                                        "not encoded: one-hot encode them")):
        if not any(isinstance(p, needed) for p in parts):
            raise Incorrect(f"penguin_model has no {needed.__name__}: {why}")
    if not checks.fitted(answer):
        raise Incorrect("penguin_model is not fitted yet: call `.fit(p_train, species_train)`")
    p_test, species_test, categorical = _penguin_test()
    score = checks.estimator(answer, score_on=(p_test, species_test), min_score=0.95,
                             name="penguin_model")
    return (f"{score:.1%} on the test penguins, missing values included: the imputers learned "
            "their fill values from the training rows only, so nothing leaked from the test set.")


@functools.cache
def _importance_expected(split: str) -> tuple[Any, Any]:
    """Mean and standard deviation of the permutation importances on the test or train split."""
    import pandas as pd
    from sklearn.inspection import permutation_importance

    ns = _ns(_IMPORTANCE)
    columns = list(ns["p_test"].columns)
    X, y = (ns["p_test"], ns["species_test"]) if split == "test" else (ns["p_train"], ns["species_train"])
    result = permutation_importance(ns["species_model"], X, y, n_repeats=10, random_state=0)
    return (pd.Series(result.importances_mean, index=columns),
            pd.Series(result.importances_std, index=columns))


@exercise(
    "p3.features.permutation_importance",
    title="Which features does the model rely on?",
    prompt="Run `permutation_importance` on `species_model` with the *test* data, `n_repeats=10` "
    "and `random_state=0`. Set `importance` to a pandas Series of the mean importances, indexed "
    "by column name and sorted from most to least important.",
    answer="importance",
    setup=_IMPORTANCE,
    solution="""\
result = permutation_importance(species_model, p_test, species_test, n_repeats=10, random_state=0)
importance = pd.Series(result.importances_mean, index=p_test.columns).sort_values(ascending=False)""",
    wrong=[
        """\
result = permutation_importance(species_model, p_test, species_test, n_repeats=10, random_state=0)
importance = pd.Series(result.importances_mean, index=p_test.columns)""",
        """\
result = permutation_importance(species_model, p_test, species_test, n_repeats=10, random_state=0)
importance = pd.Series(result.importances_std, index=p_test.columns).sort_values(ascending=False)""",
        """\
result = permutation_importance(species_model, p_train, species_train, n_repeats=10, random_state=0)
importance = pd.Series(result.importances_mean, index=p_train.columns).sort_values(ascending=False)""",
    ],
    hints=[
        "`permutation_importance(model, X, y, n_repeats=..., random_state=...)` shuffles one "
        "column at a time and measures how much the score drops.",
        "Its result has `.importances_mean`, one number per column of `p_test`; wrap them in "
        "`pd.Series(..., index=p_test.columns)`.",
        "Finish with `.sort_values(ascending=False)` so the most important feature comes first.",
    ],
)
def permutation_importance(answer):
    want, want_std = _importance_expected("test")
    import pandas as pd

    checks.expect_type(answer, pd.Series, "a pandas Series")
    checks.same_set([str(i) for i in answer.index], list(want.index), "the labels of importance")
    got = answer.copy()
    got.index = [str(i) for i in got.index]
    try:
        values = got.reindex(want.index).astype(float)
    except (TypeError, ValueError):
        raise Incorrect("importance should hold numbers, one per feature") from None
    if _close_series(values, want_std):
        raise Incorrect("these are the standard deviations of the importances; use importances_mean")
    if not _close_series(values, want) and _close_series(values, _importance_expected("train")[0]):
        raise Incorrect("these importances are measured on the training data; use p_test and "
                        "species_test, so they say what matters for unseen penguins")
    checks.series(got, want, "importance")
    if not got.is_monotonic_decreasing:
        raise Incorrect("the values are right but not sorted: most important first "
                        "(sort_values(ascending=False))")
    top = want.idxmax()
    return (f"shuffling {top} costs the model {want[top] * 100:.0f} points of accuracy, far more "
            "than any other column; features near zero add little the others do not already carry.")


def _close_series(a: Any, b: Any) -> bool:
    import numpy as np

    return bool(np.allclose(a.to_numpy(dtype=float), b.to_numpy(dtype=float), rtol=1e-6, atol=1e-9))
