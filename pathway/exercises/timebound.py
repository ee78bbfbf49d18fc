"""A time bound on learner code that holds whatever that code catches, and that nests.

A one-shot alarm is not enough: a learner's bare `except:` around a loop swallows the exception it
raises and goes on forever. So after the deadline the alarm repeats every REPEAT_S and raises again,
and a line tracer raises once more at the first line from which the exception can only leave the
running function, or the handler that caught it, so the learner's handlers and frames are left one
after the other until the bounded call returns. Only the first stop lands wherever the code
is; the later ones land only in the learner's own code (not in a library or in this package), so
the clean-up of a library on the way out (torch's `no_grad`, a `finally`) still runs.

Bounds nest: an inner bound (an exercise's own limit) is armed for the earlier of the two
deadlines and gives the outer one back its remaining time when it ends.

Signals reach only the main thread (POSIX `SIGALRM`); elsewhere code runs without a bound.
"""

from __future__ import annotations

import dis
import functools
import os
import signal
import sys
import sysconfig
import threading
import time
from collections.abc import Callable
from types import CodeType, FrameType, TracebackType
from typing import Any, TypeVar

REPEAT_S = 0.05  # after the deadline, the alarm raises again this often until the bounded code is left

T = TypeVar("T")


class OutOfTime(BaseException):
    """Raised in code that ran past its bound; not an Exception, so `except Exception` lets it pass."""

    def __init__(self, bound: Bound) -> None:
        super().__init__(f"ran past its bound of {bound.seconds:g} s")
        self.bound = bound


