"""Spaced repetition with Leitner boxes: what to review, and when, from your quiz answers.

Every question is a card. A new card starts in box 1. A correct answer moves it up one box (at
most the top box), a wrong answer sends it back to box 1, and a card in box `n` comes back
`INTERVALS[n]` days after its last answer. Hard questions come back often, known ones rarely.
Nothing here reads the clock: you pass the date (`as_of`), so a schedule is reproducible.

Answers come from the event log (practice questions are recorded as
`pathway.log(<item>, "quiz", question=..., correct=..., area=...)`) or from explicit data:
a list of `(question, date, correct)` tuples, a list of dicts, or a DataFrame with those columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..summary import FIRST_BOX, INTERVALS, next_box

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FIRST_BOX", "INTERVALS", "next_box", "as_date", "answers", "schedule", "due"]

COLUMNS = ["question", "area", "box", "answers", "correct_answers", "last_answer", "next_review", "due"]


def as_date(value: Any) -> dt.date:
    """A date from a date, a datetime, a pandas Timestamp or an ISO string (UTC times -> UTC date)."""
    if isinstance(value, dt.datetime):  # pandas Timestamps are datetimes too
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc)
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        return as_date(dt.datetime.fromisoformat(text)) if "T" in text or " " in text else (
            dt.date.fromisoformat(text)
        )
    raise TypeError(f"expected a date, got {type(value).__name__}: {value!r}")


def answers(results: Any = None) -> pd.DataFrame:
    """Quiz answers as a DataFrame (question, date, correct, area), oldest first.

    `results` is a DataFrame, a list of `(question, date, correct)` tuples or of dicts; `None`
    reads every `quiz` event from the progress log (its time, in UTC, gives the date).
    """
    import pandas as pd

    if results is None:
        results = _from_log()
    if isinstance(results, pd.DataFrame):
        records = results.to_dict("records")
    else:
        records = [
            r if isinstance(r, Mapping) else dict(zip(("question", "date", "correct"), r))
            for r in results
        ]
    rows = []
    for position, record in enumerate(records):
        missing = [k for k in ("question", "date", "correct") if k not in record]
        if missing:
            raise ValueError(f"answer {position} has no {', '.join(missing)}")
        correct = record["correct"]
        if isinstance(correct, str):
            correct = {"true": True, "false": False}.get(correct.strip().lower(), correct)
        if not isinstance(correct, bool) and correct not in (0, 1):
            raise ValueError(f"answer {position}: correct should be True or False, got {correct!r}")
        area = record.get("area")
        rows.append({
            "question": str(record["question"]), "date": as_date(record["date"]),
            "correct": bool(correct), "area": None if area is None or pd.isna(area) else str(area),
            "order": position,
        })
    frame = pd.DataFrame(rows, columns=["question", "date", "correct", "area", "order"])
    frame = frame.sort_values(["date", "order"], kind="mergesort").drop(columns="order")
    return frame.reset_index(drop=True)


def _from_log() -> list[dict[str, Any]]:
    from ..api import logged

    rows = []
    for event in logged(action="quiz"):
        detail = dict(event.detail or {})
        if "question" in detail and "correct" in detail:
            rows.append({"question": detail["question"], "date": event.time,
                         "correct": detail["correct"], "area": detail.get("area")})
    return rows


def schedule(results: Any, as_of: dt.date | str, intervals: Mapping[int, int] = INTERVALS) -> pd.DataFrame:
    """Every card's box and next review date as of a date, answers after `as_of` ignored.

    One row per question (sorted by next review, then question): its area (if known), box,
    number of answers and of correct ones, the last answer's date, the next review date and
    whether it is `due` (next review on or before `as_of`). `results=None` reads the log.
    """
    import pandas as pd

    day = as_date(as_of)
    boxes = sorted(intervals)
    if boxes != list(range(FIRST_BOX, len(boxes) + 1)):
        raise ValueError("intervals must be keyed by the boxes 1, 2, ..., n")
    cards: dict[str, dict[str, Any]] = {}
    for row in answers(results).itertuples(index=False):
        if row.date > day:
            continue
        card = cards.setdefault(row.question, {
            "question": row.question, "area": None, "box": FIRST_BOX, "answers": 0,
            "correct_answers": 0,
        })
        card["box"] = next_box(card["box"], row.correct, top=boxes[-1])
        card["answers"] += 1
        card["correct_answers"] += int(row.correct)
        card["last_answer"] = row.date
        card["area"] = row.area or card["area"]
    for card in cards.values():
        card["next_review"] = card["last_answer"] + dt.timedelta(days=intervals[card["box"]])
        card["due"] = card["next_review"] <= day
    frame = pd.DataFrame(list(cards.values()), columns=COLUMNS)
    if frame.empty:
        return frame
    return frame.sort_values(["next_review", "question"], kind="mergesort").reset_index(drop=True)


def due(as_of: dt.date | str, results: Any = None) -> list[str]:
    """The questions to review on `as_of` (overdue ones first); `results=None` reads the log."""
    table = schedule(results, as_of)
    if table.empty:
        return []
    return table.loc[table["due"], "question"].tolist()


SAMPLE_DAY = dt.date(2025, 3, 10)
"""The day after the last answer in `data/p7_practice_answers.csv` (answers span 1-9 March 2025)."""


def sample(as_of: dt.date | str) -> pd.DataFrame:
    """The sample practice log of notebook 07, moved so that its nine days end the day before `as_of`.

    Every date moves by the same number of days, so boxes and reviews come out as on the original
    days; the notebook passes `clock.today()`, so the sample reads as last week's practice.
    """
    import pandas as pd

    from . import datasets

    quiz = datasets.load("p7_practice_answers")
    shift = pd.Timestamp(as_date(as_of)) - pd.Timestamp(SAMPLE_DAY)
    return quiz.assign(date=(pd.to_datetime(quiz["date"]) + shift).dt.strftime("%Y-%m-%d"))
