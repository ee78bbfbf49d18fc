"""The files `pathway capstone new` writes: a working skeleton whose every decision is a TODO.

Nothing here is solved: the model, the seed, the service's fields, the tests, the container, the
workflow and the model card are the learner's to decide, so a fresh scaffold fails the rubric line
by line and each line says what is missing. `@TARGET@`, `@FEATURES@`, `@NAME@`, `@DATA@` are
filled in for the chosen dataset.
"""

from __future__ import annotations

CONTRACT = """\
The capstone checker (`pathway capstone check`) relies on three promises; keep them:
- `python train.py` reads its rows only from data/train.csv, writes the fitted model to
  model.joblib (or $MODEL_PATH) and logs one MLflow run to the SQLite store mlflow.db in this folder;
- the model in model.joblib has `.predict(frame)` for a pandas DataFrame with the columns of
  data/train.csv (the target left out);
- `serve.py` is a FastAPI app: GET /health, and POST /predict with one row as a JSON object
  ({"column": value, ...}) answering {"prediction": <label>}.
"""

FILES: dict[str, str] = {}

FILES["README.md"] = """\
# TODO: a title that says what the model does

TODO: two sentences: the problem, who would use the predictions, and how well the model does
(the metric with its uncertainty, from MODEL_CARD.md).

Data: @DATA@ (see MODEL_CARD.md).

## Run it

```bash
python -m venv .venv && . .venv/bin/activate
pip install -e ".[test]"
python train.py          # trains, logs to MLflow (mlflow.db), writes model.joblib
pytest -q
uvicorn serve:app --host 127.0.0.1 --port 8000
```

TODO: show one request to /predict and its answer; say how to open the MLflow UI
(`mlflow ui --backend-store-uri sqlite:///mlflow.db`).

## What I learned

TODO: a short paragraph a reviewer reads in thirty seconds.
"""

FILES["LICENSE"] = """\
TODO: choose a licence for your code (MIT and Apache-2.0 are common: https://choosealicense.com),
paste its full text here with the year and your name, and delete these lines.
"""

FILES[".gitignore"] = """\
# What training and your tools write; none of it belongs in the repository.
mlflow.db
mlruns/
mlartifacts/
model.joblib
.venv/
__pycache__/
*.egg-info/
build/
.pytest_cache/
.env
"""

FILES["pyproject.toml"] = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "@NAME@"
version = "0.1.0"
description = "TODO: one line"
requires-python = ">=3.10"
# TODO: the libraries train.py and serve.py import, each with the lowest version you tested
dependencies = [
    "pandas",
    "scikit-learn",
    "joblib",
    "mlflow",
    "fastapi",
    "uvicorn",
]

[project.optional-dependencies]
test = ["pytest", "httpx"]

[tool.setuptools]
py-modules = ["train", "serve"]
"""

FILES["requirements.txt"] = """\
# TODO: the exact versions the container installs (pip freeze | grep -i -E "pandas|scikit|...").
"""

FILES["train.py"] = '''\
"""Train the model on data/train.csv and log the run to MLflow.

