"""Phase 3, machine-learning specialization: calibrated probabilities."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._core import _CALIBRATION, _ns, one_thread, scores_of

# Fresh rows of the same problem, drawn with a seed no notebook cell uses.
_FRESH_SEED, _FRESH_ROWS = 31, 6000
# The bar sits just under the Brier score of always predicting the base rate (0.0548 on the fresh
# rows): a model must be calibrated *and* rank better than a constant. The weighted logistic model as
# it comes scores 0.176; calibrated with sigmoid, 0.052; naive Bayes calibrated, 0.047.
BRIER_BAR = 0.054


@functools.cache
def _curve() -> dict[str, Any]:
    from sklearn.calibration import calibration_curve

    ns = _ns(_CALIBRATION)
    with one_thread():
        proba = ns["weighted"].predict_proba(ns["Xi_test"])[:, 1]
    true, predicted = calibration_curve(ns["yi_test"], proba, n_bins=10)
    wrong_true, wrong_pred = calibration_curve(ns["yi_test"], 1 - proba, n_bins=10)
    return {"true": true, "pred": predicted, "neg_true": wrong_true, "neg_pred": wrong_pred}


def _series(ax: Any) -> list[tuple[Any, Any]]:
    """Every drawn (x, y) series: lines (with or without markers) and scatter points alike."""
    import numpy as np

    found = []
    for line in ax.get_lines():
        try:
            xy = np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)
            found.append(xy)
        except (TypeError, ValueError):
            continue
    for collection in ax.collections:
        offsets = np.asarray(getattr(collection, "get_offsets", lambda: [])(), dtype=float)
        if offsets.ndim == 2 and offsets.shape[1] == 2 and len(offsets):
            found.append((offsets[:, 0], offsets[:, 1]))
    return found


def _has_line(ax: Any, xs: Any, ys: Any) -> bool:
    """Whether the points (xs, ys) are drawn, as a line or as a scatter, in any order."""
    import numpy as np

    want = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    order = np.argsort(want[0])
    for lx, ly in _series(ax):
        if lx.shape == want[0].shape and ly.shape == want[1].shape:
            mine = np.argsort(lx)
            if np.allclose(lx[mine], want[0][order]) and np.allclose(ly[mine], want[1][order]):
                return True
    return False


def _has_diagonal(ax: Any) -> bool:
    import numpy as np

    return any(lx.size >= 2 and lx.shape == ly.shape and np.allclose(lx, ly) and np.ptp(lx) >= 0.9
               for lx, ly in _series(ax))


@exercise(
    "p3.calibration.reliability_diagram",
    title="A reliability diagram",
    prompt="Draw the reliability diagram of the `weighted` model on the test split: the fraction of "
    "actual positives against the mean predicted probability of a positive, in 10 equal-width bins, "
    "plus the diagonal a perfectly calibrated model would follow (from (0, 0) to (1, 1)). Label both "
    "axes.",
    answer="fig",
    setup=_CALIBRATION,
    solution="""\
fig, ax = plt.subplots()
frac_pos, mean_pred = calibration_curve(yi_test, weighted.predict_proba(Xi_test)[:, 1], n_bins=10)
ax.plot(mean_pred, frac_pos, marker="o", label="weighted logistic")
ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
ax.set_xlabel("mean predicted probability")
ax.set_ylabel("fraction of positives")
ax.legend()""",
    right=[
        """\
from sklearn.calibration import CalibrationDisplay

fig, ax = plt.subplots()
CalibrationDisplay.from_estimator(weighted, Xi_test, yi_test, n_bins=10, ax=ax)""",
        """\
fig, ax = plt.subplots()
frac_pos, mean_pred = calibration_curve(yi_test, weighted.predict_proba(Xi_test)[:, 1], n_bins=10)
ax.scatter(mean_pred, frac_pos, label="weighted model")
ax.plot([0, 1], [0, 1], "k:", label="perfectly calibrated")
ax.set_xlabel("mean predicted probability")
ax.set_ylabel("fraction of positives")
ax.legend()""",
    ],
    wrong=[
        """\
fig, ax = plt.subplots()
frac_pos, mean_pred = calibration_curve(yi_test, weighted.predict_proba(Xi_test)[:, 1], n_bins=10)
ax.plot(frac_pos, mean_pred, marker="o")
ax.plot([0, 1], [0, 1], linestyle="--")
ax.set_xlabel("mean predicted probability")
ax.set_ylabel("fraction of positives")""",
        """\
