"""Data drift: has production data moved away from the data the model was trained on?

Two statistics per feature, both comparing a reference sample (training data) with a batch:
the population stability index (PSI: how much the share of rows per bin moved, on bins cut at
the reference's deciles) and the two-sample Kolmogorov-Smirnov test (the largest gap between the
two cumulative distributions, with a p-value). `shifted_batch` makes a drifted production batch
deterministically from a seed, for the notebook and for the checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Common rule of thumb for PSI (e.g. Siddiqi, *Credit Risk Scorecards*, 2006): below 0.1 stable,
# 0.1 to 0.25 a moderate shift worth watching, 0.25 and above a major shift.
PSI_WATCH = 0.1
PSI_MAJOR = 0.25
EPS = 1e-4  # a bin empty on one side would make PSI infinite; it counts as this share instead


def psi(reference: Any, current: Any, bins: int = 10) -> float:
    """Population stability index of `current` against `reference` (one feature each).

    Bins are cut at the reference's quantiles (so each holds about 1/bins of the reference);
    values outside the reference's range fall in the first or last bin.
    """
    import numpy as np

    ref = np.asarray(reference, dtype=float)
    cur = np.asarray(current, dtype=float)
    ref, cur = ref[np.isfinite(ref)], cur[np.isfinite(cur)]
    if ref.size == 0 or cur.size == 0:
        raise ValueError("psi needs at least one finite value on each side")
    edges = np.unique(np.quantile(ref, np.linspace(0, 1, bins + 1))[1:-1])
    ref_share = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=edges.size + 1) / ref.size
    cur_share = np.bincount(np.searchsorted(edges, cur, side="right"), minlength=edges.size + 1) / cur.size
    ref_share, cur_share = np.clip(ref_share, EPS, None), np.clip(cur_share, EPS, None)
    return float(np.sum((cur_share - ref_share) * np.log(cur_share / ref_share)))


def ks(reference: Any, current: Any) -> tuple[float, float]:
    """The two-sample KS statistic and its p-value (scipy.stats.ks_2samp)."""
    from scipy.stats import ks_2samp

    result = ks_2samp(reference, current)
    return float(result.statistic), float(result.pvalue)


def report(reference: Any, current: Any, bins: int = 10) -> Any:
    """One row per shared column: psi, ks statistic, ks p-value, sorted by psi (largest first)."""
    import pandas as pd

    rows = []
    for column in reference.columns:
        if column not in current.columns:
            continue
        stat, p = ks(reference[column], current[column])
        rows.append({"feature": column, "psi": psi(reference[column], current[column], bins),
                     "ks_stat": stat, "ks_pvalue": p})
    return pd.DataFrame(rows).set_index("feature").sort_values("psi", ascending=False)


def shifted_batch(reference: Any, shifts: Mapping[str, float], n: int = 400, seed: int = 0,
                  scale: Mapping[str, float] | None = None) -> Any:
    """A production batch: `n` rows resampled from `reference`, with small noise, and each column
    in `shifts` moved by that many of its standard deviations (and stretched by `scale`)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    batch = reference.sample(n=n, replace=True, random_state=int(rng.integers(2**31))).reset_index(drop=True)
    std = reference.std()
    noise = rng.normal(0.0, 0.05, size=batch.shape) * std.to_numpy()
    batch = batch + noise
    for column, k in shifts.items():
        batch[column] = batch[column] + k * std[column]
    for column, factor in (scale or {}).items():
        mean = reference[column].mean()
        batch[column] = mean + (batch[column] - mean) * factor
    return batch.clip(lower=0.0) if bool((reference >= 0).all().all()) else batch  # measurements stay >= 0
