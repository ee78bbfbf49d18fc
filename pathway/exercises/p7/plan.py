"""Learning modalities and exam strategy: a hybrid weekly plan, and practice interleaved."""

from __future__ import annotations

import functools
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import _PLAN_SETUP, BUDGET_HOURS


@exercise(
    "p7.modality.hybrid_plan",
    title="Write a hybrid weekly study plan",
    prompt=f"Set `plan` to a list of study sessions for one week, each a dictionary with "
    f"`modality` (`'online'` or `'in_person'`), `activity` (a few words) and `hours`. It is a "
    f"hybrid plan: at least one session of each modality, every session more than 0 hours, "
    f"and at most `budget_hours` ({BUDGET_HOURS}) hours in total.",
    answer="plan",
    setup=_PLAN_SETUP,
    solution="""
plan = [
    {"modality": "online", "activity": "video lectures and readings", "hours": 3},
    {"modality": "online", "activity": "coding exercises in notebooks", "hours": 3},
    {"modality": "in_person", "activity": "evening class or lab session", "hours": 2.5},
    {"modality": "in_person", "activity": "study group", "hours": 1.5},
]
""",
    right=[
        """
plan = [
    {"modality": "in_person", "activity": "weekend workshop", "hours": 4},
    {"modality": "online", "activity": "course videos on the commute", "hours": 2},
]
""",
    ],
    wrong=[
        """
plan = [
    {"modality": "online", "activity": "video lectures", "hours": 5},
    {"modality": "online", "activity": "coding exercises", "hours": 4},
]
""",
        """
plan = [
    {"modality": "online", "activity": "video lectures", "hours": 6},
    {"modality": "in_person", "activity": "evening class", "hours": 3},
    {"modality": "in_person", "activity": "study group", "hours": 2},
]
""",
        """
plan = [
    {"modality": "online", "activity": "video lectures", "hours": "4h"},
    {"modality": "in_person", "activity": "evening class", "hours": 3},
]
""",
    ],
    hints=[
        "A list of dictionaries: `[{...}, {...}]`, one per session, each with the same three keys.",
        "Include at least one `'online'` and one `'in_person'` session, and add up the hours: "
        f"they must stay within {BUDGET_HOURS}.",
        "For example `{\"modality\": \"in_person\", \"activity\": \"study group\", \"hours\": 2}`; "
        "hours are numbers, not text.",
    ],
)
def hybrid_plan(answer):
    from ...labs import studyplan

    if isinstance(answer, (list, tuple)) and not answer:
        raise Incorrect("the plan is an empty list: add your sessions")
    checks.expect_type(answer, (list, tuple), "a list of sessions (dictionaries)")
    found = studyplan.problems(answer, BUDGET_HOURS, "hybrid")
    if found:
        more = f" (and {len(found) - 1} more thing{'s' * (len(found) > 2)} to fix)" if len(found) > 1 else ""
        raise Incorrect(found[0] + more)
    table = studyplan.summary(answer)
    online = table.loc["online", "share"]
    return (f"a sound hybrid plan: {online:.0%} of your hours online, {1 - online:.0%} in person. "
            "Record your real plan with `studyplan.record(plan, budget_hours)`.")


# ------------------------------------------------------------------ 2. interleaved practice
_INTERLEAVE_SETUP = """
week = {"statistics": 3, "sql": 2, "aws ml": 2, "itil": 1}  # practice blocks per topic this week
"""


def _feasible(sessions: dict[str, int]) -> bool:
    counts = [n for n in sessions.values() if n > 0]
    return not counts or max(counts) <= (sum(counts) + 1) // 2


@functools.cache
def _interleave_cases() -> tuple[dict[str, int], ...]:
    import random

    rng = random.Random(707)
    cases: list[dict[str, int]] = [
        {}, {"sql": 1}, {"sql": 2}, {"a": 3, "b": 2}, {"a": 3, "b": 1, "c": 1}, {"a": 4, "b": 1, "c": 1},
        {"a": 0, "b": 1}, {"a": 2, "b": 2, "c": 2}, {"a": 5, "b": 4}, {"a": 1, "b": 1, "c": 6},
    ]
    topics = ["statistics", "sql", "aws", "itil", "python", "ml"]
    for _ in range(40):
        chosen = rng.sample(topics, rng.randrange(1, 6))
        cases.append({t: rng.randrange(0, 6) for t in chosen})
    return tuple(cases)


