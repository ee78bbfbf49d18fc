"""Phase 3, machine-learning specialization: creating features (dates, ratios, interactions, targets)."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._core import _ORDERS, _close, _ns, _numbers, one_thread

_NEW = ["hour", "day_of_week", "is_weekend", "is_late", "price_per_item", "voucher_x_price"]


@functools.cache
def _probe() -> Any:
    """Orders the learner never saw, with the boundaries written in: 22:59 vs 23:00, 04:59 vs 05:00,
    Friday vs Saturday, Sunday vs Monday, one item vs many."""
    import pandas as pd

    from ....labs import tabular

    rows = tabular.orders(n=40, seed=404).drop(columns="returned")
    edges = pd.to_datetime([
        "2025-03-07 22:59", "2025-03-07 23:00", "2025-03-08 04:59", "2025-03-08 05:00",
        "2025-03-09 23:59", "2025-03-10 00:00", "2025-03-10 12:30", "2025-03-14 04:00",
    ])
    rows.loc[: len(edges) - 1, "ordered_at"] = edges
    rows.loc[0, "items"], rows.loc[0, "amount"] = 1, 19.99
    return rows


def _expected(df: Any) -> Any:
    t = df["ordered_at"]
    out = df.copy()
    out["hour"] = t.dt.hour
    out["day_of_week"] = t.dt.day_of_week
    out["is_weekend"] = (t.dt.day_of_week >= 5).astype(int)
    out["is_late"] = ((t.dt.hour >= 23) | (t.dt.hour < 5)).astype(int)
    out["price_per_item"] = df["amount"] / df["items"]
    out["voucher_x_price"] = df["voucher"] * out["price_per_item"]
    return out.astype({c: float for c in _NEW})


@exercise(
    "p3.creation.order_features",
    title="Dates into parts, a ratio and an interaction",
    prompt="Write `add_features(orders)`: it returns a *new* DataFrame (the input left untouched) with "
    "every original column plus `hour` (0-23), `day_of_week` (Monday = 0 ... Sunday = 6), "
    "`is_weekend` (1 on Saturday and Sunday, else 0), `is_late` (1 for orders from 23:00 up to but "
    "not including 05:00, else 0), `price_per_item` (amount divided by items) and `voucher_x_price` "
    "(voucher times price_per_item: expensive items bought with a voucher). It will be called on "
    "orders you have not seen.",
    answer="add_features",
    setup=_ORDERS,
    solution="""\
def add_features(orders):
    out = orders.copy()
    when = out["ordered_at"]
    out["hour"] = when.dt.hour
    out["day_of_week"] = when.dt.day_of_week
    out["is_weekend"] = (out["day_of_week"] >= 5).astype(int)
    out["is_late"] = ((out["hour"] >= 23) | (out["hour"] < 5)).astype(int)
    out["price_per_item"] = out["amount"] / out["items"]
    out["voucher_x_price"] = out["voucher"] * out["price_per_item"]
    return out""",
    right=[
        """\
def add_features(orders):
    hour = orders.ordered_at.dt.hour
    weekday = orders.ordered_at.dt.day_of_week
    price = orders.amount / orders["items"]
    return orders.assign(
        hour=hour, day_of_week=weekday, is_weekend=weekday.isin([5, 6]),
        is_late=~hour.between(5, 22), price_per_item=price,
        voucher_x_price=price.where(orders.voucher == 1, 0.0),
    )""",
    ],
    wrong=[
        """\
def add_features(orders):
    out = orders.copy()
    out["hour"] = out["ordered_at"].dt.hour
    out["day_of_week"] = out["ordered_at"].dt.day
    out["is_weekend"] = (out["day_of_week"] >= 5).astype(int)
    out["is_late"] = ((out["hour"] >= 23) | (out["hour"] < 5)).astype(int)
    out["price_per_item"] = out["amount"] / out["items"]
    out["voucher_x_price"] = out["voucher"] * out["price_per_item"]
    return out""",
        """\
