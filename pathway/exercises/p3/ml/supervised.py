"""Phase 3, machine-learning specialization: supervised learning."""

from __future__ import annotations

import functools
import math

from ...engine import Incorrect, exercise
from .._shared import _COMPARE, _DIABETES, _close, _ns, _numbers


@functools.cache
def _cv_expected(cv: str) -> dict[str, float]:
    """Each model's reference score: on the shared `folds`, on plain `cv=5`, or on its training data.

    Cached per variant, so a right answer costs one cross-validation and only a wrong one pays
    for the variants that explain the mistake.
    """
    from sklearn.base import clone
    from sklearn.model_selection import cross_val_score

    ns = _ns(_COMPARE)
    X, y = ns["X"], ns["y"]
    if cv == "train":
        return {name: float(clone(m).fit(X, y).score(X, y)) for name, m in ns["models"].items()}
    splits = ns["folds"] if cv == "folds" else 5
    # Recognising plain cv=5 needs only the cheap models (the logistic regression tells the
    # splits apart); the forest's 250 trees are fitted only for the reference itself.
    names = list(ns["models"]) if cv == "folds" else ["dummy", "logistic"]
    return {name: float(cross_val_score(clone(ns["models"][name]), X, y, cv=splits).mean())
            for name in names}


@exercise(
    "p3.supervised.compare_classifiers",
    title="Compare three classifiers on the same folds",
    prompt="Set `cv_accuracy` to a dictionary: for each name in `models`, the mean "
    "cross-validated accuracy of that model on `X`, `y`, using the shared `folds`.",
    answer="cv_accuracy",
    setup=_COMPARE,
    solution="""\
cv_accuracy = {
    name: cross_val_score(model, X, y, cv=folds).mean()
    for name, model in models.items()
}""",
    wrong=[
        "cv_accuracy = {name: cross_val_score(model, X, y, cv=5).mean() for name, model in models.items()}",
        "cv_accuracy = {name: model.fit(X, y).score(X, y) for name, model in models.items()}",
        "cv_accuracy = {name: cross_val_score(model, X, y, cv=folds) for name, model in models.items()}",
        # a fresh unshuffled StratifiedKFold: the same as cv=5, not the shared folds
        "cv_accuracy = {name: cross_val_score(model, X, y, cv=StratifiedKFold(5)).mean()\n"
        "               for name, model in models.items()}",
        # another metric than the accuracy the prompt asks for
        "cv_accuracy = {name: cross_val_score(model, X, y, cv=folds, scoring='balanced_accuracy').mean()\n"
        "               for name, model in models.items()}",
        # the last fold's score only
        "cv_accuracy = {name: cross_val_score(model, X, y, cv=folds)[-1] for name, model in models.items()}",
    ],
    right=[
        # the folds walked by hand: fit on each training part, score on its held-out part
        """\
from sklearn.base import clone
cv_accuracy = {}
for name, model in models.items():
    scores = []
    for train_idx, test_idx in folds.split(X, y):
        fitted = clone(model).fit(X.iloc[train_idx], y.iloc[train_idx])
        scores.append(fitted.score(X.iloc[test_idx], y.iloc[test_idx]))
    cv_accuracy[name] = float(np.mean(scores))""",
        # cross_validate, collected into a pandas Series
        """\
import pandas as pd
from sklearn.model_selection import cross_validate
cv_accuracy = pd.Series({name: cross_validate(model, X, y, cv=folds, scoring="accuracy")["test_score"].mean()
                         for name, model in models.items()})""",
    ],
    hints=[
        "`cross_val_score(model, X, y, cv=...)` fits and scores a model once per fold and returns "
        "the fold scores; a dictionary comprehension loops over `models.items()`.",
        "Pass the same `cv=folds` to every call, so every model is tested on exactly the same "
        "splits, and average the fold scores with `.mean()`.",
        "In a comprehension over `models.items()`, map each name to the mean of "
        "`cross_val_score` for its model, with the shared folds as `cv`.",
    ],
)
def compare_classifiers(answer):
    f = _cv_expected("folds")
    got = _numbers(answer, list(f), "cv_accuracy")
    if all(_close(got[k], v) for k, v in f.items()):
        return (f"logistic regression {f['logistic']:.3f}, random forest {f['forest']:.3f}, "
                f"baseline {f['dummy']:.3f}: both models beat predicting the majority class, and "
                "the simple linear model holds its own against the ensemble.")
    if all(_close(got[k], v) for k, v in _cv_expected("train").items()):
        raise Incorrect("these are accuracies on the data each model was trained on (the forest "
                        "scores a perfect 1.0): score on held-out folds with cross_val_score")
    if all(_close(got[k], v) for k, v in _cv_expected("default").items()) and not _close(
            got["forest"], f["forest"]):
        raise Incorrect("these are cross-validated, but not on the shared `folds`: pass cv=folds "
                        "so every model is compared on the same shuffled splits")
    bad = next(k for k, v in f.items() if not _close(got[k], v))
    raise Incorrect(f"cv_accuracy[{bad!r}] is not the mean cross-validated accuracy on `folds`: "
                    "check the model, the data and the cv argument")


