"""Test-wide setup: every test and every notebook kernel writes to a throwaway PATHWAY_HOME."""

from __future__ import annotations

import os
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


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A fresh, empty PATHWAY_HOME for one test."""
    monkeypatch.setenv("PATHWAY_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def pytest_sessionfinish(session, exitstatus):
    """The unsolved notebooks (nbval) must leave no exercise recorded as done, nor as incorrect.

    Run unsolved, every answer cell still holds the blank: a check that calls it "incorrect"
    (and puts it in the review queue as failed) has mistaken an unfinished answer for a wrong one.
    """
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
