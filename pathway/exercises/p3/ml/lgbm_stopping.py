"""Phase 3, machine-learning specialization: LightGBM stops itself on validation rows.

Early stopping on rows carved out of the training data, the merchant column split natively as a
category. The check reads from the fitted model how it stopped and scores it on fresh orders.
"""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _blind_splits
from ._core import scores_of
from .boosting_libs import _LGBM, _ns

# ------------------------------------------------------------------ early stopping, categories natively
_FRESH_SEED, _FRESH_ROWS, _PATIENCE = 23, 4000, 50
# Honest early-stopped models score 0.707 to 0.774 on the check's fresh orders, depending on the
# validation split (it decides when to stop: 7 to 68 trees) and the leaves; one tree scores 0.709,
# 2000 trees without stopping 0.730. The ranges overlap, so the bar only refuses a model that learned
# little or nothing (labels shuffled: 0.5); the structure checks (stopping, patience, validation
# rows, the merchant as a category) catch the mistakes.
AUC_BAR = 0.65
_PRESCRIBED = {"n_estimators": 2000, "learning_rate": 0.05, "n_jobs": 1, "random_state": 0, "verbose": -1}
# An honest model scores the same on Xg_test as on the fresh orders, to within the test split's noise
# (-0.02 to 0.00 over four validation splits; a standard error of about 0.023); one fitted with the
# test rows in its training data scores 0.17 to 0.19 higher on them. 0.08 lies between.
_TEST_FLATTERY = 0.08


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


def _leaf_counts(node: dict[str, Any], out: dict[int, int]) -> dict[int, int]:
    """{leaf index: training rows in that leaf} for one tree of LightGBM's dump_model()."""
    if "leaf_index" in node:
        out[int(node["leaf_index"])] = int(node.get("leaf_count", 0))
    for side in ("left_child", "right_child"):
        if side in node:
            _leaf_counts(node[side], out)
    return out


def _fitted_on_training_rows(model: Any, X_train: Any) -> None:
    """The first tree's leaves hold no more rows than Xg_train puts there (fewer: the validation
    rows are out); a leaf holding more was fitted on rows from outside Xg_train."""
    import numpy as np

    tree = model.booster_.dump_model()["tree_info"][0]["tree_structure"]
    counts = _leaf_counts(tree, {})
    fitted = int(tree.get("internal_count", sum(counts.values())))
    leaves = np.asarray(model.booster_.predict(X_train, pred_leaf=True)).reshape(len(X_train), -1)[:, 0]
    available = np.bincount(leaves.astype(int), minlength=max(counts, default=0) + 1)
    if any(n > available[leaf] for leaf, n in counts.items()) or fitted > len(X_train):
        raise Incorrect(f"stopped was fitted on {fitted} rows, some of them not rows of Xg_train "
                        f"({len(X_train)} rows): the test rows helped fit the model; split the "
                        "fitting and validation rows out of Xg_train only")
    if fitted == len(X_train):
        raise Incorrect(f"stopped was fitted on all {fitted} rows of Xg_train, so its validation rows "
                        "were trained on too: fit on the rows left after taking the validation rows out")


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
        *_blind_splits.CASES["p3.boosting_libs.lgbm_early_stop"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
X_fit, X_val, y_fit, y_val = train_test_split(
    Xg_train, yg_train, test_size=0.15, random_state=7, stratify=yg_train
)
stopped = lgb.LGBMClassifier(
    n_estimators=2000,
    learning_rate=0.05,
    n_jobs=1,
    random_state=0,
    verbose=-1,
    min_child_samples=30,
)
stopped.fit(
    X_fit,
    y_fit,
    eval_set=[(X_val, y_val)],
    eval_metric="auc",
    callbacks=[lgb.early_stopping(stopping_rounds=50, first_metric_only=False, verbose=False)],
)""",
        """\
X_fit, X_val, y_fit, y_val = train_test_split(Xg_train, yg_train, test_size=0.2, random_state=3)
stopped = lgb.LGBMClassifier(
    n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1, metric="auc"
)
stopped.fit(
    X_fit,
    y_fit,
    eval_set=[(X_val, y_val)],
    categorical_feature=["merchant"],
    callbacks=[lgb.early_stopping(50, verbose=False)],
)""",
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
        *_blind_splits.CASES["p3.boosting_libs.lgbm_early_stop"]["wrong"],  # second blind red team
        # the test rows added to the fitting rows: early stopping on validation rows, but a leak
        """\
X_fit, X_val, y_fit, y_val = train_test_split(Xg_train, yg_train, test_size=0.2, random_state=0)
X_fit, y_fit = pd.concat([X_fit, Xg_test]), pd.concat([y_fit, yg_test])
stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1)
stopped.fit(X_fit, y_fit, eval_set=[(X_val, y_val)], eval_metric="auc",
            callbacks=[lgb.early_stopping(50, verbose=False)])""",
        # blind red team (written from the prompt and setup alone)
        """\
