"""Checks of SQL answers, run against the lab database."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

from ..engine import Incorrect, incomplete, is_blank
from .values import type_name


def sql_rows(
    query: Any, connect: Callable[[], sqlite3.Connection], expected_query: str,
    *, ordered: bool = False, name: str = "your query",
) -> list[tuple]:
    """Run the learner's SQL and the reference on fresh connections; compare the result rows."""
    if is_blank(query):
        raise incomplete(query)
    if not isinstance(query, str):
        raise Incorrect(f"{name} should be SQL text (a string), got {type_name(query)}")
    reference = connect()
    try:
        want = reference.execute(expected_query).fetchall()
    finally:
        reference.close()
    conn = connect()
    try:
        got = _fetch_bounded(conn, query, name)
    finally:
        conn.close()
    width = len(want[0]) if want else None
    if got and width is not None and len(got[0]) != width:
        raise Incorrect(f"{name} returns {len(got[0])} columns; the question asks for {width}")
    if len(got) != len(want):
        gap = len(got) - len(want)
        raise Incorrect(f"{name} returns {len(got)} rows: {abs(gap)} {'too many' if gap > 0 else 'too few'}")
    norm = [tuple(_round(v) for v in row) for row in got]
    norm_want = [tuple(_round(v) for v in row) for row in want]
    if not ordered:
        norm, norm_want = sorted(norm, key=repr), sorted(norm_want, key=repr)
    if norm != norm_want:
        if sorted(norm, key=repr) == sorted(norm_want, key=repr):
            raise Incorrect(f"{name} has the right rows in the wrong order: check ORDER BY")
        bad = sum(a != b for a, b in zip(norm, norm_want))
        raise Incorrect(f"{bad} of the {len(want)} rows {name} returns are not right")
    return got


MAX_ROWS = 100_000  # the lab's tables hold 344 rows; a fair answer returns far fewer
_SQLITE_INTERRUPT = 9
_SQLITE_AUTH = 23



def _fetch_bounded(conn: sqlite3.Connection, query: str, name: str) -> list[tuple]:
    """The learner's rows, at most MAX_ROWS of them; a statement the lab stopped says why.

    A lab connection (`sqlite_lab.LabConnection`) stops a statement that runs too long or builds
    a huge value; Ctrl-C during the query stops the check and reaches the learner as Ctrl-C.
    """
    try:
        cursor = conn.execute(query)
        got: list[tuple] = []
        while len(got) <= MAX_ROWS:
            chunk = cursor.fetchmany(5000)
            if not chunk:
                return got
            got.extend(chunk)
    except sqlite3.Error as exc:
        stopped = getattr(conn, "stopped", "")
        if stopped in ("time", "work"):
            raise Incorrect(
                f"{name} was stopped: it ran far longer than any answer to this question needs. Look "
                "for a recursive query without an end, or a join without its ON condition"
            ) from None
        code = getattr(exc, "sqlite_errorcode", None)
        if stopped == "ctrl-c" or code == _SQLITE_INTERRUPT or (code is None and str(exc) == "interrupted"):
            raise KeyboardInterrupt from None  # SQLite's own interrupt, never the word in a learner's query
        if code == _SQLITE_AUTH or (code is None and "authoriz" in str(exc)):
            raise Incorrect(f"{name} tries to open another database file (ATTACH or VACUUM INTO); an "
                            "answer reads the lab's own tables, which are all in this database") from None
        if "too big" in str(exc):
            raise Incorrect(f"{name} builds a value too large for the lab (SQLite: {exc})") from None
        raise Incorrect(f"SQLite could not run {name}: {exc}") from None
    except Exception as exc:
        raise Incorrect(f"{name} could not run: {type(exc).__name__}: {exc}") from None
    raise Incorrect(
        f"{name} returns more than {MAX_ROWS:,} rows, from tables of 344: look for a join without "
        "its ON condition or a recursive query without an end"
    )


def _round(value: Any) -> Any:
    return round(value, 6) if isinstance(value, float) else value
