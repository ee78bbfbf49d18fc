"""Pacing a timed exam: a time budget per question, checkpoints to glance at, practice attempts.

Keep some minutes in reserve for reviewing flagged questions, share the rest evenly, and
know in advance where you should be at each checkpoint ("question 20 by minute 36"): then one
look at the clock tells you whether to speed up. Practice attempts go to the event log as
`practice_exam` activities on the exam-preparation milestone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

ITEM = "p7.milestone.exam_preparation"


def per_question(n_questions: int, minutes: float, review_minutes: float = 0) -> float:
    """Minutes for each question once `review_minutes` are set aside."""
    if n_questions <= 0:
        raise ValueError("an exam needs at least one question")
    if not 0 <= review_minutes < minutes:
        raise ValueError("review time must be at least 0 and less than the time limit")
    return (minutes - review_minutes) / n_questions


def checkpoints(
    n_questions: int, minutes: float, review_minutes: float = 0, every: int = 10
) -> list[tuple[int, float]]:
    """(question, minute by which it should be answered) every `every` questions and at the end."""
    if every <= 0:
        raise ValueError("every must be a positive number of questions")
    pace = per_question(n_questions, minutes, review_minutes)
    marks = list(range(every, n_questions + 1, every))
    if not marks or marks[-1] != n_questions:
        marks.append(n_questions)
    return [(q, q * pace) for q in marks]


def pace_report(
    elapsed: dict[int, float], n_questions: int, minutes: float, review_minutes: float = 0
) -> pd.DataFrame:
    """Compare a practice run with the plan: at each question reached, planned and actual minutes.

    `elapsed` maps a question number to the minute at which you finished it (read off a
    stopwatch). `ahead` is positive when you are ahead of the plan.
    """
    import pandas as pd

    pace = per_question(n_questions, minutes, review_minutes)
    rows = []
    for question, actual in sorted(elapsed.items()):
        if not 1 <= question <= n_questions:
            raise ValueError(f"question {question} is outside 1..{n_questions}")
        planned = question * pace
        rows.append({"question": question, "planned_minute": planned, "actual_minute": float(actual),
                     "ahead": planned - float(actual)})
    return pd.DataFrame(rows, columns=["question", "planned_minute", "actual_minute", "ahead"])


def record_attempt(
    score: float, minutes: float, *, questions: int | None = None, exam: str | None = None,
    item: str = ITEM,
) -> Any:
    """Log a practice exam: `score` as a fraction (0 to 1) and the minutes it took."""
    from ..api import log

    if not 0 <= score <= 1:
        raise ValueError("score is a fraction between 0 and 1 (e.g. 0.82 for 82%)")
    if minutes <= 0:
        raise ValueError("minutes must be positive")
    fields: dict[str, Any] = {"score": float(score), "minutes": float(minutes)}
    if questions is not None:
        fields["questions"] = int(questions)
    if exam is not None:
        fields["exam"] = str(exam)
    return log(item, "practice_exam", **fields)


def attempts(item: str = ITEM) -> pd.DataFrame:
    """Every logged practice exam, oldest first: time, score, minutes, questions, exam."""
    import pandas as pd

    from ..api import logged

    fields = ("score", "minutes", "questions", "exam")
    rows = [{"time": e.time, **{k: (e.detail or {}).get(k) for k in fields}}
            for e in logged(item, "practice_exam")]
    return pd.DataFrame(rows, columns=["time", *fields])
