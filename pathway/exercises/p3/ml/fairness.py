"""Phase 3, machine-learning specialization: a threshold per group, and what it does not fix.

Equal opportunity (the same recall in every group) by moving each group's threshold; the check runs
the learner's function on scores, labels and groups of its own, with ties and a recall exactly on the
target.
"""

from __future__ import annotations

import math
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _blind_explain
from .slices import _SCREENING


# ------------------------------------------------------------------ thresholds for equal recall
# (group -> sorted positive scores, negatives' scores): ties, and a recall exactly on the target.
def _threshold_case() -> tuple[Any, Any, Any]:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2032)
    rows = []
    for group, n_pos, n_neg, shift in (("coast", 25, 60, 0.15), ("inland", 12, 40, 0.0),
                                       ("hills", 10, 30, -0.2)):
        pos = np.clip(rng.normal(0.6 + shift, 0.15, n_pos), 0.01, 0.99).round(3)
        neg = np.clip(rng.normal(0.35 + shift, 0.15, n_neg), 0.01, 0.99).round(3)
        pos[1] = pos[2]  # a tie among the positives
        rows += [(s, 1, group) for s in pos] + [(s, 0, group) for s in neg]
    order = rng.permutation(len(rows))
    frame = pd.DataFrame([rows[i] for i in order], columns=["score", "y", "group"])
    return frame["score"].to_numpy(), frame["y"].to_numpy(), frame["group"].to_numpy()


def _thresholds(scores: Any, y: Any, groups: Any, target: float, *, strict: bool = False) -> dict[str, float]:
    import numpy as np

    out = {}
    for group in sorted(set(groups)):
        pos = np.sort(scores[(groups == group) & (y == 1)])[::-1]
        n = len(pos)
        k = next(k for k in range(1, n + 1) if (k / n > target if strict else k / n >= target))
        out[group] = float(pos[k - 1])
    return out


def _bare_ceil(scores: Any, y: Any, groups: Any, target: float) -> dict[str, float]:
    """The thresholds of k = ceil(target × n) taken as computed in floating point."""
    import numpy as np

    return {g: float(np.sort(scores[(groups == g) & (y == 1)])[::-1]
                     [math.ceil(target * int(((groups == g) & (y == 1)).sum())) - 1])
            for g in sorted(set(groups))}


