"""Phase 3, machine-learning specialization: feature engineering."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from .._shared import _IMPORTANCE, _PENGUINS, _fitted_on_train, _held_out_accuracy, _ns


def _components(estimator: Any) -> list[Any]:
    """Every estimator nested in a Pipeline / ColumnTransformer, the container included."""
    found = [estimator]
    for attr in ("steps", "transformers"):
        for entry in getattr(estimator, attr, None) or []:
            if isinstance(entry, tuple) and len(entry) >= 2 and not isinstance(entry[1], str):
                found.extend(_components(entry[1]))
    remainder = getattr(estimator, "remainder", None)
    if remainder is not None and not isinstance(remainder, str):
        found.extend(_components(remainder))
    return found


@functools.cache
def _penguin_rows() -> dict[str, Any]:
    """The notebook's split of the penguins, all rows, and the check's own unseen penguins."""
    import numpy as np
    import pandas as pd

    ns = _ns(_PENGUINS)
    p_train, p_test = ns["p_train"], ns["p_test"]
    # Penguins the learner never had: test penguins from an island the training data never shows,
    # with a measurement and the sex missing. A pipeline that imputes and ignores unknown
    # categories predicts them; one that does not raises.
    unseen = p_test.head(6).copy()
    unseen["island"] = "Anvers"
    unseen.loc[unseen.index[::2], "bill_length_mm"] = np.nan
    unseen.loc[unseen.index[1::2], "sex"] = np.nan
    return {"train": (p_train, ns["species_train"]), "test": (p_test, ns["species_test"]),
            "all": (pd.concat([p_train, p_test]), pd.concat([ns["species_train"], ns["species_test"]])),
            "unseen": unseen, "numeric": list(ns["numeric"]), "categorical": list(ns["categorical"])}


def _column_names(transformer: Any, columns: Any) -> list[str] | None:
    """The column names a ColumnTransformer branch takes, or None when they cannot be told yet."""
    import numpy as np

    if isinstance(columns, str):
        return [columns]
    if callable(columns):
        return None  # a make_column_selector: resolved only once the ColumnTransformer is fitted
    try:
        values = list(columns)
    except TypeError:
        return None
    if all(isinstance(c, str) for c in values):
        return values
    names = getattr(transformer, "feature_names_in_", None)
    if names is None:
        return None
    try:  # positions or a boolean mask over the input columns
        return [str(n) for n in np.asarray(names)[np.asarray(values)]]
    except (IndexError, TypeError, ValueError):
        return None


def _column_steps(model: Any, column: str) -> list[Any] | None:
    """The transformers a column goes through (its branch, then what follows), or None if unknown."""
    from sklearn.compose import ColumnTransformer

    found: list[Any] = []
    for _, step in getattr(model, "steps", []):
        if isinstance(step, ColumnTransformer):
            branches = getattr(step, "transformers_", None) or step.transformers
            for _, transformer, columns in branches:
                names = _column_names(step, columns)
                if names is None:
                    return None
                if column in names and not isinstance(transformer, str):
                    found.extend(_components(transformer))
        else:
            found.extend(_components(step))
    return found


@exercise(
    "p3.features.preprocess_pipeline",
    title="A ColumnTransformer inside a Pipeline",
    prompt="Build `penguin_model`: a Pipeline whose first step is a ColumnTransformer that imputes "
    "(median) and scales the `numeric` columns and imputes (most frequent) and one-hot encodes, "
    "ignoring unknown categories, the `categorical` ones, and whose last step is "
    "`LogisticRegression(max_iter=1000)`. Fit it on `p_train`, `species_train`.",
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
    right=[
        # make_column_transformer and make_pipeline, dense one-hot output
        """\
from sklearn.compose import make_column_transformer
numbers = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
categories = make_pipeline(SimpleImputer(strategy="most_frequent"),
                           OneHotEncoder(handle_unknown="ignore", sparse_output=False))
penguin_model = make_pipeline(
    make_column_transformer((numbers, numeric), (categories, categorical)),
    LogisticRegression(max_iter=1000),
).fit(p_train, species_train)""",
        # columns chosen by type, the numeric branch as the remainder
        """\
from sklearn.compose import make_column_selector
categories = make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore"))
preprocess = ColumnTransformer(
    [("cat", categories, make_column_selector(dtype_include=object))],
    remainder=make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
)
penguin_model = Pipeline([("prep", preprocess), ("clf", LogisticRegression(max_iter=1000))])
penguin_model.fit(p_train, species_train)""",
    ],
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
        # fitted on every penguin: the test rows leak into the imputers, the scaler and the model
        """\
preprocess = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                          OneHotEncoder(handle_unknown="ignore")), categorical),
])
penguin_model = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
penguin_model.fit(penguins[numeric + categorical], penguins["species"])""",
        # fitted on the test rows
        """\
