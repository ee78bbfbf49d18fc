"""Study plans for certifications: when to start each one, and whether the whole plan fits.

The learner gives, per certification, the study hours it needs and a target (exam) date, and
optionally the earliest day they can start it and the hours a week they will give it; plus the
hours a week they can study in total (the budget). `plan()` turns that into a schedule.

Design: **parallel, just-in-time windows.** Each certification gets its own study window that
*ends on its target date* and lasts `ceil(hours / weekly hours)` weeks. Windows may overlap, as
real preparation does (a long AWS course in the background while revising for ITIL Foundation);
where overlapping windows ask for more hours a week than the budget, the schedule says so and
how to fix it. Ending at the target keeps the material fresh on exam day, and each start date is
the *latest* day to begin: start earlier and you gain slack. A window that would have to begin
before the plan starts (or before the entry's earliest start) cannot meet its target, and the
schedule says which target, weekly hours or drop would make it fit.

Everything is computed from the dates passed in, so a plan is reproducible. The one exception is
the roadmap's facts about each exam: an exam that has retired (by `pathway.clock.today()`) is
refused with the date and what replaces it, and one that retires before its target is warned about.

The chosen plan is recorded in the event log, one event per certification, in this format
(`pathway.views.charts` draws the certification timeline from it; keep it stable):

    pathway.log(item_id, "plan", target="YYYY-MM-DD", start="YYYY-MM-DD",
                hours_per_week=<float>, hours_needed=<float>)

The latest "plan" event of an item wins: `recorded_plans()` reads them back.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import clock, facts
from ..errors import PathwayError

if TYPE_CHECKING:
    import pandas as pd

    from ..progress import Event
    from ..roadmap import Roadmap

ACTION = "plan"
FIELDS = ("item", "hours", "target", "earliest_start", "hours_per_week")
COLUMNS = ["item", "title", "start", "end", "target", "weeks", "hours", "weekly_hours", "fits",
           "problem", "warning"]
_EPS = 1e-9


class PlanError(PathwayError, ValueError):
    """A plan that cannot be computed as given: the message names the entry, the field and the fix."""


@dataclass(frozen=True)
class PlanEntry:
    """One certification to prepare: its item id, the study hours it needs and the target date."""

    item: str
    hours: float
    target: dt.date
    earliest_start: dt.date | None = None
    hours_per_week: float | None = None


@dataclass(frozen=True)
class Row:
    """One scheduled certification: its study window and whether it fits."""

    item: str
    title: str
    start: dt.date
    end: dt.date
    target: dt.date
    weeks: int
    hours: float
    weekly_hours: float
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def fits(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Schedule:
    """The computed plan: one row per certification, in the order you would start them."""

    start: dt.date
    budget: float
    rows: tuple[Row, ...]
    entries: tuple[PlanEntry, ...] = field(default=(), repr=False)

    @property
    def fits(self) -> bool:
        """True when every certification meets its target within the weekly budget."""
        return all(r.fits for r in self.rows)

    @property
    def problems(self) -> list[str]:
        """Every problem once (an overlap concerns two rows but is listed once)."""
        return list(dict.fromkeys(p for r in self.rows for p in r.problems))

    @property
    def warnings(self) -> list[str]:
        """What fits but needs your attention, such as an exam that retires before its target."""
        return list(dict.fromkeys(w for r in self.rows for w in r.warnings))

    @property
    def frame(self) -> pd.DataFrame:
        """The schedule as a DataFrame: item, title, start, end, target, weeks, hours,
        weekly_hours, fits, problem (dates are `datetime.date`)."""
        import pandas as pd

        return pd.DataFrame(
            [
                {"item": r.item, "title": r.title, "start": r.start, "end": r.end,
                 "target": r.target, "weeks": r.weeks, "hours": r.hours,
                 "weekly_hours": r.weekly_hours, "fits": r.fits, "problem": "; ".join(r.problems),
                 "warning": "; ".join(r.warnings)}
                for r in self.rows
            ],
            columns=COLUMNS,
        )

    def weekly_load(self) -> pd.DataFrame:
        """Hours a week per certification, one row per week from the first start to the last end."""
        import pandas as pd

        if not self.rows:
            return pd.DataFrame()
        first = min(r.start for r in self.rows)
        last = max(r.end for r in self.rows)
        weeks = [first + dt.timedelta(weeks=n) for n in range(max(1, -(-(last - first).days // 7)))]
        data = {
            r.title: [r.weekly_hours if r.start <= w < r.end else 0.0 for w in weeks] for r in self.rows
        }
        load = pd.DataFrame(data, index=pd.Index(weeks, name="week"))
        load["total"] = load.sum(axis=1)
        return load

    def _summary(self) -> str:
        if self.fits:
            return (f"the plan fits: {len(self.rows)} certification(s) within {self.budget:g} "
                    "hours a week.")
        return f"{len(self.problems)} problem(s): the plan does not fit yet."

    def __repr__(self) -> str:
        lines = [f"Study plan from {self.start} with {self.budget:g} h/week: {self._summary()}"]
        for r in self.rows:
            mark = "ok " if r.fits else "!! "
            lines.append(f"  {mark}{r.start} -> {r.end}  {r.weekly_hours:>4g} h/wk  {r.title}")
        lines += [f"  - {p}" for p in self.problems]
        lines += [f"  ! warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html

        from .. import display

        kind = "correct" if self.fits else "incorrect"
        label = "Plan fits" if self.fits else "Plan does not fit"
        head = display.banner(kind, self._summary(), label=label)
        table = self.frame.drop(columns=["item"]).to_html(index=False, escape=True)
        notes = "".join(f"<li>{html.escape(p)}</li>" for p in self.problems)
        notes += "".join(f"<li><b>Warning:</b> {html.escape(w)}</li>" for w in self.warnings)
        return head + table + (f"<ul>{notes}</ul>" if notes else "")


# ------------------------------------------------------------------ input


def _date(value: Any, where: str) -> dt.date:
    day = clock.parse_date(value)
    if day is None:
        raise PlanError(f"{where} is {value!r}: write it as a date, `date(2026, 3, 2)` or '2026-03-02'")
    return day


def _hours(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise PlanError(f"{where} is {value!r}: give a number of hours, such as 40")
    if value <= 0:
        raise PlanError(f"{where} is {value:g}: it must be more than 0 hours")
    return float(value)


def entry(value: PlanEntry | Mapping[str, Any], n: int = 1) -> PlanEntry:
    """One plan entry from a dict (`item`, `hours`, `target`, optional `earliest_start` and
    `hours_per_week`) or a PlanEntry, validated with errors that name the field."""
    where = f"entry {n}"
    if isinstance(value, PlanEntry):
        value = {k: getattr(value, k) for k in FIELDS}
    if not isinstance(value, Mapping):
        raise PlanError(
            f"{where} is {type(value).__name__}: each entry is a dict such as "
            "{'item': 'cert.itil_foundation', 'hours': 40, 'target': '2026-03-02'}"
        )
    unknown = sorted(set(map(str, value)) - set(FIELDS))
    if unknown:
        raise PlanError(f"{where} has unknown field(s) {', '.join(unknown)}; use {', '.join(FIELDS)}")
    missing = [k for k in ("item", "hours", "target") if value.get(k) is None]
    if missing:
        raise PlanError(f"{where} lacks {', '.join(missing)}: each entry needs item, hours and target")
    item = value["item"]
    if not isinstance(item, str):
        raise PlanError(f"{where}: item is {item!r}; give a roadmap id such as 'cert.itil_foundation'")
    where = f"{item} ({where})"
    weekly = value.get("hours_per_week")
    earliest = value.get("earliest_start")
    return PlanEntry(
        item=item,
        hours=_hours(value["hours"], f"{where}: hours"),
        target=_date(value["target"], f"{where}: target"),
        earliest_start=None if earliest is None else _date(earliest, f"{where}: earliest_start"),
        hours_per_week=None if weekly is None else _hours(weekly, f"{where}: hours_per_week"),
    )


def weeks_needed(hours: float, hours_per_week: float) -> int:
    """Whole weeks to study `hours` at `hours_per_week`: a partly used week still counts."""
    return math.ceil(hours / hours_per_week - _EPS)


# ------------------------------------------------------------------ planning


def plan(
    certs: Sequence[PlanEntry | Mapping[str, Any]],
    start: dt.date | str,
    hours_per_week: float,
    *,
    roadmap: Roadmap | None = None,
) -> Schedule:
    """Schedule each certification in a window ending on its target; flag what does not fit.

    `hours_per_week` is your total weekly budget; an entry without its own `hours_per_week`
    uses all of it. Raises PlanError for input that cannot be planned (no budget, a target
    before the start, an unknown field), and UnknownItemError for an id not in the roadmap.
    """
    from ..api import load_roadmap

    budget = _hours(hours_per_week, "hours_per_week (your weekly budget)")
    begin = _date(start, "start")
    if isinstance(certs, (str, bytes, Mapping)) or not isinstance(certs, Iterable):
        raise PlanError("certs should be a list of entries (dicts with item, hours and target)")
    entries = [entry(value, n) for n, value in enumerate(certs, 1)]
    if not entries:
        raise PlanError("nothing to plan: give at least one certification")
    roadmap = roadmap or load_roadmap()
    entries = [_resolved(e, roadmap) for e in entries]
    _check_dates(entries, begin)
    _refuse_retired(entries, roadmap)

    titles = {e.item: roadmap.item(e.item).title for e in entries}
    windows = [_window(e, titles[e.item], begin, budget) for e in entries]
    problems: dict[str, list[str]] = {e.item: list(w[3]) for e, w in zip(entries, windows)}
    for items, text in _overloads(entries, windows, budget, titles):
        for item in items:
            problems[item].append(text)
    rows = [
        Row(item=e.item, title=titles[e.item], start=w[0], end=w[1], target=e.target,
            weeks=w[2], hours=e.hours, weekly_hours=e.hours_per_week or budget,
            problems=tuple(problems[e.item]), warnings=_retirement_warnings(e, roadmap))
        for e, w in zip(entries, windows)
    ]
    rows.sort(key=lambda r: (r.start, r.target, r.item))
    return Schedule(start=begin, budget=budget, rows=tuple(rows), entries=tuple(entries))


def _resolved(e: PlanEntry, roadmap: Roadmap) -> PlanEntry:
    resolved = roadmap.resolve(e.item)
    return e if resolved == e.item else PlanEntry(resolved, e.hours, e.target, e.earliest_start,
                                                   e.hours_per_week)


def _replacements(item: Any, roadmap: Roadmap) -> str:
    titles = {i.id: i.title for i in roadmap.items}
    names = facts.replacements(item, titles)
    return f"consider {' or '.join(names)} instead" if names else "choose another certification"


def _refuse_retired(entries: list[PlanEntry], roadmap: Roadmap) -> None:
    """An exam its provider has retired cannot be sat: refuse it, naming the date and what replaces it."""
    today = clock.today()
    for e in entries:
        item = roadmap.item(e.item)
        if facts.is_retired(item, today):
            checked = f" (checked {item.checked})" if item.checked else ""
            raise PlanError(
                f"{item.title} ({e.item}) was retired on {facts.ends(item)}{checked}, so it cannot be "
                f"planned: {_replacements(item, roadmap)}. Remove it from the plan."
            )


def _retirement_warnings(e: PlanEntry, roadmap: Roadmap) -> tuple[str, ...]:
    item = roadmap.item(e.item)
    if item.status == "retiring" and item.retires is not None and item.retires < e.target:
        return (f"{item.title} retires on {item.retires}, before your target {e.target}: sit it by "
                f"{item.retires}, or {_replacements(item, roadmap)}",)
    return ()


def _check_dates(entries: list[PlanEntry], begin: dt.date) -> None:
    seen: set[str] = set()
    for e in entries:
        if e.item in seen:
            raise PlanError(f"{e.item} is planned twice: keep one entry per certification")
        seen.add(e.item)
        if e.target < begin:
            raise PlanError(
                f"{e.item}: target {e.target} is before the plan starts ({begin}): move the target "
                "later, or start the plan earlier"
            )
        if e.earliest_start is not None and e.earliest_start > e.target:
            raise PlanError(
                f"{e.item}: earliest_start {e.earliest_start} is after its target {e.target}: "
                "one of the two dates is wrong"
            )


def _window(
    e: PlanEntry, title: str, begin: dt.date, budget: float
) -> tuple[dt.date, dt.date, int, list[str]]:
    """(start, end, weeks, problems) of one certification's study window."""
    weekly = e.hours_per_week or budget
    weeks = weeks_needed(e.hours, weekly)
    floor = max(begin, e.earliest_start or begin)
    start = e.target - dt.timedelta(weeks=weeks)
    problems: list[str] = []
    if weekly > budget + _EPS:
        problems.append(
            f"{title} alone asks for {weekly:g} h/week, more than your budget of {budget:g}: lower its "
            "hours_per_week (it then takes more weeks) or raise your budget"
        )
    if start >= floor:
        return start, e.target, weeks, problems
    end = floor + dt.timedelta(weeks=weeks)
    weeks_free = (e.target - floor).days // 7
    fixes = [f"move the target to {end} or later"]
    if weeks_free > 0:
        per_week = e.hours / weeks_free
        if per_week <= budget + _EPS:
            fixes.append(f"study {_round_up(per_week)} h/week for it")
        else:
            fixes.append(f"raise your budget to {_round_up(per_week)} h/week")
    fixes.append("or drop it from this plan")
    free = f"only {weeks_free} whole week(s)" if weeks_free else "less than a week"
    problems.append(
        f"{title} needs {weeks} week(s) at {weekly:g} h/week ({e.hours:g} h) but there is {free} between "
        f"{floor} and the target {e.target}: {', '.join(fixes)}"
    )
    return floor, end, weeks, problems


