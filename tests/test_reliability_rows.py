"""Damaged rows, odd values, imports at scale and store-location mistakes, on real SQLite files."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import time
from pathlib import Path

import pytest

import pathway
from pathway import progress
from pathway.errors import ImportFormatError
from pathway.progress import ProgressStore
from tests.test_reliability_store import as_unprivileged, needs_fork, run_cli, shared_home  # noqa: F401

DAMAGED = {
    "detail not JSON": {"detail": "{not json"},
    "detail of another shape": {"detail": "[1,2]"},
    "time not a time": {"time": "yesterday-ish"},
    "detail with NaN": {"detail": '{"score": NaN}'},
    "hint that is not a number": {"detail": '{"action": "hint", "hint": "x"}'},
}


def _store_with_a_damaged_row(home: Path, change: dict) -> Path:
    store = ProgressStore()
    store.record("p1.lang.python", "done", "cli")
    ex = pathway.exercises.get("p0.warmup.squares")
    store.record(ex.id, "in_progress", "check", {"action": "check", "outcome": "incorrect", "attempt": 1})
    row = {"time": progress.now(), "item": ex.id, "status": "done", "source": "check", "detail": None,
           **change}
    with contextlib.closing(sqlite3.connect(home / "progress.db")) as conn, conn:
        conn.execute("INSERT INTO events (time, item, status, source, detail) VALUES "
                     "(:time, :item, :status, :source, :detail)", row)
    store.record("p1.lang.sql", "in_progress", "cli")
    return home / "progress.db"


@pytest.mark.parametrize("change", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_row_is_skipped_named_once_and_everything_else_still_works(home, tmp_path, change):
    _store_with_a_damaged_row(home, change)
    ProgressStore._named.clear()
    warned = ""
    for command in (["status"], ["next"], ["review"], ["status", "p1"]):
        code, out, err = run_cli(*command)
        assert code == 0, err
        warned += err
    assert "[✔] p1.lang.python" in run_cli("status", "p1")[1]
    code, out, err = run_cli("export", str(tmp_path / "all.json"))
    assert code == 0 and "Exported 3 events" in out, (out, err)
    exported = json.loads((tmp_path / "all.json").read_text())["events"]
    assert [e["item"] for e in exported] == ["p1.lang.python", "p0.warmup.squares", "p1.lang.sql"]
    assert warned.count("row 3 is damaged") == 1 and "pathway export" in warned, warned
    assert len(warned.strip().splitlines()) == 1
    result = pathway.exercises.get("p0.warmup.squares").check(pathway.BLANK)  # check() still records
    assert result.outcome == "incomplete" and result.note == ""
    backup = ProgressStore().reset()  # reset's backup keeps the damaged row as it was stored
    kept = json.loads(backup.read_text())
    assert len(kept["events"]) == 4 and kept["damaged_rows"][0]["row"] == 3


def test_an_export_of_a_store_with_a_damaged_row_imports_again(home, tmp_path):
    _store_with_a_damaged_row(home, DAMAGED["detail not JSON"])
    ProgressStore().export_to(tmp_path / "e.json")
    other = ProgressStore(tmp_path / "other.db")
    assert other.import_from(tmp_path / "e.json") == (3, 0)


ODD_DETAILS = {
    "an integer of 5000 digits": ('{"n": ' + "9" * 5000 + "}", "5000 digits"),
    "a lone surrogate": ('{"note": "\\ud800"}', "lone surrogate"),
    "NaN": ('{"score": NaN}', "NaN"),
    "Infinity": ('{"score": -Infinity}', "Infinity"),
    "1e400": ('{"score": 1e400}', "1e400"),
    "a key with a lone surrogate": ('{"\\udfff": 1}', "lone surrogate"),
}

GOOD = '{"time": "2025-03-01T10:00:00+00:00", "item": "p1.lang.python", "status": "done", "source": "cli"'


@pytest.mark.parametrize("detail,says", ODD_DETAILS.values(), ids=ODD_DETAILS.keys())
def test_a_detail_strict_json_cannot_hold_is_refused_with_its_position(home, tmp_path, detail, says):
    path = tmp_path / "odd.json"
    path.write_text('{"format": "mle-pathway/progress", "version": 1, "events": ['
                    + GOOD + "}, " + GOOD + ', "detail": ' + detail + "}]}")
    with pytest.raises(ImportFormatError, match=f"event 2 of 2: .*{says}") as err:
        ProgressStore().import_from(path)
    assert len(str(err.value)) < 400
    code, _, err_text = run_cli("import", str(path))
    assert code == 1 and "event 2 of 2" in err_text and len(err_text.strip().splitlines()) == 1
    assert ProgressStore().events() == []


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 10 ** 5000, "\ud800"],
                         ids=["nan", "inf", "5000 digits", "lone surrogate"])
def test_recording_refuses_what_export_could_not_write(home, value):
    with pytest.raises(ValueError, match="detail holds"):
        ProgressStore().record("p1.lang.python", "done", "cli", {"x": value})
    assert ProgressStore().events() == []


def test_a_check_message_with_a_lone_surrogate_is_still_recorded(home):
    def answer():  # a learner's object whose error text holds half a character
        raise ValueError("bad \ud800 value")

    result = pathway.exercises.get("p1.python.dedupe").check(lambda items: answer())
    assert result.outcome == "incorrect" and result.note == ""
    assert json.loads(json.dumps(ProgressStore().export()))["events"][-1]["detail"]["outcome"] == "incorrect"


def test_an_event_dated_in_the_future_is_refused(home, tmp_path):
    ahead = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=23)).isoformat()
    path = tmp_path / "future.json"
    path.write_text(json.dumps({"format": "mle-pathway/progress", "version": 1, "events": [
        {"time": ahead, "item": "p1.lang.python", "status": "done", "source": "import"}]}))
    with pytest.raises(ImportFormatError, match="event 1 of 1: .*outside 2000 to now"):
        ProgressStore().import_from(path)
    ProgressStore().record("p1.lang.python", "in_progress", "cli")  # the later mark is what counts
    assert ProgressStore().latest()["p1.lang.python"].status == "in_progress"


def test_an_import_of_20000_events_with_one_item_and_time_is_linear(home, tmp_path):
    one = {"time": "2025-03-01T10:00:00+00:00", "item": "p1.lang.python", "status": "done", "source": "cli"}
    events = [{**one, "detail": {"note": f"n{n}"}} for n in range(20_000)]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"format": "mle-pathway/progress", "version": 1, "events": events}))
    start = time.monotonic()
    assert ProgressStore().import_from(path) == (20_000, 0)
    assert ProgressStore().import_from(path) == (0, 20_000)  # twice changes nothing
    assert time.monotonic() - start < 20  # was 87 s for the first import alone, growing as n squared


def test_pathway_home_pointing_at_the_database_file_says_so(home, tmp_path, monkeypatch):
    ProgressStore().record("p1.lang.python", "done", "cli")
    monkeypatch.setenv("PATHWAY_HOME", str(home / "progress.db"))
    for command in (["status"], ["export", str(tmp_path / "e.json")], ["mark", "p1.lang.sql", "done"]):
        code, out, err = run_cli(*command)
        assert code == 1 and out == "", (command, out)
        assert "is a file, not a folder" in err and str(home) in err and len(err.splitlines()) == 1
    assert not (tmp_path / "e.json").exists()


@needs_fork
def test_a_read_only_store_with_a_crash_journal_never_claims_it_can_be_read(shared_home):  # noqa: F811
    store = ProgressStore()
    store.record("p1.lang.python", "done", "cli")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child dies holding a half-written transaction
        with store.transaction(write=True) as conn:
            for _ in range(2000):
                conn.execute("INSERT INTO events (time, item, status, source, detail) VALUES "
                             "('2025-01-01T00:00:00+00:00', 'p1.x', 'done', 'cli', ?)", ("x" * 2000,))
            os._exit(0)
    os.waitpid(pid, 0)
    assert (shared_home / "progress.db-journal").exists()
    for path in shared_home.iterdir():
        path.chmod(0o444)
    shared_home.chmod(0o555)
    code, out, err = as_unprivileged(lambda: run_cli("status"))
    assert code == 1 and "can be read" not in err, (out, err)
    assert code == 1 and "can be read" not in err and "cannot be read" in err and "journal" in err, err
    shared_home.chmod(0o755)
    (shared_home / "progress.db").chmod(0o644)
    (shared_home / "progress.db-journal").chmod(0o644)
    assert [e.item for e in ProgressStore().events()] == ["p1.lang.python"]  # writable again: rolled back
