"""The progress store: an append-only SQLite log that loses nothing."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3

import pytest

import pathway
from pathway.errors import ImportFormatError, ProgressStoreError
from pathway.progress import ProgressStore


def test_latest_event_is_the_status_and_history_is_kept(home):
    store = ProgressStore()
    store.record("p1.lang.python", "in_progress", "cli")
    store.record("p1.lang.python", "done", "notebook", {"note": "finished the course"})
    events = store.events("p1.lang.python")
    assert [e.status for e in events] == ["in_progress", "done"]
    assert pathway.statuses()["p1.lang.python"] == "done"
    with sqlite3.connect(home / "progress.db") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1


def test_status_table_counts_skipped_as_complete(home):
    empty = pathway.status()
    assert (empty["percent"] == 0).all() and len(empty) == 8
    pathway.mark("p1.degree.ai", "done")
    pathway.mark("p1.degree.cs", "skipped")
    pathway.mark("p1.lang.r", "in_progress")
    row = pathway.status().loc["p1"]
    total = row["total"]
    assert (row["done"], row["skipped"], row["in_progress"]) == (1, 1, 1)
    assert row["percent"] == round(100 * 2 / total, 1)


def test_next_items_skip_complete_ones(home):
    first = pathway.next_items(1)[0]
    pathway.mark(first.id, "done")
    assert pathway.next_items(1)[0].id != first.id


def test_unknown_item_and_status_are_refused(home):
    with pytest.raises(pathway.UnknownItemError, match="Did you mean"):
        pathway.mark("p1.lang.pythn", "done")
    with pytest.raises(ValueError, match="use one of"):
        pathway.mark("p1.lang.python", "finished")
    assert not ProgressStore().events()


def test_export_import_round_trip_is_idempotent(home, tmp_path):
    store = ProgressStore()
    store.record("p1.lang.sql", "done", "cli")
    store.record("p0.warmup.squares", "done", "check", {"outcome": "correct"})
    out = tmp_path / "export.json"
    assert store.export_to(out) == 2
    data = json.loads(out.read_text())
    assert data["format"] == "mle-pathway/progress" and data["version"] == 1
    assert set(data["events"][0]) == {"time", "item", "status", "source", "detail"}
    other = ProgressStore(tmp_path / "other.db")
    assert other.import_from(out) == (2, 0)
    assert other.import_from(out) == (0, 2)
    assert [e.as_json() for e in other.events()] == data["events"]


@pytest.mark.parametrize(
    "content,message",
    [
        ("not json", "not a JSON"),
        ('{"format": "something-else", "version": 1, "events": []}', "not an mle-pathway"),
        ('{"format": "mle-pathway/progress", "version": 9, "events": []}', "version 9"),
        ('{"format": "mle-pathway/progress", "version": 1, "events": [{"item": "x"}]}', "event 1"),
        ('{"format": "mle-pathway/progress", "version": 1, "events": [{"time": "2026-01-01T00:00:00+00:00",'
         ' "item": "x", "status": "great", "source": "cli"}]}', "unknown status"),
    ],
)
def test_a_bad_import_leaves_the_store_untouched(home, tmp_path, content, message):
    store = ProgressStore()
    store.record("p1.lang.sql", "done", "cli")
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    with pytest.raises(ImportFormatError, match=message):
        store.import_from(bad)
    assert len(store.events()) == 1


def test_reset_writes_a_backup_that_imports_back(home):
    store = ProgressStore()
    store.record("p1.lang.sql", "done", "cli")
    backup = store.reset()
    assert backup.exists() and store.events() == []
    store.import_from(backup)
    assert [e.item for e in store.events()] == ["p1.lang.sql"]


def test_a_corrupt_file_is_named_and_never_overwritten(home):
    home.mkdir(parents=True)
    db = home / "progress.db"
    junk = b"\x00garbage" * 500
    db.write_bytes(junk)
    with pytest.raises(ProgressStoreError) as err:
        ProgressStore().events()
    assert str(db) in str(err.value) and "pathway import" in str(err.value)
    with pytest.raises(ProgressStoreError):
        ProgressStore().record("p1.lang.sql", "done", "cli")
    assert db.read_bytes() == junk


def test_a_foreign_sqlite_database_is_refused(home):
    home.mkdir(parents=True)
    with sqlite3.connect(home / "progress.db") as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(ProgressStoreError, match="not a progress store"):
        ProgressStore().events()


def test_aliases_carry_history_across_a_rename(home, tmp_path, monkeypatch):
    roadmap = tmp_path / "mine.toml"
    roadmap.write_text(
        'title = "Mine"\n[[phases]]\nid = "p1"\ntitle = "One"\ngoal = "g"\n'
        '[[items]]\nid = "p1.sql"\nphase = "p1"\nkind = "language"\ntitle = "SQL"\n'
        '[aliases]\n"p1.lang.sql" = "p1.sql"\n'
    )
    ProgressStore().record("p1.lang.sql", "done", "cli")
    monkeypatch.setenv("PATHWAY_ROADMAP", str(roadmap))
    assert pathway.statuses()["p1.sql"] == "done"


def _writer(path: str, worker: int, count: int) -> None:
    store = ProgressStore(path)
    for n in range(count):
        store.record(f"p1.item{worker}", "in_progress" if n % 2 else "done", "cli", {"n": n})


def test_eight_processes_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "progress.db")
    ProgressStore(path).events()  # create the schema once, as a first run would
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, w, 200)) for w in range(8)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    assert all(p.exitcode == 0 for p in procs)
    events = ProgressStore(path).events()
    assert len(events) == 1600
    assert {e.item for e in events} == {f"p1.item{w}" for w in range(8)}


def test_log_keeps_activity_in_the_event_log(home):
    pathway.log("p4.exp.internship", "application", organisation="Acme AI", state="applied")
    pathway.mark("p4.exp.internship", "in_progress")
    pathway.log("p4.exp.internship", "application", organisation="Beta Labs", state="interview")
    logged = pathway.logged("p4.exp.internship", "application")
    assert [e.detail["organisation"] for e in logged] == ["Acme AI", "Beta Labs"]
    assert logged[0].status == "todo" and logged[1].status == "in_progress"
    assert pathway.statuses()["p4.exp.internship"] == "in_progress"
