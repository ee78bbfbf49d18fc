"""Practice questions for certification exams, and a quiz that records every answer.

The questions live in a data file (`data/p5_practice_questions.toml`, described in
`data/README.md`): each has an id, an area, the roadmap certification it prepares for, lettered
options, the correct letter, an explanation and, for wrong options, why they are wrong.

    quiz = draw(area="itil", n=4, seed=1)   # a reproducible set of questions; show it in a cell
    quiz.grade(["b", "a", ____, "c"])       # your letters, in order; blanks are skipped

Each graded answer is recorded in the one event log, in exactly this format (the spaced-repetition
review of notebook 07 reads these "quiz" events; keep the shape stable):

    pathway.log(<cert item id>, "quiz", question=<question id>, correct=<bool>, area=<area id>)

`results()` and `summary()` read them back. Unanswered (blank) questions are not recorded.
"""

from __future__ import annotations

import html
import random
import string
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PathwayError
from ..exercises.engine import is_blank

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

if TYPE_CHECKING:
    import pandas as pd

    from ..progress import Event

ACTION = "quiz"
BANK_FILE = "p5_practice_questions.toml"
FORMAT = "mle-pathway/questions"


class QuestionBankError(PathwayError):
    """A question bank that cannot be used: names the file, the question and the field."""


@dataclass(frozen=True)
class Question:
    id: str
    area: str
    cert: str
    text: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    why: Mapping[str, str] = field(default_factory=dict)

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(string.ascii_lowercase[: len(self.options)])

    def option(self, letter: str) -> str:
        return self.options[self.letters.index(letter)]

    def as_text(self, number: int | None = None) -> str:
        head = f"{number}. " if number is not None else ""
        lines = [f"{head}{self.text}  [{self.id}]"]
        lines += [f"   {letter}) {opt}" for letter, opt in zip(self.letters, self.options)]
        return "\n".join(lines)

    def as_html(self, number: int | None = None) -> str:
        head = f"<b>{number}.</b> " if number is not None else ""
        items = "".join(
            f"<li><b>{letter})</b> {html.escape(opt)}</li>" for letter, opt in zip(self.letters, self.options)
        )
        return (
            f"<div style='margin:6px 0'>{head}{html.escape(self.text)} "
            f"<code style='color:#78909c'>{self.id}</code>"
            f"<ul style='list-style:none;margin:2px 0'>{items}</ul></div>"
        )

    def _repr_html_(self) -> str:
        return self.as_html()

    def __repr__(self) -> str:
        return self.as_text()


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    certs: tuple[str, ...]


