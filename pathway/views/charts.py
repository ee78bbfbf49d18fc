"""Progress charts: where the learner stands, how they got there, and what is planned.

Each chart draws what a data function in `pathway.views.chart_data` computes, and returns a matplotlib
`Figure`. The figures are built with `Figure()` and an Agg
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
import io
import os
import textwrap
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import clock, paths
from ..errors import OutputFileError, PathwayError
from ..progress import Event
from ..roadmap import Roadmap
from .chart_data import (
    SKILL_AREAS,
    STATUSES_ORDER,
    certification_plan_data,
    exercise_record_data,
    load_inputs,
    phase_completion_data,
    planned_targets,
    progress_data,
    skill_coverage_data,
    weekly_completions,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

STATUS_COLOURS = {
    "done": "#2e7d32", "in_progress": "#f9a825", "skipped": "#8d8d8d", "todo": "#cfd8dc",
}
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

class ChartError(PathwayError, ValueError):
    """A chart that cannot be written as asked (an unknown kind or file type)."""


# ====================================================================== inputs


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
    today = today or clock.today()
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
    today = today or clock.today()
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
    today = today or clock.today()
    return {
        kind: KINDS[kind](roadmap, events, today) if kind in _TAKES_TODAY else KINDS[kind](roadmap, events)
        for kind in chosen
    }


def _target(asked: str | Path) -> tuple[str, str | None, Path]:
    """("dir", None, folder) or ("file", format, file), checked before any drawing (one clear line)."""
    if not str(asked).strip():
        raise OutputFileError("no file name given; name a file (e.g. progress.png) or a folder")
    out = Path(asked).expanduser()
    if Path(os.path.realpath(out)).is_dir() or (not out.suffix and not os.path.lexists(out)):
        paths.check_folder_path(Path(os.path.realpath(out)), out)
        return "dir", None, out
    file, fmt = paths.output_target(out, example="progress.png"), out.suffix.lower().lstrip(".")
    if fmt not in FORMATS:  # (a device or a pipe was refused by output_target)
        said = f"ends in {out.suffix!r}" if out.suffix else "is a file with no suffix"
        raise ChartError(f"cannot write a chart to {out}: it {said}; use a .png, .svg or .pdf (or a folder)")
    return "file", fmt, file


def _save(fig: Figure, path: Path, fmt: str) -> Path:
    buffer = io.BytesIO()  # drawn whole in memory first: a write cut short never replaces a good file
    fig.savefig(buffer, dpi=DPI, format=fmt)
    paths.write_bytes_atomic(path, buffer.getvalue(), example=f"progress.{fmt}")
    return path


def write_charts(
    out: str | Path,
    kinds: Sequence[str] | None = None,
    *,
    roadmap: Roadmap | None = None,
    events: Iterable[Event] | None = None,
    today: dt.date | None = None,
) -> list[Path]:
    """Write charts: to a folder (each as `<kind>.png`), to a .pdf (one page each), or to one .png
    or .svg (one chart, or a dashboard of several: every chart when no kind is named). Returns the
    paths written."""
    chosen = check_kinds(kinds)
    where, fmt, target = _target(out)  # before any drawing: a bad target costs no time
    figures = draw(chosen, roadmap=roadmap, events=events, today=today)
    try:
        if where == "dir":
            target.mkdir(parents=True, exist_ok=True)
            return [_save(fig, target / f"{kind}.png", "png") for kind, fig in figures.items()]
        if fmt == "pdf" and len(figures) > 1:
            from matplotlib.backends.backend_pdf import PdfPages

            buffer = io.BytesIO()
            with PdfPages(buffer) as pdf:
                for fig in figures.values():
                    pdf.savefig(fig)
            paths.write_bytes_atomic(target, buffer.getvalue(), example="progress.pdf")
        elif len(figures) > 1:
            from .dashboard import dashboard

            figures["dashboard"] = dashboard(figures)
            _save(figures["dashboard"], target, fmt)
        else:
            _save(next(iter(figures.values())), target, fmt)
        return [Path(out).expanduser()]
    finally:
        for fig in figures.values():
            fig.clear()