def _round_up(value: float) -> str:
    return f"{math.ceil(value * 10 - _EPS) / 10:g}"


def _overloads(entries: list[PlanEntry], windows: list[tuple], budget: float,
               titles: Mapping[str, str]) -> list[tuple[tuple[str, ...], str]]:
    """Each stretch where overlapping windows exceed the budget: (the items in it, a message)."""
    weekly = {e.item: e.hours_per_week or budget for e in entries}
    span = {e.item: (w[0], w[1]) for e, w in zip(entries, windows)}
    target = {e.item: e.target for e in entries}
    cuts = sorted({d for w in span.values() for d in w})
    stretches: list[tuple[dt.date, dt.date, tuple[str, ...]]] = []
    for a, b in zip(cuts, cuts[1:]):
        active = tuple(i for i in span if span[i][0] <= a < span[i][1])
        if len(active) > 1 and sum(weekly[i] for i in active) > budget + _EPS:
            if stretches and stretches[-1][2] == active and stretches[-1][1] == a:
                stretches[-1] = (stretches[-1][0], b, active)
            else:
                stretches.append((a, b, active))
    found = []
    for a, b, active in stretches:
        total = sum(weekly[i] for i in active)
        last = max(active, key=lambda i: (target[i], i))
        others_end = max(span[i][1] for i in active if i != last)
        moved = target[last] + (others_end - span[last][0])
        names = [titles[i] for i in active]
        both = ", ".join(names[:-1]) + " and " + names[-1]
        found.append((active, (
            f"{both} overlap from {a} to {b}: together {total:g} h/week, over your budget of "
            f"{budget:g}. Fix: move the target of {titles[last]} to {moved} or later, add "
            f"{total - budget:g} h/week to your budget, or drop one of them"
        )))
    return found