@functools.cache
def _regression_expected() -> dict[str, dict[str, float]]:
    import numpy as np
    from sklearn.metrics import mean_absolute_error, mean_squared_error

    ns = _ns(_DIABETES)
    out = {}
    for split, (Xs, ys) in {"test": (ns["Xr_test"], ns["yr_test"]),
                            "train": (ns["Xr_train"], ns["yr_train"])}.items():
        base, ridge = ns["baseline"].predict(Xs), ns["ridge"].predict(Xs)
        out[split] = {
            "baseline_mae": float(mean_absolute_error(ys, base)),
            "ridge_mae": float(mean_absolute_error(ys, ridge)),
            "ridge_rmse": float(np.sqrt(mean_squared_error(ys, ridge))),
            "ridge_mse": float(mean_squared_error(ys, ridge)),
        }
    # The classic leaks: a baseline that predicts the *test* mean, a ridge refitted on the test rows.
    from sklearn.linear_model import Ridge

    Xt, yt = ns["Xr_test"], ns["yr_test"]
    peek = Ridge(alpha=0.1).fit(Xt, yt).predict(Xt)
    out["leak"] = {
        "baseline_mae": float(mean_absolute_error(yt, np.full(len(yt), yt.mean()))),
        "ridge_mae": float(mean_absolute_error(yt, peek)),
        "ridge_rmse": float(np.sqrt(mean_squared_error(yt, peek))),
    }
    return out


