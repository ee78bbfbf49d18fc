"""Phase 3, MLOps: monitoring a served model for data drift (PSI and a KS test per feature)."""

from __future__ import annotations

from ... import checks
from ...engine import Incorrect, exercise
from ._mlops import _SERVICE

_SETUP = _SERVICE + """\
from scipy.stats import ks_2samp

from pathway.labs import drift

reference = X4_train
"""

_SOLUTION = """\
def drift_report(reference, batch):
    drifted = []
    major = False
    for column in reference.columns:
        score = drift.psi(reference[column], batch[column])
        p_value = ks_2samp(reference[column], batch[column]).pvalue
        if score >= 0.1 and p_value < 0.01:
            drifted.append(column)
            major = major or score >= 0.25
    return {"drifted": drifted, "retrain": major}"""

# The check's batches: (shifts in standard deviations, scale changes, rows, seed). Every PSI here is at
# least 0.07 away from a threshold, so a PSI computed another reasonable way decides the same.
_CASES = [
    ({}, {}, 300, 1000),                                          # production looks like training
    ({"worst_area": 1.2}, {}, 300, 1001),                         # one major shift
    ({"mean_texture": 0.3}, {}, 300, 1002),                       # moderate (PSI ~0.18): watch, no retrain
    ({"mean_radius": -1.0, "mean_concave_points": 0.5}, {}, 300, 1003),
    ({}, {"mean_texture": 1.8}, 300, 1004),                       # same mean, wider spread
    ({"mean_radius": 0.18}, {}, 3000, 1005),                      # KS: p < 0.01, PSI ~0.05: too small
]


def _truth(reference, batch) -> tuple[list[str], bool]:
    from ....labs import drift

    table = drift.report(reference, batch)
    drifted = table[(table["psi"] >= drift.PSI_WATCH) & (table["ks_pvalue"] < 0.01)]
    return sorted(drifted.index), bool((drifted["psi"] >= drift.PSI_MAJOR).any())


@exercise(
    "p3.monitoring.drift_report",
    title="Has production drifted? Should we retrain?",
    prompt="Complete `drift_report(reference, batch)` for two DataFrames with the same columns: a feature "
    "has **drifted** when its PSI (`drift.psi`) is at least 0.1 *and* the KS test (`ks_2samp`) gives "
    "p < 0.01; recommend **retraining** when a drifted feature's PSI is at least 0.25 (a major shift). "
    "Return `{\"drifted\": [column names], \"retrain\": True or False}`.",
    answer="drift_report",
    setup=_SETUP,
    solution=_SOLUTION,
    right=["""\
def drift_report(reference, batch):
    table = drift.report(reference, batch)
    moved = table[(table["psi"] >= drift.PSI_WATCH) & (table["ks_pvalue"] < 0.01)]
    return {"drifted": set(moved.index), "retrain": bool((moved["psi"] >= drift.PSI_MAJOR).any())}"""],
    wrong=[_SOLUTION.replace("score >= 0.1 and p_value < 0.01", "p_value < 0.01"),
           _SOLUTION.replace("major = major or score >= 0.25", "major = True"),
           _SOLUTION.replace("p_value < 0.01", "p_value > 0.01"),
           _SOLUTION.replace("score = drift.psi(reference[column], batch[column])",
                             "score = drift.psi(batch[column], batch[column])")],
    hints=[
        "Loop over the columns; for each compute `drift.psi(reference[c], batch[c])` and "
        "`ks_2samp(reference[c], batch[c]).pvalue`.",
        "Both conditions must hold for a feature to count as drifted: PSI tells how much, the KS p-value "
        "that it is not chance.",
        "`retrain` is True when any drifted feature has PSI >= 0.25; a PSI between 0.1 and 0.25 is worth "
        "watching but not a retrain on its own.",
    ],
)
def drift_report(answer):
    from ....labs import drift
    from .._shared import _ns
    from ._mlops import _SERVICE as code

    reference = _ns(code)["X4_train"]
    for shifts, scale, n, seed in _CASES:
        batch = drift.shifted_batch(reference, shifts, n=n, seed=seed, scale=scale)
        want_drifted, want_retrain = _truth(reference, batch)
        got = checks.call(answer, reference.copy(), batch.copy(), name="drift_report")
        if not isinstance(got, dict) or set(got) != {"drifted", "retrain"}:
            raise Incorrect(f"drift_report returned {checks.short(got, 60)}; return a dict with the keys "
                            "'drifted' and 'retrain'")
        drifted = got["drifted"]
        if isinstance(drifted, str) or not hasattr(drifted, "__iter__"):
            raise Incorrect("`drifted` should be a list of column names")
        drifted = sorted(str(c) for c in drifted)
        what = (f"a batch shifted by {shifts or scale}" if shifts or scale else "a batch with no shift")
        if drifted != want_drifted:
            extra = sorted(set(drifted) - set(want_drifted))
            lost = sorted(set(want_drifted) - set(drifted))
            if extra and not want_drifted:
                raise Incorrect(f"on {what}, you flag {extra}: a feature needs both PSI >= 0.1 and "
                                f"KS p < 0.01")
            raise Incorrect(f"on {what}, drifted should be {want_drifted}"
                            + (f"; you also flag {extra}" if extra else "")
                            + (f"; you miss {lost}" if lost else ""))
        if not isinstance(got["retrain"], bool):
            raise Incorrect(f"`retrain` should be True or False, got {checks.type_name(got['retrain'])}")
        if got["retrain"] != want_retrain:
            raise Incorrect(f"on {what} ({', '.join(want_drifted) or 'nothing'} drifted), retrain should be "
                            f"{want_retrain}: only a major shift (PSI >= 0.25) calls for retraining")
    return (f"right on {len(_CASES)} fresh batches: no drift, a moderate shift to watch, major shifts, and a "
            "change of spread that the mean alone would miss.")
