"""Experiment tracking is MLflow itself now: the lab only points it at a SQLite store in a folder of
ours, with telemetry off. These tests run the MLflow path for real (it used to be an untested branch)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pathway.labs import mlflow_store  # first: it switches telemetry off before mlflow is imported

pytest.importorskip("mlflow")


@pytest.fixture
def restore_uris():
    """Put MLflow back on the URIs it had (the session's store, tests/conftest.py), never on None:
    an unset URI makes MLflow 3 write ./mlflow.db into whatever folder the next call runs in."""
    import mlflow

    before = mlflow.get_tracking_uri(), mlflow.get_registry_uri()
    yield
    mlflow.set_tracking_uri(before[0])
    mlflow.set_registry_uri(before[1])


@pytest.fixture
def store(tmp_path, monkeypatch, restore_uris):
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    return mlflow_store.use_store(tmp_path / "store", experiment="tests")


def test_importing_the_lab_turns_telemetry_off_before_mlflow_is_imported():
    code = ("import os, sys; import pathway.labs.mlflow_store as m; "
            "print(os.environ['MLFLOW_DISABLE_TELEMETRY'], os.environ['DO_NOT_TRACK'], 'mlflow' in "
            "sys.modules)")
    env = {k: v for k, v in os.environ.items() if k not in ("MLFLOW_DISABLE_TELEMETRY", "DO_NOT_TRACK")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["true", "true", "False"]


def test_a_learner_who_opts_in_keeps_the_choice(monkeypatch):
    monkeypatch.setenv("DO_NOT_TRACK", "false")
    mlflow_store.go_offline()
    assert os.environ["DO_NOT_TRACK"] == "false"


def test_the_store_is_a_sqlite_file_in_the_folder_and_nothing_lands_in_the_cwd(store, tmp_path):
    import mlflow
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression

    assert store.tracking_uri == f"sqlite:///{tmp_path / 'store' / 'mlflow.db'}"
    assert mlflow.get_tracking_uri() == store.tracking_uri
    X, y = load_iris(return_X_y=True)
    model = LogisticRegression(max_iter=500).fit(X, y)
    with mlflow.start_run(run_name="iris") as run:
        mlflow.log_param("C", 1.0)
        mlflow.log_metric("accuracy", model.score(X, y))
        mlflow.sklearn.log_model(model, name="model", pip_requirements=["scikit-learn"])
    assert (tmp_path / "store" / "mlflow.db").is_file()
    assert any((tmp_path / "store" / "artifacts").rglob("MLmodel"))
    assert list(Path.cwd().iterdir()) == []  # no ./mlruns, no ./mlartifacts
    table = mlflow_store.current_runs()
    assert table["run_id"].tolist() == [run.info.run_id]
    assert table.loc[0, "params.C"] == "1.0" and table.loc[0, "metrics.accuracy"] > 0.9


def test_use_store_twice_reuses_the_experiment(store, tmp_path):
    again = mlflow_store.use_store(tmp_path / "store", experiment="tests")
    assert again.experiment_id == store.experiment_id
    assert mlflow_store.active_experiment_id() == store.experiment_id


def test_a_store_without_a_folder_goes_to_a_new_temporary_folder(tmp_path, monkeypatch, restore_uris):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    fresh = mlflow_store.use_store()
    assert fresh.folder.parent == tmp_path.resolve() and fresh.folder.name.startswith("mlflow-store-")


def test_the_start_up_messages_of_a_new_store_are_not_shown(tmp_path, restore_uris, caplog):
    import logging

    with caplog.at_level(logging.INFO):
        mlflow_store.use_store(tmp_path / "quiet", experiment="tests")
    routine = [r.getMessage() for r in caplog.records
               if r.levelno < logging.WARNING and r.name.startswith(("mlflow", "alembic"))]
    assert not routine, routine


def test_ui_command_opens_this_store_on_loopback(store):
    assert store.ui_command.startswith("mlflow ui --backend-store-uri ")
    assert store.tracking_uri in store.ui_command and "--host 127.0.0.1" in store.ui_command


def test_telemetry_is_off(store):
    assert mlflow_store.telemetry_off()


def test_reading_runs_without_a_store_says_so_and_writes_nothing(tmp_path, monkeypatch, restore_uris):
    import mlflow

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MLFLOW_TRACKING_URI", raising=False)
    mlflow.set_tracking_uri(None)  # a fresh kernel that skipped the use_store cell
    assert not mlflow_store.store_in_use()
    with pytest.raises(RuntimeError, match=r"use_store\(\) first"):
        mlflow_store.current_runs()
    assert list(tmp_path.iterdir()) == []  # no ./mlflow.db
    mlflow_store.use_store(tmp_path / "store", experiment="tests")
    assert mlflow_store.store_in_use()


def test_a_new_store_shows_nothing_in_red_in_a_notebook(tmp_path):
    """In a real kernel (where tqdm looks for ipywidgets), use_store writes nothing to stderr: no
    "Creating initial MLflow database tables", no "IProgress not found"; and nothing in its folder."""
    import nbformat
    from nbclient import NotebookClient

    (tmp_path / "work").mkdir()
    nb = nbformat.v4.new_notebook()
    folder = str(tmp_path / "store")
    nb.cells.append(nbformat.v4.new_code_cell(
        f"from pathway.labs import mlflow_store\nstore = mlflow_store.use_store({folder!r})"))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path / "work")}}).execute()
    red = [o.get("text", "") for o in nb.cells[0].outputs if o.get("name") == "stderr"]
    assert not red, red
    assert list((tmp_path / "work").iterdir()) == []
