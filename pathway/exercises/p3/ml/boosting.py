"""Phase 3, machine-learning specialization: gradient boosting, compared fairly."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._core import _BOOSTING, _ns, one_thread

_NAMES = ["logistic", "forest", "boosting"]


# The reference fits every fold of the cheap linear model, but only these folds of the forest and the
# boosting model: each mistake the check knows (other folds, another metric, a mean) shows in the
# linear model already, and two folds of each tree model catch a learner who changed its splits.
_TREE_FOLDS = (0, 4)


@functools.cache
def _fold_scores(variant: str) -> dict[str, dict[int, float]]:
    """Per-fold scores: on `folds_h` with ROC AUC (the reference) or as a known mistake would give them."""
    from sklearn.base import clone
    from sklearn.metrics import get_scorer
    ns = _ns(_BOOSTING)
    X, y = ns["X_h"], ns["y_h"]
    splitter, metric = {"reference": (ns["folds_h"], "roc_auc"), "plain_cv": (None, "roc_auc"),
                        "accuracy": (ns["folds_h"], "accuracy")}[variant]
    splits = list((splitter or _stratified_plain()).split(X, y))
    scorer = get_scorer(metric)
    names = _NAMES if variant == "reference" else ["logistic"]
    out: dict[str, dict[int, float]] = {}
    with one_thread():
        for name in names:
            wanted = range(len(splits)) if name == "logistic" else _TREE_FOLDS
            out[name] = {}
            for i in wanted:
                train, test = splits[i]
                model = clone(ns["candidates"][name]).fit(X[train], y[train])
                out[name][i] = float(scorer(model, X[test], y[test]))
    return out


def _stratified_plain():
    """What `cv=5` means for a classifier: StratifiedKFold(5) without shuffling."""
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(n_splits=5)


def _per_fold(answer: Any, name: str, folds: int, names: list[str] = _NAMES) -> dict[str, list[float]]:
    """model name -> its fold scores, from a dict of lists, arrays or Series (or a DataFrame)."""
    import numpy as np

    if hasattr(answer, "to_dict") and hasattr(answer, "columns"):
        answer = {str(c): answer[c] for c in answer.columns}
    checks.expect_type(answer, dict, "a dictionary (model name -> its fold scores)")
    checks.same_set(answer.keys(), names, f"the keys of {name}")
    out = {}
    for key in names:
        value = answer[key]
        if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
            raise Incorrect(f"{name}[{key!r}] holds one value ({checks.type_name(value)}); keep the "
                            f"{folds} fold scores, one per fold, so the models can be compared fold by fold")
        try:
            arr = np.asarray(list(value), dtype=float)
        except (TypeError, ValueError):
            raise Incorrect(f"{name}[{key!r}] should hold numbers, one per fold") from None
        if arr.shape != (folds,):
            raise Incorrect(f"{name}[{key!r}] holds {arr.size} values; expected {folds}, one per fold "
                            "of `folds_h`")
        out[key] = [float(v) for v in arr]
    return out


def _matches(got: dict[str, list[float]], ref: dict[str, dict[int, float]]) -> bool:
    import math

    return all(math.isclose(got[name][i], value, rel_tol=1e-6, abs_tol=1e-9)
               for name, folds in ref.items() for i, value in folds.items())


@exercise(
    "p3.boosting.fair_comparison",
    title="Boosting against the linear model and the forest, fairly",
    prompt="Compare the three `candidates` fairly on `X_h`, `y_h`: every model trained and scored on "
    "exactly the same five splits (`folds_h`) with the same metric, ROC AUC. Set `fold_scores` to a "
    "dictionary: model name -> its five fold scores, in the order of the folds (a list, an array or "
    "a Series; a DataFrame with one column per model works too).",
    answer="fold_scores",
    setup=_BOOSTING,
    solution="""\
fold_scores = {
    name: cross_val_score(model, X_h, y_h, cv=folds_h, scoring="roc_auc")
    for name, model in candidates.items()
}""",
    right=[
        """\
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

fold_scores = {name: [] for name in candidates}
for train, test in folds_h.split(X_h, y_h):
    for name, model in candidates.items():
        fitted = clone(model).fit(X_h[train], y_h[train])
        fold_scores[name].append(roc_auc_score(y_h[test], fitted.predict_proba(X_h[test])[:, 1]))""",
        """\
import pandas as pd
from sklearn.model_selection import cross_validate

fold_scores = pd.DataFrame({
    name: cross_validate(model, X_h, y_h, cv=folds_h, scoring="roc_auc")["test_score"]
    for name, model in candidates.items()
})""",
    ],
    wrong=[
        """\
fold_scores = {
    name: cross_val_score(model, X_h, y_h, cv=5, scoring="roc_auc")
    for name, model in candidates.items()
}""",
        """\
fold_scores = {name: cross_val_score(model, X_h, y_h, cv=folds_h) for name, model in candidates.items()}""",
        """\
fold_scores = {
    name: cross_val_score(model, X_h, y_h, cv=folds_h, scoring="roc_auc").mean()
    for name, model in candidates.items()
}""",
    ],
    hints=[
        "Fair means the only thing that changes between the three runs is the model: the same rows "
        "in every training and test part, the same metric.",
        "`cross_val_score` takes the splitter as `cv=` and the metric as `scoring=`; without a "
        "`scoring` each model is judged by its own `.score`, which is accuracy for classifiers.",
        "Loop over `candidates.items()` and, for each model, keep the array of five scores "
        "cross_val_score returns with cv=folds_h and scoring=\"roc_auc\" (not its mean).",
    ],
)
def fair_comparison(answer):
    import numpy as np

    got = _per_fold(answer, "fold_scores", 5)
    ref = _fold_scores("reference")
    if _matches(got, ref):
        means = {k: np.mean(v) for k, v in got.items()}
        wins = sum(b > f for b, f in zip(got["boosting"], got["forest"]))
        return (f"mean ROC AUC: logistic {means['logistic']:.3f}, forest {means['forest']:.3f}, "
                f"boosting {means['boosting']:.3f}. The target is a sphere in 10 dimensions, which no "
                f"straight line can cut; boosting beats the forest on {wins} of 5 folds, and only "
                "because both saw the same folds can you compare them fold by fold.")
    logistic = [ref["logistic"][i] for i in range(5)]
    if np.allclose(sorted(got["logistic"]), sorted(logistic)) and not np.allclose(got["logistic"], logistic):
        raise Incorrect("fold_scores['logistic'] holds the right scores in another order: keep the "
                        "order of the folds, so fold i of every model is the same split")
    if _matches(got, _fold_scores("accuracy")):
        raise Incorrect("these are accuracies: every model was judged by its own .score; pass "
                        "scoring=\"roc_auc\" so all three use the metric asked for")
    if _matches(got, _fold_scores("plain_cv")):
        raise Incorrect("these scores come from cv=5, unshuffled folds, not `folds_h`: pass "
                        "cv=folds_h so every model sees the same shuffled splits")
    bad = next(k for k in _NAMES if not _matches({k: got[k]}, {k: ref[k]}))
    raise Incorrect(f"fold_scores[{bad!r}] are not that model's ROC AUC on the five `folds_h` splits: "
                    "check the model, the splitter and the metric")
