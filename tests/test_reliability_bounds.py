"""No check runs past its bound, whatever the learner's code catches, and nested bounds compose.

Each test lowers the engine's bound (`engine.CHECK_SECONDS` is read when a check starts) and runs
real learner code under real SIGALRM signals, each bounded by a generous wall-clock limit.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time

import pytest

import pathway
from pathway.exercises import engine
from pathway.exercises.engine import Exercise
from pathway.exercises.p4.gitflow import _headings

pytestmark = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="the bound uses SIGALRM (POSIX)")
WATCHDOG_S = 120


@pytest.fixture(autouse=True)
def _watchdog():
    """Each test is bounded itself: if a bound under test failed, the run ends instead of hanging
    (not by a signal, which the learner code under test would swallow)."""
    def give_up() -> None:
        sys.stderr.write(f"\n{os.environ.get('PYTEST_CURRENT_TEST')}: still running after {WATCHDOG_S} s; "
                         "the check's bound did not hold\n")
        os._exit(3)

    timer = threading.Timer(WATCHDOG_S, give_up)
    timer.daemon = True
    timer.start()
    yield
    timer.cancel()


def _exercise(assess) -> Exercise:
    return Exercise("t.bound", "t", "t", ("h",), "x = 1", "x", assess)


def _stopped_in_time(result, start: float, limit: float = 6.0) -> None:
    assert result.outcome == "incorrect" and "was stopped" in result.message, result.message
    assert time.monotonic() - start < limit
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def swallow_everything(items):
    """The probe's answer to p1.python.dedupe: a bare except around a loop swallows a one-shot stop."""
    while True:
        try:
            time.sleep(.2)
        except:  # noqa: E722 - the learner's code under test
            pass


def _inner_loop():
    while True:
        try:
            time.sleep(.2)
        except:  # noqa: E722
            pass


def swallow_in_two_frames(items):
    while True:
        try:
            _inner_loop()
        except:  # noqa: E722
            pass


def swallow_in_nested_tries(items):
    while True:
        try:
            try:
                time.sleep(.05)
            except:  # noqa: E722
                pass
            try:
                sum(range(1000))
            except:  # noqa: E722
                pass
        except:  # noqa: E722
            x = 1  # noqa: F841


def swallow_inside_one_try(items):
    try:
        while True:
            try:
                time.sleep(.1)
            except:  # noqa: E722
                pass
    except:  # noqa: E722
        pass


def swallow_with_suppress(items):
    while True:
        with contextlib.suppress(BaseException):
            time.sleep(.2)


@pytest.mark.parametrize("answer", [swallow_everything, swallow_in_two_frames, swallow_in_nested_tries,
                                    swallow_inside_one_try, swallow_with_suppress], ids=lambda f: f.__name__)
def test_a_loop_that_catches_everything_is_still_stopped(monkeypatch, answer):
    monkeypatch.setattr(engine, "CHECK_SECONDS", 0.5)
    start = time.monotonic()
    ex = pathway.exercises.get("p1.python.dedupe")
    result = ex.evaluate(answer)
    if answer is swallow_inside_one_try:  # its outer except ends the loop and returns None: judged so
        assert result.outcome == "incorrect" and "returned None" in result.message
        result.message += " was stopped"
    # Nested handlers are left one at a time, each at a line the tracer can reach: with torch loaded in
    # the same process (after the deep-learning tests) that took up to 11 s of the 0.5 s bound here,
    # still far inside the learner's 120 s. Other shapes stop within 6 s.
    _stopped_in_time(result, start, limit=30.0 if answer is swallow_in_nested_tries else 6.0)
    assert ex.evaluate(_dedupe).correct  # and the next check runs as usual


def _dedupe(items):
    seen, out = set(), []
    for item in items:
        if item not in seen:
            seen.add(item)
            out.append(item)
    return out


def test_an_inner_limit_gives_the_outer_bound_back(monkeypatch):
    from pathway.exercises.p3.deep import _torch

    monkeypatch.setattr(engine, "CHECK_SECONDS", 0.6)

    def check(answer):
        with _torch.time_limit(10, "the quick part"):
            pass  # an exercise's own limit that ends long before its deadline
        answer(None)  # then the learner's code hangs outside it

    start = time.monotonic()
    _stopped_in_time(_exercise(check).evaluate(swallow_everything), start)


def test_an_inner_limit_that_comes_first_is_the_one_that_speaks(monkeypatch):
    from pathway.exercises.p3.deep import _torch

    monkeypatch.setattr(engine, "CHECK_SECONDS", 30)

    def check(answer):
        with _torch.time_limit(0.3, "fine_tune"):
            answer(None)

    start = time.monotonic()
    result = _exercise(check).evaluate(swallow_in_two_frames)
    assert result.outcome == "incorrect" and "fine_tune took more than" in result.message, result.message
    assert time.monotonic() - start < 6
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


_STUCK = (
    "import copy, os, time\n"
    "def stuck_forward(*args):\n"
    "    while True:\n"
    "        try:\n"
    "            time.sleep(.2)\n"
    "        except:\n"
    "            pass\n"
)
_RETURNS_STUCK = {  # a model that passes every earlier clause, then never returns from forward
    "p3.deep.save_load": ("save_and_load", "def save_and_load(model, make_model, folder):\n"
                          "    path = os.path.join(folder, 'w.pt')\n"
                          "    torch.save(model.state_dict(), path)\n"
                          "    fresh = make_model()\n"
                          "    fresh.load_state_dict(torch.load(path, weights_only=True))\n"
                          "    fresh.eval()\n"
                          "    fresh.forward = stuck_forward\n"
                          "    return fresh\n"),
    "p3.deep.transfer": ("fine_tune", "def fine_tune(base, X, y):\n"
                         "    model = copy.deepcopy(base)\n"
                         "    model.forward = stuck_forward\n"
                         "    return model\n"),
}


@pytest.mark.parametrize("exercise_id", _RETURNS_STUCK)
def test_a_returned_model_whose_forward_never_returns_is_stopped(monkeypatch, exercise_id):
    """The exercise's own inner limit ends first; the check's bound must still stop the forward."""
    torch = pytest.importorskip("torch")
    ex = pathway.exercises.get(exercise_id)
    name, code = _RETURNS_STUCK[exercise_id]
    namespace: dict = {}
    exec(ex.setup, namespace)  # the notebook's setup cells: torch, nn, the helpers
    exec(_STUCK + code, namespace)
    monkeypatch.setattr(engine, "CHECK_SECONDS", 10)
    start = time.monotonic()
    result = ex.evaluate(namespace[name])
    assert result.outcome == "incorrect" and "was stopped" in result.message, result.message
    assert time.monotonic() - start < 40
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert torch.is_grad_enabled()  # torch.no_grad's own clean-up ran on the way out


def test_the_pull_request_headings_do_not_backtrack():
    start = time.perf_counter()
    assert _headings("## Notes" + " " * 2500 + "x") == set()
    assert _headings("#" * 3 + " " * 5000 + "\t" * 5000) == set()
    assert time.perf_counter() - start < 0.1
    assert _headings("## What\n## Why ##\n  ###   How to test   ###\n#Summary") == {"what", "why", "test"}
