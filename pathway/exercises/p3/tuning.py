"""Phase 3, machine-learning specialization: hyperparameter search and nested cross-validation."""

from __future__ import annotations

import functools

from ..engine import Incorrect, exercise
from ._core import _TUNING, _close, _ns, _numbers, one_thread


@functools.cache
def _tuning_expected(variant: str) -> float:
    """One reference number; computed per variant, so a right answer pays only for two of them."""
    import numpy as np
    from sklearn.base import clone
    from sklearn.model_selection import cross_val_score

    ns = _ns(_TUNING)
    X, y, search = ns["X_small"], ns["y_small"], ns["search"]
    with one_thread():
        if variant == "nested":
            return float(cross_val_score(clone(search), X, y, cv=ns["outer"], scoring="roc_auc").mean())
        if variant == "nested_on_inner":
            return float(cross_val_score(clone(search), X, y, cv=ns["inner"], scoring="roc_auc").mean())
        tuned = clone(search).fit(X, y)
        if variant == "inner":
            return float(tuned.best_score_)
        if variant == "mean_of_candidates":
            return float(np.mean(tuned.cv_results_["mean_test_score"]))
        if variant == "training":
            return float(tuned.score(X, y))
        if variant == "best_on_outer":
            return float(cross_val_score(clone(tuned.best_estimator_), X, y, cv=ns["outer"],
                                         scoring="roc_auc").mean())
    raise ValueError(variant)


@exercise(
    "p3.tuning.nested_gap",
    title="How much does the tuning score flatter the tuned model?",
    prompt="Measure two numbers for the grid search `search` on `X_small`, `y_small` and set `flattery` "
    "to a dictionary with the keys `inner` (the best mean ROC AUC the search reports on its inner "
    "folds) and `nested` (an honest estimate of the *whole tuning procedure*: the mean ROC AUC over "
    "the `outer` folds, the search re-run inside each outer training part).",
    answer="flattery",
    setup=_TUNING,
    solution="""\
search.fit(X_small, y_small)
nested_scores = cross_val_score(search, X_small, y_small, cv=outer, scoring="roc_auc")
flattery = {"inner": search.best_score_, "nested": nested_scores.mean()}""",
    right=[
        """\
from sklearn.base import clone
from sklearn.metrics import roc_auc_score

outer_scores = []
for train, test in outer.split(X_small, y_small):
    tuned = clone(search).fit(X_small[train], y_small[train])
    outer_scores.append(roc_auc_score(y_small[test], tuned.predict_proba(X_small[test])[:, 1]))
whole = clone(search).fit(X_small, y_small)
flattery = {"inner": whole.best_score_, "nested": float(np.mean(outer_scores))}""",
    ],
    wrong=[
        """\
search.fit(X_small, y_small)
honest = cross_val_score(search.best_estimator_, X_small, y_small, cv=outer, scoring="roc_auc")
flattery = {"inner": search.best_score_, "nested": honest.mean()}""",
        """\
search.fit(X_small, y_small)
flattery = {"inner": search.cv_results_["mean_test_score"].mean(),
            "nested": cross_val_score(search, X_small, y_small, cv=outer).mean()}""",
        """\
search.fit(X_small, y_small)
flattery = {"inner": search.best_score_,
            "nested": cross_val_score(search, X_small, y_small, cv=inner).mean()}""",
        """\
search.fit(X_small, y_small)
flattery = {"inner": search.best_score_, "nested": search.score(X_small, y_small)}""",
    ],
    hints=[
        "A fitted search keeps the winner's inner score in an attribute ending in an underscore. The "
        "honest number treats the search itself as the model being evaluated.",
        "A GridSearchCV is an estimator: anything that cross-validates a model (cross_val_score, "
        "cross_validate, or your own loop over `outer.split(...)`) accepts it, and re-runs the "
        "search inside every outer training part.",
        "Fit `search` once on all the rows for `inner` (`best_score_`); for `nested`, hand the "
        "unfitted-or-fitted `search` itself (not its best_estimator_) to cross_val_score with "
        "cv=outer and the same metric, and average.",
    ],
)
def nested_gap(answer):
    got = _numbers(answer, ["inner", "nested"], "flattery")
    inner, nested = _tuning_expected("inner"), _tuning_expected("nested")
    if _close(got["inner"], nested) and _close(got["nested"], inner):
        raise Incorrect("the two numbers are swapped: `inner` is the search's best_score_, `nested` "
                        "the mean over the outer folds")
    if not _close(got["inner"], inner):
        if _close(got["inner"], _tuning_expected("mean_of_candidates")):
            raise Incorrect("flattery['inner'] is the mean over *all* candidates; the search reports "
                            "the score of the best one")
        if _close(got["inner"], _tuning_expected("training")):
            raise Incorrect("flattery['inner'] is the tuned model scored on the rows it was fitted on; "
                            "use the inner cross-validated score the search keeps for its winner")
        raise Incorrect("flattery['inner'] is not the best mean ROC AUC of `search` fitted on "
                        "X_small, y_small: look at the fitted search's best_score_")
    if _close(got["nested"], nested):
        return (f"the search promises {inner:.3f}, the nested estimate says {nested:.3f}: "
                f"{inner - nested:+.3f} of the inner score came from choosing the candidate that was "
                "luckiest on the inner folds. Report the nested number; keep the inner one for "
                "choosing.")
    if _close(got["nested"], _tuning_expected("training")):
        raise Incorrect("flattery['nested'] scores the tuned model on the rows it was tuned and fitted "
                        "on: every outer test part must stay out of the search")
    if _close(got["nested"], _tuning_expected("best_on_outer")):
        raise Incorrect("flattery['nested'] cross-validates search.best_estimator_, whose "
                        "hyperparameters were chosen on all the rows, outer test parts included: "
                        "cross-validate the search itself, so it is re-run without them")
    if _close(got["nested"], _tuning_expected("nested_on_inner")):
        raise Incorrect("flattery['nested'] uses the `inner` splitter for the outer loop; the "
                        "honest estimate runs over the `outer` folds")
    raise Incorrect("flattery['nested'] is not the mean ROC AUC of the whole search over the "
                    "`outer` folds: check the splitter, the metric and what you cross-validate")
