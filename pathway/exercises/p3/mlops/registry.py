"""Phase 3, MLOps: the MLflow model registry (a registered version, the `champion` alias)."""

from __future__ import annotations

from ... import checks
from ...engine import Incorrect, exercise
from ._blind_a import CASES as BLIND
from ._mlops import _MLFLOW
from .tracking import _LOOP, logged_model_uri, recompute, scored_runs

_SETUP = _MLFLOW + _LOOP + """\
best_run = mlflow.search_runs(order_by=["metrics.cv_accuracy DESC"]).loc[0, "run_id"]
"""

_BEST_URI = """\
found = mlflow.search_logged_models(filter_string=f"source_run_id = '{best_run}'", output_format="list")
best_model = found[0]
"""


def _not_an_alias(answer: object) -> None:
    """Refuse `champion = clf`: the notebook's model in memory, never loaded back from the registry.

    Seen in the learner's namespace (a dict holding `__builtins__`) that binds `clf` to the answer.
    """
    import gc

    for holder in gc.get_referrers(answer):
        if isinstance(holder, dict) and "__builtins__" in holder and holder.get("clf") is answer:
            raise Incorrect("champion is `clf`, the model already in memory: set it to the model loaded back "
                            "from models:/tumour-classifier@champion")


@exercise(
    "p3.registry.champion",
    title="Register the best model and crown it champion",
    prompt="Register the model logged by `best_run` in MLflow's model registry under the name "
    "`tumour-classifier`, give that version the alias `champion`, and set `champion` to the model "
    "loaded back from `models:/tumour-classifier@champion`.",
    answer="champion",
    setup=_SETUP,
    solution=_BEST_URI + """\
version = mlflow.register_model(best_model.model_uri, "tumour-classifier")
mlflow.MlflowClient().set_registered_model_alias("tumour-classifier", "champion", version.version)
champion = mlflow.sklearn.load_model("models:/tumour-classifier@champion")""",
    right=[_BEST_URI + """\
client = mlflow.MlflowClient()
if not client.search_registered_models("name = 'tumour-classifier'"):
    client.create_registered_model("tumour-classifier")
mv = client.create_model_version("tumour-classifier", best_model.model_uri, run_id=best_run)
client.set_registered_model_alias("tumour-classifier", "champion", mv.version)
champion = mlflow.pyfunc.load_model("models:/tumour-classifier@champion")""",
        *BLIND["p3.registry.champion"]["right"]],
    wrong=[_BEST_URI + """\
version = mlflow.register_model(best_model.model_uri, "tumour-classifier")
champion = mlflow.sklearn.load_model(f"models:/tumour-classifier/{version.version}")""",
           """\
worst = mlflow.search_runs(order_by=["metrics.cv_accuracy ASC"]).loc[0, "run_id"]
worst_model = mlflow.search_logged_models(filter_string=f"source_run_id = '{worst}'", output_format="list")[0]
version = mlflow.register_model(worst_model.model_uri, "tumour-classifier")
mlflow.MlflowClient().set_registered_model_alias("tumour-classifier", "champion", version.version)
champion = mlflow.sklearn.load_model("models:/tumour-classifier@champion")""",
           _BEST_URI + """\
version = mlflow.register_model(best_model.model_uri, "tumour-classifier")
mlflow.MlflowClient().set_registered_model_alias("tumour-classifier", "production", version.version)
champion = mlflow.sklearn.load_model("models:/tumour-classifier/1")""",
           _BEST_URI + """\
version = mlflow.register_model(best_model.model_uri, "tumour-classifier")
mlflow.MlflowClient().set_registered_model_alias("tumour-classifier", "champion", version.version)
champion = "models:/tumour-classifier@champion\"""",
        *BLIND["p3.registry.champion"]["wrong"]],
    hints=[
        "Registering takes the URI of a logged model: `mlflow.search_logged_models(filter_string=...)` "
        "finds the one whose `source_run_id` is `best_run`; its `model_uri` is what you register.",
        "`mlflow.register_model(uri, name)` returns a version; an alias is set on the client: "
        "`mlflow.MlflowClient().set_registered_model_alias(name, alias, version)`.",
        "Load by alias with `mlflow.sklearn.load_model(\"models:/tumour-classifier@champion\")` "
        "(or `mlflow.pyfunc.load_model`).",
    ],
)
def champion(answer):
    import mlflow
    import numpy as np

    if isinstance(answer, str):
        raise Incorrect("champion is the URI (a string); load the model from it with "
                        "mlflow.sklearn.load_model")
    if not hasattr(answer, "predict"):
        raise Incorrect(f"champion should be a loaded model (with .predict), got {checks.type_name(answer)}")
    _not_an_alias(answer)
    client = mlflow.MlflowClient()
    try:
        version = client.get_model_version_by_alias("tumour-classifier", "champion")
    except mlflow.exceptions.MlflowException:
        names = [m.name for m in client.search_registered_models()]
        if "tumour-classifier" not in names:
            raise Incorrect("no registered model is called 'tumour-classifier' in this store: register the "
                            f"best run's model under that name (registered: {names})") from None
        raise Incorrect("'tumour-classifier' has no version with the alias 'champion': set it with "
                        "set_registered_model_alias") from None
    table = scored_runs()
    if table.empty:
        raise Incorrect("the active experiment has no scored runs: run the tracking exercise's cell first")
    best = table["metrics.cv_accuracy"].max()
    winners = set(table.loc[table["metrics.cv_accuracy"] == best, "run_id"])
    source = version.run_id
    if source is None:
        found = mlflow.get_logged_model(version.model_id) if getattr(version, "model_id", None) else None
        source = getattr(found, "source_run_id", None)
    if source not in winners:
        raise Incorrect("the champion version comes from a run that does not have the highest cv_accuracy: "
                        "register the best run's model")
    row = table.loc[table["run_id"] == source].iloc[0]
    _, reference = recompute(float(row["params.C"]))
    if logged_model_uri(source, row["experiment_id"]) is None:
        raise Incorrect("the champion's run logged no model")
    from .._shared import _ns
    from ._mlops import _SPLIT

    rows = _ns(_SPLIT)["X_val"]
    by_alias = mlflow.sklearn.load_model("models:/tumour-classifier@champion")
    want = reference.predict(rows)
    if not np.array_equal(np.asarray(by_alias.predict(rows)).ravel(), want):
        raise Incorrect("the model behind models:/tumour-classifier@champion does not predict like the "
                        "best run's pipeline")
    made = getattr(getattr(answer, "metadata", None), "model_id", None)
    if made is not None and not str(version.source).endswith(str(made)):
        raise Incorrect("champion was loaded from another model than the version with the alias "
                        "'champion': load models:/tumour-classifier@champion")
    try:
        got = np.asarray(answer.predict(rows)).ravel()
    except Exception as exc:  # noqa: BLE001 - the learner's object
        raise Incorrect(f"champion.predict failed on validation rows: {type(exc).__name__}: "
                        f"{checks.short(str(exc), 80)}") from None
    if not np.array_equal(got.astype(int), want):
        raise Incorrect("champion does not predict like the model registered as champion: load it from "
                        "models:/tumour-classifier@champion")
    return (f"version {version.version} of tumour-classifier is the champion; a service loads "
            "models:/tumour-classifier@champion and never needs a code change when you promote a new one.")
