"""The engine: outcomes, recording, hints and solutions, done stays done."""

from __future__ import annotations

from pathway import exercises
from pathway.exercises.engine import BLANK, CheckResult
from pathway.progress import ProgressStore

SQUARES = [n * n for n in range(1, 16, 2)]


def latest(item):
    return ProgressStore().events(item)[-1]


def test_check_records_outcome_and_help(home):
    ex = exercises.get("p0.warmup.squares")
    ex._hints_shown = 0
    assert ex.check(BLANK).outcome == "incomplete"
    assert latest(ex.id).status == "todo"
    wrong = ex.check([1, 2, 3])
    assert wrong.outcome == "incorrect" and "too few" in wrong.message
    assert latest(ex.id).status == "in_progress"
    ex.hint()
    right = ex.check(SQUARES)
    assert right.correct and bool(right)
    event = latest(ex.id)
    assert event.status == "done" and event.source == "check"
    assert event.detail["hints_seen"] == 1 and event.detail["solution_seen"] is False
    assert event.detail["attempt"] == 3


def test_done_stays_done_after_a_failed_attempt(home):
    ex = exercises.get("p0.warmup.squares")
    ex.check(SQUARES)
    again = ex.check("oops")
    assert again.outcome == "incorrect"
    event = latest(ex.id)
    assert event.status == "done" and event.detail["outcome"] == "incorrect"


def test_solution_viewed_is_recorded_and_shown(home):
    ex = exercises.get("p0.warmup.squares")
    shown = ex.solution()
    assert ex.solution_code in repr(shown) and "<pre" in shown._repr_html_()
    ex.check(SQUARES)
    assert latest(ex.id).detail["solution_seen"] is True


def test_hints_advance_and_stop_at_the_last(home):
    ex = exercises.get("p0.warmup.squares")
    ex._hints_shown = 0
    texts = [repr(ex.hint()) for _ in range(len(ex.hints) + 1)]
    assert texts[0].startswith("Hint 1 of") and texts[-1].startswith(f"Hint {len(ex.hints)} of")
    assert "choose a hint" in repr(ex.hint(99))


def test_wrong_types_get_a_specific_message(home):
    ex = exercises.get("p0.warmup.squares")
    assert "expected a list" in ex.evaluate((1, 9)).message
    assert "got a set" in ex.evaluate({1, 9}).message


def test_objects_that_raise_are_reported_not_raised(home):
    class Hostile(list):
        def __iter__(self):
            raise RuntimeError("boom")

        def __len__(self):
            raise RuntimeError("boom")

    result = exercises.get("p0.warmup.squares").check(Hostile())
    assert result.outcome == "incorrect" and "boom" in result.message


def test_result_renders_as_banner_and_text():
    result = CheckResult("incorrect", "the mean is off by `0.8`")
    assert "<code>0.8</code>" in result._repr_html_()
    assert repr(result).startswith("❌ Not yet: the mean")


def test_a_broken_store_does_not_break_the_check(home):
    home.mkdir(parents=True)
    (home / "progress.db").write_bytes(b"this is not sqlite" * 100)
    result = exercises.get("p0.warmup.squares").check(SQUARES)
    assert result.correct and "not saved" in result.note
    assert (home / "progress.db").read_bytes().startswith(b"this is not sqlite")
