"""Phase 3, machine-learning specialization: splits that match how the model will be used.

A shuffled split is honest only when rows are independent. Over time, a model meets the future,
never the past; with several rows per patient, it meets new patients. Each check runs the learner's
splitter (or function) on rows of its own, of other lengths and other groups than the notebook's.
"""

from __future__ import annotations

from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _blind_splits

_SALES = """\
import numpy as np
import pandas as pd
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.model_selection import GroupKFold, KFold, StratifiedKFold, TimeSeriesSplit, cross_val_score
from threadpoolctl import threadpool_limits

from pathway.labs import tabular

threadpool_limits(limits=1)  # small data: one thread is faster than several fighting over the cores

sales = tabular.daily_sales(days=730, seed=0)  # one row per day, in date order
GAP = 7  # a day's sales are known a week later: the newest week is never in the training data
"""

_VISITS = """\
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.model_selection import GroupKFold, KFold, StratifiedGroupKFold, StratifiedKFold, cross_val_score
from threadpoolctl import threadpool_limits

from pathway.labs import tabular

threadpool_limits(limits=1)

visits = tabular.patient_visits(patients=80, seed=0)  # several visits per patient
"""

_GAP, _SPLITS = 7, 5


def _splits(answer: Any, name: str, *args: Any, **kwargs: Any) -> list[tuple[Any, Any]]:
    """The (train, test) index arrays the splitter gives on the check's rows."""
    import numpy as np

    if not callable(getattr(answer, "split", None)):
        raise Incorrect(f"{name} is {checks.type_name(answer)}; it should be a splitter (an object with "
                        ".split(X), like KFold), so it works on data of any length")
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "the groups parameter is ignored by KFold": judged below
            pairs = list(answer.split(*args, **kwargs))
        out = [(np.asarray(tr, dtype=int), np.asarray(te, dtype=int)) for tr, te in pairs]
    except Exception as exc:
        raise Incorrect(f"{name}.split(...) raised {type(exc).__name__}: "
                        f"{checks.short(str(exc), 160)}") from None
    if len(out) != _SPLITS:
        raise Incorrect(f"{name} gives {len(out)} splits; the prompt asks for {_SPLITS}")
    return out


