"""Phase 3, machine-learning specialization: a rare positive class."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._core import _RARE, _RARE_OOF, _close, _ns, one_thread

_MODELS = ["always_no", "plain", "weighted"]
_METRICS = ["accuracy", "recall", "average_precision"]


@functools.cache
def _report(split: str, ap_from: str = "proba") -> dict[str, dict[str, float]]:
    """Each model's metrics on the test (or training) split; AP from probabilities or from labels."""
    from sklearn.metrics import accuracy_score, average_precision_score, recall_score

    ns = _ns(_RARE)
    X, y = (ns["Xi_test"], ns["yi_test"]) if split == "test" else (ns["Xi_train"], ns["yi_train"])
    out = {}
    with one_thread():
        for name, model in ns["rare_models"].items():
            pred = model.predict(X)
            score = model.predict_proba(X)[:, 1] if ap_from == "proba" else pred
            out[name] = {"accuracy": float(accuracy_score(y, pred)),
                         "recall": float(recall_score(y, pred, zero_division=0)),
                         "average_precision": float(average_precision_score(y, score))}
    return out


def _table(answer: Any, name: str) -> dict[str, dict[str, float]]:
    """model -> metric -> number, from a dict of dicts or a DataFrame in either orientation."""
    if hasattr(answer, "to_dict") and hasattr(answer, "columns") and hasattr(answer, "index"):
        try:
            columns = {str(c) for c in answer.columns}
            answer = answer.to_dict() if columns == set(_MODELS) else answer.to_dict("index")
        except Exception:
            raise Incorrect(f"{name} could not be read as a table of numbers") from None
    checks.expect_type(answer, dict, "a dictionary: model name -> its metrics")
    checks.same_set(answer.keys(), _MODELS, f"the keys of {name}")
    got = {}
    for model in _MODELS:
        row = answer[model]
        if hasattr(row, "to_dict") and not hasattr(row, "columns"):
            row = row.to_dict()
        checks.expect_type(row, dict, f"a dictionary of metrics for {model!r}")
        checks.same_set(row.keys(), _METRICS, f"the keys of {name}[{model!r}]")
        got[model] = {m: checks.number(row[m], f"{name}[{model!r}][{m!r}]") for m in _METRICS}
    return got


