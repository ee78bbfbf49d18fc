"""A graduate application checklist: deadlines counted back from the programme's, and ticks.

Each task gets a due date a number of weeks before the programme's application deadline.
`states` says, as of a date you pass in (never a hidden "today"), which tasks are done,
overdue, due soon or upcoming. Ticks go to the event log as `checklist` activities on the
admission milestone, so exports and `pathway status` keep them.

The lead times below are planning suggestions, not any programme's requirements: every
programme sets its own deadline and list of materials. Check its admissions page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .leitner import as_date

if TYPE_CHECKING:
    import pandas as pd

ITEM = "p6.milestone.top_tier_admission"
SOON_DAYS = 14
STATES = ("done", "overdue", "due soon", "upcoming")

SUGGESTED_LEAD_WEEKS: dict[str, int] = {
    "test scores (only if the programme requires them)": 10,
    "recommendation letters requested": 8,
    "official transcripts requested": 6,
    "statement of purpose drafted": 6,
    "writing sample or portfolio ready": 4,
    "CV updated": 3,
    "statement of purpose final": 2,
    "application fee paid and application submitted": 1,
}
"""Weeks before the deadline to finish each task: suggestions that leave recommenders, testing
services and registrars time to respond. Adjust them to the programme's own instructions."""


def build(deadline: dt.date | str, lead_weeks: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The checklist: one row per task with its due date, earliest first.

    `lead_weeks` maps each task to how many weeks before `deadline` it should be finished
    (default: `SUGGESTED_LEAD_WEEKS`).
    """
    import pandas as pd

    end = as_date(deadline)
    lead_weeks = SUGGESTED_LEAD_WEEKS if lead_weeks is None else lead_weeks
    rows = []
    for task, weeks in lead_weeks.items():
        if isinstance(weeks, bool) or not isinstance(weeks, (int, float)) or weeks < 0:
            raise ValueError(f"task {task!r}: weeks before the deadline must be a number >= 0")
        rows.append({"task": str(task), "weeks_before": weeks,
                     "due": end - dt.timedelta(weeks=weeks)})
    frame = pd.DataFrame(rows, columns=["task", "weeks_before", "due"])
    return frame.sort_values(["due", "task"], kind="mergesort").reset_index(drop=True)


def task_state(due: dt.date, done: bool, as_of: dt.date, soon_days: int = SOON_DAYS) -> str:
    """'done', 'overdue' (due before `as_of`), 'due soon' (within `soon_days`) or 'upcoming'.

    A task due on `as_of` itself is due soon, not overdue: there is still today.
    """
    if done:
        return "done"
    days_left = (as_date(due) - as_date(as_of)).days
    if days_left < 0:
        return "overdue"
    return "due soon" if days_left <= soon_days else "upcoming"


def states(
    checklist: pd.DataFrame, as_of: dt.date | str, done: Iterable[str] | None = None,
    soon_days: int = SOON_DAYS,
) -> pd.DataFrame:
    """The checklist with `done`, `days_left` and `state` as of a date.

    `done` is the set of finished tasks; `None` reads the ticks logged on or before `as_of`.
    """
    day = as_date(as_of)
    finished = ticked(as_of=day) if done is None else set(done)
    frame = checklist.copy()
    frame["done"] = frame["task"].isin(finished)
    frame["days_left"] = [(as_date(d) - day).days for d in frame["due"]]
    frame["state"] = [
        task_state(d, f, day, soon_days) for d, f in zip(frame["due"], frame["done"])
    ]
    return frame


def tick(task: str, on: dt.date | str, done: bool = True, *, item: str = ITEM) -> Any:
    """Record that a task was finished (or, with `done=False`, reopened) on a date."""
    from ..api import log

    return log(item, "checklist", task=str(task), done=bool(done), date=as_date(on).isoformat())


def ticked(as_of: dt.date | str | None = None, *, item: str = ITEM) -> set[str]:
    """Tasks whose latest tick on or before `as_of` (any date if None) says done."""
    from ..api import logged

    day = as_date(as_of) if as_of is not None else None
    latest: dict[str, tuple[dt.date, int, bool]] = {}
    for order, event in enumerate(logged(item, "checklist")):
        detail = event.detail or {}
        try:
            when = as_date(detail.get("date") or event.time)
        except (TypeError, ValueError):
            continue
        if day is not None and when > day:
            continue
        key = (when, order, bool(detail.get("done", True)))
        task = str(detail.get("task"))
        if task not in latest or key[:2] >= latest[task][:2]:
            latest[task] = key
    return {task for task, (_, _, done) in latest.items() if done}
