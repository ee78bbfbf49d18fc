"""Phase 3, machine-learning specialization: LightGBM beside scikit-learn's HistGradientBoosting.

Most tabular teams use a gradient-boosting library (LightGBM, XGBoost, CatBoost). The section runs
LightGBM next to scikit-learn's own histogram booster on the same folds and metric (early stopping:
lgbm_stopping.py). One thread, fixed seeds: the numbers are the same on every run.
"""

from __future__ import annotations

import functools
from typing import Any

from ...engine import Incorrect, exercise
from . import _blind_splits
from ._core import one_thread
from .boosting import _per_fold

_LGBM = """\
import warnings

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from threadpoolctl import threadpool_limits

from pathway.labs import tabular

threadpool_limits(limits=1)  # small data: one thread is faster than several fighting over the cores
warnings.filterwarnings("ignore", message=".*eval_set.*deprecated")  # LightGBM 4.7 renames it; both work

MERCHANTS = [f"m{m:03d}" for m in range(tabular.N_MERCHANTS)]


def order_table(orders):
    \"\"\"Model-ready columns from raw orders; `merchant` stays one column, a pandas category.\"\"\"
    return pd.DataFrame({
        "hour": orders["ordered_at"].dt.hour,
        "weekend": (orders["ordered_at"].dt.day_of_week >= 5).astype(int),
        "per_item": orders["amount"] / orders["items"],
        "items": orders["items"],
        "voucher": orders["voucher"],
        "account_days": orders["account_days"],
        "merchant": pd.Categorical(orders["merchant"], categories=MERCHANTS),
    })


orders = tabular.orders(n=2000, seed=0)
Xg, yg = order_table(orders), orders["returned"]
Xg_train, Xg_test, yg_train, yg_test = train_test_split(Xg, yg, test_size=0.25, random_state=0, stratify=yg)
folds_g = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
boosters = {
    # both find `merchant` as a category from its dtype, and split on groups of merchants
    "hist": HistGradientBoostingClassifier(max_iter=60, learning_rate=0.1, max_leaf_nodes=15,
                                           categorical_features="from_dtype", random_state=0),
    "lightgbm": lgb.LGBMClassifier(n_estimators=60, learning_rate=0.1, num_leaves=15, n_jobs=1,
                                   deterministic=True, force_row_wise=True, random_state=0, verbose=-1),
}
"""

_NAMES = ("hist", "lightgbm")
# Two folds of each library are enough to tell its right scores from every known mistake's (another
# splitter, another metric, all rows), and keep the first check under a second.
_FOLDS = (0, 3)


@functools.cache
def _ns() -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "__p3_boosting_libs_reference__"}
    with one_thread():
        exec(compile(_LGBM, "<p3 boosting libraries setup>", "exec"), namespace)
    return namespace


