"""Phase 3, machine-learning specialization: SHAP values, one prediction explained.

The check explains its own model's predictions with `shap.TreeExplainer` and compares: the values,
the base, and that the two add up to the prediction.
"""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _blind_explain
from ._core import one_thread
from .explain import _HOUSES, _as_series, _case

_SHAP = _HOUSES + """\
import shap
"""


# ------------------------------------------------------------------ SHAP values of one prediction
@functools.cache
def _shap_reference(row: int) -> tuple[float, Any]:
    import numpy as np
    import shap

    case = _case()
    with one_thread():
        explanation = shap.TreeExplainer(case["booster"])(case["held"].iloc[[row]])
    return float(np.ravel(explanation.base_values)[0]), explanation.values[0]


def _shap_answer(value: Any, shown: str, columns: Any) -> tuple[float, Any]:
    import numpy

    if isinstance(value, (str, bytes)) or not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Incorrect(f"{shown} returned {checks.type_name(value)}; return a pair "
                        "(base_value, contributions)")
    base = checks.number(numpy.ravel(numpy.asarray(value[0], dtype=float))[0]
                         if numpy.size(value[0]) == 1 else value[0], f"the base value of {shown}")
    contributions = _as_series(value[1], columns, f"the contributions of {shown}")
    return base, contributions


