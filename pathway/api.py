"""The functions a notebook calls: the roadmap, where you stand, and marking items."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import clock, paths, summary
from . import roadmap as _roadmap
from .errors import MissingExtraError
from .progress import Event, ProgressStore, check_status
from .roadmap import Item, Roadmap

if TYPE_CHECKING:
    import pandas as pd


def load_roadmap(path: str | Path | None = None, *, with_exercises: bool = True) -> Roadmap:
    """The roadmap (`$PATHWAY_ROADMAP` or the shipped one) with the package's exercises in their phases.

    The composition lives here, in the entry point, so the core `roadmap` never imports `exercises`.
    """
    roadmap = _roadmap.load_roadmap(path)
    if with_exercises:
        from .exercises import registry

        roadmap = _roadmap.with_exercises(roadmap, registry.all_exercises())
    return roadmap


def store() -> ProgressStore:
    """The learner's progress store (at `$PATHWAY_HOME/progress.db`)."""
    return ProgressStore()


def statuses(roadmap: Roadmap | None = None) -> dict[str, str]:
    """Every roadmap item's current status, by id."""
    roadmap = roadmap or load_roadmap()
    return summary.current_statuses(roadmap, store().events())


def status(roadmap: Roadmap | None = None) -> pd.DataFrame:
    """One row per phase: done, in progress, skipped, todo, total and percent complete."""
    import pandas as pd

    roadmap = roadmap or load_roadmap()
    rows = summary.phase_summaries(roadmap, statuses(roadmap))
    frame = pd.DataFrame(
        [
            {
                "phase": r.phase, "title": r.title, "done": r.done,
                "in_progress": r.in_progress, "skipped": r.skipped, "todo": r.todo,
                "total": r.total, "percent": round(r.percent, 1),
            }
            for r in rows
        ]
    )
    return frame.set_index("phase")


def items(phase: str | None = None, roadmap: Roadmap | None = None) -> pd.DataFrame:
    """The roadmap's items (of one phase, with the ones it shares) and their current status."""
    import pandas as pd

    roadmap = roadmap or load_roadmap()
    current = statuses(roadmap)
    chosen = roadmap.items if phase is None else roadmap.items_in(phase, include_shared=True)
    return pd.DataFrame(
        [
            {"id": i.id, "title": i.title, "kind": i.kind, "phase": i.phase,
             "status": current[i.id], "link": i.link or "", "target": i.target}
            for i in chosen
        ],
        columns=["id", "title", "kind", "phase", "status", "link", "target"],
    ).set_index("id")


def mark(item_id: str, status: str, *, source: str = "notebook", note: str | None = None) -> Event:
    """Record a new status for a roadmap item (`todo`, `in_progress`, `done`, `skipped`)."""
    roadmap = load_roadmap()
    resolved = roadmap.resolve(item_id)
    detail = {"note": note} if note else None
    return store().record(resolved, check_status(status), source, detail)


def log(
    item_id: str, action: str, *, status: str | None = None, source: str = "notebook", **fields: Any
) -> Event:
    """Record an activity on an item (a submission, an application, a review) as an event.

    The details go in the event's JSON `detail` with `action`; the status stays as it is unless
    given. Keeping these in the one event log means export, import and reset cover them too.
    """
    roadmap = load_roadmap()
    resolved = roadmap.resolve(item_id)
    current = summary.current_statuses(roadmap, store().events(resolved)).get(resolved, "todo")
    chosen = check_status(status) if status is not None else current
    return store().record(resolved, chosen, source, {"action": action, **fields})


def logged(item_id: str | None = None, action: str | None = None) -> list[Event]:
    """The events recorded with `log` (optionally of one item and one action), oldest first."""
    events = store().events(load_roadmap().resolve(item_id) if item_id else None)
    return [
        e for e in events
        if e.detail and "action" in e.detail and (action is None or e.detail["action"] == action)
    ]


def next_items(n: int = 5, roadmap: Roadmap | None = None) -> list[Item]:
    """The next `n` items in roadmap order that are neither done nor skipped."""
    roadmap = roadmap or load_roadmap()
    return summary.next_items(roadmap, statuses(roadmap), n)