class Bound:
    """`with Bound(seconds):` bounds the block; `bound.call(fn, ...)` bounds only that call."""

    _stack: list[Bound] = []  # the bounds armed now, outermost first
    _saved_alarm: Any = None  # the SIGALRM handler before the outermost bound
    _saved_tracing: tuple[Any, Any] | None = None  # the tracer and profiler before the overtime tracer

    def __init__(self, seconds: float, error: Callable[[], BaseException] | None = None) -> None:
        self.seconds = float(seconds)
        self.error = error  # what leaves the block instead of OutOfTime when this bound ran out
        self.deadline = 0.0
        self.owner: FrameType | None = None  # frames strictly below this one are bounded (None: all)
        self.running = False
        self.armed = False
        self.fired = False  # the first stop was raised (where the deadline found the code)
        self.block: FrameType | None = None  # the frame running the `with` (left to the stop itself)

    def __enter__(self) -> Bound:
        self.armed = _can_arm()
        if self.armed:
            if not Bound._stack:
                Bound._saved_alarm = signal.signal(signal.SIGALRM, _on_alarm)
            self.deadline = time.monotonic() + self.seconds
            # the block runs in the frame of the `with`, so that frame and all it calls are bounded
            self.block = sys._getframe(1)
            self.owner, self.running = self.block.f_back, True
            Bound._stack.append(self)
            _schedule()
        return self

    def __exit__(self, kind: type | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.running = False
        if self.armed:
            self._disarm()
        if self.error is not None and isinstance(value, OutOfTime) and value.bound is self:
            raise self.error() from None

    def _disarm(self) -> None:
        Bound._stack.remove(self)
        self.owner, self.block, self.armed = None, None, False
        if Bound._stack:
            _schedule()  # the outer bound keeps its own deadline
            if not _expired_bounds():
                _restore_tracing()
            return
        signal.setitimer(signal.ITIMER_REAL, 0)
        _restore_tracing()
        signal.signal(signal.SIGALRM, Bound._saved_alarm)

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(*args)` with only its own frames bounded (not the caller's handling of the result)."""
        owner, self.owner = self.owner, sys._getframe(0)
        try:
            return fn(*args)
        finally:
            self.running = False
            self.owner = owner

    @property
    def expired(self) -> bool:
        return self.armed and time.monotonic() >= self.deadline


def _can_arm() -> bool:
    """Main thread, a POSIX alarm, and either our own bound already armed or no one else's alarm."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return False
    if Bound._stack:
        return True
    return signal.getsignal(signal.SIGALRM) == signal.SIG_DFL and signal.getitimer(signal.ITIMER_REAL)[0] == 0


def _schedule() -> None:
    """Arm the alarm for the earliest deadline, repeating every REPEAT_S after it."""
    left = min(b.deadline for b in Bound._stack) - time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, max(left, 1e-4), REPEAT_S)


def _expired_bounds() -> list[Bound]:
    return [b for b in Bound._stack if b.running and b.expired]


def _bound_over(frame: FrameType | None) -> Bound | None:
    """The outermost expired bound whose bounded frames include `frame`."""
    expired = _expired_bounds()
    if not expired or frame is None:
        return None
    above = set()
    f = frame.f_back
    while f is not None:
        above.add(id(f))
        f = f.f_back
    if frame.f_code.co_filename == __file__:  # never inside the bound's own machinery
        return None
    return next((b for b in expired if b.owner is None or id(b.owner) in above), None)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    bound = _bound_over(frame)
    if bound is None or frame is None:
        return
    _arm_tracing(frame, bound)
    if not bound.fired or _learners(frame.f_code.co_filename):
        bound.fired = True  # after the first stop, only the learner's own code is interrupted, so
        raise OutOfTime(bound)  # library clean-up (torch.no_grad's exit, a finally) still runs


def _arm_tracing(frame: FrameType | None, bound: Bound) -> None:
    if Bound._saved_tracing is None:
        Bound._saved_tracing = (sys.gettrace(), sys.getprofile())
    sys.settrace(_tracer)
    sys.setprofile(_profiler)
    f = frame
    while f is not None and f is not bound.owner:
        f.f_trace = _tracer
        f = f.f_back


def _restore_tracing() -> None:
    if Bound._saved_tracing is not None:
        sys.settrace(Bound._saved_tracing[0])
        sys.setprofile(Bound._saved_tracing[1])
        Bound._saved_tracing = None


def _tracer(frame: FrameType, event: str, arg: Any) -> Any:
    """After a deadline: raise again where that moves the learner's code outwards (see `_moves_out`)."""
    if event == "line" and _learners(frame.f_code.co_filename) and _moves_out(frame.f_code, frame.f_lasti):
        bound = _bound_over(frame)
        if bound is not None and frame is not bound.block:  # (not on the `with` line calling __exit__)
            raise OutOfTime(bound)  # this unsets the tracer; the profiler sets it again
    return _tracer


def _profiler(frame: FrameType, event: str, arg: Any) -> None:
    """Put the tracer back after it raised (a call, a return or a C call, so always soon)."""
    if sys.gettrace() is not _tracer:
        bound = _bound_over(frame)
        if bound is not None:
            _arm_tracing(frame, bound)


_PACKAGE = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))  # pathway/ itself
_LIBRARIES = tuple({os.path.realpath(path) + os.sep for key in ("stdlib", "platstdlib", "purelib", "platlib")
                    if (path := sysconfig.get_paths().get(key))} | {_PACKAGE + os.sep})


@functools.lru_cache(maxsize=512)
def _learners(filename: str) -> bool:
    """Whether code from `filename` is the learner's (a notebook cell, a script), not a library's or ours."""
    return not os.path.realpath(filename).startswith(_LIBRARIES) if os.path.isabs(filename) else True


@functools.lru_cache(maxsize=512)
def _handlers(code: CodeType) -> tuple[tuple[tuple[int, int, int], ...], frozenset[int]] | None:
    """The code's exception table (start, end, target) and the offsets where a handler starts."""
    parse = getattr(dis, "_parse_exception_table", None)
    if parse is None:  # Python 3.10: no table to read; every line counts as one that leaves the frame
        return None
    table = tuple((e.start, e.end, e.target) for e in parse(code))
    catching = frozenset(i.offset for i in dis.get_instructions(code) if i.opname == "PUSH_EXC_INFO")
    return table, catching


def _moves_out(code: CodeType, offset: int) -> bool:
    """Whether an exception raised at `offset` gets further out than the last one: it leaves the
    function (no `try` encloses the line) or the handler now running (the line is in an `except`
    or `finally` body, covered only by the clean-up block that re-raises to the enclosing `try`)."""
    found = _handlers(code)
    if found is None:
        return True
    table, catching = found
    entry = next((e for e in table if e[0] <= offset < e[1]), None)
    return entry is None or entry[2] not in catching
