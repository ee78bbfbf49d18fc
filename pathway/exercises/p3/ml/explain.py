"""Phase 3, machine-learning specialization: explaining a model globally (importance, dependence).

Two functions, each run by the check on a model and rows of its own (house prices drawn with another
seed, without the notebook's `rooms` column): permutation importance on held-out rows and a
partial-dependence curve. The check computes each itself and compares. SHAP: shap_values.py.
"""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from . import _blind_explain
from ._core import one_thread

_HOUSES = """\
import numpy as np
import pandas as pd
from sklearn.ensemble import GradientBoostingRegressor, RandomForestRegressor
from sklearn.inspection import permutation_importance
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from pathway.labs import tabular

threadpool_limits(limits=1)

houses = tabular.house_prices(n=800, seed=0)
Xh, yh = houses.drop(columns="price"), houses["price"]
Xh_train, Xh_test, yh_train, yh_test = train_test_split(Xh, yh, test_size=0.3, random_state=0)
forest = RandomForestRegressor(n_estimators=50, random_state=0, n_jobs=1).fit(Xh_train, yh_train)
booster = GradientBoostingRegressor(n_estimators=100, max_depth=3, random_state=0).fit(Xh_train, yh_train)
"""

_CHECK_SEED = 77


@functools.cache
def _case() -> dict[str, Any]:
    """The check's own houses, split, and a boosted model fitted on its training part.

    The check's table has no `rooms` column: a function that reaches for the notebook's rows instead
    of its arguments fails on the check's model (other columns), rather than passing by resemblance.
    """
    from sklearn.ensemble import GradientBoostingRegressor
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from ....labs import tabular

    houses = tabular.house_prices(n=700, seed=_CHECK_SEED)
    X, y = houses.drop(columns=["price", "rooms"]), houses["price"]
    fit, held = X.iloc[:400], X.iloc[400:]
    with one_thread():
        booster = GradientBoostingRegressor(n_estimators=80, max_depth=3, random_state=1)
        booster.fit(fit, y.iloc[:400])
        # a pipeline: scikit-learn's partial_dependence then averages predictions over the rows given
        piped = make_pipeline(StandardScaler(), GradientBoostingRegressor(n_estimators=80, max_depth=3,
                                                                          random_state=1))
        piped.fit(fit, y.iloc[:400])
    return {"X": X, "held": held, "y_held": y.iloc[400:], "booster": booster, "piped": piped}


# ------------------------------------------------------------------ permutation importance
_REPEATS, _REFERENCE_SEEDS = 10, 4


@functools.cache
def _importance() -> tuple[Any, Any]:
    """Mean permutation importance over 40 shuffles, and the spread of a 10-shuffle mean."""
    import numpy as np
    import pandas as pd
    from sklearn.inspection import permutation_importance

    case = _case()
    runs = []
    with one_thread():
        for seed in range(_REFERENCE_SEEDS):
            result = permutation_importance(case["booster"], case["held"], case["y_held"],
                                            n_repeats=_REPEATS, random_state=seed)
            runs.append(result.importances_mean)
    runs = np.asarray(runs)
    columns = case["held"].columns
    return pd.Series(runs.mean(axis=0), index=columns), pd.Series(runs.std(axis=0, ddof=1), index=columns)


def _as_series(value: Any, columns: Any, shown: str) -> Any:
    import pandas as pd

    if isinstance(value, dict):
        value = pd.Series(value)
    if not isinstance(value, pd.Series):
        raise Incorrect(f"{shown} returned {checks.type_name(value)}; return a pandas Series (or a "
                        "dictionary) indexed by column name")
    checks.same_set([str(i) for i in value.index], [str(c) for c in columns], f"the index of {shown}")
    try:
        return pd.Series([float(value[c]) for c in columns], index=columns)
    except (TypeError, ValueError):
        raise Incorrect(f"{shown} should hold one number per column") from None


