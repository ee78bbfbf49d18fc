"""A second penguin database, made inside the checks and never shown: other rows, ties and NULLs.

Same schema as `labs.sqlite_lab`, so a query written for the lab runs here unchanged. A query that
is right only on the rows the learner looked at (a hard-coded value, a filter in the wrong place,
a NULL taken for zero) gives other rows here. The crafted rows hold one boundary per exercise:
- a season (PAL1011) whose penguins all lack a mass, and one whose heaviest weighs exactly 6,000 g;
- a species-island group with exactly 50 penguins of known sex, and one with 50 rows but 48 sexed;
- two Emperors weighing exactly their species' mean (22,000 g; the species has a NULL mass too);
- ties on the heaviest places, and a King species with two known masses and one NULL;
- a species measured in 2007 and 2009 but not 2008, and a species-year whose masses are all NULL.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import sqlite3

from ...labs import sqlite_lab

_ISLANDS = {"Adelie": ("Biscoe", "Dream", "Torgersen"), "Chinstrap": ("Dream",), "Gentoo": ("Biscoe",)}
_MASS = {"Adelie": (3700, 450), "Chinstrap": (3730, 380), "Gentoo": (5080, 500)}


def _study(year: int) -> str:
    return f"PAL{year % 100:02d}{(year + 1) % 100:02d}"


@functools.cache
def _rows() -> tuple[tuple[tuple, ...], tuple[tuple, ...]]:
    rng = random.Random(2929)
    penguins: list[tuple] = []
    samples: list[tuple] = []

    def add(species: str, island: str, mass: int | None, sex: str | None, year: int, day: int) -> None:
        n = len(penguins) + 1
        flipper = None if mass is None else round(150 + mass / 40 + rng.uniform(-5, 5))
        penguins.append((n, species, island, round(rng.uniform(33, 58), 1), round(rng.uniform(13, 21), 1),
                         flipper, mass, sex, year))
        egg = dt.date(year, 11, 1) + dt.timedelta(days=day)
        samples.append((n, _study(year), n, f"N{n}A1", rng.choice(("Yes", "Yes", "Yes", "No")),
                        egg.isoformat(), None, None, None))

    for _ in range(170):
        species = rng.choice(tuple(_ISLANDS))
        mean, sd = _MASS[species]
        mass = None if rng.random() < 0.04 else int(round(rng.gauss(mean, sd) / 50) * 50)
        sex = None if rng.random() < 0.06 else rng.choice(("male", "female"))
        add(species, rng.choice(_ISLANDS[species]), mass, sex, rng.choice((2007, 2008, 2009)),
            rng.randrange(0, 25))
    # HAVING: 50 sexed Gentoo on Dream (exactly on ">= 50"); 50 Adelie on Anvers, 2 without a sex
    for k in range(50):
        add("Gentoo", "Dream", 5000 + 25 * (k % 9), ("male", "female")[k % 2], 2008, k % 20)
    for k in range(50):
        sex = None if k < 2 else ("male", "female")[k % 2]
        add("Adelie", "Anvers", 3600 + 50 * (k % 5), sex, 2009, k % 20)
    # windows and NULLs: ties at the top, a species missing a year, a year whose masses are all NULL
    for mass, year in ((24000, 2007), (22000, 2007), (20000, 2009), (None, 2009), (22000, 2009)):
        add("Emperor", "Ross", mass, "male", year, 3)
    for mass in (11000, 11000, None):
        add("King", "Ross", mass, "female", 2008, 7)
    for _ in range(3):
        add("King", "Ross", None, "female", 2009, 7)
    # LEFT JOIN: the 2010 season weighed nobody; the heaviest of 2011 is exactly on 6,000 g
    for day in (1, 2):
        add("Gentoo", "Biscoe", None, "male", 2010, day)
    add("Gentoo", "Biscoe", 6000, "male", 2011, 4)
    return tuple(penguins), tuple(samples)


def connect() -> sqlite3.Connection:
    """A fresh second database (bounded like the lab's), with the same tables as the lab."""
    penguins, samples = _rows()
    conn = sqlite3.connect(":memory:", factory=sqlite_lab.LabConnection)
    conn.executescript(sqlite_lab.SCHEMA)
    with conn:
        conn.executemany(f"INSERT INTO penguins VALUES ({', '.join('?' * 9)})", penguins)
        conn.executemany(f"INSERT INTO samples VALUES ({', '.join('?' * 9)})", samples)
    return conn
