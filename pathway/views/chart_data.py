"""What the progress charts show, as data: roadmap and events in, pandas DataFrames out.

Kept apart from the drawing (`pathway.views.charts`) so tests and notebooks can read the numbers behind
each chart. Every function takes an optional `roadmap` and `events` (defaults: the roadmap in use
and the learner's progress store). Days are UTC days, as the store records times.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .. import clock, summary
from ..api import load_roadmap
from ..progress import COMPLETE, Event, ProgressStore
from ..roadmap import Item, Roadmap
from ..summary import event_day, event_time

if TYPE_CHECKING:
    import pandas as pd


STATUSES_ORDER = ("done", "in_progress", "skipped", "todo")  # the stacking order of the bars

# Skill areas, derived from the roadmap's data (kinds, phases, groups), never from titles.
SKILL_AREAS: tuple[tuple[str, Callable[[Item], bool]], ...] = (
    ("Languages", lambda i: i.kind == "language"),
    ("Data science", lambda i: i.phase == "p2" and i.kind == "topic"),
    ("Machine learning", lambda i: i.phase == "p3" and i.kind == "topic"),
    ("Tools", lambda i: i.kind == "tool"),
    ("Leadership", lambda i: i.kind == "certification" and i.group == "leadership"),
)


def load_inputs(roadmap: Roadmap | None, events: Iterable[Event] | None) -> tuple[Roadmap, list[Event]]:
    """The roadmap and the events in time order (the learner's own when not given)."""
    roadmap = roadmap if roadmap is not None else load_roadmap()
    events = list(events) if events is not None else ProgressStore().events()
    return roadmap, sorted(events, key=lambda e: event_time(e.time))


def known_events(roadmap: Roadmap, events: Iterable[Event]) -> Iterable[tuple[str, Event]]:
    """(current item id, event) for events of items in the roadmap, following renamed ids."""
    ids = {i.id for i in roadmap.items}
    for event in events:
        item_id = roadmap.aliases.get(event.item, event.item)
        if item_id in ids:
            yield item_id, event


EARLIEST_DATE = dt.date(1970, 1, 1)  # a planned date outside these is a typo and is left out
LATEST_DATE = dt.date(2100, 12, 31)
MAX_DAILY_ROWS = 3660  # over ten years, `progress_data` keeps only the days on which something changes


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            return None
    return value if EARLIEST_DATE <= value <= LATEST_DATE else None


def _parse_float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number and number >= 0 else None  # not NaN, not negative


def latest_plans(roadmap: Roadmap, events: Iterable[Event]) -> dict[str, dict[str, Any]]:
    """Each item's latest "plan" event (`pathway.log(id, "plan", target=..., start=...)`), parsed.

    The latest plan event replaces earlier ones whole. Dates that do not parse are left out.
    """
    plans: dict[str, dict[str, Any]] = {}
    for item_id, event in known_events(roadmap, events):
        detail = event.detail or {}
        if detail.get("action") != "plan":
            continue
        plans[item_id] = {
            "start": _parse_date(detail.get("start")) if detail.get("start") else None,
            "target": _parse_date(detail.get("target")) if detail.get("target") else None,
            "hours_per_week": _parse_float(detail.get("hours_per_week")),
            "hours_needed": _parse_float(detail.get("hours_needed")),
            "planned_on": event_day(event.time),
        }
    return plans


def planned_targets(roadmap: Roadmap, events: Iterable[Event]) -> dict[str, dt.date]:
    """Each item's target date: from its latest plan event, else the roadmap's `target`."""
    plans = latest_plans(roadmap, events)
    targets = {}
    for item in roadmap.items:
        target = (plans.get(item.id) or {}).get("target") or item.target
        if target is not None:
            targets[item.id] = target
    return targets


def _short(title: str) -> str:
    """A title without its trailing parenthesis, to fit a cell ("Deep Learning (ANNs…)")."""
    head = title.split(" (", 1)[0].strip()
    return head or title


# ====================================================================== data


def phase_completion_data(
    roadmap: Roadmap | None = None, events: Iterable[Event] | None = None
) -> pd.DataFrame:
    """One row per phase: counts per status, total and percent complete (done and skipped count)."""
    import pandas as pd

    roadmap, events = load_inputs(roadmap, events)
    rows = summary.phase_summaries(roadmap, summary.current_statuses(roadmap, events))
    return pd.DataFrame(
        [
            {
                "phase": r.phase, "label": f"{r.number} · {r.title}", "done": r.done,
                "in_progress": r.in_progress, "skipped": r.skipped, "todo": r.todo,
                "total": r.total, "percent": round(r.percent, 1),
            }
            for r in rows
        ],
        columns=["phase", "label", *STATUSES_ORDER, "total", "percent"],
    )


def completion_changes(roadmap: Roadmap, events: Iterable[Event]) -> dict[str, list[tuple[dt.date, bool]]]:
    """Per item, the days on which it became complete (True) or went back (False).

    The rule: an item is complete on a day when its status at the end of that day is done or
    skipped. So it counts from the first day it became done or skipped; if it later goes back
    to todo or in progress it stops counting from that day, and counts again if completed again.
    """
    end_of_day: dict[str, dict[dt.date, str]] = defaultdict(dict)
    for item_id, event in known_events(roadmap, events):
        end_of_day[item_id][event_day(event.time)] = event.status  # in time order: the day's last wins
    changes: dict[str, list[tuple[dt.date, bool]]] = {}
    for item_id, days in end_of_day.items():
        complete, steps = False, []
        for day in sorted(days):
            now = days[day] in COMPLETE
            if now != complete:
                steps.append((day, now))
                complete = now
        if steps:
            changes[item_id] = steps
    return changes


def progress_data(
    roadmap: Roadmap | None = None,
    events: Iterable[Event] | None = None,
    today: dt.date | None = None,
) -> pd.DataFrame:
    """One row per day: items completed and reopened that day, completed so far, planned so far.

    `complete` is the number of items complete at the end of the day (see `completion_changes`);
    `planned` the number of items whose planned target date (latest plan event, else the
    roadmap's `target`) has been reached. The days run from the first event (or plan) to the
    latest of today, the last event and the last target; over MAX_DAILY_ROWS days, only the days on
    which a count changes (and the first and last) get a row, which draws the same steps.
    No events and no plans: no rows.
    """
    import pandas as pd

    roadmap, events = load_inputs(roadmap, events)
    today = today or clock.today()
    columns = ["date", "completed", "reopened", "complete", "planned"]
    changes = completion_changes(roadmap, events)
    targets = planned_targets(roadmap, events)
    known_days = [event_day(e.time) for _, e in known_events(roadmap, events)]
    if not known_days and not targets:
        return pd.DataFrame(columns=columns)
    first = min(known_days) if known_days else min(today, *targets.values())
    last = max([today, *known_days, *targets.values()])
    completed: Counter[dt.date] = Counter()
    reopened: Counter[dt.date] = Counter()
    for steps in changes.values():
        for day, became_complete in steps:
            (completed if became_complete else reopened)[day] += 1
    due = Counter(targets.values())
    rows, complete, planned = [], 0, sum(n for d, n in due.items() if d < first)
    if (last - first).days < MAX_DAILY_ROWS:
        days: Iterable[dt.date] = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    else:  # the cost follows the number of events and targets, never how far apart their dates are
        days = sorted({first, last, *completed, *reopened, *(d for d in due if first <= d <= last)})
    for day in days:
        complete += completed[day] - reopened[day]
        planned += due[day]
        rows.append({
            "date": day, "completed": completed[day], "reopened": reopened[day],
            "complete": complete, "planned": planned,
        })
    return pd.DataFrame(rows, columns=columns)


def weekly_completions(progress: pd.DataFrame) -> pd.DataFrame:
    """Items completed and reopened per week (weeks start on Monday), from `progress_data`."""
    import pandas as pd

    if progress.empty:
        return pd.DataFrame(columns=["week", "completed", "reopened"])
    weeks = [d - dt.timedelta(days=d.weekday()) for d in progress["date"]]
    grouped = (
        progress.assign(week=weeks).groupby("week", sort=True)[["completed", "reopened"]].sum()
    )
    return grouped.reset_index()


def certification_plan_data(
    roadmap: Roadmap | None = None, events: Iterable[Event] | None = None
) -> pd.DataFrame:
    """One row per certification in roadmap order: status and study window from its latest plan.

    A certification without a plan event keeps the roadmap's `target` if it has one; `planned` is
    False when it has neither a start nor a target.
    """
    import pandas as pd

    roadmap, events = load_inputs(roadmap, events)
    statuses = summary.current_statuses(roadmap, events)
    plans = latest_plans(roadmap, events)
    rows = []
    for item in roadmap.items:
        if item.kind != "certification":
            continue
        plan = plans.get(item.id, {})
        start, target = plan.get("start"), plan.get("target") or item.target
        if start is not None and target is not None and start > target:
            start = None  # a window that ends before it starts cannot be drawn; keep the target
        rows.append({
            "id": item.id, "title": item.title, "group": item.group or "",
            "status": statuses[item.id], "start": start, "target": target,
            "hours_per_week": plan.get("hours_per_week"), "hours_needed": plan.get("hours_needed"),
            "planned": start is not None or target is not None,
        })
    return pd.DataFrame(
        rows,
        columns=["id", "title", "group", "status", "start", "target", "hours_per_week",
                 "hours_needed", "planned"],
    )


_STATUS_SCORE = {"todo": 0.0, "in_progress": 0.5, "done": 1.0}


def skill_coverage_data(
    roadmap: Roadmap | None = None, events: Iterable[Event] | None = None
) -> pd.DataFrame:
    """One row per cell of the skill heat map: area, column, label and a score from 0 to 1.

    A skill scores 0 to do, 0.5 in progress, 1 done; a skipped skill has no score (NaN). An area
    whose skills all come from one phase gets one more cell for that phase's exercises, scored
    by the share solved.
    """
    import pandas as pd

    roadmap, events = load_inputs(roadmap, events)
    statuses = summary.current_statuses(roadmap, events)
    rows = []
    for area, belongs in SKILL_AREAS:
        members = [i for i in roadmap.items if i.kind != "exercise" and belongs(i)]
        for column, item in enumerate(members):
            status = statuses[item.id]
            rows.append({
                "area": area, "column": column, "kind": "skill", "id": item.id,
                "label": _short(item.title), "status": status,
                "score": _STATUS_SCORE.get(status, float("nan")), "solved": None, "exercises": None,
            })
        phases = {i.phase for i in members}
        if len(phases) == 1:
            phase = phases.pop()
            exercises = [i for i in roadmap.items_in(phase) if i.kind == "exercise"]
            if exercises:
                solved = sum(statuses[i.id] == "done" for i in exercises)
                rows.append({
                    "area": area, "column": len(members), "kind": "exercises", "id": phase,
                    "label": f"Exercises, phase {roadmap.phase(phase).number}", "status": "",
                    "score": solved / len(exercises), "solved": solved, "exercises": len(exercises),
                })
    return pd.DataFrame(
        rows,
        columns=["area", "column", "kind", "id", "label", "status", "score", "solved", "exercises"],
    )


def exercise_record_data(
    roadmap: Roadmap | None = None, events: Iterable[Event] | None = None
) -> pd.DataFrame:
    """One row per phase: exercises, solved, attempts, hints used, solutions viewed, solved first time.

    An attempt is a check of a written answer (correct or incorrect; a check of the blank is not
    an attempt). Hints used counts each hint once per exercise (the highest hint seen). Solved
    first time: the first attempt was correct, with no hint or solution seen before it.
    """
    import pandas as pd

    roadmap, events = load_inputs(roadmap, events)
    statuses = summary.current_statuses(roadmap, events)
    exercise_phase = {i.id: i.phase for i in roadmap.items if i.kind == "exercise"}
    attempts: Counter[str] = Counter()
    hints: dict[str, int] = defaultdict(int)
    solutions: set[str] = set()
    first_outcome: dict[str, bool] = {}
    for item_id, event in known_events(roadmap, events):
        if item_id not in exercise_phase:
            continue
        detail = event.detail or {}
        action = detail.get("action")
        if action == "check" and detail.get("outcome") in ("correct", "incorrect"):
            attempts[item_id] += 1
            if item_id not in first_outcome:
                unaided = not hints.get(item_id) and item_id not in solutions
                first_outcome[item_id] = detail["outcome"] == "correct" and unaided
        elif action == "hint":
            number = detail.get("hint")
            number = number if isinstance(number, int) and number > 0 else hints[item_id] + 1
            hints[item_id] = max(hints[item_id], number)
        elif action == "solution":
            solutions.add(item_id)
    rows = []
    for phase in roadmap.phases:
        ids = [i for i, p in exercise_phase.items() if p == phase.id]
        rows.append({
            "phase": phase.id, "label": f"{phase.number} · {phase.title}", "exercises": len(ids),
            "solved": sum(statuses[i] == "done" for i in ids),
            "attempts": sum(attempts[i] for i in ids),
            "hints": sum(hints.get(i, 0) for i in ids),
            "solutions": sum(i in solutions for i in ids),
            "first_time": sum(first_outcome.get(i, False) for i in ids),
        })
    return pd.DataFrame(
        rows,
        columns=["phase", "label", "exercises", "solved", "attempts", "hints", "solutions", "first_time"],
    )
