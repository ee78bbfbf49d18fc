"""`pathway capstone new DIR`: a project repository of the learner's own, outside the workbook.

It holds part of the chosen dataset (the checker keeps the rest), a skeleton of every file a
shipped model needs, each decision marked TODO, and one first commit. Git identity: the learner's
own if configured; otherwise a placeholder is set in this repository only, and said.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ... import paths
from . import project, templates


@dataclass
class Created:
    """What `new` made, for the command line to print."""

    folder: Path
    dataset: str
    target: str
    shipped: int
    held_back: int
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"Created the capstone project {self.folder} (git repository, first commit made).",
            f"Data: {self.dataset}, target {self.target!r}: {self.shipped} rows in data/train.csv; "
            f"{self.held_back} more are held back by the checker, for `pathway capstone check`.",
            *self.notes,
            "Next: open it, work through every TODO (grep -rn TODO .), commit as you go, and run",
            f"  pathway capstone check {self.folder}",
        ]


def _workbook_root() -> Path:
    return paths.data_dir().resolve().parent


def _refuse(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise project.CapstoneError(f"{folder} is a file; give the name of a new (or empty) folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise project.CapstoneError(f"{folder} is not empty; give a new folder, e.g. "
                                    f"{folder.parent / 'my-capstone'} (nothing was written)")
    root = _workbook_root()
    if folder == root or root in folder.parents:
        raise project.CapstoneError(f"{folder} is inside the workbook ({root}); a capstone is a repository "
                                    "of its own: choose a folder outside it, e.g. ~/my-capstone")
    top = project.inside_git_repo(folder)
    if top is not None:
        raise project.CapstoneError(f"{folder} is inside the git repository {top}; a capstone is a "
                                    "repository of its own: choose a folder outside any repository")


def _package_name(folder: Path) -> str:
    name = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-")
    return name if name and name[0].isalpha() else f"capstone-{name or 'project'}"


def new_project(folder: str | os.PathLike[str], data: str | None = None,
                csv: str | os.PathLike[str] | None = None, target: str | None = None,
                *, example: bool = False) -> Created:
    """Scaffold a capstone repository in `folder` (new or empty): files, data, first commit."""
    folder = Path(folder).expanduser().resolve()
    _refuse(folder)
    frame, target, dataset = project.source_frame(data, csv, target)
    shipped, held = project.split(frame, target)
    holdout = project.new_holdout_id()
    if dataset == "csv":
        store = project.holdout_path(holdout)
        store.parent.mkdir(parents=True, exist_ok=True)
        held.to_csv(store, index=False)
    features = [str(c) for c in frame.columns if c != target]
    described = (project.DATASETS[dataset][2] if dataset in project.DATASETS
                 else f"your CSV {Path(csv).name}, target {target!r}")
    values = {"@CONTRACT@": templates.CONTRACT, "@TARGET@": target, "@FEATURES@": repr(features),
              "@NAME@": _package_name(folder), "@DATA@": described}
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in templates.FILES.items():
        for key, value in values.items():
            text = text.replace(key, value)
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (folder / "data").mkdir(exist_ok=True)
    shipped.to_csv(folder / project.TRAIN_CSV, index=False)
    (folder / project.CONFIG).write_text(project.Config(dataset, target, holdout, example).text(),
                                         encoding="utf-8")
    notes = _first_commit(folder)
    return Created(folder, dataset, target, len(shipped), len(held), notes)


def _first_commit(folder: Path) -> list[str]:
    project.git(folder, "init", "-q")
    project.git(folder, "symbolic-ref", "HEAD", "refs/heads/main")
    notes = []
    if not project.git(folder, "config", "user.email", may_fail=True):
        project.git(folder, "config", "user.name", "Capstone Learner")
        project.git(folder, "config", "user.email", "learner@example.com")
        notes.append("git has no user.name/email here: this repository got a placeholder; set yours with "
                     "git config user.name \"Your Name\" and git config user.email you@example.com")
    project.git(folder, "add", "-A")
    project.git(folder, "-c", "commit.gpgsign=false", "commit", "-q", "-m",
                "Scaffold the capstone (pathway capstone new)")
    return notes
