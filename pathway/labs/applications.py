"""Internship and volunteer applications and mentor contacts: a log, and what it says.

Each update is one event in the progress log, `pathway.log(item, "application", ...)` or
`pathway.log(item, "contact", ...)`, so nothing lives outside the one store. An application
moves through stages (applied, interview, offer, rejected, withdrawn); the field is called
`stage` because `status` already means the roadmap item's own status. `summarise` turns such a
log (yours, or the sample in `data/p4_applications.csv`) into counts per stage, the response
rate and the follow-ups that are due.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .. import clock

if TYPE_CHECKING:
    import pandas as pd

    from ..progress import Event

STAGES = ("applied", "interview", "offer", "rejected", "withdrawn")
ITEMS = ("p4.exp.internship", "p4.exp.volunteer", "p4.exp.mentorship")
FOLLOW_UP_AFTER_DAYS = 14
APPLICATION_COLUMNS = ["date", "item", "organisation", "role", "stage", "note"]
CONTACT_COLUMNS = ["date", "item", "person", "organisation", "channel", "note", "follow_up"]
# The day the sample log in data/p4_applications.csv was written "as of"; `example(as_of=...)`
# moves every date so that this day becomes `as_of` (the log then covers the three months before).
SAMPLE_AS_OF = dt.date(2025, 3, 31)


# ------------------------------------------------------------------ recording
def record_application(
    organisation: str, role: str, stage: str = "applied", *, item: str = "p4.exp.internship",
    date: str | dt.date | None = None, note: str = "",
) -> Event:
    """Log an application or a later update to it (same organisation and role, a new stage)."""
    stage = _stage(stage)
    return _log(item, "application", organisation=_text(organisation, "organisation"),
                role=_text(role, "role"), stage=stage, date=_date(date, "date"), note=str(note))


def record_contact(
    person: str, organisation: str = "", *, item: str = "p4.exp.mentorship",
    date: str | dt.date | None = None, channel: str = "", note: str = "",
    follow_up: str | dt.date | None = None,
) -> Event:
    """Log a conversation with a mentor or a professional, with an optional follow-up date."""
    return _log(item, "contact", person=_text(person, "person"), organisation=str(organisation),
                channel=str(channel), date=_date(date, "date"), note=str(note),
                follow_up=_date(follow_up, "follow_up") if follow_up is not None else "")


def _log(item: str, action: str, **fields: Any) -> Event:
    """Log the event; a first application or contact moves a `todo` item to `in_progress`."""
    from .. import api

    current = api.statuses().get(api.load_roadmap().resolve(item), "todo")
    return api.log(item, action, status="in_progress" if current == "todo" else None, **fields)


def _stage(stage: Any) -> str:
    value = str(stage).strip().lower()
    if value not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; use one of: {', '.join(STAGES)}")
    return value


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{field} must be non-empty text, got {value!r}")
    return value.strip()


def _date(value: Any, field: str) -> str:
    """An ISO date (YYYY-MM-DD); today when not given."""
    if value is None:
        return clock.today().isoformat()
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ValueError(f"{field} {value!r} is not a date; write it as YYYY-MM-DD") from None


# ------------------------------------------------------------------ reading
def table() -> pd.DataFrame:
    """Every application update you logged, oldest first (the columns of the sample log)."""
    return _frame("application", APPLICATION_COLUMNS)


def contacts() -> pd.DataFrame:
    """Every mentor or professional contact you logged, oldest first."""
    return _frame("contact", CONTACT_COLUMNS)


def example(as_of: Any = None) -> pd.DataFrame:
    """The sample log in `data/p4_applications.csv`: a fictional search, 20 updates of 11 applications.

    With `as_of` (a date), every date moves by the same number of days so that the log reads as of
    that day, covering the three months before it; dates stay ISO text, as in the file.
    """
    import pandas as pd

    from . import datasets

    log = datasets.load("p4_applications.csv", keep_default_na=False)
    if as_of is None:
        return log
    shift = pd.Timestamp(as_of).normalize() - pd.Timestamp(SAMPLE_AS_OF)
    return log.assign(date=(pd.to_datetime(log["date"]) + shift).dt.strftime("%Y-%m-%d"))


def _frame(action: str, columns: list[str]) -> pd.DataFrame:
    import pandas as pd

    from .. import api

    rows = [_fields(e, columns) for e in api.logged(action=action)]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def _fields(event: Event, columns: list[str]) -> dict[str, str]:
    detail = event.detail or {}
    row = {c: str(detail.get(c, "")) for c in columns}
    row["item"] = event.item
    row["date"] = row["date"] or event.time[:10]
    return row


# ------------------------------------------------------------------ summarising
def current(log: pd.DataFrame) -> pd.DataFrame:
    """One row per application (organisation and role): its latest stage and its dates."""
    import pandas as pd

    frame = log.assign(date=pd.to_datetime(log["date"])).sort_values("date", kind="stable")
    keys = ["organisation", "role"]
    latest = frame.groupby(keys, sort=False).tail(1).set_index(keys)
    first = frame.groupby(keys, sort=False)["date"].min()
    out = latest.assign(applied=first.reindex(latest.index), updated=latest["date"])
    return out[["item", "stage", "applied", "updated", "note"]].sort_values("updated")


@dataclass
class Summary:
    """Counts per stage, the response rate and the follow-ups due, with a readable repr.

    The response rate is the share of applications (not withdrawn) that heard back: an
    interview, an offer or a rejection. None before the first application.
    """

    counts: dict[str, int]
    applications: int
    response_rate: float | None
    follow_ups: pd.DataFrame

    def __repr__(self) -> str:
        lines = [f"{self.applications} application{'s' * (self.applications != 1)}"]
        lines += [f"  {stage:<10} {n}" for stage, n in self.counts.items()]
        rate = "n/a" if self.response_rate is None else f"{self.response_rate:.0%}"
        lines.append(f"response rate: {rate} (an interview, an offer or a rejection)")
        if len(self.follow_ups):
            lines.append("follow-ups due:")
            lines += [f"  {r.who} ({r.organisation}): {r.reason}" for r in self.follow_ups.itertuples()]
        else:
            lines.append("no follow-ups due")
        return "\n".join(lines)


def summarise(
    log: pd.DataFrame, contacts: pd.DataFrame | None = None, *, today: Any = None,
    follow_up_after: int = FOLLOW_UP_AFTER_DAYS,
) -> Summary:
    """Summarise an applications log (and optionally contacts) as of `today`.

    Follow-ups due: applications still at 'applied' with no update for `follow_up_after` days or
    more (a polite check-in is normal by then), and contacts whose follow-up date has come.
    """
    import pandas as pd

    today = pd.Timestamp(today if today is not None else clock.today()).normalize()
    now = current(log) if len(log) else None
    counts = {stage: 0 for stage in STAGES}
    due: list[dict[str, Any]] = []
    if now is not None:
        for stage, n in now["stage"].value_counts().items():
            counts[str(stage)] = int(n)
        waiting = now[(now["stage"] == "applied")
                      & ((today - now["updated"]).dt.days >= follow_up_after)]
        for (organisation, role), row in waiting.iterrows():
            days = (today - row["updated"]).days
            due.append({"kind": "application", "who": role, "organisation": organisation,
                        "since": row["updated"].date(), "reason": f"no answer for {days} days"})
    if contacts is not None and len(contacts):
        frame = contacts.assign(date=pd.to_datetime(contacts["date"])).sort_values("date", kind="stable")
        for (person, organisation), row in frame.groupby(["person", "organisation"]).tail(1).set_index(
            ["person", "organisation"]
        ).iterrows():
            follow = pd.to_datetime(row["follow_up"] or None)
            if follow is not None and not pd.isna(follow) and follow <= today:
                due.append({"kind": "contact", "who": person, "organisation": organisation,
                            "since": row["date"].date(), "reason": f"follow up planned for {follow.date()}"})
    applications = 0 if now is None else len(now)
    heard = counts["interview"] + counts["offer"] + counts["rejected"]
    asked = applications - counts["withdrawn"]
    return Summary(
        counts=counts,
        applications=applications,
        response_rate=heard / asked if asked else None,
        follow_ups=pd.DataFrame(due, columns=["kind", "who", "organisation", "since", "reason"]),
    )


def summary(today: Any = None) -> Summary:
    """Your own applications and contacts, summarised (see `summarise`)."""
    return summarise(table(), contacts(), today=today)
