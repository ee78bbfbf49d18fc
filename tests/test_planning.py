"""The study planner: windows, overlaps, infeasible targets, input errors, and the recorded plan."""

from __future__ import annotations

import datetime as dt

import pytest

import pathway
from pathway.labs import planning
from pathway.labs.planning import PlanEntry, PlanError

START = dt.date(2026, 1, 5)
ITIL = "cert.itil_foundation"
PROJECT_PLUS = "cert.comptia_project_plus"
AWS_DE = "cert.aws_data_engineer_associate"


def entry(item, hours, target, **extra):
    return {"item": item, "hours": hours, "target": target, **extra}


def test_weeks_needed_rounds_partial_weeks_up():
    assert planning.weeks_needed(30, 4) == 8
    assert planning.weeks_needed(40, 10) == 4
    assert planning.weeks_needed(0.5, 10) == 1
    assert planning.weeks_needed(7.5, 2.5) == 3  # exact float division stays exact


def test_a_plan_that_fits_ends_each_window_on_its_target():
    schedule = planning.plan(
        [entry(ITIL, 40, dt.date(2026, 3, 2)), entry(PROJECT_PLUS, 80, "2026-04-27"),
         entry(AWS_DE, 120, dt.date(2026, 9, 28))],
        START, 10,
    )
    assert schedule.fits and schedule.problems == []
    frame = schedule.frame
    assert list(frame.columns) == planning.COLUMNS
    assert list(frame["item"]) == [ITIL, PROJECT_PLUS, AWS_DE]  # in start order
    itil = frame.iloc[0]
    assert itil["title"] == pathway.load_roadmap().item(ITIL).title
    assert (itil["start"], itil["end"], itil["weeks"]) == (dt.date(2026, 2, 2), dt.date(2026, 3, 2), 4)
    assert itil["weekly_hours"] == 10.0 and itil["hours"] == 40.0 and bool(itil["fits"])
    assert frame["problem"].tolist() == ["", "", ""]
    assert "the plan fits" in repr(schedule) and "Plan fits" in schedule._repr_html_()


def test_overlap_over_budget_is_flagged_on_both_rows_with_fixes():
    schedule = planning.plan(
        [entry(ITIL, 40, dt.date(2026, 3, 2)), entry(PROJECT_PLUS, 80, dt.date(2026, 3, 30)),
         entry(AWS_DE, 120, dt.date(2026, 9, 28))],
        START, 10,
    )
    assert not schedule.fits
    assert len(schedule.problems) == 1  # one overlap, listed once
    problem = schedule.problems[0]
    assert "from 2026-02-02 to 2026-03-02" in problem and "together 20 h/week" in problem
    # the fixes: move the later target so the windows separate, add hours, or drop one
    assert "CompTIA Project+ to 2026-04-27 or later" in problem
    assert "add 10 h/week" in problem and "drop one" in problem
    fits = dict(zip(schedule.frame["item"], schedule.frame["fits"]))
    assert fits == {ITIL: False, PROJECT_PLUS: False, AWS_DE: True}
    # following the suggested fix makes it fit
    moved = planning.plan(
        [entry(ITIL, 40, dt.date(2026, 3, 2)), entry(PROJECT_PLUS, 80, dt.date(2026, 4, 27)),
         entry(AWS_DE, 120, dt.date(2026, 9, 28))],
        START, 10,
    )
    assert moved.fits


def test_overlap_within_budget_is_fine_when_weekly_hours_are_shared():
    schedule = planning.plan(
        [entry(ITIL, 40, dt.date(2026, 3, 2), hours_per_week=5),
         entry(PROJECT_PLUS, 80, dt.date(2026, 4, 27), hours_per_week=5)],
        START, 10,
    )
    assert schedule.fits
    load = schedule.weekly_load()
    assert load["total"].max() == 10.0
    assert load.index[0] == START and len(load) == 16


def test_three_way_overlap_names_all_three():
    schedule = planning.plan(
        [entry(ITIL, 20, dt.date(2026, 4, 6), hours_per_week=4),
         entry(PROJECT_PLUS, 20, dt.date(2026, 4, 6), hours_per_week=4),
         entry(AWS_DE, 20, dt.date(2026, 4, 6), hours_per_week=4)],
        START, 10,
    )
    assert not schedule.fits
    assert len(schedule.problems) == 1
    assert "together 12 h/week" in schedule.problems[0]
    titles = [pathway.load_roadmap().item(i).title for i in (ITIL, PROJECT_PLUS, AWS_DE)]
    assert all(t in schedule.problems[0] for t in titles)


