"""Phase 3, MLOps: the cloud serving contracts, offline (SageMaker's scikit-learn handlers, Vertex AI)."""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._blind_c import CASES as BLIND
from ._mlops import _SERVICE, COLUMNS, check_model, payload, python_source
from .service import served

_SAGEMAKER = '''\
inference_code = """
import io
import json
import os

import joblib
import pandas as pd

COLUMNS = ["mean_radius", "mean_texture", "mean_concave_points", "worst_area"]


def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, "model.joblib"))


def input_fn(request_body, request_content_type):
    if isinstance(request_body, bytes):
        request_body = request_body.decode("utf-8")
    if request_content_type == "text/csv":
        return pd.read_csv(io.StringIO(request_body), header=None, names=COLUMNS)
    if request_content_type == "application/json":
        return pd.DataFrame(json.loads(request_body), columns=COLUMNS)
    raise ValueError(f"unsupported content type: {request_content_type}")


def predict_fn(input_object, model):
    return model.predict(input_object)


def output_fn(prediction, content_type):
    if content_type == "application/json":
        return json.dumps(prediction.tolist())
    if content_type == "text/csv":
        return "\\\\n".join(str(int(p)) for p in prediction)
    raise ValueError(f"unsupported accept type: {content_type}")
"""'''

_SAGEMAKER_RIGHT = '''\
inference_code = """
import json
from pathlib import Path

import joblib
import numpy as np
import pandas as pd

NAMES = ["mean_radius", "mean_texture", "mean_concave_points", "worst_area"]


def model_fn(model_dir):
    return joblib.load(Path(model_dir) / "model.joblib")


def input_fn(body, content_type):
    text = body.decode() if isinstance(body, (bytes, bytearray)) else body
    if content_type.startswith("text/csv"):
        rows = np.atleast_2d(np.loadtxt(text.strip().splitlines(), delimiter=","))
    elif content_type.startswith("application/json"):
        rows = np.asarray(json.loads(text), dtype=float)
    else:
        raise ValueError("only text/csv and application/json")
    return pd.DataFrame(rows, columns=NAMES)


def predict_fn(rows, model):
    return model.predict(rows)


def output_fn(labels, accept):
    if accept.startswith("application/json"):
        return json.dumps([int(v) for v in labels]).encode()
    if accept.startswith("text/csv"):
        return ("\\\\n".join(map(str, labels)) + "\\\\n").encode()
    raise ValueError(accept)
"""'''


def _module_in(folder: Path, source: str, name: str, env: dict | None = None) -> Any:
    from ....labs import serving

    path = serving.write_module(source, folder, name)
    try:
        return serving.import_module(path, env)
    except Exception as exc:  # noqa: BLE001 - the learner's module
        raise Incorrect(f"importing {name}.py failed: {type(exc).__name__}: "
                        f"{checks.short(str(exc), 80)}") from None


def _labels_from(body: Any, accept: str, n: int) -> list[int]:
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8")
    if not isinstance(body, str):
        raise Incorrect(f"output_fn(..., {accept!r}) returned {checks.type_name(body)}; it should return the "
                        "response body (bytes or text)")
    try:
        if accept == "application/json":
            value = json.loads(body)
            if not isinstance(value, list):
                raise Incorrect(f"the application/json response {checks.short(body, 60)} is not a JSON list: "
                                "return the labels as a list, e.g. json.dumps(prediction.tolist())")
            labels = [int(v) for v in value]
        else:
            lines = body.splitlines()
            if any("," in line or len(line.split()) > 1 for line in lines):
                raise Incorrect(f"the text/csv response {checks.short(body, 40)} puts several labels on "
                                "a line: write one label per line")
            labels = [int(float(line)) for line in lines if line.strip()]
    except (TypeError, ValueError):
        raise Incorrect(f"the {accept} response {checks.short(body, 60)} is not a list of labels") from None
    if len(labels) != n:
        raise Incorrect(f"{n} rows were sent as {accept}; the response holds {len(labels)} labels")
    return labels


def _refuses(fn: Any, args: tuple, what: str) -> None:
    """The contract's last clause: anything but CSV and JSON raises ValueError."""
    _, exc = checks.attempt(fn, *args, name=what)
    if isinstance(exc, ValueError):
        return
    if exc is not None:
        raise Incorrect(f"{what} raised {type(exc).__name__} for an unsupported type; raise ValueError")
    raise Incorrect(f"{what} accepted an unsupported type; raise ValueError for anything but text/csv "
                    "and application/json")


