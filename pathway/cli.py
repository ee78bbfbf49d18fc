"""The `pathway` command: status, mark, next, review, export, import, reset, chart, report, notebooks,
lab and capstone.

Usage errors exit 2 (argparse); any other failure prints one line and exits 1.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Sequence

from . import clock, facts, paths, summary
from .api import load_roadmap
from .errors import PathwayError
from .progress import STATUSES, ProgressStore, check_status, read_export
from .roadmap import Item, Roadmap

_SYMBOL = {"done": "✔", "in_progress": "…", "skipped": "–", "todo": " "}


def _status_lines(roadmap: Roadmap, store: ProgressStore, phase: str | None) -> list[str]:
    """The whole status text, built before anything is printed, so an error prints no half table."""
    chosen = roadmap.phase(phase.strip()) if phase is not None else None
    events = store.events()
    statuses = summary.current_statuses(roadmap, events)
    not_run = summary.not_run(roadmap, events)
    lines = [f"{roadmap.title}", f"Objective: {roadmap.objective}    Progress store: {store.path}", ""]
    if chosen is not None:
        lines.append(f"Phase {chosen.number}: {chosen.title}")
        for item in roadmap.items_in(chosen.id, include_shared=True):
            status = statuses[item.id]
            lines.append(f"  [{_SYMBOL[status]}] {item.id:<38} {status:<11} {item.title}{_offered(item)}"
                         + ("  (not run: its toolchain is missing)" if item.id in not_run else ""))
        return lines + _not_run_note(not_run)
    rows = summary.phase_summaries(roadmap, statuses)
    width = max(len(r.title) for r in rows)
    for r in rows:
        lines.append(
            f"{r.number}. {r.title:<{width}}  {summary.progress_bar(r.percent)} {r.percent:5.1f}%"
            f"  {r.done} done, {r.in_progress} in progress, {r.skipped} skipped of {r.total}"
        )
    complete = sum(r.done + r.skipped for r in rows)
    total = sum(r.total for r in rows)
    overall = 100 * complete / total if total else 0.0
    lines += ["", f"Overall: {summary.progress_bar(overall)} {overall:5.1f}%  ({complete} of {total} items)"]
    return lines + _not_run_note(not_run)


def _not_run_note(not_run: list[str]) -> list[str]:
    """The honest footnote to 'skipped': exercises whose check could not run, never judged."""
    if not not_run:
        return []
    return ["", f"Skipped without being judged ({len(not_run)}: a toolchain was missing when they were "
                f"checked): {', '.join(not_run)}. Install it (the check said how) and check them again."]


def _offered(item: Item) -> str:
    """What follows an item's title in `pathway status`: its retirement, once its provider announced one."""
    label = facts.label(item, clock.today())
    return f"  ({label.upper() if label.startswith('retired') else label})" if "retir" in label else ""


def _cmd_status(args: argparse.Namespace) -> int:
    print("\n".join(_status_lines(load_roadmap(), ProgressStore(), args.phase)))
    return 0


def _cmd_mark(args: argparse.Namespace) -> int:
    roadmap = load_roadmap()
    item = roadmap.item(args.item)
    detail = {"note": args.note} if args.note else None
    ProgressStore().record(item.id, check_status(args.status), "cli", detail)
    asked = args.item.strip()
    renamed = f" (renamed from {asked})" if item.id != asked else ""
    print(f"{item.id}{renamed}: {args.status} — {item.title}")
    return 0


