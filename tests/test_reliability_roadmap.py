"""Roadmap files: one clear RoadmapError line for every mistake; charts cost the same for any dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from pathlib import Path

import pytest

import pathway
from pathway import RoadmapError
from pathway.progress import Event
from pathway.roadmap import load_roadmap
from pathway.views import chart_data

BASE = (
    'title = "Mine"\n'
    '[[phases]]\nid = "p1"\ntitle = "One"\ngoal = "g"\n'
    '[[phases]]\nid = "p2"\ntitle = "Two"\ngoal = "g"\n'
    '[[items]]\nid = "p1.sql"\nphase = "p1"\nkind = "language"\ntitle = "SQL"\n'
)


def write(tmp_path: Path, text: str, name: str = "mine.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_alias_written_as_a_dotted_key_means_the_dotted_id(tmp_path):
    roadmap = load_roadmap(write(tmp_path, BASE + '[aliases]\np1.lang.sql = "p1.sql"\n"p1.old" = "p1.sql"\n'))
    assert dict(roadmap.aliases) == {"p1.lang.sql": "p1.sql", "p1.old": "p1.sql"}
    assert roadmap.resolve("p1.lang.sql") == "p1.sql"


BROKEN = {
    "alias pointing at a number": ('[aliases]\np1.lang.sql = 3\n', r"\[aliases\] 'p1.lang.sql'.*in quotes"),
    "alias to a table of lists": ('[aliases]\np1.lang = {sql = ["p1.sql"]}\n', "in quotes"),
    "also_in as text": ('also_in = "p2"\n', "also_in must be a list of phase ids"),
    "also_in of tables": ('also_in = [{p = "p2"}]\n', "also_in must be a list"),
    "also_in nested deep": ("also_in = " + "[" * 300 + "]" * 300 + "\n", "also_in must be a list"),
    "a bad IPv6 link": ('link = "http://[::1/path"\n', r"items entry 1 \(p1.sql\): link .*not a well-formed"),
    "a target in 2999": ("target = 2999-01-01\n", "outside 1970 to 2100"),
    "a target in 1900": ('target = "1900-05-01"\n', "outside 1970 to 2100"),
}


@pytest.mark.parametrize("extra,message", BROKEN.values(), ids=BROKEN.keys())
def test_each_mistake_gets_one_line_naming_file_and_entry(tmp_path, extra, message):
    path = write(tmp_path, BASE + extra)
    with pytest.raises(RoadmapError, match=message) as err:
        load_roadmap(path)
    text = str(err.value)
    assert text.startswith(str(path)) and "\n" not in text and len(text) < 400


def test_arrays_nested_too_deep_to_parse_get_one_line(tmp_path):
    path = write(tmp_path, BASE + "outcomes = " + "[" * 50_000 + "]" * 50_000 + "\n")
    with pytest.raises(RoadmapError, match="nested too deeply"):
        load_roadmap(path)


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + BASE.encode())
    assert load_roadmap(path).title == "Mine"


def test_a_folder_given_as_the_file_is_named(tmp_path):
    with pytest.raises(RoadmapError, match="is a folder"):
        load_roadmap(tmp_path)


def test_the_cli_prints_one_line_for_a_bad_roadmap(tmp_path, home, monkeypatch, capsys):
    from pathway import cli

    monkeypatch.setenv("PATHWAY_ROADMAP", str(write(tmp_path, BASE + "target = 2999-01-01\n")))
    assert cli.main(["status"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "2999" in err


# ------------------------------------------------------------------ charts over long spans


def test_progress_data_costs_the_same_over_a_long_span():
    roadmap = pathway.load_roadmap()
    far = [dataclasses.replace(i, target=dt.date(2100, 12, 1)) if i.id == "p1.lang.sql" else i
           for i in roadmap.items]
    own = dataclasses.replace(roadmap, items=tuple(far))
    events = [
        Event("2000-01-03T10:00:00.000000+00:00", "p1.lang.python", "done", "cli"),
        Event("2025-05-01T10:00:00.000000+00:00", "p1.lang.r", "done", "cli"),
        Event("2025-05-02T10:00:00.000000+00:00", "cert.itil_foundation", "todo", "cli",
              {"action": "plan", "target": "9999-12-31"}),   # a typo'd plan date is left out
    ]
    chart_data.progress_data(own, events[:1], today=dt.date(2000, 1, 4))  # pandas imported, warm
    start = time.perf_counter()
    data = chart_data.progress_data(own, events, today=dt.date(2026, 1, 1))
    assert time.perf_counter() - start < 1.0
    assert len(data) < 20
    assert data["date"].iloc[0] == dt.date(2000, 1, 3) and data["date"].iloc[-1] == dt.date(2100, 12, 1)
    assert data["complete"].iloc[-1] == 2 and data["planned"].iloc[-1] == 1
    assert "cert.itil_foundation" not in chart_data.planned_targets(own, events)
    from pathway.views import charts

    start = time.perf_counter()
    charts.progress_chart(roadmap=own, events=events, today=dt.date(2026, 1, 1))
    assert time.perf_counter() - start < 10
