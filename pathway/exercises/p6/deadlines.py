"""Phase 6, graduate studies: deadlines counted back; due, overdue, done."""

from __future__ import annotations

import functools
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import _CHECKLIST_SETUP, _STATE_SETUP, _is_text, _run


@functools.cache
def _expected_due() -> dict[str, Any]:
    from ...labs.admissions import build

    namespace = _run(_CHECKLIST_SETUP)
    checklist = build(namespace["deadline"], namespace["lead_weeks"])
    return dict(zip(checklist["task"], checklist["due"]))


@exercise(
    "p6.apply.due_dates",
    title="Count deadlines back from the programme's",
    prompt="Set `due_dates` to a dictionary mapping each task of `lead_weeks` to the date it is due: "
    "that many weeks before `deadline`.",
    answer="due_dates",
    setup=_CHECKLIST_SETUP,
    solution="due_dates = {task: deadline - timedelta(weeks=weeks) for task, weeks in lead_weeks.items()}",
    wrong=[
        "due_dates = {task: deadline + timedelta(weeks=weeks) for task, weeks in lead_weeks.items()}",
        "due_dates = {task: deadline - timedelta(days=weeks) for task, weeks in lead_weeks.items()}",
        "due_dates = [deadline - timedelta(weeks=weeks) for weeks in lead_weeks.values()]",
    ],
    hints=[
        "A dictionary comprehension builds one entry per task: `{task: ... for task, weeks in "
        "lead_weeks.items()}`.",
        "Subtracting a `timedelta` from a `date` gives an earlier date; `timedelta` takes "
        "`weeks=` as well as `days=`.",
        "Each value is `deadline - timedelta(weeks=weeks)`.",
    ],
)
def due_dates(answer):
    from ...labs.leitner import as_date

    checks.expect_type(answer, dict, "a dictionary of task -> due date")
    expected = _expected_due()
    deadline = _run(_CHECKLIST_SETUP)["deadline"]
    checks.same_set(answer.keys(), expected.keys(), "the tasks in due_dates")
    for task, want in expected.items():
        try:
            got = as_date(answer[task])
        except (TypeError, ValueError):
            raise Incorrect(f"the due date of {task!r} should be a date, "
                            f"got {checks.type_name(answer[task])}") from None
        if got != want:
            gap = (got - want).days
            if got > deadline:
                raise Incorrect(f"{task!r} falls after the deadline: count the weeks back, not forward")
            if gap % 7:
                raise Incorrect(f"{task!r} is off by {abs(gap)} days: the lead times are in weeks")
            raise Incorrect(f"{task!r} is {abs(gap) // 7} weeks {'late' if gap > 0 else 'early'}")
    first = min(expected, key=expected.get)
    return (f"the first task, {first!r}, is due on {expected[first]:%d %B %Y}: "
            "deadlines come sooner than they look.")


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
        "`days_left = (due - as_of).days`: below 0 is overdue, 0 to 14 is due soon.",
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
