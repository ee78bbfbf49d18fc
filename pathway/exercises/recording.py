"""What a check, a hint or a solution writes to the progress store.

A check is always logged with its outcome and whether help was seen first. Done stays done:
a later failed attempt is logged without taking the status back. A check that could not run (its
toolchain is missing) records `skipped`, never done or in progress. Saving never breaks a check:
if the store cannot be written, the learner is told why and the result is still shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import PathwayError
from ..progress import ProgressStore
from ..summary import help_seen

if TYPE_CHECKING:
    from .engine import CheckResult, Exercise


def _next_status(current: str, outcome: str) -> str:
    if outcome == "correct" or current == "done":
        return "done"
    if outcome == "incorrect":
        return "in_progress"
    if outcome == "skipped":  # the check could not run here (a toolchain is missing): not judged
        return "skipped"
    return current


def record_check(ex: Exercise, result: CheckResult) -> str:
    """Log one attempt; returns a note for the learner when it could not be saved."""
    try:
        store = ProgressStore()
        events = store.events(ex.id)
        current = events[-1].status if events else "todo"
        attempts = sum(1 for e in events if (e.detail or {}).get("action") == "check")
        detail = {
            "action": "check",
            "outcome": result.outcome,
            "attempt": attempts + 1,
            **help_seen(events),
            # a learner's own text may hold a lone surrogate, which the store (UTF-8) cannot keep
            "message": result.message[:300].encode("utf-8", "replace").decode("utf-8"),
        }
        store.record(ex.id, _next_status(current, result.outcome), "check", detail)
    except (PathwayError, OSError, ValueError) as exc:
        return f"not saved: {exc}"
    return ""


def solved_before(ex: Exercise) -> bool:
    """Whether a check of this exercise was ever correct (False when the store cannot be read)."""
    try:
        events = ProgressStore().events(ex.id)
    except (PathwayError, OSError):
        return False
    return any((e.detail or {}).get("action") == "check" and (e.detail or {}).get("outcome") == "correct"
               for e in events)


def record_help(ex: Exercise, action: str, hint: int | None = None) -> str:
    """Log that a hint or the solution was viewed; returns a note if it could not be saved.

    `action` is 'hint', 'solution' (help before a correct answer) or 'compare' (the solution
    read after a correct answer, which `summary.help_seen` does not count as help).
    """
    try:
        store = ProgressStore()
        events = store.events(ex.id)
        current = events[-1].status if events else "todo"
        detail: dict[str, Any] = {"action": action}
        if hint is not None:
            detail["hint"] = hint
        status = current if current in ("done", "in_progress") else "in_progress"
        store.record(ex.id, status, "notebook", detail)
    except (PathwayError, OSError) as exc:
        return f" (not saved: {exc})"
    return ""
