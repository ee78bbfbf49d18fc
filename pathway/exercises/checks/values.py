"""Checks of plain values: types, numbers, sequences, sets, mappings, and functions run on cases."""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ..engine import BLANK, Incomplete, Incorrect, incomplete, is_blank


def type_name(value: Any) -> str:
    """A learner-friendly name for a value's type: 'a list', 'a pandas DataFrame', 'None'."""
    if value is None:
        return "None"
    cls = type(value)
    module = cls.__module__.split(".")[0]
    prefix = {"pandas": "pandas ", "numpy": "NumPy ", "sklearn": "scikit-learn ",
              "matplotlib": "matplotlib "}.get(module, "")
    name = {"ndarray": "array", "str": "string", "dict": "dictionary"}.get(cls.__name__, cls.__name__)
    article = "an" if (prefix or name)[0].lower() in "aeiou" else "a"
    return f"{article} {prefix}{name}"


def expect_type(answer: Any, types: type | tuple[type, ...], what: str) -> None:
    """Raise unless `answer` is an instance of `types`; `what` names the expected kind."""
    if is_blank(answer):
        raise incomplete(answer)
    if not isinstance(answer, types) or (isinstance(answer, bool) and bool not in _as_tuple(types)):
        raise Incorrect(f"expected {what}, got {type_name(answer)}")


def _as_tuple(types: type | tuple[type, ...]) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


# ------------------------------------------------------------------ numbers
def number(answer: Any, name: str = "your answer") -> float:
    """The answer as a float, if it is a real number (not a bool, not NaN)."""
    if is_blank(answer):
        raise incomplete(answer)
    if hasattr(answer, "item") and getattr(answer, "shape", None) == ():
        answer = answer.item()  # NumPy scalar or 0-d array
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        raise Incorrect(f"{name} should be a number, got {type_name(answer)}")
    value = float(answer)
    if math.isnan(value):
        raise Incorrect(f"{name} is NaN: are missing values getting into the calculation?")
    return value


def close_to(
    answer: Any, expected: float, name: str = "your answer", *, rel: float = 1e-6,
    abs_tol: float = 1e-9, decimals: int = 3,
) -> float:
    """Raise unless the answer is a number within tolerance of `expected`; says by how much."""
    value = number(answer, name)
    if math.isclose(value, expected, rel_tol=rel, abs_tol=abs_tol):
        return value
    gap = value - expected
    direction = "too high" if gap > 0 else "too low"
    raise Incorrect(f"{name} is off by {abs(gap):.{decimals}g} ({direction})")


# ------------------------------------------------------------------ collections
def sequence(answer: Any, expected: Sequence[Any], name: str = "your answer",
             *, ordered: bool = True, kind: type | tuple[type, ...] = (list, tuple)) -> None:
    """A list or tuple equal to `expected` (in order, or as a multiset)."""
    expect_type(answer, kind, "a list" if kind == (list, tuple) or kind is list else f"{kind}")
    got = list(answer)
    if len(got) != len(expected):
        more = len(got) - len(expected)
        raise Incorrect(
            f"{name} has {len(got)} elements, {abs(more)} {'too many' if more > 0 else 'too few'}"
        )
    if not ordered:
        if sorted(map(repr, got)) != sorted(map(repr, expected)):
            raise Incorrect(f"{name} has the right length but not the right elements")
        return
    for position, (a, e) in enumerate(zip(got, expected)):
        if not _equal(a, e):
            raise Incorrect(f"{name} differs first at position {position}: {a!r} is not right there")


def _equal(a: Any, e: Any) -> bool:
    """Equality as a teacher means it: floats with tolerance, True is not 1, no exceptions."""
    if isinstance(a, bool) or isinstance(e, bool):
        return type(a) is type(e) and a == e
    if isinstance(e, float) or isinstance(a, float):
        try:
            return math.isclose(float(a), float(e), rel_tol=1e-9, abs_tol=1e-12)
        except (TypeError, ValueError):
            return False
    try:
        return bool(a == e)
    except Exception:
        return False


def same_set(answer: Any, expected: Iterable[Any], name: str = "your answer") -> None:
    """A collection with exactly the expected members (order and repeats ignored)."""
    if is_blank(answer):
        raise incomplete(answer)
    if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
        raise Incorrect(f"{name} should be a collection (a set or list), got {type_name(answer)}")
    got, want = set(answer), set(expected)
    missing, extra = want - got, got - want
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{len(missing)} expected member{'s' * (len(missing) > 1)} missing")
        if extra:
            parts.append(f"unexpected: {', '.join(map(repr, sorted(extra, key=repr)[:3]))}")
        raise Incorrect(f"{name}: " + "; ".join(parts))