def add_features(orders):
    out = orders.copy()
    out["hour"] = out["ordered_at"].dt.hour
    out["day_of_week"] = out["ordered_at"].dt.day_of_week
    out["is_weekend"] = (out["day_of_week"] > 5).astype(int)
    out["is_late"] = ((out["hour"] > 23) | (out["hour"] <= 5)).astype(int)
    out["price_per_item"] = out["amount"] / out["items"]
    out["voucher_x_price"] = out["voucher"] * out["price_per_item"]
    return out""",
        """\
def add_features(orders):
    orders["hour"] = orders["ordered_at"].dt.hour
    orders["day_of_week"] = orders["ordered_at"].dt.day_of_week
    orders["is_weekend"] = (orders["day_of_week"] >= 5).astype(int)
    orders["is_late"] = ((orders["hour"] >= 23) | (orders["hour"] < 5)).astype(int)
    orders["price_per_item"] = orders["amount"] / orders["items"]
    orders["voucher_x_price"] = orders["voucher"] * orders["price_per_item"]
    return orders""",
        """\
def add_features(orders):
    out = orders.copy()
    out["hour"] = out["ordered_at"].dt.hour
    out["day_of_week"] = out["ordered_at"].dt.day_of_week
    out["is_weekend"] = (out["day_of_week"] >= 5).astype(int)
    out["is_late"] = ((out["hour"] >= 23) | (out["hour"] < 5)).astype(int)
    out["price_per_item"] = out["items"] / out["amount"]
    out["voucher_x_price"] = out["voucher"] + out["price_per_item"]
    return out""",
    ],
    hints=[
        "A datetime column has an `.dt` accessor with the parts of each timestamp; a ratio and an "
        "interaction are plain arithmetic on two columns.",
        "Start from `orders.copy()` (or use `.assign`, which returns a new frame) so the caller's "
        "data is not changed. Python counts Monday as 0, so the weekend is 5 and 6.",
        "The late window wraps around midnight: it is 'hour at least 23, or hour below 5'. "
        "Booleans are fine where 0/1 is asked; they compare equal.",
    ],
)
def order_features(answer):
    import numpy as np
    import pandas as pd

    probe = _probe()
    given = probe.copy()
    out = checks.call(answer, given, name="add_features")
    if out is None:
        raise Incorrect("add_features returned None: end it with `return` and the new DataFrame")
    checks.expect_type(out, pd.DataFrame, "a pandas DataFrame")
    if not given.equals(probe) or any(c in given.columns for c in _NEW):
        raise Incorrect("add_features changed the DataFrame it was given; work on a copy "
                        "(`orders.copy()` or `.assign(...)`) and return that")
    missing = [c for c in [*probe.columns, *_NEW] if c not in out.columns]
    if missing:
        raise Incorrect(f"the result has no column {missing[0]!r}")
    if len(out) != len(probe) or not out.index.equals(probe.index):
        raise Incorrect(f"the result has {len(out)} rows for {len(probe)} orders; keep every row, in order")
    want = _expected(probe)
    for column in probe.columns:
        if not out[column].equals(probe[column]):
            raise Incorrect(f"the original column {column!r} changed; keep it as it was")
    for column in _NEW:
        try:
            got = pd.to_numeric(out[column]).astype(float).to_numpy()
        except (TypeError, ValueError):
            raise Incorrect(f"{column!r} should hold numbers (or booleans)") from None
        exp = want[column].to_numpy()
        if np.allclose(got, exp, equal_nan=False):
            continue
        bad = int(np.flatnonzero(~np.isclose(got, exp))[0])
        when = probe["ordered_at"].iloc[bad]
        stamp = f"{when:%A %Y-%m-%d %H:%M}"
        if column == "day_of_week" and np.allclose(got, probe["ordered_at"].dt.day):
            raise Incorrect("day_of_week holds the day of the month; use the weekday (Monday = 0)")
        if column == "price_per_item" and np.allclose(got, probe["items"] / probe["amount"]):
            raise Incorrect("price_per_item is items / amount, upside down: divide the amount by the items")
        if column in ("is_weekend", "is_late", "hour", "day_of_week"):
            raise Incorrect(f"{column!r} is {got[bad]:g} for an order placed {stamp}; expected "
                            f"{exp[bad]:g}. Check the boundary")
        raise Incorrect(f"{column!r} is {got[bad]:g} in row {bad}; expected {exp[bad]:g}")
    return ("six features a model could not have found from the raw timestamp and totals: a linear "
            "model cannot turn a datetime into 'late at night', or two columns into their ratio.")


@functools.cache
def _leak_expected(variant: str) -> float:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import TargetEncoder

    ns = _ns(_ORDERS)
    df, folds = ns["orders_train"], ns["folds_o"]
    X, y = df[["merchant"]], df["returned"]
    with one_thread():
        if variant == "honest":
            model = make_pipeline(TargetEncoder(), LogisticRegression())
            return float(cross_val_score(model, X, y, cv=folds, scoring="roc_auc").mean())
        if variant == "leaky":
            encoded = X["merchant"].map(df.groupby("merchant")["returned"].mean()).to_frame()
        else:  # "cross_fitted": TargetEncoder.fit_transform on all rows, which cross-fits
            encoded = TargetEncoder().fit_transform(X, y)
        return float(cross_val_score(LogisticRegression(), encoded, y, cv=folds, scoring="roc_auc").mean())


# Gaps measured with the TargetEncoder's own shuffling under every seed stay below 1e-4; a one-hot
# encoding instead of target encoding lands 0.011 away, so the honest score must be within 0.004.
_HONEST_TOL = 0.004
# The leaky scores of a plain group mean and of TargetEncoder().fit(...).transform(...) differ by
# less than 0.002; other smoothing choices stay within 0.02; the honest score is 0.17 below.
_LEAKY_TOL = 0.02
# TargetEncoder.fit_transform on all rows cross-fits with its own unseeded shuffle: its score wanders
# by about 0.005 from run to run, and stays 0.15 below the leaky one.
_CROSS_FIT_TOL = 0.03


@exercise(
    "p3.creation.target_encoding_leak",
    title="Target encoding: the leak, and the fix",
    prompt="The `merchant` column has 150 values, many with only a handful of orders. Encode it by "
    "its mean `returned` rate and cross-validate `LogisticRegression()` on that one encoded column "
    "with `folds_o` and ROC AUC, twice. Set `leak` to a dictionary: `leaky`, the mean score when the "
    "encoding is computed once on all of `orders_train` before cross-validation, and `honest`, the "
    "mean score when a `TargetEncoder` sits inside the pipeline and so is refitted on each training "
    "part.",
    answer="leak",
    setup=_ORDERS,
    solution="""\
