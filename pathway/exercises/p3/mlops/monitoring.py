"""Phase 3, MLOps: monitoring a served model for data drift (PSI and a KS test per feature)."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._blind_b import CASES as BLIND
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

# The check's reference: rows of the data set the notebook never split this way, under column names
# the notebook never used, so a function must read its arguments (not `X4_train`, not fixed names).
_NAMES = {"mean_radius": "radius_mm", "mean_texture": "texture", "mean_concave_points": "concavity",
          "worst_area": "area_mm2"}

# The check's batches: (shifts in standard deviations, scale changes, rows, seed). The first two are
# far from every threshold. In the last two every column sits close to one: PSI 0.1003, 0.0936 and
# 0.2453 / 0.2504 around 0.1 and 0.25, KS p 0.018 / 0.014 and 0.006 around 0.01; and PSI taken the
# wrong way round, psi(batch, reference), lands on the other side (0.088, 0.284, 0.202). The prompt
# names `drift.psi`, so the values are exact and no tolerance is needed. A shift moves only its own
# column, so one batch holds one boundary per column.
_CASES = [
    ({}, {}, 300, 1000),                                          # production looks like training
    ({"area_mm2": 1.2}, {"texture": 1.8}, 300, 1001),             # a major shift; a wider spread
    ({"radius_mm": 0.135, "concavity": 0.185, "texture": 0.24, "area_mm2": 0.11}, {}, 500, 4002),
    ({"area_mm2": 0.135, "radius_mm": 0.255, "texture": 0.285, "concavity": 0.12}, {}, 500, 4001),
]

# One batch where two PSIs sit exactly on the thresholds: `drift.psi`, which the prompt names, is
# made to answer exactly 0.1 for texture and 0.25 for area (both shifted 1 sd, so KS p is tiny),
# so `>` for `>=` is caught; the other columns do not move.
# A second one where an unmoved column is given a major PSI: its KS p stays large, so it has not
# drifted and is no reason to retrain.
# A third where radius moves 1 sd (a major PSI) but `ks_2samp` is made to answer p = 0.01 exactly:
# not below 0.01, so not drifted.
_EXACT = [({"texture": 1.0, "area_mm2": 1.0}, 300, 4100, {"texture": 0.1, "area_mm2": 0.25}, {}),
          ({}, 300, 4101, {"concavity": 0.4}, {}),
          ({"radius_mm": 1.0}, 300, 4102, {}, {"radius_mm": 0.01})]


@contextlib.contextmanager
def exact_ks(pvalues: dict, batch: Any, scope: dict | None = None) -> Iterator[None]:
    """`ks_2samp` (scipy's, and the name in the answer's globals) answering p = `pvalues[column]`."""
    import numpy as np
    import scipy.stats

    real = scipy.stats.ks_2samp
    if not pvalues:
        yield
        return

    def ks_2samp(data1: Any, data2: Any, *args: Any, **kwargs: Any) -> Any:
        result = real(data1, data2, *args, **kwargs)
        for column, p in pvalues.items():
            if any(np.array_equal(np.asarray(side, dtype=float), batch[column].to_numpy(dtype=float))
                   for side in (data1, data2)):
                extra = {k: getattr(result, k) for k in getattr(result, "_extra_fields", ())}
                result = type(result)(result.statistic, float(p), **extra)
        return result

    patched = scope is not None and scope.get("ks_2samp") is real
    scipy.stats.ks_2samp = ks_2samp
    if patched:
        scope["ks_2samp"] = ks_2samp
    try:
        yield
    finally:
        scipy.stats.ks_2samp = real
        if patched:
            scope["ks_2samp"] = real


@contextlib.contextmanager
def exact_psi(values: dict, batch: Any = None) -> Iterator[None]:
    """`drift.psi` answering `values[column]` for those columns, else as usual.

    The column is known by the Series' name, or, for plain arrays, by the batch column it equals.
    """
    import numpy as np

    from ....labs import drift

    real = drift.psi

    def column_of(*sides: Any) -> Any:
        for side in sides:
            if getattr(side, "name", None) in values:
                return side.name
        for side in sides:
            for column in values:
                if batch is not None and np.array_equal(np.asarray(side, dtype=float),
                                                        batch[column].to_numpy(dtype=float)):
                    return column
        return None

    def psi(reference: Any, current: Any, bins: int = 10) -> float:
        column = column_of(reference, current) if values else None
        return float(values[column]) if column is not None else real(reference, current, bins)

    drift.psi = psi
    try:
        yield
    finally:
        drift.psi = real


@functools.cache
def _batches() -> tuple:
    """(reference, [(batch, what, drifted, retrain, exact PSIs), ...]): made once, copied per call."""
    from ....labs import drift

    reference = check_reference()
    made = []
    for shifts, scale, n, seed in _CASES:
        batch = drift.shifted_batch(reference, shifts, n=n, seed=seed, scale=scale)
        moved = {**shifts, **{k: f"x{v} spread" for k, v in scale.items()}}
        what = f"a batch shifted by {moved}" if moved else "a batch with no shift"
        made.append((batch, what, *_truth(reference, batch), {}, {}))
    for shifts, n, seed, exact, pvalues in _EXACT:
        batch = drift.shifted_batch(reference, shifts, n=n, seed=seed)
        with exact_psi(exact, batch), exact_ks(pvalues, batch):
            what = (f"a batch {'shifted by ' + str(shifts) if shifts else 'with no shift'} where "
                    f"{'PSI is ' + str(exact) if exact else 'KS p is ' + str(pvalues)}")
            made.append((batch, what, *_truth(reference, batch), exact, pvalues))
    return reference, made


def check_reference() -> object:
    """300 rows the check draws itself, renamed: the reference the learner's function is given."""
    import numpy as np

    from ._mlops import service_data

    frame, _ = service_data()
    rows = np.random.default_rng(424242).permutation(len(frame))[:300]
    return frame.iloc[rows].reset_index(drop=True).rename(columns=_NAMES)


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
    drifted, retrain = [], False
    for name in batch.columns:
        before, after = reference[name].to_numpy(), batch[name].to_numpy()
        moved = drift.psi(before, after)
        if moved >= drift.PSI_WATCH and ks_2samp(before, after).pvalue < 0.01:
            drifted.append(name)
            retrain |= moved >= drift.PSI_MAJOR
    return {"drifted": drifted, "retrain": bool(retrain)}""", """\
