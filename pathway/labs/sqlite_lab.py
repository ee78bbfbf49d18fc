"""The Phase 1 SQL lab: a fresh in-memory SQLite database of the Palmer penguins.

The notebook and the SQL checks call the same `connect()`, so a learner's query and the reference
query always run against identical data. Each call builds a new database from the shipped CSVs
(`penguins.csv` and `penguins-raw.csv`, the same 344 penguins in the same order), which takes a
few milliseconds: a query that drops a table or deletes rows cannot spoil the next check.

Every statement on a lab connection is bounded: at most STATEMENT_SECONDS and STATEMENT_STEPS of
SQLite's work, no string or blob over MAX_VALUE_BYTES, and Ctrl-C stops it. No fair query on 344
penguins comes near those bounds; a recursive query without an end or `randomblob(900000000)`
stops at once with a message instead of running for minutes and filling memory. No statement may
open another database file (ATTACH, VACUUM INTO): the lab never writes to the disk.
"""

from __future__ import annotations

import csv
import functools
import sqlite3
import time
from typing import Any

from ..paths import data_file

SCHEMA = """
CREATE TABLE penguins (
    id                INTEGER PRIMARY KEY,  -- 1..344, the row number in penguins.csv
    species           TEXT NOT NULL,        -- Adelie, Chinstrap, Gentoo
    island            TEXT NOT NULL,        -- Biscoe, Dream, Torgersen
    bill_length_mm    REAL,
    bill_depth_mm     REAL,
    flipper_length_mm INTEGER,
    body_mass_g       INTEGER,
    sex               TEXT,                 -- male, female, or NULL when unknown
    year              INTEGER NOT NULL      -- 2007..2009
);
CREATE TABLE samples (
    penguin_id        INTEGER PRIMARY KEY REFERENCES penguins (id),
    study             TEXT NOT NULL,        -- PAL0708, PAL0809, PAL0910: one per field season
    sample_number     INTEGER NOT NULL,
    individual_id     TEXT NOT NULL,        -- the nest and adult, e.g. N1A1
    clutch_completion TEXT NOT NULL,        -- Yes, or No when the nest never held a full clutch
    egg_date          TEXT NOT NULL,        -- ISO date the first egg was observed
    delta_15n         REAL,                 -- blood isotope ratios (NULL when not measured)
    delta_13c         REAL,
    comments          TEXT
);
"""

TABLES = ("penguins", "samples")
STATEMENT_SECONDS = 2.0
STATEMENT_STEPS = 10_000_000  # SQLite VM steps; the heaviest fair query here (a join of all rows) takes ~3 M
MAX_VALUE_BYTES = 10_000_000  # the largest string or blob a statement may build (the data is ~100 kB)
_TICK = 1000  # SQLite calls the progress handler every _TICK steps


class _Budget:
    """What one statement may still spend, and why it was stopped ('' while it runs)."""

    def __init__(self) -> None:
        self.start()

    def start(self) -> None:
        self.deadline = time.monotonic() + STATEMENT_SECONDS
        self.ticks_left = STATEMENT_STEPS // _TICK
        self.stopped = ""

    def tick(self) -> int:
        """SQLite's progress handler: nonzero stops the statement."""
        try:
            self.ticks_left -= 1
            if self.ticks_left < 0:
                self.stopped = "work"
            elif time.monotonic() > self.deadline:
                self.stopped = "time"
            return 1 if self.stopped else 0
        except KeyboardInterrupt:  # Ctrl-C while SQLite runs: stop the statement
            self.stopped = "ctrl-c"
            return 1


def _no_other_files(action: int, *args: Any) -> int:
    """The lab's authorizer: no statement may open another file (ATTACH and VACUUM INTO create one)."""
    files = (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH)
    return sqlite3.SQLITE_DENY if action in files else sqlite3.SQLITE_OK


class LabConnection(sqlite3.Connection):
    """A connection whose every statement is bounded in time, work and value size (see above)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = _Budget()
        self.set_progress_handler(self.budget.tick, _TICK)
        self.set_authorizer(_no_other_files)
        if hasattr(self, "setlimit"):  # Python 3.11+
            self.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)

    @property
    def stopped(self) -> str:
        """Why the last statement was stopped: 'time', 'work', 'ctrl-c', or '' if it was not."""
        return self.budget.stopped

    def cursor(self, factory: Any = None) -> sqlite3.Cursor:  # type: ignore[override]
        return super().cursor(factory or _LabCursor)

    def execute(self, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        self.budget.start()
        return super().execute(*args)

    def executemany(self, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        self.budget.start()
        return super().executemany(*args)

    def executescript(self, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        self.budget.start()
        return super().executescript(*args)


class _LabCursor(sqlite3.Cursor):
    def execute(self, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        self.connection.budget.start()
        return super().execute(*args)

    def executemany(self, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        self.connection.budget.start()
        return super().executemany(*args)

    def executescript(self, *args: Any) -> sqlite3.Cursor:  # type: ignore[override]
        self.connection.budget.start()
        return super().executescript(*args)


def _value(text: str, kind: type = str) -> object:
    """A CSV field as a Python value: `NA` and empty fields become None (SQL NULL)."""
    if text in ("NA", ""):
        return None
    return kind(text)


def _int(text: str) -> int:
    return int(float(text))


@functools.cache
def _rows() -> tuple[tuple[tuple, ...], tuple[tuple, ...]]:
    """The two tables' rows, read once per process with the standard library's csv module."""
    with open(data_file("penguins.csv"), newline="", encoding="utf-8") as f:
        plain = list(csv.DictReader(f))
    with open(data_file("penguins-raw.csv"), newline="", encoding="utf-8") as f:
        raw = list(csv.DictReader(f))
    if len(plain) != len(raw):  # pragma: no cover - guards the shipped files
        raise ValueError("penguins.csv and penguins-raw.csv should describe the same penguins")
    penguins = tuple(
        (
            n, r["species"], r["island"], _value(r["bill_length_mm"], float),
            _value(r["bill_depth_mm"], float), _value(r["flipper_length_mm"], _int),
            _value(r["body_mass_g"], _int), _value(r["sex"]), int(r["year"]),
        )
        for n, r in enumerate(plain, start=1)
    )
    samples = tuple(
        (
            n, r["studyName"], int(r["Sample Number"]), r["Individual ID"],
            r["Clutch Completion"], r["Date Egg"], _value(r["Delta 15 N (o/oo)"], float),
            _value(r["Delta 13 C (o/oo)"], float), _value(r["Comments"]),
        )
        for n, r in enumerate(raw, start=1)
    )
    return penguins, samples


def connect() -> LabConnection:
    """A new in-memory database holding the `penguins` and `samples` tables (statements bounded)."""
    penguins, samples = _rows()
    conn = sqlite3.connect(":memory:", factory=LabConnection)
    conn.executescript(SCHEMA)
    with conn:
        conn.executemany(f"INSERT INTO penguins VALUES ({', '.join('?' * 9)})", penguins)
        conn.executemany(f"INSERT INTO samples VALUES ({', '.join('?' * 9)})", samples)
    return conn


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    """The column names of one of the lab's tables, in order."""
    if table not in TABLES:
        raise ValueError(f"no table {table!r} in the lab; the tables are {', '.join(TABLES)}")
    return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