@exercise(
    "p3.cloud.sagemaker_contract",
    title="SageMaker's scikit-learn serving contract",
    prompt="Set `inference_code` to the source of `inference.py` for SageMaker's scikit-learn container: "
    "`model_fn(model_dir)` loads `model.joblib` from `model_dir`; `input_fn(request_body, "
    "request_content_type)` turns a `text/csv` body (one row of the four measurements per line, no "
    "header) or an `application/json` body (a list of rows, each a list of four numbers) into the "
    "model's input; `predict_fn(input_object, model)` predicts labels; `output_fn(prediction, "
    "content_type)` returns them as `text/csv` (one label per line) or `application/json` (a list). "
    "Any other content type raises `ValueError`. The body may arrive as bytes or text.",
    answer="inference_code",
    setup=_SERVICE,
    solution=_SAGEMAKER,
    right=[_SAGEMAKER_RIGHT,
        *BLIND["p3.cloud.sagemaker_contract"]["right"]],
    wrong=[
        _SAGEMAKER.replace('    raise ValueError(f"unsupported content type: {request_content_type}")\n',
                           '    return pd.DataFrame(json.loads(request_body), columns=COLUMNS)\n'),
        _SAGEMAKER.replace('pd.read_csv(io.StringIO(request_body), header=None, names=COLUMNS)',
                           'pd.read_csv(io.StringIO(request_body), header=0, names=COLUMNS)'),
        _SAGEMAKER.replace('os.path.join(model_dir, "model.joblib")', '"model.joblib"'),
        _SAGEMAKER.replace("return model.predict(input_object)", "return "
                                                                 "model.predict_proba(input_object)[:, 1]"),
        _SAGEMAKER.replace('    if isinstance(request_body, bytes):\n        request_body = '
                           'request_body.decode("utf-8")\n', ''),
        _SAGEMAKER.replace('    raise ValueError(f"unsupported accept type: {content_type}")\n',
                           '    return json.dumps(prediction.tolist())\n'),
        _SAGEMAKER.replace('return "\\\\n".join(str(int(p)) for p in prediction)',
                           'return ",".join(str(int(p)) for p in prediction)'),
        _SAGEMAKER.replace('pd.read_csv(io.StringIO(request_body), header=None, names=COLUMNS)',
                           'pd.DataFrame([[float(v) for v in line.split(",")] for line in '
                           'request_body.split("\\\\n")], columns=COLUMNS)'),
        _SAGEMAKER.replace('pd.read_csv(io.StringIO(request_body), header=None, names=COLUMNS)',
                           'pd.DataFrame(np.loadtxt(io.StringIO(request_body), delimiter=","), '
                           'columns=COLUMNS)')
                  .replace("import joblib\n", "import joblib\nimport numpy as np\n"),
        *BLIND["p3.cloud.sagemaker_contract"]["wrong"]],
    hints=[
        "The container calls `model = model_fn(model_dir)` once, then for each request "
        "`output_fn(predict_fn(input_fn(body, content_type), model), accept)`.",
        "In `input_fn`, decode bytes first; `pd.read_csv(io.StringIO(text), header=None, names=COLUMNS)` "
        "reads CSV rows without a header; `json.loads` gives the list of rows for JSON.",
        "In `output_fn`, `json.dumps(prediction.tolist())` for JSON and one `str(int(p))` per line for CSV; "
        "`raise ValueError(...)` for any other type.",
    ],
)
def sagemaker_contract(answer):
    import joblib
    import numpy as np

    source = python_source(answer, "inference_code")
    model, rows = check_model(seed=23)
    want = model.predict(rows).astype(int).tolist()
    folder = Path(tempfile.mkdtemp(prefix="p3-check-sagemaker-"))
    try:
        model_dir = folder / f"model-{uuid.uuid4().hex[:6]}"
        model_dir.mkdir()
        joblib.dump(model, model_dir / "model.joblib")
        code = folder / "code"
        code.mkdir()
        module = _module_in(code, source, "inference")
        missing = [f for f in ("model_fn", "input_fn", "predict_fn", "output_fn")
                   if not callable(getattr(module, f, None))]
        if missing:
            raise Incorrect(f"inference.py does not define {', '.join(missing)}")
        loaded = checks.call(module.model_fn, str(model_dir), name="model_fn")
        if not hasattr(loaded, "predict"):
            raise Incorrect(f"model_fn returned {checks.type_name(loaded)}; return the loaded model")
        csv_text = "\n".join(",".join(repr(float(v)) for v in row) for row in rows.to_numpy())
        json_text = json.dumps(rows.to_numpy().tolist())
        one_row = csv_text.splitlines()[0]
        requests = [(csv_text.encode(), "text/csv", "text/csv", rows),
                    (json_text.encode(), "application/json", "application/json", rows),
                    (csv_text + "\n", "text/csv", "application/json", rows),  # a body ending in a newline
                    (json_text, "application/json", "text/csv", rows),
                    (one_row.encode(), "text/csv", "text/csv", rows.iloc[:1])]  # a one-row body
        for body, content_type, accept, sent in requests:
            want = model.predict(sent).astype(int).tolist()
            data = checks.call(module.input_fn, body, content_type, name="input_fn")
            prediction = checks.call(module.predict_fn, data, loaded, name="predict_fn")
            if len(np.asarray(prediction).ravel()) != len(sent):
                raise Incorrect(f"for {len(sent)} {content_type} row{'s' * (len(sent) > 1)}"
                                f"{' ending in a newline' if body == csv_text + chr(10) else ''}, predict_fn "
                                f"gave {len(np.asarray(prediction).ravel())} predictions (a header row read "
                                "as data, a row lost as a header, or an empty last line read as a row?)")
            out = checks.call(module.output_fn, prediction, accept, name=f"output_fn(..., {accept!r})")
            got = _labels_from(out, accept, len(sent))
            if got != want:
                raise Incorrect(f"a {content_type} request answered as {accept} does not give the "
                                f"model's labels "
                                "(predict_fn should return model.predict: labels, not probabilities)")
        _refuses(module.input_fn, (b"[[14.0, 20.0, 0.05, 700.0]]", "text/plain"),
                 "input_fn(body, 'text/plain')")
        _refuses(module.output_fn, (model.predict(rows.iloc[:2]), "application/x-npy"),
                 "output_fn(prediction, 'application/x-npy')")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return ("called as SageMaker's container calls it: model_fn once, then input_fn → predict_fn → output_fn "
            "for CSV and JSON, bytes or text. Deploying it is an entry_point away.")


