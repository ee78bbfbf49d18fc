"""Import checks every value against what the workbook itself writes, and bounds what it reads."""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from pathlib import Path

import pytest

from pathway import event_format
from pathway.errors import ImportFormatError
from pathway.progress import ProgressStore, read_export

GOOD = {"time": "2025-03-01T10:00:00.000000+00:00", "item": "p1.lang.python", "status": "done",
        "source": "cli", "detail": None}


def export_file(tmp_path: Path, *events: dict, version: object = 1) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"format": "mle-pathway/progress", "version": version,
                                "events": list(events)}))
    return path


def future(days: int) -> str:
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=days)).isoformat()


BAD_EVENTS = {
    "time far in the future": ({"time": "2999-01-01T00:00:00+00:00"}, "outside 2000 to now"),
    "time a week ahead": ({"time": future(7)}, "outside"),
    "time out of range": ({"time": "0001-01-01T00:00:00+00:00"}, "outside"),
    "time not a date": ({"time": "99999-01-01"}, "not an ISO 8601"),
    "time without timezone": ({"time": "2025-03-01T10:00:00"}, "no timezone"),
    "time a number": ({"time": 1700000000}, "ISO 8601 text"),
    "item a number": ({"item": 7}, "item must be an id"),
    "item a list": ({"item": ["p1"]}, "item must be an id"),
    "item with spaces": ({"item": "p1 lang"}, "item must be an id"),
    "status capitalised": ({"status": "Done"}, "unknown status"),
    "status a list": ({"status": ["done"]}, "unknown status"),
    "source unknown": ({"source": "web"}, "unknown source"),
    "detail a list": ({"detail": [1]}, "detail must be an object"),
    "detail too deep": ({"detail": json.loads('{"a":' * 40 + "1" + "}" * 40)}, "nested deeper"),
    "detail too big": ({"detail": {"note": "x" * 100_000}}, "longer than"),
    "hint of another type": ({"detail": {"action": "hint", "hint": "3"}}, "hint number"),
    "attempt of another type": ({"detail": {"action": "check", "attempt": [1]}}, "attempt"),
}


@pytest.mark.parametrize("change,message", BAD_EVENTS.values(), ids=BAD_EVENTS.keys())
def test_a_bad_value_is_refused_naming_its_event(home, tmp_path, change, message):
    path = export_file(tmp_path, GOOD, {**GOOD, **change})
    with pytest.raises(ImportFormatError, match=message) as err:
        ProgressStore().import_from(path)
    assert "event 2 of 2" in str(err.value) and len(str(err.value)) < 400
    assert ProgressStore().events() == []


@pytest.mark.parametrize("version", [True, 1.0, "1", None])
def test_the_version_must_be_the_integer_one(tmp_path, version):
    with pytest.raises(ImportFormatError, match="version"):
        read_export(export_file(tmp_path, GOOD, version=version))


def test_json_nested_100000_deep_is_refused_in_one_line(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text('{"format": "mle-pathway/progress", "version": 1, "events": ' + "[" * 100_000
                    + "]" * 100_000 + "}")
    with pytest.raises(ImportFormatError, match="nested too deeply"):
        read_export(path)


def test_what_the_workbook_writes_imports_back(home, tmp_path):
    store = ProgressStore()
    store.record("p0.warmup.squares", "done", "check",
                 {"action": "check", "outcome": "correct", "attempt": 1, "hints_seen": 2,
                  "solution_seen": False, "message": "well done."})
    store.record("p0.warmup.squares", "done", "notebook", {"action": "hint", "hint": 2})
    out = tmp_path / "e.json"
    store.export_to(out)
    other = ProgressStore(tmp_path / "other.db")
    assert other.import_from(out) == (2, 0)
    # a timezone other than UTC is converted, and a BOM (Windows editors add one) is accepted
    moved = {**GOOD, "time": "2025-03-01T12:00:00+02:00"}
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + export_file(tmp_path, moved).read_bytes())
    assert read_export(bom)[0].time == "2025-03-01T10:00:00.000000+00:00"


def test_dev_zero_is_refused_without_reading_it():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero on this system")
    with pytest.raises(ImportFormatError, match="not a regular file"):
        read_export("/dev/zero")


def test_a_fifo_is_refused_without_hanging(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []
    reader = threading.Thread(target=lambda: _capture(outcome, fifo), daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():  # free the reader so the suite goes on, then fail
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading a FIFO hung")
    assert isinstance(outcome[0], ImportFormatError) and "not a regular file" in str(outcome[0])


def _capture(outcome: list, path: Path) -> None:
    try:
        read_export(path)
    except BaseException as exc:  # noqa: BLE001 - handed to the test
        outcome.append(exc)


def test_a_file_over_the_cap_is_refused_without_reading_it_all(tmp_path, monkeypatch):
    monkeypatch.setattr(event_format, "MAX_IMPORT_BYTES", 1000)
    path = export_file(tmp_path, *[GOOD] * 20)
    with pytest.raises(ImportFormatError, match="larger than"):
        read_export(path)


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(ImportFormatError, match="not a regular file|cannot be read"):
        read_export(tmp_path)


def test_unknown_items_are_kept_and_named_by_the_cli(home, tmp_path):
    from tests.test_reliability_store import run_cli

    path = export_file(tmp_path, GOOD, {**GOOD, "item": "p9.someday.thing"})
    code, out, err = run_cli("import", str(path))
    assert code == 0, err
    assert "Imported 2 new" in out and "not in this roadmap (p9.someday.thing)" in out
    assert {e.item for e in ProgressStore().events()} == {"p1.lang.python", "p9.someday.thing"}


def test_what_import_refuses_is_never_recorded_either(home):
    import pathway

    with pytest.raises(ValueError, match="hint number"):
        pathway.log("p0.warmup.squares", "hint", hint="3")  # would break every later check()
    assert ProgressStore().events() == []
    ex = pathway.exercises.get("p0.warmup.squares")
    ex.hint(1)
    assert ex.check(pathway.BLANK).note == ""