@exercise(
    "p3.explain.shap_row",
    title="Why this price? SHAP values for one house",
    prompt="Write `explain_row(model, row)`: `row` is a one-row DataFrame, `model` a fitted tree "
    "ensemble. Use `shap.TreeExplainer(model)` (its default: no background data) and return a pair "
    "`(base_value, contributions)`: the explainer's expected value and a pandas Series (or a "
    "dictionary) of the row's SHAP values indexed by column name. Base plus contributions must add "
    "up to the model's prediction. The check calls it with a model and houses of its own.",
    answer="explain_row",
    setup=_SHAP,
    solution="""\
def explain_row(model, row):
    explanation = shap.TreeExplainer(model)(row)
    base = float(explanation.base_values[0])
    return base, pd.Series(explanation.values[0], index=row.columns)""",
    right=[
        *_blind_explain.CASES["p3.explain.shap_row"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def explain_row(model, row):
    ex = shap.TreeExplainer(model, feature_perturbation="tree_path_dependent")
    sv = ex.shap_values(row)[0]
    return ex.expected_value, {c: v for c, v in zip(row.columns, sv)}""",
        """\
def explain_row(model, row):
    explainer = shap.TreeExplainer(model)
    exp = explainer(row)
    contributions = pd.Series(exp.values.ravel(), index=list(row.columns), name="shap")
    return (np.asarray(exp.base_values).item(), contributions)""",
        """\
def explain_row(model, row):
    explainer = shap.TreeExplainer(model)
    values = explainer.shap_values(row)
    return float(np.ravel(explainer.expected_value)[0]), dict(zip(row.columns, np.ravel(values)))""",
        """\
def explain_row(model, row):
    explanation = shap.Explainer(model, algorithm="tree")(row)[0]
    return explanation.base_values, pd.Series(explanation.values, index=explanation.feature_names)""",
    ],
    wrong=[
        *_blind_explain.CASES["p3.explain.shap_row"]["wrong"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def explain_row(model, row):
    explanation = shap.TreeExplainer(model)(row)
    return float(explanation.base_values[0]), pd.Series(
        np.abs(explanation.values[0]), index=row.columns
    )""",
        """\
def explain_row(model, row):
    explanation = shap.TreeExplainer(model)(row)
    return float(model.predict(row)[0]), pd.Series(explanation.values[0], index=row.columns)""",
        """\
def explain_row(model, row):
    explanation = shap.TreeExplainer(model)(row)
    return pd.Series(explanation.values[0], index=row.columns)""",
        """\
def explain_row(model, row):
    explanation = shap.TreeExplainer(model)(row)
    return 0.0, pd.Series(explanation.values[0], index=row.columns)""",
        """\
def explain_row(model, row):
    explanation = shap.TreeExplainer(model)(row)
    return float(explanation.base_values[0]), pd.Series(
        explanation.values[0] / 2, index=row.columns
    )""",
        """\
def explain_row(model, row):
    explanation = shap.TreeExplainer(model)(row)
    values = pd.Series(explanation.values[0], index=row.columns[::-1])
    return float(explanation.base_values[0]), values""",
        # the mean |SHAP| of the notebook's rows: a global summary, not this prediction
        """\
def explain_row(model, row):
    explainer = shap.TreeExplainer(model)
    values = explainer.shap_values(Xh_test)
    global_mean = pd.Series(np.abs(values).mean(axis=0), index=row.columns)
    return float(np.ravel(explainer.expected_value)[0]), global_mean""",
        # the signs flipped
        """\
def explain_row(model, row):
    explanation = shap.TreeExplainer(model)(row)
    return float(explanation.base_values[0]), pd.Series(-explanation.values[0], index=row.columns)""",
        # the average price as base: base plus contributions no longer equal the prediction
        """\
def explain_row(model, row):
    explanation = shap.TreeExplainer(model)(row)
    return float(yh_train.mean()), pd.Series(explanation.values[0], index=row.columns)""",
        # the notebook's first test house, whatever row is given
        """\
def explain_row(model, row):
    explanation = shap.TreeExplainer(model)(Xh_test.iloc[[0]])
    return float(explanation.base_values[0]), pd.Series(explanation.values[0], index=row.columns)""",
        # the feature values times the impurity importance: a contribution-looking number, not SHAP
        """\
def explain_row(model, row):
    prediction = model.predict(row)[0]
    weights = pd.Series(model.feature_importances_, index=row.columns)
    return prediction - float((weights * row.iloc[0]).sum()), weights * row.iloc[0]""",
        # contributions from a background sample (interventional): not the explainer's default
        """\
def explain_row(model, row):
    explainer = shap.TreeExplainer(model, data=Xh_train.iloc[:100])
    explanation = explainer(row)
    return float(explanation.base_values[0]), pd.Series(explanation.values[0], index=row.columns)""",
    ],
    hints=[
        "SHAP splits one prediction into a starting point (the model's average output) plus one "
        "push per feature; for trees, shap.TreeExplainer computes them exactly.",
        "`explainer = shap.TreeExplainer(model)`; `explainer(row)` returns an Explanation with "
        "`.values` (rows × columns) and `.base_values` (one per row).",
        "Take row 0 of both: the base value and `pd.Series(values[0], index=row.columns)`. Check "
        "yourself: base + contributions.sum() equals model.predict(row)[0].",
    ],
)
def shap_row(answer):
    import copy

    import numpy

    case = _case()
    model, X = case["booster"], case["held"]
    for row in (3, 41):
        one = X.iloc[[row]]
        shown = f"explain_row(model, houses.iloc[[{row}]])"
        with one_thread():
            got = checks.returns(answer, copy.deepcopy(model), one.copy(), name="explain_row")
            prediction = float(model.predict(one)[0])
        base, contributions = _shap_answer(got, shown, X.columns)
        want_base, want = _shap_reference(row)
        if numpy.allclose(contributions.to_numpy(), want, atol=1e-6) and abs(base - want_base) < 1e-6:
            continue
        if numpy.allclose(contributions.to_numpy(), -want, atol=1e-6):
            raise Incorrect(f"{shown}: the contributions have the wrong sign; a feature that pushes the "
                            "price up has a positive SHAP value")
        if numpy.allclose(contributions.to_numpy(), want, atol=1e-6):
            raise Incorrect(f"{shown}: the contributions are right but the base value is not the "
                            "explainer's expected value, so base + contributions is "
                            f"{base + contributions.sum():.1f}, not the prediction {prediction:.1f}")
        if abs(base + contributions.sum() - prediction) > 1e-3:
            raise Incorrect(f"{shown}: base + contributions = {base + contributions.sum():.1f}, but the "
                            f"model predicts {prediction:.1f}; SHAP values of one row add up to its "
                            "prediction (use the row you are given)")
        raise Incorrect(f"{shown}: base and contributions add up to the prediction but are not "
                        "TreeExplainer's default SHAP values for this row (no background data)")
    base, want = _shap_reference(3)
    top = X.columns[int(numpy.argmax(numpy.abs(want)))]
    return (f"for the check's house, the model starts at {base:.0f} and `{top}` moves it the most "
            f"({want[list(X.columns).index(top)]:+.0f}). Local and exact for trees; it explains the "
            "model, not the world, and correlated columns share credit in ways that need care.")
