"""A finished capstone: the scaffold completed the way a learner would, every TODO decided.

`example(DIR)` runs `new_project` and then writes each file a learner writes (a seeded pipeline,
a typed service that loads its model once, tests, a hardened Dockerfile, a workflow that tests and
builds, a model card whose numbers are measured here), and commits. Its `capstone.toml` says
`example = true`, so checking it never records progress. The tests break copies of it on purpose.
"""

from __future__ import annotations

import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import project, scaffold

TRAIN = '''\
"""Train the model on data/train.csv and log the run to MLflow.

@CONTRACT@"""

from __future__ import annotations

import os
from pathlib import Path

import joblib
import mlflow
import pandas as pd
from sklearn.compose import make_column_selector, make_column_transformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

HERE = Path(__file__).resolve().parent
TRAIN_CSV = HERE / "data" / "train.csv"
MODEL_PATH = Path(os.environ.get("MODEL_PATH", HERE / "model.joblib"))
TRACKING_URI = f"sqlite:///{HERE / 'mlflow.db'}"
TARGET = "@TARGET@"
FEATURES = @FEATURES@  # ids dropped: they carry no signal a new row could share
SEED = 0


def load() -> tuple[pd.DataFrame, pd.Series]:
    frame = pd.read_csv(TRAIN_CSV)
    return frame[FEATURES], frame[TARGET]


def build_model():
    """Impute, one-hot the categories, scale the numbers, then a logistic regression."""
    numbers = make_pipeline(SimpleImputer(strategy="median"), StandardScaler())
    categories = make_pipeline(SimpleImputer(strategy="most_frequent"),
                               OneHotEncoder(handle_unknown="ignore"))
    prepare = make_column_transformer(
        (numbers, make_column_selector(dtype_include="number")),
        (categories, make_column_selector(dtype_exclude="number")),
    )
    return make_pipeline(prepare, LogisticRegression(max_iter=2000, random_state=SEED))


def main() -> float:
    X, y = load()
    X_fit, X_val, y_fit, y_val = train_test_split(X, y, test_size=0.25, stratify=y, random_state=SEED)
    accuracy = float(build_model().fit(X_fit, y_fit).score(X_val, y_val))
    model = build_model().fit(X, y)
    mlflow.set_tracking_uri(TRACKING_URI)
    mlflow.set_experiment("@NAME@")
    with mlflow.start_run():
        mlflow.log_params({"seed": SEED, "model": "logistic_regression", "rows": len(X)})
        mlflow.log_metric("accuracy", accuracy)
    joblib.dump(model, MODEL_PATH)
    return accuracy


if __name__ == "__main__":
    print(f"validation accuracy: {main():.3f}")
'''

SERVE = '''\
"""The prediction service: FastAPI, the model loaded once at start-up.

Run: uvicorn serve:app --host 127.0.0.1 --port 8000
"""

from __future__ import annotations

import os
from pathlib import Path

import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict, Field

MODEL_PATH = Path(os.environ.get("MODEL_PATH", Path(__file__).resolve().parent / "model.joblib"))

app = FastAPI(title="@NAME@")
model = joblib.load(MODEL_PATH)  # once, when the service starts


class Row(BaseModel):
    """One row to predict: every feature, typed; anything else is refused with 422."""

    model_config = ConfigDict(populate_by_name=True)
@FIELDS@

@app.get("/health")
def health() -> dict:
    return {"status": "ok", "model": MODEL_PATH.name}


@app.post("/predict")
def predict(row: Row) -> dict:
    frame = pd.DataFrame([row.model_dump(by_alias=True)])
    label = model.predict(frame)[0]
    return {"prediction": label.item() if hasattr(label, "item") else label}
'''