@dataclass(frozen=True)
class Bank:
    areas: tuple[Area, ...]
    questions: tuple[Question, ...]
    source: Path | None = None

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        import difflib

        close = difflib.get_close_matches(str(question_id), [q.id for q in self.questions], n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise QuestionBankError(f"no question {question_id!r} in the bank.{hint}")

    def area(self, area_id: str) -> Area:
        for a in self.areas:
            if a.id == area_id:
                return a
        known = ", ".join(a.id for a in self.areas)
        raise QuestionBankError(f"no area {area_id!r}; the areas are {known}")

    def select(self, area: str | None = None, cert: str | None = None) -> tuple[Question, ...]:
        """The questions of one area and/or certification, in file order."""
        if area is not None:
            self.area(area)
        chosen = tuple(
            q for q in self.questions
            if (area is None or q.area == area) and (cert is None or q.cert == cert)
        )
        if not chosen:
            raise QuestionBankError(f"no questions for area={area!r}, cert={cert!r}")
        return chosen


# ------------------------------------------------------------------ loading


def load_bank(path: str | Path | None = None) -> Bank:
    """Load and validate a question bank (the shipped one by default)."""
    if path is None:
        return _shipped()
    return _parse(Path(path))


@cache
def _shipped() -> Bank:
    from ..paths import data_file

    return _parse(data_file(BANK_FILE))


def _parse(source: Path) -> Bank:
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise QuestionBankError(f"{source}: question bank not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise QuestionBankError(f"{source}: not valid TOML: {exc}") from None
    return parse_bank(data, source)


def parse_bank(data: Mapping[str, Any], source: Path | str = "<questions>") -> Bank:
    """Build a Bank from parsed TOML; raises QuestionBankError naming the entry and the field."""

    def fail(where: str, problem: str) -> None:
        raise QuestionBankError(f"{source}: {where}: {problem}")

    def text(entry: Mapping[str, Any], key: str, where: str) -> str:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            fail(where, f"field {key!r} must be non-empty text")
        return " ".join(value.split())

    if data.get("format") != FORMAT:
        fail("the top level", f"format is {data.get('format')!r}, expected {FORMAT!r}")
    areas = []
    for n, entry in enumerate(data.get("areas") or [], 1):
        where = f"areas entry {n}"
        certs = entry.get("certs")
        if not isinstance(certs, list) or not certs or not all(isinstance(c, str) for c in certs):
            fail(where, "certs must be a non-empty list of roadmap item ids")
        areas.append(Area(text(entry, "id", where), text(entry, "title", where), tuple(certs)))
    if not areas:
        fail("the top level", "expected one or more [[areas]] tables")
    area_ids = {a.id for a in areas}
    questions, seen = [], set()
    for n, entry in enumerate(data.get("questions") or [], 1):
        where = f"questions entry {n} ({entry.get('id', 'no id')})"
        qid = text(entry, "id", where)
        if qid in seen:
            fail(where, "duplicate id")
        seen.add(qid)
        area = text(entry, "area", where)
        if area not in area_ids:
            fail(where, f"unknown area {area!r}; the areas are {', '.join(sorted(area_ids))}")
        options = entry.get("options")
        if (not isinstance(options, list) or not 3 <= len(options) <= 6
                or not all(isinstance(o, str) and o.strip() for o in options)):
            fail(where, "options must be a list of 3 to 6 texts")
        if len(set(options)) != len(options):
            fail(where, "two options are identical")
        letters = string.ascii_lowercase[: len(options)]
        answer = text(entry, "answer", where).lower()
        if answer not in letters:
            fail(where, f"answer {answer!r} must be one of the option letters {', '.join(letters)}")
        why = entry.get("why", {})
        if not isinstance(why, dict) or not all(k in letters and k != answer for k in why):
            fail(where, "why must map wrong option letters to explanations")
        questions.append(Question(
            id=qid, area=area, cert=text(entry, "cert", where), text=text(entry, "question", where),
            options=tuple(" ".join(o.split()) for o in options), answer=answer,
            explanation=text(entry, "explanation", where),
            why={k: " ".join(str(v).split()) for k, v in why.items()},
        ))
    if not questions:
        fail("the top level", "expected one or more [[questions]] tables")
    return Bank(tuple(areas), tuple(questions), Path(source))


# ------------------------------------------------------------------ answering


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: correct, incorrect or unanswered, with the explanation."""

    question: Question
    choice: str | None
    correct: bool | None  # None: not answered (nothing recorded)
    message: str

    @property
    def outcome(self) -> str:
        return {True: "correct", False: "incorrect", None: "incomplete"}[self.correct]

    def __repr__(self) -> str:
        return f"[{self.outcome}] {self.question.id}: {self.message}"

    def _repr_html_(self) -> str:
        from .. import display

        return display.banner(self.outcome, self.message, label=self.question.id)


def check_answer(question: Question, choice: Any) -> Feedback:
    """Judge one answer without recording it: a letter (case and spaces ignored)."""
    if is_blank(choice):
        return Feedback(question, None, None, "not answered yet: write the letter of your choice")
    letter = choice.strip().lower().rstrip(")") if isinstance(choice, str) else None
    if letter not in question.letters:
        return Feedback(
            question, None, None,
            f"{choice!r} is not an option: answer with one letter, {', '.join(question.letters)}",
        )
    if letter == question.answer:
        return Feedback(question, letter, True, question.explanation)
    reason = question.why.get(letter, "")
    right = f"The answer is {question.answer}) {question.option(question.answer)}."
    return Feedback(question, letter, False, " ".join(p for p in (reason, right, question.explanation) if p))


def record(feedback: Feedback) -> Event | None:
    """Write one answered question to the event log (blank or invalid answers are not written)."""
    if feedback.correct is None:
        return None
    from ..api import log

    q = feedback.question
    return log(q.cert, ACTION, question=q.id, correct=bool(feedback.correct), area=q.area)


def answer(question_id: str, choice: Any, *, bank: Bank | None = None) -> Feedback:
    """Answer one question by id, record it, and get the verdict with its explanation."""
    feedback = check_answer((bank or load_bank()).question(question_id), choice)
    record(feedback)
    return feedback


@dataclass(frozen=True)
class QuizResult:
    """The graded quiz: one Feedback per question, in quiz order."""

    feedback: tuple[Feedback, ...]

    @property
    def answered(self) -> int:
        return sum(f.correct is not None for f in self.feedback)

    @property
    def score(self) -> int:
        return sum(f.correct is True for f in self.feedback)

    @property
    def frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame(
            [{"question": f.question.id, "area": f.question.area, "cert": f.question.cert,
              "choice": f.choice, "outcome": f.outcome} for f in self.feedback],
            columns=["question", "area", "cert", "choice", "outcome"],
        )

    def _headline(self) -> str:
        total = len(self.feedback)
        skipped = total - self.answered
        if not self.answered:
            return f"no answers yet: replace each ____ with a letter ({total} questions)"
        text = f"{self.score} of {self.answered} answered correctly"
        if skipped:
            text += f"; {skipped} of {total} not answered (not recorded)"
        return text

    def __repr__(self) -> str:
        return "\n".join([f"Quiz: {self._headline()}", *(f"  {f!r}" for f in self.feedback)])

    def _repr_html_(self) -> str:
        from .. import display

        body = "".join(
            display.banner(f.outcome, f.message, label=f"{n}. {f.question.id}")
            for n, f in enumerate(self.feedback, 1)
        )
        return f"<p><b>Quiz: {html.escape(self._headline())}</b></p>{body}"


@dataclass(frozen=True)
class Quiz:
    """A fixed set of questions. Show it, answer in a list of letters, then `grade(...)`."""

    questions: tuple[Question, ...]

    def grade(self, answers: Sequence[Any] | Mapping[str, Any]) -> QuizResult:
        """Judge and record your answers: a list of letters in quiz order, or {question id: letter}."""
        if isinstance(answers, Mapping):
            unknown = set(answers) - {q.id for q in self.questions}
            if unknown:
                raise QuestionBankError(f"not in this quiz: {', '.join(sorted(map(str, unknown)))}")
            choices = [answers.get(q.id) for q in self.questions]
        elif isinstance(answers, (list, tuple)):
            if len(answers) != len(self.questions):
                raise QuestionBankError(
                    f"{len(answers)} answers for {len(self.questions)} questions: give one letter per "
                    "question, with ____ for those you skip"
                )
            choices = list(answers)
        else:
            raise QuestionBankError("answers should be a list of letters, one per question")
        feedback = tuple(check_answer(q, c) for q, c in zip(self.questions, choices))
        for f in feedback:
            record(f)
        return QuizResult(feedback)

    def __len__(self) -> int:
        return len(self.questions)

    def __repr__(self) -> str:
        return "\n\n".join(q.as_text(n) for n, q in enumerate(self.questions, 1))

    def _repr_html_(self) -> str:
        return "".join(q.as_html(n) for n, q in enumerate(self.questions, 1))


def draw(area: str | None = None, n: int = 5, *, seed: int = 0, cert: str | None = None,
         bank: Bank | None = None) -> Quiz:
    """A reproducible quiz: `n` questions of an area (or certification), chosen with `seed`."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise QuestionBankError(f"n is {n!r}: ask for at least 1 question")
    pool = list((bank or load_bank()).select(area, cert))
    chosen = random.Random(seed).sample(pool, min(n, len(pool)))
    return Quiz(tuple(chosen))


def for_retired_exams(bank: Bank | None = None, roadmap: Any = None) -> dict[str, str]:
    """Questions (id -> cert) recorded against an exam that has retired by today, per the roadmap.

    Should be empty: when an exam retires, its questions are re-tagged to the current exam they
    still prepare for (the roadmap names its successors), or removed with it.
    """
    from .. import clock, facts
    from ..api import load_roadmap

    roadmap = roadmap or load_roadmap()
    today = clock.today()
    by_id = {i.id: i for i in roadmap.items}
    return {
        q.id: q.cert for q in (bank or load_bank()).questions
        if q.cert in by_id and facts.is_retired(by_id[q.cert], today)
    }


# ------------------------------------------------------------------ reading results back


def results(area: str | None = None) -> pd.DataFrame:
    """Every recorded quiz answer, oldest first: time, cert, question, area, correct."""
    import pandas as pd

    from ..api import logged

    rows = [
        {"time": e.time, "cert": e.item, "question": (e.detail or {}).get("question"),
         "area": (e.detail or {}).get("area"), "correct": bool((e.detail or {}).get("correct"))}
        for e in logged(action=ACTION)
    ]
    frame = pd.DataFrame(rows, columns=["time", "cert", "question", "area", "correct"])
    if area is not None:
        frame = frame[frame["area"] == area].reset_index(drop=True)
    return frame


def summary() -> pd.DataFrame:
    """Per area: answers recorded, how many correct, percent correct and the last time answered."""
    import pandas as pd

    bank = load_bank()
    done = results()
    rows = []
    for a in bank.areas:
        mine = done[done["area"] == a.id]
        answered = len(mine)
        correct = int(mine["correct"].sum()) if answered else 0
        rows.append({
            "area": a.id, "title": a.title,
            "questions": sum(q.area == a.id for q in bank.questions),
            "answered": answered, "correct": correct,
            "percent": round(100 * correct / answered, 1) if answered else float("nan"),
            "last": mine["time"].iloc[-1] if answered else None,
        })
    return pd.DataFrame(rows).set_index("area")
