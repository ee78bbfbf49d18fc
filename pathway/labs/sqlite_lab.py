"""The Phase 1 SQL lab: a fresh in-memory SQLite database of the Palmer penguins.

The notebook and the SQL checks call the same `connect()`, so a learner's query and the reference
query always run against identical data. Each call builds a new database from the shipped CSVs
(`penguins.csv` and `penguins-raw.csv`, the same 344 penguins in the same order), which takes a
few milliseconds: a query that drops a table or deletes rows cannot spoil the next check.
"""

from __future__ import annotations

import csv
import functools
import sqlite3

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


def connect() -> sqlite3.Connection:
    """A new in-memory database holding the `penguins` and `samples` tables."""
    penguins, samples = _rows()
    conn = sqlite3.connect(":memory:")
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
