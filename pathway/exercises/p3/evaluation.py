"""Phase 3, machine-learning specialization: model evaluation."""

from __future__ import annotations

import functools
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import _CURVE, _EVALUATION, _THRESHOLD, _close, _ns, _numbers


@functools.cache
def _evaluation_expected() -> dict[str, float]:
    from sklearn.metrics import f1_score, precision_score, recall_score, roc_auc_score

    ns = _ns(_EVALUATION)
    y, pred, proba = ns["y_val"], ns["pred"], ns["proba"]
    return {
        "precision": float(precision_score(y, pred)), "recall": float(recall_score(y, pred)),
        "f1": float(f1_score(y, pred)), "roc_auc": float(roc_auc_score(y, proba)),
        "roc_auc_labels": float(roc_auc_score(y, pred)),
        "accuracy": float((y == pred).mean()),
    }


@exercise(
    "p3.evaluation.classification_metrics",
    title="Precision, recall, F1 and ROC AUC",
    prompt="For the validation set, set `val_metrics` to a dictionary with the keys `precision`, "
    "`recall`, `f1` (from the predicted labels `pred`) and `roc_auc` (from the predicted "
    "probabilities `proba`), with malignant (1) as the positive class.",
    answer="val_metrics",
    setup=_EVALUATION,
    solution="""\
val_metrics = {
    "precision": precision_score(y_val, pred),
    "recall": recall_score(y_val, pred),
    "f1": f1_score(y_val, pred),
    "roc_auc": roc_auc_score(y_val, proba),
}""",
    wrong=[
        """\
val_metrics = {
    "precision": precision_score(y_val, pred),
    "recall": recall_score(y_val, pred),
    "f1": f1_score(y_val, pred),
    "roc_auc": roc_auc_score(y_val, pred),
}""",
        """\
val_metrics = {
    "precision": precision_score(pred, y_val),
    "recall": recall_score(pred, y_val),
    "f1": f1_score(y_val, pred),
    "roc_auc": roc_auc_score(y_val, proba),
}""",
    ],
    hints=[
        "Every metric in `sklearn.metrics` takes the true labels first: `metric(y_val, ...)`.",
        "Precision, recall and F1 compare labels (`pred`); ROC AUC ranks scores, so it needs the "
        "probabilities (`proba`).",
        "`{\"precision\": precision_score(y_val, pred), ..., \"roc_auc\": roc_auc_score(y_val, proba)}`",
    ],
)
def classification_metrics(answer):
    expected = _evaluation_expected()
    keys = ["precision", "recall", "f1", "roc_auc"]
    got = _numbers(answer, keys, "val_metrics")
    if _close(got["precision"], expected["recall"]) and _close(got["recall"], expected["precision"]):
        raise Incorrect("precision and recall are swapped: the true labels go first, "
                        "precision_score(y_val, pred)")
    if _close(got["roc_auc"], expected["roc_auc_labels"]):
        raise Incorrect("roc_auc was computed from hard 0/1 labels; ROC AUC ranks the predicted "
                        "probabilities, so pass `proba`")
    for key in keys:
        if _close(got[key], expected["accuracy"]) and not _close(expected[key], expected["accuracy"]):
            raise Incorrect(f"val_metrics[{key!r}] is the accuracy; use the {key} function")
        if not _close(got[key], expected[key]):
            raise Incorrect(f"val_metrics[{key!r}] is not right: check the function, the argument "
                            "order (true labels first) and whether it needs labels or probabilities")
    return (f"precision {expected['precision']:.3f}: when the model says malignant it is nearly "
            f"always right; recall {expected['recall']:.3f}: it still misses a few malignant "
            "tumours. The next exercise moves the threshold to miss fewer.")


@functools.cache
def _threshold_costs() -> dict[str, Any]:
    import numpy as np

    ns = _ns(_THRESHOLD)
    y, proba = np.asarray(ns["y_val"]), np.asarray(ns["proba"])
    fn_cost, fp_cost = ns["COST_FN"], ns["COST_FP"]

    def cost(t: float, w_fn: float = fn_cost) -> float:
        return float(w_fn * np.sum((proba < t) & (y == 1)) + fp_cost * np.sum((proba >= t) & (y == 0)))

    grid = [float(t) for t in ns["thresholds"]]
    best = min(cost(t) for t in grid)
    best_equal = min(cost(t, 1) for t in grid)
    return {"cost": cost, "best": best, "best_equal": best_equal}


