"""Phase 3, machine-learning specialization: gradient boosting, compared fairly."""

from __future__ import annotations

import functools
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._core import _BOOSTING, _ns, one_thread

_NAMES = ["logistic", "forest", "boosting"]


@functools.cache
def _fold_scores(variant: str) -> dict[str, tuple[float, ...]]:
    """Per-fold scores of each candidate: on `folds_h` with ROC AUC (the reference) or a mistake."""
    from sklearn.base import clone
    from sklearn.model_selection import cross_val_score

    ns = _ns(_BOOSTING)
    X, y = ns["X_h"], ns["y_h"]
    cv, scoring = {"reference": (ns["folds_h"], "roc_auc"), "plain_cv": (5, "roc_auc"),
                   "accuracy": (ns["folds_h"], None)}[variant]
    with one_thread():
        return {name: tuple(float(s) for s in cross_val_score(clone(m), X, y, cv=cv, scoring=scoring))
                for name, m in ns["candidates"].items()}


def _per_fold(answer: Any, name: str, folds: int) -> dict[str, list[float]]:
    """model name -> its fold scores, from a dict of lists, arrays or Series (or a DataFrame)."""
    import numpy as np

    if hasattr(answer, "to_dict") and hasattr(answer, "columns"):
        answer = {str(c): answer[c] for c in answer.columns}
    checks.expect_type(answer, dict, "a dictionary (model name -> its fold scores)")
    checks.same_set(answer.keys(), _NAMES, f"the keys of {name}")
    out = {}
    for key in _NAMES:
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


def _matches(got: dict[str, list[float]], ref: dict[str, tuple[float, ...]]) -> bool:
    import numpy as np

    return all(np.allclose(got[k], ref[k], rtol=1e-6, atol=1e-9) for k in _NAMES)


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
        means = {k: np.mean(v) for k, v in ref.items()}
        wins = sum(b > f for b, f in zip(ref["boosting"], ref["forest"]))
        return (f"mean ROC AUC: logistic {means['logistic']:.3f}, forest {means['forest']:.3f}, "
                f"boosting {means['boosting']:.3f}. The target is a sphere in 10 dimensions, which no "
                f"straight line can cut; boosting beats the forest on {wins} of 5 folds, and only "
                "because both saw the same folds can you compare them fold by fold.")
    for key in _NAMES:
        if all(0 <= v <= 1 for v in got[key]) and sorted(got[key]) == sorted(ref[key]) \
                and got[key] != list(ref[key]):
            raise Incorrect(f"fold_scores[{key!r}] holds the right scores in another order: keep the "
                            "order of the folds, so fold i of every model is the same split")
    if _matches(got, _fold_scores("accuracy")):
        raise Incorrect("these are accuracies: every model was judged by its own .score; pass "
                        "scoring=\"roc_auc\" so all three use the metric asked for")
    if _matches(got, _fold_scores("plain_cv")):
        raise Incorrect("these scores come from cv=5, unshuffled folds, not `folds_h`: pass "
                        "cv=folds_h so every model sees the same shuffled splits")
    bad = next(k for k in _NAMES if not np.allclose(got[k], ref[k], rtol=1e-6, atol=1e-9))
    raise Incorrect(f"fold_scores[{bad!r}] are not that model's ROC AUC on the five `folds_h` splits: "
                    "check the model, the splitter and the metric")
