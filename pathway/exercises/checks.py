"""Shared check helpers: each states one expectation and raises `Incorrect` with a reason.

An exercise's check function calls these with the learner's answer and the expected value.
They import pandas, NumPy and scikit-learn lazily so that importing the package stays quick.
Messages say what is wrong and where to look, never the expected answer itself.
"""

from __future__ import annotations

import math
import numbers
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from .engine import BLANK, Incomplete, Incorrect, is_blank

__all__ = [
    "Incomplete", "Incorrect", "type_name", "expect_type", "number", "close_to", "sequence",
    "same_set", "mapping", "array", "series", "frame", "call", "function_cases", "estimator",
    "fitted", "short", "axes_of", "plot", "sql_rows", "text", "choice",
]


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
        raise Incomplete()
    if not isinstance(answer, types) or (isinstance(answer, bool) and bool not in _as_tuple(types)):
        raise Incorrect(f"expected {what}, got {type_name(answer)}")


def _as_tuple(types: type | tuple[type, ...]) -> tuple[type, ...]:
    return types if isinstance(types, tuple) else (types,)


# ------------------------------------------------------------------ numbers
def number(answer: Any, name: str = "your answer") -> float:
    """The answer as a float, if it is a real number (not a bool, not NaN)."""
    if is_blank(answer):
        raise Incomplete()
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
        raise Incomplete()
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


# ------------------------------------------------------------------ arrays and frames
def array(answer: Any, expected: Any, name: str = "your array", *, rtol: float = 1e-6,
          atol: float = 1e-9) -> None:
    """A NumPy array (or array-like of numbers) of the expected shape and values."""
    import numpy as np

    if is_blank(answer):
        raise Incomplete()
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        raise Incorrect(f"{name} should hold numbers, got {type_name(answer)}") from None
    want = np.asarray(expected, dtype=float)
    if got.shape != want.shape:
        raise Incorrect(f"{name} has shape {got.shape}, expected shape {want.shape}")
    if np.isnan(got).any() and not np.isnan(want).any():
        raise Incorrect(f"{name} contains NaN values")
    bad = ~np.isclose(got, want, rtol=rtol, atol=atol, equal_nan=True)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        raise Incorrect(
            f"{int(bad.sum())} of {bad.size} values of {name} are off, the first at index {where}"
        )


def series(answer: Any, expected: Any, name: str = "your Series", *, check_order: bool = False,
           rtol: float = 1e-6) -> None:
    """A pandas Series with the expected labels and values (label order optional)."""
    import pandas as pd

    expect_type(answer, pd.Series, "a pandas Series")
    _labels(list(answer.index), list(expected.index), name, "label")
    if check_order and list(answer.index) != list(expected.index):
        raise Incorrect(f"{name} has the right labels in the wrong order: check the sorting")
    got = answer.reindex(expected.index)
    _values(got, expected, name, rtol)


def frame(answer: Any, expected: Any, name: str = "your DataFrame", *, check_index: bool = False,
          check_column_order: bool = False, check_row_order: bool = False,
          rtol: float = 1e-6) -> None:
    """A pandas DataFrame with the expected columns, rows and values.

    Row labels are ignored unless `check_index`; rows are compared as a sorted set unless
    `check_row_order`, so equivalent answers with a different order pass.
    """
    import pandas as pd

    expect_type(answer, pd.DataFrame, "a pandas DataFrame")
    _labels([str(c) for c in answer.columns], [str(c) for c in expected.columns], name, "column")
    if check_column_order and [str(c) for c in answer.columns] != [str(c) for c in expected.columns]:
        raise Incorrect(f"{name} has the right columns in the wrong order")
    rows, want_rows = len(answer), len(expected)
    if rows != want_rows:
        gap = rows - want_rows
        raise Incorrect(
            f"{name} has {rows} rows: {abs(gap)} {'too many' if gap > 0 else 'too few'}"
        )
    got = answer.copy()
    got.columns = [str(c) for c in got.columns]
    want = expected.copy()
    want.columns = [str(c) for c in want.columns]
    got = got[list(want.columns)]
    if check_index:
        _labels(list(got.index), list(want.index), name, "row label")
        got = got.reindex(want.index)
    elif not check_row_order:
        got, want = _sorted_rows(got), _sorted_rows(want)
    else:
        got, want = got.reset_index(drop=True), want.reset_index(drop=True)
    for column in want.columns:
        _values(got[column].reset_index(drop=True), want[column].reset_index(drop=True),
                f"column {column!r} of {name}", rtol)


def _sorted_rows(df: Any) -> Any:
    return df.sort_values(list(df.columns), kind="mergesort", na_position="last").reset_index(
        drop=True
    )


def _labels(got: list, want: list, name: str, what: str) -> None:
    missing = [w for w in want if w not in set(got)]
    extra = [g for g in got if g not in set(want)]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing {what}s: {', '.join(map(repr, missing[:4]))}")
        if extra:
            parts.append(f"unexpected {what}s: {', '.join(map(repr, extra[:4]))}")
        raise Incorrect(f"{name} has " + "; ".join(parts))
    if len(got) != len(want):
        raise Incorrect(f"{name} has repeated {what}s")


