"""Phase 2, data-science foundations: what looking often does to an A/B test's false alarms.

Peeking at a running test multiplies the chances of a "significant" result where nothing changed.
The learner's simulation runs on the check's own seeds; many metrics at once: multiple_testing.py.
"""

from __future__ import annotations

import functools
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from . import _blind_eval

_PEEKING = """\
import numpy as np
from scipy.stats import norm

N_EXPERIMENTS = 2000  # A/A tests: both arms convert at the same rate, so every "win" is a false alarm
VISITORS = 2000       # visitors per arm at the planned end of each test
RATE = 0.10           # the conversion rate of both arms
"""

# The check's own seeds: a learner's function must draw from the generator it is given.
_SEEDS = (8_301, 8_302, 8_303)
_LOOKS = (1, 4, 10)
# Many looks separate a one-sided p-value from the two-sided one (0.26 against 0.31 at 40 looks;
# they agree at one look): the check averages 40 looks over its three seeds (standard error 0.006)
# against a reference of 10,000 tests (0.005; 20,000 would take half a second to draw).
_MANY_LOOKS = 40
_MANY_TOL = 0.025
# Honest simulations of 2000 experiments vary by a standard error of 0.005 (rate 0.05) to 0.009
# (rate 0.19); the nearest mistakes are 0.06 away (fresh data at each of 4 looks: 0.185 against
# 0.126) or more (only the last look: 0.05 against 0.19). 0.03 lies between.
_RATE_TOL = 0.03
_REFERENCE_EXPERIMENTS = 20_000


@functools.cache
def _z_scores(looks: int, variant: str) -> Any:
    """The z of every look of the check's own large simulation (tests x looks)."""
    import numpy as np

    rng = np.random.default_rng([looks, 2026])
    per_look = 2000 // looks
    experiments = _REFERENCE_EXPERIMENTS // 2 if looks >= _MANY_LOOKS else _REFERENCE_EXPERIMENTS
    conv = rng.binomial(per_look, 0.10, size=(experiments, looks, 2))
    if variant == "cumulative":
        conv, seen = conv.cumsum(axis=1), per_look * np.arange(1, looks + 1)[None, :]
    else:  # "fresh": each look tests only the visitors since the last one
        seen = np.full((1, looks), per_look)
    pa, pb = conv[..., 0] / seen, conv[..., 1] / seen
    pooled = (conv[..., 0] + conv[..., 1]) / (2 * seen)
    se = np.sqrt(pooled * (1 - pooled) * 2 / seen)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(se > 0, (pb - pa) / se, 0.0)


@functools.cache
def _rate(looks: int, variant: str = "cumulative", *, one_sided: bool = False) -> float:
    """The false-alarm rate of the peeking analyst, from the check's own large simulation.

    p < 0.05 is read off z directly (z above norm's 95% quantile one-sided, |z| above its 97.5%
    quantile two-sided), which spares a p-value for each of the 800,000 looks at 40 looks."""
    import numpy as np
    from scipy.stats import norm

    z = _z_scores(looks, variant)
    won = z > norm.isf(0.05) if one_sided else np.abs(z) > norm.isf(0.025)
    return float(won.any(axis=1).mean())


