"""Phase 2, data-science foundations: A/B tests designed before they run and read honestly after.

Every exercise here is a function, judged on the check's own inputs (other rates, effects, levels,
seeds and p-values than the notebook's), so it must use its arguments. Each tolerance sits between
the honest variants of a formula and the nearest classic mistake (the numbers are in the comments).
"""

from __future__ import annotations

import math
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from . import _blind_eval

_SETUP = """\
import numpy as np
from scipy.stats import norm
"""

# ------------------------------------------------------------------ design: the sample size
# (baseline rate, absolute MDE, alpha, power): small and large rates, a strict alpha, a high power.
_SIZE_CASES = ((0.10, 0.02, 0.05, 0.80), (0.30, 0.05, 0.01, 0.90), (0.05, 0.01, 0.05, 0.80),
               (0.50, 0.10, 0.10, 0.80), (0.20, 0.03, 0.05, 0.95))
# Honest forms (the pooled variance under H0, each arm's own variance, Cohen's arcsine h) agree
# within 0.7% on these cases; the nearest mistake, the baseline's variance for both arms, is 4.2% to
# 8.6% low except at p=0.5 (1.4% high), a one-sided alpha 12% to 27% low. 3% lies between.
_SIZE_TOL = 0.03


def _z(q: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(q))


def _n_needed(p: float, mde: float, alpha: float, power: float, *, two_sided: bool = True,
              relative: bool = False, baseline_variance: bool = False) -> float:
    """Visitors per arm for a two-proportion z-test (unrounded); the flags give known mistakes."""
    p2 = p * (1 + mde) if relative else p + mde
    d = p2 - p
    za, zb = _z(1 - alpha / 2 if two_sided else 1 - alpha), _z(power)
    if baseline_variance:
        return 2 * (za + zb) ** 2 * p * (1 - p) / d ** 2
    pbar = (p + p2) / 2
    return (za * math.sqrt(2 * pbar * (1 - pbar)) + zb * math.sqrt(p * (1 - p) + p2 * (1 - p2))) ** 2 / d ** 2


