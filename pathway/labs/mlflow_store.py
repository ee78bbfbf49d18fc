"""MLflow, offline and in a folder you chose: a local tracking store and model registry in SQLite.

MLflow 3.2+ sends anonymous usage data by default. Importing this module switches that off
(`MLFLOW_DISABLE_TELEMETRY=true` and `DO_NOT_TRACK=true`, MLflow's documented opt-outs) before
MLflow is imported anywhere, so nothing the workbook runs tries to reach the network. MLflow itself
is imported only inside functions: `import pathway` stays fast.

Without a folder, the store goes in a new temporary folder, never in your working directory: a
SQLite file for runs and the registry, and an `artifacts/` folder for models. Its `ui_command`
is the shell command that opens MLflow's web UI on it. `use_store` also quiets MLflow's start-up
messages ("Creating initial MLflow database tables", tqdm's "IProgress not found"), which a notebook
shows in red like an error.
"""

from __future__ import annotations

import logging
import os
import shlex
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import offline

# MLflow's documented opt-outs (https://mlflow.org/docs/latest/community/usage-tracking), set before
# mlflow is imported; setdefault: a learner who opts in on purpose keeps their choice.
OFFLINE_ENV = {
    "MLFLOW_DISABLE_TELEMETRY": "true",
    "DO_NOT_TRACK": "true",
    "GIT_PYTHON_REFRESH": "quiet",  # MLflow asks git for the code version; no git is no error
}
# Routine INFO lines of a new or upgraded store; warnings and errors still show.
START_UP_LOGGERS = ("mlflow.store.db.utils", "alembic")


def go_offline() -> None:
    """Switch off MLflow's (and onnxruntime's) telemetry for this process and its children."""
    offline.telemetry_off()
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)


go_offline()


@dataclass(frozen=True)
class Store:
    """Where the runs and the registry live."""

    folder: Path
    tracking_uri: str
    experiment: str
    experiment_id: str

    @property
    def artifacts(self) -> Path:
        return self.folder / "artifacts"

    @property
    def ui_command(self) -> str:
        """The command that opens MLflow's UI on this store (run it in a terminal)."""
        return (f"mlflow ui --backend-store-uri {shlex.quote(self.tracking_uri)} "
                f"--host 127.0.0.1 --port 5000")


def use_store(folder: str | Path | None = None, experiment: str = "tumour-classifier") -> Store:
    """Point MLflow's tracking and registry at `folder/mlflow.db` and select `experiment`.

    The experiment's artifacts (logged models) go in `folder/artifacts`, not in `./mlruns`.
    """
    go_offline()
    for name in START_UP_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    with warnings.catch_warnings():  # MLflow imports tqdm.auto, which warns where ipywidgets is absent
        warnings.filterwarnings("ignore", message="IProgress not found")
        import mlflow

    folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="mlflow-store-"))
    folder = folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    uri = f"sqlite:///{folder / 'mlflow.db'}"
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    client = mlflow.MlflowClient(uri)
    found = client.get_experiment_by_name(experiment)
    if found is None:
        artifacts = (folder / "artifacts").as_uri()
        experiment_id = client.create_experiment(experiment, artifact_location=artifacts)
    else:
        experiment_id = found.experiment_id
    mlflow.set_experiment(experiment_id=experiment_id)
    return Store(folder, uri, experiment, experiment_id)


def current_runs(max_results: int = 200) -> Any:
    """The finished runs of the active experiment, as `mlflow.search_runs` gives them (a DataFrame)."""
    import mlflow

    experiment = mlflow.get_experiment(_active_experiment_id())
    return mlflow.search_runs([experiment.experiment_id], max_results=max_results,
                              filter_string="attributes.status = 'FINISHED'")


def store_in_use() -> bool:
    """Whether this process has a tracking URI (from `use_store`, `mlflow.set_tracking_uri` or
    `MLFLOW_TRACKING_URI`). Without one, MLflow 3's first call writes ./mlflow.db wherever it runs."""
    try:
        from mlflow.tracking._tracking_service.utils import is_tracking_uri_set
    except ImportError:  # pragma: no cover - an MLflow that cannot tell: do not stand in the way
        return True
    return bool(is_tracking_uri_set())


def _active_experiment_id() -> str:
    import mlflow
    from mlflow.tracking.fluent import _get_experiment_id

    if not store_in_use():
        raise RuntimeError("no MLflow store is in use in this kernel: run the cell that calls "
                           "mlflow_store.use_store() first (without one, MLflow would write mlflow.db "
                           "into the current folder)")
    experiment_id = _get_experiment_id()
    if experiment_id is None:
        raise RuntimeError("no MLflow experiment is active: call mlflow_store.use_store() first")
    _ = mlflow  # imported for its side effect of configuring the fluent API
    return str(experiment_id)


def active_experiment_id() -> str:
    """The id of the experiment `mlflow.start_run` would log to now."""
    return _active_experiment_id()


def telemetry_off() -> bool:
    """Whether MLflow's telemetry client is off in this process (MLflow's own check)."""
    try:
        from mlflow.telemetry import get_telemetry_client
    except ImportError:  # an MLflow without telemetry sends nothing
        return True
    return get_telemetry_client() is None
