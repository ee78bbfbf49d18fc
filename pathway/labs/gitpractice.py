"""Real `git` on a throwaway repository: branch, commit, and describe a pull request.

`practice_repo()` makes a temporary repository with one commit on `main` (a README and a
training script) and two files that should never be committed: a data export and a pickled
model. The repository's own config sets a practice name and e-mail, so your global git
configuration is never read for identity and never written. `git(repo, ...)` runs one git command
there and returns its output; a failing command raises `GitError` with git's own message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import PathwayError

MAIN = "main"
UNTRACKED = ("data/customers.csv", "models/churn_model.pkl")
README = """# Churn model

Predicts which subscribers cancel next month (Phase 4 practice competition).
"""
TRAIN = """import pandas as pd

train = pd.read_csv("data/customers.csv")
print(train.shape)
"""


class GitError(PathwayError):
    """git is missing, or a git command failed; the message says which and why."""


def available() -> bool:
    """Whether a `git` executable is on the PATH."""
    return shutil.which("git") is not None


def _require() -> str:
    exe = shutil.which("git")
    if exe is None:
        raise GitError("git is not installed (or not on the PATH): install it from https://git-scm.com "
                       "(in Colab and most Linux images it is already there), then run this cell again")
    return exe


def _env() -> dict[str, str]:
    """An environment that keeps the learner's global and system git config out of the practice."""
    env = dict(os.environ)
    env.update({"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
                "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    return env


def git(repo: str | os.PathLike[str], *args: str, timeout: float = 20) -> str:
    """Run `git <args>` inside `repo` and return its standard output (stripped)."""
    exe = _require()
    try:
        done = subprocess.run([exe, "-C", os.fspath(repo), *map(str, args)], capture_output=True,
                              text=True, env=_env(), timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} took longer than {timeout:g} s") from None
    if done.returncode != 0:
        message = (done.stderr or done.stdout).strip().splitlines()
        raise GitError(f"git {' '.join(args)} failed: {message[-1] if message else done.returncode}")
    return done.stdout.strip()


def practice_repo(parent: str | os.PathLike[str] | None = None) -> Path:
    """A fresh repository in a temporary folder: one commit on `main`, two files to keep out."""
    _require()
    root = Path(tempfile.mkdtemp(prefix="p4-git-", dir=parent))
    git(root, "init", "-q")
    git(root, "symbolic-ref", "HEAD", f"refs/heads/{MAIN}")
    git(root, "config", "user.name", "Practice Learner")  # local to this repository only
    git(root, "config", "user.email", "learner@example.com")
    git(root, "config", "commit.gpgsign", "false")
    (root / "README.md").write_text(README, encoding="utf-8")
    (root / "train.py").write_text(TRAIN, encoding="utf-8")
    git(root, "add", "README.md", "train.py")
    git(root, "commit", "-q", "-m", "Add README and training script")
    for name in UNTRACKED:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("id,churn\n1001,no\n" if name.endswith(".csv") else "not really a model\n",
                        encoding="utf-8")
    return root


def changed_files(repo: str | os.PathLike[str], branch: str) -> list[str]:
    """The files a branch changes compared with `main` (what a pull request would show)."""
    return git(repo, "diff", "--name-only", f"{MAIN}...{branch}").splitlines()
