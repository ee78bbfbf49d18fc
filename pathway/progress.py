"""The learner's progress: an append-only event log in SQLite.

Each event says when, which item, which status, from where, and an optional JSON detail. An
item's status is its latest event. Rows are only ever added, except by an explicit `reset`,
which writes a JSON backup first. Several kernels and the CLI may write at once.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
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

_SCHEMA = """
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
_BUSY_TIMEOUT_S = 60.0
_LOCK_RETRIES = 20


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

    _ready: set[Path] = set()

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else paths.progress_db()

    @property
    def backup_dir(self) -> Path:
        return self.path.parent / "backups"

    # ---------------------------------------------------------- connection
    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection inside one transaction, committed on success, rolled back on error.

        Other parts of the package keep their own append-only tables in the same file
        through this, so everything a learner records lives in one database.
        """
        conn = self._connect()
        try:
            self._begin(conn, write)
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise self._explain(exc) from None
        finally:
            conn.close()

    def _begin(self, conn: sqlite3.Connection, write: bool) -> None:
        """Start a transaction, waiting (never failing) while another process writes."""
        for attempt in range(_LOCK_RETRIES):
            try:
                conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise ProgressStoreError(
            f"{self.path} stayed busy for minutes: another program holds it. "
            "Close other notebooks using it and try again; nothing was lost."
        )

    def _connect(self) -> sqlite3.Connection:
        if self.path.exists() and not self.path.is_file():
            raise ProgressStoreError(f"{self.path} is not a file; set PATHWAY_HOME to a folder")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=_BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise ProgressStoreError(
                f"cannot open the progress store {self.path}: {exc}. "
                "Set PATHWAY_HOME to a folder you can write to."
            ) from None
        if not self.path.exists():
            ProgressStore._ready.discard(self.path)
        if self.path not in self._ready:
            try:
                self._prepare(conn)
            except sqlite3.DatabaseError as exc:
                conn.close()
                raise self._explain(exc) from None
            except BaseException:
                conn.close()
                raise
            ProgressStore._ready.add(self.path)
        return conn

    def _prepare(self, conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise ProgressStoreError(
                f"{self.path} was written by a newer mle-pathway (schema {version}); "
                "upgrade with: pip install --upgrade mle-pathway"
            )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if tables and "events" not in tables:
            raise ProgressStoreError(
                f"{self.path} is an SQLite database but not a progress store (no events table). "
                "Point PATHWAY_HOME at another folder; this file was left untouched."
            )
        conn.executescript(f"BEGIN IMMEDIATE; {_SCHEMA} PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;")

    def _explain(self, exc: sqlite3.Error) -> Exception:
        """Corruption becomes a recovery message; any other database error stays as it is."""
        corrupt = ("not a database", "malformed", "disk image", "file is encrypted")
        if not any(word in str(exc) for word in corrupt):
            return exc
        return ProgressStoreError(
            f"{self.path} is not a readable progress database ({exc}). It was left untouched. "
            f"To recover: rename it (e.g. to {self.path.name}.broken), then `pathway import` your "
            f"last export or a backup from {self.backup_dir}."
        )

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
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "exported": now(),
            "events": [e.as_json() for e in self.events()],
        }

    def export_to(self, path: str | Path) -> int:
        data = self.export()
        target = Path(path)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(target)
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
        """Delete every event after writing a JSON backup; returns the backup's path."""
        self.backup_dir.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        backup = self.backup_dir / f"progress-{stamp}.json"
        with self.transaction(write=True) as conn:
            rows = conn.execute(
                "SELECT time, item, status, source, detail FROM events ORDER BY time, id"
            ).fetchall()
            data = {
                "format": EXPORT_FORMAT, "version": EXPORT_VERSION, "exported": now(),
                "events": [
                    Event(t, i, s, src, json.loads(d) if d else None).as_json()
                    for t, i, s, src, d in rows
                ],
            }
            backup.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
            tables = [
                r[0] for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            for table in tables:
                conn.execute(f'DELETE FROM "{table}"')
        return backup


def _dump(detail: Mapping[str, Any] | None) -> str | None:
    return json.dumps(detail, sort_keys=True, ensure_ascii=False) if detail else None


def read_export(path: str | Path) -> list[Event]:
    """Read and validate a progress export; raises ImportFormatError naming the first problem."""
    source = Path(path)
    try:
        data = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ImportFormatError(f"{source}: file not found") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFormatError(f"{source}: not a JSON progress export ({exc})") from None
    return parse_export(data, source)


def parse_export(data: Any, source: str | Path = "<export>") -> list[Event]:
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        found = data.get("format") if isinstance(data, dict) else type(data).__name__
        raise ImportFormatError(
            f"{source}: not an mle-pathway progress export (format {found!r}, "
            f"expected {EXPORT_FORMAT!r}); make one with `pathway export FILE.json`"
        )
    if data.get("version") != EXPORT_VERSION:
        raise ImportFormatError(
            f"{source}: export version {data.get('version')!r} is not supported "
            f"(this mle-pathway reads version {EXPORT_VERSION}); upgrade mle-pathway"
        )
    raw = data.get("events")
    if not isinstance(raw, list):
        raise ImportFormatError(f"{source}: 'events' must be a list")
    events = []
    for n, entry in enumerate(raw, 1):
        where = f"{source}: event {n}"
        if not isinstance(entry, dict):
            raise ImportFormatError(f"{where}: must be an object")
        missing = [k for k in ("time", "item", "status", "source") if not entry.get(k)]
        if missing:
            raise ImportFormatError(f"{where}: missing {', '.join(missing)}")
        try:
            when = normalise_time(entry["time"])
            status = check_status(entry["status"])
        except (ValueError, TypeError) as exc:
            raise ImportFormatError(f"{where}: {exc}") from None
        if entry["source"] not in SOURCES:
            raise ImportFormatError(f"{where}: unknown source {entry['source']!r}")
        detail = entry.get("detail")
        if detail is not None and not isinstance(detail, dict):
            raise ImportFormatError(f"{where}: detail must be an object or null")
        events.append(Event(when, str(entry["item"]), status, entry["source"], detail or None))
    return events
