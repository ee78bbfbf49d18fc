"""Where the learner stands: statuses, per-phase totals and what to do next, in plain Python.

Kept free of pandas so that `pathway status` answers in a fraction of a second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .progress import COMPLETE, Event
from .roadmap import Item, Roadmap


@dataclass(frozen=True)
class PhaseSummary:
    phase: str
    number: int
    title: str
    done: int
    in_progress: int
    skipped: int
    todo: int
    total: int

    @property
    def percent(self) -> float:
        """Percent complete: done and skipped both count."""
        return 100.0 * (self.done + self.skipped) / self.total if self.total else 0.0


def current_statuses(roadmap: Roadmap, events: Iterable[Event]) -> dict[str, str]:
    """Each roadmap item's status (its latest event), following renamed ids; default `todo`."""
    statuses = {item.id: "todo" for item in roadmap.items}
    for event in events:  # in time order, so the last one wins
        item_id = roadmap.aliases.get(event.item, event.item)
        if item_id in statuses:
            statuses[item_id] = event.status
    return statuses


def phase_summaries(roadmap: Roadmap, statuses: dict[str, str]) -> list[PhaseSummary]:
    rows = []
    for phase in roadmap.phases:
        counts = {"done": 0, "in_progress": 0, "skipped": 0, "todo": 0}
        items = roadmap.items_in(phase.id)
        for item in items:
            counts[statuses.get(item.id, "todo")] += 1
        rows.append(PhaseSummary(phase.id, phase.number, phase.title, total=len(items), **counts))
    return rows


def next_items(roadmap: Roadmap, statuses: dict[str, str], n: int = 5) -> list[Item]:
    """The first `n` items in roadmap order that are not complete."""
    open_items = [i for i in roadmap.items if statuses.get(i.id, "todo") not in COMPLETE]
    return open_items[: max(0, n)]


def not_run(roadmap: Roadmap, events: Iterable[Event]) -> list[str]:
    """Items skipped only because their check could not run here (a missing toolchain), in order.

    Such an item counts as complete like any skipped one, but it was never judged: `pathway status`
    names them, so a learner knows which exercises to check again once the toolchain is installed.
    """
    latest: dict[str, Event] = {}
    for event in events:
        latest[roadmap.aliases.get(event.item, event.item)] = event
    return [item.id for item in roadmap.items
            if (e := latest.get(item.id)) is not None and e.status == "skipped"
            and (e.detail or {}).get("action") == "check" and (e.detail or {}).get("outcome") == "skipped"]


def progress_bar(percent: float, width: int = 20) -> str:
    filled = round(width * percent / 100)
    return "█" * filled + "░" * (width - filled)


def help_seen(events: list[Event]) -> dict[str, Any]:
    """How many hints and whether the solution were seen, from an exercise's events.

    Reading the solution after a correct answer is logged as 'compare' and is not help: only
    'solution' events count as the solution seen.
    """
    details = [e.detail or {} for e in events]
    return {
        "hints_seen": max((d.get("hint", 0) for d in details if d.get("action") == "hint"), default=0),
        "solution_seen": any(d.get("action") == "solution" for d in details),
    }


# ------------------------------------------------------------------ spaced review of exercises
INTERVALS: dict[int, int] = {1: 1, 2: 2, 3: 4, 4: 8, 5: 16}
"""Leitner boxes: days until a card (a quiz question, an exercise) in each box comes back."""
FIRST_BOX = 1
STRUGGLED = 3
"""Wrong attempts before a solve that mark an exercise as one to meet again soon."""


def next_box(box: int, correct: bool, top: int = max(INTERVALS)) -> int:
    """The Leitner rule: up one box when right (never above `top`), back to box 1 when wrong."""
    if not FIRST_BOX <= box <= top:
        raise ValueError(f"box must be between {FIRST_BOX} and {top}, got {box}")
    return min(box + 1, top) if correct else FIRST_BOX


@dataclass(frozen=True)
class ReviewCard:
    """Where one exercise stands in the review schedule, and why it is (or is not) due."""

    item: str
    box: int
    last_attempt: dt.date
    due: dt.date
    reason: str


def _first_solve_box(wrong: int, hints: int, solution: bool) -> tuple[int, str]:
    """The box a first solve starts in: how cleanly it was solved decides how soon it comes back."""
    if solution:
        return FIRST_BOX, "solved after viewing the solution"
    if wrong >= STRUGGLED:
        return FIRST_BOX, f"{wrong} wrong attempts before solving it"
    if wrong or hints:
        return 2, "solved with hints" if hints else f"{wrong} wrong attempt{'s' * (wrong > 1)} first"
    return 3, "solved cleanly"


def review_card(item: str, events: Iterable[Event]) -> ReviewCard | None:
    """Replay one exercise's checks and help views through the Leitner boxes (None: never checked).

    Until its first solve an exercise stays in box 1; the first solve places it by how it went
    (after the solution or many wrong attempts: box 1; with hints: box 2; cleanly: box 3); later,
    a correct re-attempt moves it up a box and a wrong one sends it back to box 1.
    """
    box, solved, reason, last = FIRST_BOX, False, "not solved yet", None
    wrong = hints = 0
    solution = False
    for event in events:
        detail = event.detail or {}
        action = detail.get("action")
        if action == "hint":
            hints += 1
        elif action == "solution":
            solution = True
        elif action == "check" and detail.get("outcome") in ("correct", "incorrect"):
            last = event_day(event.time)
            if detail["outcome"] == "incorrect":
                wrong += 1
                if solved:
                    box, reason = FIRST_BOX, "a later attempt was wrong"
                continue
            if not solved:
                box, reason = _first_solve_box(wrong, hints, solution)
            elif solution or wrong:
                again = "the solution" if solution else "a wrong try"
                box, reason = FIRST_BOX, f"solved again only after {again}"
            else:
                box, reason = next_box(box, True), "solved cleanly again"
            solved, wrong, hints, solution = True, 0, 0, False
    if last is None:
        return None
    return ReviewCard(item, box, last, last + dt.timedelta(days=INTERVALS[box] if solved else 0), reason)


def due_for_review(roadmap: Roadmap, events: Iterable[Event], today: dt.date) -> list[ReviewCard]:
    """The exercises due for another attempt on `today`, most overdue first."""
    by_item: dict[str, list[Event]] = {}
    exercises = {i.id for i in roadmap.items if i.kind == "exercise"}
    for event in events:
        item_id = roadmap.aliases.get(event.item, event.item)
        if item_id in exercises:
            by_item.setdefault(item_id, []).append(event)
    cards = [card for item, evs in by_item.items() if (card := review_card(item, evs)) and card.due <= today]
    return sorted(cards, key=lambda c: (c.due, c.box, c.item))


def event_time(value: str) -> dt.datetime:
    """A stored event time as an aware UTC datetime (a time without a zone is read as UTC)."""
    parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc)


def event_day(value: str) -> dt.date:
    """The UTC day of a stored event time: what the review schedule and the charts count in."""
    return event_time(value).date()
