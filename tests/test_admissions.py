"""pathway.labs.admissions: due dates counted back, task states as of a date, ticks in the event log."""

from __future__ import annotations

import datetime as dt

import pytest

import pathway
from pathway.labs import admissions

D = dt.date
DEADLINE = D(2026, 12, 15)


def test_build_counts_back_in_weeks_and_sorts_by_due_date():
    table = admissions.build(DEADLINE, {"CV": 3, "letters": 8, "submit": 1})
    assert table["task"].tolist() == ["letters", "CV", "submit"]
    assert table["due"].tolist() == [D(2026, 10, 20), D(2026, 11, 24), D(2026, 12, 8)]


def test_build_uses_the_suggestions_by_default_and_rejects_bad_lead_times():
    assert len(admissions.build("2026-12-15")) == len(admissions.SUGGESTED_LEAD_WEEKS)
    with pytest.raises(ValueError, match="weeks before"):
        admissions.build(DEADLINE, {"CV": -1})
    with pytest.raises(ValueError, match="weeks before"):
        admissions.build(DEADLINE, {"CV": "soon"})


@pytest.mark.parametrize(
    "due,done,state",
    [
        (D(2026, 9, 30), False, "overdue"),
        (D(2026, 9, 30), True, "done"),
        (D(2026, 10, 1), False, "due soon"),
        (D(2026, 10, 15), False, "due soon"),
        (D(2026, 10, 16), False, "upcoming"),
    ],
)
def test_task_state(due, done, state):
    assert admissions.task_state(due, done, D(2026, 10, 1)) == state


def test_states_with_an_explicit_done_set():
    table = admissions.build(DEADLINE, {"letters": 8, "CV": 3, "submit": 1})
    result = admissions.states(table, D(2026, 11, 1), done={"letters"})
    assert dict(zip(result["task"], result["state"])) == {
        "letters": "done", "CV": "upcoming", "submit": "upcoming",
    }
    assert result.loc[result["task"] == "CV", "days_left"].item() == 23


def test_ticks_are_logged_and_read_back_as_of_a_date(home):
    table = admissions.build(DEADLINE, {"letters": 8, "CV": 3})
    admissions.tick("letters", D(2026, 10, 10))
    admissions.tick("CV", D(2026, 11, 20))
    admissions.tick("CV", D(2026, 11, 22), done=False)  # reopened
    assert admissions.ticked() == {"letters"}
    assert admissions.ticked(as_of=D(2026, 11, 21)) == {"letters", "CV"}
    assert admissions.ticked(as_of=D(2026, 10, 1)) == set()
    early = admissions.states(table, D(2026, 10, 25))
    assert dict(zip(early["task"], early["state"])) == {"letters": "done", "CV": "upcoming"}
    events = pathway.logged(admissions.ITEM, "checklist")
    assert events[0].detail == {"action": "checklist", "task": "letters", "done": True,
                                "date": "2026-10-10"}
    assert pathway.statuses()[admissions.ITEM] == "todo"  # ticks do not change the status
