"""Applications and contacts: logged as events, summarised into stages, response rate, follow-ups."""

from __future__ import annotations

import pandas as pd
import pytest

import pathway
from pathway.labs import applications


def test_the_sample_log_summarised():
    log = applications.example()
    assert list(log.columns) == applications.APPLICATION_COLUMNS
    summary = applications.summarise(log, today="2025-03-31")
    assert summary.applications == 11
    assert summary.counts == {"applied": 5, "interview": 2, "offer": 2, "rejected": 2, "withdrawn": 0}
    assert summary.response_rate == pytest.approx(6 / 11)
    # Adventure Works Cycles waits exactly 14 days: on the boundary, and due; Proseware, 13: not yet.
    assert list(summary.follow_ups["organisation"]) == [
        "Contoso Retail", "Woodgrove Bank", "City Library Makerspace", "Adventure Works Cycles",
    ]
    text = repr(summary)
    assert "11 applications" in text and "55%" in text and "Woodgrove Bank" in text


def test_current_keeps_the_latest_update_and_the_first_date():
    now = applications.current(applications.example())
    tailspin = now.loc[("Tailspin Logistics", "Data engineering intern")]
    assert tailspin["stage"] == "offer"
    assert tailspin["applied"] == pd.Timestamp("2025-01-22")
    assert tailspin["updated"] == pd.Timestamp("2025-03-24")


def test_follow_up_threshold_is_inclusive():
    log = pd.DataFrame([["2025-03-17", "p4.exp.internship", "A", "intern", "applied", ""]],
                       columns=applications.APPLICATION_COLUMNS)
    assert len(applications.summarise(log, today="2025-03-31").follow_ups) == 1
    assert len(applications.summarise(log, today="2025-03-30").follow_ups) == 0


def test_withdrawn_applications_do_not_count_against_the_response_rate():
    log = pd.DataFrame(
        [["2025-01-01", "p4.exp.internship", "A", "intern", "applied", ""],
         ["2025-01-02", "p4.exp.internship", "B", "intern", "applied", ""],
         ["2025-01-05", "p4.exp.internship", "B", "intern", "withdrawn", ""],
         ["2025-01-03", "p4.exp.internship", "C", "intern", "rejected", ""]],
        columns=applications.APPLICATION_COLUMNS,
    )
    summary = applications.summarise(log, today="2025-01-06")
    assert summary.counts["withdrawn"] == 1
    assert summary.response_rate == pytest.approx(1 / 2)


def test_an_empty_log_summarises_to_nothing(home):
    summary = applications.summary()
    assert summary.applications == 0 and summary.response_rate is None
    assert summary.follow_ups.empty and "no follow-ups due" in repr(summary)


def test_recorded_applications_and_contacts_round_trip(home):
    applications.record_application("Acme AI", "ML intern", date="2025-01-02", note="careers page")
    applications.record_application("Acme AI", "ML intern", "Interview", date="2025-01-20")
    applications.record_application("Good Cause", "Volunteer analyst", item="p4.exp.volunteer",
                                    date="2025-01-03")
    applications.record_contact("Dr Rivera", "Acme AI", channel="video call", date="2025-01-04",
                                follow_up="2025-02-01")
    table = applications.table()
    assert list(table.columns) == applications.APPLICATION_COLUMNS
    assert list(table["stage"]) == ["applied", "applied", "interview"]
    assert set(table["item"]) == {"p4.exp.internship", "p4.exp.volunteer"}
    contacts = applications.contacts()
    assert contacts.loc[0, "person"] == "Dr Rivera" and contacts.loc[0, "follow_up"] == "2025-02-01"

    summary = applications.summary(today="2025-02-01")
    assert summary.counts["interview"] == 1 and summary.counts["applied"] == 1
    assert set(summary.follow_ups["kind"]) == {"application", "contact"}
    assert set(summary.follow_ups["who"]) == {"Volunteer analyst", "Dr Rivera"}

    statuses = pathway.statuses()
    assert statuses["p4.exp.internship"] == "in_progress"
    assert statuses["p4.exp.volunteer"] == "in_progress"
    assert statuses["p4.exp.mentorship"] == "in_progress"
    assert len(pathway.logged(action="application")) == 3


def test_recording_keeps_a_status_already_set(home):
    pathway.mark("p4.exp.internship", "done")
    applications.record_application("Acme AI", "ML intern", "offer")
    assert pathway.statuses()["p4.exp.internship"] == "done"
    from pathway import clock

    assert applications.table().loc[0, "date"] == clock.today().isoformat()  # PATHWAY_TODAY


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: applications.record_application("Acme", "intern", "hired"), "unknown stage"),
        (lambda: applications.record_application("", "intern"), "organisation"),
        (lambda: applications.record_application("Acme", "intern", date="31/03/2025"), "YYYY-MM-DD"),
        (lambda: applications.record_contact("  "), "person"),
        (lambda: applications.record_application("Acme", "intern", item="p4.exp.internshp"),
         "Did you mean"),
    ],
)
def test_bad_records_are_refused_and_nothing_is_logged(home, call, message):
    with pytest.raises((ValueError, KeyError), match=message):
        call()
    assert pathway.logged() == []


def test_the_sample_log_moved_to_today_covers_the_three_months_before_it():
    from pathway import clock

    today = clock.today()
    log = applications.example(as_of=today)
    dates = pd.to_datetime(log["date"])
    assert dates.max() <= pd.Timestamp(today) and dates.min() >= pd.Timestamp(today) - pd.DateOffset(months=3)
    moved = applications.summarise(log, today=today)
    original = applications.summarise(applications.example(), today=applications.SAMPLE_AS_OF)
    assert moved.counts == original.counts
    assert list(moved.follow_ups["organisation"]) == list(original.follow_ups["organisation"])