# ------------------------------------------------------------------ the roadmap's certifications


def certifications(phase: str = "p5", roadmap: Roadmap | None = None) -> pd.DataFrame:
    """The certifications a phase lists (with those shared from other phases): id, title, group,
    link (the roadmap's, else the official page), home phase and status (`current`, `retiring
    DATE`, `retired DATE`, as of today), in roadmap order, read from the roadmap (never typed in code).

    A certificate shared from another phase may carry no `group`; the seed lists the shared ones
    among its technical certifications, so they default to "technical".
    """
    import pandas as pd

    from ..api import load_roadmap

    roadmap = roadmap or load_roadmap()
    today = clock.today()
    rows = [
        {"id": i.id, "title": i.title,
         "group": i.group or ("technical" if i.phase != phase else ""),
         "link": i.link or i.official or "", "phase": i.phase, "status": facts.label(i, today)}
        for i in roadmap.items_in(phase, include_shared=True)
        if i.kind == "certification"
    ]
    return pd.DataFrame(rows, columns=["id", "title", "group", "link", "phase", "status"])


# ------------------------------------------------------------------ recording


def record(schedule: Schedule, *, allow_problems: bool = False) -> list[Event]:
    """Record the schedule as your chosen plan: one "plan" event per certification.

    A plan that does not fit is refused (fix it first) unless `allow_problems=True`.
    """
    from ..api import log

    if not isinstance(schedule, Schedule):
        raise PlanError(f"record() takes the Schedule that plan() returns, not {type(schedule).__name__}")
    if not schedule.fits and not allow_problems:
        raise PlanError(
            "this plan does not fit yet, so it was not recorded: fix the problems first "
            f"({schedule.problems[0]}), or pass allow_problems=True to record it anyway"
        )
    return [
        log(r.item, ACTION, target=r.target.isoformat(), start=r.start.isoformat(),
            hours_per_week=float(r.weekly_hours), hours_needed=float(r.hours))
        for r in schedule.rows
    ]


def recorded_plans() -> pd.DataFrame:
    """Your recorded plan: the latest "plan" event of each item, in start order.

    Columns: item, title, start, target, hours_per_week, hours_needed, recorded (UTC time).
    """
    import pandas as pd

    from ..api import load_roadmap, logged

    roadmap = load_roadmap()
    latest: dict[str, Any] = {}
    for event in logged(action=ACTION):
        latest[roadmap.aliases.get(event.item, event.item)] = event
    rows = []
    for item, event in latest.items():
        d = event.detail or {}
        try:
            title = roadmap.item(item).title
        except PathwayError:
            title = ""
        rows.append({
            "item": item, "title": title, "start": _maybe_date(d.get("start")),
            "target": _maybe_date(d.get("target")), "hours_per_week": _maybe_float(d.get("hours_per_week")),
            "hours_needed": _maybe_float(d.get("hours_needed")), "recorded": event.time,
        })
    rows.sort(key=lambda r: (r["start"] or dt.date.max, r["item"]))
    columns = ["item", "title", "start", "target", "hours_per_week", "hours_needed", "recorded"]
    return pd.DataFrame(rows, columns=columns)


def _maybe_date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _maybe_float(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan
