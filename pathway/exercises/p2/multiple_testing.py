"""Phase 2, data-science foundations: many metrics, one family-wise error rate (Holm).

The learner's function runs on the check's own p-values, with values exactly on each bar.
"""

from __future__ import annotations

from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from . import _blind_eval

# ------------------------------------------------------------------ many metrics: Holm's correction
# (p-values, alpha) with the expected decisions. Each case separates Holm from a known mistake:
# Bonferroni (2, 5), no correction (2, 3, 5, 8), Benjamini-Hochberg (3), not stopping at the first
# failure (4), a strict < at the boundary (3: 0.01 = 0.05 / 5; 6: 0.025 = 0.05 / 2; 7: 0.05 = 0.05 / 1).
_HOLM_CASES = (
    ((0.01, 0.04, 0.03, 0.005), 0.05),
    ((0.012, 0.02, 0.04), 0.05),
    ((0.01, 0.02, 0.03, 0.04, 0.05), 0.05),
    ((0.001, 0.03, 0.04, 0.045), 0.05),
    ((0.02, 0.06, 0.03, 0.2), 0.10),
    ((0.3, 0.025, 0.001), 0.05),
    ((0.05,), 0.05),
    ((0.04, 0.01, 0.3), 0.05),
)


def _decisions(p: tuple[float, ...], alpha: float, variant: str = "holm") -> list[bool]:
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    out = [False] * m
    if variant == "bonferroni":
        return [v <= alpha / m for v in p]
    if variant == "none":
        return [v <= alpha for v in p]
    if variant == "bh":
        passed = [k for k, i in enumerate(order, start=1) if p[i] <= k * alpha / m]
        cut = max(passed, default=0)
        return [order.index(i) < cut for i in range(m)]
    for k, i in enumerate(order):
        limit = alpha / (m - k)
        ok = p[i] < limit if variant == "strict" else p[i] <= limit
        if ok:
            out[i] = True
        elif variant != "no_stop":
            break
    return out


# A Series whose integer labels are not its positions: `p_values[i]` then looks up a label.
_SERIES_P = (0.04, 0.01, 0.3, 0.02, 0.2)
_SERIES_LABELS = (3, 0, 4, 1, 2)


def _series_case(answer: Any) -> None:
    """The decisions for a Series with a shuffled integer index, in its order (or by its labels)."""
    import pandas as pd

    series = pd.Series(_SERIES_P, index=list(_SERIES_LABELS))
    shown = f"holm(pd.Series({list(_SERIES_P)}, index={list(_SERIES_LABELS)}), alpha=0.05)"
    value = checks.returns(answer, series, 0.05, name="holm")
    if isinstance(value, pd.Series):
        if set(value.index) != set(series.index):
            raise Incorrect(f"{shown} returned a Series indexed {list(value.index)}: keep the input's "
                            "labels, so each decision stays with its p-value")
        value = value.reindex(series.index)
    got = _bools(value, len(_SERIES_P), shown)
    if got == _decisions(_SERIES_P, 0.05):
        return
    by_label = tuple(float(series.loc[i]) for i in range(len(series)))
    if got == _decisions(by_label, 0.05):
        raise Incorrect(f"{shown} returned {got}: with a Series, `p_values[i]` looks up the label i, "
                        "not the i-th value; work on positions (np.asarray, or .iloc)")
    raise Incorrect(f"{shown} returned {got}, which is not what Holm's procedure decides for "
                    "these p-values in this order")


def _bools(value: Any, n: int, shown: str) -> list[bool]:
    import numpy as np

    if isinstance(value, (str, bytes, dict)) or not hasattr(value, "__len__"):
        raise Incorrect(f"{shown} returned {checks.type_name(value)}; return one True/False per "
                        "p-value, in the order of the input")
    values = list(value.values) if hasattr(value, "values") and not callable(value.values) else list(value)
    if len(values) != n:
        raise Incorrect(f"{shown} returned {len(values)} decisions for {n} p-values")
    if not all(isinstance(v, (bool, np.bool_)) or v in (0, 1) for v in values):
        raise Incorrect(f"{shown} should hold True/False decisions (reject or not), one per p-value")
    return [bool(v) for v in values]


