"""Progress charts: where the learner stands, how they got there, and what is planned.

Each chart has a pure data function (roadmap + events in, a pandas DataFrame out) and a drawing
function that returns a matplotlib `Figure`. The figures are built with `Figure()` and an Agg
canvas, never through pyplot's global state, so they work headless without choosing a backend,
and a notebook shows a returned figure once. matplotlib, seaborn and pandas are imported inside
functions, so `import pathway` stays fast.

Every function takes an optional `roadmap` and `events` (defaults: the roadmap in use and the
learner's progress store) and, where the chart depends on the date, `today`.

Days are UTC days, as the store records times.
"""

from __future__ import annotations

import datetime as dt
import difflib
import textwrap
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import summary
from .errors import PathwayError
from .progress import COMPLETE, Event, ProgressStore
from .roadmap import Item, Roadmap, load_roadmap

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

STATUS_COLOURS = {
    "done": "#2e7d32", "in_progress": "#f9a825", "skipped": "#8d8d8d", "todo": "#cfd8dc",
}
STATUSES_ORDER = ("done", "in_progress", "skipped", "todo")  # the stacking order of the bars
STATUS_LABELS = {"done": "done", "in_progress": "in progress", "skipped": "skipped", "todo": "to do"}
_INK = "#263238"
_MUTED = "#607d8b"
_PLAN = "#1565c0"
_TODAY = "#c62828"
FORMATS = ("png", "svg", "pdf")
DPI = 120

# The charts' titles and one-line descriptions (the report and the notebook use them too).
TITLES = {
    "phases": "Completion per phase",
    "progress": "Progress over time",
    "certifications": "Certification plan",
    "skills": "Skill coverage by area",
    "exercises": "Exercise record per phase",
}
DESCRIPTIONS = {
    "phases": "How many items of each phase are done, in progress, skipped and still to do.",
    "progress": "Items complete over time, against the target dates you planned, and how many "
                "you completed each week.",
    "certifications": "Each certification's study window and target date, coloured by status.",
    "skills": "Languages, data science, machine learning, tools and leadership: how far each "
              "skill has come, and how many of the phase's exercises are solved.",
    "exercises": "Attempts, hints, solutions viewed and exercises solved at the first attempt "
                 "without help, per phase.",
}

# Skill areas, derived from the roadmap's data (kinds, phases, groups), never from titles.
SKILL_AREAS: tuple[tuple[str, Callable[[Item], bool]], ...] = (
    ("Languages", lambda i: i.kind == "language"),
    ("Data science", lambda i: i.phase == "p2" and i.kind == "topic"),
    ("Machine learning", lambda i: i.phase == "p3" and i.kind == "topic"),
    ("Tools", lambda i: i.kind == "tool"),
    ("Leadership", lambda i: i.kind == "certification" and i.group == "leadership"),
)


class ChartError(PathwayError, ValueError):
    """A chart that cannot be written as asked (an unknown kind or file type)."""


# ====================================================================== inputs


def load_inputs(roadmap: Roadmap | None, events: Iterable[Event] | None) -> tuple[Roadmap, list[Event]]:
    """The roadmap and the events in time order (the learner's own when not given)."""
    roadmap = roadmap if roadmap is not None else load_roadmap()
    events = list(events) if events is not None else ProgressStore().events()
    return roadmap, sorted(events, key=lambda e: _when(e.time))


def _when(value: str) -> dt.datetime:
    parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc)


def event_day(value: str) -> dt.date:
    return _when(value).date()


def known_events(roadmap: Roadmap, events: Iterable[Event]) -> Iterable[tuple[str, Event]]:
    """(current item id, event) for events of items in the roadmap, following renamed ids."""
    ids = {i.id for i in roadmap.items}
    for event in events:
        item_id = roadmap.aliases.get(event.item, event.item)
        if item_id in ids:
            yield item_id, event


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


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
    latest of today, the last event and the last target. No events and no plans: no rows.
    """
    import pandas as pd

    roadmap, events = load_inputs(roadmap, events)
    today = today or dt.date.today()
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
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
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


# ====================================================================== drawing helpers


def _figure(width: float, height: float) -> Figure:
    """A standalone figure with an Agg canvas and constrained layout (no pyplot, no backend)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _status_handles(statuses: Sequence[str] = STATUSES_ORDER) -> list[Any]:
    from matplotlib.patches import Patch

    return [Patch(facecolor=STATUS_COLOURS[s], label=STATUS_LABELS[s]) for s in statuses]


def _empty_note(ax: Any, text: str) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center",
            color=_MUTED, fontsize=11, wrap=True)


