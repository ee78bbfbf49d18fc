"""Phase 6, graduate studies: what a Master's really costs."""

from __future__ import annotations

import functools
import math
import random
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import _close

_BUDGET_SETUP = """
programmes = {  # made up: replace with the numbers from your shortlist's pages
    "ML programme A (full time, 2 years)": {
        "tuition_per_year": 28000, "months": 24, "living_per_month": 1400,
        "income_per_month": 0, "funding_total": 20000,
    },
    "AI programme B (full time, 16 months)": {
        "tuition_per_year": 30000, "months": 16, "living_per_month": 1600,
        "income_per_month": 300, "funding_total": 0,
    },
    "AI programme C (online, part time, 3 years)": {
        "tuition_per_year": 9000, "months": 36, "living_per_month": 1200,
        "income_per_month": 1000, "funding_total": 0,
    },
}
"""

KEYS = ("tuition_per_year", "months", "living_per_month", "income_per_month", "funding_total")


def _net(p: dict[str, Any]) -> float:
    years = math.ceil(p["months"] / 12)
    return (years * p["tuition_per_year"] + p["months"] * (p["living_per_month"] - p["income_per_month"])
            - p["funding_total"])


@functools.cache
def _cases() -> tuple[tuple[tuple[dict[str, Any]], float], ...]:
    rng = random.Random(606)
    edge = [
        {"tuition_per_year": 10000, "months": 12, "living_per_month": 1000, "income_per_month": 0,
         "funding_total": 0},  # exactly one year: one year of tuition
        {"tuition_per_year": 10000, "months": 13, "living_per_month": 1000, "income_per_month": 0,
         "funding_total": 0},  # one month into the second year: a second year of tuition
        {"tuition_per_year": 12000, "months": 18, "living_per_month": 900, "income_per_month": 1200,
         "funding_total": 5000},  # earning more than living costs
        {"tuition_per_year": 0, "months": 10, "living_per_month": 800, "income_per_month": 0,
         "funding_total": 20000},  # funding above the costs: a negative net cost
    ]
    for _ in range(30):
        edge.append({
            "tuition_per_year": rng.randrange(0, 45001, 500), "months": rng.randrange(9, 49),
            "living_per_month": rng.randrange(600, 2501, 50),
            "income_per_month": rng.choice([0, 0, rng.randrange(100, 2001, 50)]),
            "funding_total": rng.choice([0, rng.randrange(1000, 40001, 500)]),
        })
    return tuple(((p,), _net(p)) for p in edge)


@exercise(
    "p6.degree.net_cost",
    title="What a Master's really costs",
    prompt="Write `net_cost(programme)` for a dictionary like each entry of `programmes`: tuition is "
    "charged per started year of study (13 months pay two years), living costs run every month, "
    "income you keep while studying (a part-time job, or the salary a part-time programme lets you "
    "keep) offsets them, and `funding_total` (scholarships, assistantships) comes off the total. "
    "Return the net cost, negative when the funding exceeds the costs.",
    answer="net_cost",
    setup=_BUDGET_SETUP,
    solution="""
import math


def net_cost(programme):
    years_billed = math.ceil(programme["months"] / 12)
    tuition = years_billed * programme["tuition_per_year"]
    living = programme["months"] * (programme["living_per_month"] - programme["income_per_month"])
    return tuition + living - programme["funding_total"]
""",
    right=[
        """
def net_cost(programme):
    p = programme
    years = -(-p["months"] // 12)
    monthly = p["living_per_month"] - p["income_per_month"]
    return years * p["tuition_per_year"] + p["months"] * monthly - p["funding_total"]
""",
    ],
    wrong=[
        """
def net_cost(programme):
    p = programme
    tuition = p["months"] / 12 * p["tuition_per_year"]
    return tuition + p["months"] * (p["living_per_month"] - p["income_per_month"]) - p["funding_total"]
""",
        """
def net_cost(programme):
    p = programme
    tuition = p["months"] // 12 * p["tuition_per_year"]
    return tuition + p["months"] * (p["living_per_month"] - p["income_per_month"]) - p["funding_total"]
""",
        """
import math


def net_cost(programme):
    p = programme
    tuition = math.ceil(p["months"] / 12) * p["tuition_per_year"]
    return tuition + p["months"] * p["living_per_month"] - p["funding_total"]
""",
        """
import math


def net_cost(programme):
    p = programme
    tuition = math.ceil(p["months"] / 12) * p["tuition_per_year"]
    net = tuition + p["months"] * (p["living_per_month"] - p["income_per_month"]) - p["funding_total"]
    return max(0, net)
""",
    ],
    hints=[
        "Three parts: tuition, the monthly balance of living costs and income, and the funding that "
        "comes off at the end.",
        "A started year is billed in full: 12 months is one year, 13 months is two. `math.ceil` rounds "
        "a fraction up.",
        "Billed years times the yearly tuition, plus months times (living minus income), minus the "
        "funding; do not clip the result at zero.",
    ],
)
def net_cost(answer: Any) -> str:
    one = {"tuition_per_year": 10000, "months": 13, "living_per_month": 1000, "income_per_month": 0,
           "funding_total": 0}
    got = checks.call(answer, dict(one), name="net_cost")
    if got is None:
        raise Incorrect("net_cost returned None: does the function `return` the net cost?")
    if _close(got, 10000 * 13 / 12 + 13000):
        raise Incorrect("a programme of 13 months is billed two years of tuition, not 13/12 of one: "
                        "round the years up")
    if _close(got, 10000 + 13000):
        raise Incorrect("13 months start a second year, which is billed in full: round the years up, "
                        "not down")
    working = {"tuition_per_year": 12000, "months": 18, "living_per_month": 900, "income_per_month": 1200,
               "funding_total": 5000}
    if _close(checks.call(answer, dict(working), name="net_cost"), 2 * 12000 + 18 * 900 - 5000):
        raise Incorrect("the income you keep while studying offsets the living costs each month: "
                        "subtract it")
    rich = {"tuition_per_year": 0, "months": 10, "living_per_month": 800, "income_per_month": 0,
            "funding_total": 20000}
    if _close(checks.call(answer, dict(rich), name="net_cost"), 0):
        raise Incorrect("when the funding exceeds the costs, the net cost is negative: do not clip it "
                        "at zero (it is money left over)")
    checks.function_cases(answer, _cases(), "net_cost", compare=_close)
    costs = {name: _net(p) for name, p in _run_setup().items()}
    cheapest = min(costs, key=costs.get)
    return (f"on the example shortlist, {cheapest} is the cheapest at {costs[cheapest]:,.0f}, whatever "
            "the tuition suggests: time, income kept and funding move the total more.")


@functools.cache
def _run_setup() -> dict[str, dict[str, Any]]:
    namespace: dict[str, Any] = {}
    exec(compile(_BUDGET_SETUP, "<setup>", "exec"), namespace)
    return namespace["programmes"]
