"""Spaced review of the learner's own exercises: a Leitner schedule computed from the event log only."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

import pathway
from pathway import summary
from pathway.progress import Event, ProgressStore

TODAY = dt.date(2026, 11, 29)
EX = "p2.stats.sample_std"


def check(day: dt.date, outcome: str, item: str = EX) -> Event:
    status = "done" if outcome == "correct" else "in_progress"
    return Event(f"{day.isoformat()}T10:00:00.000000+00:00", item, status, "check",
                 {"action": "check", "outcome": outcome})


def help_view(day: dt.date, action: str, item: str = EX) -> Event:
    detail = {"action": action, **({"hint": 1} if action == "hint" else {})}
    return Event(f"{day.isoformat()}T09:00:00.000000+00:00", item, "in_progress", "notebook", detail)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


@pytest.fixture(scope="module")
def roadmap():
    return pathway.load_roadmap()


def due(roadmap, events) -> dict[str, summary.ReviewCard]:
    return {c.item: c for c in summary.due_for_review(roadmap, events, TODAY)}


def test_solved_cleanly_today_is_not_due(roadmap):
    assert due(roadmap, [check(TODAY, "correct")]) == {}


def test_solved_only_after_the_solution_comes_back_the_next_day(roadmap):
    events = [help_view(days_ago(1), "solution"), check(days_ago(1), "correct")]
    card = due(roadmap, events)[EX]
    assert card.box == 1 and card.due == TODAY and "solution" in card.reason
    assert due(roadmap, [help_view(TODAY, "solution"), check(TODAY, "correct")]) == {}  # tomorrow


def test_many_wrong_attempts_before_solving_bring_it_back_soon(roadmap):
    events = [check(days_ago(2), "incorrect")] * 3 + [check(days_ago(2), "correct")]
    card = due(roadmap, events)[EX]
    assert card.box == 1 and "3 wrong attempts" in card.reason
    two_wrong = [check(days_ago(2), "incorrect")] * 2 + [check(days_ago(2), "correct")]
    assert due(roadmap, two_wrong)[EX].box == 2  # the boundary: fewer than three is box 2


def test_solved_long_ago_is_due_and_a_clean_solve_waits_longer(roadmap):
    interval = summary.INTERVALS[3]
    assert EX in due(roadmap, [check(days_ago(interval), "correct")])
    assert due(roadmap, [check(days_ago(interval - 1), "correct")]) == {}


def test_reattempts_move_it_through_the_boxes(roadmap):
    first = days_ago(30)
    events = [check(first, "correct"), check(first + dt.timedelta(days=4), "correct")]
    assert due(roadmap, events)[EX].box == 4
    events.append(check(first + dt.timedelta(days=12), "incorrect"))
    card = due(roadmap, events)[EX]
    assert card.box == 1 and "wrong" in card.reason


def test_attempted_but_unsolved_is_due_and_never_checked_is_not(roadmap):
    assert due(roadmap, [check(TODAY, "incorrect")])[EX].reason == "not solved yet"
    assert due(roadmap, [help_view(days_ago(5), "hint")]) == {}


def test_only_exercises_and_renamed_ids_follow(roadmap):
    events = [check(days_ago(20), "correct", item="p1.lang.python")]
    assert due(roadmap, events) == {}


def test_review_reads_the_store_and_cli_lists_what_is_due(home, tmp_path):
    store = ProgressStore()
    today = pathway.clock.today()  # fixed by the tests' PATHWAY_TODAY
    old = today - dt.timedelta(days=40)
    store.import_events([help_view(old, "solution"), check(old, "correct"),
                         check(today, "correct", item="p2.stats.confidence_interval")])
    frame = pathway.review()
    assert list(frame["exercise"]) == [EX]
    assert list(frame.columns) == ["exercise", "title", "box", "last_attempt", "due", "why"]
    env = {**os.environ, "PATHWAY_HOME": str(home)}
    out = subprocess.run([sys.executable, "-m", "pathway.cli", "review"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert EX in out.stdout and "confidence_interval" not in out.stdout
    assert "02_data_science_foundations.ipynb" in out.stdout