def drift_report(reference, batch):
    table = drift.report(reference, batch)
    moved = table[(table["psi"] >= drift.PSI_WATCH) & (table["ks_pvalue"] < 0.01)]
    return {"drifted": set(moved.index), "retrain": bool((moved["psi"] >= drift.PSI_MAJOR).any())}""",
        *BLIND["p3.monitoring.drift_report"]["right"]],
    wrong=[_SOLUTION.replace("score >= 0.1 and p_value < 0.01", "p_value < 0.01"),
           _SOLUTION.replace("major = major or score >= 0.25", "major = True"),
           _SOLUTION.replace("p_value < 0.01", "p_value > 0.01"),
           _SOLUTION.replace("score = drift.psi(reference[column], batch[column])",
                             "score = drift.psi(batch[column], batch[column])"),
           _SOLUTION.replace("score = drift.psi(reference[column], batch[column])",
                             "score = drift.psi(batch[column], reference[column])"),
           _SOLUTION.replace("score >= 0.1 and", "score > 0.09 and"),
           _SOLUTION.replace("score >= 0.1 and", "score > 0.1 and"),
           _SOLUTION.replace("major = major or score >= 0.25", "major = major or score > 0.25"),
           _SOLUTION.replace("major = major or score >= 0.25", "major = major or score > 0.24"),
           _SOLUTION.replace("p_value < 0.01", "p_value < 0.05"),
           _SOLUTION.replace("for column in reference.columns:", "for column in X4_train.columns:"),
           _SOLUTION.replace("def drift_report(reference, batch):\n",
                             "def drift_report(reference, batch):\n    reference = X4_train\n"),
        *BLIND["p3.monitoring.drift_report"]["wrong"]],
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
    reference, cases = _batches()
    for batch, what, want_drifted, want_retrain, exact, pvalues in cases:
        with exact_psi(exact, batch), exact_ks(pvalues, batch, getattr(answer, "__globals__", None)):
            got = checks.call(answer, reference.copy(), batch.copy(), name="drift_report")
        if not isinstance(got, dict) or set(got) != {"drifted", "retrain"}:
            raise Incorrect(f"drift_report returned {checks.short(got, 60)}; return a dict with the keys "
                            "'drifted' and 'retrain'")
        drifted = got["drifted"]
        if isinstance(drifted, str) or not hasattr(drifted, "__iter__"):
            raise Incorrect("`drifted` should be a list of column names")
        drifted = sorted(str(c) for c in drifted)
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
    return (f"right on {len(_CASES)} fresh batches: no drift, major shifts, a change of spread that the mean "
            "alone would miss, and shifts a hair either side of each threshold.")
