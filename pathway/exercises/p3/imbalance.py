"""Phase 3, machine-learning specialization: a rare positive class."""

from __future__ import annotations

import functools
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._core import _RARE, _close, _ns, one_thread

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