def mapping(answer: Any, expected: Mapping[Any, Any], name: str = "your answer",
            *, rel: float = 1e-6) -> None:
    """A dictionary with the expected keys and values (numbers compared with tolerance)."""
    expect_type(answer, Mapping, "a dictionary")
    same_set(answer.keys(), expected.keys(), f"the keys of {name}")
    for key, want in expected.items():
        got = answer[key]
        if isinstance(want, numbers.Real) and not isinstance(want, bool):
            close_to(got, float(want), f"{name}[{key!r}]", rel=rel)
        elif not _equal(got, want):
            raise Incorrect(f"{name}[{key!r}] is {got!r}, which is not right")




# ------------------------------------------------------------------ functions
def attempt(fn: Any, *args: Any, name: str | None = None) -> tuple[Any, Exception | None]:
    """Call a learner's function that may rightly raise: `(result, None)` or `(None, its exception)`.

    The one door every check of a function goes through: a blank (`____`, or a body still
    `return ____`) is Incomplete here, never judged as a wrong answer.
    """
    if is_blank(fn):
        raise incomplete(fn)
    if not callable(fn):
        raise Incorrect(f"expected a function, got {type_name(fn)}")
    try:
        result = fn(*args)
    except Exception as exc:  # noqa: BLE001 - the caller judges whether raising was right
        return None, exc
    if result is BLANK:
        label = name or getattr(fn, "__name__", "your function")
        raise Incomplete(f"{label} still returns `____`: write its body")
    return result, None


def call(fn: Any, *args: Any, name: str | None = None) -> Any:
    """Call a learner's function; its crash becomes an Incorrect that quotes the learner's error."""
    result, exc = attempt(fn, *args, name=name)
    if exc is not None:
        label = name or getattr(fn, "__name__", "your function")
        shown = ", ".join(short(a) for a in args)
        raise Incorrect(f"{label}({shown}) raised {type(exc).__name__}: {exc}")
    return result


def returns(fn: Any, *args: Any, name: str | None = None) -> Any:
    """`call`, where a `None` result is an answer in itself: the function has no `return`."""
    result = call(fn, *args, name=name)
    if result is None:
        label = name or getattr(fn, "__name__", "your function")
        raise Incorrect(returned_none(f"{label}({', '.join(short(a) for a in args)})"))
    return result


def returned_none(shown: str) -> str:
    """The message for a call that gave `None`: the function reached its end without `return`."""
    return (f"{shown} returned None: a function without a `return` statement (or one that only "
            "prints) gives None. Return the value")


def short(value: Any, limit: int = 40) -> str:
    """A value's repr, cut to `limit` characters, for quoting a learner's input in a message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def function_cases(
    fn: Any, cases: Sequence[tuple[tuple[Any, ...], Any]], name: str | None = None,
    *, compare: Callable[[Any, Any], bool] | None = None,
) -> None:
    """Call `fn` on each `(args, expected)` case; the first mismatch names its input."""
    import copy

    for args, expected in cases:
        result = call(fn, *copy.deepcopy(args), name=name)
        same = compare(result, expected) if compare else _equal(result, expected)
        if not same:
            label = name or getattr(fn, "__name__", "your function")
            if result is None and expected is not None:
                raise Incorrect(returned_none(f"{label}({', '.join(short(a) for a in args)})"))
            raise Incorrect(
                f"{label}({', '.join(short(a) for a in args)}) returned {short(result)}, "
                "which is not right"
            )


# ------------------------------------------------------------------ how a function is written
def code_names(fn: Any) -> set[str]:
    """Every global, attribute and module name a function's code (and its nested code) uses.

    A prompt rule such as "without NumPy's std" is checked here: `np.std` shows as `std`.
    """
    names: set[str] = set()
    code = getattr(fn, "__code__", None)
    stack = [code] if code is not None else []
    while stack:
        current = stack.pop()
        names.update(current.co_names)
        stack.extend(c for c in current.co_consts if hasattr(c, "co_names"))
    return names


def has_loop(fn: Any) -> bool:
    """Whether a function's own code runs a Python loop (a `for`, a `while`, a comprehension, or
    `map`/`filter` calling Python code for each element)."""
    import dis

    code = getattr(fn, "__code__", None)
    if code is not None and {"map", "filter"} & set(code.co_names):
        return True
    stack = [code] if code is not None else []
    while stack:
        current = stack.pop()
        if current.co_name in ("<listcomp>", "<setcomp>", "<dictcomp>", "<genexpr>"):
            return True
        for ins in dis.get_instructions(current):
            backward = "BACKWARD" in ins.opname or (  # 3.11's POP_JUMP_BACKWARD_IF_TRUE: a `while`
                "JUMP" in ins.opname and isinstance(ins.argval, int) and ins.argval < ins.offset)
            if ins.opname in ("FOR_ITER", "GET_ITER") or backward:
                return True
        stack.extend(c for c in current.co_consts if hasattr(c, "co_names"))
    return False


def forbid_names(fn: Any, forbidden: Mapping[str, str], name: str = "your function") -> None:
    """Raise when `fn`'s code uses a name the prompt rules out; `forbidden` maps name -> why."""
    used = code_names(fn)
    for banned, why in forbidden.items():
        if banned in used:
            raise Incorrect(f"{name} uses `{banned}`: {why}")
