"""Phase 2, data-science foundations: a data contract for incoming batches, with pandera.

pandera rather than Great Expectations: a schema is a few lines of Python next to the pandas code
it guards, with no project folder, context or data docs to set up, and it validates a DataFrame in
place. The check runs the learner's schema on batches it generates: one clean batch that sits on
every boundary, and batches that each break exactly one rule. The schema in a pipeline: schema_gate.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from . import _blind_eval

_ORDERS = """\
import numpy as np
import pandas as pd
import pandera.pandas as pa

orders_batch = pd.DataFrame({
    "order_id": [1001, 1002, 1003, 1004],
    "amount": [19.99, 250.0, 4.5, 1200.0],
    "items": [1, 3, 1, 12],
    "country": ["DE", "FR", "NL", "BE"],
    "coupon": ["WELCOME10", None, None, "VIP"],
})
"""

_COUNTRIES = ("DE", "FR", "NL", "BE")


def _clean(seed: int, n: int = 40) -> Any:
    """A batch that keeps every rule, with the boundary values in it (0.01 and 5000 €, 1 and 20 items)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng([seed, 30])
    amount = np.round(rng.uniform(1, 4999, size=n), 2)
    amount[:2] = [0.01, 5000.0]
    items = rng.integers(1, 21, size=n)
    items[:2] = [20, 1]
    coupons = np.array([None, "SPRING", "VIP", None, "WELCOME10"], dtype=object)
    return pd.DataFrame({
        "order_id": (rng.permutation(90_000)[:n] + 10_000).astype("int64"),
        "amount": amount,
        "items": items.astype("int64"),
        "country": [_COUNTRIES[i % 4] for i in range(n)],
        "coupon": coupons[rng.integers(0, 5, size=n)],
    })


def _set(column: str, row: int, value: Any) -> Callable[[Any], Any]:
    """A change that puts `value` in one cell (a missing integer makes the column floats, as in pandas)."""
    def change(batch: Any) -> Any:
        if value != value and batch[column].dtype.kind == "i":
            batch[column] = batch[column].astype("float64")
        batch.loc[row, column] = value
        return batch
    return change


def _duplicate(batch: Any) -> Any:
    batch.loc[7, "order_id"] = batch.loc[3, "order_id"]
    return batch


def _items_as_float(batch: Any) -> Any:
    batch["items"] = batch["items"].astype("float64")
    return batch


def _drop(column: str) -> Callable[[Any], Any]:
    def change(batch: Any) -> Any:
        return batch.drop(columns=column)
    return change


def _ids_as_float(batch: Any) -> Any:
    batch["order_id"] = batch["order_id"].astype("float64")
    return batch


def _numeric_coupon(batch: Any) -> Any:
    batch["coupon"] = [float(i % 3 * 5) if i % 2 else float("nan") for i in range(len(batch))]
    return batch


# What each bad batch breaks, the column pandera must name, and the change that breaks it.
_VIOLATIONS: tuple[tuple[str, str, Callable[[Any], Any]], ...] = (
    ("two orders share an order_id", "order_id", _duplicate),
    ("an order_id is missing", "order_id", _set("order_id", 5, float("nan"))),
    ("an amount is 0 €", "amount", _set("amount", 4, 0.0)),
    ("an amount is 5000.01 €", "amount", _set("amount", 4, 5000.01)),
    ("an amount is missing", "amount", _set("amount", 9, float("nan"))),
    ("an order has 0 items", "items", _set("items", 6, 0)),
    ("an order has 21 items", "items", _set("items", 6, 21)),
    ("`items` arrives as floats (2.0, 3.0, ...)", "items", _items_as_float),
    ("a country is 'UK'", "country", _set("country", 8, "UK")),
    ("a country is missing", "country", _set("country", 8, None)),
    ("the `coupon` column is missing", "coupon", _drop("coupon")),
    *((f"the `{column}` column is missing", column, _drop(column))
      for column in ("order_id", "amount", "items", "country")),
    ("`order_id` arrives as floats (10234.0, ...)", "order_id", _ids_as_float),
    ("`coupon` arrives as numbers (5.0, 10.0, missing)", "coupon", _numeric_coupon),
)


