"""Phase 3, MLOps: a prediction service (FastAPI, pydantic, lifespan), tested and served for real."""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._blind_a import CASES as BLIND
from ._mlops import _SERVICE, COLUMNS, check_model, payload, python_source

SERVICE_SOLUTION = '''\
service_code = """
import os
from contextlib import asynccontextmanager

import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel, Field

COLUMNS = ["mean_radius", "mean_texture", "mean_concave_points", "worst_area"]
state = {}


class Row(BaseModel):
    mean_radius: float = Field(gt=0)
    mean_texture: float = Field(gt=0)
    mean_concave_points: float = Field(ge=0)  # 0: no concavity
    worst_area: float = Field(gt=0)


class PredictRequest(BaseModel):
    rows: list[Row] = Field(min_length=1, max_length=1000)


class PredictResponse(BaseModel):
    predictions: list[int]
    probabilities: list[float]


@asynccontextmanager
async def lifespan(app):
    state["model"] = joblib.load(os.environ.get("MODEL_PATH", "model.joblib"))  # once, at start-up
    yield
    state.clear()


app = FastAPI(title="tumour classifier", lifespan=lifespan)


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict", response_model=PredictResponse)
def predict(request: PredictRequest):
    frame = pd.DataFrame([row.model_dump() for row in request.rows], columns=COLUMNS)
    model = state["model"]
    return PredictResponse(predictions=model.predict(frame).tolist(),
                           probabilities=model.predict_proba(frame)[:, 1].tolist())
"""'''

_RIGHT = '''\
service_code = """
import os
from contextlib import asynccontextmanager
from typing import Annotated

import joblib
import numpy as np
from fastapi import FastAPI, Request
from pydantic import BaseModel, Field, PositiveFloat, conlist

import pandas as pd


class Measurements(BaseModel):
    mean_radius: PositiveFloat
    mean_texture: PositiveFloat
    mean_concave_points: Annotated[float, Field(ge=0, le=1)]
    worst_area: PositiveFloat


class Batch(BaseModel):
    rows: conlist(Measurements, min_length=1, max_length=500)


class Answer(BaseModel):
    predictions: list[int]
    probabilities: list[float]


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.model = joblib.load(os.environ["MODEL_PATH"])
    yield


app = FastAPI(lifespan=lifespan)


@app.get("/health")
async def health() -> dict:
    return {"status": "ok", "model_loaded": hasattr(app.state, "model")}


@app.post("/predict")
async def predict(batch: Batch, request: Request) -> Answer:
    frame = pd.DataFrame([r.model_dump() for r in batch.rows])
    proba = request.app.state.model.predict_proba(frame)[:, 1]
    return Answer(predictions=(proba >= 0.5).astype(int).tolist(), probabilities=proba.tolist())
"""'''


def _variant(old: str, new: str) -> str:
    assert old in SERVICE_SOLUTION, old
    return SERVICE_SOLUTION.replace(old, new)


