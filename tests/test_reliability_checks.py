"""`check()` never raises, never hangs and never floods, whatever the learner's code does."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import threading
import time

import pytest

import pathway
from pathway.exercises import engine
from pathway.exercises.engine import CheckResult, Exercise
from pathway.labs import sqlite_lab


def _exercise(assess) -> Exercise:
    return Exercise(id="p0.test.robust", title="t", prompt="p", hints=("a", "b"), solution_code="x = 1",
                    answer="x", assess=assess)


class Unprintable(Exception):
    def __str__(self):
        raise ValueError("no text for you")


class Hostile:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def __eq__(self, other):
        raise self.exc

    __hash__ = object.__hash__


def _compare(answer):
    if answer == 1:
        return "ok"
    raise engine.Incorrect("not 1")


@pytest.mark.parametrize(
    "exc,says",
    [
        (Unprintable(), "raised Unprintable."),
        (SystemExit(3), "called exit()"),
        (KeyboardInterrupt(), "raised KeyboardInterrupt"),
        (GeneratorExit(), "raised GeneratorExit"),
    ],
    ids=["str raises", "SystemExit", "KeyboardInterrupt from code", "GeneratorExit"],
)
def test_whatever_the_answer_raises_becomes_an_incorrect_result(exc, says):
    result = _exercise(_compare).evaluate(Hostile(exc))
    assert result.outcome == "incorrect" and says in result.message


def test_a_message_is_capped():
    def flood(answer):
        raise engine.Incorrect("x" * 10_000_000)

    result = _exercise(flood).evaluate(1)
    assert len(result.message) <= engine.MAX_MESSAGE and result.message.endswith("(cut short)")
    result.note = "y" * 5000
    assert len(result.note) <= engine.MAX_MESSAGE
    assert len(CheckResult("incorrect", "z" * 5000).message) <= engine.MAX_MESSAGE


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the time bound uses SIGALRM (POSIX)")
def test_a_check_that_never_ends_is_stopped(monkeypatch):
    monkeypatch.setattr(engine, "CHECK_SECONDS", 0.3)

    def forever(answer):
        try:
            while True:
                pass
        except Exception:  # a learner's broad except must not swallow the stop
            pass

    start = time.monotonic()
    result = _exercise(forever).evaluate(1)
    assert result.outcome == "incorrect" and "was stopped" in result.message
    assert time.monotonic() - start < 5
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL and signal.getitimer(signal.ITIMER_REAL)[0] == 0


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to itself")
def test_a_real_ctrl_c_still_stops_the_check():
    def slow(answer):
        time.sleep(5)

    timer = threading.Timer(0.2, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    start = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        _exercise(slow).evaluate(1)
    assert time.monotonic() - start < 4
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


# ------------------------------------------------------------------ the SQL exercises

SQL = pathway.exercises.get("p1.sql.where")


@pytest.mark.parametrize(
    "query,says",
    [
        ("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n, n, n FROM r",
         "stopped|more than"),
        ("SELECT randomblob(900000000), 1, 2", "too large" if hasattr(sqlite3.Connection, "setlimit")
         else "stopped"),
        ("SELECT a.id, b.id, c.id FROM penguins a, penguins b, penguins c", "stopped|more than"),
        ("SELECT a.id, a.island, b.sample_number FROM penguins a, samples b", "more than 100,000 rows"),
        ("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT count(*), 1, 2 FROM r",
         "stopped"),
    ],
    ids=["endless recursion", "huge blob", "triple cross join", "cross join", "endless count"],
)
def test_a_runaway_query_returns_promptly_with_a_clear_message(query, says):
    start = time.monotonic()
    result = SQL.evaluate(query)
    assert time.monotonic() - start < 5
    assert result.outcome == "incorrect" and re.search(says, result.message), result.message


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to itself")
def test_ctrl_c_during_a_query_stops_the_check():
    # An aggregate returns no row until the statement's own bound stops it (about a second), so the
    # Ctrl-C at 0.1 s always lands while the query runs, however fast the machine is.
    query = "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT max(n), 1, 1 FROM r"
    timer = threading.Timer(0.1, lambda: os.kill(os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        SQL.evaluate(query)


def test_the_lab_connection_bounds_every_statement_and_keeps_working():
    conn = sqlite_lab.connect()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"):
        conn.execute("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) "
                     "SELECT count(*) FROM r").fetchall()
    assert conn.stopped in ("time", "work")
    assert conn.execute("SELECT COUNT(*) FROM penguins").fetchone() == (344,)  # a fresh budget
    assert conn.cursor().execute("SELECT COUNT(*) FROM samples").fetchone() == (344,)
    assert conn.stopped == ""


@pytest.mark.parametrize("query", ["ATTACH DATABASE 'attached.db' AS x", "VACUUM INTO 'copied.db'"])
def test_a_query_cannot_create_a_file(tmp_path, monkeypatch, query):
    monkeypatch.chdir(tmp_path)
    result = SQL.evaluate(query)
    assert result.outcome == "incorrect" and "another database file" in result.message, result.message
    assert list(tmp_path.iterdir()) == []


def test_the_word_interrupted_in_a_query_is_not_ctrl_c():
    result = SQL.evaluate("SELECT interrupted FROM penguins")
    assert result.outcome == "incorrect" and "no such column: interrupted" in result.message