def _date_axis(axis: Any) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    axis.set_major_locator(locator)
    axis.set_major_formatter(mdates.ConciseDateFormatter(locator))


# ====================================================================== charts


def phase_completion_chart(roadmap: Roadmap | None = None, events: Iterable[Event] | None = None) -> Figure:
    """Stacked horizontal bars per phase: done, in progress, skipped and to do, with the percent."""
    roadmap, events = load_inputs(roadmap, events)
    data = phase_completion_data(roadmap, events)
    fig = _figure(11, 0.55 * len(data) + 1.9)
    ax = fig.subplots()
    y = list(range(len(data)))
    left = [0] * len(data)
    for status in STATUSES_ORDER:
        widths = data[status].astype(int).tolist()
        ax.barh(y, widths, left=left, color=STATUS_COLOURS[status], label=STATUS_LABELS[status],
                height=0.62, edgecolor="white", linewidth=0.8)
        left = [a + b for a, b in zip(left, widths)]
    widest = max([*data["total"].tolist(), 1])
    for row, (_, r) in zip(y, data.iterrows()):
        complete = int(r["done"]) + int(r["skipped"])
        text = f"{r['percent']:.0f}%  ({complete} of {r['total']})" if r["total"] else "no items"
        ax.text(r["total"] + widest * 0.01, row, text, va="center", ha="left", fontsize=10, color=_INK)
    ax.set_yticks(y, data["label"].tolist())
    ax.invert_yaxis()
    ax.set_xlim(0, widest * 1.2)
    ax.set_xlabel("items (done and skipped count as complete)")
    ax.set_title(TITLES["phases"], loc="left", fontsize=13, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    fig.legend(handles=_status_handles(), loc="outside lower center", ncols=4, frameon=False)
    return fig


def progress_chart(
    roadmap: Roadmap | None = None,
    events: Iterable[Event] | None = None,
    today: dt.date | None = None,
) -> Figure:
    """Items complete over time against the planned line, with completions per week below."""
    from matplotlib.ticker import MaxNLocator

    roadmap, events = load_inputs(roadmap, events)
    today = today or dt.date.today()
    data = progress_data(roadmap, events, today)
    fig = _figure(11, 6.4)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1])
    top.set_title(TITLES["progress"], loc="left", fontsize=13, fontweight="bold")
    top.set_ylabel("items complete (cumulative)")
    bottom.set_ylabel("per week")
    bottom.set_xlabel("date")
    for ax in (top, bottom):
        ax.spines[["top", "right"]].set_visible(False)
        ax.axvline(today, color=_TODAY, linestyle=":", linewidth=1.4,
                   label="today" if ax is top else None)
    _date_axis(bottom.xaxis)
    if data.empty:
        _empty_note(top, "No progress recorded yet.\nMark an item or check an exercise "
                         "and your line starts here.")
        top.set_xlim(today - dt.timedelta(days=7), today + dt.timedelta(days=30))
        top.set_ylim(0, 10)
        bottom.set_ylim(0, 4)
        bottom.set_yticks([0, 2, 4])
    else:
        dates = data["date"].tolist()
        top.step(dates, data["complete"].tolist(), where="post", color=STATUS_COLOURS["done"],
                 linewidth=2.2, label="complete (done or skipped)")
        top.fill_between(dates, data["complete"].tolist(), step="post",
                         color=STATUS_COLOURS["done"], alpha=0.12, linewidth=0)
        n_planned = len(planned_targets(roadmap, events))
        if n_planned:
            top.step(dates, data["planned"].tolist(), where="post", color=_PLAN, linestyle="--",
                     linewidth=1.8,
                     label=f"planned: target dates reached ({n_planned} item{'s' * (n_planned > 1)})")
        weekly = weekly_completions(data)
        bottom.bar(weekly["week"].tolist(), weekly["completed"].tolist(), width=6, align="edge",
                   color=STATUS_COLOURS["done"], alpha=0.8, label="completed in the week")
        if weekly["reopened"].sum():
            bottom.bar(weekly["week"].tolist(), (-weekly["reopened"]).tolist(), width=6,
                       align="edge", color=_TODAY, alpha=0.7, label="reopened in the week")
            bottom.axhline(0, color=_MUTED, linewidth=0.6)
        bottom.set_ylim(-int(weekly["reopened"].max()) * 1.2,
                        max(int(weekly["completed"].max()), 1) * 1.15)
        top.set_ylim(0, max(int(data["complete"].max()), int(data["planned"].max()), 1) * 1.08)
        pad = dt.timedelta(days=max(1, round((dates[-1] - dates[0]).days * 0.015)))
        top.set_xlim(dates[0] - pad, dates[-1] + pad)
        for ax in (top, bottom):
            ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4 if ax is bottom else "auto"))
    lines = top.get_legend_handles_labels()[0]
    lines = lines[1:] + lines[:1]  # "today" after the data
    handles = [*lines, *bottom.get_legend_handles_labels()[0]]
    fig.legend(handles=handles, loc="outside lower center", ncols=min(len(handles), 3), frameon=False)
    return fig


