"""External facts as data: every exam and programme says if it is offered, who says so and when."""

from __future__ import annotations

import datetime as dt

import pytest

import pathway
from pathway import RoadmapError, clock, facts
from pathway.errors import PathwayError
from pathway.roadmap import parse_roadmap

HEAD = {"title": "Mine", "phases": [{"id": "p1", "title": "One", "goal": "Learn."}]}
CERT = {"id": "cert.x", "phase": "p1", "kind": "certification", "title": "X"}


def roadmap_with(**fields):
    return parse_roadmap({**HEAD, "items": [{**CERT, **fields}, {**CERT, "id": "cert.y", "title": "Y"}]})


def test_no_certification_or_programme_lacks_a_status_a_source_and_a_checked_date():
    roadmap = pathway.load_roadmap()
    with_facts = [i for i in roadmap.items if facts.has_facts(i)]
    assert len(with_facts) >= 20
    lacking = [i.id for i in with_facts
               if i.status not in facts.STATUSES or not i.source or not i.official
               or not isinstance(i.checked, dt.date)]
    assert not lacking, f"these need status, official, source and checked: {lacking}"


def test_the_specialty_is_retired_with_its_successors_and_they_are_current():
    roadmap = pathway.load_roadmap()
    specialty = roadmap.item("cert.aws_ml_specialty")
    assert specialty.status == "retired" and specialty.retired == dt.date(2026, 3, 31)
    assert "cert.aws_ml_associate" in specialty.successors
    for successor in (*specialty.successors, *specialty.alternatives):
        assert roadmap.item(successor).status == "current"
    assert facts.label(specialty, clock.today()) == "retired 2026-03-31"


def test_itil_4_items_point_to_version_5_and_mit_eecs_says_there_is_no_terminal_masters():
    roadmap = pathway.load_roadmap()
    assert roadmap.item("cert.itil_foundation").successors == ("cert.itil_v5_foundation",)
    assert "all three designations" in roadmap.item("cert.itil_master").note
    assert "no terminal master's" in roadmap.item("prog.mit_eecs_graduate").note
    assert {i.kind for i in roadmap.items_in("p6")} >= {"programme", "degree"}


def test_a_roadmap_without_facts_stays_valid():
    item = roadmap_with().item("cert.x")
    assert item.status is None and item.checked is None and item.successors == ()
    assert facts.label(item, dt.date(2026, 1, 1)) == ""


def test_facts_are_parsed_into_the_item():
    item = roadmap_with(status="retiring", retires="2027-06-30", successors=["cert.y", "Another exam"],
                        official="https://example.org/x", checked=dt.date(2026, 11, 29),
                        source="https://example.org/news", note="  Check   it. ").item("cert.x")
    assert item.retires == dt.date(2027, 6, 30) and item.checked == dt.date(2026, 11, 29)
    assert item.note == "Check it."
    assert facts.replacements(item, {"cert.y": "Y"}) == ["Y", "Another exam"]
    assert facts.label(item, dt.date(2027, 6, 30)) == "retiring 2027-06-30"
    assert facts.label(item, dt.date(2027, 7, 1)) == "retired 2027-06-30"


@pytest.mark.parametrize("fields,expected", [
    ({"status": "gone"}, "status 'gone' is not one of current, retiring, retired"),
    ({"status": "retiring"}, "needs `retires = YYYY-MM-DD`"),
    ({"status": "retired"}, "needs `retired = YYYY-MM-DD`"),
    ({"status": "current", "retired": "2026-03-31"}, "retired is set but status is 'current'"),
    ({"status": "retired", "retired": "last spring"}, "retired 'last spring' is not a date"),
    ({"checked": 20261129}, "checked 20261129 is not a date"),
    ({"successors": "cert.y"}, "successors must be a list"),
    ({"alternatives": ["ok", ""]}, "alternatives must be a list"),
    ({"successors": ["cert.nope"]}, "names 'cert.nope', which is not an item id"),
    ({"source": "somewhere"}, "source 'somewhere' is not a well-formed"),
    ({"official": "ftp://example.org"}, "official 'ftp://example.org' is not a well-formed"),
    ({"note": 3}, "note must be non-empty text"),
])
def test_bad_facts_get_one_clear_error(fields, expected):
    with pytest.raises(RoadmapError) as err:
        roadmap_with(**fields)
    assert expected in str(err.value) and "cert.x" in str(err.value)


def test_today_follows_pathway_today(monkeypatch):
    monkeypatch.setenv(clock.ENV, "2031-02-14")
    assert clock.today() == dt.date(2031, 2, 14)
    assert clock.next_monday() == dt.date(2031, 2, 17)
    assert clock.next_monday(dt.date(2031, 2, 17)) == dt.date(2031, 2, 24)  # a Monday: the next one
    assert clock.weeks_from(12, dt.date(2031, 2, 17)) == dt.date(2031, 5, 12)
    monkeypatch.setenv(clock.ENV, "soon")
    with pytest.raises(PathwayError, match="YYYY-MM-DD"):
        clock.today()
    monkeypatch.delenv(clock.ENV)
    assert clock.today() == dt.date.today()


def test_the_overview_shows_when_facts_were_checked_and_flags_old_ones(home, monkeypatch):
    from pathway.views import phase_overview

    shown = repr(phase_overview("p5"))
    assert "cert.aws_ml_specialty" in shown and "[retired 2026-03-31] instead:" in shown
    assert "(checked 2026-11-29)" in shown and "over a year old" not in shown
    assert "Fact checked" in phase_overview("p6").html
    monkeypatch.setenv(clock.ENV, "2027-12-01")  # a year and a bit later: every fact is due
    later = phase_overview("p6")
    assert "over a year old, re-check" in repr(later) and "re-check" in later.html
    assert "Fact checked" not in phase_overview("p1").html  # phases without facts keep their table


def test_status_marks_a_retired_exam(home, capsys):
    from pathway.cli import main

    assert main(["status", "p5"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "cert.aws_ml_specialty" in x)
    assert "RETIRED 2026-03-31" in line


def test_a_learners_own_certification_without_facts_is_shown_as_unchecked(home, tmp_path, monkeypatch):
    from pathway.views import phase_overview

    path = tmp_path / "mine.toml"
    path.write_text('title = "Mine"\n[[phases]]\nid = "p5"\ntitle = "Certs"\ngoal = "Pass."\n'
                    '[[items]]\nid = "cert.mine"\nphase = "p5"\nkind = "certification"\ntitle = "Mine"\n',
                    encoding="utf-8")
    monkeypatch.setenv("PATHWAY_ROADMAP", str(path))
    shown = repr(phase_overview("p5"))
    assert "cert.mine: Mine  [not recorded] (checked never: check it)" in shown