@exercise(
    "p3.imbalance.accuracy_trap",
    title="Why accuracy misleads when positives are rare",
    prompt="For each model in `rare_models`, measure on the test split (`Xi_test`, `yi_test`) its "
    "accuracy, its recall of the positive class (1) and its average precision (the area under the "
    "precision-recall curve, which ranks rows by the predicted probability of a positive). Set "
    "`rare_report` to a dictionary model name -> {\"accuracy\": ..., \"recall\": ..., "
    "\"average_precision\": ...} (or a DataFrame with one row per model).",
    answer="rare_report",
    setup=_RARE,
    solution="""\
from sklearn.metrics import accuracy_score, average_precision_score, recall_score

rare_report = {}
for name, model in rare_models.items():
    predicted = model.predict(Xi_test)
    rare_report[name] = {
        "accuracy": accuracy_score(yi_test, predicted),
        "recall": recall_score(yi_test, predicted, zero_division=0),
        "average_precision": average_precision_score(yi_test, model.predict_proba(Xi_test)[:, 1]),
    }""",
    right=[
        """\
from sklearn.metrics import average_precision_score

rows = {}
for name, model in rare_models.items():
    predicted = model.predict(Xi_test)
    rows[name] = {
        "accuracy": (predicted == yi_test).mean(),
        "recall": predicted[yi_test.to_numpy() == 1].mean(),
        "average_precision": average_precision_score(yi_test, model.predict_proba(Xi_test)[:, 1]),
    }
rare_report = pd.DataFrame(rows).T""",
    ],
    wrong=[
        """\
from sklearn.metrics import accuracy_score, average_precision_score, recall_score

rare_report = {}
for name, model in rare_models.items():
    predicted = model.predict(Xi_test)
    rare_report[name] = {
        "accuracy": accuracy_score(yi_test, predicted),
        "recall": recall_score(yi_test, predicted, zero_division=0),
        "average_precision": average_precision_score(yi_test, predicted),
    }""",
        """\
from sklearn.metrics import accuracy_score, average_precision_score, recall_score

rare_report = {}
for name, model in rare_models.items():
    predicted = model.predict(Xi_train)
    rare_report[name] = {
        "accuracy": accuracy_score(yi_train, predicted),
        "recall": recall_score(yi_train, predicted, zero_division=0),
        "average_precision": average_precision_score(yi_train, model.predict_proba(Xi_train)[:, 1]),
    }""",
        """\
from sklearn.metrics import accuracy_score, average_precision_score, recall_score

rare_report = {}
for name, model in rare_models.items():
    predicted = model.predict(Xi_test)
    rare_report[name] = {
        "accuracy": accuracy_score(yi_test, predicted),
        "recall": recall_score(yi_test, predicted, pos_label=0),
        "average_precision": average_precision_score(yi_test, model.predict_proba(Xi_test)[:, 1]),
    }""",
    ],
    hints=[
        "Accuracy and recall judge the predicted labels (`.predict`); average precision judges how "
        "the model *ranks* rows, so it needs a score per row, not a 0/1 label.",
        "`sklearn.metrics` has accuracy_score, recall_score and average_precision_score; each takes "
        "the true labels first. The positive class is 1, scikit-learn's default.",
        "For average precision pass the second column of `model.predict_proba(Xi_test)`; "
        "`recall_score(..., zero_division=0)` keeps the always-no model from warning.",
    ],
)
def accuracy_trap(answer):
    got = _table(answer, "rare_report")
    ref = _report("test")
    if all(_close(got[m][k], ref[m][k]) for m in _MODELS for k in _METRICS):
        prevalence = ref["always_no"]["average_precision"]
        a, p, w = ref["always_no"], ref["plain"], ref["weighted"]
        return (f"always saying no is {a['accuracy']:.1%} accurate and catches nothing; its average "
                f"precision, {prevalence:.3f}, is just the share of positives. class_weight='balanced' "
                f"lifts recall from {p['recall']:.2f} to {w['recall']:.2f} at the price of accuracy, "
                f"but its average precision ({w['average_precision']:.3f} vs "
                f"{p['average_precision']:.3f}) moves far less: weighting mostly shifts the threshold, "
                "not the ranking.")
    train = _report("train")
    if all(_close(got[m][k], train[m][k]) for m in _MODELS for k in _METRICS):
        raise Incorrect("these are measured on the training split; use Xi_test and yi_test, which "
                        "the models never saw")
    labels = _report("test", ap_from="labels")
    for model in _MODELS:
        for metric in _METRICS:
            if _close(got[model][metric], ref[model][metric]):
                continue
            if metric == "average_precision" and _close(got[model][metric], labels[model][metric]) \
                    and model != "always_no":
                raise Incorrect(f"rare_report[{model!r}]['average_precision'] was computed from 0/1 "
                                "labels; average precision ranks rows, so pass the predicted "
                                "probability of class 1")
            if metric == "recall" and got[model][metric] > ref[model][metric] + 0.5:
                raise Incorrect(f"rare_report[{model!r}]['recall'] looks like the recall of the "
                                "negative class; the positive class here is 1")
            raise Incorrect(f"rare_report[{model!r}][{metric!r}] is not right: check the split "
                            "(test), the function and whether it needs labels or probabilities")
    raise Incorrect("rare_report is not right")  # unreachable: some value differed above


_RECALL_TARGET = 0.70


@functools.cache
def _oof() -> dict[str, Any]:
    import numpy as np

    ns = _ns(_RARE_OOF)
    y, oof = np.asarray(ns["yi_train"]), np.asarray(ns["oof"])
    with one_thread():
        test_proba = ns["rare_models"]["plain"].predict_proba(ns["Xi_test"])[:, 1]
    y_test = np.asarray(ns["yi_test"])

    def best_on(labels: Any, scores: Any) -> float:
        cuts = np.unique(scores)
        reach = [t for t in cuts if np.mean(scores[labels == 1] >= t) >= _RECALL_TARGET]
        return float(max(reach))

    return {"y": y, "oof": oof, "best": best_on(y, oof), "test_best": best_on(y_test, test_proba),
            "test_proba": test_proba, "y_test": y_test}