@exercise(
    "p3.evaluation.cost_threshold",
    title="Choose a decision threshold from costs",
    prompt="A missed malignant tumour (false negative) costs `COST_FN` = 5, a false alarm (false "
    "positive) costs `COST_FP` = 1. Predict malignant when `proba >= t`. Set `best_threshold` to "
    "the value in `thresholds` with the lowest total cost on the validation set.",
    answer="best_threshold",
    setup=_THRESHOLD,
    solution="""\
def total_cost(t):
    predicted = proba >= t
    false_negatives = np.sum(~predicted & (y_val == 1))
    false_positives = np.sum(predicted & (y_val == 0))
    return COST_FN * false_negatives + COST_FP * false_positives

costs = [total_cost(t) for t in thresholds]
best_threshold = thresholds[np.argmin(costs)]""",
    wrong=[
        "best_threshold = 0.5",
        """\
costs = [np.sum((proba < t) & (y_val == 1)) + np.sum((proba >= t) & (y_val == 0)) for t in thresholds]
best_threshold = thresholds[np.argmin(costs)]""",
        """\
costs = [COST_FN * np.sum((proba < t) & (y_val == 1)) + COST_FP * np.sum((proba >= t) & (y_val == 0))
         for t in thresholds]
best_threshold = thresholds[np.argmax(costs)]""",
    ],
    hints=[
        "For one threshold t: the predictions are `proba >= t`; count the false negatives "
        "(predicted 0, truly 1) and the false positives (predicted 1, truly 0).",
        "Total cost = COST_FN × false negatives + COST_FP × false positives. Compute it for every "
        "t in `thresholds`.",
        "Put the costs in a list and take `thresholds[np.argmin(costs)]`.",
    ],
)
def cost_threshold(answer):
    info = _threshold_costs()
    t = checks.number(answer, "best_threshold")
    if not 0.0 <= t <= 1.0:
        raise Incorrect("a threshold on a probability lies between 0 and 1")
    cost = info["cost"](t)
    if cost <= info["best"]:
        default = info["cost"](0.5)
        return (f"a threshold of {t:g} costs {cost:g} against {default:g} at the default 0.5: "
                "because a miss costs 5 false alarms, the model should flag a tumour on weaker "
                "evidence.")
    if info["cost"](t, w_fn=1) <= info["best_equal"]:
        raise Incorrect(f"a threshold of {t:g} minimises the *number* of errors, treating both "
                        "kinds alike; weigh each false negative by COST_FN")
    raise Incorrect(f"a threshold of {t:g} costs {cost:g} on the validation set; another "
                    "threshold in `thresholds` costs less. Compute the total cost for each one")


@functools.cache
def _curve_expected() -> dict[str, Any]:
    ns = _ns(_CURVE)
    return {"sizes": ns["sizes"], "train": ns["train_scores"].mean(axis=1),
            "val": ns["val_scores"].mean(axis=1)}


@exercise(
    "p3.evaluation.learning_curve",
    title="Plot a learning curve",
    prompt="On `ax`, plot the mean training score and the mean validation score (averaged over "
    "the folds) against `sizes`, as two labelled lines with a legend, and label both axes.",
    answer="fig",
    setup=_CURVE,
    solution="""\
fig, ax = plt.subplots()
ax.plot(sizes, train_scores.mean(axis=1), marker="o", label="training")
ax.plot(sizes, val_scores.mean(axis=1), marker="o", label="validation (cross-validated)")
ax.set_xlabel("training examples")
ax.set_ylabel("accuracy")
ax.set_title("Learning curve: logistic regression on breast cancer")
ax.legend()""",
    wrong=[
        """\
fig, ax = plt.subplots()
ax.plot(sizes, val_scores.mean(axis=1), marker="o", label="validation")
ax.set_xlabel("training examples")
ax.set_ylabel("accuracy")
ax.legend()""",
        """\
fig, ax = plt.subplots()
ax.plot(sizes, train_scores.mean(axis=1), label="training")
ax.plot(sizes, val_scores.mean(axis=1), label="validation")
ax.legend()""",
        """\
fig, ax = plt.subplots()
ax.plot(sizes, train_scores.mean(axis=0)[:5], label="training")
ax.plot(sizes, val_scores.mean(axis=0)[:5], label="validation")
ax.set_xlabel("training examples")
ax.set_ylabel("accuracy")
ax.legend()""",
    ],
    hints=[
        "`train_scores` and `val_scores` have one row per training size and one column per fold; "
        "`.mean(axis=1)` averages across the folds.",
        "Draw each curve with `ax.plot(sizes, ..., label=\"...\")`, then `ax.legend()`, "
        "`ax.set_xlabel(...)` and `ax.set_ylabel(...)`.",
        "`ax.plot(sizes, train_scores.mean(axis=1), label=\"training\")` and the same for "
        "`val_scores` with `label=\"validation\"`.",
    ],
)
def learning_curve(answer):
    import numpy as np

    ax = checks.plot(answer, kind="lines", xlabel=True, ylabel=True, min_series=2,
                     name="the learning curve")
    expected = _curve_expected()
    found = {"train": False, "val": False}
    for line in ax.get_lines():
        try:
            xs = np.asarray(line.get_xdata(), dtype=float)
            ys = np.asarray(line.get_ydata(), dtype=float)
        except (TypeError, ValueError):
            continue
        if xs.shape != expected["sizes"].shape or not np.allclose(xs, expected["sizes"]):
            continue
        for key in found:
            if ys.shape == expected[key].shape and np.allclose(ys, expected[key], rtol=1e-6):
                found[key] = True
    if not found["train"]:
        raise Incorrect("no line shows the mean training score against `sizes`: plot "
                        "train_scores averaged over the folds (axis=1)")
    if not found["val"]:
        raise Incorrect("no line shows the mean validation score against `sizes`: plot "
                        "val_scores averaged over the folds (axis=1)")
    val, gap = expected["val"], expected["train"][-1] - expected["val"][-1]
    return (f"validation accuracy climbs from {val[0]:.3f} to {val[-1]:.3f} and the gap to training "
            f"closes to {gap:.3f}: no sign of overfitting, and the curve only creeps up at the "
            "end, so more data of the same kind would help a little, not a lot.")