_VERTEX = '''\
vertex_code = """
import os
from contextlib import asynccontextmanager

import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel, Field

HEALTH_ROUTE = os.environ.get("AIP_HEALTH_ROUTE", "/health")
PREDICT_ROUTE = os.environ.get("AIP_PREDICT_ROUTE", "/predict")
state = {}


class Instance(BaseModel):
    mean_radius: float = Field(gt=0)
    mean_texture: float = Field(gt=0)
    mean_concave_points: float = Field(ge=0)  # 0: no concavity
    worst_area: float = Field(gt=0)


class VertexRequest(BaseModel):
    instances: list[Instance] = Field(min_length=1)


@asynccontextmanager
async def lifespan(app):
    state["model"] = joblib.load(os.environ.get("MODEL_PATH", "model.joblib"))
    yield


app = FastAPI(lifespan=lifespan)


@app.get(HEALTH_ROUTE)
def health():
    return {"status": "ok"}


@app.post(PREDICT_ROUTE)
def predict(request: VertexRequest):
    frame = pd.DataFrame([i.model_dump() for i in request.instances])
    return {"predictions": state["model"].predict(frame).tolist()}
"""'''


@exercise(
    "p3.cloud.vertex_contract",
    title="Vertex AI's custom-container contract",
    prompt="Set `vertex_code` to the source of an app for a Vertex AI custom container: a FastAPI `app` "
    "that reads its routes from the variables Vertex AI sets, `AIP_HEALTH_ROUTE` (GET, answers 200) and "
    "`AIP_PREDICT_ROUTE` (POST), loads the model from `MODEL_PATH` at start-up, and answers "
    "`{\"instances\": [row, ...]}` (rows as in the service above) with `{\"predictions\": [label, ...]}`. "
    "The port comes from `AIP_HTTP_PORT`, which the container's command passes to uvicorn.",
    answer="vertex_code",
    setup=_SERVICE,
    solution=_VERTEX,
    right=[_VERTEX.replace('@app.get(HEALTH_ROUTE)\ndef health():\n    return {"status": "ok"}\n\n\n', '')
           .replace('app = FastAPI(lifespan=lifespan)\n',
                    'app = FastAPI(lifespan=lifespan)\napp.add_api_route(os.environ["AIP_HEALTH_ROUTE"], '
                    'lambda: {"healthy": True}, methods=["GET"])\n'),
        *BLIND["p3.cloud.vertex_contract"]["right"]],
    wrong=[
        _VERTEX.replace('os.environ.get("AIP_PREDICT_ROUTE", "/predict")', '"/predict"'),
        _VERTEX.replace('os.environ.get("AIP_HEALTH_ROUTE", "/health")', '"/health"'),
        _VERTEX.replace('return {"predictions": state["model"].predict(frame).tolist()}',
                        'return {"instances": state["model"].predict(frame).tolist()}'),
        _VERTEX.replace('instances: list[Instance]', 'rows: list[Instance]')
               .replace("request.instances", "request.rows"),
        _VERTEX.replace('return {"predictions": state["model"].predict(frame).tolist()}',
                        'model = joblib.load(os.environ["MODEL_PATH"])  # per request\n'
                        '    return {"predictions": model.predict(frame).tolist()}'),
        _VERTEX.replace('    state["model"] = joblib.load(os.environ.get("MODEL_PATH", "model.joblib"))\n',
                        '    state["model"] = joblib.load("model.joblib")\n'),
        *BLIND["p3.cloud.vertex_contract"]["wrong"]],
    hints=[
        "Read the routes once, at import, from `os.environ` (with `/health` and `/predict` as "
        "defaults), and use those variables in the decorators.",
        "The request model has one field, `instances: list[Instance]`; the answer is a dict with one key, "
        "`predictions`.",
        "Start from your service: rename `rows` to `instances`, return `{\"predictions\": labels}`, and "
        "put the two route variables in the `get` and `post` decorators.",
    ],
)
def vertex_contract(answer):
    import joblib

    from ....labs import serving

    source = python_source(answer, "vertex_code")
    model, rows = check_model(seed=31)
    folder = Path(tempfile.mkdtemp(prefix="p3-check-vertex-"))
    sock = serving.bound_socket()
    port = int(sock.getsockname()[1])
    token = uuid.uuid4().hex[:6]
    env = {"AIP_HTTP_PORT": str(port), "AIP_HEALTH_ROUTE": f"/health-{token}",
           "AIP_PREDICT_ROUTE": f"/v1/endpoints/{token}/deployedModels/7:predict",
           "MODEL_PATH": str(folder / "model.joblib")}
    try:
        model_file = folder / "model.joblib"
        joblib.dump(model, model_file)
        app = getattr(_module_in(folder, source, "serve", env), "app", None)
        if app is None or type(app).__name__ != "FastAPI":
            raise Incorrect(f"vertex_code should define `app = FastAPI(...)`; app is {checks.type_name(app)}")
        with serving.environment(env), served(app, sock) as server, serving.http_client() as client:
            health = client.get(server.url + env["AIP_HEALTH_ROUTE"])
            if health.status_code != 200:
                raise Incorrect(f"GET AIP_HEALTH_ROUTE ({env['AIP_HEALTH_ROUTE']}) answered "
                                f"{health.status_code}: read the health route from os.environ")
            model_file.unlink()  # loaded at start-up: the file is no longer needed
            body = {"instances": payload(rows)}
            response = client.post(server.url + env["AIP_PREDICT_ROUTE"], json=body)
            if response.status_code == 404:
                raise Incorrect("POST AIP_PREDICT_ROUTE answered 404: read the predict route from "
                                "os.environ[\"AIP_PREDICT_ROUTE\"]")
            if response.status_code >= 500:
                raise Incorrect(f"POST {{\"instances\": [...]}} answered {response.status_code} once the "
                                "model file had been removed after start-up: load the model once, at "
                                "start-up (a lifespan handler), not per request")
            if response.status_code != 200:
                raise Incorrect(f"POST {{\"instances\": [...]}} answered {response.status_code}: "
                                f"{checks.short(response.text, 100)}")
            answer_body = response.json()
    finally:
        sock.close()
        shutil.rmtree(folder, ignore_errors=True)
    if not isinstance(answer_body, dict) or "predictions" not in answer_body:
        raise Incorrect(f"the answer is {checks.short(answer_body, 60)}; Vertex AI expects "
                        f"{{\"predictions\": [...]}}")
    preds = answer_body["predictions"]
    want = model.predict(rows).astype(int).tolist()
    try:
        got = [int(p) for p in preds]
    except (TypeError, ValueError):
        raise Incorrect("`predictions` should hold one label per instance") from None
    if got != want:
        raise Incorrect("the predictions are not the model's labels for the instances sent")
    return (f"started with Vertex AI's variables (port {port}, routes {env['AIP_HEALTH_ROUTE']} and "
            f"…:predict), the app answered instances with predictions: {len(COLUMNS)} fields in, labels out.")