def history() -> pd.DataFrame:
    """Every recorded event, oldest first, with the time parsed."""
    import pandas as pd

    frame = pd.DataFrame(
        [e.as_json() for e in store().events()],
        columns=["time", "item", "status", "source", "detail"],
    )
    frame["time"] = pd.to_datetime(frame["time"], utc=True, format="ISO8601")
    return frame


def review(today: dt.date | None = None, roadmap: Roadmap | None = None) -> pd.DataFrame:
    """The exercises due for another attempt today, by a Leitner schedule over your own record.

    An exercise solved only after its solution, or after many wrong attempts, comes back the next
    day; one solved cleanly comes back in a few days, then at growing intervals. Re-attempt it in
    its notebook (run its answer cell and its check) to move it through the boxes.
    """
    import pandas as pd

    roadmap = roadmap or load_roadmap()
    cards = summary.due_for_review(roadmap, store().events(), today or clock.today())
    return pd.DataFrame(
        [{"exercise": c.item, "title": roadmap.item(c.item).title, "box": c.box,
          "last_attempt": c.last_attempt, "due": c.due, "why": c.reason} for c in cards],
        columns=["exercise", "title", "box", "last_attempt", "due", "why"],
    )


# ------------------------------------------------------------------ a notebook's extra packages
DISTRIBUTION = "mle-pathway"
_EXTRA_MARKER = re.compile(r"""^(?P<spec>[^;]+?)\s*;\s*extra\s*==\s*["'](?P<extra>[\w-]+)["']\s*$""")


def extra_requirements(extra: str) -> list[str]:
    """The requirements (`"torch>=2.3"`) of one of the workbook's extras, its own extras included:
    from the checkout's pyproject.toml beside the package, else from the installed package's metadata."""
    pyproject = paths.data_dir().parent / "pyproject.toml"
    if pyproject.is_file():
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover
            import tomli as tomllib
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        specs = list(project.get("optional-dependencies", {}).get(extra, []))
    else:
        from importlib import metadata

        try:
            declared = metadata.requires(DISTRIBUTION) or []
        except metadata.PackageNotFoundError:
            declared = []
        specs = [m["spec"] for m in map(_EXTRA_MARKER.match, declared) if m and m["extra"] == extra]
    found: list[str] = []
    for spec in specs:
        own = re.fullmatch(rf"{DISTRIBUTION}\[([\w,\s-]+)\]", spec.strip())
        parts = [extra_requirements(e.strip()) for e in own.group(1).split(",")] if own else [[spec.strip()]]
        found += [s for part in parts for s in part if s not in found]
    return found


# Distributions that install the same module under another name (checked 2026-12-06, pypi.org).
_ALSO_PROVIDED_BY = {"tensorflow": ("tensorflow-cpu", "tensorflow-macos", "tensorflow-intel")}


def require_extra(*extras: str) -> None:
    """Stop a notebook's setup cell, with one line saying what to install, when a package of the
    workbook's extra (`deep`, `mlops`) is missing, rather than a ModuleNotFoundError cells later."""
    from importlib import metadata

    def installed(name: str) -> bool:
        for dist in (name, *_ALSO_PROVIDED_BY.get(name, ())):
            try:
                metadata.distribution(dist)
                return True
            except metadata.PackageNotFoundError:
                pass
        return False

    missing = [spec for extra in extras for spec in extra_requirements(extra)
               if not installed(re.split(r"[\s<>=!~\[;]", spec, maxsplit=1)[0])]
    if missing:
        names = ", ".join(re.split(r"[\s<>=!~\[;]", s, maxsplit=1)[0] for s in missing)
        wanted = " ".join(f'"{s}"' for s in missing)
        raise MissingExtraError(
            f"this notebook needs the workbook's {' and '.join(extras)} extra{'s' * (len(extras) > 1)}; "
            f"missing here: {names}. "
            f"Install, then restart the kernel and run this cell again: pip: %pip install {wanted} "
            "· conda: conda env update -f environment.yml (in your clone of the workbook)")
