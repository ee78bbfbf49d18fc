"""Phase 3, machine-learning specialization: LightGBM beside scikit-learn's HistGradientBoosting.

Most tabular teams use a gradient-boosting library (LightGBM, XGBoost, CatBoost). The section runs
LightGBM next to scikit-learn's own histogram booster on the same folds and metric, then lets it stop
itself on a validation set with the merchant column handled as a category. One thread, fixed seeds:
the numbers are the same on every run.
"""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._core import one_thread, scores_of
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
    "hist": HistGradientBoostingClassifier(max_iter=100, learning_rate=0.05, max_leaf_nodes=15,
                                           categorical_features="from_dtype", random_state=0),
    "lightgbm": lgb.LGBMClassifier(n_estimators=100, learning_rate=0.05, num_leaves=15, n_jobs=1,
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



# ------------------------------------------------------------------ early stopping, categories natively
_FRESH_SEED, _FRESH_ROWS, _PATIENCE = 23, 4000, 50
# Honest early-stopped models score 0.718 to 0.774 on the check's fresh orders, depending on the
# validation split (it decides when to stop: 21 to 68 trees) and the leaves; one tree scores 0.709,
# 2000 trees without stopping 0.730. The rounds overlap, so the bar only refuses a model that learned
# little or nothing (labels shuffled: 0.5); the structure checks (stopping, patience, validation
# rows, the merchant as a category) catch the mistakes.
AUC_BAR = 0.70


@functools.cache
def _fresh() -> tuple[Any, Any]:
    from ....labs import tabular

    orders = tabular.orders(n=_FRESH_ROWS, seed=_FRESH_SEED)
    return _ns()["order_table"](orders), orders["returned"]


def _lightgbm() -> Any:
    try:
        import lightgbm
    except ImportError:
        raise Incorrect("LightGBM is not installed here: `pip install lightgbm` (it is in the "
                        "workbook's `tabular` extra), restart the kernel and run the section again") from None
    return lightgbm


def _validation_runs(model: Any) -> dict[str, dict[str, list[float]]]:
    """The validation sets LightGBM scored while training (the training set itself left out)."""
    runs = getattr(model, "evals_result_", None) or {}
    return {name: metrics for name, metrics in runs.items() if name != "training"}


@exercise(
    "p3.boosting_libs.lgbm_early_stop",
    title="Let LightGBM stop itself, on rows it does not train on",
    prompt="Fit `stopped`: an `lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, "
    "random_state=0, verbose=-1)` (other settings are yours) that stops adding trees once its ROC "
    "AUC on a validation set has not improved for 50 rounds (`eval_metric=\"auc\"` and the callback "
    "`lgb.early_stopping(50)`). Take the validation rows out of `Xg_train`: `Xg_test` waits for the "
    "final score. Keep `merchant` the pandas category it is, so LightGBM splits on groups of "
    f"merchants natively. The check scores `stopped` on orders it draws itself: ROC AUC >= {AUC_BAR}.",
    answer="stopped",
    setup=_LGBM,
    solution="""\
X_fit, X_val, y_fit, y_val = train_test_split(
    Xg_train, yg_train, test_size=0.2, random_state=0, stratify=yg_train
)
stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1)
stopped.fit(X_fit, y_fit, eval_set=[(X_val, y_val)], eval_metric="auc",
            callbacks=[lgb.early_stopping(50, verbose=False)])""",
    right=[
        # the booster's own parameters instead of the callback, a smaller tree, another split
        """\
cut = int(len(Xg_train) * 0.75)
stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0,
                             verbose=-1, num_leaves=15, early_stopping_round=50, metric="auc")
stopped.fit(Xg_train.iloc[:cut], yg_train.iloc[:cut],
            eval_set=[(Xg_train.iloc[cut:], yg_train.iloc[cut:])],
            categorical_feature=["merchant"])""",
        # the training rows watched too (LightGBM does not stop on them), the merchant named explicitly
        """\
X_fit, X_val, y_fit, y_val = train_test_split(Xg_train, yg_train, test_size=0.25, random_state=1)
stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1)
stopped.fit(X_fit, y_fit, eval_set=[(X_fit, y_fit), (X_val, y_val)], eval_metric="auc",
            callbacks=[lgb.early_stopping(stopping_rounds=50, verbose=False), lgb.log_evaluation(0)])""",
    ],
    wrong=[
        # the test rows as the validation set
        """\
stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1)
stopped.fit(Xg_train, yg_train, eval_set=[(Xg_test, yg_test)], eval_metric="auc",
            callbacks=[lgb.early_stopping(50, verbose=False)])""",
        # no early stopping: 2000 trees
        """\
stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1)
stopped.fit(Xg_train, yg_train)""",
        # a validation set watched, but no callback: it never stops
        """\
X_fit, X_val, y_fit, y_val = train_test_split(Xg_train, yg_train, test_size=0.2, random_state=0)
stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1)
stopped.fit(X_fit, y_fit, eval_set=[(X_val, y_val)], eval_metric="auc")""",
        # merchant as an integer code: split on as if m050 lay between m049 and m051
        """\
X_num = Xg_train.assign(merchant=Xg_train["merchant"].cat.codes)
X_fit, X_val, y_fit, y_val = train_test_split(X_num, yg_train, test_size=0.2, random_state=0)
stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1)
stopped.fit(X_fit, y_fit, eval_set=[(X_val, y_val)], eval_metric="auc",
            callbacks=[lgb.early_stopping(50, verbose=False)])""",
        # another patience
        """\
X_fit, X_val, y_fit, y_val = train_test_split(Xg_train, yg_train, test_size=0.2, random_state=0)
stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1)
stopped.fit(X_fit, y_fit, eval_set=[(X_val, y_val)], eval_metric="auc",
            callbacks=[lgb.early_stopping(5, verbose=False)])""",
        # stopped on the log loss, the default metric
        """\
X_fit, X_val, y_fit, y_val = train_test_split(Xg_train, yg_train, test_size=0.2, random_state=0)
stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1)
stopped.fit(X_fit, y_fit, eval_set=[(X_val, y_val)], callbacks=[lgb.early_stopping(50, verbose=False)])""",
        # scikit-learn's booster: not LightGBM
        """\
stopped = HistGradientBoostingClassifier(max_iter=2000, learning_rate=0.05, early_stopping=True,
                                         scoring="roc_auc", n_iter_no_change=50, random_state=0)
stopped.fit(Xg_train, yg_train)""",
    ],
    hints=[
        "Early stopping needs rows the trees are not fitted on, scored after every round: split "
        "`Xg_train` into a fitting part and a validation part.",
        "`fit(X, y, eval_set=[(X_val, y_val)], eval_metric=\"auc\", callbacks=[...])`: LightGBM scores "
        "the validation rows after every tree, and the early-stopping callback ends the training.",
        "`lgb.early_stopping(50)` stops after 50 rounds without a better validation AUC and keeps "
        "the best round (`best_iteration_`). Leave `merchant` a category: LightGBM reads the dtype.",
    ],
)
def lgbm_early_stop(answer):
    import numpy as np
    from sklearn.metrics import roc_auc_score

    lgb = _lightgbm()
    if not isinstance(answer, lgb.LGBMClassifier):
        raise Incorrect(f"stopped is {checks.type_name(answer)}; fit an lgb.LGBMClassifier")
    if getattr(answer, "fitted_", False) is not True and not hasattr(answer, "_Booster"):
        raise Incorrect("stopped is not fitted yet: call its .fit(...) on rows of Xg_train")
    runs = _validation_runs(answer)
    if not runs:
        raise Incorrect("stopped watched no validation set: pass eval_set=[(X_val, y_val)] with rows "
                        "taken out of Xg_train")
    best = int(getattr(answer, "best_iteration_", 0) or 0)
    if best <= 0 or best >= answer.get_params()["n_estimators"]:
        raise Incorrect(f"stopped built all {answer.get_params()['n_estimators']} trees: it did not stop "
                        "early; add callbacks=[lgb.early_stopping(50)]")
    aucs = [metrics["auc"] for metrics in runs.values() if "auc" in metrics]
    if not aucs:
        raise Incorrect(f"the validation set was scored with {sorted(next(iter(runs.values())))} only; "
                        "pass eval_metric=\"auc\" so the stopping rule watches the ROC AUC")
    if len(aucs[0]) - best != _PATIENCE:
        raise Incorrect(f"training went on {len(aucs[0]) - best} rounds past its best round; the "
                        f"prompt's patience is {_PATIENCE} rounds without improvement")
    infos = answer.booster_.dump_model().get("feature_infos", {})
    if "merchant" not in infos:
        raise Incorrect("stopped was not trained on the columns of Xg_train (there is no `merchant` "
                        "column); keep the table as it is")
    if not infos["merchant"].get("values"):
        raise Incorrect("LightGBM treated `merchant` as a number (its codes 0..149 in order): keep it "
                        "a pandas category (or name it in categorical_feature) so it is split on groups "
                        "of merchants")
    ns = _ns()
    on_test = roc_auc_score(ns["yg_test"], scores_of(answer, ns["Xg_test"], "stopped"))
    if any(np.isclose(history[best - 1], on_test, rtol=0, atol=1e-12) for history in aucs):
        raise Incorrect("the validation set that chose when to stop is Xg_test: the test rows then "
                        "helped fit the model and its test score flatters it; take the validation "
                        "rows out of Xg_train")
    X, y = _fresh()
    auc = float(roc_auc_score(y, scores_of(answer, X, "stopped")))
    if auc < AUC_BAR:
        raise Incorrect(f"stopped scores ROC AUC {auc:.3f} on {_FRESH_ROWS} orders it never saw; the "
                        f"bar is {AUC_BAR}: check the rows and labels it was fitted on")
    return (f"LightGBM stopped after {best} trees of 2000 and scores {auc:.3f} on {_FRESH_ROWS} "
            "orders you never had. The validation rows decided when to stop, so the test rows still "
            "give an honest final score.")