@exercise(
    "p2.experiments.holm",
    title="Many metrics, one family-wise error rate",
    prompt="Write `holm(p_values, alpha=0.05)`: the Holm-Bonferroni procedure. Sort the m p-values "
    "from smallest; reject the k-th smallest (k = 1, 2, ...) while it is <= alpha / (m - k + 1), "
    "and stop at the first that is not (it and every larger one are kept). Return one True "
    "(rejected: a real effect) or False per p-value, in the order of the input (a list, an array, "
    "or a Series with the input's index). `p_values` may be a list, an array or a pandas Series, "
    "whose index need not be 0, 1, 2, ...",
    answer="holm",
    setup="import numpy as np",
    solution="""\
def holm(p_values, alpha=0.05):
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    rejected = np.zeros(m, dtype=bool)
    for k, i in enumerate(np.argsort(p)):
        if p[i] > alpha / (m - k):
            break
        rejected[i] = True
    return rejected""",
    right=[
        *_blind_eval.CASES["p2.experiments.holm"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
import pandas as pd


def holm(p_values, alpha=0.05):
    s = pd.Series(p_values, dtype=float)
    ranked = s.sort_values(kind="mergesort")
    m = len(s)
    bars = alpha / (m - np.arange(m))
    passed = ranked.to_numpy() <= bars
    keep = np.cumprod(passed).astype(bool)
    return pd.Series(keep, index=ranked.index).reindex(s.index)""",
        # adjusted p-values: (m - k + 1) p, made monotone with a running maximum
        """\
def holm(p_values, alpha=0.05):
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    order = np.argsort(p)
    adjusted = np.maximum.accumulate((m - np.arange(m)) * p[order])
    rejected = np.empty(m, dtype=bool)
    rejected[order] = adjusted <= alpha
    return list(rejected)""",
        """\
def holm(p_values, alpha=0.05):
    ranked = sorted(enumerate(p_values), key=lambda pair: pair[1])
    decisions = [False] * len(ranked)
    for step, (index, value) in enumerate(ranked):
        if value <= alpha / (len(ranked) - step):
            decisions[index] = True
        else:
            break
    return decisions""",
    ],
    wrong=[
        *_blind_eval.CASES["p2.experiments.holm"]["wrong"],  # second blind red team
        # from the first blind team's valid answers: `p_values[i]` looks up a label, which the
        # prompt now rules out (a Series whose index is not 0, 1, 2, ... may come in)
        """\
def holm(p_values, alpha=0.05):
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    result = [False] * m
    for step, i in enumerate(order, start=1):
        if p_values[i] * (m - step + 1) <= alpha:
            result[i] = True
        else:
            break
    return result""",
        # blind red team (written from the prompt and setup alone)
        """\
def holm(p_values, alpha=0.05):
    p = np.asarray(p_values)
    order = np.argsort(p)
    m = len(p)
    out = np.zeros(m, bool)
    for rank, i in enumerate(order, start=1):
        if p[i] <= alpha / (m - rank):
            out[i] = True
        else:
            break
    return out""",
        """\
def holm(p_values, alpha=0.05):
    p = np.asarray(p_values)
    order = np.argsort(p)[::-1]
    m = len(p)
    out = np.zeros(m, bool)
    for k, i in enumerate(order):
        if p[i] <= alpha / (m - k):
            out[i] = True
        else:
            break
    return out""",
        """\
def holm(p_values, alpha=0.05):
    m = len(p_values)
    return [p * m <= alpha for p in p_values]""",
        """\
def holm(p_values, alpha=0.05):
    p = np.asarray(p_values)
    m = len(p)
    adjusted = np.minimum(1, p * (m - np.argsort(np.argsort(p))))
    return adjusted <= alpha""",
        """\
def holm(p_values, alpha=0.05):
    p = sorted(p_values)
    m = len(p)
    return [v <= alpha / (m - k) for k, v in enumerate(p)]""",
        """\
def holm(p_values, alpha=0.05):
    p = np.asarray(p_values)
    m = len(p)
    out = np.zeros(m, bool)
    for k, i in enumerate(np.argsort(p)):
        if p[i] <= alpha / (m - k + 1):
            out[i] = True
        else:
            break
    return out""",
        "def holm(p_values, alpha=0.05):\n    return [p <= alpha / len(p_values) for p in p_values]",
        "def holm(p_values, alpha=0.05):\n    return [p <= alpha for p in p_values]",
        # no stop after the first failure
        """\
def holm(p_values, alpha=0.05):
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    rejected = np.zeros(m, dtype=bool)
    for k, i in enumerate(np.argsort(p)):
        rejected[i] = p[i] <= alpha / (m - k)
    return rejected""",
        # a strict < at the boundary
        """\
def holm(p_values, alpha=0.05):
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    rejected = np.zeros(m, dtype=bool)
    for k, i in enumerate(np.argsort(p)):
        if p[i] >= alpha / (m - k):
            break
        rejected[i] = True
    return rejected""",
        # the decisions in sorted order, not the input's
        """\
def holm(p_values, alpha=0.05):
    p = np.sort(np.asarray(p_values, dtype=float))
    m = len(p)
    out = []
    for k, value in enumerate(p):
        if value > alpha / (m - k):
            break
        out.append(True)
    return out + [False] * (m - len(out))""",
        # Benjamini-Hochberg: another error rate (the false discovery rate)
        """\
from scipy.stats import false_discovery_control

def holm(p_values, alpha=0.05):
    return list(false_discovery_control(p_values) <= alpha)""",
        # alpha ignored
        """\
def holm(p_values, alpha=0.05):
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    rejected = np.zeros(m, dtype=bool)
    for k, i in enumerate(np.argsort(p)):
        if p[i] > 0.05 / (m - k):
            break
        rejected[i] = True
    return rejected""",
    ],
    hints=[
        "The smallest p-value faces the strictest bar, alpha / m; each next one a slightly "
        "looser bar, alpha / (m - 1), and so on.",
        "Walk the p-values in sorted order (np.argsort gives their positions), compare each with "
        "its bar, and remember the position so the answer comes back in the input's order.",
        "The first p-value above its bar ends the walk: it, and every larger one, is not rejected, "
        "even if a later one would clear its own looser bar. Equal to the bar counts as rejected.",
    ],
)
def holm(answer):
    got = []
    for p, alpha in _HOLM_CASES:
        shown = f"holm({list(p)}, alpha={alpha})"
        got.append(_bools(checks.returns(answer, list(p), alpha, name="holm"), len(p), shown))
    if all(g == _decisions(p, alpha) for g, (p, alpha) in zip(got, _HOLM_CASES)):
        _series_case(answer)
        return ("twenty metrics compared at 0.05 give about a 64% chance of at least one false "
                "winner; Holm keeps that chance at 5% and rejects at least as much as Bonferroni does.")
    known = [
        (lambda p, a: [_decisions(p, a)[i] for i in sorted(range(len(p)), key=lambda i: p[i])],
         "gives the decisions in sorted order: return them in the order of the input"),
        (lambda p, a: _decisions(p, a, "strict"), "treats a p-value exactly on its bar as kept: "
         "<= alpha / (m - k + 1) is rejected"),
        (lambda p, a: _decisions(p, a, "no_stop"), "goes on after the first p-value above its bar: "
         "Holm stops there, and keeps every larger p-value"),
        (lambda p, a: _decisions(p, a, "bonferroni"), "compares every p-value with alpha / m "
         "(Bonferroni): Holm loosens the bar step by step"),
        (lambda p, a: _decisions(p, a, "none"), "does not correct at all: every p-value is compared "
         "with alpha"),
        (lambda p, a: _decisions(p, a, "bh"), "is the Benjamini-Hochberg procedure, which controls "
         "the false discovery rate; Holm controls the chance of any false alarm"),
        (lambda p, a: _decisions(p, 0.05), "ignores `alpha`: use the argument"),
    ]
    # A mistake is named only when it explains every case (on some cases two mistakes agree).
    for decide, why in known:
        if all(g == decide(p, alpha) for g, (p, alpha) in zip(got, _HOLM_CASES)):
            raise Incorrect(f"holm {why}")
    g, (p, alpha) = next((g, case) for g, case in zip(got, _HOLM_CASES) if g != _decisions(*case))
    raise Incorrect(f"holm({list(p)}, alpha={alpha}) returned {g}, which is not what Holm's "
                    "procedure decides")