stopped = lgb.LGBMClassifier(
    n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1
)
stopped.fit(
    Xg_train,
    yg_train,
    eval_set=[(Xg_train, yg_train)],
    eval_metric="auc",
    callbacks=[lgb.early_stopping(50, verbose=False)],
)""",
        """\
X_fit, X_val, y_fit, y_val = train_test_split(Xg_train, yg_train, test_size=0.2, random_state=0)
stopped = lgb.LGBMClassifier(
    n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1
)
stopped.fit(
    X_fit,
    y_fit,
    eval_set=[(X_val, y_val)],
    eval_metric="auc",
    callbacks=[lgb.early_stopping(100, verbose=False)],
)""",
        """\
X_fit, X_val, y_fit, y_val = train_test_split(Xg_train, yg_train, test_size=0.2, random_state=0)
stopped = lgb.LGBMClassifier(
    n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1
)
stopped.fit(
    X_fit.drop(columns="merchant"),
    y_fit,
    eval_set=[(X_val.drop(columns="merchant"), y_val)],
    eval_metric="auc",
    callbacks=[lgb.early_stopping(50, verbose=False)],
)""",
        """\
X_fit, X_val, y_fit, y_val = train_test_split(Xg_train, yg_train, test_size=0.2, random_state=0)
stopped = lgb.LGBMClassifier(
    n_estimators=60, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1
)
stopped.fit(X_fit, y_fit)""",
        """\
X_fit, X_val, y_fit, y_val = train_test_split(Xg_test, yg_test, test_size=0.5, random_state=0)
stopped = lgb.LGBMClassifier(
    n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1
)
stopped.fit(
    X_fit,
    y_fit,
    eval_set=[(X_val, y_val)],
    eval_metric="auc",
    callbacks=[lgb.early_stopping(50, verbose=False)],
)""",
        """\
X_fit, X_val, y_fit, y_val = train_test_split(Xg_train, yg_train, test_size=0.2, random_state=0)
stopped = lgb.LGBMClassifier(
    n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1
)
stopped.fit(
    X_fit,
    y_fit,
    eval_set=[(X_val, y_val)],
    eval_metric="auc",
    callbacks=[lgb.early_stopping(50, verbose=False)],
)
stopped = stopped.booster_""",
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
    params = answer.get_params()
    for name, value in _PRESCRIBED.items():
        if params.get(name) != value:
            raise Incorrect(f"stopped has {name}={params.get(name)!r}; the prompt prescribes "
                            f"{name}={value!r} (the other settings are yours)")
    runs = _validation_runs(answer)
    if not runs and "training" in (getattr(answer, "evals_result_", None) or {}):
        raise Incorrect("stopped watched only its own training rows, which always improve: early "
                        "stopping needs validation rows it is not fitted on, taken out of Xg_train")
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
    _fitted_on_training_rows(answer, ns["Xg_train"])
    X, y = _fresh()
    auc = float(roc_auc_score(y, scores_of(answer, X, "stopped")))
    if on_test - auc > _TEST_FLATTERY:
        raise Incorrect(f"stopped scores {on_test:.3f} on Xg_test but {auc:.3f} on fresh orders: the "
                        "test rows were in its training data. Fit on rows of Xg_train only")
    if auc < AUC_BAR:
        raise Incorrect(f"stopped scores ROC AUC {auc:.3f} on {_FRESH_ROWS} orders it never saw; the "
                        f"bar is {AUC_BAR}: check the rows and labels it was fitted on")
    return (f"LightGBM stopped after {best} trees of 2000 and scores {auc:.3f} on {_FRESH_ROWS} "
            "orders you never had. The validation rows decided when to stop, so the test rows still "
            "give an honest final score.")
