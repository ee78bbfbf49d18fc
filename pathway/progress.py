"""The learner's progress: an append-only event log in SQLite.

Each event says when, which item, which status, from where, and an optional JSON detail. An
item's status is its latest event. Rows are only ever added, except by an explicit `reset`,
which writes a JSON backup first. Several kernels and the CLI may write at once.

Reading never writes: reads open the file read-only, and the schema is created (or an older
store adopted) only by the first write, inside the same bounded wait for the lock as every
write. A file is ours only if its schema says so (`PRAGMA application_id`, or the exact
schema of a store made before the id existed); anything else is named and never touched.
Before its first write a process checks the file once (`PRAGMA quick_check`) and never writes
into a damaged store.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import stat
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .errors import ImportFormatError, ProgressStoreError

STATUSES = ("todo", "in_progress", "done", "skipped")
COMPLETE = frozenset({"done", "skipped"})
SOURCES = ("cli", "notebook", "check", "import")
EXPORT_FORMAT = "mle-pathway/progress"
EXPORT_VERSION = 1
SCHEMA_VERSION = 1
APPLICATION_ID = 0x4D4C4550  # "MLEP" in the file header: this file is an mle-pathway progress store
LOCK_WAIT_S = 60.0  # how long any write (the first included) waits for another process's lock
MAX_IMPORT_BYTES = 64 * 1024 * 1024  # an export of 100,000 events is about 25 MB
MAX_DETAIL_CHARS = 64 * 1024
MAX_DETAIL_DEPTH = 16
FUTURE_SKEW = dt.timedelta(days=1)  # clocks of two machines may disagree; more is a wrong date
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
ITEM_PATTERN = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")

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


@dataclass(frozen=True)
class Event:
    time: str
    item: str
    status: str
    source: str
    detail: Mapping[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "time": self.time, "item": self.item, "status": self.status,
            "source": self.source, "detail": dict(self.detail) if self.detail else None,
        }


def now() -> str:
    """The current time as the store writes it: UTC ISO 8601 with microseconds (sorts as text)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def normalise_time(value: str) -> str:
    parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def check_status(status: str) -> str:
    value = str(status).strip().lower().replace("-", "_").replace(" ", "_")
    if value not in STATUSES:
        raise ValueError(f"unknown status {status!r}; use one of: {', '.join(STATUSES)}")
    return value


class ProgressStore:
    """One SQLite file of events. Opens a short connection per operation, so it is process-safe."""

    _sound: set[tuple[str, int, int]] = set()  # files this process has found sound before writing

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
            raise self._explain(exc) from None
        finally:
            conn.close()

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

    def _explain(self, exc: sqlite3.Error) -> Exception:
        """Turn the store's own failures into one clear message; other SQL errors stay as they are."""
        text = str(exc)
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
            _check_detail(event.detail)  # what import would refuse is never written either
        with self.transaction(write=True) as conn:
            conn.execute(
                "INSERT INTO events (time, item, status, source, detail) VALUES (?, ?, ?, ?, ?)",
                (event.time, event.item, event.status, event.source, _dump(event.detail)),
            )
        return event

    # ---------------------------------------------------------- reading
    def events(self, item: str | None = None) -> list[Event]:
        """Every event in time order (optionally of one item)."""
        query = "SELECT time, item, status, source, detail FROM events"
        args: tuple[str, ...] = ()
        if item is not None:
            query += " WHERE item = ?"
            args = (item,)
        with self.transaction() as conn:
            rows = conn.execute(query + " ORDER BY time, id", args).fetchall()
        return [Event(t, i, s, src, json.loads(d) if d else None) for t, i, s, src, d in rows]

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
        """Merge events; identical ones are skipped. Returns (added, already present)."""
        added = skipped = 0
        with self.transaction(write=True) as conn:
            for e in events:
                row = (e.time, e.item, e.status, e.source, _dump(e.detail))
                exists = conn.execute(
                    "SELECT 1 FROM events WHERE time=? AND item=? AND status=? AND source=? "
                    "AND detail IS ?",
                    row,
                ).fetchone()
                if exists:
                    skipped += 1
                else:
                    conn.execute(
                        "INSERT INTO events (time, item, status, source, detail) VALUES (?,?,?,?,?)",
                        row,
                    )
                    added += 1
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
            rows = conn.execute(
                "SELECT time, item, status, source, detail FROM events ORDER BY time, id"
            ).fetchall()
            events = [Event(t, i, s, src, json.loads(d) if d else None) for t, i, s, src, d in rows]
            try:
                self.backup_dir.mkdir(parents=True, exist_ok=True)
                backup.write_text(json.dumps(_export_data(events), indent=2, ensure_ascii=False) + "\n",
                                  "utf-8")
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


def _q(value: Any, limit: int = 40) -> str:
    """A value quoted for a message, cut short so a huge value never floods it."""
    text = repr(value) if isinstance(value, (str, int, float, bool, type(None))) else type(value).__name__
    return text if len(text) <= limit else text[:limit] + "…"


