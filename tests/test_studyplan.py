"""pathway.labs.studyplan: consistency checks, the summary, and plans kept in the event log."""

from __future__ import annotations

import pandas as pd
import pytest

from pathway.labs import studyplan

HYBRID = [
    {"modality": "online", "activity": "lectures", "hours": 4},
    {"modality": "In-person", "activity": "evening class", "hours": 3},
    {"modality": "classroom", "activity": "study group", "hours": 1.5},
]


def test_a_sound_hybrid_plan_has_no_problems():
    assert studyplan.problems(HYBRID, 10) == []
    assert studyplan.classify(HYBRID) == "hybrid"


def test_plans_in_every_shape():
    frame = pd.DataFrame(HYBRID)
    columns = {k: [s[k] for s in HYBRID] for k in ("modality", "activity", "hours")}
    for plan in (HYBRID, frame, columns):
        assert studyplan.problems(plan, 10) == []


@pytest.mark.parametrize(
    "plan,budget,kind,message",
    [
        (HYBRID, 8, "hybrid", "8.5 hours a week, 0.5 over your budget of 8"),
        (HYBRID[:1], 10, "hybrid", "needs at least one in-person session"),
        (HYBRID[1:], 10, "hybrid", "needs at least one online session"),
        (HYBRID, 10, "online", "should be online only"),
        ([{"modality": "podcast", "activity": "x", "hours": 1}], 10, "hybrid", "not one of"),
        ([{"modality": "online", "activity": "x", "hours": 0}], 10, "online", "more than 0 hours"),
        ([{"modality": "online", "activity": "x", "hours": "2h"}], 10, "online", "should be a number"),
        ([{"modality": "online", "activity": "", "hours": 2}], 10, "online", "describe the activity"),
        ([{"modality": "online", "hours": 2}], 10, "online", "needs activity"),
        ([], 10, "hybrid", "no sessions"),
        ("lots of study", 10, "hybrid", "a plan is a list"),
        ({"modality": ["online"], "hours": [1, 2]}, 10, "hybrid", "same length"),
    ],
)
def test_problems_say_what_to_fix(plan, budget, kind, message):
    found = studyplan.problems(plan, budget, kind)
    assert any(message in p for p in found), found


def test_validate_raises_with_every_problem_and_normalises():
    with pytest.raises(ValueError, match="in-person session"):
        studyplan.validate(HYBRID[:1], 2)
    frame = studyplan.validate(HYBRID, 10)
    assert set(frame["modality"]) == {"online", "in_person"}


def test_summary_shares():
    table = studyplan.summary(HYBRID)
    assert table.loc["online", "hours"] == 4 and table.loc["in_person", "hours"] == 4.5
    assert table.loc["in_person", "sessions"] == 2
    assert table["share"].sum() == pytest.approx(1)
    only_online = studyplan.summary(HYBRID[:1])
    assert only_online.loc["in_person", "hours"] == 0


def test_record_and_read_back(home):
    assert studyplan.latest() is None
    studyplan.record(HYBRID, 10)
    plan = studyplan.latest()
    assert plan["hours"].sum() == 8.5
    assert set(plan["modality"]) == {"online", "in_person"}
    with pytest.raises(ValueError):
        studyplan.record(HYBRID, 5)
    assert len(studyplan.latest()) == 3  # the unsound plan was not saved
