"""Phase 6, graduate studies: the admission requirements against your record; due, overdue, done."""

from __future__ import annotations

import functools
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import _STATE_SETUP, _is_text

_REQUIREMENTS_SETUP = """
requirements = {  # a made-up programme: read your programme's admissions page for its own
    "min_gpa": 3.0,  # on a 4.0 scale
    "courses": {"linear algebra", "probability", "programming"},
    "letters": 3,
    "english_tests": {"toefl": 90, "ielts": 6.5},  # minimum scores; waived for native speakers
}                                                  # and for a degree taught in English
record = {
    "gpa": 3.0,
    "courses": {"calculus", "linear algebra", "programming", "databases"},
    "letters": 2,
    "native_english": False,
    "degree_in_english": False,
    "tests": {"ielts": 7.0},
}
"""

REQUIREMENTS = ("gpa", "courses", "letters", "english")


def _unmet(req: dict[str, Any], rec: dict[str, Any]) -> set[str]:
    out = set()
    if rec["gpa"] < req["min_gpa"]:
        out.add("gpa")
    if not set(req["courses"]) <= set(rec["courses"]):
        out.add("courses")
    if rec["letters"] < req["letters"]:
        out.add("letters")
    waived = rec["native_english"] or rec["degree_in_english"]
    passed = any(rec["tests"].get(test, -1) >= least for test, least in req["english_tests"].items())
    if not (waived or passed):
        out.add("english")
    return out


@functools.cache
def _requirement_cases() -> tuple[tuple[tuple[dict[str, Any], dict[str, Any]], set[str]], ...]:
    import random

    rng = random.Random(616)
    courses = ["linear algebra", "probability", "programming", "calculus", "statistics", "databases"]
    cases = []
    base_req = {"min_gpa": 3.0, "courses": {"linear algebra", "probability"}, "letters": 3,
                "english_tests": {"toefl": 90, "ielts": 6.5}}
    base_rec = {"gpa": 3.0, "courses": {"linear algebra", "probability"}, "letters": 3,
                "native_english": False, "degree_in_english": False, "tests": {"toefl": 90}}
    edges = [
        {},                                                     # everything exactly on the minimum
        {"gpa": 2.99},                                          # just below the GPA
        {"letters": 2},                                         # one letter short
        {"courses": {"linear algebra"}},                        # a course missing
        {"courses": {"linear algebra", "probability", "calculus"}},  # extra courses are fine
        {"tests": {"toefl": 89}},                               # one point short
        {"tests": {"toefl": 89, "ielts": 6.5}},                 # the other test passes
        {"tests": {"duolingo": 130}},                           # a test the programme does not list
        {"tests": {}, "native_english": True},                  # waived
        {"tests": {}, "degree_in_english": True},               # waived
        {"tests": {}},                                          # no test, no waiver
    ]
    for change in edges:
        cases.append((base_req, {**base_rec, **change}))
    for _ in range(40):
        req = {"min_gpa": rng.choice([2.8, 3.0, 3.3, 3.5]),
               "courses": set(rng.sample(courses, rng.randrange(1, 4))), "letters": rng.randrange(2, 4),
               "english_tests": dict(rng.sample([("toefl", 90), ("ielts", 6.5), ("cambridge", 180)],
                                                rng.randrange(1, 3)))}
        rec = {"gpa": rng.choice([2.7, 2.8, 3.0, 3.2, 3.3, 3.5, 3.9]),
               "courses": set(rng.sample(courses, rng.randrange(1, 6))), "letters": rng.randrange(1, 5),
               "native_english": rng.random() < 0.2, "degree_in_english": rng.random() < 0.2,
               "tests": dict(rng.sample([("toefl", rng.choice([85, 90, 100])),
                                         ("ielts", rng.choice([6.0, 6.5, 7.5])), ("duolingo", 120)],
                                        rng.randrange(0, 3)))}
        cases.append((req, rec))
    return tuple(((req, rec), _unmet(req, rec)) for req, rec in cases)