def certification_chart(
    roadmap: Roadmap | None = None,
    events: Iterable[Event] | None = None,
    today: dt.date | None = None,
) -> Figure:
    """The certification plan as a timeline: study window bars, target markers, status colours."""
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D

    roadmap, events = load_inputs(roadmap, events)
    today = today or dt.date.today()
    data = certification_plan_data(roadmap, events)
    fig = _figure(11, 0.48 * max(len(data), 1) + 2.0)
    ax = fig.subplots()
    ax.set_title(TITLES["certifications"], loc="left", fontsize=13, fontweight="bold")
    ax.spines[["top", "right"]].set_visible(False)
    if data.empty:
        _empty_note(ax, "The roadmap lists no certifications.")
        ax.set_yticks([])
        return fig
    dates = [d for col in ("start", "target") for d in data[col].tolist() if d is not None]
    low = min([*dates, today]) - dt.timedelta(days=20)
    high = max([*dates, today]) + dt.timedelta(days=30)
    if not dates:
        high = today + dt.timedelta(days=365)
    y = list(range(len(data)))
    for row, (_, r) in zip(y, data.iterrows()):
        colour = STATUS_COLOURS[r["status"]]
        if r["start"] is not None and r["target"] is not None:
            start = mdates.date2num(r["start"])
            ax.barh(row, mdates.date2num(r["target"]) - start, left=start, height=0.5, color=colour,
                    alpha=0.85, edgecolor=_INK, linewidth=0.6)
            hours = _hours_text(r["hours_per_week"], r["hours_needed"])
            if hours and (r["target"] - r["start"]).days > 0.14 * (high - low).days:
                ax.text((start + mdates.date2num(r["target"])) / 2, row, hours, ha="center",
                        va="center", fontsize=8.5, color="white" if r["status"] == "done" else _INK)
        if r["target"] is not None:
            ax.plot([r["target"]], [row], marker="D", markersize=9, color=colour,
                    markeredgecolor=_INK, markeredgewidth=1.0, linestyle="none")
        if not r["planned"]:
            ax.text(0.01, row, f"no plan yet ({STATUS_LABELS[r['status']]})", va="center",
                    ha="left", color=_MUTED, fontstyle="italic", fontsize=9, zorder=5,
                    transform=ax.get_yaxis_transform(),
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.5})
    ax.axvline(today, color=_TODAY, linestyle=":", linewidth=1.4)
    ax.set_yticks(y, data["title"].tolist())
    ax.set_ylim(len(data) - 0.5, -0.5)
    ax.set_xlim(low, high)
    _date_axis(ax.xaxis)
    ax.set_xlabel("study window (start to target), from each certification's latest plan")
    ax.grid(axis="x", color="#eceff1", linewidth=0.8)
    ax.set_axisbelow(True)
    handles = [
        *_status_handles(),
        Line2D([], [], marker="D", color="white", markerfacecolor="white", markeredgecolor=_INK,
               markersize=8, label="target date"),
        Line2D([], [], color=_TODAY, linestyle=":", label="today"),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=6, frameon=False)
    return fig


def _hours_text(per_week: float | None, needed: float | None) -> str:
    """The plan's hours as "6 h/week · 120 h in all", or "" when the plan has none."""
    parts = []
    if per_week is not None and per_week == per_week:
        parts.append(f"{per_week:g} h/week")
    if needed is not None and needed == needed:
        parts.append(f"{needed:g} h in all")
    return " · ".join(parts)