@exercise(
    "p3.explain.held_out_importance",
    title="Permutation importance, on rows the model did not train on",
    prompt="Write `held_out_importance(model, X, y)`: for a fitted regressor and held-out rows `X`, "
    "`y`, the permutation importance of every column: how much `model.score(X, y)` (R²) drops when "
    "that column's values are shuffled, averaged over 10 shuffles. Return a pandas Series (or a "
    "dictionary) indexed by column name. The check calls it with a model and held-out houses of "
    "its own.",
    answer="held_out_importance",
    setup=_HOUSES,
    solution="""\
def held_out_importance(model, X, y):
    result = permutation_importance(model, X, y, n_repeats=10, random_state=0)
    return pd.Series(result.importances_mean, index=X.columns)""",
    right=[
        *_blind_explain.CASES["p3.explain.held_out_importance"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def held_out_importance(model, X, y):
    rng = np.random.default_rng(5)
    reference = model.score(X, y)
    result = {}
    for col in X.columns:
        drops = []
        for _ in range(10):
            Z = X.copy()
            Z[col] = Z[col].to_numpy()[rng.permutation(len(Z))]
            drops.append(reference - model.score(Z, y))
        result[col] = np.mean(drops)
    return pd.Series(result)""",
        """\
def held_out_importance(model, X, y):
    r = permutation_importance(model, X, y, n_repeats=10, random_state=123, n_jobs=1)
    return dict(zip(X.columns, r["importances_mean"]))""",
        # by hand, with its own random generator
        """\
def held_out_importance(model, X, y):
    rng = np.random.default_rng(1)
    base = model.score(X, y)
    drops = {}
    for column in X.columns:
        losses = []
        for _ in range(10):
            shuffled = X.copy()
            shuffled[column] = rng.permutation(shuffled[column].to_numpy())
            losses.append(base - model.score(shuffled, y))
        drops[column] = float(np.mean(losses))
    return drops""",
        """\
def held_out_importance(model, X, y):
    result = permutation_importance(model, X, y, n_repeats=10, random_state=42, scoring="r2")
    return pd.Series(dict(zip(X.columns, result.importances_mean))).sort_values(ascending=False)""",
    ],
    wrong=[
        *_blind_explain.CASES["p3.explain.held_out_importance"]["wrong"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def held_out_importance(model, X, y):
    result = permutation_importance(model, X, y, n_repeats=10, random_state=0)
    return pd.Series(result.importances_mean, index=X.columns) / result.importances_mean.sum()""",
        """\
def held_out_importance(model, X, y):
    base = model.score(X, y)
    out = {}
    for c in X.columns:
        out[c] = base - model.score(X.drop(columns=c).assign(**{c: 0}), y)
    return out""",
        """\
def held_out_importance(model, X, y):
    result = permutation_importance(
        model, X, y, n_repeats=10, random_state=0, scoring="neg_mean_absolute_error"
    )
    return pd.Series(result.importances_mean, index=X.columns)""",
        """\
def held_out_importance(model, X, y):
    result = permutation_importance(model, X, y, n_repeats=10, random_state=0)
    return pd.Series(result.importances_mean, index=range(X.shape[1]))""",
        """\
def held_out_importance(model, X, y):
    result = permutation_importance(model, X, y, n_repeats=10, random_state=0)
    return pd.Series(-result.importances_mean, index=X.columns)""",
        """\
def held_out_importance(model, X, y):
    result = permutation_importance(model, X, y, n_repeats=10, random_state=0)
    return list(result.importances_mean)""",
        # impurity importance: from the training rows, blind to overfitting
        "def held_out_importance(model, X, y):\n"
        "    return pd.Series(model.feature_importances_, index=X.columns)",
        # the notebook's rows, not the arguments
        """\
def held_out_importance(model, X, y):
    result = permutation_importance(model, Xh_test, yh_test, n_repeats=10, random_state=0)
    return pd.Series(result.importances_mean, index=Xh_test.columns)""",
        # the spread, not the mean
        """\
def held_out_importance(model, X, y):
    result = permutation_importance(model, X, y, n_repeats=10, random_state=0)
    return pd.Series(result.importances_std, index=X.columns)""",
        # the score after shuffling, not the drop
        """\
def held_out_importance(model, X, y):
    scores = {}
    for column in X.columns:
        shuffled = X.copy()
        shuffled[column] = shuffled[column].sample(frac=1, random_state=0).to_numpy()
        scores[column] = model.score(shuffled, y)
    return scores""",
        # one shuffle only: the prompt's average over 10 is what makes it stable
        """\
def held_out_importance(model, X, y):
    result = permutation_importance(model, X, y, n_repeats=1, random_state=3)
    return pd.Series(result.importances_mean, index=X.columns)""",
        # the column dropped to its mean instead of shuffled
        """\
def held_out_importance(model, X, y):
    base = model.score(X, y)
    out = {}
    for column in X.columns:
        flat = X.copy()
        flat[column] = X[column].mean()
        out[column] = base - model.score(flat, y)
    return out""",
        # the index shuffled with the values: pandas realigns, nothing moves
        """\
def held_out_importance(model, X, y):
    base = model.score(X, y)
    out = {}
    for column in X.columns:
        shuffled = X.copy()
        shuffled[column] = X[column].sample(frac=1, random_state=0)
        out[column] = base - model.score(shuffled, y)
    return out""",
    ],
    hints=[
        "Importance here means: how much worse does the model score on rows it never saw when one "
        "column is made meaningless (its values shuffled across rows)?",
        "`sklearn.inspection.permutation_importance(model, X, y, n_repeats=10, random_state=...)` "
        "does the shuffling; its result has `importances_mean`, one value per column.",
        "Wrap `importances_mean` in a Series with `index=X.columns`. Use the arguments: the check "
        "passes its own model and rows.",
    ],
)
def held_out_importance(answer):
    import copy

    import numpy as np

    case = _case()
    X, y = case["held"], case["y_held"]
    given = X.copy()  # copies: a function that shuffles in place must not spoil the cached rows
    with one_thread():
        got = checks.returns(answer, copy.deepcopy(case["booster"]), given, y.copy(),
                             name="held_out_importance")
    if not given.equals(X):
        raise Incorrect("held_out_importance changed the X it was given; shuffle a copy")
    got = _as_series(got, X.columns, "held_out_importance(model, X, y)")
    mean, spread = _importance()
    # `spread` is how much a 10-shuffle mean moves from seed to seed (0.003 to 0.017 of R² here); 4 of
    # them plus 0.01 keeps every honest shuffling in. Impurity importances, the score after shuffling
    # and the notebook's rows are 0.1 or more away; a single shuffle (3 spreads) is caught on most seeds.
    tolerance = 4 * spread + 0.01
    if bool(np.all(np.abs(got - mean) <= tolerance)):
        gaps = case["booster"].feature_importances_
        share = gaps[list(X.columns).index("listing_id")]
        return (f"held out, `listing_id` is worth {got['listing_id']:+.3f} of R², next to nothing; the "
                f"impurity importance of this model gives it {share:.1%} of the credit (the notebook's "
                "forest, more), because on the training rows its many distinct values let trees "
                "split off noise. Shuffling one of two correlated columns (area, rooms) also "
                "understates both: read permutation importance as 'what the model uses', not "
                "'what matters in the world'.")
    if np.allclose(got, case["booster"].feature_importances_, atol=1e-9):
        raise Incorrect("these are the model's impurity importances (feature_importances_), learned "
                        "on the training rows; permute the columns of the held-out X and measure the "
                        "drop of model.score(X, y)")
    if bool(np.all(got <= 1)) and np.allclose(got, case["booster"].score(X, y) - mean, atol=0.05):
        raise Incorrect("these are the scores after shuffling; the importance is the drop: the score "
                        "on the intact rows minus the score with the column shuffled")
    if bool(np.all(np.abs(got) < 0.02)):
        raise Incorrect("every importance is about 0: the shuffled column is not used (a pandas "
                        "Series assigned back realigns on its index: assign `.to_numpy()`) or "
                        "the rows are not the ones given")
    off = [str(c) for c in X.columns if abs(got[c] - mean[c]) > tolerance[c]]
    raise Incorrect(f"the importance of {', '.join(off)} is not what shuffling that column in the given "
                    "rows gives (averaged over 10 shuffles): use the model, X and y passed in")


# ------------------------------------------------------------------ partial dependence
_GRIDS = (("distance", (0.5, 2.0, 6.0, 12.5, 25.0)), ("age", (90.0, 0.0, 40.0)))


def _pd(model: Any, X: Any, feature: str, grid: Any, *, one_row: bool = False, mean_row: bool = False) -> Any:
    import numpy as np

    out = []
    base = X.iloc[[0]] if one_row else (X.mean().to_frame().T if mean_row else X)
    for value in grid:
        changed = base.copy()
        changed[feature] = value
        out.append(float(np.mean(model.predict(changed))))
    return np.asarray(out)


@exercise(
    "p3.explain.partial_dependence",
    title="A partial-dependence curve, computed",
    prompt="Write `pd_curve(model, X, feature, grid)`: for each value v in `grid` (in that order), set "
    "column `feature` to v in *every* row of `X` (on a copy) and average the model's predictions. "
    "Return those averages, one per grid value (a list or an array). The check calls it with a model, "
    "rows, features and grids of its own.",
    answer="pd_curve",
    setup=_HOUSES,
    solution="""\
def pd_curve(model, X, feature, grid):
    averages = []
    for value in grid:
        changed = X.copy()
        changed[feature] = value
        averages.append(model.predict(changed).mean())
    return averages""",
    right=[
        *_blind_explain.CASES["p3.explain.partial_dependence"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def pd_curve(model, X, feature, grid):
    results = np.empty(len(grid))
    for i, value in enumerate(grid):
        modified = X.copy(deep=True)
        modified.loc[:, feature] = value
        results[i] = np.mean(model.predict(modified))
    return results""",
        """\
def pd_curve(model, X, feature, grid):
    return pd.Series(
        {i: model.predict(X.assign(**{feature: v})).mean() for i, v in enumerate(grid)}
    ).tolist()""",
        "def pd_curve(model, X, feature, grid):\n"
        "    return np.array([model.predict(X.assign(**{feature: v})).mean() for v in grid])",
        # one prediction call over all the grid values stacked
        """\
def pd_curve(model, X, feature, grid):
    stacked = pd.concat([X.assign(**{feature: v}) for v in grid], ignore_index=True)
    return model.predict(stacked).reshape(len(grid), len(X)).mean(axis=1)""",
    ],
    wrong=[
        *_blind_explain.CASES["p3.explain.partial_dependence"]["wrong"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def pd_curve(model, X, feature, grid):
    return [np.median(model.predict(X.assign(**{feature: v}))) for v in grid]""",
        """\
def pd_curve(model, X, feature, grid):
    from sklearn.inspection import partial_dependence

    r = partial_dependence(model, X, [feature], grid_resolution=len(grid))
    return r["average"][0]""",
        """\
def pd_curve(model, X, feature, grid):
    return [model.predict(X.assign(**{feature: v})).mean() - model.predict(X).mean() for v in grid]""",
        """\
def pd_curve(model, X, feature, grid):
    return [model.predict(X.head(50).assign(**{feature: v})).mean() for v in grid]""",
        """\
def pd_curve(model, X, feature, grid):
    out = []
    Z = X.copy()
    for v in grid:
        Z[feature] = Z[feature] + v
        out.append(model.predict(Z).mean())
    return out""",
        """\
def pd_curve(model, X, feature, grid):
    return np.array([model.predict(X.assign(**{feature: v})) for v in grid])""",
        # one house's curve (an ICE line), not the average
        """\
def pd_curve(model, X, feature, grid):
    row = X.iloc[[0]].copy()
    out = []
    for v in grid:
        row[feature] = v
        out.append(model.predict(row)[0])
    return out""",
        # the average house, not the average prediction
        """\
def pd_curve(model, X, feature, grid):
    average_house = X.mean().to_frame().T
    out = []
    for v in grid:
        average_house[feature] = v
        out.append(model.predict(average_house)[0])
    return out""",
        # the grid sorted: the prompt keeps its order
        """\
def pd_curve(model, X, feature, grid):
    return [model.predict(X.assign(**{feature: v})).mean() for v in sorted(grid)]""",
        # X changed in place
        """\
def pd_curve(model, X, feature, grid):
    out = []
    for v in grid:
        X[feature] = v
        out.append(model.predict(X).mean())
    return out""",
        # the notebook's rows, not the argument
        """\
def pd_curve(model, X, feature, grid):
    return [model.predict(Xh_test.assign(**{feature: v})).mean() for v in grid]""",
        # only the rows near v (a conditional mean, not partial dependence)
        """\
def pd_curve(model, X, feature, grid):
    out = []
    for v in grid:
        near = X[(X[feature] - v).abs() <= X[feature].std() / 2]
        out.append(model.predict(near).mean() if len(near) else np.nan)
    return out""",
    ],
    hints=[
        "Partial dependence asks: if every house had this value of the feature, and everything "
        "else stayed as it is, what would the model predict on average?",
        "For each grid value: copy X, overwrite the one column with that value, predict every "
        "row, take the mean.",
        "`X.assign(**{feature: v})` returns a copy with the column replaced; `model.predict(...)."
        "mean()` averages.",
    ],
)
def partial_dependence(answer):
    import copy

    import numpy as np

    case = _case()
    model, X = case["piped"], case["held"]
    for feature, grid in _GRIDS:
        shown = f"pd_curve(model, X, {feature!r}, {list(grid)})"
        given = X.copy()  # the learner's function gets copies: a mistake must not spoil the cache
        with one_thread():
            got = checks.returns(answer, copy.deepcopy(model), given, feature, list(grid),
                                 name="pd_curve")
        if not given.equals(X):
            raise Incorrect(f"{shown} changed the X it was given: overwrite the column in a copy")
        try:
            values = np.asarray(got, dtype=float).ravel()
        except (TypeError, ValueError):
            raise Incorrect(f"{shown} returned {checks.type_name(got)}; return one number per "
                            "grid value") from None
        if values.shape != (len(grid),):
            raise Incorrect(f"{shown} returned {values.size} values for {len(grid)} grid values")
        with one_thread():
            want = _pd(model, X, feature, grid)
            if np.allclose(values, want, rtol=1e-9, atol=1e-9):
                continue
            if np.allclose(values, want[np.argsort(grid, kind="stable")], rtol=1e-9, atol=1e-9):
                raise Incorrect(f"{shown} gives the values for the sorted grid; keep the grid's order")
            if np.allclose(values, _pd(model, X, feature, grid, one_row=True), rtol=1e-9, atol=1e-9):
                raise Incorrect(f"{shown} follows one row (an individual conditional expectation "
                                "line); partial dependence averages that over every row")
            if np.allclose(values, _pd(model, X, feature, grid, mean_row=True), rtol=1e-9, atol=1e-9):
                raise Incorrect(f"{shown} predicts for the average row; partial dependence averages "
                                "the predictions of every row (a model is not linear: the two differ)")
        raise Incorrect(f"{shown} does not give the average prediction over all the rows of the given "
                        "X with the column set to each grid value")
    return ("the curve shows what the model does as one feature moves with the others held as "
            "they are: price falls with distance and bends with age. Where features are correlated "
            "(area and rooms), it asks about houses that do not exist; read it next to an ICE plot.")
