"""Test-wide setup: every test and every notebook kernel writes to a throwaway PATHWAY_HOME, and the
suite leaves nothing behind in the repository."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

# Set before any kernel starts, so nbval's kernels never touch the learner's real progress.
_SESSION_HOME = Path(tempfile.mkdtemp(prefix="pathway-test-home-"))
os.environ["PATHWAY_HOME"] = str(_SESSION_HOME)
os.environ.pop("PATHWAY_ROADMAP", None)
os.environ.setdefault("MPLBACKEND", "Agg")
# MLflow without a tracking URI writes ./mlflow.db wherever it runs: give every test and kernel that
# forgets `mlflow_store.use_store()` (or resets the URI) a throwaway store instead of the repository.
(_SESSION_HOME / "mlflow").mkdir()
os.environ["MLFLOW_TRACKING_URI"] = f"sqlite:///{_SESSION_HOME / 'mlflow' / 'mlflow.db'}"
# "Today" is fixed for every test and kernel (pathway.clock.today reads it), so example dates,
# retirements and the age of checked facts give the same answers on any day the suite runs.
TODAY = "2026-11-30"
os.environ["PATHWAY_TODAY"] = TODAY


@pytest.fixture(autouse=True)
def _close_figures():
    """Figures that a test's answer cells draw are closed after it, as a notebook's would be."""
    yield
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


@pytest.fixture(autouse=True)
def _keras_backend_variable():
    """Each test leaves KERAS_BACKEND as it found it. 03e's exercises set it to "tensorflow" in this
    process (`keras_backends.keras_on`), and a notebook kernel started later inherits the environment:
    03b's kernel would then run Keras on TensorFlow, which a learner's fresh kernel never does."""
    before = os.environ.get("KERAS_BACKEND")
    yield
    if before is None:
        os.environ.pop("KERAS_BACKEND", None)
    else:
        os.environ["KERAS_BACKEND"] = before


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh, empty PATHWAY_HOME for one test."""
    monkeypatch.setenv("PATHWAY_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


# What a run may leave (all in .gitignore): the tools' own caches, and build/, where the README says the
# screenshots and artefacts go. Anything else is a stray.
EXPECTED = ("__pycache__/", ".pytest_cache/", ".ruff_cache/", ".hypothesis/", "build/")


def repository_state() -> set[str] | None:
    """The untracked and ignored files `git status` lists (a stray mlflow.db matches `*.db`, so ignored
    files count), or None outside a git checkout of this repository (an unpacked sdist, a copy). Edits
    to tracked files are left out: you may be editing while the tests run."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=ROOT, capture_output=True,
                             text=True, timeout=30)
        if top.returncode != 0 or Path(top.stdout.strip()).resolve() != ROOT.resolve():
            return None
        out = subprocess.run(["git", "status", "--porcelain", "--ignored"], cwd=ROOT, capture_output=True,
                             text=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return {line for line in out.stdout.splitlines()  # new files only: `??` untracked, `!!` ignored
            if line.startswith(("??", "!!"))
            and not any(cache in line or line.endswith(cache.rstrip("/")) for cache in EXPECTED)}


_STATE_BEFORE = pytest.StashKey[set]()


def pytest_sessionstart(session):
    session.config.stash[_STATE_BEFORE] = repository_state()


def pytest_sessionfinish(session, exitstatus):
    """Nothing left behind: a file the tests or the notebooks wrote into the repository fails the run.

    And the unsolved notebooks (nbval) must leave no exercise recorded as done, nor as incorrect: run
    unsolved, every answer cell still holds the blank, so a check that calls it "incorrect" (and puts it
    in the review queue as failed) has mistaken an unfinished answer for a wrong one.
    """
    before = session.config.stash.get(_STATE_BEFORE, None)
    after = repository_state() if before is not None else None
    if after is not None and after - before:
        print("\nThe test run left files in the repository (git status --porcelain --ignored):\n  "
              + "\n  ".join(sorted(after - before)))
        session.exitstatus = 1
    db = _SESSION_HOME / "progress.db"
    ran_notebooks = any(
        str(getattr(item, "fspath", "")).endswith(".ipynb") for item in getattr(session, "items", [])
    )
    if not ran_notebooks or not db.exists():
        return
    from pathway.exercises import all as all_exercises
    from pathway.progress import ProgressStore

    ids = {e.id for e in all_exercises()}
    events = [e for e in ProgressStore(db).events() if e.item in ids]
    done = sorted({e.item for e in events if e.status == "done"})
    if done:
        print(f"\nUnsolved notebooks recorded exercises as done: {', '.join(done)}")
        session.exitstatus = 1
    wrong = sorted({e.item for e in events if (e.detail or {}).get("outcome") == "incorrect"})
    if wrong:
        print(f"\nUnsolved notebooks recorded blank answers as incorrect: {', '.join(wrong)}")
        session.exitstatus = 1