def skill_coverage_chart(roadmap: Roadmap | None = None, events: Iterable[Event] | None = None) -> Figure:
    """A heat map of skills by area, shaded by status; exercise cells by the share solved."""
    import numpy as np
    import seaborn as sns
    from matplotlib.colors import LinearSegmentedColormap
    from matplotlib.patches import Rectangle

    roadmap, events = load_inputs(roadmap, events)
    data = skill_coverage_data(roadmap, events)
    areas = [a for a, _ in SKILL_AREAS if a in set(data["area"])]
    width = int(data["column"].max()) + 1 if not data.empty else 1
    fig = _figure(max(8.0, 1.3 * width + 2.2), 0.95 * max(len(areas), 1) + 1.9)
    ax = fig.subplots()
    ax.set_title(TITLES["skills"], loc="left", fontsize=13, fontweight="bold")
    if data.empty:
        _empty_note(ax, "The roadmap has no languages, topics, tools or leadership certifications.")
        ax.set_axis_off()
        return fig
    grid = np.full((len(areas), width), np.nan)
    for r in data.itertuples():
        grid[areas.index(r.area), r.column] = r.score
    cmap = LinearSegmentedColormap.from_list("coverage", ["#eceff1", "#a5d6a7", "#2e7d32"])
    colorbar_style = {"label": "coverage", "ticks": [0, 0.5, 1], "shrink": 0.8, "pad": 0.02,
                      "fraction": 0.04}
    sns.heatmap(grid, ax=ax, mask=np.isnan(grid), cmap=cmap, vmin=0, vmax=1, linewidths=3,
                linecolor="white", cbar_kws=colorbar_style)
    colorbar = ax.collections[0].colorbar
    colorbar.set_ticklabels(["to do", "in progress", "done /\nall solved"])
    for r in data.itertuples():
        row = areas.index(r.area)
        if r.kind == "skill" and r.status == "skipped":
            ax.add_patch(Rectangle((r.column + 0.03, row + 0.04), 0.94, 0.92, facecolor="#fafafa",
                                   edgecolor="#b0bec5", hatch="//", linewidth=0))
        if r.kind == "exercises":  # set apart from the skills: an outline
            ax.add_patch(Rectangle((r.column + 0.04, row + 0.05), 0.92, 0.9, fill=False,
                                   edgecolor=_INK, linewidth=1.2, linestyle="--"))
        label = textwrap.fill(r.label, 15)
        if r.kind == "exercises":
            label = f"{textwrap.fill(r.label, 15)}\n{int(r.solved)}/{int(r.exercises)} solved"
        elif r.status == "skipped":
            label += "\n(skipped)"
        dark = r.score == r.score and r.score >= 0.6
        backdrop = {"facecolor": "#fafafa", "edgecolor": "none", "alpha": 0.9, "pad": 1.5}
        ax.text(r.column + 0.5, row + 0.5, label, ha="center", va="center", fontsize=8,
                color="white" if dark else _INK,
                fontweight="bold" if r.kind == "exercises" else "normal",
                bbox=backdrop if r.status == "skipped" else None)
    ax.set_yticks([i + 0.5 for i in range(len(areas))], areas, rotation=0, fontsize=10)
    ax.set_xticks([])
    ax.set_xlabel("each cell is one skill from the roadmap; the last cell of a row, "
                  "when present, is that phase's exercises")
    ax.tick_params(left=False)
    return fig


_EXERCISE_PANELS = (
    ("attempts", "Attempts", "checks of a written answer"),
    ("hints", "Hints used", "each hint counted once"),
    ("solutions", "Solutions viewed", "exercises"),
    ("first_time", "Solved first time", "no hint, no solution"),
)


def exercise_record_chart(roadmap: Roadmap | None = None, events: Iterable[Event] | None = None) -> Figure:
    """Four small bar charts per phase: attempts, hints used, solutions viewed, solved first time."""
    from matplotlib.ticker import MaxNLocator

    roadmap, events = load_inputs(roadmap, events)
    data = exercise_record_data(roadmap, events)
    fig = _figure(13, 0.45 * len(data) + 2.2)
    axes = fig.subplots(1, len(_EXERCISE_PANELS), sharey=True)
    title = TITLES["exercises"]
    if not data["attempts"].sum():
        title += ": no exercise checked yet"
    fig.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold")
    y = list(range(len(data)))
    for ax, (column, title, unit) in zip(axes, _EXERCISE_PANELS):
        values = data[column].astype(int).tolist()
        if column in ("solutions", "first_time"):
            base = data["exercises" if column == "solutions" else "solved"].astype(int).tolist()
            ax.barh(y, base, height=0.6, color="#eceff1",
                    label="exercises" if column == "solutions" else "solved")
        ax.barh(y, values, height=0.6, color=_PLAN if column != "first_time" else STATUS_COLOURS["done"],
                label=title.lower())
        widest = max([*values, *(base if column in ("solutions", "first_time") else []), 1])
        for row, value in zip(y, values):
            if not data["exercises"].iloc[row]:
                if ax is axes[0]:
                    ax.text(widest * 0.03, row, "no exercises", va="center", fontsize=9,
                            color=_MUTED, fontstyle="italic")
                continue
            if column == "solutions" and data["exercises"].iloc[row]:
                text = f"{value}/{int(data['exercises'].iloc[row])}"
            elif column == "first_time" and data["solved"].iloc[row]:
                text = f"{value}/{int(data['solved'].iloc[row])}"
            else:
                text = str(value)
            ax.text(max(value, 0) + widest * 0.03, row, text, va="center", fontsize=9, color=_INK)
        ax.set_xlim(0, widest * 1.3)
        ax.set_title(title, fontsize=11)
        ax.set_xlabel(unit)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        ax.spines[["top", "right"]].set_visible(False)
    axes[0].set_yticks(y, data["label"].tolist())
    for tick, count in zip(axes[0].get_yticklabels(), data["exercises"].tolist()):
        tick.set_color(_INK if count else _MUTED)
    axes[0].invert_yaxis()
    for ax in axes[1:]:
        ax.tick_params(left=False)
    axes[2].legend(loc="lower right", fontsize=8, frameon=False)
    axes[3].legend(loc="lower right", fontsize=8, frameon=False)
    return fig