def test_target_too_soon_cannot_be_met_and_says_how_to_fix_it():
    schedule = planning.plan([entry(AWS_DE, 120, dt.date(2026, 2, 27))], START, 10)
    assert not schedule.fits
    (row,) = schedule.rows
    assert row.start == START and row.end == dt.date(2026, 3, 30)  # 12 weeks from the start
    text = row.problems[0]
    assert "only 7 whole week(s)" in text
    assert "move the target to 2026-03-30 or later" in text
    assert "raise your budget to 17.2 h/week" in text and "drop it" in text


def test_earliest_start_is_respected():
    late = entry(ITIL, 40, dt.date(2026, 3, 2), earliest_start=dt.date(2026, 2, 16))
    schedule = planning.plan([late], START, 10)
    assert not schedule.fits and "between 2026-02-16 and the target" in schedule.problems[0]
    ok = planning.plan([entry(ITIL, 40, dt.date(2026, 3, 2), earliest_start="2026-02-02")], START, 10)
    assert ok.fits and ok.rows[0].start == dt.date(2026, 2, 2)


def test_target_on_the_start_day_has_less_than_a_week():
    schedule = planning.plan([entry(ITIL, 10, START)], START, 10)
    assert not schedule.fits and "less than a week" in schedule.problems[0]


def test_entry_weekly_hours_above_budget_is_a_problem():
    schedule = planning.plan([entry(ITIL, 40, dt.date(2026, 6, 1), hours_per_week=12)], START, 10)
    assert not schedule.fits and "more than your budget of 10" in schedule.problems[0]


def test_plan_entries_and_dataclass_entries_agree():
    as_dict = planning.plan([entry(ITIL, 40, "2026-03-02")], "2026-01-05", 10)
    as_entry = planning.plan([PlanEntry(ITIL, 40, dt.date(2026, 3, 2))], START, 10.0)
    assert as_dict.rows == as_entry.rows


@pytest.mark.parametrize("budget", [0, -3, float("nan"), "ten", True])
def test_a_budget_that_is_not_positive_is_a_clear_error(budget):
    with pytest.raises(PlanError, match="hours_per_week"):
        planning.plan([entry(ITIL, 40, "2026-03-02")], START, budget)


@pytest.mark.parametrize(
    "bad,match",
    [
        (entry(ITIL, 0, "2026-03-02"), "more than 0 hours"),
        (entry(ITIL, -5, "2026-03-02"), "more than 0 hours"),
        (entry(ITIL, 40, "2025-12-01"), "before the plan starts"),
        (entry(ITIL, 40, "March 2"), "write it as a date"),
        (entry(ITIL, 40, "2026-03-02", earliest_start="2026-04-01"), "after its target"),
        (entry(ITIL, 40, "2026-03-02", hours_per_week=0), "more than 0 hours"),
        ({"item": ITIL, "hours": 40}, "lacks target"),
        ({"item": ITIL, "hours_needed": 40, "target": "2026-03-02"}, "unknown field"),
        ("cert.itil_foundation", "each entry is a dict"),
        ({"item": 7, "hours": 4, "target": "2026-03-02"}, "roadmap id"),
    ],
)
def test_bad_entries_are_clear_errors(bad, match):
    with pytest.raises(PlanError, match=match):
        planning.plan([bad], START, 10)


def test_other_input_errors():
    with pytest.raises(PlanError, match="nothing to plan"):
        planning.plan([], START, 10)
    with pytest.raises(PlanError, match="planned twice"):
        planning.plan([entry(ITIL, 4, "2026-03-02"), entry(ITIL, 8, "2026-04-02")], START, 10)
    with pytest.raises(PlanError, match="list of entries"):
        planning.plan(entry(ITIL, 4, "2026-03-02"), START, 10)
    with pytest.raises(PlanError, match="start"):
        planning.plan([entry(ITIL, 4, "2026-03-02")], "soon", 10)
    with pytest.raises(pathway.UnknownItemError, match="Did you mean"):
        planning.plan([entry("cert.itil_fundation", 4, "2026-03-02")], START, 10)


def test_plan_is_deterministic():
    entries = [entry(ITIL, 40, "2026-03-02"), entry(PROJECT_PLUS, 80, "2026-03-30")]
    assert planning.plan(entries, START, 10) == planning.plan(entries, START, 10)


def test_certifications_come_from_the_roadmap_with_groups():
    roadmap = pathway.load_roadmap()
    certs = planning.certifications("p5", roadmap)
    expected = [i for i in roadmap.items_in("p5", include_shared=True) if i.kind == "certification"]
    assert list(certs["id"]) == [i.id for i in expected]
    assert list(certs["link"]) == [i.link or i.official for i in expected]
    assert certs.set_index("id").loc["cert.aws_ml_specialty", "status"] == "retired 2026-03-31"
    assert set(certs["group"]) == {"leadership", "technical"}
    assert {"cert.google_data_analytics", "cert.ibm_data_science"} <= set(
        certs.loc[certs["group"] == "technical", "id"]
    )
    for itil in ("cert.itil_foundation", "cert.itil_managing_professional",
                 "cert.itil_strategic_leader", "cert.itil_master"):
        assert certs.set_index("id").loc[itil, "group"] == "leadership"