@exercise(
    "p6.apply.requirements",
    title="Read a programme's requirements against your record",
    prompt="Write `unmet(requirements, record)` returning the set of requirements (out of 'gpa', "
    "'courses', 'letters' and 'english') that `record` does not meet: a GPA at least `min_gpa`; "
    "every required course taken (others do not matter); at least `letters` recommenders; and English "
    "shown by a waiver (a native speaker, or a degree taught in English) or by a score at least the "
    "minimum of one of the tests the programme lists. It should work for any programme and record "
    "shaped like these two.",
    answer="unmet",
    setup=_REQUIREMENTS_SETUP,
    solution="""
def unmet(requirements, record):
    missing = set()
    if record["gpa"] < requirements["min_gpa"]:
        missing.add("gpa")
    if not requirements["courses"] <= set(record["courses"]):
        missing.add("courses")
    if record["letters"] < requirements["letters"]:
        missing.add("letters")
    waived = record["native_english"] or record["degree_in_english"]
    passed = any(
        test in record["tests"] and record["tests"][test] >= minimum
        for test, minimum in requirements["english_tests"].items()
    )
    if not (waived or passed):
        missing.add("english")
    return missing
""",
    right=[
        """
def unmet(requirements, record):
    checks = {
        "gpa": record["gpa"] >= requirements["min_gpa"],
        "courses": all(c in record["courses"] for c in requirements["courses"]),
        "letters": record["letters"] >= requirements["letters"],
        "english": record["native_english"] or record["degree_in_english"] or any(
            record["tests"].get(t, float("-inf")) >= m for t, m in requirements["english_tests"].items()),
    }
    return {name for name, ok in checks.items() if not ok}
""",
    ],
    wrong=[
        """
def unmet(requirements, record):
    missing = set()
    if record["gpa"] <= requirements["min_gpa"]:
        missing.add("gpa")
    if not requirements["courses"] <= set(record["courses"]):
        missing.add("courses")
    if record["letters"] < requirements["letters"]:
        missing.add("letters")
    waived = record["native_english"] or record["degree_in_english"]
    passed = any(test in record["tests"] and record["tests"][test] >= minimum
                 for test, minimum in requirements["english_tests"].items())
    if not (waived or passed):
        missing.add("english")
    return missing
""",
        """
def unmet(requirements, record):
    missing = set()
    if record["gpa"] < requirements["min_gpa"]:
        missing.add("gpa")
    if set(record["courses"]) != requirements["courses"]:
        missing.add("courses")
    if record["letters"] < requirements["letters"]:
        missing.add("letters")
    waived = record["native_english"] or record["degree_in_english"]
    passed = any(test in record["tests"] and record["tests"][test] >= minimum
                 for test, minimum in requirements["english_tests"].items())
    if not (waived or passed):
        missing.add("english")
    return missing
""",
        """
def unmet(requirements, record):
    missing = set()
    if record["gpa"] < requirements["min_gpa"]:
        missing.add("gpa")
    if not requirements["courses"] <= set(record["courses"]):
        missing.add("courses")
    if record["letters"] < requirements["letters"]:
        missing.add("letters")
    passed = any(test in record["tests"] and record["tests"][test] >= minimum
                 for test, minimum in requirements["english_tests"].items())
    if not passed:
        missing.add("english")
    return missing
""",
        """
def unmet(requirements, record):
    missing = set()
    if record["gpa"] < requirements["min_gpa"]:
        missing.add("gpa")
    if not requirements["courses"] <= set(record["courses"]):
        missing.add("courses")
    if record["letters"] < requirements["letters"]:
        missing.add("letters")
    waived = record["native_english"] or record["degree_in_english"]
    passed = any(score >= 6.5 for score in record["tests"].values())
    if not (waived or passed):
        missing.add("english")
    return missing
""",
    ],
    hints=[
        "Check the four requirements one by one and collect the names of those that fail in a set.",
        "'At least' means `>=`: a GPA exactly on the minimum meets it. A required course set is met "
        "when it is a subset of the courses taken.",
        "For English: a waiver is enough; otherwise loop over the programme's tests and compare the "
        "record's score for that test, if it has one, with the test's minimum.",
    ],
)
def requirements(answer: Any) -> str:
    base = _requirement_cases()
    on_line = base[0][0]
    got = checks.call(answer, *on_line, name="unmet")
    if got is None:
        raise Incorrect("unmet returned None: does the function `return` the set?")
    if isinstance(got, (set, frozenset, list, tuple)) and "gpa" in set(got):
        raise Incorrect("a GPA exactly on the minimum meets it: 'at least' is `>=`")
    extra = base[4][0]
    got = checks.call(answer, *extra, name="unmet")
    if isinstance(got, (set, frozenset, list, tuple)) and "courses" in set(got):
        raise Incorrect("courses beyond the required ones do not hurt: check that every required "
                        "course was taken, not that the sets are equal")
    waived = base[8][0]
    got = checks.call(answer, *waived, name="unmet")
    if isinstance(got, (set, frozenset, list, tuple)) and "english" in set(got):
        raise Incorrect("a native speaker needs no English test: the waiver meets the requirement")
    checks.function_cases(answer, base, "unmet", compare=_same_names)
    namespace: dict[str, Any] = {}
    exec(compile(_REQUIREMENTS_SETUP, "<setup>", "exec"), namespace)
    mine = _unmet(namespace["requirements"], namespace["record"])
    return (f"the example record misses {', '.join(sorted(mine)) or 'nothing'}: that is the list to "
            "work on (or to ask the admissions office about) before the deadline.")


