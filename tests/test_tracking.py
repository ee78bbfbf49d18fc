"""Experiment tracking: runs go in the one event log and come back as a table to compare."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import pathway
from pathway.labs import tracking


def test_no_runs_gives_an_empty_table(home):
    table = tracking.runs()
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns) == ["time", "name"] and table.empty


def test_runs_come_back_one_row_each_with_params_and_metrics_as_columns(home):
    first = tracking.log_run("small C", {"C": 0.01, "penalty": "l2"}, {"accuracy": 0.91},
                             use_mlflow=False)
    tracking.log_run("large C", {"C": 100.0, "penalty": "l2"}, {"accuracy": 0.95, "f1": 0.94},
                     use_mlflow=False)
    assert first.name == "small C" and first.mlflow_run_id is None and first.time
    table = tracking.runs()
    assert list(table.columns) == ["time", "name", "C", "penalty", "accuracy", "f1"]
    assert table["name"].tolist() == ["small C", "large C"]
    assert table["C"].tolist() == [0.01, 100.0]
    assert np.isnan(table.loc[0, "f1"]) and table.loc[1, "f1"] == 0.94
    assert table.loc[table["accuracy"].idxmax(), "name"] == "large C"
    assert pd.api.types.is_datetime64_any_dtype(table["time"])


def test_runs_live_in_the_event_log_and_leave_the_status_alone(home):
    pathway.mark(tracking.ITEM, "in_progress")
    tracking.log_run("a", {"k": 3}, {"score": 0.5}, use_mlflow=False)
    events = pathway.logged(tracking.ITEM, tracking.ACTION)
    assert len(events) == 1
    assert events[0].detail == {"action": "run", "name": "a", "params": {"k": 3},
                                "metrics": {"score": 0.5}}
    assert pathway.statuses()[tracking.ITEM] == "in_progress"
    exported = pathway.store().export()["events"]  # export covers runs: they are ordinary events
    assert any((e["detail"] or {}).get("name") == "a" for e in exported)


def test_numpy_values_are_stored_as_plain_numbers_and_other_params_as_text(home):
    run = tracking.log_run(
        "numpy", {"n": np.int64(5), "alpha": np.float64(0.5), "layers": (64, 32), "flag": True},
        {"rmse": np.float32(1.5)}, use_mlflow=False,
    )
    assert run.params == {"n": 5, "alpha": 0.5, "layers": "(64, 32)", "flag": True}
    assert run.metrics == {"rmse": 1.5} and type(run.metrics["rmse"]) is float
    assert tracking.runs().loc[0, "layers"] == "(64, 32)"


def test_a_name_used_for_a_param_and_a_metric_gets_prefixed(home):
    tracking.log_run("clash", {"score": "f1"}, {"score": 0.8}, use_mlflow=False)
    assert list(tracking.runs().columns) == ["time", "name", "params.score", "metrics.score"]


@pytest.mark.parametrize(
    "name,params,metrics,error",
    [
        ("", {}, {"a": 1.0}, ValueError),
        (None, {}, {"a": 1.0}, ValueError),
        ("x", [("C", 1)], {"a": 1.0}, TypeError),
        ("x", {1: "C"}, {"a": 1.0}, TypeError),
        ("x", {}, {"a": "high"}, TypeError),
        ("x", {}, {"a": True}, TypeError),
        ("x", {}, {"a": float("nan")}, ValueError),
    ],
)
def test_bad_runs_are_refused_with_a_reason_and_nothing_is_logged(home, name, params, metrics, error):
    with pytest.raises(error, match=r"\w+"):
        tracking.log_run(name, params, metrics, use_mlflow=False)
    assert tracking.runs().empty


def test_mlflow_detection_matches_importlib(home):
    import importlib.util

    assert tracking.mlflow_available() == (importlib.util.find_spec("mlflow") is not None)


def test_runs_also_reach_mlflow_when_it_is_installed(home, tmp_path, monkeypatch):
    mlflow = pytest.importorskip("mlflow")
    monkeypatch.setenv("MLFLOW_TRACKING_URI", (tmp_path / "mlruns").as_uri())
    run = tracking.log_run("with mlflow", {"C": 1.0}, {"accuracy": 0.9}, use_mlflow=True)
    assert run.mlflow_run_id
    stored = mlflow.get_run(run.mlflow_run_id)
    assert stored.data.params == {"C": "1.0"} and stored.data.metrics == {"accuracy": 0.9}
    assert tracking.runs()["mlflow_run_id"].tolist() == [run.mlflow_run_id]