def test_record_writes_one_plan_event_per_item_in_the_agreed_format(home):
    schedule = planning.plan(
        [entry(ITIL, 40, "2026-03-02"), entry(PROJECT_PLUS, 80, "2026-04-27", hours_per_week=10)],
        START, 10,
    )
    events = planning.record(schedule)
    assert len(events) == 2
    logged = pathway.logged(ITIL, "plan")
    assert len(logged) == 1
    assert dict(logged[0].detail) == {
        "action": "plan", "target": "2026-03-02", "start": "2026-02-02",
        "hours_per_week": 10.0, "hours_needed": 40.0,
    }
    assert logged[0].status == "todo"  # a plan does not change the item's status


def test_latest_plan_wins_and_reads_back(home):
    planning.record(planning.plan([entry(ITIL, 40, "2026-03-02")], START, 10))
    planning.record(planning.plan([entry(ITIL, 30, "2026-05-04", hours_per_week=5)], START, 10))
    plans = planning.recorded_plans()
    assert len(plans) == 1
    row = plans.iloc[0]
    assert row["item"] == ITIL and row["target"] == dt.date(2026, 5, 4)
    assert row["start"] == dt.date(2026, 3, 23) and row["hours_per_week"] == 5.0
    assert row["hours_needed"] == 30.0 and row["title"]


def test_a_plan_that_does_not_fit_is_not_recorded_unless_asked(home):
    bad = planning.plan([entry(ITIL, 40, "2026-03-02"), entry(PROJECT_PLUS, 80, "2026-03-30")], START, 10)
    with pytest.raises(PlanError, match="does not fit"):
        planning.record(bad)
    assert planning.recorded_plans().empty
    planning.record(bad, allow_problems=True)
    assert len(planning.recorded_plans()) == 2
    with pytest.raises(PlanError, match="Schedule"):
        planning.record([entry(ITIL, 40, "2026-03-02")])


def test_recorded_plans_is_empty_in_a_fresh_store(home):
    plans = planning.recorded_plans()
    assert plans.empty and "hours_per_week" in plans.columns


# ------------------------------------------------------------------ retired and retiring exams
SPECIALTY = "cert.aws_ml_specialty"


def test_planning_the_retired_specialty_is_refused_with_its_date_and_alternatives():
    with pytest.raises(PlanError) as err:
        planning.plan([entry(SPECIALTY, 120, "2027-06-07")], "2027-01-04", 10)
    message = str(err.value)
    assert "retired on 2026-03-31" in message
    assert "AWS Certified Machine Learning Engineer – Associate" in message
    assert "AWS Certified Generative AI Developer – Professional" in message
    assert "AWS Certified AI Practitioner" in message


def _roadmap_with(**fields):
    import dataclasses

    roadmap = pathway.load_roadmap()
    items = tuple(dataclasses.replace(i, **fields) if i.id == AWS_DE else i for i in roadmap.items)
    return dataclasses.replace(roadmap, items=items)


def test_an_exam_retiring_before_its_target_is_planned_with_a_warning():
    roadmap = _roadmap_with(status="retiring", retires=dt.date(2027, 3, 31),
                            successors=("cert.aws_ml_associate",))
    schedule = planning.plan([entry(AWS_DE, 40, "2027-05-03")], "2027-01-04", 10, roadmap=roadmap)
    assert schedule.fits  # a warning, not a problem
    assert len(schedule.warnings) == 1
    assert "retires on 2027-03-31, before your target 2027-05-03" in schedule.warnings[0]
    assert "Machine Learning Engineer – Associate" in schedule.warnings[0]
    assert "warning" in repr(schedule) and schedule.frame.loc[0, "warning"]
    early = planning.plan([entry(AWS_DE, 40, "2027-03-01")], "2027-01-04", 10, roadmap=roadmap)
    assert early.warnings == []


def test_a_retiring_exam_whose_last_day_has_passed_is_refused(monkeypatch):
    roadmap = _roadmap_with(status="retiring", retires=dt.date(2026, 12, 31))
    planning.plan([entry(AWS_DE, 40, "2026-12-28")], "2026-12-07", 10, roadmap=roadmap)
    monkeypatch.setenv("PATHWAY_TODAY", "2027-01-02")
    with pytest.raises(PlanError, match="retired on 2026-12-31"):
        planning.plan([entry(AWS_DE, 40, "2027-03-01")], "2027-01-04", 10, roadmap=roadmap)