@exercise(
    "p2.experiments.peeking",
    title="The peeking problem, by simulation",
    prompt="Write `peeking_rate(looks, rng)`. It simulates `N_EXPERIMENTS` A/A tests (both arms "
    "convert at `RATE`, `VISITORS` visitors per arm by the planned end). In each test the analyst "
    "looks `looks` times, after every `VISITORS // looks` visitors per arm (once, at the end, when "
    "`looks` is 1), runs a two-sided two-proportion z-test on *all* the visitors so far, and stops "
    "the test as a win at the first look with p < 0.05. Return the fraction of tests declared a "
    "win. Draw every random number from the generator `rng` (`np.random.default_rng(...)`).",
    answer="peeking_rate",
    setup=_PEEKING,
    solution="""\
def peeking_rate(looks, rng):
    step = VISITORS // looks
    new = rng.binomial(step, RATE, size=(N_EXPERIMENTS, looks, 2))
    conversions = new.cumsum(axis=1)
    seen = step * np.arange(1, looks + 1)
    rate_a, rate_b = conversions[..., 0] / seen, conversions[..., 1] / seen
    pooled = conversions.sum(axis=2) / (2 * seen)
    se = np.sqrt(pooled * (1 - pooled) * 2 / seen)
    z = (rate_b - rate_a) / se
    p = 2 * norm.sf(np.abs(z))
    return (p < 0.05).any(axis=1).mean()""",
    right=[
        *_blind_eval.CASES["p2.experiments.peeking"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
from scipy import stats


def peeking_rate(looks, rng):
    per = VISITORS // looks
    a = rng.random((N_EXPERIMENTS, per * looks)) < RATE
    b = rng.random((N_EXPERIMENTS, per * looks)) < RATE
    ca, cb = a.cumsum(axis=1), b.cumsum(axis=1)
    idx = per * np.arange(1, looks + 1) - 1
    n = idx + 1
    xa, xb = ca[:, idx], cb[:, idx]
    pool = (xa + xb) / (2 * n)
    se = np.sqrt(pool * (1 - pool) * (2 / n))
    z = np.where(se > 0, (xb / n - xa / n) / np.where(se > 0, se, 1), 0)
    return float(((2 * stats.norm.sf(abs(z))) < 0.05).any(axis=1).mean())""",
        """\
def peeking_rate(looks, rng):
    step = VISITORS // looks
    totals = np.zeros((N_EXPERIMENTS, 2))
    declared = np.zeros(N_EXPERIMENTS, dtype=bool)
    for k in range(1, looks + 1):
        totals += rng.binomial(step, RATE, size=(N_EXPERIMENTS, 2))
        n = k * step
        rates = totals / n
        pooled = totals.sum(axis=1) / (2 * n)
        z = (rates[:, 1] - rates[:, 0]) / np.sqrt(pooled * (1 - pooled) * 2 / n)
        declared |= np.abs(z) > norm.ppf(0.975)
    return declared.mean()""",
        # look by look, visitor by visitor, the unpooled z
        """\
def peeking_rate(looks, rng):
    step = VISITORS // looks
    a = rng.random((N_EXPERIMENTS, step * looks)) < RATE
    b = rng.random((N_EXPERIMENTS, step * looks)) < RATE
    stopped = np.zeros(N_EXPERIMENTS, dtype=bool)
    for k in range(1, looks + 1):
        n = k * step
        pa, pb = a[:, :n].mean(axis=1), b[:, :n].mean(axis=1)
        se = np.sqrt(pa * (1 - pa) / n + pb * (1 - pb) / n)
        z = np.divide(pb - pa, se, out=np.zeros_like(se), where=se > 0)
        stopped |= 2 * norm.sf(np.abs(z)) < 0.05
    return stopped.mean()""",
        # scipy's chi-square test of each 2x2 table, without Yates' correction (the same as the z-test)
        """\
from scipy.stats import chi2

def peeking_rate(looks, rng):
    step = VISITORS // looks
    wins = np.zeros(N_EXPERIMENTS, dtype=bool)
    conv_a = conv_b = 0
    for k in range(1, looks + 1):
        conv_a = conv_a + rng.binomial(step, RATE, N_EXPERIMENTS)
        conv_b = conv_b + rng.binomial(step, RATE, N_EXPERIMENTS)
        n = k * step
        observed = np.stack([conv_a, n - conv_a, conv_b, n - conv_b], axis=1).astype(float)
        col = np.stack([conv_a + conv_b, 2 * n - conv_a - conv_b], axis=1) / 2
        expected = np.concatenate([col, col], axis=1)
        stat = ((observed - expected) ** 2 / expected).sum(axis=1)
        wins |= chi2.sf(stat, df=1) < 0.05
    return float(wins.mean())""",
    ],
    wrong=[
        *_blind_eval.CASES["p2.experiments.peeking"]["wrong"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def peeking_rate(looks, rng):
    step = VISITORS // looks
    c = rng.binomial(step, RATE, size=(N_EXPERIMENTS, looks, 2)).cumsum(axis=1)
    n = step * np.arange(1, looks + 1)
    pa, pb = c[..., 0] / n, c[..., 1] / n
    pool = (c[..., 0] + c[..., 1]) / (2 * n)
    z = (pb - pa) / np.sqrt(pool * (1 - pool) * 2 / n)
    p = 2 * norm.sf(np.abs(z))
    return (p[:, -1] < 0.05).mean()""",
        """\
def peeking_rate(looks, rng):
    step = VISITORS // looks
    c = rng.binomial(step, RATE, size=(N_EXPERIMENTS, looks, 2)).cumsum(axis=1)
    n = step * np.arange(1, looks + 1)
    pool = (c[..., 0] + c[..., 1]) / (2 * n)
    z = (c[..., 1] - c[..., 0]) / n / np.sqrt(pool * (1 - pool) * 2 / n)
    p = 2 * norm.sf(np.abs(z))
    return (p < 0.05).sum() / N_EXPERIMENTS""",
        """\
def peeking_rate(looks, rng):
    wins = np.zeros(N_EXPERIMENTS, dtype=bool)
    for _ in range(looks):
        c = rng.binomial(VISITORS, RATE, size=(N_EXPERIMENTS, 2))
        pool = c.sum(axis=1) / (2 * VISITORS)
        z = (c[:, 1] - c[:, 0]) / VISITORS / np.sqrt(pool * (1 - pool) * 2 / VISITORS)
        wins |= 2 * norm.sf(np.abs(z)) < 0.05
    return wins.mean()""",
        """\
def peeking_rate(looks, rng):
    step = VISITORS // looks
    c = rng.binomial(step, RATE, size=(N_EXPERIMENTS, looks, 2)).cumsum(axis=1)
    n = step * np.arange(1, looks + 1)
    pool = (c[..., 0] + c[..., 1]) / (2 * n)
    z = (c[..., 1] - c[..., 0]) / n / np.sqrt(pool * (1 - pool) * 2 / n)
    return (2 * norm.sf(np.abs(z)) < 0.01).any(axis=1).mean()""",
        """\
def peeking_rate(looks, rng):
    step = VISITORS // looks
    a = rng.binomial(step, RATE, size=(N_EXPERIMENTS, looks)).cumsum(axis=1)
    b = rng.binomial(step, RATE * 1.1, size=(N_EXPERIMENTS, looks)).cumsum(axis=1)
    n = step * np.arange(1, looks + 1)
    pool = (a + b) / (2 * n)
    z = (b - a) / n / np.sqrt(pool * (1 - pool) * 2 / n)
    return (2 * norm.sf(np.abs(z)) < 0.05).any(axis=1).mean()""",
        """\
def peeking_rate(looks, rng):
    step = VISITORS // looks
    c = rng.binomial(step, RATE, size=(N_EXPERIMENTS, looks, 2)).cumsum(axis=1)
    n = step * np.arange(1, looks + 1)
    pool = (c[..., 0] + c[..., 1]) / (2 * n)
    z = (c[..., 1] - c[..., 0]) / n / np.sqrt(pool * (1 - pool) * 2 / n)
    return int((2 * norm.sf(np.abs(z)) < 0.05).any(axis=1).sum())""",
        # only the final look counts
        """\
def peeking_rate(looks, rng):
    conv = rng.binomial(VISITORS, RATE, size=(N_EXPERIMENTS, 2))
    pa, pb = conv[:, 0] / VISITORS, conv[:, 1] / VISITORS
    pooled = conv.sum(axis=1) / (2 * VISITORS)
    z = (pb - pa) / np.sqrt(pooled * (1 - pooled) * 2 / VISITORS)
    return np.mean(2 * norm.sf(np.abs(z)) < 0.05)""",
        # each look tests only the newest visitors
        """\
def peeking_rate(looks, rng):
    step = VISITORS // looks
    conv = rng.binomial(step, RATE, size=(N_EXPERIMENTS, looks, 2))
    pa, pb = conv[..., 0] / step, conv[..., 1] / step
    pooled = conv.sum(axis=2) / (2 * step)
    z = (pb - pa) / np.sqrt(pooled * (1 - pooled) * 2 / step)
    return (2 * norm.sf(np.abs(z)) < 0.05).any(axis=1).mean()""",
        # a fixed seed inside: the argument is ignored
        """\
def peeking_rate(looks, rng):
    rng = np.random.default_rng(0)
    step = VISITORS // looks
    conversions = rng.binomial(step, RATE, size=(N_EXPERIMENTS, looks, 2)).cumsum(axis=1)
    seen = step * np.arange(1, looks + 1)
    pooled = conversions.sum(axis=2) / (2 * seen)
    z = (conversions[..., 1] - conversions[..., 0]) / seen / np.sqrt(pooled * (1 - pooled) * 2 / seen)
    return (2 * norm.sf(np.abs(z)) < 0.05).any(axis=1).mean()""",
        # a one-sided p-value doubles as the two-sided one: twice the false alarms
        """\
def peeking_rate(looks, rng):
    step = VISITORS // looks
    conversions = rng.binomial(step, RATE, size=(N_EXPERIMENTS, looks, 2)).cumsum(axis=1)
    seen = step * np.arange(1, looks + 1)
    pooled = conversions.sum(axis=2) / (2 * seen)
    z = (conversions[..., 1] - conversions[..., 0]) / seen / np.sqrt(pooled * (1 - pooled) * 2 / seen)
    return (norm.sf(np.abs(z)) < 0.05).any(axis=1).mean()""",
        # the share of looks that were significant, not of tests
        """\
def peeking_rate(looks, rng):
    step = VISITORS // looks
    conversions = rng.binomial(step, RATE, size=(N_EXPERIMENTS, looks, 2)).cumsum(axis=1)
    seen = step * np.arange(1, looks + 1)
    pooled = conversions.sum(axis=2) / (2 * seen)
    z = (conversions[..., 1] - conversions[..., 0]) / seen / np.sqrt(pooled * (1 - pooled) * 2 / seen)
    return (2 * norm.sf(np.abs(z)) < 0.05).mean()""",
        # alpha divided by the number of looks (a correction the prompt did not ask for)
        """\
def peeking_rate(looks, rng):
    step = VISITORS // looks
    conversions = rng.binomial(step, RATE, size=(N_EXPERIMENTS, looks, 2)).cumsum(axis=1)
    seen = step * np.arange(1, looks + 1)
    pooled = conversions.sum(axis=2) / (2 * seen)
    z = (conversions[..., 1] - conversions[..., 0]) / seen / np.sqrt(pooled * (1 - pooled) * 2 / seen)
    return (2 * norm.sf(np.abs(z)) < 0.05 / looks).any(axis=1).mean()""",
    ],
    hints=[
        "Simulate all tests at once: for each test, each look and each arm, the number of new "
        "conversions since the last look is binomial(VISITORS // looks, RATE).",
        "A cumulative sum over the looks gives the conversions so far; the z-test at look k uses "
        "k × (VISITORS // looks) visitors per arm.",
        "A test is a win when *any* of its looks has p < 0.05: `(p < 0.05).any(axis=1)`, then the "
        "mean over the tests.",
    ],
)
def peeking(answer):
    import numpy as np

    got = {}
    for looks in _LOOKS:
        shown = f"peeking_rate({looks}, np.random.default_rng(...))"
        value = checks.returns(answer, looks, np.random.default_rng(_SEEDS[0]), name="peeking_rate")
        got[looks] = checks.number(value, shown)
        if not 0 <= got[looks] <= 1:
            raise Incorrect(f"{shown} returned {got[looks]:g}: return a fraction of the tests, "
                            "between 0 and 1")
    if len({got[looks] for looks in _LOOKS}) == 1 and got[1] > 0:
        raise Incorrect("peeking_rate gives the same rate for 1, 4 and 10 looks: the number of looks "
                        "must change when the analyst tests (and the check's own generators "
                        "must be the ones used)")
    repeat = checks.number(checks.returns(answer, 4, np.random.default_rng(_SEEDS[0]),
                                          name="peeking_rate"), "peeking_rate(4, ...)")
    if repeat != got[4]:
        raise Incorrect("peeking_rate(4, rng) gives a different rate for two generators made from "
                        "the same seed: draw every random number from `rng` (not np.random's "
                        "global generator), so a run can be repeated")
    many = f"peeking_rate({_MANY_LOOKS}, rng)"
    again = [checks.number(checks.returns(answer, _MANY_LOOKS, np.random.default_rng(s),
                                          name="peeking_rate"), many) for s in _SEEDS]
    if len(set(again)) == 1:
        raise Incorrect(f"{many} returns the same rate for three differently seeded generators: "
                        "draw the random numbers from `rng`, not from a seed of your own")
    mean_many = sum(again) / len(again)
    if abs(mean_many - _rate(_MANY_LOOKS, one_sided=True)) <= _MANY_TOL < abs(mean_many - _rate(_MANY_LOOKS)):
        raise Incorrect(f"{many} averages {mean_many:.3f} over three seeds, what a one-sided test "
                        "gives (a win only when B beats A): the prompt's test is two-sided, "
                        "p = 2 × norm.sf(|z|)")
    for looks in _LOOKS:
        want = _rate(looks)
        if abs(got[looks] - want) <= _RATE_TOL:
            continue
        shown = f"peeking_rate({looks}, rng) = {got[looks]:.3f}"
        if looks > 1 and abs(got[looks] - _rate(1)) <= _RATE_TOL:
            raise Incorrect(f"{shown}, the rate of a single look: test at every look, and count a "
                            "test as a win at its first p < 0.05")
        if looks > 1 and abs(got[looks] - _rate(looks, "fresh")) <= _RATE_TOL:
            raise Incorrect(f"{shown}: each look tests only the visitors since the previous look; "
                            "the analyst tests all the visitors so far (a cumulative sum)")
        if abs(got[looks] - 2 * want) <= 2 * _RATE_TOL:
            raise Incorrect(f"{shown}, about twice what a two-sided test gives: the two-sided "
                            "p-value is 2 × norm.sf(|z|)")
        raise Incorrect(f"{shown}: with {looks} look(s) the simulation should give about "
                        f"{'0.05' if looks == 1 else 'more than 0.05'}; check the z-test and what "
                        "counts as a win (a test, not a look)")
    if abs(mean_many - _rate(_MANY_LOOKS)) > _MANY_TOL:
        raise Incorrect(f"{many} averages {mean_many:.3f} over three seeds, not what a two-sided "
                        "z-test on all the visitors so far gives at each look: check the test")
    return (f"one look: {got[1]:.3f}, 4 looks: {got[4]:.3f}, 10 looks: {got[10]:.3f}. Nothing "
            "changed in any of these tests, yet peeking ten times declares a winner about four "
            "times as often as the 5% you signed up for. Fix the sample size in advance, or use a "
            "sequential method built for repeated looks.")