@CONTRACT@"""

from __future__ import annotations

import os
from pathlib import Path

import joblib
import mlflow
import pandas as pd

HERE = Path(__file__).resolve().parent
TRAIN_CSV = HERE / "data" / "train.csv"
MODEL_PATH = Path(os.environ.get("MODEL_PATH", HERE / "model.joblib"))
TRACKING_URI = f"sqlite:///{HERE / 'mlflow.db'}"  # the store lives in this folder, set explicitly
TARGET = "@TARGET@"
# TODO: keep the columns that help and are known when a prediction is asked for; drop ids and
# anything that gives the answer away.
FEATURES = @FEATURES@
SEED = None  # TODO: fix the seed, so two runs give the same model and the same metric


def load() -> tuple[pd.DataFrame, pd.Series]:
    frame = pd.read_csv(TRAIN_CSV)
    return frame[FEATURES], frame[TARGET]


def build_model():
    """TODO: the model as one scikit-learn Pipeline: missing values, categories, scaling, estimator."""
    raise NotImplementedError("TODO: build_model() in train.py: choose your preprocessing and model")


def main() -> float:
    X, y = load()
    # TODO: hold out a validation split (stratified, seeded) and report the metric on it; say in
    # MODEL_CARD.md how uncertain it is (cross-validation spread or a bootstrap interval).
    model = build_model().fit(X, y)
    accuracy = float("nan")
    mlflow.set_tracking_uri(TRACKING_URI)
    mlflow.set_experiment("@NAME@")
    with mlflow.start_run():
        mlflow.log_param("seed", SEED)
        mlflow.log_metric("accuracy", accuracy)
    joblib.dump(model, MODEL_PATH)
    return accuracy


if __name__ == "__main__":
    print(f"validation accuracy: {main():.3f}")
'''

FILES["serve.py"] = '''\
"""The prediction service: FastAPI, the model loaded once.

Run: uvicorn serve:app --host 127.0.0.1 --port 8000
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from pydantic import BaseModel

MODEL_PATH = Path(os.environ.get("MODEL_PATH", Path(__file__).resolve().parent / "model.joblib"))

app = FastAPI(title="TODO: your service's name")


class Row(BaseModel):
    """TODO: one field per feature, with its type (float, int, str) and, where it helps, limits.

    A request that misses a field, or sends a word where a number goes, must be refused (422).
    """


# TODO: load the model ONCE (here, or in a lifespan handler), never inside predict().


@app.get("/health")
def health() -> dict:
    # TODO: report whether the model is loaded
    raise NotImplementedError("TODO: health() in serve.py")


@app.post("/predict")
def predict(row: Row) -> dict:
    # TODO: one-row DataFrame with the model's columns -> {"prediction": label}
    raise NotImplementedError("TODO: predict() in serve.py")
'''

FILES["tests/test_train.py"] = '''\
"""Tests of the training code. Run: pytest -q"""

import pytest


def test_model_beats_the_majority_baseline():
    # TODO: train on part of data/train.csv, score the rest, compare with always predicting the
    # most frequent class; keep it fast (seconds)
    pytest.fail("TODO: write this test")
'''

FILES["tests/test_serve.py"] = '''\
"""Tests of the service, with FastAPI's TestClient (no server needed)."""

import pytest


def test_predict_answers_a_good_row_and_refuses_a_bad_one():
    # TODO: train a small model into a temporary MODEL_PATH, import serve, post one good row
    # (200 and a prediction) and one with a missing field (422)
    pytest.fail("TODO: write this test")
'''

FILES["Dockerfile"] = """\
# TODO: pin the base image to a full version (python:3.12.x-slim-...), install requirements.txt
# before copying the code (so the dependency layer is cached), copy serve.py and model.joblib,
# run as a non-root user, EXPOSE the port, add a HEALTHCHECK on /health, and start uvicorn on
# 0.0.0.0 with an exec-form CMD.
FROM python
COPY . .
"""

FILES[".github/workflows/ci.yml"] = """\
name: ci
# TODO: run on every push and pull request
on: [push]
jobs:
  test:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v5
      # TODO: set up Python with actions/setup-python (and cache pip), install requirements.txt
      # and the project with its test extra, run pytest, and build the Docker image
"""

FILES["MODEL_CARD.md"] = """\
# Model card

## Data
TODO: where the rows come from, how many, what a row is, the target and its classes, what you
dropped and why.

## Metric
TODO: the metric you report and why it fits the problem; its value on validation rows WITH its
uncertainty (e.g. 0.91 ± 0.03 over 5 folds, or a 95% bootstrap interval); the baseline it beats.

## Intended use
TODO: who uses the predictions, for what decision, and what it must not be used for.

## Limits
TODO: where it fails or was never tested (groups, ranges, time), and the risks of a wrong answer.
"""
