"""pathway.labs.pacing: per-question time, checkpoints, pace reports and practice attempts."""

from __future__ import annotations

import pytest

from pathway.labs import pacing


def test_per_question_sets_review_time_aside():
    assert pacing.per_question(60, 120, 15) == pytest.approx(1.75)
    with pytest.raises(ValueError):
        pacing.per_question(0, 120)
    with pytest.raises(ValueError):
        pacing.per_question(10, 30, 30)


def test_checkpoints_end_with_the_last_question():
    assert pacing.checkpoints(60, 120, 15, 10) == [(q, q * 1.75) for q in range(10, 61, 10)]
    marks = pacing.checkpoints(65, 170, 20, 10)
    assert [q for q, _ in marks] == [10, 20, 30, 40, 50, 60, 65]
    assert marks[-1][1] == pytest.approx(150)
    assert pacing.checkpoints(5, 10, 0, 10) == [(5, 10.0)]
    with pytest.raises(ValueError):
        pacing.checkpoints(10, 30, 0, 0)


def test_pace_report():
    report = pacing.pace_report({10: 15.0, 20: 38.0}, 60, 120, 15)
    assert report["planned_minute"].tolist() == [17.5, 35.0]
    assert report["ahead"].tolist() == pytest.approx([2.5, -3.0])
    with pytest.raises(ValueError, match="outside"):
        pacing.pace_report({61: 100}, 60, 120)


def test_attempts_are_logged(home):
    assert pacing.attempts().empty
    pacing.record_attempt(0.72, 110, questions=60, exam="practice set 1")
    pacing.record_attempt(0.81, 104)
    table = pacing.attempts()
    assert table["score"].tolist() == [0.72, 0.81]
    assert table["exam"].tolist()[0] == "practice set 1"
    with pytest.raises(ValueError, match="fraction"):
        pacing.record_attempt(81, 100)
