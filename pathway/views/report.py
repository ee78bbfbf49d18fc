"""A progress report to share with a mentor: one self-contained HTML file.

The page holds the status table, every chart (embedded as base64 PNG, so it renders offline
and by e-mail), the certification plan, the next suggested items and the latest activity.
Nothing in it loads from the network.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock, summary
from ..errors import PathwayError
from ..paths import write_text_atomic
from ..progress import Event
from ..roadmap import Roadmap
from . import chart_data, charts

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SUFFIXES = (".html", ".htm")
REPORT_DPI = 100
RECENT = 12

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #263238;
       max-width: 1180px; margin: 2em auto; padding: 0 1em; line-height: 1.45; }
h1 { margin-bottom: 0.1em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #cfd8dc; }
.meta { color: #607d8b; margin-top: 0; }
table { border-collapse: collapse; margin: 0.6em 0; }
th, td { padding: 4px 10px; border-bottom: 1px solid #eceff1; text-align: left; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { background: #eceff1; border-radius: 5px; width: 160px; height: 12px; display: inline-block;
       vertical-align: middle; }
.bar span { background: #43a047; border-radius: 5px; height: 12px; display: block; }
figure { margin: 1em 0 2em; } figure img { max-width: 100%; height: auto; }
figcaption { color: #607d8b; margin-bottom: 0.4em; }
.badge { color: #fff; padding: 1px 7px; border-radius: 8px; font-size: 0.9em; }
code { background: #f5f5f5; padding: 0 3px; border-radius: 3px; }
"""


class ReportError(PathwayError, ValueError):
    """A report that cannot be written as asked (a file that is not .html)."""


def figure_png(fig: Figure, dpi: int = REPORT_DPI) -> str:
    """The figure as a base64 PNG data URI, to embed in a page."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _badge(status: str) -> str:
    colour = charts.STATUS_COLOURS[status] if status != "todo" else "#90a4ae"
    return f"<span class='badge' style='background:{colour}'>{charts.STATUS_LABELS[status]}</span>"


def _status_table(roadmap: Roadmap, statuses: dict[str, str]) -> str:
    rows = summary.phase_summaries(roadmap, statuses)
    body = "".join(
        f"<tr><td class='n'>{r.number}</td><td>{html.escape(r.title)}</td>"
        f"<td class='n'>{r.done}</td><td class='n'>{r.in_progress}</td><td class='n'>{r.skipped}</td>"
        f"<td class='n'>{r.todo}</td><td class='n'>{r.total}</td>"
        f"<td><span class='bar'><span style='width:{r.percent:.1f}%'></span></span> "
        f"{r.percent:.0f}%</td></tr>"
        for r in rows
    )
    return (
        "<table><tr><th>#</th><th>Phase</th><th>Done</th><th>In progress</th><th>Skipped</th>"
        f"<th>To do</th><th>Total</th><th>Complete</th></tr>{body}</table>"
    )


def _next_items(roadmap: Roadmap, statuses: dict[str, str]) -> str:
    chosen = summary.next_items(roadmap, statuses, 5)
    if not chosen:
        return "<p>Everything on the roadmap is done or skipped.</p>"
    items = "".join(
        f"<li>{html.escape(i.title)} <code>{html.escape(i.id)}</code> {_badge(statuses[i.id])} "
        f"(phase {roadmap.phase(i.phase).number})</li>"
        for i in chosen
    )
    return f"<ol>{items}</ol>"


def _recent(roadmap: Roadmap, events: list[Event]) -> str:
    known = list(chart_data.known_events(roadmap, events))[-RECENT:]
    if not known:
        return "<p>Nothing recorded yet.</p>"
    rows = []
    for item_id, event in reversed(known):
        detail = event.detail or {}
        action = str(detail.get("action") or "mark")
        if action == "check" and detail.get("outcome"):
            action += f": {detail['outcome']}"
        rows.append(
            f"<tr><td>{summary.event_day(event.time).isoformat()}</td>"
            f"<td>{html.escape(roadmap.item(item_id).title)}</td>"
            f"<td>{html.escape(action)}</td><td>{_badge(event.status)}</td></tr>"
        )
    return (
        "<table><tr><th>Day (UTC)</th><th>Item</th><th>What</th><th>Status after</th></tr>"
        f"{''.join(rows)}</table>"
    )


def render_report(
    *,
    roadmap: Roadmap | None = None,
    events: Iterable[Event] | None = None,
    today: dt.date | None = None,
) -> str:
    """The report as one HTML string (the learner's own roadmap and store by default)."""
    roadmap, events = chart_data.load_inputs(roadmap, events)
    today = today or clock.today()
    statuses = summary.current_statuses(roadmap, events)
    rows = summary.phase_summaries(roadmap, statuses)
    complete = sum(r.done + r.skipped for r in rows)
    total = sum(r.total for r in rows)
    overall = 100 * complete / total if total else 0.0
    figures = charts.draw(roadmap=roadmap, events=events, today=today)
    sections = []
    try:
        for kind, fig in figures.items():
            title = charts.TITLES[kind]
            sections.append(
                f"<section id='{kind}'><h2>{html.escape(title)}</h2><figure>"
                f"<figcaption>{html.escape(charts.DESCRIPTIONS[kind])}</figcaption>"
                f"<img src='{figure_png(fig)}' alt='{html.escape(title)} chart'></figure></section>"
            )
    finally:
        for fig in figures.values():
            fig.clear()
    title = html.escape(roadmap.title)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Progress report: {title}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>Progress report</h1>
<p class="meta">{title} · objective: {html.escape(roadmap.objective)} · written {today.isoformat()}
by mle-pathway</p>
<p><b>Overall: {overall:.0f}% complete</b> ({complete} of {total} items done or skipped,
{len(events)} events recorded).</p>
<h2>Status per phase</h2>
{_status_table(roadmap, statuses)}
{''.join(sections)}
<h2>Next suggested items</h2>
{_next_items(roadmap, statuses)}
<h2>Latest activity</h2>
{_recent(roadmap, events)}
</body>
</html>
"""


def write_report(
    out: str | Path,
    *,
    roadmap: Roadmap | None = None,
    events: Iterable[Event] | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write the self-contained HTML report to `out` (an .html file) and return its path."""
    path = Path(out).expanduser()
    if path.suffix.lower() not in SUFFIXES:
        raise ReportError(
            f"the report is an HTML page: name it with .html (got {path.name!r}), "
            "e.g. pathway report --out progress.html"
        )
    if path.is_dir():
        raise ReportError(f"{path} is a folder; give a file name such as {path / 'progress.html'}")
    page = render_report(roadmap=roadmap, events=events, today=today)
    write_text_atomic(path, page, example="progress.html")  # through a symlink; never a .tmp left
    return path
