"""Phase 3, MLOps: experiment tracking with MLflow (runs, a logged model, comparing runs)."""

from __future__ import annotations

import math
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._blind_a import CASES as BLIND
from ._mlops import _MLFLOW

_LOOP = """\
for C in (0.01, 1.0, 100.0):
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000))
    score = cross_val_score(model, X_train, y_train, cv=folds).mean()
    model.fit(X_train, y_train)
    with mlflow.start_run(run_name=f"logistic C={C}"):
        mlflow.log_param("C", C)
        mlflow.log_metric("cv_accuracy", score)
        mlflow.sklearn.log_model(model, name="model", pip_requirements=["scikit-learn", "pandas"],
                                 signature=infer_signature(X_train, model.predict(X_train)),
                                 input_example=X_train.head(3))
"""


def recompute(C: float) -> tuple[float, Any]:
    """The cv_accuracy a run with this C must have logged, and the pipeline it must have saved."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from .._shared import _ns
    from ._mlops import _SPLIT

    ns = _ns(_SPLIT)
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000))
    score = float(cross_val_score(model, ns["X_train"], ns["y_train"], cv=ns["folds"]).mean())
    return score, model.fit(ns["X_train"], ns["y_train"])


def logged_model_uri(run_id: str, experiment_id: str) -> str | None:
    """The URI of the model a run logged (MLflow 3 keeps models beside runs), or None."""
    import mlflow

    found = mlflow.search_logged_models(experiment_ids=[experiment_id], output_format="list",
                                        filter_string=f"source_run_id = '{run_id}'")
    return found[0].model_uri if found else None


def scored_runs() -> Any:
    """The finished runs of the active experiment that logged C and cv_accuracy."""
    from ....labs import mlflow_store

    table = mlflow_store.current_runs()
    if table.empty or "metrics.cv_accuracy" not in table.columns or "params.C" not in table.columns:
        return table.iloc[0:0]
    return table.dropna(subset=["metrics.cv_accuracy", "params.C"])


@exercise(
    "p3.tracking.best_run",
    title="Log runs to MLflow and pick the best one",
    prompt="Log at least two runs to MLflow, one per value of `C`, of `make_pipeline(StandardScaler(), "
    "LogisticRegression(C=C, max_iter=1000))`: each run logs the parameter `C`, the metric "
    "`cv_accuracy` (the mean accuracy over `folds` on `X_train, y_train`) and the pipeline fitted "
    "on `X_train` as a model with a signature and an input example. Then compare the runs with "
    "`mlflow.search_runs` and set `best_run` to the **run id** of the run with the highest "
    "`cv_accuracy`.",
    answer="best_run",
    setup=_MLFLOW,
    solution=_LOOP + """
runs = mlflow.search_runs(order_by=["metrics.cv_accuracy DESC"])
best_run = runs.loc[0, "run_id"]""",
    right=[_LOOP + """
runs = mlflow.search_runs()
best_run = runs.loc[runs["metrics.cv_accuracy"].idxmax(), "run_id"]""",
           """\
client = mlflow.MlflowClient()
for C in [0.1, 10.0]:
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000)).fit(X_train, y_train)
    cv = cross_val_score(make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000)),
                         X_train, y_train, cv=folds).mean()
    with mlflow.start_run():
        mlflow.log_params({"C": C})
        mlflow.log_metrics({"cv_accuracy": cv})
        mlflow.sklearn.log_model(model, name="pipeline", input_example=X_train.iloc[:2],
                                 signature=infer_signature(X_train, model.predict(X_train)),
                                 pip_requirements=["scikit-learn"])
best = client.search_runs([store.experiment_id], order_by=["metrics.cv_accuracy DESC"], max_results=1)[0]
best_run = best.info.run_id""",
        *BLIND["p3.tracking.best_run"]["right"]],
    wrong=[_LOOP + """
runs = mlflow.search_runs(order_by=["metrics.cv_accuracy ASC"])
best_run = runs.loc[0, "run_id"]""",
           _LOOP.replace('cross_val_score(model, X_train, y_train, cv=folds).mean()',
                         'model.fit(X_train, y_train).score(X_train, y_train)') + """
runs = mlflow.search_runs(order_by=["metrics.cv_accuracy DESC"])
best_run = runs.loc[0, "run_id"]""",
           _LOOP.replace("model.fit(X_train, y_train)", "model.fit(X, y)") + """