def _values(got: Any, want: Any, name: str, rtol: float) -> None:
    import numpy as np
    import pandas as pd

    if pd.api.types.is_numeric_dtype(want) and not pd.api.types.is_bool_dtype(want):
        g = pd.to_numeric(got, errors="coerce").to_numpy(dtype=float)
        w = want.to_numpy(dtype=float)
        bad = ~np.isclose(g, w, rtol=rtol, atol=1e-9, equal_nan=True)
    else:
        bad = np.array([not (_missing(a) and _missing(b)) and not _equal(a, b)
                        for a, b in zip(got.tolist(), want.tolist())], dtype=bool)
    if bad.any():
        first = got.index[int(np.argmax(bad))]
        count = int(bad.sum())
        raise Incorrect(f"{count} value{'s' if count > 1 else ''} of {name} "
                        f"{'are' if count > 1 else 'is'} off (the first at {first!r})")


def _missing(value: Any) -> bool:
    try:
        import pandas as pd

        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# ------------------------------------------------------------------ functions
def call(fn: Any, *args: Any, name: str | None = None) -> Any:
    """Call a learner's function; its crash becomes an Incorrect that quotes the learner's error."""
    if is_blank(fn):
        raise Incomplete()
    if not callable(fn):
        raise Incorrect(f"expected a function, got {type_name(fn)}")
    label = name or getattr(fn, "__name__", "your function")
    shown = ", ".join(short(a) for a in args)
    try:
        result = fn(*args)
    except Exception as exc:
        raise Incorrect(f"{label}({shown}) raised {type(exc).__name__}: {exc}") from None
    if result is BLANK:
        raise Incomplete(f"{label} still returns `____`: write its body")
    return result


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
            raise Incorrect(
                f"{label}({', '.join(short(a) for a in args)}) returned {short(result)}, "
                "which is not right"
            )


# ------------------------------------------------------------------ scikit-learn
def fitted(model: Any) -> bool:
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(model)
    except NotFittedError:
        return False
    except TypeError:
        return False
    return True


def estimator(
    answer: Any, *, kind: type | tuple[type, ...] | None = None, must_be_fitted: bool = True,
    steps: Sequence[type] = (), score_on: tuple[Any, Any] | None = None,
    min_score: float | None = None, scorer: Callable[[Any, Any, Any], float] | None = None,
    name: str = "your model",
) -> float | None:
    """A scikit-learn estimator or pipeline: its type, its steps, fitted, scoring above a bar."""
    from sklearn.base import BaseEstimator
    from sklearn.pipeline import Pipeline

    expect_type(answer, BaseEstimator, "a scikit-learn estimator or Pipeline")
    if kind is not None:
        final = answer.steps[-1][1] if isinstance(answer, Pipeline) else answer
        if not isinstance(final, kind):
            kinds = " or ".join(k.__name__ for k in _as_tuple(kind))
            raise Incorrect(f"{name} should be (or end in) a {kinds}, got {type(final).__name__}")
    if steps:
        if not isinstance(answer, Pipeline):
            raise Incorrect(f"{name} should be a Pipeline, got {type(answer).__name__}")
        present = [type(s).__name__ for _, s in answer.steps]
        for step in steps:
            if not any(isinstance(s, step) for _, s in answer.steps):
                raise Incorrect(
                    f"{name} has no {step.__name__} step (its steps: {', '.join(present)})"
                )
    if must_be_fitted and not fitted(answer):
        raise Incorrect(f"{name} is not fitted yet: call its `.fit(...)` on the training data first")
    if score_on is None:
        return None
    X, y = score_on
    try:
        value = scorer(answer, X, y) if scorer else answer.score(X, y)
    except Exception as exc:
        raise Incorrect(f"scoring {name} on held-out data raised {type(exc).__name__}: {exc}") from None
    if min_score is not None and value < min_score:
        raise Incorrect(f"{name} scores {value:.3f} on held-out data; aim for at least {min_score}")
    return value


