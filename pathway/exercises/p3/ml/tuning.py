"""Phase 3, machine-learning specialization: hyperparameter search and nested cross-validation."""

from __future__ import annotations

import functools

from ...engine import Incorrect, exercise
from ._core import _TUNING, _close, _ns, _numbers


def _knn_aucs(X_fit, y_fit, X_score, y_score, ks) -> list[float]:
    """ROC AUC of the scaled k-nearest-neighbours pipeline for every k at once.

    What `make_pipeline(StandardScaler(), KNeighborsClassifier(k))` fitted on the first rows gives on
    the second, computed from one distance matrix instead of one fit per k: a grid search and its
    nested cross-validation in milliseconds, so the check needs no GridSearchCV of its own.
    """
    import numpy as np
    from sklearn.metrics import roc_auc_score
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(X_fit)
    fit, score = scaler.transform(X_fit), scaler.transform(X_score)
    distances = ((score[:, None, :] - fit[None, :, :]) ** 2).sum(axis=-1)
    nearest = np.argsort(distances, axis=1, kind="stable")
    positives = np.cumsum(np.asarray(y_fit)[nearest], axis=1)
    return [float(roc_auc_score(y_score, positives[:, k - 1] / k)) for k in ks]


def _search(X, y, inner, ks) -> tuple[int, float, float]:
    """What the grid search finds on (X, y): the best k, its mean inner score, the mean over all k."""
    import numpy as np

    per_fold = [_knn_aucs(X[tr], y[tr], X[te], y[te], ks) for tr, te in inner.split(X, y)]
    means = np.mean(per_fold, axis=0)
    best = int(np.argmax(means))  # the first of equal means, as GridSearchCV's rank does
    return ks[best], float(means[best]), float(means.mean())


@functools.cache
def _tuning_expected(variant: str) -> float:
    """One reference number, by variant (the right ones and those a known mistake gives)."""
    import numpy as np

    ns = _ns(_TUNING)
    X, y, inner, outer = ns["X_small"], ns["y_small"], ns["inner"], ns["outer"]
    ks = list(ns["search"].param_grid["kneighborsclassifier__n_neighbors"])
    k_all, best_score, mean_all = _search(X, y, inner, ks)
    if variant == "inner":
        return best_score
    if variant == "mean_of_candidates":
        return mean_all
    if variant == "training":
        return _knn_aucs(X, y, X, y, [k_all])[0]
    if variant == "best_on_outer":
        return float(np.mean([_knn_aucs(X[tr], y[tr], X[te], y[te], [k_all])[0]
                              for tr, te in outer.split(X, y)]))
    if variant in ("nested", "nested_on_inner"):
        splitter = outer if variant == "nested" else inner
        scores = []
        for tr, te in splitter.split(X, y):
            k, _, _ = _search(X[tr], y[tr], inner, ks)
            scores.append(_knn_aucs(X[tr], y[tr], X[te], y[te], [k])[0])
        return float(np.mean(scores))
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
