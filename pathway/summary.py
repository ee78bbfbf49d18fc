"""Where the learner stands: statuses, per-phase totals and what to do next, in plain Python.

Kept free of pandas so that `pathway status` answers in a fraction of a second.
"""

from __future__ import annotations

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