merchants, returned = orders_train[["merchant"]], orders_train["returned"]
rate = orders_train.groupby("merchant")["returned"].mean()
encoded_everywhere = merchants["merchant"].map(rate).to_frame()
leaky = cross_val_score(LogisticRegression(), encoded_everywhere, returned, cv=folds_o, scoring="roc_auc")
honest_model = make_pipeline(TargetEncoder(), LogisticRegression())
honest = cross_val_score(honest_model, merchants, returned, cv=folds_o, scoring="roc_auc")
leak = {"leaky": leaky.mean(), "honest": honest.mean()}""",
    right=[
        """\
X_m, y_m = orders_train[["merchant"]], orders_train["returned"]
everywhere = TargetEncoder().fit(X_m, y_m).transform(X_m)
leak = {
    "leaky": cross_val_score(LogisticRegression(), everywhere, y_m, cv=folds_o, scoring="roc_auc").mean(),
    "honest": cross_val_score(make_pipeline(TargetEncoder(), LogisticRegression()), X_m, y_m,
                              cv=folds_o, scoring="roc_auc").mean(),
}""",
    ],
    wrong=[
        """\
X_m, y_m = orders_train[["merchant"]], orders_train["returned"]
everywhere = TargetEncoder().fit_transform(X_m, y_m)
leak = {
    "leaky": cross_val_score(LogisticRegression(), everywhere, y_m, cv=folds_o, scoring="roc_auc").mean(),
    "honest": cross_val_score(make_pipeline(TargetEncoder(), LogisticRegression()), X_m, y_m,
                              cv=folds_o, scoring="roc_auc").mean(),
}""",
        """\