fig, ax = plt.subplots()
frac_pos, mean_pred = calibration_curve(yi_test, weighted.predict_proba(Xi_test)[:, 1], n_bins=10)
ax.plot(mean_pred, frac_pos, marker="o")
ax.set_xlabel("mean predicted probability")
ax.set_ylabel("fraction of positives")""",
        """\
fig, ax = plt.subplots()
frac_pos, mean_pred = calibration_curve(yi_test, weighted.predict_proba(Xi_test)[:, 0], n_bins=10)
ax.plot(mean_pred, frac_pos, marker="o")
ax.plot([0, 1], [0, 1], linestyle="--")
ax.set_xlabel("mean predicted probability")
ax.set_ylabel("fraction of positives")""",
    ],
    hints=[
        "Group the test rows by their predicted probability into 10 bins; in each bin compare the "
        "mean prediction with the share of rows that were truly positive.",
        "`sklearn.calibration.calibration_curve(y_true, y_prob, n_bins=10)` returns two arrays: the "
        "fraction of positives first, the mean predicted probability second. The x axis is the "
        "prediction.",
        "Plot the mean predicted probability on x and the fraction of positives on y, then a dashed "
        "line through (0, 0) and (1, 1), and label both axes (CalibrationDisplay does all of it).",
    ],
)
def reliability_diagram(answer):
    ax = checks.plot(answer, xlabel=True, ylabel=True, name="the reliability diagram")
    ref = _curve()
    if not _has_line(ax, ref["pred"], ref["true"]):
        if _has_line(ax, ref["true"], ref["pred"]):
            raise Incorrect("the axes are swapped: the mean predicted probability goes on x, the "
                            "fraction of actual positives on y")
        if _has_line(ax, ref["neg_pred"], ref["neg_true"]):
            raise Incorrect("the curve uses the probability of class 0; take column 1 of "
                            "predict_proba, the probability of a positive")
        raise Incorrect("no line shows the weighted model's fraction of positives against its mean predicted "
                        "probability on the test split, in 10 equal-width bins")
    if not _has_diagonal(ax):
        raise Incorrect("the diagonal is missing: draw the line from (0, 0) to (1, 1) that a "
                        "perfectly calibrated model would follow, so the reader sees the gap")
    ref = _curve()
    return (f"the curve lies far below the diagonal: where the weighted model says "
            f"{ref['pred'][-1]:.2f}, only {ref['true'][-1]:.0%} are positive. class_weight='balanced' "
            "trained it as if positives were as common as negatives, so it over-states every "
            "probability. Its ranking is intact; its probabilities are not to be trusted as they are.")


def _rows_seen(answer: Any) -> int | None:
    """Rows, not the score: how many rows the calibrated model was fitted on, when it can tell.

    With cv=k each fold's model sees all rows but one fold, so the rows its counts add up to are
    n(k - 1). A naive Bayes model counts its rows (`class_count_`), a scaler too
    (`n_samples_seen_`); a model that keeps no count is not judged here.
    """
    import numbers

    counts = []
    for pair in getattr(answer, "calibrated_classifiers_", []):
        inner = getattr(pair, "estimator", None)
        steps = [s for _, s in getattr(inner, "steps", [])] or [inner]
        seen = None
        for step in steps:
            if isinstance(getattr(step, "n_samples_seen_", None), numbers.Real):
                seen = int(round(float(step.n_samples_seen_)))
            elif getattr(step, "class_count_", None) is not None:
                seen = int(round(float(step.class_count_.sum())))
            if seen is not None:
                break
        if seen is None:
            return None
        counts.append(seen)
    if not counts:
        return None
    folds = len(counts)
    return sum(counts) // (folds - 1) if folds > 1 else counts[0]


@functools.cache
def _rare_namespace() -> dict[str, Any]:
    return _ns(_CALIBRATION)


@functools.cache
def _fresh() -> tuple[Any, Any]:
    from ....labs import tabular

    return tabular.rare_events(n=_FRESH_ROWS, seed=_FRESH_SEED)


@functools.cache
def _brier_nb() -> float:
    from sklearn.metrics import brier_score_loss

    X, y = _fresh()
    with one_thread():
        return float(brier_score_loss(y, _ns(_CALIBRATION)["weighted"].predict_proba(X)[:, 1]))


@exercise(
    "p3.calibration.calibrated_model",
    title="Probabilities you can trust",
    prompt="Build `calibrated`: a `CalibratedClassifierCV` around a model of your choice, fitted on "
    "the training split only (`Xi_train`, `yi_train`), whose probabilities are honest enough that "
    f"its Brier score on new rows of the same problem is at most {BRIER_BAR} (always predicting "
    "the base rate scores 0.0548; the `weighted` model as it comes, 0.176). The check draws those "
    "rows itself.",
    answer="calibrated",
    setup=_CALIBRATION,
    solution="""\
