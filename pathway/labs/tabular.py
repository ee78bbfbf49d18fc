"""Synthetic tables for Phase 3's classical-ML sections, drawn from fixed distributions.

Each generator's *distribution* is fixed by constants in this module; `seed` only chooses which rows
are drawn. So a notebook trains on `seed=0` and a check scores the learner's model on rows from another
seed: the same problem, on rows the learner never had. Nothing is downloaded; numpy and pandas load
on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# How many features `rare_events` draws, and how rare its positive class is (about 5%).
RARE_FEATURES = 12
_RARE_BIAS = -5.8

# The order table: merchants with their own (hidden) return rates, and the calendar it spans.
N_MERCHANTS = 150
_START = "2025-01-01"
_DAYS = 365


def rare_events(n: int = 1200, seed: int = 0) -> tuple[pd.DataFrame, pd.Series]:
    """A binary problem with a rare positive class (about 5% of rows), e.g. fraudulent payments.

    The log-odds of a positive are linear in a few features plus an interaction and a square, so a
    linear model does well and a model that finds the curvature does better. Returns (X, y).
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng([seed, 1])
    X = rng.normal(size=(n, RARE_FEATURES))
    X[:, 5] = 0.6 * X[:, 0] + 0.8 * X[:, 5]  # correlated columns, as real ones are
    logit = (_RARE_BIAS + 1.3 * X[:, 0] - 1.0 * X[:, 1] + 0.8 * X[:, 2]
             + 1.2 * X[:, 3] * X[:, 4] + 0.9 * X[:, 6] ** 2)
    y = rng.random(n) < 1 / (1 + np.exp(-logit))
    columns = [f"x{i}" for i in range(RARE_FEATURES)]
    return pd.DataFrame(X, columns=columns), pd.Series(y.astype(int), name="positive")


def _merchant_effects():
    """Each merchant's fixed effect on the log-odds of a return (the same for every seed)."""
    import numpy as np

    return np.random.default_rng(20250101).normal(0.0, 1.0, size=N_MERCHANTS)


def orders(n: int = 1500, seed: int = 0) -> pd.DataFrame:
    """Online orders and whether each was returned (`returned`, about one in four).

    Raw columns, as a shop's database would hold them: when the order was placed (`ordered_at`),
    its `amount` in euros, the number of `items`, the `merchant` (150 of them, some with few
    orders), the customer's account age in days and whether the customer used a voucher. Returns
    depend on things a model only sees once features are *created*: the hour (late-night orders come
    back), the weekend, the price per item, the merchant, and voucher × expensive items together.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng([seed, 2])
    effects = _merchant_effects()
    popularity = np.linspace(3.0, 0.2, N_MERCHANTS)
    merchant = rng.choice(N_MERCHANTS, size=n, p=popularity / popularity.sum())
    day = rng.integers(0, _DAYS, size=n)
    hour = rng.choice(24, size=n, p=_hour_weights())
    minute = rng.integers(0, 60, size=n)
    ordered_at = (pd.Timestamp(_START) + pd.to_timedelta(day, unit="D") + pd.to_timedelta(hour, unit="h")
                  + pd.to_timedelta(minute, unit="min"))
    items = rng.integers(1, 9, size=n)
    per_item = np.exp(rng.normal(3.2, 0.8, size=n))
    amount = np.round(items * per_item, 2)
    account_days = rng.integers(1, 2000, size=n)
    voucher = rng.random(n) < 0.3
    weekend = ordered_at.day_of_week >= 5
    late = (hour >= 23) | (hour <= 4)
    logit = (-1.3 + 1.6 * late + 0.8 * weekend + 0.9 * (np.log(per_item) - 3.2)
             + effects[merchant] + 1.2 * (voucher & (per_item > 40)) - 0.2 * np.log(account_days))
    returned = rng.random(n) < 1 / (1 + np.exp(-logit))
    return pd.DataFrame({
        "ordered_at": ordered_at,
        "amount": amount,
        "items": items,
        "merchant": [f"m{m:03d}" for m in merchant],
        "account_days": account_days,
        "voucher": voucher.astype(int),
        "returned": returned.astype(int),
    })


def _hour_weights():
    import numpy as np

    w = np.array([3, 2, 1, 1, 1, 1, 2, 4, 6, 7, 8, 8, 9, 9, 8, 8, 8, 9, 10, 11, 11, 9, 7, 5], dtype=float)
    return w / w.sum()


def daily_sales(days: int = 730, seed: int = 0) -> pd.DataFrame:
    """Daily sales of one shop, in date order: a slowly wandering level, a weekly rhythm, price, promotions.

    The level wanders (a random walk), so yesterday says a lot about today and a model that sees
    days on both sides of a test day interpolates: a shuffled split scores it far above what it
    will do on next month. Columns: `date`, `day` (0, 1, ...), `weekday`, `price`, `promo`, `sales`.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng([seed, 3])
    day = np.arange(days)
    level = 200 + np.cumsum(rng.normal(0, 4, size=days))
    weekday = day % 7
    price = np.round(rng.uniform(8, 12, size=days), 2)
    promo = (rng.random(days) < 0.15).astype(int)
    sales = level + 25 * (weekday >= 5) - 9 * (price - 10) + 30 * promo + rng.normal(0, 6, size=days)
    return pd.DataFrame({
        "date": pd.date_range(_START, periods=days, freq="D"), "day": day, "weekday": weekday,
        "price": price, "promo": promo, "sales": np.round(sales, 1),
    })


