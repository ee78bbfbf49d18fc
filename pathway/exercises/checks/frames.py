"""Checks of NumPy arrays and pandas Series and DataFrames (pandas and NumPy load on first use)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..engine import Incorrect, incomplete, is_blank
from .values import _equal, expect_type, type_name


def array(answer: Any, expected: Any, name: str = "your array", *, rtol: float = 1e-6,
          atol: float = 1e-9) -> None:
    """A NumPy array (or array-like of numbers) of the expected shape and values."""
    import numpy as np

    if is_blank(answer):
        raise incomplete(answer)
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


def series_like(answer: Any, expected: Any, name: str = "your answer", *, rtol: float = 1e-6) -> None:
    """Values by label, in any reasonable form: a Series, a dictionary (label: value), or a list
    or array of the values in the expected order. Use it where the prompt does not demand a Series.
    """
    import numpy as np
    import pandas as pd

    if is_blank(answer):
        raise incomplete(answer)
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if isinstance(answer, Mapping) and not isinstance(answer, pd.Series):
        answer = pd.Series(dict(answer), dtype=object if not answer else None)
    elif isinstance(answer, (list, tuple, np.ndarray)) and not isinstance(answer, pd.Series):
        if np.ndim(answer) != 1 or len(answer) != len(expected):
            raise Incorrect(f"{name} should hold {len(expected)} values, one per label "
                            f"({', '.join(map(str, list(expected.index)[:4]))}...), got "
                            f"{type_name(answer)} of {len(answer)}")
        answer = pd.Series(list(answer), index=expected.index)
    series(answer, expected, name, rtol=rtol)


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
