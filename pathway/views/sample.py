"""A deterministic, plausible year of a learner's history, for demos, tests and the charts.

The learner works through the phases in order, overlapping: marks items in progress and done,
skips one degree of a pair (as the roadmap asks) and a language, reopens one item to revise it,
checks exercises with wrong attempts, hints and the odd solution, and plans a few
certifications (re-planning one). Everything is derived from the roadmap's data, so it works
with a learner's own roadmap too. Events carry explicit past times, written with
`ProgressStore.import_events`; the same seed always gives the same events.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..api import load_roadmap
from ..progress import Event, ProgressStore, normalise_time
from ..roadmap import Item, Roadmap

DEFAULT_START = dt.date(2025, 1, 6)
_WAKING_DAY = 0.55  # events fall between 08:00 and about 21:00 UTC


@dataclass(order=True)
class _Step:
    """One event of one item, before its status is resolved."""

    at: float  # days since the start
    kind: str = field(compare=False)  # mark, log, check, hint, solution
    status: str | None = field(default=None, compare=False)
    source: str = field(default="notebook", compare=False)
    detail: dict[str, Any] = field(default_factory=dict, compare=False)


def make_sample_history(
    store: ProgressStore,
    *,
    seed: int = 0,
    days: int = 365,
    start: dt.date = DEFAULT_START,
    roadmap: Roadmap | None = None,
) -> int:
    """Write a sample history of `days` days from `start` into `store`; returns events added.

    Writing the same history twice adds nothing the second time.
    """
    events = sample_events(roadmap or load_roadmap(), seed=seed, days=days, start=start)
    added, _ = store.import_events(events)
    return added


def sample_events(
    roadmap: Roadmap, *, seed: int = 0, days: int = 365, start: dt.date = DEFAULT_START
) -> list[Event]:
    """The sample history as events in time order (nothing is written)."""
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    rng = random.Random(seed)
    plans: dict[str, list[_Step]] = {}
    phases = sorted(roadmap.phases, key=lambda p: p.number)
    for k, phase in enumerate(phases):
        begin, length, reach = _window(k, days)
        if begin >= days * 0.85:
            continue
        items = [i for i in roadmap.items_in(phase.id)]
        _plan_items(rng, plans, [i for i in items if i.kind not in ("exercise", "certification")],
                    begin, length, reach)
        for item in items:
            if item.kind == "exercise" and rng.random() < reach:
                plans[item.id] = list(_exercise_steps(rng, item, begin + rng.random() * length * 0.8))
    _reopen_one(plans)
    _plan_certifications(rng, plans, [i for i in roadmap.items if i.kind == "certification"], days)
    events = []
    for item_id, steps in plans.items():
        events.extend(_resolve(item_id, steps, start, days))
    return sorted(events, key=lambda e: (e.time, e.item))


def _window(k: int, days: int) -> tuple[float, float, float]:
    """(first day, length, share of items reached) of the k-th phase: a short start, then overlap."""
    if k == 0:
        return 0.0, days * 0.03, 1.0
    begin = days * (0.02 + 0.21 * (k - 1))
    reach = max(0.25, 1.0 - 0.18 * (k - 1))
    return begin, days * 0.35, reach


def _plan_items(
    rng: random.Random, plans: dict[str, list[_Step]], items: list[Item],
    begin: float, length: float, reach: float,
) -> None:
    degrees = [i for i in items if i.kind == "degree"]
    chosen_degree = rng.choice(degrees) if len(degrees) > 1 else None
    languages_seen = 0
    for item in items:
        when = begin + rng.random() * length * 0.7
        source = rng.choice(("notebook", "notebook", "cli"))
        if item.kind == "degree" and chosen_degree is not None:
            if item is chosen_degree:
                plans[item.id] = [_Step(when, "mark", "in_progress", source)]  # a degree takes years
            else:
                plans[item.id] = [_Step(begin + 2 + rng.random() * 5, "mark", "skipped", source,
                                        {"note": "chose the other degree"})]
            continue
        if item.kind == "language":
            languages_seen += 1
            if languages_seen > 2 and rng.random() < 0.25:
                plans[item.id] = [_Step(when, "mark", "skipped", source, {"note": "not needed now"})]
                continue
        if rng.random() > reach:
            continue
        steps = [_Step(when, "mark", "in_progress", source)]
        if rng.random() < 0.8:
            steps.append(_Step(when + 7 + rng.random() * 50, "mark", "done", source))
        plans[item.id] = steps


def _exercise_steps(rng: random.Random, item: Item, when: float) -> Iterator[_Step]:
    """A plausible session on one exercise: maybe a blank check, hints, wrong tries, a solve."""
    hint_count = _hint_count(item.id)
    if rng.random() < 0.2:
        yield _Step(when, "check", detail={"outcome": "incomplete"})
        when += 0.002
    wrong = rng.choices((0, 1, 2, 3), weights=(55, 25, 12, 8))[0]
    hints = 0
    for attempt in range(wrong + 1):
        if hints < hint_count and rng.random() < (0.15 if attempt == 0 else 0.5):
            hints += 1
            yield _Step(when, "hint", detail={"hint": hints})
            when += 0.003
        if attempt == wrong:
            break
        yield _Step(when, "check", detail={"outcome": "incorrect"})
        when += 0.004
    if wrong >= 2 and rng.random() < 0.4:
        yield _Step(when, "solution")
        when += 0.003
    if rng.random() < 0.92:
        yield _Step(when, "check", detail={"outcome": "correct"})


def _hint_count(exercise_id: str) -> int:
    from ..errors import UnknownItemError
    from ..exercises import registry

    try:
        return len(registry.get(exercise_id).hints)
    except UnknownItemError:
        return 3


def _reopen_one(plans: dict[str, list[_Step]]) -> None:
    """Take the first item done through a mark back to in progress, then done again."""
    for steps in plans.values():
        done = [s for s in steps if s.kind == "mark" and s.status == "done"]
        if len(steps) == 2 and done:
            at = done[0].at
            steps.append(_Step(at + 20.3, "mark", "in_progress", "cli", {"note": "revising"}))
            steps.append(_Step(at + 48.1, "mark", "done", "cli"))
            return


def _plan_certifications(
    rng: random.Random, plans: dict[str, list[_Step]], certifications: list[Item], days: int
) -> None:
    """Plans for up to four certifications: one passed, one re-planned, two ahead."""
    def plan(at: float, start: float, target: float, hours_per_week: float) -> _Step:
        weeks = max(1.0, (target - start) / 7)
        return _Step(at, "log", detail={
            "action": "plan", "start": start, "target": target,
            "hours_per_week": hours_per_week, "hours_needed": round(hours_per_week * weeks),
        })

    schedule = [
        (0.15, 7, 150, 6.0),
        (0.30, 14, 200, 5.0),
        (0.75, 0.10 * days, 180, 4.0),
        (0.90, 30 + 0.10 * days, 240, 3.0),
    ]
    for item, (at, lead, span, hours) in zip(certifications, schedule):
        when = days * at + rng.random()
        begin = when + lead
        steps = plans.setdefault(item.id, [])
        steps.append(plan(when, begin, begin + span, hours))
        steps.append(_Step(begin, "mark", "in_progress", "notebook"))
        if at == 0.15:
            steps.append(_Step(begin + span - 10, "mark", "done", "notebook", {"note": "passed"}))
        if at == 0.30:  # behind schedule: re-planned with a later target
            steps.append(plan(days * 0.6 + rng.random(), begin, begin + span + 60, hours))


def _resolve(
    item_id: str, steps: list[_Step], start: dt.date, days: int
) -> Iterator[Event]:
    """The item's steps as events within the period, each with the status it would record."""
    status, attempts, hints, solution = "todo", 0, 0, False
    origin = dt.datetime.combine(start, dt.time(8, 0), tzinfo=dt.timezone.utc)
    for step in sorted(steps):
        if step.at >= days:
            break
        detail = dict(step.detail)
        if step.kind == "mark":
            status = step.status or status
        elif step.kind == "check":
            attempts += 1
            outcome = detail["outcome"]
            detail = {
                "action": "check", "outcome": outcome, "attempt": attempts, "hints_seen": hints,
                "solution_seen": solution, "message": _MESSAGES[outcome],
            }
            status = "done" if outcome == "correct" or status == "done" else (
                "in_progress" if outcome == "incorrect" else status
            )
        elif step.kind in ("hint", "solution"):
            detail = {"action": step.kind, **detail}
            hints = max(hints, detail.get("hint", 0))
            solution = solution or step.kind == "solution"
            status = status if status in ("done", "in_progress") else "in_progress"
        elif step.kind == "log":
            for key in ("start", "target"):
                detail[key] = (start + dt.timedelta(days=int(detail[key]))).isoformat()
        yield Event(
            normalise_time(_at(origin, step.at).isoformat()), item_id, status,
            "check" if step.kind == "check" else step.source, detail or None,
        )


def _at(origin: dt.datetime, days: float) -> dt.datetime:
    """A time `days` after the start: the whole part is the day, the fraction the time of day."""
    whole = int(days)
    return origin + dt.timedelta(days=whole, seconds=round((days - whole) * _WAKING_DAY * 86400))


_MESSAGES = {
    "correct": "well done.",
    "incorrect": "not yet: compare your answer with the prompt once more.",
    "incomplete": "replace `____` with your answer, then run the cell again",
}