@exercise(
    "p3.splits.time_folds",
    title="Cross-validation that only looks forward",
    prompt="`sales` has one row per day, in date order. A day's sales are known only a week later, "
    "so a model trained up to day t is first used on day t + 8: between the last training row and "
    "the first test row there must be at least `GAP` (7) rows that are in neither part. Set "
    "`time_cv` to a scikit-learn splitter with 5 splits in which every test part lies after its "
    "training part with that gap, and no row is ever shuffled. The check calls "
    "`time_cv.split(X)` on rows of its own, in date order.",
    answer="time_cv",
    setup=_SALES,
    solution="time_cv = TimeSeriesSplit(n_splits=5, gap=GAP)",
    right=[
        *_blind_splits.CASES["p3.splits.time_folds"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
time_cv = TimeSeriesSplit(n_splits=5, gap=GAP + 3, test_size=20)""",
        """\
from sklearn.model_selection import BaseCrossValidator


class Forward(BaseCrossValidator):
    def get_n_splits(self, X=None, y=None, groups=None):
        return 5

    def _iter_test_indices(self, X=None, y=None, groups=None):
        raise NotImplementedError

    def split(self, X, y=None, groups=None):
        n = len(X)
        size = n // 6
        for k in range(1, 6):
            end = k * size
            test = np.arange(end + GAP, min(end + GAP + size, n))
            yield np.arange(0, end), test


time_cv = Forward()""",
        "time_cv = TimeSeriesSplit(n_splits=5, gap=10, max_train_size=300)",
        "time_cv = TimeSeriesSplit(5, gap=7, test_size=30)",
    ],
    wrong=[
        *_blind_splits.CASES["p3.splits.time_folds"]["wrong"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
time_cv = TimeSeriesSplit(n_splits=5, gap=3)""",
        """\
time_cv = TimeSeriesSplit(n_splits=6, gap=GAP)""",
        """\
from sklearn.model_selection import ShuffleSplit

time_cv = ShuffleSplit(n_splits=5, test_size=0.2, random_state=0)""",
        """\
from sklearn.model_selection import StratifiedKFold

time_cv = KFold(5, shuffle=True, random_state=GAP)""",
        """\
time_cv = TimeSeriesSplit(n_splits=5, gap=GAP).split(sales)""",
        """\
time_cv = 5""",
        "time_cv = KFold(n_splits=5, shuffle=True, random_state=0)",
        "time_cv = KFold(n_splits=5)",
        "time_cv = TimeSeriesSplit(n_splits=5)",
        "time_cv = TimeSeriesSplit(n_splits=5, gap=GAP - 1)",
        "time_cv = TimeSeriesSplit(n_splits=4, gap=GAP)",
        "time_cv = list(TimeSeriesSplit(n_splits=5, gap=GAP).split(sales))",
    ],
    hints=[
        "Ask what the model will face: it is trained on the past and used on the future. Each "
        "split should look the same: training rows first, then the test rows, never the reverse.",
        "scikit-learn has a splitter made for ordered rows; its test parts move forward in time "
        "and its training part grows.",
        "`TimeSeriesSplit` takes `n_splits` and a `gap`: the number of rows left out between the "
        "end of each training part and the start of its test part.",
    ],
)
def time_folds(answer):
    import numpy as np

    for rows in (400, 250):
        for i, (train, test) in enumerate(_splits(answer, "time_cv", np.zeros((rows, 2)))):
            where = f"on {rows} rows, split {i + 1}"
            if train.size == 0 or test.size == 0:
                raise Incorrect(f"{where} has an empty training or test part")
            outside = [int(v) for v in np.concatenate([train, test]) if not 0 <= v < rows]
            if outside:
                raise Incorrect(f"{where} holds row {outside[0]}, which is not among the {rows} rows "
                                "given: the splits must come from the X passed to split(X), not "
                                "from the notebook's `sales`")
            for part, rows_of in (("training", train), ("test", test)):
                if np.any(np.diff(rows_of) <= 0):
                    raise Incorrect(f"{where}: the {part} rows are not in increasing order (the part "
                                    "is shuffled or repeats a row); no row is ever shuffled")
            if train.max() > test.min():
                shuffled = np.any(np.diff(test) != 1) or np.any(np.diff(train) < 0)
                raise Incorrect(f"{where} trains on rows after its test rows (training row "
                                f"{train.max()}, first test row {test.min()}): "
                                + ("the rows are shuffled, so the model learns from its own future"
                                   if shuffled else "the future trains a model scored on the past"))
            gap = int(test.min() - train.max() - 1)
            if gap < _GAP:
                raise Incorrect(f"{where} leaves {gap} row(s) between the last training row and the "
                                f"first test row; at least GAP = {_GAP} are needed, since the newest "
                                "week's sales are not known when the model is trained")
    return ("every split trains on the past, skips a week, and tests on what follows: the score the "
            "model will have next month. A shuffled split on these rows reports far more (see the "
            "cell below), because it lets the model look at the days on both sides of each test day.")


def _grouped(seed: int) -> tuple[Any, Any, Any]:
    """Rows of 37 patients, 2 to 9 each, in shuffled order, with a binary outcome."""
    import numpy as np

    rng = np.random.default_rng([seed, 40])
    sizes = rng.integers(2, 10, size=37)
    groups = np.repeat([f"patient-{i}" for i in range(37)], sizes)
    order = rng.permutation(groups.size)
    groups = groups[order]
    y = (rng.random(groups.size) < 0.4).astype(int)
    return np.zeros((groups.size, 3)), y, groups


@exercise(
    "p3.splits.group_folds",
    title="New patients, not new visits",
    prompt="`visits` has several rows per patient (`patient`). The model will be used on patients "
    "it has never seen. Set `patient_cv` to a scikit-learn splitter with 5 splits in which no "
    "patient has rows in both the training and the test part, and every row is in exactly one "
    "test part. The check calls `patient_cv.split(X, y, groups)` with rows, outcomes and patient "
    "ids of its own.",
    answer="patient_cv",
    setup=_VISITS,
    solution="patient_cv = GroupKFold(n_splits=5)",
    right=[
        *_blind_splits.CASES["p3.splits.group_folds"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
patient_cv = StratifiedGroupKFold(n_splits=5)""",
        "patient_cv = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=0)",
        "from sklearn.model_selection import GroupKFold\n\npatient_cv = GroupKFold(5)",
    ],
    wrong=[
        *_blind_splits.CASES["p3.splits.group_folds"]["wrong"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
patient_cv = StratifiedKFold(n_splits=5)""",
        """\
patient_cv = GroupKFold(n_splits=3)""",
        """\
from sklearn.model_selection import GroupShuffleSplit

patient_cv = GroupShuffleSplit(n_splits=5, test_size=0.25, random_state=1)""",
        """\
from sklearn.model_selection import RepeatedKFold

patient_cv = RepeatedKFold(n_splits=5, n_repeats=1, random_state=0)""",
        """\
patient_cv = list(GroupKFold(5).split(visits, groups=visits["patient"]))""",
        """\
from sklearn.model_selection import ShuffleSplit

patient_cv = ShuffleSplit(5, random_state=0)""",
        "patient_cv = KFold(n_splits=5, shuffle=True, random_state=0)",
        "patient_cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)",
        "from sklearn.model_selection import GroupShuffleSplit\n\n"
        "patient_cv = GroupShuffleSplit(n_splits=5, test_size=0.2, random_state=0)",
        "from sklearn.model_selection import LeaveOneGroupOut\n\npatient_cv = LeaveOneGroupOut()",
        "patient_cv = GroupKFold(n_splits=10)",
        "patient_cv = KFold(n_splits=5)",
    ],
    hints=[
        "Ask what a test row should be: a visit of a patient the model has never met. So all of a "
        "patient's visits must fall on the same side of each split.",
        "scikit-learn's splitters whose names start with `Group` take a `groups=` array in "
        "`.split(X, y, groups)` and keep each group together.",
        "`GroupKFold(n_splits=5)` puts each patient in exactly one test part; "
        "`StratifiedGroupKFold` does the same while balancing the outcome.",
    ],
)
def group_folds(answer):
    import numpy as np

    X, y, groups = _grouped(seed=5)
    seen = np.zeros(len(y), dtype=int)
    for i, (train, test) in enumerate(_splits(answer, "patient_cv", X, y, groups)):
        both = sorted(set(groups[train]) & set(groups[test]))
        if both:
            raise Incorrect(f"in split {i + 1}, {len(both)} patients (e.g. {both[0]}) have rows in both "
                            "the training and the test part: the model is tested on patients it has "
                            "already met; pass the patient ids as groups to a group-aware splitter")
        seen[test] += 1
    if np.any(seen != 1):
        never, twice = int(np.sum(seen == 0)), int(np.sum(seen > 1))
        raise Incorrect(f"{never} rows are in no test part and {twice} in more than one: each row "
                        "should be tested exactly once (k-fold, not repeated random draws)")
    return ("no patient is on both sides, so the score is what a new patient will see. On `visits`, "
            "a shuffled split lets the model recognise patients by their age and weight and "
            "reports far more than it can do (see the cell below).")


# ------------------------------------------------------------------ features from the past only
def _series(seed: int, days: int = 60) -> Any:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng([seed, 41])
    return pd.DataFrame({
        "date": pd.date_range("2026-03-01", periods=days, freq="D"),
        "price": np.round(rng.uniform(8, 12, days), 2),
        "sales": np.round(150 + np.cumsum(rng.normal(0, 5, days)), 1),
    })


def _expected(frame: Any, lag: int = 7, window: int = 28, min_periods: int | None = None) -> Any:
    past = frame["sales"].shift(lag)
    return past, past.rolling(window, min_periods=min_periods).mean()


def _feature(result: Any, column: str, rows: int) -> Any:
    import numpy as np

    if column not in getattr(result, "columns", ()):
        raise Incorrect(f"the returned table has no `{column}` column")
    try:
        values = np.asarray(result[column], dtype=float)
    except (TypeError, ValueError):
        raise Incorrect(f"`{column}` should hold numbers (NaN where there is not enough history)") from None
    if values.shape != (rows,):
        raise Incorrect(f"`{column}` has {values.size} values for {rows} rows")
    return values


@exercise(
    "p3.splits.past_features",
    title="Features built from the past only",
    prompt="Write `add_history(frame)`: `frame` has one row per day in date order with a `sales` "
    "column (and others). Return a new DataFrame with every original column plus `lag_7` (the "
    "sales 7 days earlier) and `mean_28` (the mean sales of the 28 days that end 7 days earlier: "
    "days t - 34 to t - 7), NaN where there is not enough history. Sales of the last 7 days are "
    "not known on day t, so no feature may use them, nor anything later. Leave `frame` unchanged.",
    answer="add_history",
    setup=_SALES,
    solution="""\
def add_history(frame):
    out = frame.copy()
    known = out["sales"].shift(7)
    out["lag_7"] = known
    out["mean_28"] = known.rolling(28).mean()
    return out""",
    right=[
        *_blind_splits.CASES["p3.splits.past_features"]["right"],  # second blind red team
        *_blind_splits.FIRST_PAST_FEATURES["right"],  # first blind red team
    ],
    wrong=[
        *_blind_splits.CASES["p3.splits.past_features"]["wrong"],  # second blind red team
        *_blind_splits.FIRST_PAST_FEATURES["wrong"],  # first blind red team
    ],
    hints=[
        "On day t you know the sales up to day t - 7. Every feature of row t must be computable "
        "from those rows alone; change a later row and row t's features must not move.",
        "`Series.shift(k)` moves values k rows down (row t gets row t - k); `.rolling(28).mean()` "
        "averages the window ending at the current row.",
        "Shift first, then roll: the window that ends at row t - 7 covers t - 34 .. t - 7. Work on "
        "a copy (`frame.copy()` or `frame.assign(...)`).",
    ],
)
def past_features(answer):
    import numpy as np

    frame = _series(seed=9)
    before = frame.copy()
    result = checks.returns(answer, frame, name="add_history")
    if not frame.equals(before):
        raise Incorrect("add_history changed the frame it was given; work on a copy and return it")
    if not hasattr(result, "columns"):
        raise Incorrect(f"add_history returned {checks.type_name(result)}; return a DataFrame")
    missing = [c for c in before.columns if c not in result.columns]
    if missing:
        raise Incorrect(f"the returned table lost the original column(s) {missing}")
    rows = len(frame)
    got = {c: _feature(result, c, rows) for c in ("lag_7", "mean_28")}
    # Change the future of day 40: no feature of days 0..40 may move.
    cut = 40
    changed = frame.copy()
    changed.loc[cut + 1:, "sales"] += 500.0
    again = checks.returns(answer, changed, name="add_history")
    for column in ("lag_7", "mean_28"):
        later = _feature(again, column, rows)
        moved = ~np.isclose(got[column][:cut + 1], later[:cut + 1], equal_nan=True)
        if moved.any():
            raise Incorrect(f"`{column}` on day {int(np.argmax(moved))} changes when the sales after day "
                            f"{cut} change: it is computed with future rows, which the model will not "
                            "have when it predicts")
    lag, mean = _expected(frame)
    for column, want in (("lag_7", lag), ("mean_28", mean)):
        want = want.to_numpy(dtype=float)
        if np.allclose(got[column], want, equal_nan=True):
            continue
        partial = _expected(frame, min_periods=1)[1]
        if column == "mean_28" and np.allclose(got[column], partial, equal_nan=True):
            raise Incorrect("`mean_28` has values before day 34, averaged over fewer than 28 days: "
                            "leave it NaN until a full window of known days exists")
        for lag_days in (1, 6, 8):
            if np.allclose(got[column], _expected(frame, lag=lag_days)[column == "mean_28"],
                           equal_nan=True):
                raise Incorrect(f"`{column}` uses the sales {lag_days} day(s) back; on day t the "
                                "newest known sales are those of day t - 7")
        if np.allclose(got[column], frame["sales"].rolling(28).mean(), equal_nan=True):
            raise Incorrect("`mean_28` averages the 28 days ending today, the last week included, "
                            "whose sales are not known yet: shift by 7 first")
        bad = ~np.isclose(got[column], want, equal_nan=True)
        raise Incorrect(f"`{column}` differs on {int(bad.sum())} of {rows} days (the first is day "
                        f"{int(np.argmax(bad))}): see the prompt's definition")
    return ("both features are computed from rows the model will have on the day it predicts; a "
            "feature that peeks at later rows scores well in validation and fails in production, "
            "and no split can catch it afterwards.")
