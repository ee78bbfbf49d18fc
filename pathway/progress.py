"""The learner's progress: an append-only event log in SQLite.

Each event says when, which item, which status, from where, and an optional JSON detail. An
item's status is its latest event. Rows are only ever added, except by an explicit `reset`,
which writes a JSON backup first. Several kernels and the CLI may write at once.

Reading never writes: reads open the file read-only, and the schema is created (or an older
store adopted) only by the first write, inside the same bounded wait for the lock as every
write. A file is ours only if its schema says so (`PRAGMA application_id`, or the exact
schema of a store made before the id existed); anything else is named and never touched.
Before its first write a process checks the file once (`PRAGMA quick_check`) and never writes
into a damaged store. A single damaged row (see `event_format.event_from_row`) is skipped and
named once, so it never keeps the learner from reading or exporting everything else.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import paths
from .errors import ProgressStoreError
from .event_format import (  # noqa: F401 - the store's vocabulary, imported from here by the package
    COMPLETE,
    EXPORT_FORMAT,
    EXPORT_VERSION,
    SOURCES,
    STATUSES,
    Event,
    check_detail,
    dump_detail,
    event_from_row,
    normalise_time,
    now,
    read_export,
)

SCHEMA_VERSION = 1
APPLICATION_ID = 0x4D4C4550  # "MLEP" in the file header: this file is an mle-pathway progress store
LOCK_WAIT_S = 60.0  # how long any write (the first included) waits for another process's lock

_EVENTS_SQL = """CREATE TABLE events (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    time   TEXT NOT NULL,
    item   TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('todo', 'in_progress', 'done', 'skipped')),
    source TEXT NOT NULL,
    detail TEXT
)"""
_INDEX_SQL = "CREATE INDEX events_by_item ON events (item, time)"
_SQLITE_READONLY_ROLLBACK = 776  # a read-only connection met a crashed writer's journal


def _norm(sql: str | None) -> str:
    return " ".join((sql or "").split())


def check_status(status: str) -> str:
    value = str(status).strip().lower().replace("-", "_").replace(" ", "_")
    if value not in STATUSES:
        raise ValueError(f"unknown status {status!r}; use one of: {', '.join(STATUSES)}")
    return value


class ProgressStore:
    """One SQLite file of events. Opens a short connection per operation, so it is process-safe."""

    _sound: set[tuple[str, int, int]] = set()  # files this process has found sound before writing
    _named: set[tuple[str, int]] = set()  # damaged rows this process has already warned about

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else paths.progress_db()

    @property
    def backup_dir(self) -> Path:
        return self.path.parent / "backups"

    # ---------------------------------------------------------- connection
    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection inside one transaction, committed on success, rolled back on error.

        A read opens the file read-only (a store that does not exist yet reads as empty and is
        not created); a write creates or adopts the schema first. Other parts of the package may
        keep their own tables in the same file through `transaction(write=True)`; `reset` only
        ever empties the `events` table.
        """
        self._check_folder()
        conn, real = (self._open_write(), True) if write else self._open_read()
        try:
            try:
                if write:
                    self._begin_write(conn)
                    self._make_ready(conn, self._identify(conn))
                elif real:
                    conn.execute("BEGIN")
                    if self._identify(conn) == "empty":
                        conn.rollback()
                        conn.close()
                        conn = _empty_store()
                        conn.execute("BEGIN")
                yield conn
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            if conn.in_transaction:
                conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise self._explain(exc, reading=not write) from None
        finally:
            conn.close()

    def _check_folder(self) -> None:
        """A file where the store's folder should be (PATHWAY_HOME set to the database itself) is named."""
        for folder in self.path.parents:
            if folder.exists():
                if not folder.is_dir():
                    raise ProgressStoreError(
                        f"{folder} is a file, not a folder, so the progress store {self.path} cannot be "
                        f"there. Set PATHWAY_HOME to a folder (the one holding that file is {folder.parent})"
                    )
                return

    def _open_read(self) -> tuple[sqlite3.Connection, bool]:
        """A read-only connection, and whether it is the file (a missing store reads as empty)."""
        if not self.path.exists():
            return _empty_store(), False
        if not self.path.is_file():
            raise ProgressStoreError(f"{self.path} is not a file; set PATHWAY_HOME to a folder")
        journal = self.path.with_name(self.path.name + "-journal")
        hot = journal.exists() and journal.stat().st_size > 0 and self._writable()
        try:
            if hot:  # a writer crashed mid-write: a writable connection rolls its journal back
                return sqlite3.connect(self.path, timeout=LOCK_WAIT_S, isolation_level=None), True
            uri = self.path.absolute().as_uri() + "?mode=ro"
            return sqlite3.connect(uri, uri=True, timeout=LOCK_WAIT_S, isolation_level=None), True
        except sqlite3.Error as exc:
            raise ProgressStoreError(f"cannot open the progress store {self.path}: {exc}") from None

    def _writable(self) -> bool:
        folder = self.path.parent
        while not folder.exists() and folder != folder.parent:  # the folder a write would create in
            folder = folder.parent
        return os.access(folder, os.W_OK) and (not self.path.exists() or os.access(self.path, os.W_OK))

    def _read_only(self, reason: object) -> ProgressStoreError:
        return ProgressStoreError(
            f"store is read-only: {self.path} cannot be written ({reason}). Your progress can be read "
            "but nothing new is saved; set PATHWAY_HOME to a folder you can write to."
        )

    def _open_write(self) -> sqlite3.Connection:
        if self.path.exists() and not self.path.is_file():
            raise ProgressStoreError(f"{self.path} is not a file; set PATHWAY_HOME to a folder")
        if not self._writable():
            raise self._read_only("no write permission, or a read-only drive")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return sqlite3.connect(self.path, timeout=LOCK_WAIT_S, isolation_level=None)
        except OSError as exc:
            raise self._read_only(exc.strerror or exc) from None
        except sqlite3.Error as exc:
            raise self._explain(exc) from None

    def _begin_write(self, conn: sqlite3.Connection) -> None:
        """Take the write lock, waiting at most LOCK_WAIT_S for another process to finish."""
        deadline = time.monotonic() + LOCK_WAIT_S
        while True:
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not ("locked" in str(exc) or "busy" in str(exc)) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    def _identify(self, conn: sqlite3.Connection) -> str:
        """'ours', 'legacy' (a store from before application_id) or 'empty'; anything else raises."""
        app = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        objects = {(t, n): _norm(s) for t, n, s in conn.execute("SELECT type, name, sql FROM sqlite_master")}
        if app == 0 and version == 0 and not objects:
            return "empty"
        if app == APPLICATION_ID and version > SCHEMA_VERSION:
            raise ProgressStoreError(
                f"{self.path} was written by a newer mle-pathway (schema {version}); "
                "upgrade with: pip install --upgrade mle-pathway"
            )
        exact = (
            version == SCHEMA_VERSION
            and objects.get(("table", "events")) == _norm(_EVENTS_SQL)
            and objects.get(("index", "events_by_item")) == _norm(_INDEX_SQL)
        )
        if app not in (0, APPLICATION_ID) or not exact:
            owner = f"application_id {app:#010x}" if app not in (0, APPLICATION_ID) else "its own tables"
            raise ProgressStoreError(
                f"{self.path} is an SQLite database but not a progress store ({owner}). "
                "It was left untouched; point PATHWAY_HOME at another folder."
            )
        return "ours" if app == APPLICATION_ID else "legacy"

    def _make_ready(self, conn: sqlite3.Connection, kind: str) -> None:
        """Inside the write transaction: check the file once, then create or adopt the schema."""
        st = self.path.stat()
        key = (str(self.path.resolve()), st.st_dev, st.st_ino)
        if kind != "empty" and key not in self._sound:
            found = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
            if found != ["ok"]:
                raise ProgressStoreError(
                    f"{self.path} is damaged ({'; '.join(map(str, found))[:300]}); nothing was written. "
                    + self._recovery()
                )
        ProgressStore._sound.add(key)
        if kind == "empty":
            conn.execute(_EVENTS_SQL)
            conn.execute(_INDEX_SQL)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        if kind != "ours":
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def _recovery(self) -> str:
        return (
            f"To recover: rename it (e.g. to {self.path.name}.broken), then `pathway import` your "
            f"last export or a backup from {self.backup_dir}."
        )

    def _explain(self, exc: sqlite3.Error, reading: bool = False) -> Exception:
        """Turn the store's own failures into one clear message; other SQL errors stay as they are."""
        text = str(exc)
        if reading and getattr(exc, "sqlite_errorcode", None) == _SQLITE_READONLY_ROLLBACK:
            return ProgressStoreError(
                f"{self.path} cannot be read now: a write that crashed left "
                f"{self.path.name}-journal, which only a writable store can undo, and this store is "
                f"read-only. Nothing is lost: make {self.path.parent} writable (or copy the folder "
                "somewhere you can write and set PATHWAY_HOME to it), then run the command again."
            )
        if any(w in text for w in ("not a database", "malformed", "disk image", "file is encrypted")):
            return ProgressStoreError(
                f"{self.path} is not a readable progress database ({exc}). It was left untouched. "
                + self._recovery()
            )
        if "locked" in text or "busy" in text:
            return ProgressStoreError(
                f"{self.path} stayed busy for {LOCK_WAIT_S:g} s: another program holds it. "
                "Close other notebooks using it and try again; nothing was lost."
            )
        if getattr(exc, "sqlite_errorcode", None) == _SQLITE_READONLY_ROLLBACK:
            return self._read_only("a crashed write left a journal that only a writable store can undo")
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            return self._read_only(exc)
        if isinstance(exc, sqlite3.OperationalError) and ("disk" in text or "I/O" in text):
            return ProgressStoreError(f"{self.path}: {exc}; nothing was lost. Free some space and retry.")
        return exc

    # ---------------------------------------------------------- writing
    def record(
        self,
        item: str,
        status: str,
        source: str,
        detail: Mapping[str, Any] | None = None,
    ) -> Event:
        """Append one event and return it."""
        if source not in SOURCES:
            raise ValueError(f"unknown source {source!r}; use one of: {', '.join(SOURCES)}")
        event = Event(now(), item, check_status(status), source, dict(detail) if detail else None)
        if event.detail:
            check_detail(event.detail)  # what import would refuse is never written either
        with self.transaction(write=True) as conn:
            conn.execute(
                "INSERT INTO events (time, item, status, source, detail) VALUES (?, ?, ?, ?, ?)",
                (event.time, event.item, event.status, event.source, dump_detail(event.detail)),
            )
        return event

    # ---------------------------------------------------------- reading
    def events(self, item: str | None = None) -> list[Event]:
        """Every readable event in time order (optionally of one item); damaged rows are named once."""
        return self._read_rows(item)[0]

    def _read_rows(self, item: str | None = None) -> tuple[list[Event], list[dict[str, Any]]]:
        """The readable events, and the damaged rows as they are stored (for a backup)."""
        query = "SELECT id, time, item, status, source, detail FROM events"
        args: tuple[str, ...] = ()
        if item is not None:
            query += " WHERE item = ?"
            args = (item,)
        with self.transaction() as conn:
            return self._sort_rows(conn.execute(query + " ORDER BY time, id", args).fetchall())

    def _sort_rows(self, rows: list[tuple[Any, ...]]) -> tuple[list[Event], list[dict[str, Any]]]:
        events, damaged = [], []
        for row_id, *fields in rows:
            try:
                events.append(event_from_row(*fields))
            except ValueError as exc:
                damaged.append({"row": row_id, "problem": str(exc), **{
                    k: v if isinstance(v, str | int | float | None) else repr(v)
                    for k, v in zip(("time", "item", "status", "source", "detail"), fields)}})
        self._name_damaged(damaged)
        return events, damaged

    def _name_damaged(self, damaged: list[dict[str, Any]]) -> None:
        """One warning line per damaged row and process: the row is skipped, everything else is read."""
        for row in damaged:
            key = (str(self.path), row["row"])
            if key in ProgressStore._named:
                continue
            ProgressStore._named.add(key)
            print(f"pathway: warning: {self.path}: row {row['row']} is damaged ({row['problem'][:200]}) "
                  "and was skipped; every other event is read as usual, and `pathway export` writes them",
                  file=sys.stderr)

    def latest(self) -> dict[str, Event]:
        """Each recorded item's latest event."""
        return {e.item: e for e in self.events()}

    # ---------------------------------------------------------- moving progress
    def export(self) -> dict[str, Any]:
        return _export_data(self.events())

    def export_to(self, path: str | Path) -> int:
        """Write every event as JSON to `path` (through a symlink to its target); returns the count."""
        data = self.export()
        paths.write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n",
                                example="progress.json")
        return len(data["events"])

    def import_events(self, events: Iterable[Event]) -> tuple[int, int]:
        """Merge events; identical ones are skipped. Returns (added, already present).

        The events already stored are read once into a set, so an import takes time in proportion to
        its size, however many of its events share an item and a time.
        """
        added = skipped = 0
        with self.transaction(write=True) as conn:
            present = set(conn.execute("SELECT time, item, status, source, detail FROM events"))
            new = []
            for e in events:
                row = (e.time, e.item, e.status, e.source, dump_detail(e.detail))
                if row in present:
                    skipped += 1
                    continue
                present.add(row)
                new.append(row)
            conn.executemany(
                "INSERT INTO events (time, item, status, source, detail) VALUES (?,?,?,?,?)", new)
            added = len(new)
        return added, skipped

    def import_from(self, path: str | Path) -> tuple[int, int]:
        return self.import_events(read_export(path))

    def reset(self) -> Path:
        """Delete every event after writing a JSON backup of them; returns the backup's path.

        Only the `events` table, which the store owns, is emptied, so the backup holds everything
        that was deleted; tables other code keeps in the same file are left as they are.
        """
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        backup = self.backup_dir / f"progress-{stamp}.json"
        with self.transaction(write=True) as conn:
            events, damaged = self._sort_rows(conn.execute(
                "SELECT id, time, item, status, source, detail FROM events ORDER BY time, id").fetchall())
            data = _export_data(events)
            if damaged:  # kept as they are stored, so that the backup holds everything deleted
                data["damaged_rows"] = damaged
            try:
                self.backup_dir.mkdir(parents=True, exist_ok=True)
                paths.write_text_atomic(backup, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
            except OSError as exc:
                raise ProgressStoreError(
                    f"cannot write the backup {backup} ({exc.strerror or exc}); nothing was deleted"
                ) from None
            conn.execute("DELETE FROM events")
        return backup


def _empty_store() -> sqlite3.Connection:
    """An in-memory store with the schema: what a store that does not exist yet reads as."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute(_EVENTS_SQL)
    return conn


def _export_data(events: Iterable[Event]) -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported": now(),
        "events": [e.as_json() for e in events],
    }



