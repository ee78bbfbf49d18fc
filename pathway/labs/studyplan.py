"""A weekly learning plan: sessions of online and in-person study, checked against a budget.

A plan is a list of sessions, each with a `modality` (`online` or `in_person`), an `activity`
and `hours` per week: a list of dicts, a dict of equal-length lists, or a pandas DataFrame.
`problems` says what is inconsistent (too many hours, a hybrid plan with one modality only, a
session of zero hours), `summary` shows where the hours go, and `record` keeps the plan in the
event log so `pathway status` and exports carry it.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

MODALITIES = ("online", "in_person")
KINDS = ("online", "in_person", "hybrid")
ITEM = "p7.milestone.learning_modality"
_ALIASES = {
    "online": "online", "remote": "online", "self-paced": "online", "self paced": "online",
    "in_person": "in_person", "in-person": "in_person", "in person": "in_person",
    "classroom": "in_person", "campus": "in_person", "offline": "in_person",
}


def modality(value: Any) -> str | None:
    """The canonical modality for a spelling ('In-person', 'classroom' -> 'in_person'), else None."""
    if not isinstance(value, str):
        return None
    return _ALIASES.get(value.strip().lower())


def sessions(plan: Any) -> pd.DataFrame:
    """The plan as a DataFrame with columns modality, activity, hours (as written).

    Raises `ValueError` naming what is missing when the plan has no such shape.
    """
    import pandas as pd

    if isinstance(plan, pd.DataFrame):
        frame = plan.copy()
    elif isinstance(plan, Mapping):
        lengths = {len(v) if isinstance(v, (list, tuple)) else -1 for v in plan.values()}
        if not plan or -1 in lengths or len(lengths) != 1:
            raise ValueError("a plan given as a dictionary needs lists of the same length as values")
        frame = pd.DataFrame(dict(plan))
    elif isinstance(plan, (list, tuple)):
        if not all(isinstance(s, Mapping) for s in plan):
            raise ValueError("each session should be a dictionary with modality, activity and hours")
        empty = ["modality", "activity", "hours"]
        frame = pd.DataFrame([dict(s) for s in plan], columns=None if plan else empty)
    else:
        raise ValueError("a plan is a list of sessions (dictionaries) or a pandas DataFrame")
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    missing = [c for c in ("modality", "activity", "hours") if c not in frame.columns]
    if missing:
        raise ValueError(f"every session needs {', '.join(missing)}")
    return frame[["modality", "activity", "hours"]].reset_index(drop=True)


def problems(plan: Any, budget_hours: float, kind: str = "hybrid") -> list[str]:
    """Everything inconsistent in a plan, in the order worth fixing; empty when it is sound.

    `kind` is what the plan should be: `hybrid` needs both modalities, `online` or `in_person`
    only that one. Hours must be positive numbers and add up to at most `budget_hours`.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    try:
        frame = sessions(plan)
    except ValueError as exc:
        return [str(exc)]
    if frame.empty:
        return ["the plan has no sessions yet"]
    found: list[str] = []
    for position, row in enumerate(frame.itertuples(index=False)):
        where = f"session {position + 1}"
        if modality(row.modality) is None:
            found.append(f"{where}: modality {row.modality!r} is not one of {', '.join(MODALITIES)}")
        if not isinstance(row.activity, str) or not row.activity.strip():
            found.append(f"{where}: describe the activity in a few words")
        hours = row.hours
        if isinstance(hours, bool) or not isinstance(hours, numbers.Real) or not math.isfinite(hours):
            found.append(f"{where}: hours should be a number, got {hours!r}")
        elif hours <= 0:
            found.append(f"{where}: a session needs more than 0 hours")
    if found:
        return found
    total = float(frame["hours"].sum())
    if total > budget_hours + 1e-9:
        found.append(f"the plan has {total:g} hours a week, {total - budget_hours:g} over your "
                     f"budget of {budget_hours:g}")
    present = {modality(m) for m in frame["modality"]}
    needed = set(MODALITIES) if kind == "hybrid" else {kind}
    for absent in sorted(needed - present):
        label = absent.replace("_", "-")
        found.append(f"a {kind.replace('_', '-')} plan needs at least one {label} session")
    if kind != "hybrid":
        for extra in sorted(present - needed):
            found.append(f"this plan should be {kind.replace('_', '-')} only, but it has "
                         f"{extra.replace('_', '-')} sessions: is it hybrid?")
    return found


def validate(plan: Any, budget_hours: float, kind: str = "hybrid") -> pd.DataFrame:
    """The plan's sessions with canonical modalities; raises `ValueError` listing every problem."""
    found = problems(plan, budget_hours, kind)
    if found:
        raise ValueError("the plan is not consistent yet:\n- " + "\n- ".join(found))
    frame = sessions(plan)
    frame["modality"] = frame["modality"].map(modality)
    frame["hours"] = frame["hours"].astype(float)
    return frame


def summary(plan: Any) -> pd.DataFrame:
    """Hours, sessions and share of the week per modality (both modalities always listed)."""
    frame = sessions(plan)
    frame["modality"] = frame["modality"].map(modality)
    frame["hours"] = frame["hours"].astype(float)
    grouped = frame.groupby("modality")["hours"].agg(["sum", "count"])
    grouped = grouped.reindex(list(MODALITIES), fill_value=0)
    grouped.columns = ["hours", "sessions"]
    total = grouped["hours"].sum()
    grouped["share"] = grouped["hours"] / total if total else 0.0
    grouped["sessions"] = grouped["sessions"].astype(int)
    return grouped


def classify(plan: Any) -> str:
    """`online`, `in_person` or `hybrid`: what the plan actually is."""
    hours = summary(plan)["hours"]
    present = [m for m in MODALITIES if hours[m] > 0]
    return "hybrid" if len(present) == 2 else (present[0] if present else "empty")


def record(plan: Any, budget_hours: float, kind: str = "hybrid", *, item: str = ITEM) -> Any:
    """Save a sound plan to the event log (action `plan`); raises `ValueError` if it is not sound."""
    from ..api import log

    frame = validate(plan, budget_hours, kind)
    rows = [
        {"modality": r.modality, "activity": str(r.activity), "hours": float(r.hours)}
        for r in frame.itertuples(index=False)
    ]
    return log(item, "plan", kind=kind, budget_hours=float(budget_hours), sessions=rows)


def latest(item: str = ITEM) -> pd.DataFrame | None:
    """The most recently recorded plan's sessions, or None if none was recorded."""
    import pandas as pd

    from ..api import logged

    events = logged(item, "plan")
    if not events:
        return None
    return pd.DataFrame(events[-1].detail["sessions"], columns=["modality", "activity", "hours"])
