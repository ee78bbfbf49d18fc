"""Phase 3, machine-learning specialization: open-ended tasks, judged only on rows the learner never had.

The learner designs the whole pipeline. The check refits nothing: it draws fresh rows of the same
problem from `pathway.labs.tabular` with seeds no notebook cell uses, and scores the learner's fitted
model on them. A model fitted on those rows cannot exist, so a score here is an honest one.
"""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._core import _ORDERS, _RARE, scores_of

# Fraud-like rare events: a plain logistic regression reaches an average precision of about 0.17 on
# the fresh rows, always-no 0.058 (the base rate); a forest about 0.40, degree-2 features with a
# linear model about 0.45. The bar sits between what a linear model can and cannot see.
_RARE_SEED, _RARE_ROWS, AP_BAR = 2026, 6000, 0.30
# Order returns: raw numeric columns give a ROC AUC of about 0.66, date, ratio and interaction
# features without the merchant about 0.75, all of them with the merchant encoded about 0.79.
_ORDERS_SEED, _ORDERS_ROWS, AUC_BAR = 777, 4000, 0.76


@functools.cache
def _fresh_rare() -> tuple[Any, Any]:
    from ....labs import tabular

    return tabular.rare_events(n=_RARE_ROWS, seed=_RARE_SEED)


@functools.cache
def _fresh_orders() -> tuple[Any, Any]:
    from ....labs import tabular

    rows = tabular.orders(n=_ORDERS_ROWS, seed=_ORDERS_SEED)
    return rows.drop(columns="returned"), rows["returned"]


def _fitted_model(answer: Any, name: str) -> None:
    checks.estimator(answer, name=name)


@exercise(
    "p3.open_ended.rare_events_model",
    title="Open task: find the rare positives",
    prompt="Design, fit and hand in `rare_model`: any scikit-learn model or pipeline, trained only on "
    "`X_rare`, `y_rare` (or part of them), that ranks the rare positives first. The check draws "
    f"{_RARE_ROWS} new rows of the same problem and asks for an average precision of at least "
    f"{AP_BAR} on them (always-no scores 0.058, the plain logistic regression about 0.17). "
    "Choose the model, the features and the settings yourself, and judge your ideas by "
    "cross-validation on the rows you have.",
    answer="rare_model",
    setup=_RARE,
    solution="""\
from sklearn.preprocessing import PolynomialFeatures

rare_model = make_pipeline(
    PolynomialFeatures(degree=2), StandardScaler(), LogisticRegression(C=0.1, max_iter=2000)
)
rare_model.fit(X_rare, y_rare)""",
    right=[
        """\
from sklearn.ensemble import RandomForestClassifier

rare_model = RandomForestClassifier(n_estimators=200, min_samples_leaf=2, random_state=0, n_jobs=1)
rare_model.fit(X_rare, y_rare)""",
    ],
    wrong=[
        """\
from sklearn.preprocessing import PolynomialFeatures

X_more, y_more = tabular.rare_events(n=20000, seed=1)   # more rows from the same generator
rare_model = make_pipeline(
    PolynomialFeatures(degree=2), StandardScaler(), LogisticRegression(C=0.1, max_iter=2000)
)
rare_model.fit(pd.concat([X_rare, X_more]), pd.concat([y_rare, y_more]))""",

        "rare_model = rare_models[\"plain\"]",
        "rare_model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X_rare, y_rare)",
        """\
from sklearn.preprocessing import PolynomialFeatures

rare_model = make_pipeline(
    PolynomialFeatures(degree=2), StandardScaler(), LogisticRegression(C=0.1, max_iter=2000)
)""",
        "rare_model = rare_models[\"always_no\"]",
    ],
    hints=[
        "Score your ideas honestly before you hand one in: cross_val_score(model, X_rare, y_rare, "
        "cv=StratifiedKFold(5, shuffle=True, random_state=0), scoring=\"average_precision\").",
        "A linear model sees each feature's straight-line effect only. If positives depend on two "
        "features *together*, or on a feature's size in either direction, it needs those shapes as "
        "features, or a model that finds them (trees).",
        "Two routes both clear the bar: degree-2 polynomial features (with scaling and a "
        "regularised logistic regression), or a tree ensemble such as a random forest.",
    ],
)
def rare_events_model(answer):
    from sklearn.metrics import average_precision_score

    _fitted_model(answer, "rare_model")
    checks.models.trained_only_on(answer, 1200, "rare_model", "X_rare, y_rare")
    X, y = _fresh_rare()
    ap = float(average_precision_score(y, scores_of(answer, X, "rare_model")))
    base = float(y.mean())
    if ap <= base + 0.02:
        raise Incorrect(f"rare_model's average precision on new rows is {ap:.3f}, no better than the "
                        f"base rate ({base:.3f}): it does not rank positives first at all")
    if ap < AP_BAR:
        raise Incorrect(f"rare_model's average precision on {_RARE_ROWS} new rows is {ap:.3f}; the "
                        f"bar is {AP_BAR}. The positives depend on more than straight-line effects: "
                        "give the model the shapes, or use one that finds them")
    return (f"average precision {ap:.3f} on {_RARE_ROWS} rows you never saw (base rate {base:.3f}). "
            "This is how a real model is judged: by data that did not exist when it was built.")