@exercise(
    "p3.imbalance.recall_target",
    title="A threshold for a recall target",
    prompt="The fraud team must catch at least 70% of the positives and wants as few false alarms as "
    "that allows. Flag a row when its probability is `>= threshold`. Using the out-of-fold "
    "probabilities `oof` of the training split (never the test split), set `threshold` to the highest "
    "threshold that still catches at least 70% of the positives in `yi_train`.",
    answer="threshold",
    setup=_RARE_OOF,
    solution="""\
from sklearn.metrics import precision_recall_curve

precision, recall, cuts = precision_recall_curve(yi_train, oof)
reaching = recall[:-1] >= 0.70
threshold = cuts[reaching].max()""",
    right=[
        """\
positives = np.sort(oof[yi_train.to_numpy() == 1])[::-1]
needed = int(np.ceil(0.70 * len(positives)))
threshold = positives[needed - 1]""",
    ],
    wrong=[
        """\
from sklearn.metrics import precision_recall_curve

precision, recall, cuts = precision_recall_curve(yi_train, oof)
threshold = cuts[recall[1:] >= 0.70].max()""",
        """\
from sklearn.metrics import precision_recall_curve

precision, recall, cuts = precision_recall_curve(yi_train, oof)
threshold = cuts[recall[:-1] >= 0.70].min()""",
        """\
from sklearn.metrics import precision_recall_curve

test_proba = rare_models["plain"].predict_proba(Xi_test)[:, 1]
precision, recall, cuts = precision_recall_curve(yi_test, test_proba)
threshold = cuts[recall[:-1] >= 0.70].max()""",
    ],
    hints=[
        "Lowering the threshold catches more positives and raises more false alarms; you want the "
        "highest threshold at which the share of positives caught is still at least 0.70.",
        "`precision_recall_curve(y_true, scores)` returns precision, recall and the thresholds; "
        "recall[i] belongs to thresholds[i], and the first two arrays have one extra last element.",
        "Keep the thresholds whose recall (without that extra last element) is at least 0.70, and "
        "take the largest of them.",
    ],
)
def recall_target(answer):
    import numpy as np

    info = _oof()
    t = checks.number(answer, "threshold")
    y, oof = info["y"], info["oof"]
    caught = float(np.mean(oof[y == 1] >= t))
    if _close(t, info["test_best"]) and not _close(t, info["best"]):
        raise Incorrect("this threshold was chosen on the test split; choose it on the out-of-fold "
                        "probabilities of the training split, and keep the test split for the end")
    if caught < _RECALL_TARGET:
        raise Incorrect(f"at threshold {t:.4g} the out-of-fold predictions catch {caught:.0%} of the "
                        "positives, fewer than 70%. If you used precision_recall_curve, line recall up "
                        "with the thresholds: it has one element more")
    flagged, best_flagged = oof >= t, oof >= info["best"]
    if not np.array_equal(flagged, best_flagged):
        extra = int(flagged.sum() - best_flagged.sum())
        if extra == 1:
            raise Incorrect(f"threshold {t:.4g} flags one row more than needed: the next threshold up "
                            "still catches 70%. If you used precision_recall_curve, recall[i] goes "
                            "with thresholds[i]: drop recall's *last* element, not its first")
        raise Incorrect(f"threshold {t:.4g} reaches the target but flags {extra} more rows than "
                        "needed: a higher threshold still catches 70% of the positives with fewer "
                        "false alarms")
    precision = float(np.mean(y[flagged] == 1))
    test_flag = info["test_proba"] >= t
    test_recall = float(np.mean(test_flag[info["y_test"] == 1]))
    test_precision = float(np.mean(info["y_test"][test_flag] == 1)) if test_flag.any() else 0.0
    return (f"at {t:.3f}, {caught:.0%} of the positives are caught and {precision:.0%} of the alarms are "
            f"real. On the untouched test split the same threshold catches {test_recall:.0%} with "
            f"precision {test_precision:.0%}: a threshold chosen on one sample only approximately "
            "holds on the next, which is why it is chosen out-of-fold and checked on fresh data.")
