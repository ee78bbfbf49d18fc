"""External facts on roadmap items: is an exam or programme still offered, who says so, and when.

A certification or programme in `data/roadmap.toml` may carry these fields (all optional, so a
learner's own roadmap without them stays valid; the shipped roadmap has them on every such item):

    status = "current" | "retiring" | "retired"
    retires = 2026-06-30          # with status "retiring": the last day it is offered
    retired = 2026-03-31          # with status "retired": the day it ended
    successors = ["cert.x", ...]  # what the provider names as its replacement (item ids or names)
    alternatives = ["..."]        # other routes the provider (or the source) names
    official = "https://..."      # the provider's own page, to re-check
    checked = 2026-11-29          # the day the fact was last checked
    source = "https://..."        # where it was read on that day
    note = "..."                  # what a learner must know, or what is unverified

`parse_fields` validates them for `roadmap.py`; the rest answers questions about an item.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlparse

from . import clock

STATUSES = ("current", "retiring", "retired")
FACT_KINDS = ("certification", "programme")
FIELDS = ("status", "retires", "retired", "successors", "alternatives", "official", "checked",
          "source", "note")
STALE_AFTER = dt.timedelta(days=365)
_ID = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")


def parse_fields(entry: Mapping[str, Any], fail: Callable[[str], None]) -> dict[str, Any]:
    """The fact fields of one roadmap entry, validated; `fail(problem)` raises the RoadmapError."""
    status = entry.get("status")
    if status is not None and status not in STATUSES:
        fail(f"status {status!r} is not one of {', '.join(STATUSES)}")
    dates = {key: _date(entry.get(key), key, fail) for key in ("retires", "retired", "checked")}
    if status == "retiring" and dates["retires"] is None:
        fail('status "retiring" needs `retires = YYYY-MM-DD`, the last day it is offered')
    if status == "retired" and dates["retired"] is None:
        fail('status "retired" needs `retired = YYYY-MM-DD`, the day it ended')
    for key, wanted in (("retires", "retiring"), ("retired", "retired")):
        if dates[key] is not None and status != wanted:
            fail(f"{key} is set but status is {status!r}: set status = {wanted!r} or remove {key}")
    names = {key: _names(entry.get(key), key, fail) for key in ("successors", "alternatives")}
    links = {key: _link(entry.get(key), key, fail) for key in ("official", "source")}
    note = entry.get("note")
    if note is not None and (not isinstance(note, str) or not note.strip()):
        fail("note must be non-empty text")
    return {
        "status": status, **dates, **names, **links,
        "note": " ".join(note.split()) if note else None,
    }


def check_references(items: Iterable[Any], fail: Callable[[str, str], None]) -> None:
    """A successor or alternative written as an id (lower case, dotted) must be an item's id."""
    ids = {i.id for i in items}
    for item in items:
        for name in (*item.successors, *item.alternatives):
            if _ID.match(name) and name not in ids:
                fail(f"items entry {item.id!r}", f"names {name!r}, which is not an item id (write a "
                     "name with capitals or spaces if it is not in the roadmap)")


def _date(value: Any, key: str, fail: Callable[[str], None]) -> dt.date | None:
    if value is None:
        return None
    day = clock.parse_date(value)
    if day is None:
        fail(f"{key} {value!r} is not a date; write it as YYYY-MM-DD")
    return day


def _names(value: Any, key: str, fail: Callable[[str], None]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        fail(f"{key} must be a list of item ids or names, such as [\"cert.aws_ml_associate\"]")
    return tuple(" ".join(v.split()) for v in value)


def _link(value: Any, key: str, fail: Callable[[str], None]) -> str | None:
    if value is None:
        return None
    parsed = urlparse(value) if isinstance(value, str) else None
    if parsed is None or parsed.scheme not in ("http", "https") or "." not in parsed.netloc:
        fail(f"{key} {value!r} is not a well-formed http(s) address")
    return value


# ------------------------------------------------------------------ questions about an item


def has_facts(item: Any) -> bool:
    """True for the kinds of item whose facts live outside the workbook (exams, programmes)."""
    return item.kind in FACT_KINDS


def ends(item: Any) -> dt.date | None:
    """The day an item stops (or stopped) being offered, if its provider has said so."""
    return item.retired if item.status == "retired" else item.retires


def is_retired(item: Any, on: dt.date) -> bool:
    """Retired, or retiring on or before `on` (its last day has passed by then)."""
    if item.status == "retired":
        return True
    return item.status == "retiring" and item.retires is not None and item.retires < on


def replacements(item: Any, titles: Mapping[str, str] | None = None) -> list[str]:
    """Its successors, then its alternatives, as names (ids turned into titles when known)."""
    titles = titles or {}
    return list(dict.fromkeys(titles.get(n, n) for n in (*item.successors, *item.alternatives)))


def label(item: Any, on: dt.date) -> str:
    """`current`, `retiring 2026-06-30`, `retired 2026-03-31`, or "" when no status is recorded."""
    if item.status is None:
        return ""
    if is_retired(item, on):
        return f"retired {ends(item)}"
    if item.status == "retiring":
        return f"retiring {item.retires}"
    return "current"


def stale(item: Any, on: dt.date) -> bool:
    """True when the fact was never checked, or last checked more than a year before `on`."""
    return item.checked is None or on - item.checked > STALE_AFTER
