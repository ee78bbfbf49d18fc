"""Experiment tracking: record each training run's parameters and metrics, then compare runs.

`log_run` always keeps the run in the workbook's one event log (item `p3.tool.mlflow`, action
`run`), so `runs()` gives the same table with or without MLflow, and export, import and reset
cover your runs like the rest of your progress. When MLflow is installed (it is optional, never a
dependency), the run is also sent to MLflow's tracking store, where its UI can chart it.
"""

from __future__ import annotations

import importlib.util
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import api

if TYPE_CHECKING:
    import pandas as pd

ITEM = "p3.tool.mlflow"
ACTION = "run"

Param = str | int | float | bool | None


@dataclass(frozen=True)
class Run:
    """One logged run: what you tried (`params`) and how well it did (`metrics`)."""

    name: str
    params: dict[str, Param] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)
    time: str = ""
    mlflow_run_id: str | None = None


def mlflow_available() -> bool:
    """Whether MLflow can be imported here (checked without importing it: it is slow to load)."""
    return importlib.util.find_spec("mlflow") is not None


def log_run(
    name: str, params: Mapping[str, Any], metrics: Mapping[str, Any], *,
    use_mlflow: bool | None = None,
) -> Run:
    """Record a run; also send it to MLflow when `use_mlflow` (default: when it is installed).

    Parameters are stored as plain values (NumPy scalars become Python ones, anything else its
    text, as MLflow does); metrics must be finite numbers, because a table of runs is compared
    on them.
    """
    name = _run_name(name)
    clean_params = _clean_params(params)
    clean_metrics = _clean_metrics(metrics)
    run_id = None
    if use_mlflow if use_mlflow is not None else mlflow_available():
        run_id = _log_to_mlflow(name, clean_params, clean_metrics)
    extra = {"mlflow_run_id": run_id} if run_id else {}
    event = api.log(ITEM, ACTION, name=name, params=clean_params, metrics=clean_metrics, **extra)
    return Run(name, clean_params, clean_metrics, event.time, run_id)


def runs() -> pd.DataFrame:
    """Every logged run as a table, oldest first: `time`, `name`, then a column per parameter
    and per metric (named `params.x` / `metrics.x` only where a parameter and a metric share a
    name). Sort it by a metric to find the best run."""
    import pandas as pd

    logged = _logged_runs()
    param_names = _ordered_keys(r.params for r in logged)
    metric_names = _ordered_keys(r.metrics for r in logged)
    clash = set(param_names) & set(metric_names)

    def column(kind: str, key: str) -> str:
        return f"{kind}.{key}" if key in clash else key

    rows = []
    for run in logged:
        row: dict[str, Any] = {"time": run.time, "name": run.name}
        row.update({column("params", k): v for k, v in run.params.items()})
        row.update({column("metrics", k): v for k, v in run.metrics.items()})
        if run.mlflow_run_id:
            row["mlflow_run_id"] = run.mlflow_run_id
        rows.append(row)
    columns = ["time", "name", *(column("params", k) for k in param_names),
               *(column("metrics", k) for k in metric_names)]
    if any(r.mlflow_run_id for r in logged):
        columns.append("mlflow_run_id")
    table = pd.DataFrame(rows, columns=columns)
    table["time"] = pd.to_datetime(table["time"], utc=True, format="ISO8601")
    return table


# ------------------------------------------------------------------ internals
def _logged_runs() -> list[Run]:
    found = []
    for event in api.logged(ITEM, ACTION):
        detail = event.detail or {}
        found.append(Run(
            name=str(detail.get("name", "")), params=dict(detail.get("params") or {}),
            metrics=dict(detail.get("metrics") or {}), time=event.time,
            mlflow_run_id=detail.get("mlflow_run_id"),
        ))
    return found


def _ordered_keys(dicts: Any) -> list[str]:
    seen: dict[str, None] = {}
    for d in dicts:
        seen.update(dict.fromkeys(d))
    return list(seen)


def _run_name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"a run needs a name (a non-empty string), got {name!r}")
    return name.strip()


def _as_mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} should be a dictionary, got {type(value).__name__}")
    bad = [k for k in value if not isinstance(k, str) or not k.strip()]
    if bad:
        raise TypeError(f"the keys of {what} should be non-empty strings; got {bad[0]!r}")
    return value


def _clean_params(params: Any) -> dict[str, Param]:
    clean: dict[str, Param] = {}
    for key, value in _as_mapping(params, "params").items():
        if hasattr(value, "item") and getattr(value, "shape", None) == ():
            value = value.item()  # a NumPy scalar
        if value is None or isinstance(value, (str, bool, int)):
            clean[key] = value
        elif isinstance(value, float):
            clean[key] = value if math.isfinite(value) else str(value)
        else:
            clean[key] = str(value)  # a list, an estimator...: kept as text, as MLflow does
    return clean


def _clean_metrics(metrics: Any) -> dict[str, float]:
    clean: dict[str, float] = {}
    for key, value in _as_mapping(metrics, "metrics").items():
        if hasattr(value, "item") and getattr(value, "shape", None) == ():
            value = value.item()
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"metric {key!r} should be a number, got {type(value).__name__}")
        if not math.isfinite(float(value)):
            raise ValueError(f"metric {key!r} is {value}: a run's metrics must be finite numbers")
        clean[key] = float(value)
    return clean


def _log_to_mlflow(name: str, params: Mapping[str, Param], metrics: Mapping[str, float]) -> str:
    """Send the run to MLflow, wherever its tracking URI points (`MLFLOW_TRACKING_URI` or
    `mlflow.set_tracking_uri`; without either, a local store in the working directory)."""
    import mlflow

    with mlflow.start_run(run_name=name) as active:
        if params:
            mlflow.log_params(dict(params))
        if metrics:
            mlflow.log_metrics(dict(metrics))
        return active.info.run_id