from sklearn.preprocessing import OneHotEncoder

X_m, y_m = orders_train[["merchant"]], orders_train["returned"]
everywhere = X_m["merchant"].map(orders_train.groupby("merchant")["returned"].mean()).to_frame()
leak = {
    "leaky": cross_val_score(LogisticRegression(), everywhere, y_m, cv=folds_o, scoring="roc_auc").mean(),
    "honest": cross_val_score(make_pipeline(OneHotEncoder(handle_unknown="ignore"), LogisticRegression()),
                              X_m, y_m, cv=folds_o, scoring="roc_auc").mean(),
}""",
        """\
X_m, y_m = orders_train[["merchant"]], orders_train["returned"]
everywhere = X_m["merchant"].map(orders_train.groupby("merchant")["returned"].mean()).to_frame()
honest = cross_val_score(LogisticRegression(), everywhere, y_m, cv=folds_o, scoring="roc_auc").mean()
leaky = cross_val_score(make_pipeline(TargetEncoder(), LogisticRegression()), X_m, y_m,
                        cv=folds_o, scoring="roc_auc").mean()
leak = {"leaky": leaky, "honest": honest}""",
    ],
    hints=[
        "The leaky version computes each merchant's return rate from every row, test rows included, "
        "and only then splits; the honest one lets each training part compute its own rates.",
        "A group mean (`groupby(...).mean()` mapped back onto the column) or "
        "`TargetEncoder().fit(X, y).transform(X)` gives the encoding on all rows. Careful: "
        "`fit_transform` is different, it cross-fits on purpose.",
        "For `honest`, cross-validate a pipeline of TargetEncoder and LogisticRegression on the raw "
        "`merchant` column; for `leaky`, cross-validate LogisticRegression on the pre-encoded column.",
    ],
)
def target_encoding_leak(answer):
    got = _numbers(answer, ["leaky", "honest"], "leak")
    honest, leaky = _leak_expected("honest"), _leak_expected("leaky")
    if _close(got["leaky"], honest, _HONEST_TOL) and _close(got["honest"], leaky, _LEAKY_TOL):
        raise Incorrect("the two numbers are swapped: the leaky score is the higher one")
    if not _close(got["honest"], honest, _HONEST_TOL):
        raise Incorrect(f"leak['honest'] is {got['honest']:.3f}; a TargetEncoder inside the pipeline, "
                        "cross-validated with LogisticRegression() on folds_o and ROC AUC, scores "
                        "otherwise. Check the encoder, the model and the folds")
    if not _close(got["leaky"], leaky, _LEAKY_TOL) \
            and _close(got["leaky"], _leak_expected("cross_fitted"), _CROSS_FIT_TOL):
        raise Incorrect("your leaky encoding came from TargetEncoder.fit_transform, which cross-fits: "
                        "each row is encoded without its own target, so it does not leak much. Encode "
                        "with rates computed on all rows (a group mean, or fit then transform)")
    if not _close(got["leaky"], leaky, _LEAKY_TOL):
        raise Incorrect(f"leak['leaky'] is {got['leaky']:.3f}: encode each merchant by its mean "
                        "`returned` over all of orders_train, then cross-validate LogisticRegression() "
                        "on that column with folds_o and ROC AUC")
    return (f"the leak is worth {leaky - honest:+.3f} of ROC AUC ({leaky:.3f} against {honest:.3f}): "
            "a merchant with three orders, one returned, is encoded 0.33 from its own label, and the "
            "model learns to read the answer back. Fit every encoder that sees the target inside the "
            "cross-validation, and the score is the one new data will give.")