_RETURNS_SOLUTION = """\
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import FunctionTransformer, StandardScaler


def order_parts(frame):
    when = frame["ordered_at"]
    per_item = frame["amount"] / frame["items"]
    return frame.assign(
        hour=when.dt.hour,
        is_late=((when.dt.hour >= 23) | (when.dt.hour < 5)).astype(int),
        is_weekend=(when.dt.day_of_week >= 5).astype(int),
        log_price=np.log(per_item),
        voucher_x_price=frame["voucher"] * per_item,
        log_account_days=np.log(frame["account_days"]),
    )


numbers = ["amount", "items", "voucher", "is_late", "is_weekend", "log_price", "voucher_x_price",
           "log_account_days"]
returns_model = make_pipeline(
    FunctionTransformer(order_parts),
    ColumnTransformer([("merchant", TargetEncoder(), ["merchant"]), ("numbers", StandardScaler(), numbers)]),
    LogisticRegression(max_iter=1000),
)
returns_model.fit(orders_train.drop(columns="returned"), orders_train["returned"])"""


@exercise(
    "p3.open_ended.returns_model",
    title="Open task: predict which orders come back",
    prompt="Design, fit and hand in `returns_model`: a pipeline trained only on `orders_train` that "
    "takes the raw order columns (`ordered_at`, `amount`, `items`, `merchant`, `account_days`, "
    "`voucher`; never `returned`) and predicts the probability that an order is returned. The check "
    f"draws {_ORDERS_ROWS} new orders and asks for a ROC AUC of at least {AUC_BAR} on them (the raw "
    "numeric columns alone give about 0.66). Every step that learns from data, encoders included, "
    "belongs inside the pipeline.",
    answer="returns_model",
    setup=_ORDERS,
    solution=_RETURNS_SOLUTION,
    right=[
        """\
from sklearn.compose import make_column_transformer
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler


def with_parts(frame):
    hour = frame.ordered_at.dt.hour
    price = frame["amount"] / frame["items"]
    return pd.DataFrame({
        "merchant": frame.merchant,
        "late": hour.isin([23, 0, 1, 2, 3, 4]).astype(float),
        "weekend": (frame.ordered_at.dt.strftime("%u").astype(int) >= 6).astype(float),
        "log_price": np.log(price),
        "voucher_price": frame.voucher * np.log(price),
        "voucher": frame.voucher,
        "log_age": np.log(frame.account_days),
    })


returns_model = make_pipeline(
    FunctionTransformer(with_parts),
    make_column_transformer((OneHotEncoder(handle_unknown="ignore"), ["merchant"]),
                            remainder=StandardScaler()),
    LogisticRegression(C=0.3, max_iter=2000),
).fit(orders_train.drop(columns="returned"), orders_train["returned"])""",
        """\
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.preprocessing import FunctionTransformer


def parts(frame):
    when = frame["ordered_at"]
    return frame.assign(hour=when.dt.hour, weekend=(when.dt.day_of_week >= 5).astype(int),
                        price=frame["amount"] / frame["items"],
                        voucher_price=frame["voucher"] * frame["amount"] / frame["items"])


columns = ["hour", "weekend", "price", "voucher_price", "amount", "items", "voucher", "account_days"]
returns_model = make_pipeline(
    FunctionTransformer(parts),
    ColumnTransformer([("merchant", TargetEncoder(), ["merchant"]), ("rest", "passthrough", columns)]),
    HistGradientBoostingClassifier(max_iter=200, learning_rate=0.03, max_depth=3, min_samples_leaf=40,
                                   random_state=0),
).fit(orders_train.drop(columns="returned"), orders_train["returned"])""",
    ],
    wrong=[
        _RETURNS_SOLUTION.replace(
            'returns_model.fit(orders_train.drop(columns="returned"), orders_train["returned"])',
            'more = pd.concat([orders_train, tabular.orders(n=6000, seed=9)])\n'
            'returns_model.fit(more.drop(columns="returned"), more["returned"])'),

        """\
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import FunctionTransformer, StandardScaler


def parts(frame):
    when = frame["ordered_at"]
    return frame.assign(hour=when.dt.hour, is_weekend=(when.dt.day_of_week >= 5).astype(int),
                        price=frame["amount"] / frame["items"])


numbers = ["amount", "items", "voucher", "hour", "is_weekend", "price", "account_days"]
returns_model = make_pipeline(
    FunctionTransformer(parts),
    ColumnTransformer([("numbers", StandardScaler(), numbers)]),
    LogisticRegression(max_iter=1000),
)
returns_model.fit(orders_train.drop(columns="returned"), orders_train["returned"])""",
        """\
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import StandardScaler

raw_numbers = ["amount", "items", "account_days", "voucher"]
returns_model = make_pipeline(
    ColumnTransformer([("numbers", StandardScaler(), raw_numbers)]),
    LogisticRegression(max_iter=1000),
)
returns_model.fit(orders_train, orders_train["returned"])""",
        """\
from sklearn.compose import ColumnTransformer
from sklearn.preprocessing import StandardScaler

returns_model = make_pipeline(
    ColumnTransformer([("all", StandardScaler(), ["amount", "items", "returned"])]),
    LogisticRegression(max_iter=1000),
)
returns_model.fit(orders_train, orders_train["returned"])""",
    ],
    hints=[
        "Start from what could make a customer send an order back, and from what a model can read "
        "in each raw column: a timestamp, a total and a count, a merchant code.",
        "Useful shapes: the time of day (late-night orders), the weekend, the price of one item (and "
        "its log), a voucher used on expensive items, and each merchant's own return rate.",
        "Put a FunctionTransformer that adds those columns first, then a ColumnTransformer "
        "(TargetEncoder or OneHotEncoder for `merchant`, StandardScaler for the numbers), then a "
        "LogisticRegression; fit it on orders_train without the `returned` column.",
    ],
)
def returns_model(answer):
    from sklearn.metrics import roc_auc_score

    _fitted_model(answer, "returns_model")
    checks.models.trained_only_on(answer, 1500, "returns_model", "orders_train")
    X, y = _fresh_orders()
    try:
        scores = scores_of(answer, X, "returns_model")
    except Incorrect as exc:
        if "returned" in exc.message:
            raise Incorrect("returns_model asks for the `returned` column, the very thing it should "
                            "predict: new orders do not have it. Train on the other columns only") from None
        raise
    auc = float(roc_auc_score(y, scores))
    if auc < AUC_BAR:
        raise Incorrect(f"returns_model's ROC AUC on {_ORDERS_ROWS} new orders is {auc:.3f}; the bar is "
                        f"{AUC_BAR}. Which raw column hides the most signal until you turn it into "
                        "features: the timestamp, the price per item, the merchant?")
    return (f"ROC AUC {auc:.3f} on {_ORDERS_ROWS} orders you never saw. The signal was in columns a "
            "model cannot read raw: the hour behind a timestamp, the price behind a total, the "
            "return habit behind a merchant code.")