# ------------------------------------------------------------------ matplotlib
def axes_of(answer: Any) -> list[Any]:
    """The Axes of a Figure, an Axes, or a seaborn grid (FacetGrid, JointGrid)."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if is_blank(answer):
        raise Incomplete()
    if isinstance(answer, Axes):
        return [answer]
    if isinstance(answer, Figure):
        return list(answer.axes)
    if hasattr(answer, "figure") and isinstance(answer.figure, Figure):  # seaborn grids
        return list(answer.figure.axes)
    raise Incorrect(f"expected a matplotlib Figure or Axes, got {type_name(answer)}")


def _drawn(ax: Any) -> dict[str, int]:
    from matplotlib.collections import PathCollection, PolyCollection
    from matplotlib.patches import PathPatch, Rectangle

    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) > 0]
    rects = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_height() != 0]
    return {
        "lines": len(lines),
        "bars": len(rects) + sum(len(getattr(c, "patches", [])) for c in ax.containers),
        "points": sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection)),
        "boxes": sum(isinstance(p, PathPatch) for p in ax.patches)
        + sum(isinstance(c, PolyCollection) for c in ax.collections),
        "images": len(ax.images),
    }


def plot(
    answer: Any, *, kind: str | None = None, title: bool = False, xlabel: bool = False,
    ylabel: bool = False, min_series: int = 1, name: str = "your plot",
) -> Any:
    """A figure whose (first non-empty) Axes shows the expected kind of plot, labelled.

    `kind` is one of 'bars' (bar charts and histograms), 'lines', 'points' (scatter),
    'boxes' (box and violin plots) or 'images' (heat maps).
    """
    axes = axes_of(answer)
    drawn = [(ax, _drawn(ax)) for ax in axes]
    used = [(ax, d) for ax, d in drawn if any(d.values())]
    if not used:
        raise Incomplete(f"{name} is empty: nothing is drawn on it yet")
    ax, counts = used[0]
    if kind is not None and counts.get(kind, 0) == 0:
        seen = ", ".join(k for k, v in counts.items() if v) or "nothing"
        raise Incorrect(f"{name} should show {kind}, but it draws {seen}")
    if title and not (ax.get_title() or (ax.figure._suptitle and ax.figure._suptitle.get_text())):
        raise Incorrect(f"the title is missing: give {name} one with `ax.set_title(...)`")
    if xlabel and not ax.get_xlabel():
        raise Incorrect("the x-axis label is missing: use `ax.set_xlabel(...)`")
    if ylabel and not ax.get_ylabel():
        raise Incorrect("the y-axis label is missing: use `ax.set_ylabel(...)`")
    if min_series > 1:
        legend = ax.get_legend()
        series_count = len(legend.get_texts()) if legend else 0
        if series_count < min_series:
            raise Incorrect(
                f"{name} should compare at least {min_series} groups with a legend; "
                f"it shows {series_count}"
            )
    return ax


# ------------------------------------------------------------------ SQL
def sql_rows(
    query: Any, connect: Callable[[], sqlite3.Connection], expected_query: str,
    *, ordered: bool = False, name: str = "your query",
) -> list[tuple]:
    """Run the learner's SQL and the reference on fresh connections; compare the result rows."""
    if is_blank(query):
        raise Incomplete()
    if not isinstance(query, str):
        raise Incorrect(f"{name} should be SQL text (a string), got {type_name(query)}")
    reference = connect()
    try:
        want = reference.execute(expected_query).fetchall()
    finally:
        reference.close()
    conn = connect()
    try:
        cursor = conn.execute(query)
        got = cursor.fetchall()
    except sqlite3.Error as exc:
        raise Incorrect(f"SQLite could not run {name}: {exc}") from None
    except Exception as exc:
        raise Incorrect(f"{name} could not run: {type(exc).__name__}: {exc}") from None
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


def _round(value: Any) -> Any:
    return round(value, 6) if isinstance(value, float) else value


# ------------------------------------------------------------------ prose and choices
def text(answer: Any, *, min_words: int = 1, mentions: Sequence[Sequence[str]] = (),
         name: str = "your answer") -> str:
    """Written text of at least `min_words` words mentioning one term from each group."""
    if is_blank(answer):
        raise Incomplete()
    if not isinstance(answer, str):
        raise Incorrect(f"{name} should be text (a string), got {type_name(answer)}")
    words = answer.split()
    if len(words) < min_words:
        raise Incorrect(f"{name} has {len(words)} words; write at least {min_words}")
    lowered = answer.lower()
    for group in mentions:
        if not any(term.lower() in lowered for term in group):
            raise Incorrect(f"{name} should mention {' or '.join(repr(t) for t in group[:3])}")
    return answer


def choice(answer: Any, options: Sequence[str], correct: str | set[str],
           name: str = "your choice", why: Mapping[str, str] | None = None) -> str:
    """One option (or a set) out of `options`; `why` explains each wrong pick."""
    if is_blank(answer):
        raise Incomplete()
    picks = {answer} if isinstance(answer, str) else answer
    if not isinstance(picks, (set, frozenset, list, tuple)) or not all(isinstance(p, str) for p in picks):
        raise Incorrect(f"{name} should be one of {', '.join(map(repr, options))}")
    picks = {p.strip().lower() for p in picks}
    unknown = picks - {o.lower() for o in options}
    if unknown:
        raise Incorrect(f"{', '.join(map(repr, sorted(unknown)))} is not an option; "
                        f"choose from {', '.join(map(repr, options))}")
    want = {correct.lower()} if isinstance(correct, str) else {c.lower() for c in correct}
    if picks != want:
        reason = next((why[p] for p in sorted(picks - want) if why and p in why), None)
        if reason:
            raise Incorrect(reason)
        if isinstance(correct, str) or len(picks) == len(want):
            raise Incorrect(f"{name} is not the best answer: re-read the question")
        raise Incorrect(f"{name} picks {len(picks)} options; {len(want)} are right")
    return next(iter(picks)) if len(picks) == 1 else ",".join(sorted(picks))
