"""Phase 3, machine-learning specialization: error analysis by slice, and a fairness check.

One overall score hides the group a model fails. The function measures recall per slice with its
uncertainty (small slices have wide intervals); it runs on the check's own labels, predictions and
groups, with a boundary: a slice caught perfectly. The threshold per group: fairness.py.
"""

from __future__ import annotations

import functools
import math
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _blind_explain

_SCREENING = """\
import numpy as np
import pandas as pd
from scipy.stats import norm
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from pathway.labs import tabular

cases = tabular.screening(n=3000, seed=0)
markers = ["m1", "m2", "m3", "m4"]
train, test = train_test_split(cases, test_size=0.4, random_state=0, stratify=cases["sick"])
screen = LogisticRegression().fit(train[markers], train["sick"])
test_scores = screen.predict_proba(test[markers])[:, 1]
test_pred = (test_scores >= 0.5).astype(int)
"""

_COLUMNS = ("n_positive", "recall", "low", "high")


@functools.cache
def _slices() -> tuple[Any, Any, Any]:
    """Labels, predictions and groups of the check: four slices, one small, one caught perfectly."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2031)
    parts = []
    # (group, positives caught, positives missed, negatives)
    for group, caught, missed, negatives in (("harbour", 102, 18, 300), ("valley", 9, 6, 40),
                                             ("ridge", 8, 0, 25), ("plain", 21, 9, 90)):
        y = [1] * (caught + missed) + [0] * negatives
        pred = [1] * caught + [0] * missed + list((rng.random(negatives) < 0.1).astype(int))
        parts.append(pd.DataFrame({"y": y, "pred": pred, "group": group}))
    table = pd.concat(parts, ignore_index=True)
    table = table.iloc[rng.permutation(len(table))]
    table.index = rng.permutation(np.arange(5000, 5000 + len(table)))  # not 0..n-1, as after a split
    return table["y"], table["pred"].to_numpy(), table["group"]


def _interval(k: int, n: int, method: str = "wilson", level: float = 0.95,
              p: float | None = None) -> tuple[float, float]:
    """A 95% (or `level`) interval for k of n; `p` overrides k / n (a known mistake's mix)."""
    from scipy.stats import beta, norm

    z = float(norm.ppf(1 - (1 - level) / 2))
    p = k / n if p is None else p
    if method == "wald":
        half = z * math.sqrt(p * (1 - p) / n)
        return p - half, p + half
    if method == "exact":
        low = 0.0 if k == 0 else float(beta.ppf((1 - level) / 2, k, n - k + 1))
        high = 1.0 if k == n else float(beta.ppf(1 - (1 - level) / 2, k + 1, n - k))
        return low, high
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return centre - half, centre + half


def _table(answer: Any, groups: list[str]) -> Any:
    import pandas as pd

    if not isinstance(answer, pd.DataFrame):
        raise Incorrect(f"slice_recall returned {checks.type_name(answer)}; return a DataFrame, one "
                        "row per group")
    missing = [c for c in _COLUMNS if c not in answer.columns]
    if missing:
        raise Incorrect(f"the table has no column(s) {missing}; expected {list(_COLUMNS)}")
    frame = answer
    if "group" in frame.columns and set(map(str, frame["group"])) == set(groups):
        frame = frame.set_index("group")
    checks.same_set([str(i) for i in frame.index], groups, "the table's index (one row per group)")
    frame = frame.copy()
    frame.index = [str(i) for i in frame.index]
    try:
        return frame.loc[groups, list(_COLUMNS)].astype(float)
    except (TypeError, ValueError):
        raise Incorrect("the table's columns should hold numbers") from None


@exercise(
    "p3.slices.slice_recall",
    title="Recall per slice, with its uncertainty",
    prompt="Write `slice_recall(y_true, y_pred, groups)`: for each group, the number of actual "
    "positives (`n_positive`), the recall on them (`recall`: caught / actual positives) and its 95% "
    "Wilson score interval (`low`, `high`). Return a DataFrame with one row per group, indexed by "
    "group name, and those four columns. `y_true` and `groups` come as pandas Series with the same "
    "(shuffled) index, `y_pred` as a NumPy array in the same row order, as in the notebook.",
    answer="slice_recall",
    setup=_SCREENING,
    solution="""\
def slice_recall(y_true, y_pred, groups):
    z = norm.ppf(0.975)
    rows = {}
    for group in pd.unique(groups):
        positives = (groups.to_numpy() == group) & (y_true.to_numpy() == 1)
        n = int(positives.sum())
        p = y_pred[positives].mean()
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
        rows[group] = {"n_positive": n, "recall": p, "low": centre - half, "high": centre + half}
    return pd.DataFrame.from_dict(rows, orient="index")""",
    right=[
        *_blind_explain.CASES["p3.slices.slice_recall"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def slice_recall(y_true, y_pred, groups):
    z = norm.ppf(0.975)
    frame = pd.DataFrame({"y": y_true.to_numpy(), "p": y_pred, "g": groups.to_numpy()})
    pos = frame[frame.y == 1]
    out = (
        pos.groupby("g")["p"]
        .agg(["size", "mean"])
        .rename(columns={"size": "n_positive", "mean": "recall"})
    )
    n, p = out.n_positive, out.recall
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    out["low"], out["high"] = c - h, c + h
    return out""",
        """\
from scipy.stats import binomtest


def slice_recall(y_true, y_pred, groups):
    yt = np.asarray(y_true)
    gs = np.asarray(groups)
    records = []
    for g in np.unique(gs):
        hits = y_pred[(gs == g) & (yt == 1)]
        res = binomtest(int(hits.sum()), len(hits)).proportion_ci(0.95, method="wilson")
        records.append(
            pd.Series(
                {"n_positive": len(hits), "recall": hits.mean(), "low": res.low, "high": res.high},
                name=g,
            )
        )
    return pd.DataFrame(records)""",
        # scipy's binomial test gives the Wilson interval too
        """\
from scipy.stats import binomtest

def slice_recall(y_true, y_pred, groups):
    frame = pd.DataFrame({"y": y_true.to_numpy(), "pred": y_pred, "group": groups.to_numpy()})
    out = []
    for group, part in frame[frame["y"] == 1].groupby("group"):
        caught, n = int(part["pred"].sum()), len(part)
        ci = binomtest(caught, n).proportion_ci(confidence_level=0.95, method="wilson")
        out.append({"group": group, "n_positive": n, "recall": caught / n, "low": ci.low, "high": ci.high})
    return pd.DataFrame(out).set_index("group")""",
        """\
from sklearn.metrics import recall_score

def slice_recall(y_true, y_pred, groups):
    z = 1.959963984540054
    result = {}
    for g in sorted(set(groups)):
        mask = (groups == g).to_numpy()
        r = recall_score(y_true.to_numpy()[mask], y_pred[mask])
        n = int((y_true.to_numpy()[mask] == 1).sum())
        denom = 1 + z * z / n
        mid = (r + z * z / (2 * n)) / denom
        spread = z / denom * ((r * (1 - r) + z * z / (4 * n)) / n) ** 0.5
        result[g] = [n, r, mid - spread, mid + spread]
    return pd.DataFrame(result, index=["n_positive", "recall", "low", "high"]).T""",
    ],
    wrong=[
        *_blind_explain.CASES["p3.slices.slice_recall"]["wrong"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
from scipy.stats import binomtest


def slice_recall(y_true, y_pred, groups):
    rows = {}
    for g in pd.unique(groups):
        m = (groups.to_numpy() == g) & (y_true.to_numpy() == 1)
        k, n = int(y_pred[m].sum()), int(m.sum())
        ci = binomtest(k, n).proportion_ci(method="wilsoncc")
        rows[g] = {"n_positive": n, "recall": k / n, "low": ci.low, "high": ci.high}
    return pd.DataFrame(rows).T""",
        """\
def slice_recall(y_true, y_pred, groups):
    rows = {}
    for g in pd.unique(groups):
        m = groups.to_numpy() == g
        yt, yp = y_true.to_numpy()[m], y_pred[m]
        k, n = int(((yp == 1) & (yt == 1)).sum()), int((yp == 1).sum())
        z = norm.ppf(0.975)
        p = k / n
        c = (p + z * z / (2 * n)) / (1 + z * z / n)
        h = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        rows[g] = {"n_positive": int((yt == 1).sum()), "recall": p, "low": c - h, "high": c + h}
    return pd.DataFrame(rows).T""",
        """\
from sklearn.utils import resample


def slice_recall(y_true, y_pred, groups):
    rows = {}
    rng = np.random.default_rng(0)
    for g in pd.unique(groups):
        m = (groups.to_numpy() == g) & (y_true.to_numpy() == 1)
        hits = y_pred[m]
        boots = [rng.choice(hits, len(hits)).mean() for _ in range(2000)]
        rows[g] = {
            "n_positive": len(hits),
            "recall": hits.mean(),
            "low": np.percentile(boots, 2.5),
            "high": np.percentile(boots, 97.5),
        }
    return pd.DataFrame(rows).T""",
        """\
def slice_recall(y_true, y_pred, groups):
    rows = {}
    z = norm.ppf(0.975)
    for g in pd.unique(groups):
        m = (groups.to_numpy() == g) & (y_true.to_numpy() == 1)
        n, p = int(m.sum()), y_pred[m].mean()
        half = z * np.sqrt(p * (1 - p) / n)
        rows[g] = {
            "n_positive": n,
            "recall": p,
            "low": max(0.0, p - half),
            "high": min(1.0, p + half),
        }
    return pd.DataFrame(rows).T""",
        """\
def slice_recall(y_true, y_pred, groups):
    rows = {}
    z = norm.ppf(0.975)
    for g in pd.unique(groups):
        m = (groups == g) & (y_true == 1)
        n = int(m.sum())
        p = y_pred[m.to_numpy()].mean()
        c = (p + z * z / (2 * n)) / (1 + z * z / n)
        h = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        rows[g] = {"n": n, "recall": p, "low": c - h, "high": c + h}
    return pd.DataFrame(rows).T""",
        """\
def slice_recall(y_true, y_pred, groups):
    z = norm.ppf(0.975)
    frame = pd.DataFrame({"y": y_true.to_numpy(), "p": y_pred, "g": groups.to_numpy()})
    pos = frame[frame.y == 1]
    out = (
        pos.groupby("g")["p"]
        .agg(["size", "mean"])
        .rename(columns={"size": "n_positive", "mean": "recall"})
    )
    n, p = out.n_positive, out.recall
    c = (p + z * z / (2 * n)) / (1 + z * z / n)
    h = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    out["low"], out["high"] = c - h, c + h
    return out.reset_index(drop=True)""",
        # the normal (Wald) interval: zero width for a slice caught perfectly
        """\
def slice_recall(y_true, y_pred, groups):
    rows = {}
    for group in pd.unique(groups):
        positives = (groups.to_numpy() == group) & (y_true.to_numpy() == 1)
        n = int(positives.sum())
        p = y_pred[positives].mean()
        half = 1.96 * np.sqrt(p * (1 - p) / n)
        rows[group] = {"n_positive": n, "recall": p, "low": p - half, "high": p + half}
    return pd.DataFrame.from_dict(rows, orient="index")""",
        # the interval's n is every row of the group, not its positives
        """\
def slice_recall(y_true, y_pred, groups):
    z = norm.ppf(0.975)
    rows = {}
    for group in pd.unique(groups):
        in_group = groups.to_numpy() == group
        positives = in_group & (y_true.to_numpy() == 1)
        n, p = int(in_group.sum()), y_pred[positives].mean()
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
        rows[group] = {"n_positive": int(positives.sum()), "recall": p,
                       "low": centre - half, "high": centre + half}
    return pd.DataFrame.from_dict(rows, orient="index")""",
        # accuracy in the slice, not recall
        """\
def slice_recall(y_true, y_pred, groups):
    z = norm.ppf(0.975)
    rows = {}
    for group in pd.unique(groups):
        in_group = groups.to_numpy() == group
        n = int((in_group & (y_true.to_numpy() == 1)).sum())
        p = (y_pred[in_group] == y_true.to_numpy()[in_group]).mean()
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
        rows[group] = {"n_positive": n, "recall": p, "low": centre - half, "high": centre + half}
    return pd.DataFrame.from_dict(rows, orient="index")""",
        # pandas aligns y_true's shuffled index with a fresh index: the labels are scrambled
        """\
def slice_recall(y_true, y_pred, groups):
    frame = pd.DataFrame({"y": y_true, "group": groups})
    frame["pred"] = pd.Series(y_pred)
    z = norm.ppf(0.975)
    rows = {}
    for group, part in frame[frame["y"] == 1].groupby("group"):
        n, p = len(part), part["pred"].fillna(0).mean()
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
        rows[group] = {"n_positive": n, "recall": p, "low": centre - half, "high": centre + half}
    return pd.DataFrame.from_dict(rows, orient="index")""",
        # a 90% interval
        """\
def slice_recall(y_true, y_pred, groups):
    z = norm.ppf(0.95)
    rows = {}
    for group in pd.unique(groups):
        positives = (groups.to_numpy() == group) & (y_true.to_numpy() == 1)
        n = int(positives.sum())
        p = y_pred[positives].mean()
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
        rows[group] = {"n_positive": n, "recall": p, "low": centre - half, "high": centre + half}
    return pd.DataFrame.from_dict(rows, orient="index")""",
        # the exact (Clopper-Pearson) interval: valid elsewhere, not the one asked for
        """\
from scipy.stats import binomtest

def slice_recall(y_true, y_pred, groups):
    rows = {}
    for group in pd.unique(groups):
        positives = (groups.to_numpy() == group) & (y_true.to_numpy() == 1)
        caught, n = int(y_pred[positives].sum()), int(positives.sum())
        ci = binomtest(caught, n).proportion_ci(confidence_level=0.95)
        rows[group] = {"n_positive": n, "recall": caught / n, "low": ci.low, "high": ci.high}
    return pd.DataFrame.from_dict(rows, orient="index")""",
    ],
    hints=[
        "Recall only looks at the actual positives of a slice: of those, what fraction did the model "
        "flag? A slice with 8 positives gives a far less certain number than one with 120.",
        "The Wilson interval for k successes out of n: centre (p + z²/2n) / (1 + z²/n), half-width "
        "z·sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n), with z the 97.5% normal quantile; here n is the "
        "slice's number of positives.",
        "Work with positions, not pandas' index: `.to_numpy()` on the Series, then a boolean mask per "
        "group; `scipy.stats.binomtest(k, n).proportion_ci(method=\"wilson\")` gives the interval.",
    ],
)
def slice_recall(answer):
    import numpy as np

    y, pred, groups = _slices()
    names = sorted(set(groups))
    got = _table(checks.returns(answer, y.copy(), pred.copy(), groups.copy(), name="slice_recall"), names)
    labels, marks = y.to_numpy(), groups.to_numpy()
    for name in names:
        positives = (marks == name) & (labels == 1)
        n, k = int(positives.sum()), int(pred[positives].sum())
        row = got.loc[name]
        if not math.isclose(row["n_positive"], n):
            raise Incorrect(f"slice {name!r} has {n} actual positives, not {row['n_positive']:g}")
        if not math.isclose(row["recall"], k / n, abs_tol=1e-9):
            raise Incorrect(f"the recall of slice {name!r} is off: it is caught positives / actual "
                            "positives of that slice (mind pandas' index: compare by position)")
        low, high = _interval(k, n)
        if math.isclose(row["low"], low, abs_tol=1e-6) and math.isclose(row["high"], high, abs_tol=1e-6):
            continue
        size = int(np.sum(marks == name))
        for method, level, count, share, why in (
                ("wald", 0.95, n, None, "the normal (Wald) interval; it collapses to zero width for a slice "
                 "caught perfectly and can leave [0, 1]: use Wilson's"),
                ("exact", 0.95, n, None, "the exact (Clopper-Pearson) interval; the prompt asks for "
                 "Wilson's"),
                ("wilson", 0.90, n, None, "a 90% interval; the prompt asks for 95%"),
                ("wilson", 0.95, size, k / n, f"a Wilson interval with n = {size}, every row of the slice; "
                 f"recall is a share of the {n} positives")):
            other = _interval(k, count, method, level, share)
            if math.isclose(row["low"], other[0], abs_tol=1e-3) and \
                    math.isclose(row["high"], other[1], abs_tol=1e-3):
                raise Incorrect(f"the interval of slice {name!r} is {why}")
        raise Incorrect(f"the interval of slice {name!r} is not the 95% Wilson interval for {k} of {n}")
    worst = min(names, key=lambda g: got.loc[g, "recall"])
    best = max(names, key=lambda g: got.loc[g, "recall"])
    gap = got.loc[best, "recall"] - got.loc[worst, "recall"]
    return (f"on the check's slices, recall runs from {got.loc[worst, 'recall']:.2f} ({worst}) to "
            f"{got.loc[best, 'recall']:.2f} ({best}): a true-positive-rate gap of {gap:.2f}. The small "
            f"slice's interval is [{got.loc['ridge', 'low']:.2f}, 1.00]: 8 of 8 is not proof of "
            "perfection. Report slices with their intervals, and act on gaps the intervals support.")