def _same_names(got: Any, want: set[str]) -> bool:
    if isinstance(got, (str, bytes)) or not isinstance(got, (set, frozenset, list, tuple)):
        return False
    return set(got) == want and len(got) == len(set(got))


# ------------------------------------------------------------------ 3. due, overdue, done
@functools.cache
def _state_cases() -> tuple[tuple[tuple[Any, ...], str], ...]:
    """Cases around the 14-day edge, answered by the package's own `admissions.task_state`."""
    import datetime as dt

    from ...labs.admissions import task_state

    today = dt.date(2026, 10, 1)
    dues = [
        (dt.date(2026, 9, 20), False), (dt.date(2026, 9, 20), True), (today, False),
        (dt.date(2026, 10, 15), False), (dt.date(2026, 10, 16), False),
        (dt.date(2026, 12, 1), True), (dt.date(2026, 12, 1), False), (dt.date(2026, 9, 30), False),
    ]
    return tuple(((due, done, today), task_state(due, done, today)) for due, done in dues)


@exercise(
    "p6.apply.task_state",
    title="Is a task done, overdue, due soon or upcoming?",
    prompt="Write `task_state(due, done, as_of)`: return `'done'` if the task is done; otherwise "
    "`'overdue'` if `due` is before `as_of`, `'due soon'` if it is at most 14 days after `as_of` "
    "(a task due on `as_of` itself is due soon), else `'upcoming'`.",
    answer="task_state",
    setup=_STATE_SETUP,
    solution="""
def task_state(due, done, as_of):
    if done:
        return "done"
    days_left = (due - as_of).days
    if days_left < 0:
        return "overdue"
    if days_left <= 14:
        return "due soon"
    return "upcoming"
""",
    right=[
        """
def task_state(due, done, as_of):
    if done:
        return "done"
    if due < as_of:
        return "overdue"
    if due <= as_of + timedelta(days=14):
        return "due soon"
    return "upcoming"
""",
    ],
    wrong=[
        """
def task_state(due, done, as_of):
    if done:
        return "done"
    days_left = (due - as_of).days
    if days_left <= 0:
        return "overdue"
    if days_left <= 14:
        return "due soon"
    return "upcoming"
""",
        """
def task_state(due, done, as_of):
    days_left = (due - as_of).days
    if days_left < 0:
        return "overdue"
    if done:
        return "done"
    if days_left <= 14:
        return "due soon"
    return "upcoming"
""",
        """
def task_state(due, done, as_of):
    if done:
        return "done"
    days_left = (as_of - due).days
    if days_left < 0:
        return "overdue"
    if days_left <= 14:
        return "due soon"
    return "upcoming"
""",
    ],
    hints=[
        "Check `done` first: a finished task is never overdue. Then look at how many days are left.",
        "Subtracting two dates gives a `timedelta`; its `.days` is negative when `due` is already "
        "past.",
        "Compute the days left as `.days` of the difference due minus as_of: below 0 is overdue, "
        "0 to 14 is due soon.",
    ],
)
def task_state(answer):
    import datetime as dt

    day = dt.date(2026, 10, 1)
    if _is_text(checks.call(answer, day, False, day, name="task_state"), "overdue"):
        raise Incorrect("a task due on `as_of` itself is not overdue yet: it is due soon")
    if _is_text(checks.call(answer, dt.date(2026, 9, 20), True, day, name="task_state"), "overdue"):
        raise Incorrect("a finished task is 'done', even when its due date has passed: check "
                        "`done` first")
    checks.function_cases(answer, _state_cases(), "task_state")
    return ("the workbook's checklist uses the same rule: `admissions.states` applies it to "
            "every task.")
