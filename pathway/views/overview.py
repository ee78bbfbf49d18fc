"""What a phase notebook shows: the phase's roadmap items and the learner's progress on it."""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass

from .. import api, clock, facts, summary
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
    items = [i for i in roadmap.items_in(phase_id, include_shared=True) if i.kind != "exercise"]
    with_facts = any(facts.has_facts(i) for i in items)
    today = clock.today()
    titles = {i.id: i.title for i in roadmap.items}
    rows, lines = [], [f"Phase {phase.number}: {phase.title}", phase.goal, ""]
    for item in items:
        colour, label = _BADGE[current[item.id]]
        title = html.escape(item.title)
        link = item.link or item.official
        if link:
            title = f"<a href='{html.escape(link)}' target='_blank'>{title}</a>"
        if facts.has_facts(item) and item.note:
            title += f"<br><small style='color:#546e7a'>{html.escape(item.note)}</small>"
        offered, offered_text = _facts_cells(item, today, titles) if with_facts else ("", "")
        rows.append(
            f"<tr><td>{title}</td><td>{item.kind}</td><td><code>{item.id}</code></td>"
            f"<td><span style='color:#fff;background:{colour};padding:1px 6px;"
            f"border-radius:8px'>{label}</span></td>{offered}</tr>"
        )
        lines.append(f"  [{label}] {item.id}: {item.title}{offered_text}")
    head = "<th>Offered</th><th>Fact checked</th>" if with_facts else ""
    table = (
        "<table><tr><th>Item</th><th>Kind</th><th>Id (for <code>pathway.mark</code>)</th>"
        f"<th>Status</th>{head}</tr>{''.join(rows)}</table>"
    )
    body = f"<h4>Phase {phase.number}: {html.escape(phase.title)}</h4><p>{inline_markup(phase.goal)}</p>"
    if with_facts:
        table += ("<p style='font-size:90%'>Exams and programmes change: <i>Offered</i> and <i>Fact "
                  "checked</i> say what the workbook last found on the provider's page, and when. "
                  "Re-check a fact flagged as over a year old before you rely on it.</p>")
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


def _facts_cells(item, today, titles) -> tuple[str, str]:
    """The Offered and Fact-checked cells of a certification or programme (html, text suffix)."""
    if not facts.has_facts(item):
        return "<td></td><td></td>", ""
    label = facts.label(item, today) or "not recorded"
    text = f"  [{label}]"
    offered = html.escape(label)
    if facts.is_retired(item, today) or item.status == "retiring":
        instead = facts.replacements(item, titles)
        colour = "#c62828" if facts.is_retired(item, today) else "#ef6c00"
        offered = f"<b style='color:{colour}'>{offered}</b>"
        if instead:
            offered += f"<br><small>instead: {html.escape(', '.join(instead))}</small>"
            text += f" instead: {', '.join(instead)}"
    source = f" <a href='{html.escape(item.source)}' target='_blank'>source</a>" if item.source else ""
    if facts.stale(item, today):
        when = f"{item.checked}: over a year old, re-check" if item.checked else "never: check it"
        checked = f"<b style='color:#c62828'>{when}</b>{source}"
        text += f" (checked {when})"
    else:
        checked = f"{item.checked}{source}"
        text += f" (checked {item.checked})"
    return f"<td>{offered}</td><td>{checked}</td>", text


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
