"""Phase 3, machine-learning specialization: model evaluation."""

from __future__ import annotations

import functools
import re
from typing import Any

from ... import checks
from ...engine import Incomplete, Incorrect, exercise
from .._shared import _CURVE, _EVALUATION, _THRESHOLD, _close, _ns, _numbers


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
        # benign taken as the positive class
        """\
val_metrics = {
    "precision": precision_score(y_val, pred, pos_label=0),
    "recall": recall_score(y_val, pred, pos_label=0),
    "f1": f1_score(y_val, pred, pos_label=0),
    "roc_auc": roc_auc_score(y_val, proba),
}""",
        # averaged over both classes
        """\
val_metrics = {
    "precision": precision_score(y_val, pred, average="macro"),
    "recall": recall_score(y_val, pred, average="macro"),
    "f1": f1_score(y_val, pred, average="macro"),
    "roc_auc": roc_auc_score(y_val, proba),
}""",
        # the probability of the other class
        """\
val_metrics = {
    "precision": precision_score(y_val, pred),
    "recall": recall_score(y_val, pred),
    "f1": f1_score(y_val, pred),
    "roc_auc": roc_auc_score(y_val, 1 - proba),
}""",
    ],
    right=[
        # from the four cells of the confusion matrix, and AUC from the decision scores
        """\
tn, fp, fn, tp = confusion_matrix(y_val, pred).ravel()
precision = tp / (tp + fp)
recall = tp / (tp + fn)
val_metrics = {
    "precision": precision,
    "recall": recall,
    "f1": 2 * precision * recall / (precision + recall),
    "roc_auc": roc_auc_score(y_val, clf.decision_function(X_val)),
}""",
    ],
    hints=[
        "Every metric in `sklearn.metrics` takes the true labels first: `metric(y_val, ...)`.",
        "Precision, recall and F1 compare labels (`pred`); ROC AUC ranks scores, so it needs the "
        "probabilities (`proba`).",
        "One dictionary entry per metric, each a `sklearn.metrics` function called with `y_val` "
        "first: the labels `pred` for the first three, the probabilities for ROC AUC.",
    ],
)
def classification_metrics(answer):
    expected = _evaluation_expected()
    keys = ["precision", "recall", "f1", "roc_auc"]
    got = _numbers(answer, keys, "val_metrics")
    if _close(got["precision"], expected["recall"]) and _close(got["recall"], expected["precision"]):
        raise Incorrect("precision and recall are swapped: the true labels go first, "
                        "precision_score(y_val, pred)")
    if _close(got["roc_auc"], 1 - expected["roc_auc"]):
        raise Incorrect("roc_auc is 1 minus the right value: it ranks by the probability of the "
                        "*benign* class; use the probability of malignant (1), `proba`")
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

    def swapped(t: float) -> float:
        return float(fp_cost * np.sum((proba < t) & (y == 1)) + fn_cost * np.sum((proba >= t) & (y == 0)))

    grid = [float(t) for t in ns["thresholds"]]
    best = min(cost(t) for t in grid)
    best_equal = min(cost(t, 1) for t in grid)
    return {"cost": cost, "best": best, "best_equal": best_equal, "grid": grid,
            "swapped": swapped, "best_swapped": min(swapped(t) for t in grid)}


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
        # the two costs swapped: false alarms weighed five times
        """\
costs = [COST_FP * np.sum((proba < t) & (y_val == 1)) + COST_FN * np.sum((proba >= t) & (y_val == 0))
         for t in thresholds]
best_threshold = thresholds[np.argmin(costs)]""",
        # a finer grid than `thresholds`: the prompt asks for one of its values
        """\
grid = np.linspace(0, 1, 1001)
costs = [COST_FN * np.sum((proba < t) & (y_val == 1)) + COST_FP * np.sum((proba >= t) & (y_val == 0))
         for t in grid]
best_threshold = grid[np.argmin(costs)]""",
    ],
    right=[
        # every threshold at once, by broadcasting
        """\
flagged = proba[None, :] >= thresholds[:, None]
malignant = (y_val.to_numpy() == 1)[None, :]
cost = COST_FN * (~flagged & malignant).sum(axis=1) + COST_FP * (flagged & ~malignant).sum(axis=1)
best_threshold = float(thresholds[cost.argmin()])""",
        # with confusion_matrix, in a pandas Series
        """\
import pandas as pd
costs = {}
for t in thresholds:
    tn, fp, fn, tp = confusion_matrix(y_val, (proba >= t).astype(int)).ravel()
    costs[t] = COST_FN * fn + COST_FP * fp
best_threshold = pd.Series(costs).idxmin()""",
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
    grid = info["grid"]
    if not any(abs(t - g) < 1e-9 for g in grid):
        near = min(grid, key=lambda g: abs(g - t))
        raise Incorrect(f"{t:g} is not one of the values in `thresholds` (the nearest is {near:g}): "
                        "choose among those")
    cost = info["cost"](t)
    if cost <= info["best"]:
        default = info["cost"](0.5)
        return (f"a threshold of {t:g} costs {cost:g} against {default:g} at the default 0.5: "
                "because a miss costs 5 false alarms, the model should flag a tumour on weaker "
                "evidence.")
    if info["swapped"](t) <= info["best_swapped"]:
        raise Incorrect(f"a threshold of {t:g} is best if a false *alarm* costs 5 and a miss 1: "
                        "the costs are swapped. COST_FN weighs the false negatives")
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


_TRAIN_WORDS = re.compile(r"\btrain(ing)?\b|\bin[- ]sample\b", re.IGNORECASE)
_VAL_WORDS = re.compile(r"\bval(id|idation|idated)?\b|\bcv\b|\bcross|\btest(ing)?\b|\bheld[- ]out\b|"
                        r"\bout[- ]of[- ]sample\b|\bgenerali[sz]ation\b", re.IGNORECASE)
_SCORE_WORDS = re.compile(r"\b(accuracy|score|scores|error)\b", re.IGNORECASE)
_SIZE_WORDS = re.compile(r"\b(size|sizes|examples|samples|rows|observations|points|n)\b", re.IGNORECASE)


def _legend_labels(fig: Any, axes: list[Any]) -> list[tuple[Any, str]]:
    """(legend handle, text) for every entry of the axes' legends and the figure's legends."""
    legends = [ax.get_legend() for ax in axes] + list(getattr(fig, "legends", []))
    entries = []
    for legend in legends:
        if legend is None:
            continue
        handles = getattr(legend, "legend_handles", None) or getattr(legend, "legendHandles", [])
        for handle, text in zip(handles, legend.get_texts()):
            entries.append((handle, text.get_text()))
    return entries


def _label_of(line: Any, entries: list[tuple[Any, str]]) -> str | None:
    """The legend text drawn for `line`: its own label if listed, else the entry of its colour."""
    from matplotlib.colors import to_rgba

    own = line.get_label()
    if own and not own.startswith("_") and any(text == own for _, text in entries):
        return own
    try:
        colour = to_rgba(line.get_color())
    except (TypeError, ValueError):
        return None
    same = []
    for handle, text in entries:
        try:
            get = getattr(handle, "get_color", None) or getattr(handle, "get_facecolor", None)
            value = get() if get else None
            if value is not None and not isinstance(value, str) and len(value) and not isinstance(
                    value[0], (int, float)):
                value = value[0]
            if value is not None and to_rgba(value) == colour:
                same.append(text)
        except (TypeError, ValueError, IndexError):
            continue
    return same[0] if len(set(same)) == 1 else None


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
        # each label on the other's line
        """\
fig, ax = plt.subplots()
ax.plot(sizes, train_scores.mean(axis=1), label="validation")
ax.plot(sizes, val_scores.mean(axis=1), label="training")
ax.set_xlabel("training examples")
ax.set_ylabel("accuracy")
ax.legend()""",
        # legend labels given in the wrong order
        """\
fig, ax = plt.subplots()
ax.plot(sizes, train_scores.mean(axis=1))
ax.plot(sizes, val_scores.mean(axis=1))
ax.set_xlabel("training examples")
ax.set_ylabel("accuracy")
ax.legend(["validation", "training"])""",
        # a legend that does not say which line is which
        """\
fig, ax = plt.subplots()
ax.plot(sizes, train_scores.mean(axis=1), label="curve 1")
ax.plot(sizes, val_scores.mean(axis=1), label="curve 2")
ax.set_xlabel("training examples")
ax.set_ylabel("accuracy")
ax.legend()""",
        # the axis labels swapped
        """\
fig, ax = plt.subplots()
ax.plot(sizes, train_scores.mean(axis=1), label="training")
ax.plot(sizes, val_scores.mean(axis=1), label="validation")
ax.set_xlabel("accuracy")
ax.set_ylabel("training examples")
ax.legend()""",
        # the positions 0..4 instead of the training sizes
        """\
fig, ax = plt.subplots()
ax.plot(train_scores.mean(axis=1), label="training")
ax.plot(val_scores.mean(axis=1), label="validation")
ax.set_xlabel("training examples")
ax.set_ylabel("accuracy")
ax.legend()""",
    ],
    right=[
        # pandas draws both columns of a frame indexed by the sizes
        """\
import pandas as pd
fig, ax = plt.subplots()
curves = pd.DataFrame({"train": train_scores.mean(axis=1), "cross-validation": val_scores.mean(axis=1)},
                      index=sizes)
curves.plot(ax=ax, marker="o")
ax.set_xlabel("training set size")
ax.set_ylabel("mean accuracy")""",
        # seaborn averages the folds itself, from a long table of every fold's score
        """\
import pandas as pd
import seaborn as sns
long = pd.concat([
    pd.DataFrame({"size": np.repeat(sizes, scores.shape[1]), "score": scores.ravel(), "curve": name})
    for name, scores in (("Training", train_scores), ("Validation", val_scores))
])
fig, ax = plt.subplots()
sns.lineplot(data=long, x="size", y="score", hue="curve", errorbar=None, ax=ax)""",
        # scikit-learn's own display of the two curves
        """\
from sklearn.model_selection import LearningCurveDisplay
fig, ax = plt.subplots()
LearningCurveDisplay(train_sizes=sizes, train_scores=train_scores, test_scores=val_scores,
                     score_name="accuracy").plot(ax=ax)""",
        # error bars, the legend labels in a positional call, accuracy in percent
        """\
fig, ax = plt.subplots()
ax.errorbar(sizes, 100 * train_scores.mean(axis=1), yerr=100 * train_scores.std(axis=1), capsize=3)
ax.errorbar(sizes, 100 * val_scores.mean(axis=1), yerr=100 * val_scores.std(axis=1), capsize=3)
ax.legend(["train", "validation"])
ax.set_xlabel("number of training examples")
ax.set_ylabel("accuracy (%)")""",
    ],
    hints=[
        "`train_scores` and `val_scores` have one row per training size and one column per fold; "
        "`.mean(axis=1)` averages across the folds.",
        "Draw each curve with `ax.plot(sizes, ..., label=\"...\")`, then `ax.legend()`, "
        "`ax.set_xlabel(...)` and `ax.set_ylabel(...)`.",
        "One `ax.plot(x, y, label=...)` per curve, with `sizes` as x and the fold-averaged scores "
        "as y; a label that says which curve it is; then the legend and both axis labels.",
    ],
)
def learning_curve(answer):
    import numpy as np

    axes = checks.axes_of(answer)
    expected = _curve_expected()
    found: dict[str, Any] = {}
    drawn = False
    for ax in axes:
        for line in ax.get_lines():
            try:
                xs = np.asarray(line.get_xdata(), dtype=float)
                ys = np.asarray(line.get_ydata(), dtype=float)
            except (TypeError, ValueError):
                continue
            drawn = drawn or xs.size > 0
            if xs.shape != expected["sizes"].shape or not np.allclose(xs, expected["sizes"]):
                continue
            for key in ("train", "val"):
                want = expected[key]
                if ys.shape == want.shape and (np.allclose(ys, want, rtol=1e-6)
                                               or np.allclose(ys, 100 * want, rtol=1e-6)):
                    found.setdefault(key, (ax, line))
    if not drawn and not any(ax.collections or ax.patches for ax in axes):
        raise Incomplete("the learning curve is empty: nothing is drawn on it yet")
    if "train" not in found:
        raise Incorrect("no line shows the mean training score against `sizes`: plot "
                        "train_scores averaged over the folds (axis=1)")
    if "val" not in found:
        raise Incorrect("no line shows the mean validation score against `sizes`: plot "
                        "val_scores averaged over the folds (axis=1)")
    ax = found["train"][0]
    fig = ax.figure
    xlabel, ylabel = ax.get_xlabel().strip(), ax.get_ylabel().strip()
    if not xlabel or not ylabel:
        raise Incorrect(f"the {'x' if not xlabel else 'y'}-axis label is missing: say what each axis "
                        "shows (the training size, the score)")
    if (_SCORE_WORDS.search(xlabel) and not _SIZE_WORDS.search(xlabel)
            and _SIZE_WORDS.search(ylabel) and not _SCORE_WORDS.search(ylabel)):
        raise Incorrect(f"the axis labels are swapped: the x axis shows the training sizes, but it "
                        f"is labelled {xlabel!r}")
    entries = _legend_labels(fig, axes)
    if not entries:
        raise Incorrect("the plot has no legend: label each line and call `ax.legend()`")
    labels = {key: _label_of(line, entries) for key, (_, line) in found.items()}
    names = {"train": "training", "val": "validation"}
    for key, label in labels.items():
        if label is None:
            raise Incorrect(f"the legend has no entry for the {names[key]} line: give it a label")
    if labels["train"] == labels["val"]:
        raise Incorrect(f"both lines are labelled {labels['train']!r}: the legend should tell "
                        "training from validation")
    swapped = ((_VAL_WORDS.search(labels["train"]) and not _TRAIN_WORDS.search(labels["train"]))
               or (_TRAIN_WORDS.search(labels["val"]) and not _VAL_WORDS.search(labels["val"])))
    if swapped:
        raise Incorrect(f"the legend labels are swapped: the line of training scores is labelled "
                        f"{labels['train']!r} and the validation line {labels['val']!r}")
    if not _TRAIN_WORDS.search(labels["train"]) or not _VAL_WORDS.search(labels["val"]):
        raise Incorrect(f"the legend reads {labels['train']!r} and {labels['val']!r}: say which line "
                        "is the training score and which the validation score")
    val, gap = expected["val"], expected["train"][-1] - expected["val"][-1]
    return (f"validation accuracy climbs from {val[0]:.3f} to {val[-1]:.3f} and the gap to training "
            f"closes to {gap:.3f}: no sign of overfitting, and the curve only creeps up at the "
            "end, so more data of the same kind would help a little, not a lot.")
