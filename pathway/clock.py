"""Today's date, in one place, so examples stay in the future and tests can fix the day.

Everything that needs "today" (example dates in the notebooks, the age of a checked fact, whether
an exam has retired yet) asks `today()`. Set `PATHWAY_TODAY=YYYY-MM-DD` to pretend it is another
day: the tests do, so no test fails merely because time passed.
"""

from __future__ import annotations

import datetime as dt
import os

from .errors import PathwayError

ENV = "PATHWAY_TODAY"


def today() -> dt.date:
    """Today's date, or the date `$PATHWAY_TODAY` names (YYYY-MM-DD)."""
    value = os.environ.get(ENV, "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PathwayError(
            f"${ENV} is {value!r}, not a date: write it as YYYY-MM-DD, or unset it to use today"
        ) from None


def next_monday(day: dt.date | None = None) -> dt.date:
    """The first Monday after `day` (default today): where a new weekly plan starts."""
    day = day or today()
    return day + dt.timedelta(days=7 - day.weekday())


def weeks_from(weeks: float, day: dt.date | None = None) -> dt.date:
    """The date `weeks` weeks after `day` (default today); negative weeks go back."""
    return (day or today()) + dt.timedelta(weeks=weeks)


def parse_date(value: object) -> dt.date | None:
    """A date from a date, a datetime or a YYYY-MM-DD string; None for anything else.

    Callers say what was wrong in their own words (a roadmap field, a plan's target), so this only reads.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