TEST_TRAIN = '''\
"""Tests of the training code. Run: pytest -q"""

from sklearn.model_selection import train_test_split

import train


def test_model_beats_the_majority_baseline():
    X, y = train.load()
    X_fit, X_val, y_fit, y_val = train_test_split(X, y, test_size=0.3, stratify=y, random_state=1)
    accuracy = train.build_model().fit(X_fit, y_fit).score(X_val, y_val)
    baseline = (y_val == y_fit.mode().iloc[0]).mean()
    assert accuracy > baseline


def test_same_seed_same_predictions():
    X, y = train.load()
    first = train.build_model().fit(X, y).predict_proba(X)
    second = train.build_model().fit(X, y).predict_proba(X)
    assert (first == second).all()
'''

TEST_SERVE = '''\
"""Tests of the service, with FastAPI's TestClient (no server needed)."""

import importlib
import math

import joblib
from fastapi.testclient import TestClient

import train


def test_predict_answers_a_good_row_and_refuses_a_bad_one(tmp_path, monkeypatch):
    X, y = train.load()
    path = tmp_path / "model.joblib"
    joblib.dump(train.build_model().fit(X, y), path)
    monkeypatch.setenv("MODEL_PATH", str(path))
    serve = importlib.reload(importlib.import_module("serve"))
    client = TestClient(serve.app)
    assert client.get("/health").status_code == 200
    row = X.dropna().iloc[0].to_dict()
    row = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
    answer = client.post("/predict", json=row)
    assert answer.status_code == 200
    assert str(answer.json()["prediction"]) in set(map(str, y))
    missing = dict(row)
    missing.pop(next(iter(missing)))
    assert client.post("/predict", json=missing).status_code == 422
    assert not any(isinstance(v, float) and math.isnan(v) for v in row.values())
'''

DOCKERFILE = """\
FROM python:3.12.8-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 MODEL_PATH=/app/model.joblib
WORKDIR /app

# Dependencies first: this layer is rebuilt only when requirements.txt changes.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt \\
    && useradd --no-log-init --create-home --uid 10001 app

COPY --chown=app:app serve.py model.joblib ./
USER app

EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \\
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"]
CMD ["uvicorn", "serve:app", "--host", "0.0.0.0", "--port", "8000"]
"""

WORKFLOW = """\
name: ci
on:
  push:
  pull_request:
permissions:
  contents: read
jobs:
  test-and-build:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
          cache: pip
      - name: Install
        run: pip install -r requirements.txt -e ".[test]"
      - name: Test
        run: pytest -q
      - name: Train
        run: python train.py
      - name: Build the image
        run: docker build -t capstone:${{ github.sha }} .
"""

MIT = """\
MIT License

Copyright (c) 2026 Capstone Learner

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute,
sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or
substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

_RUNTIME = ("pandas", "scikit-learn", "joblib", "fastapi", "uvicorn", "pydantic")


def _fields(frame) -> str:
    lines = []
    for column in frame.columns:
        kind = "float" if frame[column].dtype.kind in "fiu" else "str"
        name = column if column.isidentifier() and not column.startswith("_") else f"field_{len(lines)}"
        alias = "" if name == column else f"Field(alias={column!r})"
        lines.append(f"    {name}: {kind}" + (f" = {alias}" if alias else ""))
    return "\n".join(lines) + "\n"


def _measured(folder: Path, features: list[str], target: str) -> str:
    """The card's metric sentence, measured: 5-fold accuracy mean ± standard deviation."""
    import pandas as pd
    from sklearn.compose import make_column_selector, make_column_transformer
    from sklearn.impute import SimpleImputer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    frame = pd.read_csv(folder / project.TRAIN_CSV)
    prepare = make_column_transformer(
        (make_pipeline(SimpleImputer(strategy="median"), StandardScaler()),
         make_column_selector(dtype_include="number")),
        (make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")),
         make_column_selector(dtype_exclude="number")))
    model = make_pipeline(prepare, LogisticRegression(max_iter=2000, random_state=0))
    scores = cross_val_score(model, frame[features], frame[target], cv=5)
    majority = (frame[target] == frame[target].mode().iloc[0]).mean()
    return (f"Accuracy {scores.mean():.3f} ± {scores.std():.3f} (mean ± standard deviation over 5 "
            f"cross-validation folds of data/train.csv); always predicting the most frequent class scores "
            f"{majority:.3f}. Accuracy fits because the classes are what a user acts on and every "
            "mistake costs about the same here.")