@exercise(
    "p3.slices.group_thresholds",
    title="A threshold per group, for equal recall",
    prompt="Write `equal_recall_thresholds(scores, y_true, groups, target)` (three NumPy arrays of "
    "equal length and a number such as 0.8): for each group, the *highest* threshold t such that "
    "flagging the group's rows with score >= t catches at least `target` of the group's actual "
    "positives. Return a dictionary (or a Series): group -> t.",
    answer="equal_recall_thresholds",
    setup=_SCREENING,
    solution="""\
def equal_recall_thresholds(scores, y_true, groups, target):
    result = {}
    for group in np.unique(groups):
        positives = np.sort(scores[(groups == group) & (y_true == 1)])[::-1]
        needed = int(np.ceil(target * len(positives) - 1e-9))
        result[group] = positives[needed - 1]
    return result""",
    right=[
        *_blind_explain.CASES["p3.slices.group_thresholds"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    out = {}
    for g in np.unique(groups):
        in_g = groups == g
        s, yy = scores[in_g], y_true[in_g]
        best = None
        for t in np.unique(s):
            if ((s >= t) & (yy == 1)).sum() / (yy == 1).sum() >= target:
                best = t
        out[g] = float(best)
    return pd.Series(out)""",
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    result = {}
    for g in sorted(set(groups.tolist())):
        pos = sorted(scores[(groups == g) & (y_true == 1)].tolist(), reverse=True)
        k = 1
        while k / len(pos) < target:
            k += 1
        result[g] = pos[k - 1]
    return result""",
        # try each positive's score as the threshold, highest first
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    out = {}
    for g in set(groups):
        pos = scores[(groups == g) & (y_true == 1)]
        for t in sorted(pos, reverse=True):
            if (pos >= t).mean() >= target:
                out[g] = float(t)
                break
    return out""",
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    frame = pd.DataFrame({"score": scores, "y": y_true, "group": groups})
    def highest(part):
        pos = part.loc[part["y"] == 1, "score"].sort_values(ascending=False).to_numpy()
        recall = np.arange(1, len(pos) + 1) / len(pos)
        return pos[np.argmax(recall >= target)]
    return frame.groupby("group")[["score", "y"]].apply(highest)""",
    ],
    wrong=[
        *_blind_explain.CASES["p3.slices.group_thresholds"]["wrong"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    out = {}
    for g in np.unique(groups):
        pos = np.sort(scores[(groups == g) & (y_true == 1)])
        out[g] = pos[int(np.floor((1 - target) * len(pos)))]
    return out""",
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    out = {}
    for g in np.unique(groups):
        pos = np.sort(scores[(groups == g) & (y_true == 1)])[::-1]
        out[g] = pos[int(round(target * len(pos)))]
    return out""",
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    out = {}
    for g in np.unique(groups):
        s = np.sort(scores[groups == g])[::-1]
        yy = y_true[groups == g][np.argsort(scores[groups == g])[::-1]]
        rec = np.cumsum(yy) / yy.sum()
        out[g] = s[np.argmax(rec >= target)] - 0.01
    return out""",
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    return {g: 0.5 for g in np.unique(groups)}""",
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    out = {}
    for g in np.unique(groups):
        pos = scores[(groups == g) & (y_true == 1)]
        for t in np.sort(pos):
            if (pos >= t).mean() >= target:
                out[g] = t
                break
    return out""",
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    out = {}
    for g in np.unique(groups):
        pos = np.sort(scores[(groups == g) & (y_true == 1)])[::-1]
        out[g] = pos[int(target * len(pos))]
    return out""",
        # one threshold for everyone
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    pos = np.sort(scores[y_true == 1])[::-1]
    t = pos[int(np.ceil(target * len(pos))) - 1]
    return {g: t for g in np.unique(groups)}""",
        # strictly above the target: one positive too many
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    out = {}
    for g in np.unique(groups):
        pos = scores[(groups == g) & (y_true == 1)]
        for t in sorted(pos, reverse=True):
            if (pos >= t).mean() > target:
                out[g] = t
                break
    return out""",
        # a quantile of the positives: between two scores, not the highest threshold
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    return {g: float(np.quantile(scores[(groups == g) & (y_true == 1)], 1 - target))
            for g in np.unique(groups)}""",
        # a quantile of all the group's rows: the negatives count too
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    return {g: float(np.quantile(scores[groups == g], 1 - target)) for g in np.unique(groups)}""",
        # the target ignored: 0.8 always
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    out = {}
    for g in np.unique(groups):
        pos = np.sort(scores[(groups == g) & (y_true == 1)])[::-1]
        out[g] = pos[int(np.ceil(0.8 * len(pos))) - 1]
    return out""",
        # score > t instead of >=: the threshold found is the next score down
        """\
def equal_recall_thresholds(scores, y_true, groups, target):
    out = {}
    for g in np.unique(groups):
        pos = np.sort(scores[(groups == g) & (y_true == 1)])[::-1]
        k = int(np.ceil(target * len(pos)))
        out[g] = pos[k] if k < len(pos) else 0.0
    return out""",
    ],
    hints=[
        "Only the group's actual positives decide its recall. Sort their scores from the highest: "
        "a threshold at the k-th highest catches (at least) k of them.",
        "The highest threshold that reaches the target is one of the positives' own scores: the k-th "
        "highest, with k the smallest count whose share k / n is >= target.",
        "k = ceil(target × n) (mind float error: 0.56 × 25 is 14.000000000000002); the threshold is "
        "the sorted-descending positives' score at position k - 1. Ties do no harm with >=.",
    ],
)
def group_thresholds(answer):
    scores, y, groups = _threshold_case()
    # 0.56 × 25 is 14.000000000000002 in floating point: a bare ceil(target × n) asks one too many.
    for target in (0.8, 0.75, 0.56):
        shown = f"equal_recall_thresholds(scores, y_true, groups, {target})"
        got = checks.returns(answer, scores.copy(), y.copy(), groups.copy(), target,
                             name="equal_recall_thresholds")
        if hasattr(got, "to_dict") and not isinstance(got, dict):
            got = got.to_dict()
        checks.expect_type(got, dict, "a dictionary (group -> threshold)")
        names = sorted(set(groups))
        checks.same_set([str(k) for k in got], names, f"the keys of {shown}")
        got = {str(k): checks.number(v, f"{shown}[{k!r}]") for k, v in got.items()}
        want = _thresholds(scores, y, groups, target)
        if all(math.isclose(got[g], want[g], abs_tol=1e-12) for g in names):
            continue
        if target != 0.8 and all(math.isclose(got[g], v, abs_tol=1e-12)
                                 for g, v in _thresholds(scores, y, groups, 0.8).items()):
            raise Incorrect(f"{shown} gives the thresholds for a target of 0.8: use the `target` "
                            "argument")
        if len(set(got.values())) == 1:
            raise Incorrect(f"{shown} gives every group the same threshold: recall then differs by "
                            "group; choose each group's threshold from its own positives")
        bare = _bare_ceil(scores, y, groups, target)
        if all(math.isclose(got[g], v, abs_tol=1e-12) for g, v in bare.items()):
            g = next(g for g in names if bare[g] != want[g])
            n = int(((groups == g) & (y == 1)).sum())
            raise Incorrect(f"{shown}: for group {g!r} ({n} positives) the threshold asks one positive "
                            f"too many: {target} × {n} is {target * n!r} in floating point, so its "
                            "ceil is one too high; round the product before the ceil (or compare "
                            "k / n >= target)")
        if all(math.isclose(got[g], v, abs_tol=1e-12) for g, v in _thresholds(scores, y, groups, target,
                                                                              strict=True).items()):
            raise Incorrect(f"{shown} demands a recall above the target; exactly the target is enough "
                            "(>=), so the highest threshold is one positive higher")
        for g in names:
            if math.isclose(got[g], want[g], abs_tol=1e-12):
                continue
            pos = scores[(groups == g) & (y == 1)]
            recall = float((pos >= got[g]).mean())
            if recall < target:
                raise Incorrect(f"{shown}: for group {g!r} the threshold catches {recall:.0%} of its "
                                f"positives, below the target {target:.0%}")
            raise Incorrect(f"{shown}: for group {g!r} the threshold reaches the target, but a higher "
                            "one does too: the highest is the score of one of the group's positives")
    return ("each group now catches at least the target share of its positives: equal opportunity. "
            "What it does not fix: the groups' false-positive rates and precision still differ, the "
            "scores still rank one group worse (its AUC is unchanged), and a threshold that uses the "
            "group needs the group at decision time, which the law may forbid. Better data for that "
            "group fixes the model; a threshold only moves its errors.")
