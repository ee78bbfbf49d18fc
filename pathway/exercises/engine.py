"""An exercise: a prompt, a check, ordered hints and a reference solution, recorded as it is used.

A check function states what it expects through the helpers in `pathway.exercises.checks`, which raise
`Incorrect` (with the reason) or `Incomplete`. `Exercise.check` turns those, and anything else a
learner's answer may trigger, into a `CheckResult`: it never raises on learner input.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .. import display
from .timebound import Bound, OutOfTime


class _Blank:
    """The placeholder `____` in answer cells: an answer that is not written yet."""

    _instance: _Blank | None = None

    def __new__(cls) -> _Blank:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False


____ = _Blank()
BLANK = ____


class Incorrect(Exception):
    """Raised by a check: the answer is wrong, and the message says why (without the answer).

    `details` (a traceback, a server's log) is kept out of the one-line message, in a fold.
    """

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class Incomplete(Exception):
    """Raised by a check: part of the answer is still the blank `____`."""

    def __init__(self, message: str = "replace `____` with your answer, then run the cell again") -> None:
        super().__init__(message)
        self.message = message


class Skipped(Exception):
    """Raised by a check that cannot judge here (a toolchain is missing): neither right nor wrong.

    The message says what is missing and how to install it; the exercise is recorded `skipped`.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


NONE_MESSAGE = (
    "your answer is None, the value of a call that returns nothing: `df.to_csv(path)`, "
    "`list.sort()`, `print(...)`, a method called with `inplace=True`, or a function without "
    "`return`. Keep the value itself (or the result of a call that returns one), then run the "
    "cell again"
)


def blank_message(answer: Any) -> str:
    """What an unfinished answer is told: `None` (a call that returned nothing) is not the blank."""
    if answer is None:
        return NONE_MESSAGE
    return "replace `____` with your answer, then run the cell again"


def incomplete(answer: Any) -> Incomplete:
    """The `Incomplete` for an answer that `is_blank`, with the message that fits it."""
    return Incomplete(blank_message(answer))


def is_blank(answer: Any) -> bool:
    """The blank itself, `None`, or a list, tuple, set or dict still holding the blank (nested too)."""
    return answer is None or _holds_blank(answer, depth=0)


def _holds_blank(value: Any, depth: int) -> bool:
    if value is BLANK:
        return True
    if depth > 4:
        return False
    if type(value) in (list, tuple, set, frozenset):
        return any(_holds_blank(v, depth + 1) for v in value)
    if type(value) is dict:
        return any(k is BLANK or _holds_blank(v, depth + 1) for k, v in value.items())
    return False


MAX_MESSAGE = 1000  # characters of a result's message or note: enough to act on, never a flood
MAX_DETAILS = 4000  # characters of a folded traceback or log: its end, where the error is
CHECK_SECONDS = 120.0  # a check (with the learner's code it runs) is stopped after this long
"""Read when each check starts, so a test may lower it; the bound holds whatever the code catches."""


def _cap(text: Any) -> str:
    text = text if isinstance(text, str) else _safe_str(text)
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 15] + " … (cut short)"


def _safe_str(value: Any) -> str:
    """`str(value)`, or '' when the learner's object cannot even say what it is."""
    try:
        text = str(value)
    except BaseException:  # noqa: BLE001 - a broken __str__ must not break the check
        return ""
    return text if isinstance(text, str) else ""


@contextmanager
def _ctrl_c_noted() -> Iterator[list[str]]:
    """Around a check: a real Ctrl-C is noted, so that it propagates instead of becoming a result.

    Signals can only be handled in the main thread; elsewhere the check runs without this.
    """
    seen: list[str] = []
    previous_int = signal.getsignal(signal.SIGINT)
    wrap_int = threading.current_thread() is threading.main_thread() and callable(previous_int)

    def on_ctrl_c(signum: int, frame: Any) -> None:
        seen.append("ctrl-c")
        previous_int(signum, frame)  # usually raises KeyboardInterrupt

    if wrap_int:
        signal.signal(signal.SIGINT, on_ctrl_c)
    try:
        yield seen
    finally:
        if wrap_int:
            signal.signal(signal.SIGINT, previous_int)


@dataclass
class CheckResult:
    outcome: str
    message: str
    exercise_id: str = ""
    note: str = ""
    details: str = ""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "details":
            value = value if isinstance(value, str) else _safe_str(value)
            value = value if len(value) <= MAX_DETAILS else "… " + value[-MAX_DETAILS:]
        super().__setattr__(name, _cap(value) if name in ("message", "note") else value)

    @property
    def correct(self) -> bool:
        return self.outcome == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def _text(self) -> str:
        return self.message + (f" ({self.note})" if self.note else "")

    def __repr__(self) -> str:
        return display.plain(self.outcome, self._text(), details=self.details)

    def _repr_html_(self) -> str:
        return display.banner(self.outcome, self._text(), details=self.details)


@dataclass
class Shown:
    """A hint or a solution, displayed as a banner (and as text outside Jupyter)."""

    kind: str
    label: str
    message: str
    code: str | None = None

    def __repr__(self) -> str:
        text = display.plain(self.kind, self.message, label=self.label)
        return text + (f"\n\n{self.code}" if self.code else "")

    def _repr_html_(self) -> str:
        return display.banner(self.kind, self.message, label=self.label, code=self.code)