def _problem(result: Any, sessions: dict[str, int]) -> str | None:
    """What is wrong with an interleaved order for `sessions`, or None."""
    from collections import Counter

    if result is None:
        return "returned None: does the function `return` the list?"
    if isinstance(result, (str, bytes)) or not isinstance(result, (list, tuple)):
        return f"returned {checks.type_name(result)}, not a list of topics"
    want = Counter({t: n for t, n in sessions.items() if n > 0})
    try:
        got = Counter(result)
    except TypeError:
        return "returned a list holding something other than topic names"
    if got != want:
        return "does not schedule each topic exactly its number of blocks"
    for a, b in zip(result, result[1:]):
        if a == b:
            return f"puts {a!r} twice in a row"
    return None


@exercise(
    "p7.exams.interleave",
    title="Interleave your practice",
    prompt="Write `interleave(sessions)`: `sessions` maps each topic to its number of practice blocks "
    "this week. Return a list of topics in the order you will practise them, each topic appearing "
    "exactly its number of times (topics with 0 blocks not at all) and never the same topic twice in "
    "a row. When that is impossible (one topic has more blocks than all the others plus one), raise "
    "a `ValueError`.",
    answer="interleave",
    setup=_INTERLEAVE_SETUP,
    solution="""
def interleave(sessions):
    remaining = {topic: n for topic, n in sessions.items() if n > 0}
    total = sum(remaining.values())
    if remaining and max(remaining.values()) > (total + 1) // 2:
        raise ValueError("one topic has too many blocks to avoid back-to-back sessions")
    order = []
    while remaining:
        allowed = [topic for topic in remaining if not order or topic != order[-1]]
        topic = max(allowed, key=lambda t: remaining[t])
        order.append(topic)
        remaining[topic] -= 1
        if remaining[topic] == 0:
            del remaining[topic]
    return order
""",
    right=[
        """
def interleave(sessions):
    blocks = []
    for topic, n in sorted(sessions.items(), key=lambda item: -item[1]):
        blocks += [topic] * n
    if blocks and blocks.count(blocks[0]) > (len(blocks) + 1) // 2:
        raise ValueError("impossible without back-to-back sessions")
    order = [None] * len(blocks)
    slots = list(range(0, len(blocks), 2)) + list(range(1, len(blocks), 2))
    for slot, topic in zip(slots, blocks):
        order[slot] = topic
    return order
""",
    ],
    wrong=[
        """
def interleave(sessions):
    order = []
    for topic, n in sessions.items():
        order += [topic] * n
    return order
""",
        """
def interleave(sessions):
    remaining = dict(sessions)
    order = []
    while any(remaining.values()):
        for topic in remaining:
            if remaining[topic] > 0:
                order.append(topic)
                remaining[topic] -= 1
    return order
""",
        """
def interleave(sessions):
    remaining = {topic: n for topic, n in sessions.items() if n > 0}
    order = []
    while remaining:
        allowed = [topic for topic in remaining if not order or topic != order[-1]] or list(remaining)
        topic = max(allowed, key=lambda t: remaining[t])
        order.append(topic)
        remaining[topic] -= 1
        if remaining[topic] == 0:
            del remaining[topic]
    return order
""",
    ],
    hints=[
        "Build the order one block at a time, and at each step choose among the topics that are not "
        "the one you just scheduled.",
        "Plain round-robin fails when one topic has many blocks (a, b, c, a, a): at each step take the "
        "allowed topic with the most blocks left.",
        "Check first whether it is possible at all: the largest count may be at most (total + 1) // 2. "
        "Then loop: pick the allowed topic with most remaining, append it, decrement it.",
    ],
)
def interleave(answer: Any) -> str:
    blocked = {"a": 2, "b": 2}
    got, _ = checks.attempt(answer, dict(blocked), name="interleave")
    if isinstance(got, list) and got == ["a", "a", "b", "b"]:
        raise Incorrect("interleave({'a': 2, 'b': 2}) returned ['a', 'a', 'b', 'b']: that is blocked "
                        "practice, one topic after the other; alternate them")
    for sessions in sorted(_interleave_cases(), key=lambda c: not _feasible(c)):  # possible ones first
        shown = checks.short(sessions)
        if not _feasible(sessions):
            result, exc = checks.attempt(answer, dict(sessions), name="interleave")
            if isinstance(exc, ValueError):
                continue
            if exc is not None:
                raise Incorrect(f"interleave({shown}) raised {type(exc).__name__}; when no order avoids "
                                "back-to-back blocks it should raise a ValueError")
            raise Incorrect(f"interleave({shown}) returned {checks.short(result)}, but no order can "
                            "avoid back-to-back blocks there: raise a ValueError")
        result = checks.call(answer, dict(sessions), name="interleave")
        problem = _problem(result, sessions)
        if problem:
            raise Incorrect(f"interleave({shown}) {problem}")
    return ("every week of 50 is interleaved, and the impossible ones are refused. Mixed practice "
            "feels harder than blocks of one topic, and that difficulty is what makes it stick.")