@exercise(
    "p2.experiments.sample_size",
    title="How many visitors before the test starts?",
    prompt="Write `sample_size(p_base, mde, alpha=0.05, power=0.8)`: the number of visitors each arm "
    "needs so that a two-sided test of two proportions at level `alpha` detects a change of the "
    "conversion rate from `p_base` to `p_base + mde` with probability `power`. `mde` is an absolute "
    "difference (0.02 is two percentage points); use each arm's variance at its own rate (or the "
    "pooled rate: both are standard). Return a whole number of visitors per arm, rounded up.",
    answer="sample_size",
    setup=_SETUP,
    solution="""\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p_new = p_base + mde
    z_alpha = norm.ppf(1 - alpha / 2)
    z_power = norm.ppf(power)
    variance = p_base * (1 - p_base) + p_new * (1 - p_new)
    return int(np.ceil((z_alpha + z_power) ** 2 * variance / mde ** 2))""",
    right=[
        *_blind_eval.CASES["p2.experiments.sample_size"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    from scipy import stats

    p1, p2 = p_base, p_base + mde
    za = stats.norm.isf(alpha / 2)
    zb = stats.norm.isf(1 - power)
    n = (za + zb) ** 2 * (p1 * (1 - p1) + p2 * (1 - p2)) / (p2 - p1) ** 2
    return int(-(-n // 1))""",
        """\
import math


def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p_new = p_base + mde
    pooled = (p_base + p_new) / 2
    za, zb = norm.ppf(1 - alpha / 2), norm.ppf(power)
    n = (
        za * math.sqrt(2 * pooled * (1 - pooled))
        + zb * math.sqrt(p_base * (1 - p_base) + p_new * (1 - p_new))
    ) ** 2 / mde**2
    return math.ceil(n)""",
        """\
import math

def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p_new = p_base + mde
    p_bar = (p_base + p_new) / 2
    z_a, z_b = norm.ppf(1 - alpha / 2), norm.ppf(power)
    spread = math.sqrt(p_base * (1 - p_base) + p_new * (1 - p_new))
    top = z_a * math.sqrt(2 * p_bar * (1 - p_bar)) + z_b * spread
    return math.ceil(top ** 2 / mde ** 2)""",
        # Cohen's effect size h for proportions (what statsmodels' NormalIndPower uses)
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    h = 2 * np.arcsin(np.sqrt(p_base + mde)) - 2 * np.arcsin(np.sqrt(p_base))
    return int(np.ceil(2 * ((norm.ppf(1 - alpha / 2) + norm.ppf(power)) / h) ** 2))""",
    ],
    wrong=[
        *_blind_eval.CASES["p2.experiments.sample_size"]["wrong"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    z = norm.ppf(1 - alpha) + norm.ppf(power)
    return int(np.ceil(z**2 * (p_base * (1 - p_base) + p2 * (1 - p2)) / mde**2))""",
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    return int(np.ceil(z**2 * (p_base * (1 - p_base) + p2 * (1 - p2)) / mde))""",
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    return int(np.ceil(z**2 * 0.25 * 2 / mde**2))""",
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    z = norm.ppf(alpha / 2) + norm.ppf(power)
    return int(np.ceil(z**2 * (p_base * (1 - p_base) + p2 * (1 - p2)) / mde**2))""",
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    return int(np.ceil(z * (p_base * (1 - p_base) + p2 * (1 - p2)) / mde**2))""",
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    return int(np.ceil(z**2 * (p_base * (1 - p_base) + p2 * (1 - p2)) / mde**2)) * 2""",
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    sd = np.sqrt(p_base * (1 - p_base) + p2 * (1 - p2))
    return int(np.ceil(((norm.ppf(1 - alpha / 2) + norm.ppf(power)) * sd / mde)))""",
        # one-sided
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p_new = p_base + mde
    variance = p_base * (1 - p_base) + p_new * (1 - p_new)
    return int(np.ceil((norm.ppf(1 - alpha) + norm.ppf(power)) ** 2 * variance / mde ** 2))""",
        # power forgotten: only 50% chance to detect the effect
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p_new = p_base + mde
    variance = p_base * (1 - p_base) + p_new * (1 - p_new)
    return int(np.ceil(norm.ppf(1 - alpha / 2) ** 2 * variance / mde ** 2))""",
        # mde read as relative
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p_new = p_base * (1 + mde)
    variance = p_base * (1 - p_base) + p_new * (1 - p_new)
    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    return int(np.ceil(z ** 2 * variance / (p_new - p_base) ** 2))""",
        # both arms together
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p_new = p_base + mde
    variance = p_base * (1 - p_base) + p_new * (1 - p_new)
    return 2 * int(np.ceil((norm.ppf(1 - alpha / 2) + norm.ppf(power)) ** 2 * variance / mde ** 2))""",
        # the defaults hard-wired: alpha and power ignored
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p_new = p_base + mde
    variance = p_base * (1 - p_base) + p_new * (1 - p_new)
    return int(np.ceil((1.96 + 0.84) ** 2 * variance / mde ** 2))""",
        # the baseline's variance for both arms
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    z = norm.ppf(1 - alpha / 2) + norm.ppf(power)
    return int(np.ceil(2 * z ** 2 * p_base * (1 - p_base) / mde ** 2))""",
        # z of 1 - power instead of power
        """\
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p_new = p_base + mde
    variance = p_base * (1 - p_base) + p_new * (1 - p_new)
    return int(np.ceil((norm.ppf(1 - alpha / 2) + norm.ppf(1 - power)) ** 2 * variance / mde ** 2))""",
    ],
    hints=[
        "The test must separate two things: the noise of the difference when nothing changed "
        "(alpha, two-sided) and the real change of size `mde`, which it must catch with "
        "probability `power`. Both quantiles add up in standard errors.",
        "The standard error of a difference of two proportions with n visitors per arm is "
        "sqrt((p1(1 - p1) + p2(1 - p2)) / n); set mde equal to (z for alpha/2 + z for power) "
        "standard errors and solve for n.",
        "n = (norm.ppf(1 - alpha/2) + norm.ppf(power))**2 * (p1(1-p1) + p2(1-p2)) / mde**2 with "
        "p2 = p_base + mde; round up.",
    ],
)
def sample_size(answer):
    for p, mde, alpha, power in _SIZE_CASES:
        shown = f"sample_size({p}, {mde}, alpha={alpha}, power={power})"
        got = checks.number(checks.returns(answer, p, mde, alpha, power, name="sample_size"), shown)
        want = _n_needed(p, mde, alpha, power)
        honest = _honest_sizes(p, mde, alpha, power)
        if any(got == math.ceil(n) for n in honest):
            continue
        if any(got in (math.floor(n), round(n)) for n in honest):
            raise Incorrect(f"{shown} returned {got:g}, which is the formula rounded down or to the "
                            "nearest: round up (a fraction of a visitor still needs a whole one)")
        ratio = got / want
        known = [
            (abs(ratio - 2) <= 2 * _SIZE_TOL, "is about twice the number per arm: return the visitors "
             "each arm needs, not both arms together"),
            (_near(got, _n_needed(p, mde, alpha, power, two_sided=False)), "is what a one-sided test "
             "needs: the prompt's test is two-sided, so alpha splits over both tails (1 - alpha/2)"),
            (_near(got, _n_needed(p, mde, alpha, 0.5)), "gives the effect only a 50% chance to be "
             "detected: the power's quantile is missing"),
            (_near(got, _n_needed(p, mde, alpha, 1 - power)), "uses the quantile of 1 - power, which "
             "is negative: it is the quantile of `power` that adds to alpha's"),
            (_near(got, _n_needed(p, mde, alpha, power, relative=True)), "reads `mde` as a relative "
             "change; it is absolute: the new rate is p_base + mde"),
            (_near(got, _n_needed(p, mde, alpha, power, baseline_variance=True)), "uses the baseline's "
             "variance for both arms; the other arm converts at p_base + mde, with its own variance"),
            (_near(got, _n_needed(p, mde, 0.05, 0.8)), "does not change with alpha and power: use the "
             "arguments, not 1.96 and 0.84"),
        ]
        for found, why in known:
            if found:
                raise Incorrect(f"{shown} returned {got:g}, which {why}")
        if abs(ratio - 1) <= _SIZE_TOL:
            raise Incorrect(f"{shown} returned {got:g}, close to but not what the two-proportion "
                            "formula gives (each arm's variance, or the pooled rate), rounded up")
        raise Incorrect(f"{shown} returned {got:g}; the standard two-proportion formula needs about "
                        f"{_scale(want)} per arm")
    n = math.ceil(_n_needed(0.10, 0.01, 0.05, 0.8))
    return (f"to see 10% become 11% you need about {n:,} visitors per arm; halve the effect and you "
            "need four times as many. Fix the sample size before the test, and stop there.")


def _honest_sizes(p: float, mde: float, alpha: float, power: float) -> list[float]:
    """The unrounded sizes of the standard forms: each arm's variance, the pooled rate (under the
    null only, or for both terms) and Cohen's arcsine h; an answer must be one of them rounded up."""
    p2, za, zb = p + mde, _z(1 - alpha / 2), _z(power)
    pbar = (p + p2) / 2
    h = 2 * math.asin(math.sqrt(p2)) - 2 * math.asin(math.sqrt(p))
    return [(za + zb) ** 2 * (p * (1 - p) + p2 * (1 - p2)) / mde ** 2,
            _n_needed(p, mde, alpha, power),
            (za + zb) ** 2 * 2 * pbar * (1 - pbar) / mde ** 2,
            2 * ((za + zb) / h) ** 2]


def _near(got: float, value: float) -> bool:
    return abs(got / value - 1) <= _SIZE_TOL


def _scale(n: float) -> str:
    """How big a number is, without giving it away."""
    return f"{10 ** int(math.log10(n)):,}s" if n >= 10 else "a few"


# ------------------------------------------------------------------ analysis: the difference and its CI
# (conversions A, visitors A, conversions B, visitors B, level): unequal arms, a 90% and a 99% level,
# a negative effect. The pooled standard error differs from the unpooled one by 0.8% to 6% here.
_CI_CASES = ((120, 1000, 150, 1000, 0.95), (300, 2500, 240, 1800, 0.90), (45, 400, 80, 410, 0.99),
             (500, 4000, 430, 4100, 0.95))


def _ci(ca: int, na: int, cb: int, nb: int, level: float, *, pooled: bool = False,
        z: float | None = None) -> tuple[float, float, float]:
    pa, pb = ca / na, cb / nb
    if pooled:
        p = (ca + cb) / (na + nb)
        se = math.sqrt(p * (1 - p) * (1 / na + 1 / nb))
    else:
        se = math.sqrt(pa * (1 - pa) / na + pb * (1 - pb) / nb)
    z = _z(1 - (1 - level) / 2) if z is None else z
    d = pb - pa
    return d, d - z * se, d + z * se


def _triple(value: Any, shown: str) -> tuple[float, float, float]:
    if isinstance(value, dict) or isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise Incorrect(f"{shown} returned {checks.type_name(value)}; return three numbers: "
                        "(difference, low, high)")
    values = list(value)
    if len(values) != 3:
        raise Incorrect(f"{shown} returned {len(values)} values; return three: (difference, low, high)")
    return tuple(checks.number(v, shown) for v in values)  # type: ignore[return-value]


@exercise(
    "p2.experiments.difference_ci",
    title="The effect, with its confidence interval",
    prompt="Write `difference_ci(conv_a, n_a, conv_b, n_b, level=0.95)`: arm A had `conv_a` "
    "conversions out of `n_a` visitors, arm B `conv_b` out of `n_b`. Return a tuple "
    "`(difference, low, high)`: the difference of the conversion rates, B minus A, and its "
    "two-sided confidence interval at `level` from the normal approximation with each arm's own "
    "variance (the unpooled standard error).",
    answer="difference_ci",
    setup=_SETUP,
    solution="""\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    p_a, p_b = conv_a / n_a, conv_b / n_b
    se = np.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    z = norm.ppf(1 - (1 - level) / 2)
    diff = p_b - p_a
    return diff, diff - z * se, diff + z * se""",
    right=[
        *_blind_eval.CASES["p2.experiments.difference_ci"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    import math

    pa, pb = conv_a / n_a, conv_b / n_b
    d = pb - pa
    se = math.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    z = norm.isf((1 - level) / 2)
    return (d, d - z * se, d + z * se)""",
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa, pb = conv_a / n_a, conv_b / n_b
    se = np.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    low, high = norm(loc=pb - pa, scale=se).interval(level)
    return np.array([pb - pa, low, high])""",
        """\
from scipy import stats

def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    rate_a = conv_a / n_a
    rate_b = conv_b / n_b
    se = (rate_a * (1 - rate_a) / n_a + rate_b * (1 - rate_b) / n_b) ** 0.5
    low, high = stats.norm.interval(level, loc=rate_b - rate_a, scale=se)
    return [rate_b - rate_a, low, high]""",
    ],
    wrong=[
        *_blind_eval.CASES["p2.experiments.difference_ci"]["wrong"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa, pb = conv_a / n_a, conv_b / n_b
    se = np.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    z = norm.ppf((1 + level) / 2)
    return pb - pa, pb - pa - se, pb - pa + se""",
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa, pb = conv_a / n_a, conv_b / n_b
    se = np.sqrt(pa * (1 - pa) / n_a) + np.sqrt(pb * (1 - pb) / n_b)
    z = norm.ppf((1 + level) / 2)
    return pb - pa, pb - pa - z * se, pb - pa + z * se""",
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa, pb = conv_a / n_a, conv_b / n_b
    se = np.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    z = norm.ppf(1 - level / 2)
    return pb - pa, pb - pa - z * se, pb - pa + z * se""",
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa, pb = conv_a / n_a, conv_b / n_b
    se = np.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    z = norm.ppf((1 + level) / 2)
    return (pb - pa) / pa, pb - pa - z * se, pb - pa + z * se""",
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa, pb = conv_a / n_a, conv_b / n_b
    se = np.sqrt(pa * (1 - pa) / (n_a - 1) + pb * (1 - pb) / (n_b - 1))
    z = norm.ppf((1 + level) / 2)
    return pb - pa, pb - pa - z * se, pb - pa + z * se""",
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa, pb = conv_a / n_a, conv_b / n_b
    se = np.sqrt(pa * (1 - pa) / n_a + pb * (1 - pb) / n_b)
    z = norm.ppf((1 + level) / 2)
    return {"difference": pb - pa, "low": pb - pa - z * se, "high": pb - pa + z * se}""",
        # A minus B
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    p_a, p_b = conv_a / n_a, conv_b / n_b
    se = np.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    z = norm.ppf(1 - (1 - level) / 2)
    return p_a - p_b, p_a - p_b - z * se, p_a - p_b + z * se""",
        # 1.96 whatever the level
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    p_a, p_b = conv_a / n_a, conv_b / n_b
    se = np.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    return p_b - p_a, p_b - p_a - 1.96 * se, p_b - p_a + 1.96 * se""",
        # one-sided quantile
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    p_a, p_b = conv_a / n_a, conv_b / n_b
    se = np.sqrt(p_a * (1 - p_a) / n_a + p_b * (1 - p_b) / n_b)
    z = norm.ppf(level)
    return p_b - p_a, p_b - p_a - z * se, p_b - p_a + z * se""",
        # pooled standard error (the test's, not the interval's)
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    p = (conv_a + conv_b) / (n_a + n_b)
    se = np.sqrt(p * (1 - p) * (1 / n_a + 1 / n_b))
    z = norm.ppf(1 - (1 - level) / 2)
    d = conv_b / n_b - conv_a / n_a
    return d, d - z * se, d + z * se""",
        # standard deviation instead of standard error
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    p_a, p_b = conv_a / n_a, conv_b / n_b
    sd = np.sqrt(p_a * (1 - p_a) + p_b * (1 - p_b))
    z = norm.ppf(1 - (1 - level) / 2)
    return p_b - p_a, p_b - p_a - z * sd, p_b - p_a + z * sd""",
        # the sample sizes swapped between the arms
        """\
def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    p_a, p_b = conv_a / n_a, conv_b / n_b
    se = np.sqrt(p_a * (1 - p_a) / n_b + p_b * (1 - p_b) / n_a)
    z = norm.ppf(1 - (1 - level) / 2)
    return p_b - p_a, p_b - p_a - z * se, p_b - p_a + z * se""",
    ],
    hints=[
        "Each arm's rate is conversions / visitors; the difference B - A is the effect. Its "
        "uncertainty adds up from both arms.",
        "Var(p_b - p_a) = p_a(1 - p_a)/n_a + p_b(1 - p_b)/n_b; the interval is difference ± z × "
        "standard error, with z the two-sided quantile for `level`.",
        "The two-sided quantile leaves (1 - level) / 2 in each tail: norm.ppf of 1 minus that. It is "
        "1.96 only when level is 0.95.",
    ],
)
def difference_ci(answer):
    for ca, na, cb, nb, level in _CI_CASES:
        shown = f"difference_ci({ca}, {na}, {cb}, {nb}, level={level})"
        got = _triple(checks.returns(answer, ca, na, cb, nb, level, name="difference_ci"), shown)
        if _same(got, _ci(ca, na, cb, nb, level)):
            continue
        d, lo, hi = _ci(ca, na, cb, nb, level)
        known = [
            ((-d, -hi, -lo), "is the difference A minus B; the prompt asks for B minus A"),
            (_ci(ca, na, cb, nb, level, pooled=True), "uses the pooled standard error, which assumes "
             "no difference (the test's null); an interval for the difference uses each arm's own "
             "variance"),
            (_ci(ca, na, cb, nb, level, z=1.96), "uses 1.96 whatever the level: take the quantile "
             "from `level`"),
            (_ci(ca, na, cb, nb, level, z=_z(level)), "uses a one-sided quantile (norm.ppf(level)); a "
             "two-sided interval leaves (1 - level)/2 in each tail"),
        ]
        for values, why in known:
            if _same(got, values):
                raise Incorrect(f"{shown} {why}")
        if math.isclose(got[0], d, abs_tol=1e-9):
            raise Incorrect(f"{shown}: the difference is right, the interval is not (it is "
                            f"{got[2] - got[1]:.4f} wide): check the standard error and the quantile")
        raise Incorrect(f"{shown} returned a difference of {got[0]:.4f}: B's rate minus A's, each "
                        "conversions / visitors")
    d, lo, hi = _ci(120, 1000, 150, 1000, 0.95)
    return (f"12.0% against 15.0%: +{d:.1%}, 95% CI [{lo:+.1%}, {hi:+.1%}]. A p-value would only say "
            "'significant'; the interval says the effect may be as small as "
            f"{lo:.1%} or as large as {hi:.1%}, which is what a decision needs.")


def _same(got: tuple[float, ...], want: tuple[float, ...]) -> bool:
    return all(math.isclose(g, w, rel_tol=1e-6, abs_tol=1e-9) for g, w in zip(got, want))
