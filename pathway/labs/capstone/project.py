"""What a capstone project is to the checker: its `capstone.toml`, its data, the rows held back from it.

`capstone new` ships only part of the chosen dataset (`data/train.csv`); the rest, the held-back
rows, never enter the project folder. For a workbook dataset the checker cuts them again from the
workbook's own file with the same hidden seed; for the learner's CSV they are kept in
`$PATHWAY_HOME/capstone/` under the id `capstone.toml` records. Every git and copy step here is
bounded in time and never writes into the learner's project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from dataclasses import dataclass
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib
from typing import TYPE_CHECKING

from ... import paths
from ...errors import PathwayError

if TYPE_CHECKING:
    import pandas as pd

CONFIG = "capstone.toml"
TRAIN_CSV = "data/train.csv"
# name -> (file in data/, target column, what it is)
DATASETS = {
    "penguins": ("penguins.csv", "species", "Palmer penguins: predict the species (3 classes)"),
    "churn": ("p4_train.csv", "churn", "fictional subscribers: predict who cancels (yes/no)"),
}
HELD_BACK = 0.3  # share of the rows the project never sees
_SPLIT_SEED = 73_019  # the checker's own; no notebook shows it
# Never copied into the checker's workspace: the learner's environment and what training writes.
_NOT_COPIED = {".git", ".venv", "venv", "env", "mlruns", "mlartifacts", "__pycache__", ".pytest_cache",
               "build", "dist", ".mypy_cache", ".ruff_cache", "mlflow.db", "model.joblib"}


class CapstoneError(PathwayError):
    """A capstone folder or dataset that cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Config:
    """The project's `capstone.toml`: which data, which target, where its held-back rows are."""

    dataset: str
    target: str
    holdout: str
    example: bool = False

    def text(self) -> str:
        return (
            "# Written by `pathway capstone new`; the checker reads it. Keep it as it is.\n"
            f'dataset = "{self.dataset}"\n'
            f'target = "{self.target}"\n'
            f'holdout = "{self.holdout}"\n'
            + ("example = true\n" if self.example else "")
        )


def read_config(project: Path) -> Config:
    path = project / CONFIG
    if not path.is_file():
        raise CapstoneError(f"{project} has no {CONFIG}: is it a folder made by `pathway capstone new`?")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        return Config(str(data["dataset"]), str(data["target"]), str(data["holdout"]),
                      bool(data.get("example", False)))
    except (tomllib.TOMLDecodeError, KeyError) as exc:
        raise CapstoneError(f"{path} is damaged ({exc}); restore it from your first commit: "
                            f"git checkout $(git rev-list --max-parents=0 HEAD) -- {CONFIG}") from None


def split(frame: pd.DataFrame, target: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shipped, held back): rows with a target, cut per class with the checker's seed."""
    import numpy as np

    frame = frame[frame[target].notna()].reset_index(drop=True)
    rng = np.random.default_rng(_SPLIT_SEED)
    held = []
    for _, rows in frame.groupby(target, sort=True):
        index = rows.index.to_numpy()
        held.extend(rng.permutation(index)[: round(len(index) * HELD_BACK)])
    mask = frame.index.isin(held)
    return frame[~mask].reset_index(drop=True), frame[mask].reset_index(drop=True)


def source_frame(data: str | None, csv: str | os.PathLike[str] | None, target: str | None
                 ) -> tuple[pd.DataFrame, str, str]:
    """(rows, target, dataset name) for `capstone new`: a workbook dataset or the learner's CSV."""
    import pandas as pd

    if csv is not None:
        if data is not None:
            raise CapstoneError("choose one: --data NAME or --csv FILE --target COLUMN")
        if not target:
            raise CapstoneError(f"--csv {csv} needs --target COLUMN: the column your model predicts")
        try:
            frame = pd.read_csv(csv)
        except (OSError, ValueError) as exc:
            raise CapstoneError(f"cannot read {csv} as CSV: {exc}") from None
        if target not in frame.columns:
            columns = ", ".join(map(str, frame.columns))
            raise CapstoneError(f"{csv} has no column {target!r}; its columns: {columns}")
        if frame[target].notna().sum() < 20 or frame[target].nunique() < 2:
            raise CapstoneError(f"{csv}: the target {target!r} needs at least 20 labelled rows and 2 classes")
        return frame, target, "csv"
    name = (data or "penguins").strip().lower()
    if name not in DATASETS:
        raise CapstoneError(f"unknown dataset {data!r}; choose one of {', '.join(DATASETS)} "
                            "or bring your own with --csv FILE --target COLUMN")
    file, column, _ = DATASETS[name]
    return pd.read_csv(paths.data_file(file)), column, name


def holdout_path(holdout_id: str) -> Path:
    return paths.home() / "capstone" / f"held-back-{holdout_id}.csv"


def new_holdout_id() -> str:
    return uuid.uuid4().hex[:12]


def held_back(project: Path) -> tuple[pd.DataFrame, Config]:
    """The rows the project never saw, with their target, and the project's config."""
    import pandas as pd

    config = read_config(project)
    if config.dataset in DATASETS:
        file, target, _ = DATASETS[config.dataset]
        return split(pd.read_csv(paths.data_file(file)), target)[1], config
    path = holdout_path(config.holdout)
    if not path.is_file():
        raise CapstoneError(f"the held-back rows of this project ({path}) are not on this machine: they stay "
                            "where `pathway capstone new` ran (PATHWAY_HOME); check the project there")
    return pd.read_csv(path), config


def workspace(project: Path, into: Path) -> Path:
    """A copy of the project's working tree to run in, so nothing is written into the learner's folder."""
    target = into / "project"

    def ignore(folder: str, names: list[str]) -> set[str]:
        return {n for n in names if n in _NOT_COPIED or n.endswith(".egg-info")}

    shutil.copytree(project, target, ignore=ignore, symlinks=True)
    return target


def git(repo: Path, *args: str, timeout: float = 30, may_fail: bool = False) -> str:
    """Run git in `repo` with the learner's own configuration; raise CapstoneError with git's words."""
    exe = shutil.which("git")
    if exe is None:
        raise CapstoneError("git is not installed (or not on the PATH): install it from https://git-scm.com")
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run([exe, "-C", str(repo), *args], capture_output=True, text=True, env=env,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise CapstoneError(f"git {' '.join(args)} took longer than {timeout:g} s") from None
    if done.returncode != 0 and not may_fail:
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise CapstoneError(f"git {' '.join(args)} failed: {lines[-1] if lines else done.returncode}")
    return done.stdout.strip() if done.returncode == 0 else ""


def inside_git_repo(folder: Path) -> Path | None:
    """The top folder of the git work tree `folder` would sit in, if any (its nearest existing parent)."""
    probe = folder
    while not probe.exists():
        probe = probe.parent
    if shutil.which("git") is None:
        return None
    top = git(probe, "rev-parse", "--show-toplevel", may_fail=True)
    return Path(top) if top else None
