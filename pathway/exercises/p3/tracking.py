"""Phase 3, machine-learning specialization: experiment tracking."""

from __future__ import annotations

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import _TRACKING


@exercise(
    "p3.tracking.best_run",
    title="Log runs and pick the best one",
    prompt="Log two or three runs of `make_pipeline(StandardScaler(), LogisticRegression(C=..., "
    "max_iter=1000))` with different values of `C`, each with `tracking.log_run(name, {\"C\": C}, "
    "{\"cv_accuracy\": ...})` (the mean accuracy on `folds`). Then read the table with "
    "`tracking.runs()` and set `best_run` to the name of the run with the highest `cv_accuracy`.",
    answer="best_run",
    setup=_TRACKING,
    solution="""\
for C in (0.01, 1.0, 100.0):
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000))
    score = cross_val_score(model, X, y, cv=folds).mean()
    tracking.log_run(f"logistic C={C}", {"C": C}, {"cv_accuracy": score})

table = tracking.runs()
best_run = table.loc[table["cv_accuracy"].idxmax(), "name"]""",
    wrong=[
        """\
for C in (0.01, 1.0, 100.0):
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000))
    score = cross_val_score(model, X, y, cv=folds).mean()
    tracking.log_run(f"logistic C={C}", {"C": C}, {"cv_accuracy": score})

table = tracking.runs()
best_run = table.loc[table["cv_accuracy"].idxmin(), "name"]""",
        """\
model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000))
score = cross_val_score(model, X, y, cv=folds).mean()
tracking.log_run("logistic C=1.0", {"C": 1.0}, {"cv_accuracy": score})
best_run = 'logistic C=1.0'""",
        """\
for C in (0.01, 1.0, 100.0):
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000))
    score = cross_val_score(model, X, y, cv=folds).mean()
    tracking.log_run(f"logistic C={C}", {"C": C}, {"cv_accuracy": score})

best_run = tracking.runs().iloc[-1]["name"]""",
    ],
    hints=[
        "Loop over a few values of C; in each pass build the pipeline, score it with "
        "`cross_val_score(model, X, y, cv=folds).mean()`, and call `tracking.log_run(...)`.",
        "`tracking.runs()` returns a DataFrame with one row per run and a `cv_accuracy` column; "
        "`.idxmax()` on that column gives the row of the best run.",
        "`table = tracking.runs()` then `best_run = table.loc[table[\"cv_accuracy\"].idxmax(), "
        "\"name\"]`",
    ],
)
def best_run(answer):
    from ...labs import tracking

    if not isinstance(answer, str):
        raise Incorrect(f"best_run should be the name of a run (a string), got "
                        f"{checks.type_name(answer)}")
    table = tracking.runs()
    if table.empty:
        raise Incorrect("no runs are logged yet: call tracking.log_run(name, params, metrics) "
                        "for each model you try")
    if "cv_accuracy" not in table.columns:
        raise Incorrect("none of your runs logged a `cv_accuracy` metric: pass "
                        "{\"cv_accuracy\": score} as the metrics")
    scored = table.dropna(subset=["cv_accuracy"])
    if scored["name"].nunique() < 2:
        raise Incorrect(f"only {scored['name'].nunique()} run with cv_accuracy is logged: log at "
                        "least two, with different names and settings, to have something to compare")
    if not scored["cv_accuracy"].between(0, 1).all():
        raise Incorrect("some logged cv_accuracy values are outside 0 to 1: log the mean accuracy")
    best = scored["cv_accuracy"].max()
    winners = set(scored.loc[scored["cv_accuracy"] == best, "name"])
    if answer in winners:
        return (f"{answer!r} wins with {best:.3f} over {len(scored)} logged runs. The table "
                "keeps every run you try, so comparisons stay honest.")
    if answer not in set(scored["name"]):
        raise Incorrect(f"no logged run is called {answer!r}: copy the name from tracking.runs()")
    if scored.loc[scored["name"] == answer, "cv_accuracy"].max() == scored["cv_accuracy"].min():
        raise Incorrect(f"{answer!r} has the *lowest* cv_accuracy in the table; pick the highest")
    raise Incorrect(f"{answer!r} is not the run with the highest cv_accuracy in tracking.runs()")
