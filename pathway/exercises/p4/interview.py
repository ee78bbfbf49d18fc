"""Phase 4, real-world practice: interview preparation (system design, Python and SQL drills)."""

from __future__ import annotations

import functools
import numbers
import random
from collections.abc import Mapping
from typing import Any

from .. import checks
from ..engine import Incomplete, Incorrect, exercise, is_blank

_DESIGN_SETUP = """
from pathway.labs import interview

case = interview.CASE
"""

_DESIGN = """
design = {
    "requirements": {"mode": "online", "latency_ms": 60, "peak_per_second": 2000},
    "data": {"label": "chargebacks", "label_delay_days": 30, "split": "time"},
    "features": ["amount", "merchant_category", "card_payments_last_hour", "new_device", "card_age_days"],
    "model": "gradient_boosted_trees",
    "offline_metrics": {"average_precision", "recall_at_precision"},
    "online_metrics": {"fraud_loss", "false_decline_rate", "p99_latency_ms"},
    "serving": {"feature_lookup_ms": 20, "model_ms": 10, "network_ms": 15, "fallback": "rules engine"},
    "monitoring": {"feature_drift", "prediction_drift", "delayed_label_performance", "latency"},
}
"""

PRECISE = {"average_precision", "recall_at_precision", "precision_at_k"}
FRAUD_SIDE = {"fraud_loss"}
CUSTOMER_SIDE = {"false_decline_rate", "checkout_conversion", "review_rate"}


def _names(value: Any, known: Mapping[str, str], section: str) -> set[str]:
    """A set of names from a known vocabulary (a set, list or tuple of strings)."""
    if isinstance(value, str) or not isinstance(value, (set, frozenset, list, tuple)):
        raise Incorrect(f"design[{section!r}] should be a set of names, got {checks.type_name(value)}")
    names = set()
    for item in value:
        if not isinstance(item, str) or item.strip().lower() not in known:
            raise Incorrect(f"design[{section!r}] holds {checks.short(item)}, which is not one of "
                            f"the names in the vocabulary: {', '.join(sorted(known))}")
        names.add(item.strip().lower())
    if not names:
        raise Incorrect(f"design[{section!r}] is empty")
    return names