@functools.cache
def _scores(variant: str) -> dict[str, dict[int, float]]:
    """Fold scores on `folds_g`, ROC AUC, training rows (the reference) or as a known mistake gives them."""
    import warnings

    from sklearn.base import clone
    from sklearn.metrics import get_scorer
    from sklearn.model_selection import StratifiedKFold

    ns = _ns()
    X, y = (ns["Xg"], ns["yg"]) if variant == "all_rows" else (ns["Xg_train"], ns["yg_train"])
    splitter = StratifiedKFold(5) if variant == "plain_cv" else ns["folds_g"]
    scorer = get_scorer("accuracy" if variant == "accuracy" else "roc_auc")
    splits = list(splitter.split(X, y))
    out: dict[str, dict[int, float]] = {}
    with one_thread(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in _NAMES:
            out[name] = {}
            for i in _FOLDS:
                train, test = splits[i]
                model = clone(ns["boosters"][name]).fit(X.iloc[train], y.iloc[train])
                out[name][i] = float(scorer(model, X.iloc[test], y.iloc[test]))
    return out


def _matches(got: dict[str, list[float]], ref: dict[str, dict[int, float]]) -> bool:
    import math

    return all(math.isclose(got[name][i], value, rel_tol=1e-6, abs_tol=1e-9)
               for name, folds in ref.items() for i, value in folds.items())


@exercise(
    "p3.boosting_libs.same_folds",
    title="LightGBM and HistGradientBoosting, on the same folds",
    prompt="Compare the two `boosters` on the training rows `Xg_train`, `yg_train`: each trained and "
    "scored on exactly the five `folds_g` splits, with ROC AUC. Set `side_by_side` to a dictionary: "
    "model name (`hist`, `lightgbm`) -> its five fold scores in the order of the folds (a list, an "
    "array or a Series; a DataFrame with one column per model works too).",
    answer="side_by_side",
    setup=_LGBM,
    solution="""\
side_by_side = {
    name: cross_val_score(model, Xg_train, yg_train, cv=folds_g, scoring="roc_auc")
    for name, model in boosters.items()
}""",
    right=[
        *_blind_splits.CASES["p3.boosting_libs.same_folds"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
side_by_side = {}
for name in ["hist", "lightgbm"]:
    side_by_side[name] = pd.Series(
        cross_val_score(boosters[name], Xg_train, yg_train, cv=folds_g, scoring="roc_auc")
    )""",
        """\
from sklearn.base import clone

side_by_side = {
    name: np.array(
        [
            roc_auc_score(
                yg_train.iloc[te],
                clone(m)
                .fit(Xg_train.iloc[tr], yg_train.iloc[tr])
                .predict_proba(Xg_train.iloc[te])[:, 1],
            )
            for tr, te in folds_g.split(Xg_train, yg_train)
        ]
    )
    for name, m in boosters.items()
}""",
        """\
from sklearn.base import clone

side_by_side = {name: [] for name in boosters}
for train, test in folds_g.split(Xg_train, yg_train):
    for name, model in boosters.items():
        fitted = clone(model).fit(Xg_train.iloc[train], yg_train.iloc[train])
        proba = fitted.predict_proba(Xg_train.iloc[test])[:, 1]
        side_by_side[name].append(roc_auc_score(yg_train.iloc[test], proba))""",
        """\
from sklearn.model_selection import cross_validate

side_by_side = pd.DataFrame({
    name: cross_validate(model, Xg_train, yg_train, cv=folds_g, scoring="roc_auc")["test_score"]
    for name, model in boosters.items()
})""",
    ],
    wrong=[
        *_blind_splits.CASES["p3.boosting_libs.same_folds"]["wrong"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
side_by_side = {
    name: cross_val_score(model, Xg_train, yg_train, cv=folds_g, scoring="accuracy")
    for name, model in boosters.items()
}""",
        """\
side_by_side = {
    name: cross_val_score(model, Xg_test, yg_test, cv=folds_g, scoring="roc_auc")
    for name, model in boosters.items()
}""",
        """\
side_by_side = {
    name: list(reversed(cross_val_score(model, Xg_train, yg_train, cv=folds_g, scoring="roc_auc")))
    for name, model in boosters.items()
}""",
        """\
from sklearn.model_selection import KFold

side_by_side = {
    name: cross_val_score(
        model, Xg_train, yg_train, cv=KFold(5, shuffle=True, random_state=0), scoring="roc_auc"
    )
    for name, model in boosters.items()
}""",
        """\
side_by_side = {
    "hist": cross_val_score(boosters["hist"], Xg_train, yg_train, cv=folds_g, scoring="roc_auc"),
    "lightgbm": cross_val_score(
        boosters["lightgbm"],
        Xg_train.drop(columns="merchant"),
        yg_train,
        cv=folds_g,
        scoring="roc_auc",
    ),
}""",
        """\
side_by_side = {
    name: cross_val_score(model, Xg_train, yg_train, cv=folds_g, scoring="average_precision")
    for name, model in boosters.items()
}""",
        """\
side_by_side = {name: cross_val_score(model, Xg_train, yg_train, cv=5, scoring="roc_auc")
                for name, model in boosters.items()}""",
        """\
side_by_side = {name: cross_val_score(model, Xg_train, yg_train, cv=folds_g)
                for name, model in boosters.items()}""",
        """\
side_by_side = {name: cross_val_score(model, Xg, yg, cv=folds_g, scoring="roc_auc")
                for name, model in boosters.items()}""",
        """\
side_by_side = {name: cross_val_score(model, Xg_train, yg_train, cv=folds_g, scoring="roc_auc").mean()
                for name, model in boosters.items()}""",
        # each model on its own shuffle of the rows
        """\
side_by_side = {
    name: cross_val_score(model, Xg_train, yg_train, scoring="roc_auc",
                          cv=StratifiedKFold(5, shuffle=True, random_state=seed))
    for seed, (name, model) in enumerate(boosters.items())
}""",
        # the folds of the model named last used for both: the first model's scores are another's
        """\
scores = cross_val_score(boosters["lightgbm"], Xg_train, yg_train, cv=folds_g, scoring="roc_auc")
side_by_side = {"hist": scores, "lightgbm": scores}""",
    ],
    hints=[
        "A fair comparison changes one thing only, the model: the same rows in every training and "
        "test part, the same metric.",
        "`cross_val_score` takes the splitter as `cv=` and the metric as `scoring=`; scikit-learn's "
        "cross-validation tools accept a LightGBM model like any other estimator.",
        "Loop over `boosters.items()` and keep, for each, the five scores of cross_val_score with "
        "cv=folds_g and scoring=\"roc_auc\" on Xg_train, yg_train.",
    ],
)
def same_folds(answer):
    import numpy as np

    got = _per_fold(answer, "side_by_side", 5, list(_NAMES))
    ref = _scores("reference")
    if _matches(got, ref):
        hist, light = np.mean(got["hist"]), np.mean(got["lightgbm"])
        wins = sum(b > a for a, b in zip(got["hist"], got["lightgbm"]))
        return (f"mean ROC AUC: hist {hist:.3f}, lightgbm {light:.3f}; LightGBM wins {wins} of 5 "
                "folds. Differences this small between two boosters are within the folds' spread: "
                "choose on speed, deployment and the features each handles, not on the third decimal.")
    for variant, why in (("accuracy", "these are accuracies (each model's .score): pass "
                          "scoring=\"roc_auc\""),
                         ("plain_cv", "these come from cv=5, unshuffled folds, not `folds_g`: pass "
                          "cv=folds_g so both models see the same splits"),
                         ("all_rows", "these are scores on all of Xg, the test rows included: compare "
                          "the models on the training rows; the test rows wait for the final score")):
        if _matches(got, _scores(variant)):
            raise Incorrect(f"side_by_side: {why}")
    bad = next(k for k in _NAMES if not _matches({k: got[k]}, {k: ref[k]}))
    raise Incorrect(f"side_by_side[{bad!r}] are not that model's ROC AUC on the five `folds_g` splits "
                    "of the training rows: check the model, the splitter and the metric")