def _run(schema: Any, batch: Any, *, lazy: bool) -> tuple[str, Any]:
    """("ok", None), ("failed", the pandera error) or ("crashed", the exception) for one validation.

    Batches that break one rule are validated with lazy=False: pandera stops at the first failure
    (the only one) in 5 ms instead of 30 ms, which keeps the check under half a second.
    """
    import pandera.pandas as pa

    validate = getattr(schema, "validate", None)
    try:
        validate(batch, lazy=lazy)
    except (pa.errors.SchemaErrors, pa.errors.SchemaError) as exc:
        return "failed", exc
    except Exception as exc:
        return "crashed", exc
    return "ok", None


def _reported(error: Any) -> tuple[set[str], Any]:
    """The columns a pandera error names, and its failure cases (a DataFrame, or a string)."""
    cases = getattr(error, "failure_cases", None)
    named = _named(cases) if hasattr(cases, "columns") else {str(cases)}
    name = getattr(getattr(error, "schema", None), "name", None)
    if name is not None:
        named.add(str(name))
    return named, cases


def _named(cases: Any) -> set[str]:
    """The columns a failure report names (a missing column is named as the failure case)."""
    named: set[str] = set()
    if cases is None or not hasattr(cases, "columns"):
        return named
    for field in ("column", "failure_case"):
        if field in cases.columns:
            named.update(str(v) for v in cases[field].dropna().tolist())
    return named


def _summary(cases: Any) -> str:
    if isinstance(cases, str):
        return cases
    if cases is None or not hasattr(cases, "columns") or not len(cases):
        return "no failure cases reported"
    rows = cases.head(3)
    return "; ".join(f"{r.get('column')}: {r.get('check')} (value {r.get('failure_case')!r})"
                     for r in rows.to_dict("records"))


