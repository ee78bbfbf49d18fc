"""The progress store under hostile conditions, each time with a real SQLite file.

Read-only cases run as a user without write permission: root ignores file modes, so when the
suite runs as root the test forks and drops to `nobody` before touching the store.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import pathway
from pathway import cli, progress
from pathway.errors import ProgressStoreError
from pathway.progress import APPLICATION_ID, ProgressStore

NOBODY = 65534
needs_fork = pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(os, "geteuid"),
                                reason="forking a child (and dropping privileges) needs a POSIX system")

# The schema every store had before application_id was set (mle-pathway up to this change).
LEGACY_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    time   TEXT NOT NULL,
    item   TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
    source TEXT NOT NULL,
    detail TEXT
);
CREATE INDEX IF NOT EXISTS events_by_item ON events (item, time);
"""


def as_unprivileged(fn: Callable[[], Any]) -> Any:
    """Run `fn` as a user who cannot write root's files: a forked child as `nobody` under root."""
    if os.geteuid() != 0:
        return fn()
    pathway.load_roadmap()  # import everything the child needs while the files are reachable
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        os.close(r)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            payload = {"value": fn()}
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            payload = {"error": f"{type(exc).__name__}: {exc}"}
        os.write(w, json.dumps(payload, default=str).encode())
        os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    payload = json.loads(data)
    if "error" in payload:
        raise AssertionError(f"the unprivileged child failed: {payload['error']}")
    return payload["value"]


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def shared_home(monkeypatch):
    """A PATHWAY_HOME that the unprivileged user can traverse (pytest's tmp_path is root-only)."""
    folder = Path(tempfile.mkdtemp(prefix="pathway-ro-"))
    folder.chmod(0o755)
    monkeypatch.setenv("PATHWAY_HOME", str(folder))
    yield folder
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o777 if path.is_dir() else 0o666)
    for path in sorted(folder.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    folder.rmdir()


def read_only_store(folder: Path) -> Path:
    db = folder / "progress.db"
    ProgressStore(db).record("p1.lang.python", "done", "cli")
    ProgressStore(db).record("p1.lang.sql", "in_progress", "cli")
    db.chmod(0o444)
    folder.chmod(0o555)
    return db


# ------------------------------------------------------------------ 1. reading never writes


@needs_fork
def test_status_and_export_work_on_a_read_only_store(shared_home):
    db = read_only_store(shared_home)
    before = db.read_bytes()
    outside = Path(tempfile.mkdtemp(prefix="pathway-out-"))
    outside.chmod(0o777)

    def work():
        status = run_cli("status", "p1")
        exported = run_cli("export", str(outside / "progress.json"))
        marked = run_cli("mark", "p1.lang.r", "done")
        return status, exported, marked

    status, exported, marked = as_unprivileged(work)
    assert status[0] == 0 and "[✔] p1.lang.python" in status[1], status
    assert exported[0] == 0 and len(json.loads((outside / "progress.json").read_text())["events"]) == 2
    assert marked[0] == 1 and "store is read-only" in marked[2] and len(marked[2].splitlines()) == 1
    assert db.read_bytes() == before
    assert sorted(p.name for p in shared_home.iterdir()) == ["progress.db"]  # no journal, no backup


@needs_fork
def test_check_on_a_read_only_store_shows_its_result_and_says_it_was_not_saved(shared_home):
    read_only_store(shared_home)
    ex = pathway.exercises.get("p0.warmup.squares")

    def work():
        result = ex.check(pathway.BLANK)
        return result.outcome, result.note

    outcome, note = as_unprivileged(work)
    assert outcome == "incomplete"
    assert note.startswith("not saved: store is read-only")


@needs_fork
def test_a_store_that_does_not_exist_is_not_created_by_reading(shared_home):
    shared_home.chmod(0o555)

    def work():
        return run_cli("status"), run_cli("mark", "p1.lang.r", "done")

    (code, out, _), (mark_code, _, mark_err) = as_unprivileged(work)
    assert code == 0 and "Overall" in out
    assert mark_code == 1 and "store is read-only" in mark_err
    assert list(shared_home.iterdir()) == []


def test_status_changes_no_byte_of_the_store(home):
    ProgressStore().record("p1.lang.python", "done", "cli")
    db = home / "progress.db"
    before, stamp = db.read_bytes(), db.stat().st_mtime_ns
    out = subprocess.run([sys.executable, "-m", "pathway.cli", "status"], capture_output=True, text=True,
                         env={**os.environ, "PATHWAY_HOME": str(home)}, timeout=120)  # a fresh process
    assert out.returncode == 0 and "Overall" in out.stdout, out.stderr
    assert db.read_bytes() == before and db.stat().st_mtime_ns == stamp


@needs_fork
def test_a_writer_killed_mid_write_loses_nothing_committed(home):
    store = ProgressStore()
    store.record("p1.lang.python", "done", "cli")
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child dies holding a half-written transaction
        with store.transaction(write=True) as conn:
            for _ in range(500):
                conn.execute("INSERT INTO events (time, item, status, source, detail) VALUES "
                             "('2025-01-01T00:00:00+00:00', 'p1.x', 'done', 'cli', ?)", ("x" * 2000,))
            os._exit(0)
    os.waitpid(pid, 0)
    assert (home / "progress.db-journal").exists()  # the crash left a journal behind
    assert [e.item for e in store.events()] == ["p1.lang.python"]  # rolled back on the next read
    store.record("p1.lang.sql", "done", "cli")
    assert len(store.events()) == 2


# ------------------------------------------------------------------ 2. a long lock


def test_the_first_write_waits_for_a_lock_and_then_says_so_clearly(tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "LOCK_WAIT_S", 0.3)
    db = tmp_path / "progress.db"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # a brand-new file: the schema is not written yet
    try:
        start = time.monotonic()
        with pytest.raises(ProgressStoreError, match="stayed busy .*nothing was lost"):
            ProgressStore(db).record("p1.lang.python", "done", "cli")
        assert time.monotonic() - start < 5
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    ProgressStore(db).record("p1.lang.python", "done", "cli")
    assert len(ProgressStore(db).events()) == 1


def test_a_read_during_a_long_write_gets_the_same_message(tmp_path, monkeypatch):
    monkeypatch.setattr(progress, "LOCK_WAIT_S", 0.3)
    db = tmp_path / "progress.db"
    ProgressStore(db).record("p1.lang.python", "done", "cli")
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(ProgressStoreError, match="stayed busy"):
            ProgressStore(db).events()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


# ------------------------------------------------------------------ 3. damage found before writing


def _damaged_store(path: Path) -> bytes:
    store = ProgressStore(path)
    store.import_events(
        progress.Event(progress.now(), f"p1.item{n}", "done", "cli", {"note": "x" * 200})
        for n in range(300)
    )
    data = bytearray(path.read_bytes())
    pages = len(data) // 4096
    assert pages > 8
    middle = pages // 2
    data[middle * 4096:(middle + 1) * 4096] = random.Random(19).randbytes(4096)
    path.write_bytes(bytes(data))
    ProgressStore._sound.clear()  # a new process finds the damage before its first write
    return bytes(data)


def test_a_store_damaged_in_the_middle_is_never_written(home):
    damaged = _damaged_store(home / "progress.db")
    with pytest.raises(ProgressStoreError, match="(damaged|not a readable).*pathway import"):
        ProgressStore().record("p1.lang.python", "done", "cli")
    code, _, err = run_cli("mark", "p1.lang.python", "done")
    assert code == 1 and "progress.db" in err and len(err.splitlines()) == 1
    with pytest.raises(ProgressStoreError):
        ProgressStore().reset()
    assert (home / "progress.db").read_bytes() == damaged


def test_a_sound_store_is_checked_once_per_process(home, monkeypatch):
    ProgressStore().record("p1.lang.python", "done", "cli")
    ProgressStore._sound.clear()
    checks = []
    real = sqlite3.connect

    def counting(*args, **kwargs):
        conn = real(*args, **kwargs)
        conn.set_trace_callback(lambda sql: checks.append(sql) if "quick_check" in sql else None)
        return conn

    monkeypatch.setattr(sqlite3, "connect", counting)
    for _ in range(3):
        ProgressStore().record("p1.lang.sql", "done", "cli")
    assert len(checks) == 1


# ------------------------------------------------------------------ 4. foreign databases

FOREIGN = {
    "a table named events": "CREATE TABLE events (id INTEGER, name TEXT)",
    "a view named events": "CREATE TABLE t (x); CREATE VIEW events AS SELECT x FROM t",
    "our columns, another version": LEGACY_SCHEMA + "PRAGMA user_version = 7;",
    "another application's id": LEGACY_SCHEMA + "PRAGMA user_version = 1; PRAGMA application_id = 42;",
    "a version but no events": "CREATE TABLE notes (x); PRAGMA user_version = 1;",
}


@pytest.mark.parametrize("schema", FOREIGN.values(), ids=FOREIGN.keys())
def test_a_foreign_database_is_named_and_never_touched(home, tmp_path, schema):
    home.mkdir(parents=True)
    db = home / "progress.db"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.executescript(schema)
    before = db.read_bytes()
    export = tmp_path / "e.json"
    export.write_text(json.dumps({"format": "mle-pathway/progress", "version": 1, "events": []}))
    for action in (
        lambda: ProgressStore().events(),
        lambda: ProgressStore().record("p1.lang.python", "done", "cli"),
        lambda: ProgressStore().import_from(export),
        lambda: ProgressStore().reset(),
    ):
        with pytest.raises(ProgressStoreError, match="not a progress store.*left untouched"):
            action()
    code, _, err = run_cli("status")
    assert code == 1 and str(db) in err and "Traceback" not in err
    assert db.read_bytes() == before
    assert not (home / "backups").exists()


def test_a_store_made_before_application_id_is_read_as_it_is_and_adopted_on_write(home):
    home.mkdir(parents=True)
    db = home / "progress.db"
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.executescript(LEGACY_SCHEMA + "PRAGMA user_version = 1;")
        conn.execute("INSERT INTO events (time, item, status, source) VALUES "
                     "('2025-01-01T00:00:00.000000+00:00', 'p1.lang.python', 'done', 'cli')")
        conn.commit()
    before = db.read_bytes()
    assert [e.item for e in ProgressStore().events()] == ["p1.lang.python"]
    assert db.read_bytes() == before
    ProgressStore().record("p1.lang.sql", "done", "cli")
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert [e.item for e in ProgressStore().events()] == ["p1.lang.python", "p1.lang.sql"]


def test_a_new_store_carries_the_application_id(home):
    ProgressStore().record("p1.lang.python", "done", "cli")
    with contextlib.closing(sqlite3.connect(home / "progress.db")) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


# ------------------------------------------------------------------ 9. reset


def test_reset_deletes_only_the_events_and_backs_all_of_them_up(home):
    store = ProgressStore()
    store.record("p1.lang.python", "done", "cli")
    with store.transaction(write=True) as conn:
        conn.execute('CREATE TABLE "x""; DROP TABLE events; --" (v)')
        conn.execute('INSERT INTO "x""; DROP TABLE events; --" VALUES (1)')
    backup = store.reset()
    assert [e["item"] for e in json.loads(backup.read_text())["events"]] == ["p1.lang.python"]
    assert store.events() == []
    with store.transaction() as conn:
        assert conn.execute('SELECT v FROM "x""; DROP TABLE events; --"').fetchall() == [(1,)]