calibrated = CalibratedClassifierCV(GaussianNB(), method="sigmoid", cv=5)
calibrated.fit(Xi_train, yi_train)""",
    right=[
        """\
calibrated = CalibratedClassifierCV(
    make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, class_weight="balanced")),
    method="sigmoid", cv=3,
).fit(Xi_train, yi_train)""",
        """\
from sklearn.ensemble import RandomForestClassifier

calibrated = CalibratedClassifierCV(RandomForestClassifier(n_estimators=60, min_samples_leaf=5),
                                    method="sigmoid", cv=4).fit(Xi_train, yi_train)""",
    ],
    wrong=[
        "calibrated = weighted",
        "calibrated = CalibratedClassifierCV(GaussianNB(), method=\"sigmoid\", cv=5)",
        """\
calibrated = CalibratedClassifierCV(
    make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, class_weight="balanced")),
    method="isotonic", cv=5,
).fit(Xi_train, yi_train)""",
        """\
calibrated = CalibratedClassifierCV(
    make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, class_weight="balanced")), cv=3
).fit(Xi_train, yi_train)
calibrated = calibrated.estimator.fit(Xi_train, yi_train)""",
        "calibrated = CalibratedClassifierCV(GaussianNB(), method=\"sigmoid\", cv=5).fit(X_rare, y_rare)",
        "import pandas as pd\n\n"
        "calibrated = CalibratedClassifierCV(GaussianNB(), method=\"sigmoid\", cv=5).fit(\n"
        "    pd.concat([Xi_train, Xi_test]), pd.concat([yi_train, yi_test]))",
    ],
    hints=[
        "Calibration learns a map from the model's score to a probability, on rows the model was "
        "not fitted on; CalibratedClassifierCV does that with internal cross-validation.",
        "Wrap an *unfitted* model (naive Bayes, or another) in CalibratedClassifierCV, choose "
        "`method` (\"sigmoid\" or \"isotonic\") and `cv`, and fit the wrapper on the training split.",
        "Check yourself with brier_score_loss(yi_test, calibrated.predict_proba(Xi_test)[:, 1]) "
        "before you run the check: lower is better. With about 35 positives to learn from, the "
        "smoother of the two methods is the safer choice.",
    ],
)
def calibrated_model(answer):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.metrics import brier_score_loss

    checks.estimator(answer, name="calibrated")
    X, y = _fresh()
    proba = scores_of(answer, X, "calibrated")
    if not hasattr(answer, "predict_proba") or proba.min() < 0 or proba.max() > 1:
        raise Incorrect("calibrated must give probabilities (predict_proba), between 0 and 1")
    brier = float(brier_score_loss(y, proba))
    if not isinstance(answer, CalibratedClassifierCV):
        raise Incorrect(f"calibrated is a {type(answer).__name__}, not a CalibratedClassifierCV; its "
                        f"Brier score on new rows is {brier:.4f}. Wrap the model so its "
                        "probabilities are recalibrated")
    if brier > BRIER_BAR and getattr(answer, "method", "") == "isotonic":
        raise Incorrect(f"the Brier score on new rows is {brier:.4f}, above the bar of {BRIER_BAR}: "
                        "isotonic calibration fits a free-form step curve, and with about 35 "
                        "positives in the training split it overfits them; try method=\"sigmoid\"")
    if brier > BRIER_BAR:
        raise Incorrect(f"the Brier score on new rows is {brier:.4f}, above the bar of {BRIER_BAR}: "
                        "try the other `method`, more folds, or a model that ranks better")
    rows = _rows_seen(answer)
    train_rows = len(_rare_namespace()["Xi_train"])
    if rows is not None and rows != train_rows:
        raise Incorrect(f"calibrated was fitted on {rows} rows; the training split has {train_rows}: fit "
                        "it on Xi_train, yi_train only, so the test rows stay a fair judge")
    return (f"Brier score {brier:.4f} on {_FRESH_ROWS} rows you never saw, against "
            f"{_brier_nb():.4f} for the weighted model as it comes. A probability that is honest can be "
            "used as one: to set a threshold from costs, or to add up expected losses.")