@dataclass
class Exercise:
    """One exercise. Build it with the `exercise` decorator in a phase module."""

    id: str
    title: str
    prompt: str
    hints: tuple[str, ...]
    solution_code: str
    answer: str
    assess: Callable[[Any], str | None]
    setup: str = ""
    wrong: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()  # toolchains it runs (`labs.toolchains` keys): skipped without them
    _hints_shown: int = field(default=0, repr=False)

    @property
    def phase(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def name(self) -> str:
        """The short name a notebook uses: `ex.<name>`."""
        return self.id.rsplit(".", 1)[-1]

    # ------------------------------------------------------------------ checking
    def check(self, answer: Any) -> CheckResult:
        """Check an answer and record the attempt. Never raises on learner input."""
        result = self.evaluate(answer)
        from . import recording

        result.note = recording.record_check(self, result)
        if result.correct:
            result.message = result.message.rstrip() + (
                f" Compare with one way to write it: `ex.{self.name}.solution()`."
            )
        return result

    def evaluate(self, answer: Any) -> CheckResult:
        """Check without recording (tests and property checks use this).

        Never raises and never runs longer than CHECK_SECONDS: whatever the learner's code raises,
        `SystemExit` and `KeyboardInterrupt` included, becomes a result, except a real Ctrl-C,
        which stops the check and reaches the notebook as Ctrl-C does.
        """
        details = ""
        with _ctrl_c_noted() as seen, Bound(CHECK_SECONDS) as bound:
            try:
                if is_blank(answer):
                    raise incomplete(answer)
                praise = bound.call(self.assess, answer)
                outcome, message = "correct", _safe_str(praise) if praise else "well done."
            except Incomplete as exc:
                outcome, message = "incomplete", exc.message
            except Incorrect as exc:
                outcome, message, details = "incorrect", exc.message, exc.details
            except Skipped as exc:
                outcome, message = "skipped", exc.message
            except RecursionError:
                outcome, message = "incorrect", "your answer recursed too deeply to be checked"
            except OutOfTime:
                outcome = "incorrect"
                message = (f"checking your answer took over {CHECK_SECONDS:g} s and was stopped: "
                           "look for a loop that never ends")
            except SystemExit as exc:
                outcome = "incorrect"
                message = (f"your code called exit() (SystemExit {_safe_str(exc.code)[:100]}) while "
                           "being checked: an answer should return a value, not end the program")
            except KeyboardInterrupt:
                if "ctrl-c" in seen:
                    raise
                outcome = "incorrect"
                message = "your answer raised KeyboardInterrupt while being checked; it should not"
            except BaseException as exc:  # a learner's object misbehaving inside our comparison
                said = _safe_str(exc)[:200]
                outcome = "incorrect"
                message = (
                    f"your answer could not be checked: it raised {type(exc).__name__}"
                    f"{': ' + said if said else ''}. Look at its type and contents."
                )
        return CheckResult(outcome, message, self.id, details=details)

    # ------------------------------------------------------------------ help
    def hint(self, n: int | None = None) -> Shown:
        """The next hint (or hint `n`, from 1); hints go from a nudge to nearly the answer."""
        if n is None:
            n = min(self._hints_shown + 1, len(self.hints))
        if not isinstance(n, int) or not 1 <= n <= len(self.hints):
            return Shown("hint", "Hint", f"choose a hint from 1 to {len(self.hints)}")
        self._hints_shown = max(self._hints_shown, n)
        from . import recording

        note = recording.record_help(self, "hint", n)
        more = " Run `.hint()` again for the next one." if n < len(self.hints) else ""
        return Shown("hint", f"Hint {n} of {len(self.hints)}", self.hints[n - 1] + more + note)

    def solution(self) -> Shown:
        """The reference solution (viewing it is recorded, so your record stays honest).

        After a correct answer it is a comparison, recorded as `compare`, not as help.
        """
        from . import recording

        compare = recording.solved_before(self)
        note = recording.record_help(self, "compare" if compare else "solution")
        if compare:
            message = ("one way to write it, to compare with yours: yours passed, so it is "
                       "recorded as a comparison, not as the solution viewed.")
        else:
            message = "one way to write it. Type it yourself rather than pasting: it sticks better."
        return Shown("solution", "Solution", message + note, code=self.solution_code)

    def _repr_html_(self) -> str:
        return display.banner("info", self.prompt, label=self.title)

    def __repr__(self) -> str:
        return f"<exercise {self.id}: {self.title}>"


def exercise(
    id: str,
    *,
    title: str,
    prompt: str,
    answer: str,
    solution: str,
    hints: Sequence[str],
    wrong: Sequence[str],
    right: Sequence[str] = (),
    setup: str = "",
    needs: Sequence[str] = (),
) -> Callable[[Callable[[Any], str | None]], Exercise]:
    """Declare an exercise around its check function and register it.

    `setup` is the code of the notebook cells it depends on, `solution` the reference answer
    cell, `answer` the variable that cell defines, `wrong` plausible wrong answer cells and `right`
    valid alternative answer cells, each different in approach from the reference: the tests run
    them all to prove the solution and every alternative pass and each wrong answer fails. `needs`
    names the toolchains (`labs.toolchains` keys: 'r', 'java', 'cpp') the check runs the answer
    with; without one the check says how to install it and records the exercise `skipped`.
    """

    def wrap(assess: Callable[[Any], str | None]) -> Exercise:
        from . import registry

        ex = Exercise(
            id=id, title=title, prompt=prompt, hints=tuple(hints),
            solution_code=solution.strip(), answer=answer, assess=assess,
            setup=setup.strip(), wrong=tuple(w.strip() for w in wrong),
            right=tuple(r.strip() for r in right), needs=tuple(needs),
        )
        registry.register(ex)
        return ex

    return wrap
