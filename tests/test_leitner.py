"""pathway.labs.leitner: the box rule, schedules from explicit data and from the event log."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import pathway
from pathway.labs import datasets, leitner

D = dt.date


@pytest.mark.parametrize("box", range(1, 6))
def test_next_box_rule(box):
    assert leitner.next_box(box, True) == min(box + 1, 5)
    assert leitner.next_box(box, False) == 1


def test_next_box_rejects_boxes_out_of_range():
    with pytest.raises(ValueError):
        leitner.next_box(0, True)
    with pytest.raises(ValueError):
        leitner.next_box(6, False)


def test_as_date_accepts_the_usual_spellings():
    assert leitner.as_date("2025-03-01") == D(2025, 3, 1)
    assert leitner.as_date("2025-03-01T23:30:00+00:00") == D(2025, 3, 1)
    assert leitner.as_date("2025-03-01T23:30:00-05:00") == D(2025, 3, 2)  # in UTC
    assert leitner.as_date(dt.datetime(2025, 3, 1, 12)) == D(2025, 3, 1)
    assert leitner.as_date(pd.Timestamp("2025-03-01")) == D(2025, 3, 1)
    with pytest.raises(TypeError):
        leitner.as_date(3)


def test_schedule_from_tuples():
    results = [
        ("q1", D(2025, 3, 1), True),   # box 2
        ("q1", D(2025, 3, 3), True),   # box 3 -> back on 3 + 4 days
        ("q2", D(2025, 3, 1), True),
        ("q2", D(2025, 3, 2), False),  # box 1 -> back next day
    ]
    table = leitner.schedule(results, D(2025, 3, 3)).set_index("question")
    assert table.loc["q1", "box"] == 3 and table.loc["q1", "next_review"] == D(2025, 3, 7)
    assert table.loc["q2", "box"] == 1 and table.loc["q2", "next_review"] == D(2025, 3, 3)
    assert bool(table.loc["q2", "due"]) and not bool(table.loc["q1", "due"])
    assert table.loc["q1", "answers"] == 2 and table.loc["q2", "correct_answers"] == 1


def test_a_card_climbs_to_the_top_box_and_stays_there():
    results = [("q", D(2025, 1, 1) + dt.timedelta(days=i), True) for i in range(8)]
    row = leitner.schedule(results, D(2025, 2, 1)).iloc[0]
    assert row["box"] == 5
    assert row["next_review"] == D(2025, 1, 8) + dt.timedelta(days=leitner.INTERVALS[5])


def test_answers_after_as_of_are_ignored_and_order_within_a_day_is_kept():
    results = [
        {"question": "q", "date": "2025-03-01", "correct": True},
        {"question": "q", "date": "2025-03-01", "correct": False},  # same day, later: box 1
        {"question": "q", "date": "2025-03-05", "correct": True},
    ]
    row = leitner.schedule(results, "2025-03-02").iloc[0]
    assert row["box"] == 1 and row["answers"] == 2


def test_schedule_from_a_dataframe_and_due_list():
    quiz = datasets.load("p7_practice_answers")
    table = leitner.schedule(quiz, D(2025, 3, 10))
    assert list(table.columns) == leitner.COLUMNS
    assert set(table["question"]) == set(quiz["question"])
    assert table["next_review"].tolist() == sorted(table["next_review"])
    due = leitner.due(D(2025, 3, 10), quiz)
    assert due == table.loc[table["next_review"] <= D(2025, 3, 10), "question"].tolist()
    assert leitner.due(D(2025, 2, 1), quiz) == []  # nothing answered yet


def test_bad_answers_are_reported():
    with pytest.raises(ValueError, match="no correct"):
        leitner.answers([{"question": "q", "date": "2025-03-01"}])
    with pytest.raises(ValueError, match="True or False"):
        leitner.answers([("q", "2025-03-01", "maybe")])


def test_schedule_reads_quiz_events_from_the_log(home):
    assert leitner.schedule(None, D(2030, 1, 1)).empty
    pathway.log("cert.aws_ml_specialty", "quiz", question="aws.q1", correct=True, area="modeling")
    pathway.log("cert.aws_ml_specialty", "quiz", question="aws.q2", correct=False, area="data")
    pathway.log("cert.aws_ml_specialty", "note", text="not a quiz answer")
    today = leitner.as_date(pathway.logged(action="quiz")[-1].time)
    table = leitner.schedule(None, today).set_index("question")
    assert table.loc["aws.q1", "box"] == 2 and table.loc["aws.q2", "box"] == 1
    assert table.loc["aws.q1", "area"] == "modeling"
    assert leitner.due(today + dt.timedelta(days=1)) == ["aws.q2"]
    assert leitner.due(today + dt.timedelta(days=2)) == ["aws.q2", "aws.q1"]


def test_the_sample_moved_to_any_day_schedules_as_on_its_own_days():
    original = leitner.schedule(datasets.load("p7_practice_answers"), leitner.SAMPLE_DAY)
    later = dt.date(2031, 6, 2)
    moved = leitner.sample(later)
    assert pd.to_datetime(moved["date"]).max() == pd.Timestamp(later - dt.timedelta(days=1))
    table = leitner.schedule(moved, later)
    assert table["box"].tolist() == original["box"].tolist()
    assert leitner.due(later, moved) == leitner.due(leitner.SAMPLE_DAY, datasets.load("p7_practice_answers"))
