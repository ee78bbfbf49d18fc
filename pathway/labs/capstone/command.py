"""What `pathway capstone new` and `pathway capstone check` do (cli.py only parses)."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import report, rubric, scaffold
from .project import read_config


def run(args: argparse.Namespace) -> int:
    if args.capstone_command == "new":
        print("\n".join(scaffold.new_project(args.folder, args.data, args.csv, args.target).lines()))
        return 0
    lines = rubric.check(args.folder, docker=args.docker, only=args.only)
    print(report.table(lines, args.folder))
    if args.html:
        print(f"Wrote {report.write_page(lines, args.folder, args.html)}")
    if read_config(Path(args.folder).expanduser().resolve()).example:
        print("This is the workbook's example project: nothing was recorded in your progress.")
    else:
        changed = report.record(lines, args.folder)
        if changed:
            print(f"Recorded in your progress: {', '.join(changed)} (see `pathway status p4`)")
    return 1 if any(line.status == "fail" for line in lines) else 0
