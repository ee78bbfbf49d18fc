"""The rubric as the learner sees it: a table in the terminal, a page for the portfolio, and progress.

Each line counts towards a Phase 4 roadmap item (`lines.LINES`): an item is done when its lines
passed (a skipped line beside a passed one does not hold it back), skipped when all were skipped,
in progress otherwise. Only a change is recorded, and never for the workbook's own example project.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from ... import paths
from .lines import LINES, Line

_MARK = {"pass": "✔ pass", "fail": "✘ FAIL", "skipped": "– skip"}
_COLOUR = {"pass": "#1a7f37", "fail": "#cf222e", "skipped": "#6e7781"}


def table(lines: list[Line], folder: str | os.PathLike[str] = "") -> str:
    """The rubric as plain text: one row per line, and under a failed one, what to fix."""
    width = max(len(line.title) for line in lines)
    rows = [f"Capstone rubric for {folder}" if folder else "Capstone rubric", ""]
    for line in lines:
        rows.append(f"{_MARK[line.status]}  {line.title:<{width}}  {line.detail}")
        if line.fix and line.status != "pass":
            rows.append(f"{'':8}{'':<{width}}  fix: {line.fix}")
    rows += ["", summary(lines)]
    return "\n".join(rows)


def summary(lines: list[Line]) -> str:
    counts = {s: sum(line.status == s for line in lines) for s in _MARK}
    verdict = "ready to ship" if not counts["fail"] else "not yet: fix the failed lines, top first"
    return f"{counts['pass']} passed, {counts['fail']} failed, {counts['skipped']} skipped: {verdict}"


def page(lines: list[Line], folder: str | os.PathLike[str]) -> str:
    """A self-contained HTML page of the rubric (no script, no external file)."""
    name = html.escape(Path(folder).name or str(folder))
    rows = "\n".join(
        f"<tr><td style='color:{_COLOUR[line.status]};font-weight:bold'>"
        f"{html.escape(_MARK[line.status])}</td>"
        f"<td>{html.escape(line.title)}</td><td>{html.escape(line.detail)}"
        + (f"<br><em>Fix:</em> {html.escape(line.fix)}" if line.fix and line.status != "pass" else "")
        + "</td></tr>" for line in lines)
    return (
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>Capstone rubric: {name}</title><style>body{{font-family:sans-serif;max-width:60em;"
        "margin:2em auto}}td{vertical-align:top;padding:.4em .6em;border-bottom:1px solid #ddd}"
        "</style></head><body>\n"
        f"<h1>Capstone rubric: {name}</h1>\n<p>{html.escape(summary(lines))}</p>\n"
        f"<table>\n<tr><th>Result</th><th>Line</th><th>What was found</th></tr>\n{rows}\n</table>\n"
        "<p>Checked by <code>pathway capstone check</code> (mle-pathway).</p></body></html>\n")


def write_page(lines: list[Line], folder: str | os.PathLike[str], target: str | os.PathLike[str]) -> Path:
    """Write the page whole or not at all."""
    return paths.write_text_atomic(target, page(lines, folder), example="capstone.html")


def item_statuses(lines: list[Line]) -> dict[str, str]:
    """The roadmap status each capstone item earns from these lines (only items all of whose lines ran)."""
    by_item: dict[str, list[str]] = {}
    for line in lines:
        by_item.setdefault(line.item, []).append(line.status)
    result = {}
    for item, statuses in by_item.items():
        if len(statuses) < sum(owner == item for _, owner in LINES.values()):
            continue
        if "fail" in statuses:
            result[item] = "in_progress"
        elif "pass" in statuses:
            result[item] = "done"
        else:
            result[item] = "skipped"
    return result


def record(lines: list[Line], folder: str | os.PathLike[str]) -> list[str]:
    """Record each capstone item whose status changed; the items recorded."""
    from ...progress import ProgressStore

    store = ProgressStore()
    current = {e.item: e.status for e in store.events() if e.item.startswith("p4.capstone.")}
    changed = []
    for item, status in item_statuses(lines).items():
        if current.get(item, "todo") != status:
            store.record(item, status, "check", {"project": str(folder)})
            changed.append(item)
    return changed

