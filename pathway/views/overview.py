"""What a phase notebook shows: the phase's roadmap items and the learner's progress on it."""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass

from .. import api, summary
from ..display import inline_markup
from ..roadmap import Phase, Roadmap
from ..summary import help_seen

_BADGE = {
    "done": ("#2e7d32", "done"), "in_progress": ("#f9a825", "in progress"),
    "skipped": ("#757575", "skipped"), "todo": ("#90a4ae", "to do"),
}


@dataclass
class Html:
    """Rich output for Jupyter with a plain-text fallback."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def in_colab() -> bool:
    return "google.colab" in sys.modules


def phase_overview(phase_id: str) -> Html:
    """The phase's goal and its items (with links and current status) as a table."""
    roadmap = api.load_roadmap()
    phase = roadmap.phase(phase_id)
    current = api.statuses(roadmap)
    rows, lines = [], [f"Phase {phase.number}: {phase.title}", phase.goal, ""]
    for item in roadmap.items_in(phase_id, include_shared=True):
        if item.kind == "exercise":
            continue
        colour, label = _BADGE[current[item.id]]
        title = html.escape(item.title)
        if item.link:
            title = f"<a href='{html.escape(item.link)}' target='_blank'>{title}</a>"
        rows.append(
            f"<tr><td>{title}</td><td>{item.kind}</td><td><code>{item.id}</code></td>"
            f"<td><span style='color:#fff;background:{colour};padding:1px 6px;"
            f"border-radius:8px'>{label}</span></td></tr>"
        )
        lines.append(f"  [{label}] {item.id}: {item.title}")
    table = (
        "<table><tr><th>Item</th><th>Kind</th><th>Id (for <code>pathway.mark</code>)</th>"
        f"<th>Status</th></tr>{''.join(rows)}</table>"
    )
    body = f"<h4>Phase {phase.number}: {html.escape(phase.title)}</h4><p>{inline_markup(phase.goal)}</p>"
    guide_html, guide_lines = _notebook_guide(roadmap, phase)
    return Html(body + guide_html + table, "\n".join([*lines[:2], *guide_lines, *lines[2:]]))


def _notebook_guide(roadmap: Roadmap, phase: Phase) -> tuple[str, list[str]]:
    """The phase's notebooks, each with its estimated time and the notebooks it assumes."""
    from .workbook import duration

    rows, lines = [], []
    for name in phase.notebooks:
        guide = roadmap.guide.get(name)
        if guide is None:
            continue
        needs = ", ".join(a.split("_")[0] for a in guide.assumes) or "nothing before it"
        rows.append(f"<li><code>{html.escape(name)}</code>: {duration(guide.minutes)}; "
                    f"assumes {html.escape(needs)}</li>")
        lines.append(f"  {name}: {duration(guide.minutes)}; assumes {needs}")
    if not rows:
        return "", []
    return f"<p>Notebooks:</p><ul>{''.join(rows)}</ul>", ["Notebooks:", *lines, ""]


def phase_progress(phase_id: str) -> Html:
    """A progress bar for the phase and the learner's exercise record in it."""
    roadmap = api.load_roadmap()
    current = api.statuses(roadmap)
    row = next(r for r in summary.phase_summaries(roadmap, current) if r.phase == phase_id)
    store = api.store()
    exercises = [i for i in roadmap.items_in(phase_id) if i.kind == "exercise"]
    solved = sum(current[i.id] == "done" for i in exercises)
    unaided = 0
    for item in exercises:
        if current[item.id] == "done":
            seen = help_seen(store.events(item.id))
            unaided += not seen["hints_seen"] and not seen["solution_seen"]
    text = (
        f"Phase {row.number} — {row.title}: {row.percent:.0f}% complete "
        f"({row.done} done, {row.in_progress} in progress, {row.skipped} skipped, "
        f"{row.todo} to do). Exercises solved: {solved} of {len(exercises)}, "
        f"{unaided} without hints or the solution."
    )
    bar = (
        "<div style='background:#eceff1;border-radius:6px;width:100%;max-width:480px'>"
        f"<div style='background:#43a047;width:{row.percent:.1f}%;height:14px;"
        "border-radius:6px'></div></div>"
    )
    return Html(f"<p><b>{html.escape(text)}</b></p>{bar}", text)