# ====================================================================== writing

# The kinds `pathway chart --kind` accepts, in the order the dashboard and the report show them.
KINDS: dict[str, Callable[..., Figure]] = {
    "phases": phase_completion_chart,
    "progress": progress_chart,
    "certifications": certification_chart,
    "skills": skill_coverage_chart,
    "exercises": exercise_record_chart,
}
_TAKES_TODAY = {"progress", "certifications"}


def check_kinds(kinds: Sequence[str] | None) -> list[str]:
    """The chart kinds asked for (all when None), or a ChartError naming the unknown one."""
    if not kinds:
        return list(KINDS)
    chosen = []
    for kind in kinds:
        name = str(kind).strip().lower()
        if name not in KINDS:
            close = difflib.get_close_matches(name, list(KINDS), n=1)
            hint = f" Did you mean {close[0]!r}?" if close else ""
            raise ChartError(f"unknown chart kind {kind!r}.{hint} The kinds are: {', '.join(KINDS)}")
        if name not in chosen:
            chosen.append(name)
    return chosen


def draw(
    kinds: Sequence[str] | None = None,
    *,
    roadmap: Roadmap | None = None,
    events: Iterable[Event] | None = None,
    today: dt.date | None = None,
) -> dict[str, Figure]:
    """The charts asked for (all by default), by kind, reading the store only once."""
    chosen = check_kinds(kinds)
    roadmap, events = load_inputs(roadmap, events)
    today = today or dt.date.today()
    return {
        kind: KINDS[kind](roadmap, events, today) if kind in _TAKES_TODAY else KINDS[kind](roadmap, events)
        for kind in chosen
    }


def _target(out: Path, kinds: list[str]) -> tuple[str, str | None]:
    """("dir", None) or ("file", format) for an output path, or a ChartError saying why not."""
    if out.is_dir() or not out.suffix:
        return "dir", None
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ChartError(
            f"cannot write a chart as {out.suffix!r} ({out}); use a .png, .svg or .pdf file, "
            "or a folder for every chart as PNG"
        )
    if len(kinds) > 1 and fmt != "pdf":
        raise ChartError(
            f"{out.name} holds one chart, and {len(kinds)} were asked for: pass one --kind "
            f"({', '.join(KINDS)}), write a .pdf (one page per chart), or give a folder"
        )
    return "file", fmt


def write_charts(
    out: str | Path,
    kinds: Sequence[str] | None = None,
    *,
    roadmap: Roadmap | None = None,
    events: Iterable[Event] | None = None,
    today: dt.date | None = None,
) -> list[Path]:
    """Write charts: to one file (png, svg or pdf by its suffix; a pdf takes several as pages) or
    to a folder (every chart asked for as `<kind>.png`). Returns the paths written."""
    out = Path(out).expanduser()
    chosen = check_kinds(kinds)
    where, fmt = _target(out, chosen)
    figures = draw(chosen, roadmap=roadmap, events=events, today=today)
    try:
        if where == "dir":
            out.mkdir(parents=True, exist_ok=True)
            paths = []
            for kind, fig in figures.items():
                path = out / f"{kind}.png"
                fig.savefig(path, dpi=DPI, format="png")
                paths.append(path)
            return paths
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "pdf" and len(figures) > 1:
            from matplotlib.backends.backend_pdf import PdfPages

            with PdfPages(out) as pdf:
                for fig in figures.values():
                    pdf.savefig(fig)
        else:
            next(iter(figures.values())).savefig(out, dpi=DPI, format=fmt)
        return [out]
    finally:
        for fig in figures.values():
            fig.clear()