runs = mlflow.search_runs(order_by=["metrics.cv_accuracy DESC"])
best_run = runs.loc[0, "run_id"]""",
           _LOOP.replace("signature=infer_signature(X_train, model.predict(X_train)),", "")
           .replace("input_example=X_train.head(3)", "") + """
runs = mlflow.search_runs(order_by=["metrics.cv_accuracy DESC"])
best_run = runs.loc[0, "run_id"]""",
           _LOOP + """
runs = mlflow.search_runs(order_by=["metrics.cv_accuracy DESC"])
best_run = runs.loc[0, "tags.mlflow.runName"]""",
        *BLIND["p3.tracking.best_run"]["wrong"]],
    hints=[
        "One `with mlflow.start_run(run_name=...):` block per value of C; inside it "
        "`mlflow.log_param`, `mlflow.log_metric` and `mlflow.sklearn.log_model(model, name=\"model\", "
        "signature=..., input_example=...)`.",
        "`infer_signature(X_train, model.predict(X_train))` describes the model's input and output; "
        "`X_train.head(3)` is a fine input example. Pass `pip_requirements=[...]` to skip MLflow's "
        "slow guess of the requirements.",
        "`mlflow.search_runs(order_by=[\"metrics.cv_accuracy DESC\"])` returns a DataFrame, best run "
        "first, with a `run_id` column.",
    ],
)
def best_run(answer):
    import mlflow

    if not isinstance(answer, str):
        raise Incorrect(f"best_run should be a run id (a string of 32 hex digits), got "
                        f"{checks.type_name(answer)}")
    table = scored_runs()
    if len(table) < 2:
        raise Incorrect(f"{len(table)} finished run(s) in the active experiment logged both the param C and "
                        "the metric cv_accuracy: log at least two, one per value of C")
    if answer not in set(table["run_id"]):
        if answer in set(table.get("tags.mlflow.runName", [])):
            raise Incorrect("that is the run's *name*; set best_run to its run id (the `run_id` column)")
        raise Incorrect(f"no run in the active experiment has the id {checks.short(answer)}")
    best = table["metrics.cv_accuracy"].max()
    row = table.loc[table["run_id"] == answer].iloc[0]
    logged = float(row["metrics.cv_accuracy"])
    if logged != best:
        if logged == table["metrics.cv_accuracy"].min():
            raise Incorrect("that run has the *lowest* cv_accuracy; pick the highest")
        raise Incorrect("that run is not the one with the highest cv_accuracy")
    try:
        C = float(row["params.C"])
    except ValueError:
        raise Incorrect(f"the run's param C is {row['params.C']!r}, not a number") from None
    want, reference = recompute(C)
    if not math.isclose(logged, want, rel_tol=1e-9, abs_tol=1e-9):
        raise Incorrect(f"the run logged cv_accuracy={logged:.4f}, but the mean accuracy of C={C:g} over "
                        f"`folds` on X_train is {want:.4f}: log the cross-validated score, not another one")
    uri = logged_model_uri(answer, row["experiment_id"])
    if uri is None:
        raise Incorrect("the best run logged no model: log the fitted pipeline with mlflow.sklearn.log_model")
    info = mlflow.models.get_model_info(uri)
    if info.signature is None:
        raise Incorrect("the logged model has no signature: pass signature=infer_signature(...)")
    if info.saved_input_example_info is None:
        raise Incorrect("the logged model has no input example: pass input_example=...")
    loaded = mlflow.sklearn.load_model(uri)
    from .._shared import _ns
    from ._mlops import _SPLIT

    rows = _ns(_SPLIT)["X_val"]
    if not hasattr(loaded, "predict_proba"):
        raise Incorrect("the logged model cannot predict probabilities: log the whole fitted pipeline")
    import numpy as np

    if not np.allclose(loaded.predict_proba(rows), reference.predict_proba(rows), atol=1e-8):
        raise Incorrect(f"the logged model does not predict like the pipeline with C={C:g} fitted on X_train "
                        "(was it fitted on other rows, e.g. all of X?)")
    return (f"run {answer[:8]}… wins with cv_accuracy {logged:.4f}; MLflow holds its parameters, the score "
            "(recomputed here: it is honest) and the model with its signature.")