@exercise(
    "p2.schemas.orders_contract",
    title="A data contract for incoming orders",
    prompt="Write `orders_schema`, a pandera schema (a `pa.DataFrameSchema`, or a `pa.DataFrameModel` "
    "class) for batches like `orders_batch`. Every batch has these five columns and they must obey: "
    "`order_id`: integer, never missing, unique; `amount`: float, never missing, greater than 0 and at "
    "most 5000 (euros); `items`: integer from 1 to 20 inclusive; `country`: one of DE, FR, NL, BE, "
    "never missing; `coupon`: text, may be missing. Do not coerce types: a column that arrives with "
    "the wrong type is the sender's error. The check validates batches of its own with "
    "`orders_schema.validate(batch)`.",
    answer="orders_schema",
    setup=_ORDERS,
    solution="""\
orders_schema = pa.DataFrameSchema({
    "order_id": pa.Column(int, unique=True),
    "amount": pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)]),
    "items": pa.Column(int, pa.Check.in_range(1, 20)),
    "country": pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"])),
    "coupon": pa.Column(str, nullable=True),
})""",
    right=[
        *_blind_eval.CASES["p2.schemas.orders_contract"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
class orders_schema(pa.DataFrameModel):
    order_id: int = pa.Field(unique=True, nullable=False)
    amount: float = pa.Field(gt=0, le=5000, nullable=False)
    items: int = pa.Field(in_range={"min_value": 1, "max_value": 20})
    country: str = pa.Field(isin=["DE", "FR", "NL", "BE"])
    coupon: str = pa.Field(nullable=True)""",
        """\
orders_schema = pa.DataFrameSchema(
    columns={
        "order_id": pa.Column("int64", checks=[], unique=True),
        "amount": pa.Column(
            "float64", checks=[pa.Check.greater_than(0), pa.Check.less_than_or_equal_to(5000)]
        ),
        "items": pa.Column(
            "int64",
            checks=[pa.Check.greater_than_or_equal_to(1), pa.Check.less_than_or_equal_to(20)],
        ),
        "country": pa.Column(str, checks=pa.Check(lambda s: s.isin({"DE", "FR", "NL", "BE"}))),
        "coupon": pa.Column(str, nullable=True),
    },
)""",
        """\
class orders_schema(pa.DataFrameModel):
    order_id: int = pa.Field(unique=True)
    amount: float = pa.Field(gt=0, le=5000)
    items: int = pa.Field(ge=1, le=20)
    country: str = pa.Field(isin=["DE", "FR", "NL", "BE"])
    coupon: str = pa.Field(nullable=True)""",
        """\
orders_schema = pa.DataFrameSchema(
    {
        "order_id": pa.Column("int64", nullable=False, unique=True),
        "amount": pa.Column("float64", pa.Check(lambda s: (s > 0) & (s <= 5000)), nullable=False),
        "items": pa.Column("int64", pa.Check.between(1, 20)),
        "country": pa.Column(pa.String, pa.Check.isin(set("DE FR NL BE".split()))),
        "coupon": pa.Column("str", nullable=True),
    },
    strict=True,
    coerce=False,
)""",
    ],
    wrong=[
        *_blind_eval.CASES["p2.schemas.orders_contract"]["wrong"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
orders_schema = pa.DataFrameSchema(
    {
        "order_id": pa.Column(int, unique=True, nullable=False),
        "amount": pa.Column(float, [pa.Check.gt(0), pa.Check.lt(5000)]),
        "items": pa.Column(int, pa.Check.in_range(1, 20)),
        "country": pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"])),
        "coupon": pa.Column(str, nullable=True),
    }
)""",
        """\
orders_schema = pa.DataFrameSchema(
    {
        "order_id": pa.Column(int, unique=True),
        "amount": pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)]),
        "items": pa.Column(int, pa.Check.in_range(0, 20)),
        "country": pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"])),
        "coupon": pa.Column(str, nullable=True),
    }
)""",
        """\
orders_schema = pa.DataFrameSchema(
    {
        "order_id": pa.Column(int, unique=True),
        "amount": pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)]),
        "items": pa.Column(int, pa.Check.in_range(1, 20)),
        "country": pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"]), nullable=True),
        "coupon": pa.Column(str, nullable=True),
    }
)""",
        """\
orders_schema = pa.DataFrameSchema(
    {
        "order_id": pa.Column(int, unique=True),
        "amount": pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)]),
        "items": pa.Column(checks=pa.Check.in_range(1, 20)),
        "country": pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"])),
        "coupon": pa.Column(str, nullable=True),
    }
)""",
        """\
orders_schema = pa.DataFrameSchema(
    {
        "order_id": pa.Column(float, unique=True, nullable=True),
        "amount": pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)]),
        "items": pa.Column(int, pa.Check.in_range(1, 20)),
        "country": pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"])),
        "coupon": pa.Column(str, nullable=True),
    }
)""",
        """\
orders_schema = pa.DataFrameSchema(
    {
        "order_id": pa.Column(int, unique=True),
        "amount": pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)]),
        "items": pa.Column(int, pa.Check.in_range(1, 20)),
        "country": pa.Column(str, pa.Check.isin(["de", "fr", "nl", "be"])),
        "coupon": pa.Column(str, nullable=True),
    }
)""",
        """\
orders_schema = {"order_id": "int unique", "amount": "0 < x <= 5000"}""",
        # duplicates pass
        """\
orders_schema = pa.DataFrameSchema({
    "order_id": pa.Column(int),
    "amount": pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)]),
    "items": pa.Column(int, pa.Check.in_range(1, 20)),
    "country": pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"])),
    "coupon": pa.Column(str, nullable=True),
})""",
        # 0 € passes: >= instead of >
        """\
orders_schema = pa.DataFrameSchema({
    "order_id": pa.Column(int, unique=True),
    "amount": pa.Column(float, pa.Check.in_range(0, 5000)),
    "items": pa.Column(int, pa.Check.in_range(1, 20)),
    "country": pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"])),
    "coupon": pa.Column(str, nullable=True),
})""",
        # 20 items rejected: the upper bound excluded
        """\
orders_schema = pa.DataFrameSchema({
    "order_id": pa.Column(int, unique=True),
    "amount": pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)]),
    "items": pa.Column(int, [pa.Check.ge(1), pa.Check.lt(20)]),
    "country": pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"])),
    "coupon": pa.Column(str, nullable=True),
})""",
        # coupons required
        """\
orders_schema = pa.DataFrameSchema({
    "order_id": pa.Column(int, unique=True),
    "amount": pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)]),
    "items": pa.Column(int, pa.Check.in_range(1, 20)),
    "country": pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"])),
    "coupon": pa.Column(str),
})""",
        # coerce: floats silently become integers
        """\
orders_schema = pa.DataFrameSchema({
    "order_id": pa.Column(int, unique=True),
    "amount": pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)]),
    "items": pa.Column(int, pa.Check.in_range(1, 20)),
    "country": pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"])),
    "coupon": pa.Column(str, nullable=True),
}, coerce=True)""",
        # any country, and missing amounts allowed
        """\
orders_schema = pa.DataFrameSchema({
    "order_id": pa.Column(int, unique=True),
    "amount": pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)], nullable=True),
    "items": pa.Column(int, pa.Check.in_range(1, 20)),
    "country": pa.Column(str),
    "coupon": pa.Column(str, nullable=True),
})""",
        # the coupon column optional
        """\
orders_schema = pa.DataFrameSchema({
    "order_id": pa.Column(int, unique=True),
    "amount": pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)]),
    "items": pa.Column(int, pa.Check.in_range(1, 20)),
    "country": pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"])),
    "coupon": pa.Column(str, nullable=True, required=False),
})""",
    ],
    hints=[
        "A `pa.DataFrameSchema` maps each column name to a `pa.Column(dtype, checks, ...)`; missing "
        "values are refused unless `nullable=True`, and `unique=True` refuses repeated values.",
        "`pa.Check.gt`, `ge`, `lt`, `le`, `in_range(min, max)` (both ends included by default) and "
        "`isin([...])` cover the rules; a Column takes one Check or a list of them.",
        "Mind the boundaries: an amount of exactly 0 must fail and one of exactly 5000 must pass; "
        "1 and 20 items pass, 0 and 21 fail. Only `coupon` may be missing.",
    ],
)
def orders_contract(answer):
    if not callable(getattr(answer, "validate", None)):
        raise Incorrect(f"orders_schema is {checks.type_name(answer)}; build a pa.DataFrameSchema "
                        "(or a pa.DataFrameModel class), which has a .validate(batch) method")
    clean = _clean(seed=4)
    outcome, detail = _run(answer, clean, lazy=True)
    if outcome == "crashed":
        raise Incorrect(f"orders_schema.validate(batch, lazy=True) raised {type(detail).__name__}: "
                        f"{checks.short(str(detail), 160)}")
    if outcome == "failed":
        raise Incorrect("orders_schema rejects a clean batch (amounts of 0.01 and 5000 €, 1 and 20 "
                        f"items, missing coupons): {_summary(_reported(detail)[1])}")
    for what, column, change in _VIOLATIONS:
        outcome, detail = _run(answer, change(_clean(seed=4)), lazy=False)
        if outcome == "ok":
            raise Incorrect(f"orders_schema accepts a batch in which {what}: that batch must fail")
        if outcome == "crashed":
            raise Incorrect(f"validating a batch in which {what} raised {type(detail).__name__} "
                            "instead of a pandera SchemaError: use pandera's checks")
        named, cases = _reported(detail)
        if column not in named:
            raise Incorrect(f"a batch in which {what} fails, but the report does not name "
                            f"`{column}` ({_summary(cases)}): the rule on `{column}` is missing")
    return ("the schema refuses every broken batch and names the rule; run it where batches enter "
            "(before features are built or a model predicts), so a bad batch stops the pipeline "
            "with a reason instead of becoming quiet nonsense downstream.")