def _dump(detail: Mapping[str, Any] | None) -> str | None:
    return json.dumps(detail, sort_keys=True, ensure_ascii=False) if detail else None


def read_export(path: str | Path) -> list[Event]:
    """Read and validate a progress export; raises ImportFormatError naming the first problem.

    Only a regular file is read (a FIFO or a device such as /dev/zero is refused before it can
    hang or fill memory), and at most MAX_IMPORT_BYTES of it.
    """
    source = Path(path)
    try:
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ImportFormatError(f"{source}: file not found") from None
    except OSError as exc:
        raise ImportFormatError(f"{source}: cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ImportFormatError(f"{source}: not a regular file (a folder, pipe or device); "
                                "give the path of a JSON export")
    with os.fdopen(fd, "rb") as f:
        raw = f.read(MAX_IMPORT_BYTES + 1)
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFormatError(f"{source}: larger than {MAX_IMPORT_BYTES // 2**20} MB; "
                                "that is not an export this workbook wrote")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFormatError(f"{source}: not a JSON progress export ({exc})") from None
    except RecursionError:
        raise ImportFormatError(f"{source}: not a progress export (JSON nested too deeply)") from None
    return parse_export(data, source)


def parse_export(data: Any, source: str | Path = "<export>") -> list[Event]:
    """Check every field against what the workbook itself writes; the first problem names its event."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise ImportFormatError(
            f"{source}: not an mle-pathway progress export (format {_q(found, 80)}, "
            f"expected {EXPORT_FORMAT!r}); make one with `pathway export FILE.json`"
        )
    version = data.get("version")
    if type(version) is not int or version != EXPORT_VERSION:
        raise ImportFormatError(
            f"{source}: export version {_q(version, 40)} is not supported "
            f"(this mle-pathway reads version {EXPORT_VERSION}); upgrade mle-pathway"
        )
    raw = data.get("events")
    if not isinstance(raw, list):
        raise ImportFormatError(f"{source}: 'events' must be a list")
    latest = dt.datetime.now(dt.timezone.utc) + FUTURE_SKEW
    events = []
    for n, entry in enumerate(raw, 1):
        try:
            events.append(_parse_event(entry, latest))
        except ValueError as exc:
            raise ImportFormatError(f"{source}: event {n} of {len(raw)}: {exc}") from None
    return events


def _parse_event(entry: Any, latest: dt.datetime) -> Event:
    if not isinstance(entry, dict):
        raise ValueError("must be an object")
    missing = [k for k in ("time", "item", "status", "source") if k not in entry]
    if missing:
        raise ValueError(f"missing {', '.join(missing)}")
    when, item, status, source = (entry[k] for k in ("time", "item", "status", "source"))
    if not isinstance(when, str):
        raise ValueError(f"time must be ISO 8601 text, got {type(when).__name__}")
    try:
        parsed = dt.datetime.fromisoformat(when.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"time {_q(when)} is not an ISO 8601 date and time") from None
    if parsed.tzinfo is None:
        raise ValueError(f"time {_q(when)} has no timezone (the workbook writes +00:00)")
    if not EARLIEST <= parsed <= latest:
        raise ValueError(f"time {_q(when)} is outside {EARLIEST.year} to now")
    if not isinstance(item, str) or len(item) > 200 or not ITEM_PATTERN.match(item):
        raise ValueError(f"item must be an id such as 'p1.lang.python', got {_q(item, 60)}")
    if not isinstance(status, str) or status not in STATUSES:
        raise ValueError(f"unknown status {_q(status, 40)}; use one of: {', '.join(STATUSES)}")
    if not isinstance(source, str) or source not in SOURCES:
        raise ValueError(f"unknown source {_q(source, 40)}; use one of: {', '.join(SOURCES)}")
    detail = entry.get("detail")
    if detail is not None:
        _check_detail(detail)
    return Event(parsed.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"),
                 item, status, source, detail or None)


def _check_detail(detail: Any) -> None:
    if not isinstance(detail, dict):
        raise ValueError("detail must be an object or null")
    stack = [(detail, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DETAIL_DEPTH:
            raise ValueError(f"detail is nested deeper than {MAX_DETAIL_DEPTH} levels")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    if len(json.dumps(detail)) > MAX_DETAIL_CHARS:
        raise ValueError(f"detail is longer than {MAX_DETAIL_CHARS} characters")
    hint = detail.get("hint")
    if detail.get("action") == "hint" and (type(hint) is not int or not 1 <= hint <= 100):
        raise ValueError(f"a hint event's detail.hint must be a hint number, got {_q(hint, 40)}")
    attempt = detail.get("attempt")
    if attempt is not None and (type(attempt) is not int or attempt < 1):
        raise ValueError(f"detail.attempt must be a positive whole number, got {_q(attempt, 40)}")
