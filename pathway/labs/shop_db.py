"""A small online shop in an in-memory SQLite database, for SQL interview drills.

`connect()` builds the shop the notebook shows; `connect(seed)` builds another shop of the same
shape with different customers and orders. A check runs your query on several of them, so a query
that only happens to fit the rows you looked at does not pass. Every shop holds the cases
interviewers like: two customers tied on their total, a customer whose only order was cancelled
(its `amount` is NULL), a customer who never ordered, and a country with a single customer.
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3

SCHEMA = """
CREATE TABLE customers (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    country TEXT NOT NULL
);
CREATE TABLE orders (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    ordered_on  TEXT NOT NULL,          -- ISO date
    amount      REAL                    -- NULL when the order was cancelled
);
"""

COUNTRIES = ("DE", "FR", "NL", "PL")
FIRST = ("Ada", "Ben", "Cleo", "Dev", "Eva", "Finn", "Gia", "Hugo", "Ines", "Jon", "Kai", "Lena",
         "Milo", "Nora", "Omar", "Pia", "Quinn", "Rosa", "Sam", "Tara")


def _price(rng: random.Random) -> float:
    """A price in quarters of a unit: binary fractions, so sums are exact and ties stay ties."""
    return round(rng.uniform(5, 200) * 4) / 4


def connect(seed: int = 0) -> sqlite3.Connection:
    """A fresh shop database; the same seed always gives the same rows."""
    rng = random.Random(seed)
    names = rng.sample(FIRST, 14)
    customers = []
    for n, name in enumerate(names, 1):
        country = COUNTRIES[(n - 1) % 3] if n <= 12 else COUNTRIES[3]
        customers.append((n, f"{name} {chr(65 + rng.randrange(26))}.", country))
    orders: list[tuple[int, int, str, float | None]] = []
    start = dt.date(2025, 1, 1)

    def order(customer: int, amount: float | None) -> None:
        day = start + dt.timedelta(days=rng.randrange(365))
        orders.append((len(orders) + 1, customer, day.isoformat(), amount))

    for customer in range(1, 11):  # customers 11 and 12 never order
        for _ in range(rng.randrange(1, 5)):
            order(customer, _price(rng) if rng.random() > 0.1 else None)
    # the edge cases: a tie with the best customer of a country, a cancelled-only customer, and
    # a single-customer country
    countries = {c[0]: c[2] for c in customers}
    totals = {c: sum(o[3] or 0 for o in orders if o[1] == c) for c in range(1, 11)}
    leader = max((c for c in totals if countries[c] == COUNTRIES[seed % 3]), key=totals.get)
    twin = next(c for c in range(1, 11) if countries[c] == countries[leader] and c != leader)
    orders = [o for o in orders if o[1] != twin]
    order(twin, totals[leader])
    order(13, None)
    order(14, _price(rng))
    conn = sqlite3.connect(":memory:")
    conn.executescript(SCHEMA)
    with conn:
        conn.executemany("INSERT INTO customers VALUES (?, ?, ?)", customers)
        conn.executemany("INSERT INTO orders VALUES (?, ?, ?, ?)",
                         [(n, *o[1:]) for n, o in enumerate(orders, 1)])
    return conn