@exercise(
    "p3.service.predict_api",
    title="A prediction service: FastAPI, pydantic and a model loaded once",
    prompt="Set `service_code` to the source of `serve.py`, a FastAPI app called `app` that serves the "
    "model in the file named by the environment variable `MODEL_PATH`. It loads the model **once, at "
    "start-up** (a lifespan handler), answers `GET /health` with `{\"status\": \"ok\"}`, and "
    "`POST /predict` with a body `{\"rows\": [{\"mean_radius\": ..., \"mean_texture\": ..., "
    "\"mean_concave_points\": ..., \"worst_area\": ...}, ...]}` (at least one row; every "
    "measurement a number > 0, except `mean_concave_points`, which may be 0) returns "
    "`{\"predictions\": [0 or 1, ...], \"probabilities\": [P(malignant), ...]}`. "
    "Use pydantic models, so a bad request gets a 422 that names the field.",
    answer="service_code",
    setup=_SERVICE,
    solution=SERVICE_SOLUTION,
    right=[_RIGHT,
        *BLIND["p3.service.predict_api"]["right"]],
    wrong=[
        _variant('    mean_radius: float = Field(gt=0)\n    mean_texture: float = Field(gt=0)\n'
                 '    mean_concave_points: float = Field(ge=0)  # 0: no concavity\n'
                 '    worst_area: float = Field(gt=0)',
                 '    mean_radius: float\n    mean_texture: float\n    mean_concave_points: float\n'
                 '    worst_area: float'),
        _variant('Field(min_length=1, max_length=1000)', 'Field(max_length=1000)'),
        _variant('mean_texture: float = Field(gt=0)', 'mean_texture: float = Field(default=19.0, gt=0)'),
        _variant('mean_concave_points: float = Field(ge=0)', 'mean_concave_points: float = Field(0.0, ge=0)'),
        _variant('    state["model"] = joblib.load(os.environ.get("MODEL_PATH", "model.joblib"))  # once, at '
                 'start-up\n', '').replace(
            '    model = state["model"]\n',
            '    model = joblib.load(os.environ["MODEL_PATH"])  # every request\n'),
        _variant('@asynccontextmanager\nasync def lifespan(app):\n    state["model"] = joblib.load('
                 'os.environ.get("MODEL_PATH", "model.joblib"))  # once, at start-up\n    yield\n'
                 '    state.clear()\n\n\napp = FastAPI(title="tumour classifier", lifespan=lifespan)',
                 'state["model"] = joblib.load(os.environ.get("MODEL_PATH", "model.joblib"))\n'
                 'app = FastAPI(title="tumour classifier")'),
        _variant('joblib.load(os.environ.get("MODEL_PATH", "model.joblib"))',
                 'joblib.load("model.joblib")'),
        _variant('model.predict_proba(frame)[:, 1]', 'model.predict_proba(frame)[:, 0]'),
        *BLIND["p3.service.predict_api"]["wrong"]],
    hints=[
        "Describe one row with a pydantic `BaseModel` whose fields are `float = Field(gt=0)` (`ge=0` for "
        "concave points: a smooth tumour has none); the "
        "request is another model with `rows: list[Row] = Field(min_length=1, ...)`.",
        "Load the model in a lifespan: an async context manager (contextlib's decorator) that loads "
        "`os.environ[\"MODEL_PATH\"]` with joblib before its `yield`, passed as `FastAPI(lifespan=...)`.",
        "In `/predict`, build `pd.DataFrame([row.model_dump() for row in request.rows])` and return "
        "`model.predict(frame).tolist()` and `model.predict_proba(frame)[:, 1].tolist()`.",
    ],
)
def predict_api(answer):
    import joblib

    from ....labs import serving

    source = python_source(answer, "service_code")
    model, rows = check_model()
    folder = Path(tempfile.mkdtemp(prefix="p3-check-service-"))
    try:
        model_path = folder / "model.joblib"
        path = serving.write_module(source, folder)
        env = {"MODEL_PATH": str(model_path)}
        # The model file does not exist yet: a service that loads it on import fails here.
        try:
            module = serving.import_module(path, env)
        except (FileNotFoundError, OSError, KeyError) as exc:
            raise Incorrect(f"importing serve.py failed ({type(exc).__name__}: "
                            f"{checks.short(str(exc), 60)}): "
                            "it loads the model when it is imported; load it in a lifespan handler, "
                            "which runs when the server starts") from None
        except Exception as exc:  # noqa: BLE001 - the learner's module
            raise Incorrect(f"importing serve.py failed: {type(exc).__name__}: "
                            f"{checks.short(str(exc), 80)}") \
                from None
        app = getattr(module, "app", None)
        if app is None or type(app).__name__ != "FastAPI":
            raise Incorrect(f"serve.py should define `app = FastAPI(...)`; app is {checks.type_name(app)}")
        joblib.dump(model, model_path)
        try:
            with serving.environment(env):
                _exercise_with_test_client(app, model, rows, model_path)
        except Incorrect:
            raise
        except Exception as exc:  # noqa: BLE001 - the learner's app failed under the test client
            raise Incorrect(f"the app failed under FastAPI's test client: {type(exc).__name__}: "
                            f"{checks.short(str(exc), 100)} (does the lifespan load MODEL_PATH?)") from None
        joblib.dump(model, model_path)
        _exercise_over_http(app, env, model, rows, model_path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return ("the service refuses bad input with a 422 naming the field, loads its model once, and "
            "answers over real HTTP from uvicorn: the file is ready for a container.")


def _expected(model: Any, rows: Any) -> tuple[list[int], Any]:
    return model.predict(rows).astype(int).tolist(), model.predict_proba(rows)[:, 1]


def _compare_answer(body: Any, model: Any, rows: Any, where: str) -> None:
    import numpy as np

    if not isinstance(body, dict) or "predictions" not in body or "probabilities" not in body:
        raise Incorrect(f"{where}: /predict answered {checks.short(body, 80)}; it should be an object with "
                        "`predictions` and `probabilities`")
    labels, proba = _expected(model, rows)
    preds, probs = body["predictions"], body["probabilities"]
    if not isinstance(preds, list) or len(preds) != len(labels):
        raise Incorrect(f"{where}: {len(labels)} rows were sent, `predictions` holds "
                        f"{len(preds) if isinstance(preds, list) else checks.type_name(preds)}")
    if not isinstance(probs, list) or len(probs) != len(labels):
        raise Incorrect(f"{where}: `probabilities` should hold one number per row")
    got = np.asarray(probs, dtype=float)
    if np.allclose(got, 1 - proba, atol=1e-9) and not np.allclose(got, proba, atol=1e-9):
        raise Incorrect(f"{where}: `probabilities` are P(benign); give P(malignant), column 1 of "
                        f"predict_proba")
    if not np.allclose(got, proba, atol=1e-9):
        raise Incorrect(f"{where}: the probabilities are not the served model's: predict with the model "
                        "loaded from MODEL_PATH")
    if [int(p) for p in preds] != labels:
        raise Incorrect(f"{where}: the predictions are not the model's labels for the rows sent")


def _expect_422(client: Any, body: Any, field: str | None, what: str) -> None:
    response = client.post("/predict", json=body)
    if response.status_code != 422:
        raise Incorrect(f"a request with {what} got {response.status_code}; it should get 422 (declare the "
                        "constraint on the pydantic model)")
    if field is not None:
        detail = response.json().get("detail", [])
        places = [str(part) for d in detail if isinstance(d, dict) for part in d.get("loc", [])]
        if field not in places:
            raise Incorrect(f"the 422 for {what} does not name the field {field!r}")


def _exercise_with_test_client(app: Any, model: Any, rows: Any, model_path: Path) -> None:
    from fastapi.testclient import TestClient

    good = {"rows": payload(rows)}
    with TestClient(app, raise_server_exceptions=False) as client:
        health = client.get("/health")
        if health.status_code != 200 or not isinstance(health.json(), dict) or \
                health.json().get("status") != "ok":
            raise Incorrect(f"GET /health answered {health.status_code} {checks.short(health.text, 60)}; "
                            "it should answer 200 {\"status\": \"ok\"}")
        response = client.post("/predict", json=good)
        if response.status_code != 200:
            raise Incorrect(f"POST /predict with {len(rows)} good rows answered {response.status_code}: "
                            f"{checks.short(response.text, 100)}")
        _compare_answer(response.json(), model, rows, "test client")
        one = {"rows": good["rows"][:1]}
        for field in COLUMNS:  # every field required: a default would let a missing one through
            missing = {"rows": [{k: v for k, v in good["rows"][0].items() if k != field}]}
            _expect_422(client, missing, field, f"a row without {field}")
        wrong_type = {"rows": [{**good["rows"][0], "mean_texture": "rough"}]}
        _expect_422(client, wrong_type, "mean_texture", "mean_texture = \"rough\"")
        for field, value in (("mean_radius", -3.0), ("mean_radius", 0.0), ("mean_texture", 0.0),
                             ("worst_area", 0.0), ("mean_concave_points", -0.01)):
            bad = {"rows": [{**good["rows"][0], field: value}]}
            _expect_422(client, bad, field, f"{field} = {value}")
        _expect_422(client, {"rows": []}, "rows", "an empty batch (rows = [])")
        _expect_422(client, {"records": good["rows"]}, "rows", "no `rows` key")
        # Loaded once: with the file gone, the service still answers.
        model_path.unlink()
        response = client.post("/predict", json=one)
        if response.status_code != 200:
            raise Incorrect("after start-up the model file was removed and /predict failed "
                            f"({response.status_code}): the service loads the model for every request; load "
                            "it once in the lifespan handler and keep it")
        _compare_answer(response.json(), model, rows.iloc[:1], "test client")


def _exercise_over_http(app: Any, env: dict, model: Any, rows: Any, model_path: Path) -> None:
    """Real HTTP on 127.0.0.1, from uvicorn (in a thread: no new interpreter to wait for)."""
    from ....labs import serving

    body = {"rows": payload(rows)}
    with serving.environment(env), served(app) as server, serving.http_client() as client:
        response = client.post(server.url + "/predict", json=body)
        if response.status_code != 200:
            raise Incorrect(f"over HTTP, POST /predict answered {response.status_code}: "
                            f"{checks.short(response.text, 100)}")
        _compare_answer(response.json(), model, rows, "over HTTP")
        model_path.unlink()
        response = client.post(server.url + "/predict", json=body)
        if response.status_code != 200:
            raise Incorrect("over HTTP, after start-up the model file was removed and /predict failed "
                            f"({response.status_code}): load the model once, in the lifespan handler")


@contextlib.contextmanager
def served(app: Any, sock: Any = None) -> Iterator[Any]:
    """`serving.app_server`, its failure to start told in one line (the traceback in the details)."""
    from ....labs import serving

    try:
        with serving.app_server(app, sock=sock) as server:
            yield server
    except serving.AppFailed as exc:
        raise Incorrect(f"uvicorn could not start your app: {exc.reason} (see the details for the "
                        "traceback; does the lifespan load MODEL_PATH?)", exc.details) from None