def _ms(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not value >= 0:
        raise Incorrect(f"{where} should be a number of milliseconds, got {checks.short(value)}")
    return float(value)


def _section(design: Mapping[str, Any], name: str, kind: type) -> Any:
    value = design[name]
    if not isinstance(value, kind):
        raise Incorrect(f"design[{name!r}] should be a {kind.__name__}, got {checks.type_name(value)}")
    return value


@exercise(
    "p4.interview.system_design",
    title="Design an ML system: fraud checks at checkout",
    prompt="Work through the design case `case` in the interview's order. Set `design` to a dictionary "
    "with one entry per section of `interview.SECTIONS`: `requirements` (mode 'online' or 'batch', "
    "the fraud check's own `latency_ms` budget, `peak_per_second`), `data` (`label`, "
    "`label_delay_days`, `split` 'random' or 'time'), `features` (names from "
    "`interview.CANDIDATE_FEATURES`), `model` (a name from `interview.MODELS`), `offline_metrics` "
    "and `online_metrics` (sets of names from the vocabularies), `serving` (the milliseconds each "
    "step of one call takes, as `<step>_ms` entries, and a `fallback` for when the model cannot "
    "answer) and `monitoring` (a set of names from `interview.MONITORS`).",
    answer="design",
    setup=_DESIGN_SETUP,
    solution=_DESIGN,
    right=[
        """
design = {
    "requirements": {"mode": "online", "latency_ms": 40, "peak_per_second": 2500},
    "data": {"label": "disputed payments", "label_delay_days": 45, "split": "time"},
    "features": ["amount", "distance_from_home_km", "card_payments_last_hour"],
    "model": "logistic_regression",
    "offline_metrics": {"precision_at_k", "log_loss"},
    "online_metrics": {"fraud_loss", "checkout_conversion", "review_rate"},
    "serving": {"cache_lookup_ms": 8, "scoring_ms": 2, "queueing_ms": 10, "fallback": "approve below 50 EUR"},
    "monitoring": ["prediction_drift", "delayed_label_performance", "error_rate"],
}
""",
    ],
    wrong=[
        _DESIGN.replace('"mode": "online"', '"mode": "batch"'),
        _DESIGN.replace('{"average_precision", "recall_at_precision"}', '{"accuracy", "roc_auc"}'),
        _DESIGN.replace('"new_device", "card_age_days"', '"new_device", "chargeback_filed"'),
        _DESIGN.replace('"feature_lookup_ms": 20', '"feature_lookup_ms": 120'),
        _DESIGN.replace('"delayed_label_performance", ', ''),
        _DESIGN.replace('"split": "time"', '"split": "random"'),
        _DESIGN.replace('{"fraud_loss", "false_decline_rate", "p99_latency_ms"}', '{"fraud_loss"}'),
    ],
    hints=[
        "Go section by section and ask what the case forces: the customer is waiting, fraud is 2 in "
        "1,000, and the label (a chargeback) arrives a month later.",
        "With 0.2% positives, accuracy rewards a model that never flags anything: pick offline metrics "
        "that look at the rare class. Online, watch both sides: fraud let through and genuine "
        "customers declined.",
        "Keep only features known at the moment of payment; make the serving steps add up to no more "
        "than your `latency_ms`; monitor drift, the delayed labels and the latency.",
    ],
)
def system_design(answer: Any) -> str:
    from ...labs import interview as lab

    checks.expect_type(answer, Mapping, "a dictionary with one entry per section")
    missing = [s for s in lab.SECTIONS if s not in answer]
    if missing:
        raise Incorrect(f"the design has no {missing[0]!r} section ({len(missing)} of "
                        f"{len(lab.SECTIONS)} missing)")
    req = _section(answer, "requirements", Mapping)
    if str(req.get("mode", "")).lower() != "online":
        raise Incorrect("the customer is waiting at checkout: the score must be computed online, "
                        "during the payment call, not in a nightly batch")
    budget = _ms(req.get("latency_ms"), "requirements['latency_ms']")
    if not 0 < budget <= lab.CASE["api_latency_budget_ms"]:
        raise Incorrect(f"the whole payment call has {lab.CASE['api_latency_budget_ms']} ms at p99; "
                        f"the fraud check's budget ({budget:g} ms) must fit inside it")
    peak = req.get("peak_per_second")
    low = lab.CASE["peak_transactions_per_second"]
    if isinstance(peak, bool) or not isinstance(peak, numbers.Real) or peak < low:
        raise Incorrect(f"plan for the peak: the case says {lab.CASE['peak_transactions_per_second']} "
                        "payments a second")
    data = _section(answer, "data", Mapping)
    if str(data.get("split", "")).lower() != "time":
        raise Incorrect("a random split lets the model learn from payments that come after the ones it "
                        "is tested on; fraud patterns move, so validate on a later period")
    delay = data.get("label_delay_days")
    if isinstance(delay, bool) or not isinstance(delay, numbers.Real) or delay <= 0:
        raise Incorrect("chargebacks arrive weeks after the payment: `label_delay_days` is a positive "
                        "number, and it shapes training and monitoring")
    if not isinstance(data.get("label"), str) or not data["label"].strip():
        raise Incorrect("name the label's source in data['label'] (where do you learn that a payment "
                        "was fraud?)")
    features = answer["features"]
    names = _names(features, lab.CANDIDATE_FEATURES, "features")
    leaks = names & lab.LEAKY_FEATURES
    if leaks:
        raise Incorrect(f"{sorted(leaks)[0]!r} is only known after the decision: at checkout it does "
                        "not exist yet (a leak that makes offline scores look great)")
    if len(names) < 3:
        raise Incorrect("use at least three features known at payment time")
    model = answer["model"]
    if not isinstance(model, str) or model not in lab.MODELS:
        raise Incorrect(f"design['model'] should be one of {', '.join(lab.MODELS)}")
    if model in ("large_language_model", "k_nearest_neighbours"):
        raise Incorrect(f"{model}: {lab.MODELS[model]}; the latency budget rules it out")
    offline = _names(answer["offline_metrics"], lab.OFFLINE_METRICS, "offline_metrics")
    if "accuracy" in offline:
        raise Incorrect("accuracy is 99.8% for a model that never flags anything: leave it out")
    if "rmse" in offline:
        raise Incorrect("rmse measures a numeric prediction; this is a classification")
    if not offline & PRECISE:
        raise Incorrect("with 2 fraudulent payments in 1,000, include a metric that looks at the rare "
                        "class (precision and recall), not only at overall ranking")
    online = _names(answer["online_metrics"], lab.ONLINE_METRICS, "online_metrics")
    if not online & FRAUD_SIDE or not online & CUSTOMER_SIDE:
        raise Incorrect("online, measure both sides of the trade-off: the fraud let through and the "
                        "cost to genuine customers (declines, reviews or lost checkouts)")
    serving = _section(answer, "serving", Mapping)
    steps = {k: _ms(v, f"serving[{k!r}]") for k, v in serving.items() if str(k).endswith("_ms")}
    if len(steps) < 2:
        raise Incorrect("break one call into at least two timed steps (`<step>_ms`), e.g. looking up "
                        "features and scoring")
    if sum(steps.values()) > budget:
        raise Incorrect(f"the serving steps add up to {sum(steps.values()):g} ms, over your "
                        f"{budget:g} ms budget")
    if not isinstance(serving.get("fallback"), str) or not serving["fallback"].strip():
        raise Incorrect("say what answers when the model times out: serving['fallback']")
    monitors = _names(answer["monitoring"], lab.MONITORS, "monitoring")
    if "training_loss" in monitors:
        raise Incorrect("the training loss is an offline concern; monitoring watches the live service")
    if "delayed_label_performance" not in monitors:
        raise Incorrect("the labels arrive a month late: monitor precision and recall when they do")
    if not monitors & {"feature_drift", "prediction_drift"}:
        raise Incorrect("monitor drift: the inputs or the scores can change long before the labels "
                        "tell you")
    if not monitors & {"latency", "error_rate"}:
        raise Incorrect("monitor the service itself too: latency or errors")
    return (f"a design that holds together: {sum(steps.values()):g} ms of {budget:g} ms used, "
            f"{len(names)} features known at payment time, metrics for both sides. In the interview, "
            "say each trade-off out loud.")


# ------------------------------------------------------------------ Python drill: AUC by hand
def _auc(labels: list[int], scores: list[float]) -> float:
    pos = [s for y, s in zip(labels, scores) if y == 1]
    neg = [s for y, s in zip(labels, scores) if y == 0]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


@functools.cache
def _auc_cases() -> tuple[tuple[tuple[Any, ...], float], ...]:
    rng = random.Random(416)
    cases = [
        (([0, 1], [0.2, 0.9]), 1.0), (([0, 1], [0.9, 0.2]), 0.0), (([1, 0], [0.5, 0.5]), 0.5),
        (([1, 1, 0, 0], [0.3, 0.3, 0.3, 0.3]), 0.5), (([0, 0, 1, 1, 0], [1, 2, 2, 3, 2]), 5 / 6),
    ]
    for _ in range(40):
        n = rng.randrange(2, 60)
        labels = [rng.randrange(2) for _ in range(n)]
        labels[0], labels[-1] = 0, 1
        scores = [round(rng.random(), 1) for _ in range(n)]  # one decimal: many ties
        cases.append(((labels, scores), _auc(labels, scores)))
    return tuple(cases)


@exercise(
    "p4.interview.auc",
    title="Coding drill: ROC AUC from scratch",
    prompt="Write `auc(labels, scores)`: `labels` is a list of 0s and 1s, `scores` a list of numbers "
    "of the same length (higher means 'more likely 1'). Return the probability that a randomly "
    "chosen positive scores higher than a randomly chosen negative, a tie counting as half. If "
    "there is no positive or no negative, raise a `ValueError`. No scikit-learn: this is the drill.",
    answer="auc",
    setup="",
    solution="""
def auc(labels, scores):
    positives = [s for y, s in zip(labels, scores) if y == 1]
    negatives = [s for y, s in zip(labels, scores) if y == 0]
    if not positives or not negatives:
        raise ValueError("AUC needs at least one positive and one negative")
    wins = 0.0
    for p in positives:
        for n in negatives:
            if p > n:
                wins += 1
            elif p == n:
                wins += 0.5
    return wins / (len(positives) * len(negatives))
""",
    right=[
        """
def auc(labels, scores):
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    ranks = [0.0] * len(scores)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    n_pos = sum(1 for y in labels if y == 1)
    n_neg = len(labels) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("need both classes")
    rank_sum = sum(r for r, y in zip(ranks, labels) if y == 1)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
""",
    ],
    wrong=[
        """
def auc(labels, scores):
    positives = [s for y, s in zip(labels, scores) if y == 1]
    negatives = [s for y, s in zip(labels, scores) if y == 0]
    if not positives or not negatives:
        raise ValueError("need both classes")
    wins = sum(1 for p in positives for n in negatives if p > n)
    return wins / (len(positives) * len(negatives))
""",
        """
def auc(labels, scores):
    positives = [s for y, s in zip(labels, scores) if y == 1]
    negatives = [s for y, s in zip(labels, scores) if y == 0]
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))
""",
        """
def auc(labels, scores):
    positives = [s for y, s in zip(labels, scores) if y == 1]
    negatives = [s for y, s in zip(labels, scores) if y == 0]
    if not positives or not negatives:
        raise ValueError("need both classes")
    wins = sum(1 for p in positives for n in negatives if p >= n)
    return wins / (len(positives) * len(negatives))
""",
        """
def auc(labels, scores):
    ranked = sorted(zip(scores, labels))
    n_pos = sum(labels)
    n_neg = len(labels) - n_pos
    if n_pos == 0 or n_neg == 0:
        raise ValueError("need both classes")
    rank_sum = sum(rank for rank, (s, y) in enumerate(ranked, 1) if y == 1)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)
""",
    ],
    hints=[
        "Split the scores into those of the positives and those of the negatives, then compare every "
        "positive with every negative.",
        "Count a pair as 1 when the positive scores higher and 0.5 when the two scores are equal; "
        "divide by the number of pairs. Check the empty cases before dividing.",
        "Two nested loops over positives and negatives, adding 1 or 0.5 per pair, then divide by "
        "`len(positives) * len(negatives)`; raise ValueError first when either list is empty.",
    ],
)
def auc(answer: Any) -> str:
    checks.call(answer, [0, 1], [0.1, 0.8], name="auc")
    for labels, scores in (([1, 1, 1], [0.2, 0.4, 0.9]), ([0, 0], [0.5, 0.1])):
        result, exc = checks.attempt(answer, labels, scores, name="auc")
        if isinstance(exc, ValueError):
            continue
        if exc is not None:
            raise Incorrect(f"auc({labels}, {scores}) raised {type(exc).__name__}; with only one class "
                            "it should raise a ValueError")
        raise Incorrect(f"auc({labels}, {scores}) returned {checks.short(result)}; with only one "
                        "class there are no pairs to compare: raise a ValueError")
    tie = checks.call(answer, [1, 0], [0.5, 0.5], name="auc")
    if _is_close(tie, 0.0) or _is_close(tie, 1.0):
        raise Incorrect(f"auc([1, 0], [0.5, 0.5]) returned {tie:g}: a positive and a negative with the "
                        "same score are a tie, which counts as half a win")
    checks.function_cases(answer, _auc_cases(), "auc",
                          compare=lambda got, want: _is_close(got, want))
    return ("right on ties, edges and 40 random cases. Say the complexity aloud: the pair loop is "
            "O(P·N); sorting once and using ranks makes it O(n log n).")


def _is_close(got: Any, want: float) -> bool:
    if isinstance(got, bool) or not isinstance(got, numbers.Real):
        return False
    return abs(float(got) - want) < 1e-9


# ------------------------------------------------------------------ SQL drill: top spenders per country
_SQL_SETUP = """
from pathway.labs import shop_db

shop = shop_db.connect()
"""

TOP_SPENDERS = """
WITH totals AS (
    SELECT c.country, c.name, SUM(o.amount) AS total
    FROM customers AS c
    JOIN orders AS o ON o.customer_id = c.id
    WHERE o.amount IS NOT NULL
    GROUP BY c.id
),
ranked AS (
    SELECT country, name, total,
           DENSE_RANK() OVER (PARTITION BY country ORDER BY total DESC) AS place
    FROM totals
)
SELECT country, name, total
FROM ranked
WHERE place <= 2
ORDER BY country, total DESC, name
"""
_FINAL_SELECT = "\nSELECT country, name, total"  # the outer SELECT, which names the result's columns
_LEFT_JOIN = TOP_SPENDERS.replace("JOIN orders AS o", "LEFT JOIN orders AS o").replace(
    "WHERE o.amount IS NOT NULL", "")
SEEDS = (0, 1, 2, 3, 11)
"""The shop you see (0) and four you do not: a query has to be right on all of them."""


@exercise(
    "p4.interview.top_spenders",
    title="SQL drill: the top two spenders of each country",
    prompt="In the `shop` database (tables `customers` and `orders`; a cancelled order has a NULL "
    "`amount`), set `query` to SQL returning, for each country, the customers with the two highest "
    "totals of their paid orders: columns `country`, `name`, `total`. Customers tied on a total share "
    "a place, so a country can list more than two (places 1, 1, 2 all count). Customers without a paid "
    "order do not appear. Order by country, then total from high to low, then name.",
    answer="query",
    setup=_SQL_SETUP,
    solution=f'query = """{TOP_SPENDERS}"""',
    right=[
        '''query = """
SELECT t.country, t.name, t.total
FROM (
    SELECT c.country, c.name, SUM(o.amount) AS total
    FROM customers c JOIN orders o ON o.customer_id = c.id
    GROUP BY c.id
    HAVING COUNT(o.amount) > 0
) AS t
WHERE (
    SELECT COUNT(DISTINCT t2.total)
    FROM (
        SELECT c2.country, SUM(o2.amount) AS total
        FROM customers c2 JOIN orders o2 ON o2.customer_id = c2.id
        GROUP BY c2.id
        HAVING COUNT(o2.amount) > 0
    ) AS t2
    WHERE t2.country = t.country AND t2.total > t.total
) < 2
ORDER BY t.country, t.total DESC, t.name
"""''',
    ],
    wrong=[
        f'query = """{TOP_SPENDERS.replace("DENSE_RANK()", "ROW_NUMBER()")}"""',
        f'query = """{TOP_SPENDERS.replace("DENSE_RANK()", "RANK()")}"""',
        f'query = """{_LEFT_JOIN}"""',
        f'query = """{TOP_SPENDERS.replace("ORDER BY country, total DESC, name", "ORDER BY total DESC")}"""',
        f'query = """{TOP_SPENDERS.replace(_FINAL_SELECT, _FINAL_SELECT + " AS spent")}"""',
    ],
    hints=[
        "Two steps: first one total per customer (join, filter the cancelled orders, group), then a "
        "place within each country.",
        "A window function gives the place: `... OVER (PARTITION BY country ORDER BY total DESC)`. "
        "Which of ROW_NUMBER, RANK and DENSE_RANK gives tied customers the same place and no gap after?",
        "Compute the totals in a common table expression (`WITH name AS (...)`), rank them with "
        "DENSE_RANK per country, and keep places 1 and 2 in the final SELECT with the requested "
        "ORDER BY.",
    ],
)
def top_spenders(answer: Any) -> str:
    from ...labs import shop_db

    if is_blank(answer):
        raise Incomplete()
    for seed in SEEDS:
        try:
            checks.sql_rows(answer, functools.partial(shop_db.connect, seed), TOP_SPENDERS, ordered=True,
                            name="your query")
        except Incorrect as exc:
            where = "on the shop you see" if seed == 0 else f"on another shop (seed {seed}) of the same shape"
            raise Incorrect(f"{exc.message}, {where}") from None
    conn = shop_db.connect(0)
    try:  # the rows are right (the query ran above): now the names the prompt gives the columns
        names = [str(d[0]).lower() for d in conn.execute(answer).description or ()]
    finally:
        conn.close()
    if names != ["country", "name", "total"]:
        raise Incorrect(f"the rows are right, but the columns are named {', '.join(names)}; the prompt "
                        "names them country, name, total (`SUM(o.amount) AS total`)")
    return (f"right on {len(SEEDS)} shops, ties and cancelled orders included. Interviewers often "
            "follow up with: and without window functions? (a correlated subquery counting the "
            "distinct higher totals).")