@exercise(
    "p3.supervised.regression_errors",
    title="Judge a regression against a baseline",
    prompt="On the test set, compute the mean absolute error of `baseline` and of `ridge`, and the "
    "root mean squared error of `ridge`. Set `errors` to a dictionary with the keys "
    "`baseline_mae`, `ridge_mae` and `ridge_rmse`.",
    answer="errors",
    setup=_DIABETES,
    solution="""\
ridge_pred = ridge.predict(Xr_test)
errors = {
    "baseline_mae": mean_absolute_error(yr_test, baseline.predict(Xr_test)),
    "ridge_mae": mean_absolute_error(yr_test, ridge_pred),
    "ridge_rmse": np.sqrt(mean_squared_error(yr_test, ridge_pred)),
}""",
    wrong=[
        """\
ridge_pred = ridge.predict(Xr_test)
errors = {
    "baseline_mae": mean_absolute_error(yr_test, baseline.predict(Xr_test)),
    "ridge_mae": mean_absolute_error(yr_test, ridge_pred),
    "ridge_rmse": mean_squared_error(yr_test, ridge_pred),
}""",
        """\
ridge_pred = ridge.predict(Xr_train)
errors = {
    "baseline_mae": mean_absolute_error(yr_train, baseline.predict(Xr_train)),
    "ridge_mae": mean_absolute_error(yr_train, ridge_pred),
    "ridge_rmse": np.sqrt(mean_squared_error(yr_train, ridge_pred)),
}""",
        # a "baseline" that knows the test set's mean
        """\
ridge_pred = ridge.predict(Xr_test)
errors = {
    "baseline_mae": mean_absolute_error(yr_test, np.full(len(yr_test), yr_test.mean())),
    "ridge_mae": mean_absolute_error(yr_test, ridge_pred),
    "ridge_rmse": np.sqrt(mean_squared_error(yr_test, ridge_pred)),
}""",
        # ridge refitted on the test rows before it is judged on them
        """\
refit = Ridge(alpha=0.1).fit(Xr_test, yr_test)
errors = {
    "baseline_mae": mean_absolute_error(yr_test, baseline.predict(Xr_test)),
    "ridge_mae": mean_absolute_error(yr_test, refit.predict(Xr_test)),
    "ridge_rmse": np.sqrt(mean_squared_error(yr_test, refit.predict(Xr_test))),
}""",
        # the root of the mean absolute error is not the RMSE
        """\
ridge_pred = ridge.predict(Xr_test)
errors = {
    "baseline_mae": mean_absolute_error(yr_test, baseline.predict(Xr_test)),
    "ridge_mae": mean_absolute_error(yr_test, ridge_pred),
    "ridge_rmse": np.sqrt(mean_absolute_error(yr_test, ridge_pred)),
}""",
    ],
    right=[
        # the formulas written out with NumPy
        """\
residuals = yr_test - ridge.predict(Xr_test)
errors = {
    "baseline_mae": np.abs(yr_test - baseline.predict(Xr_test)).mean(),
    "ridge_mae": np.abs(residuals).mean(),
    "ridge_rmse": np.sqrt((residuals ** 2).mean()),
}""",
    ],
    hints=[
        "Predict on `Xr_test` with each fitted model and compare with `yr_test`: the test set is "
        "what the models have not seen.",
        "`mean_absolute_error(y_true, y_pred)` gives the MAE; `mean_squared_error` gives the MSE, "
        "in squared units.",
        "RMSE is the square root of the MSE: take `np.sqrt` of ridge's mean squared error on the "
        "test set.",
    ],
)
def regression_errors(answer):
    expected = _regression_expected()
    keys = ["baseline_mae", "ridge_mae", "ridge_rmse"]
    got = _numbers(answer, keys, "errors")
    test, train = expected["test"], expected["train"]
    if all(_close(got[k], train[k]) for k in keys):
        raise Incorrect("these errors are measured on the training data; use Xr_test and yr_test, "
                        "which the models never saw")
    for key in keys:
        if _close(got[key], test[key]):
            continue
        if key == "ridge_rmse" and _close(got[key], test["ridge_mse"]):
            raise Incorrect("ridge_rmse looks like the mean *squared* error, in squared units: "
                            "take its square root to get back to the target's units")
        if _close(got[key], train.get(key, math.nan)):
            raise Incorrect(f"errors[{key!r}] is measured on the training data; use the test set")
        if _close(got[key], expected["leak"][key]):
            raise Incorrect(f"errors[{key!r}] comes from a model that saw the test set (the test "
                            "mean, or a refit on the test rows): judge the fitted `baseline` and "
                            "`ridge` as they are")
        raise Incorrect(f"errors[{key!r}] is not right: check which model, which metric and "
                        "which split it uses")
    gain = 1 - test["ridge_mae"] / test["baseline_mae"]
    return (f"ridge is off by {test['ridge_mae']:.1f} on average against {test['baseline_mae']:.1f} "
            f"for always predicting the mean: {gain:.0%} better. Its RMSE, "
            f"{test['ridge_rmse']:.1f}, is larger than its MAE because squaring punishes big misses.")