def patient_visits(patients: int = 80, seed: int = 0) -> pd.DataFrame:
    """Clinic visits, several per patient: stable traits, one measurement per visit, an outcome.

    The outcome depends mostly on each patient's hidden condition, which their stable traits
    (`age`, `weight`) identify: a model can memorise patients. With rows of one patient on both
    sides of a split it looks far better than it will on a new patient. Columns: `patient`, `age`,
    `weight`, `marker`, `outcome` (0/1).
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng([seed, 4])
    visits = rng.integers(3, 12, size=patients)
    condition = rng.normal(0, 1.5, size=patients)
    age = rng.integers(25, 85, size=patients)
    weight = np.round(rng.normal(75, 12, size=patients), 1)
    who = np.repeat(np.arange(patients), visits)
    marker = rng.normal(0, 1, size=who.size)
    logit = condition[who] + 0.6 * marker
    outcome = (rng.random(who.size) < 1 / (1 + np.exp(-logit))).astype(int)
    return pd.DataFrame({
        "patient": [f"p{p:03d}" for p in who], "age": age[who], "weight": weight[who],
        "marker": np.round(marker, 3), "outcome": outcome,
    })


def house_prices(n: int = 800, seed: int = 0) -> pd.DataFrame:
    """House prices (thousands of euros) with the traps an importance plot falls into.

    `area` and `rooms` are strongly correlated (a model can use either), `listing_id` is a code with
    a different value on nearly every row that says nothing about the price, and the price bends with
    `distance` (to the centre, km) and `age` (years). Columns: the five features and `price`.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng([seed, 5])
    area = rng.uniform(40, 200, n)
    rooms = np.clip(np.round(area / 30 + rng.normal(0, 0.5, n)), 1, 8)
    distance = rng.uniform(0.5, 25, n)
    age = rng.uniform(0, 90, n)
    listing_id = rng.integers(100_000, 999_999, n)
    price = (150 + 1.0 * area + 180 * np.exp(-distance / 6) - 0.04 * (age - 40) ** 2 + rng.normal(0, 60, n))
    return pd.DataFrame({"area": np.round(area, 1), "rooms": rooms, "distance": np.round(distance, 2),
                         "age": np.round(age), "listing_id": listing_id, "price": np.round(price, 1)})


def screening(n: int = 3000, seed: int = 0) -> pd.DataFrame:
    """A screening test's cases (e.g. a disease), from three regions of very different sizes.

    One model serves everyone, but in the small `islands` region the strongest marker (`m1`) is
    measured differently (shifted and noisier) and the condition is more common, so a model fitted
    mostly on the mainland misses more cases there. Columns: `region`, `m1`..`m4`, `sick` (0/1).
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng([seed, 6])
    region = rng.choice(["north", "south", "islands"], size=n, p=[0.55, 0.37, 0.08])
    islands = region == "islands"
    m = rng.normal(0, 1, size=(n, 4))
    logit = -1.6 + 1.6 * m[:, 0] + 0.8 * m[:, 1] - 0.6 * m[:, 2] + 0.7 * islands
    sick = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    measured = m[:, 0].copy()
    measured[islands] = -0.6 + 0.6 * m[islands, 0] + rng.normal(0, 0.8, islands.sum())
    return pd.DataFrame({"region": region, "m1": np.round(measured, 3), "m2": np.round(m[:, 1], 3),
                         "m3": np.round(m[:, 2], 3), "m4": np.round(m[:, 3], 3), "sick": sick})