def example(folder: str | os.PathLike[str], data: str = "penguins") -> Path:
    """Scaffold `folder` and complete it as a learner would; returns the project folder."""
    import pandas as pd

    created = scaffold.new_project(folder, data, example=True)
    root, target = created.folder, created.target
    frame = pd.read_csv(root / project.TRAIN_CSV)
    features = [c for c in frame.columns if c != target and c.lower() != "id"]
    fill = {"@CONTRACT@": scaffold.templates.CONTRACT, "@TARGET@": target, "@FEATURES@": repr(features),
            "@NAME@": root.name, "@FIELDS@": _fields(frame[features])}
    files = {"train.py": TRAIN, "serve.py": SERVE, "tests/test_train.py": TEST_TRAIN,
             "tests/test_serve.py": TEST_SERVE, "Dockerfile": DOCKERFILE,
             ".github/workflows/ci.yml": WORKFLOW,
             "LICENSE": MIT, "requirements.txt": _requirements(), "MODEL_CARD.md": _card(created, features),
             "README.md": _readme(created, features)}
    for name, text in files.items():
        for key, value in fill.items():
            text = text.replace(key, value)
        (root / name).write_text(text, encoding="utf-8")
    card = root / "MODEL_CARD.md"
    card.write_text(card.read_text(encoding="utf-8").replace("@METRIC@", _measured(root, features, target)),
                    encoding="utf-8")
    project.git(root, "add", "-A")
    project.git(root, "-c", "commit.gpgsign=false", "commit", "-q", "-m",
                "Train, serve, test, containerise and document the model")
    return root


def _requirements() -> str:
    pins = []
    for name in _RUNTIME:
        try:
            pins.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            pins.append(name)
    return "# What the container installs, pinned to the versions tested.\n" + "\n".join(pins) + "\n"


def _card(created: scaffold.Created, features: list[str]) -> str:
    return f"""\
# Model card

## Data
{created.shipped} labelled rows of the workbook's {created.dataset} data (data/train.csv); each row is
one record described by {len(features)} columns ({", ".join(features)}) and the target
`{created.target}`. Identifier columns were dropped; missing values are imputed inside the pipeline.

## Metric
@METRIC@

## Intended use
A portfolio project showing the whole path of a model: training logged to MLflow, tests, a typed
prediction service and a container. It is meant for learning and demonstration, not for decisions
about real animals, customers or people.

## Limits
The rows come from one source and a few years; the model was never tested on other places, times
or instruments, and a logistic regression misses interactions between features. Rows far outside
the training ranges get confident but untested answers.
"""


def _readme(created: scaffold.Created, features: list[str]) -> str:
    return f"""\
# Predicting `{created.target}` from {len(features)} measurements

A small, complete machine-learning project: a seeded scikit-learn pipeline trained on
{created.shipped} rows, every run logged to MLflow, a FastAPI service that loads the model once and
refuses malformed rows, tests, a Docker image and a CI workflow. The metric and its uncertainty are
in MODEL_CARD.md.

## Run it

```bash
python -m venv .venv && . .venv/bin/activate
pip install -e ".[test]"
python train.py
pytest -q
uvicorn serve:app --host 127.0.0.1 --port 8000
```

Open the runs with `mlflow ui --backend-store-uri sqlite:///mlflow.db`.

## What I learned

Fixing every seed makes a result something others can check; a service should refuse what it
cannot answer; and the model card is where the uncertainty goes.
"""