preprocess = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                          OneHotEncoder(handle_unknown="ignore")), categorical),
])
penguin_model = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
penguin_model.fit(p_test, species_test)""",
        # the scaler sits on the one-hot columns, not on the measurements
        """\
preprocess = ColumnTransformer([
    ("num", SimpleImputer(strategy="median"), numeric),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore"),
                          StandardScaler(with_mean=False)), categorical),
])
penguin_model = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
penguin_model.fit(p_train, species_train)""",
        # an unknown island at prediction time crashes this one
        """\
preprocess = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder()), categorical),
])
penguin_model = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
penguin_model.fit(p_train, species_train)""",
        # the mean where the prompt asks for the median
        """\
preprocess = ColumnTransformer([
    ("num", make_pipeline(SimpleImputer(strategy="mean"), StandardScaler()), numeric),
    ("cat", make_pipeline(SimpleImputer(strategy="most_frequent"),
                          OneHotEncoder(handle_unknown="ignore")), categorical),
])
penguin_model = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
penguin_model.fit(p_train, species_train)""",
    ],
    hints=[
        "A ColumnTransformer takes a list of (name, transformer, columns) triples; each "
        "transformer can itself be a small pipeline of two steps, built with `make_pipeline`.",
        "Numbers: a median `SimpleImputer`, then a `StandardScaler`. Categories: a most-frequent "
        "`SimpleImputer`, then a `OneHotEncoder` told to ignore unknown categories.",
        "Put the ColumnTransformer and `LogisticRegression(max_iter=1000)` in a `Pipeline` as two "
        "named steps, then fit that whole pipeline on the training rows only.",
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
    rows = _penguin_rows()
    parts = _components(answer)
    for needed, why in ((SimpleImputer, "the data has missing values: impute them"),
                        (StandardScaler, "scale the numeric columns (StandardScaler) so no "
                                         "measurement dominates by its units"),
                        (OneHotEncoder, "the categorical columns (island, sex) are left out or "
                                        "not encoded: one-hot encode them")):
        if not any(isinstance(p, needed) for p in parts):
            raise Incorrect(f"penguin_model has no {needed.__name__}: {why}")
    for column in rows["numeric"]:
        steps = _column_steps(answer, column)
        if steps is None:
            break
        if not any(isinstance(p, StandardScaler) for p in steps):
            raise Incorrect(f"the numeric column {column!r} is not scaled: put the StandardScaler "
                            "in the branch for `numeric`")
        imputers = [p for p in steps if isinstance(p, SimpleImputer)]
        if imputers and imputers[0].strategy != "median":
            raise Incorrect(f"the numeric columns are imputed with strategy={imputers[0].strategy!r}; "
                            "the prompt asks for the median, which outliers do not drag")
    for column in rows["categorical"]:
        steps = _column_steps(answer, column)
        if steps is None:
            break
        if not any(isinstance(p, OneHotEncoder) for p in steps):
            raise Incorrect(f"the categorical column {column!r} is left out or not one-hot encoded: "
                            "send `categorical` through a OneHotEncoder")
    if not checks.fitted(answer):
        raise Incorrect("penguin_model is not fitted yet: call `.fit(p_train, species_train)`")
    try:
        answer.predict(rows["unseen"])
    except Exception as exc:
        raise Incorrect("penguin_model cannot predict a penguin from an island it never saw in "
                        f"training, with a value missing ({type(exc).__name__}): impute inside the "
                        "pipeline and set handle_unknown=\"ignore\" on the OneHotEncoder") from None
    p_test, species_test = rows["test"]
    outputs = _fitted_on_train(answer, rows, p_test, name="penguin_model",
                               train="p_train, species_train")
    score = _held_out_accuracy(answer, outputs, p_test, species_test, name="penguin_model",
                               at_least=0.95)
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
        # fewer repeats than the prompt: other shuffles, other numbers
        """\
result = permutation_importance(species_model, p_test, species_test, n_repeats=5, random_state=0)
importance = pd.Series(result.importances_mean, index=p_test.columns).sort_values(ascending=False)""",
        # least important first
        """\
result = permutation_importance(species_model, p_test, species_test, n_repeats=10, random_state=0)
importance = pd.Series(result.importances_mean, index=p_test.columns).sort_values()""",
    ],
    right=[
        # a dictionary of the means, then nlargest over all of them
        """\
result = permutation_importance(species_model, p_test, species_test, n_repeats=10, random_state=0)
means = dict(zip(p_test.columns, result.importances_mean))
importance = pd.Series(means).nlargest(len(means))""",
        # the means computed from the per-repeat importances
        """\
result = permutation_importance(species_model, p_test, species_test, n_repeats=10, random_state=0)
per_repeat = pd.DataFrame(result.importances.T, columns=p_test.columns)
importance = per_repeat.mean().sort_values(ascending=False)""",
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