def _cmd_next(args: argparse.Namespace) -> int:
    roadmap = load_roadmap()
    statuses = summary.current_statuses(roadmap, ProgressStore().events())
    chosen = summary.next_items(roadmap, statuses, args.n)
    if not chosen:
        print("Everything on the roadmap is done or skipped. Congratulations!")
    for item in chosen:
        phase = roadmap.phase(item.phase)
        print(f"{item.id:<38} {statuses[item.id]:<11} {item.title}  (phase {phase.number})")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    count = ProgressStore().export_to(args.file)
    print(f"Exported {count} events to {args.file}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    events = read_export(args.file)
    roadmap = load_roadmap()
    known = {i.id for i in roadmap.items} | set(roadmap.aliases)
    unknown = sorted({e.item for e in events if e.item not in known})
    added, present = ProgressStore().import_events(events)
    print(f"Imported {added} new events from {args.file} ({present} were already here)")
    if unknown:
        shown = ", ".join(unknown[:5]) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        print(f"Note: {len(unknown)} item(s) are not in this roadmap ({shown}). Their events are kept "
              "and count again if the roadmap lists them (or an alias points at them).")
    return 0


def _cmd_reset(args: argparse.Namespace) -> int:
    if not args.yes:
        print("pathway reset deletes all recorded progress (after writing a backup). "
              "Run `pathway reset --yes` to go ahead.", file=sys.stderr)
        return 2
    backup = ProgressStore().reset()
    print(f"Progress reset. A backup of everything recorded is at {backup}\n"
          f"(bring it back with: pathway import {backup})")
    return 0


def _cmd_chart(args: argparse.Namespace) -> int:
    from .views import charts

    for path in charts.write_charts(args.out, kinds=args.kind):
        print(f"Wrote {path}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from .views import report

    paths.output_target(args.out, example="progress.html")  # refuse a folder or device before drawing
    path = report.write_report(args.out)
    print(f"Wrote {path}")
    return 0


def _cmd_review(args: argparse.Namespace) -> int:
    from .views.workbook import exercise_notebooks

    roadmap = load_roadmap()
    cards = summary.due_for_review(roadmap, ProgressStore().events(), clock.today())
    if not cards:
        print("No exercise is due for review today. Solve new ones, and come back tomorrow.")
        return 0
    where = exercise_notebooks()
    print(f"{len(cards)} exercise{'s' * (len(cards) > 1)} due for another attempt "
          "(open the notebook, run the answer cell and its check again):")
    for card in cards:
        notebook = where.get(card.item) or roadmap.phase(roadmap.item(card.item).phase).notebook or ""
        print(f"  {card.item:<42} box {card.box}  due {card.due}  {card.reason}  [{notebook}]")
    return 0


def _cmd_notebooks(args: argparse.Namespace) -> int:
    from .views.workbook import copy_notebooks

    print("\n".join(copy_notebooks(args.folder).lines()))
    return 0


def _cmd_lab(args: argparse.Namespace) -> int:
    from .views.workbook import prepare_lab, run_lab

    report, command, url = prepare_lab(args.notebook, args.folder)
    print("\n".join(report.lines()))
    if "--allow-root" in command:
        print("Running as root (a container or a root shell): starting JupyterLab with --allow-root")
    print(f"Opening JupyterLab on {command[-1]} (stop it with Ctrl-C); if no browser opens, open {url}")
    return run_lab(command, report.folder)


def _cmd_capstone(args: argparse.Namespace) -> int:
    from .labs.capstone import command

    return command.run(args)


def _how_many(text: str) -> int:
    """`pathway next N`: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number; e.g. pathway next 5") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too few: ask for 1 or more items, e.g. pathway next 5")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pathway",
        description="Track your progress on the Machine Learning Engineer roadmap. "
        "Progress lives in $PATHWAY_HOME/progress.db.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("status", help="progress per phase, or the items of one phase")
    p.add_argument("phase", nargs="?", help="a phase id (p0 to p7) to list its items")
    p.set_defaults(run=_cmd_status)

    p = sub.add_parser("mark", help="record a status for a roadmap item")
    p.add_argument("item", help="item id, e.g. p1.lang.python")
    p.add_argument("status", choices=STATUSES)
    p.add_argument("--note", help="an optional note kept with the event")
    p.set_defaults(run=_cmd_mark)

    p = sub.add_parser("next", help="the next items that are not done or skipped")
    p.add_argument("n", nargs="?", type=_how_many, default=5, help="how many (default 5)")
    p.set_defaults(run=_cmd_next)

    p = sub.add_parser("review", help="the exercises due for another attempt (spaced review)")
    p.set_defaults(run=_cmd_review)

    p = sub.add_parser("export", help="write all progress to a JSON file")
    p.add_argument("file")
    p.set_defaults(run=_cmd_export)

    p = sub.add_parser("import", help="merge progress from a JSON export (twice changes nothing)")
    p.add_argument("file")
    p.set_defaults(run=_cmd_import)

    p = sub.add_parser("reset", help="delete all progress, after writing a backup")
    p.add_argument("--yes", action="store_true", help="confirm")
    p.set_defaults(run=_cmd_reset)

    p = sub.add_parser("chart", help="write progress charts (png, svg or pdf)")
    p.add_argument("--kind", action="append",
                   help="which chart, repeatable (default: all): phases, progress, certifications, "
                   "skills, exercises")
    p.add_argument("--out", required=True, help="a file (one chart) or a folder (all charts)")
    p.set_defaults(run=_cmd_chart)

    p = sub.add_parser("report", help="write a self-contained HTML progress report")
    p.add_argument("--out", required=True, help="the HTML file to write")
    p.set_defaults(run=_cmd_report)

    p = sub.add_parser("notebooks", help="copy the notebooks into a folder (never overwriting your changes)")
    p.add_argument("folder", nargs="?", default=None, help="where (default ./mle-pathway-notebooks)")
    p.set_defaults(run=_cmd_notebooks)

    p = sub.add_parser(
        "lab", help="open JupyterLab on your copy of the notebooks",
        description="Copy the notebooks into your folder (never overwriting your changes) and open "
        "JupyterLab there, at the start notebook or the one named. It prints the URL that opens that "
        "notebook, for when no browser opens. Run as root (a container, a root shell on WSL, a cloud "
        "VM), it starts JupyterLab with --allow-root, which JupyterLab otherwise requires, and says so.")
    p.add_argument("notebook", nargs="?", help="which notebook: a number (3, 03b), a word (deep) or a name")
    p.add_argument("--folder", default=None, help="your notebooks folder (default ./mle-pathway-notebooks)")
    p.set_defaults(run=_cmd_lab)

    p = sub.add_parser("capstone", help="scaffold and check a project repository of your own (Phase 4)",
                       description="Your capstone: `new` scaffolds a project repository outside the workbook "
                       "(data, MLflow training, tests, FastAPI service, Dockerfile, CI workflow, model card; "
                       "every decision a TODO); `check` runs the rubric on it and records the result.")
    actions = p.add_subparsers(dest="capstone_command", required=True, metavar="ACTION")
    a = actions.add_parser("new", help="scaffold a new project (a git repository with a first commit)")
    a.add_argument("folder", help="a new or empty folder outside the workbook")
    a.add_argument("--data", help="a workbook dataset: penguins (default) or churn")
    a.add_argument("--csv", help="your own CSV instead (with --target)")
    a.add_argument("--target", help="the column of --csv your model predicts")
    a = actions.add_parser("check", help="run the rubric on a project; exit 1 while a line fails")
    a.add_argument("folder", help="the project's folder")
    a.add_argument("--html", help="also write the rubric as an HTML page to this file")
    a.add_argument("--docker", action="store_true",
                   help="also docker build and request the container (downloads the base image and packages)")
    a.add_argument("--only", action="append", metavar="LINE",
                   help="run only this rubric line, repeatable (tests, reproducible, held_back, service, "
                   "dockerfile, docker, workflow, model_card, readme, history, secrets, large_files)")
    p.set_defaults(run=_cmd_capstone)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (PathwayError, ValueError, OSError, sqlite3.Error) as exc:
        print(f"pathway {args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
