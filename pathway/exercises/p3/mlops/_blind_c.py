# ruff: noqa: E501 - the red team's answers, verbatim
"""Blind red-team answers for notebook 03c, part c: written from the prompts and setups only.

For sagemaker_contract, vertex_contract, pick_tool.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
"""

from ._blind import CASE_TYPE, _v

CASES: CASE_TYPE = {}

# ---------------- SageMaker
SM = r'''inference_code = r"""
import io
import json
import os

import joblib
import numpy as np


def model_fn(model_dir):
    return joblib.load(os.path.join(model_dir, "model.joblib"))


def input_fn(request_body, request_content_type):
    if isinstance(request_body, (bytes, bytearray)):
        request_body = request_body.decode("utf-8")
    if request_content_type == "text/csv":
        return np.loadtxt(io.StringIO(request_body), delimiter=",", ndmin=2)
    if request_content_type == "application/json":
        return np.asarray(json.loads(request_body), dtype=float).reshape(-1, 4)
    raise ValueError(f"unsupported content type: {request_content_type}")


def predict_fn(input_object, model):
    return model.predict(input_object)


def output_fn(prediction, content_type):
    labels = [int(p) for p in prediction]
    if content_type == "text/csv":
        return "\n".join(str(v) for v in labels)
    if content_type == "application/json":
        return json.dumps(labels)
    raise ValueError(f"unsupported content type: {content_type}")
"""
'''
CASES["p3.cloud.sagemaker_contract"] = {"wrong": [
    # unknown content type accepted as JSON
    _v(SM, '    if request_content_type == "application/json":\n        return np.asarray(json.loads(request_body), dtype=float).reshape(-1, 4)\n    raise ValueError(f"unsupported content type: {request_content_type}")',
       '    return np.asarray(json.loads(request_body), dtype=float).reshape(-1, 4)'),
    # bytes not decoded
    _v(SM, '    if isinstance(request_body, (bytes, bytearray)):\n        request_body = request_body.decode("utf-8")\n', ''),
    # header assumed: first row dropped
    _v(SM, 'delimiter=",", ndmin=2)', 'delimiter=",", ndmin=2, skiprows=1)'),
    # one-row CSV becomes 1-D
    _v(SM, 'delimiter=",", ndmin=2)', 'delimiter=",")'),
    _v(SM, "return model.predict(input_object)", "return model.predict_proba(input_object)[:, 1]"),
    _v(SM, 'return "\\n".join(str(v) for v in labels)', 'return ",".join(str(v) for v in labels)'),
    _v(SM, "return json.dumps(labels)", 'return json.dumps({"predictions": labels})'),
    _v(SM, 'os.path.join(model_dir, "model.joblib")', '"/opt/ml/model/model.joblib"'),  # model_dir unused
    _v(SM, '    if content_type == "text/csv":\n        return "\\n".join(str(v) for v in labels)\n', ''),  # csv output missing
    _v(SM, '    raise ValueError(f"unsupported content type: {content_type}")', '    return str(labels)'),  # unknown accept accepted
], "right": [
    r'''inference_code = r"""
import csv
import io
import json
from pathlib import Path

import joblib
import pandas as pd

COLUMNS = ["mean_radius", "mean_texture", "mean_concave_points", "worst_area"]


def model_fn(model_dir):
    return joblib.load(Path(model_dir) / "model.joblib")


def _text(body):
    return body.decode("utf-8") if isinstance(body, (bytes, bytearray)) else str(body)


def input_fn(request_body, request_content_type):
    kind = (request_content_type or "").split(";")[0].strip().lower()
    if kind == "text/csv":
        rows = [list(map(float, r)) for r in csv.reader(io.StringIO(_text(request_body))) if r]
        return pd.DataFrame(rows, columns=COLUMNS)
    if kind == "application/json":
        return pd.DataFrame(json.loads(_text(request_body)), columns=COLUMNS)
    raise ValueError("unsupported content type " + repr(request_content_type))


def predict_fn(input_object, model):
    return model.predict(input_object)


def output_fn(prediction, content_type):
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind == "application/json":
        return json.dumps([int(x) for x in prediction])
    if kind == "text/csv":
        return "".join(f"{int(x)}\n" for x in prediction)
    raise ValueError("unsupported accept type " + repr(content_type))
"""
''',
    _v(SM, 'return np.loadtxt(io.StringIO(request_body), delimiter=",", ndmin=2)',
       'import pandas as pd\n        return pd.read_csv(io.StringIO(request_body), header=None).to_numpy(dtype=float)',
       "return json.dumps(labels)", "return json.dumps(labels).encode()"),
]}

# ---------------- Vertex AI
VX = '''vertex_code = """
import os
from contextlib import asynccontextmanager
from typing import List

import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel

HEALTH_ROUTE = os.environ.get("AIP_HEALTH_ROUTE", "/health")
PREDICT_ROUTE = os.environ.get("AIP_PREDICT_ROUTE", "/predict")


class Row(BaseModel):
    mean_radius: float
    mean_texture: float
    mean_concave_points: float
    worst_area: float


class Instances(BaseModel):
    instances: List[Row]


state = {}


@asynccontextmanager
async def lifespan(app):
    state["model"] = joblib.load(os.environ["MODEL_PATH"])
    yield


app = FastAPI(lifespan=lifespan)


@app.get(HEALTH_ROUTE)
def health():
    return {"status": "ok"}


@app.post(PREDICT_ROUTE)
def predict(body: Instances):
    frame = pd.DataFrame([r.model_dump() for r in body.instances])
    return {"predictions": state["model"].predict(frame).tolist()}
"""
'''
CASES["p3.cloud.vertex_contract"] = {"wrong": [
    _v(VX, 'os.environ.get("AIP_HEALTH_ROUTE", "/health")', '"/health"', 'os.environ.get("AIP_PREDICT_ROUTE", "/predict")', '"/predict"'),
    _v(VX, "@app.post(PREDICT_ROUTE)", '@app.post("/predict")'),  # declared but unused
    _v(VX, '{"predictions": state', '{"prediction": state'),
    _v(VX, "instances: List[Row]", "rows: List[Row]", "body.instances", "body.rows"),
    _v(VX, 'frame = pd.DataFrame', 'state["model"] = joblib.load(os.environ["MODEL_PATH"])\n    frame = pd.DataFrame'),  # per request
    _v(VX, 'state["model"].predict(frame).tolist()', 'state["model"].predict_proba(frame)[:, 1].tolist()'),
    _v(VX, "@app.get(HEALTH_ROUTE)", "@app.post(HEALTH_ROUTE)"),
    _v(VX, '{"predictions": state["model"].predict(frame).tolist()}', '{"predictions": [{"label": int(v)} for v in state["model"].predict(frame)]}'),
    _v(VX, "@app.get(HEALTH_ROUTE)", "@app.get(PREDICT_ROUTE)"),  # health wired to wrong variable
], "right": [
    '''vertex_code = """
import os
from contextlib import asynccontextmanager

import joblib
import pandas as pd
from fastapi import FastAPI, Request


@asynccontextmanager
async def lifespan(app):
    app.state.model = joblib.load(os.environ["MODEL_PATH"])
    yield


app = FastAPI(lifespan=lifespan)


async def healthy():
    return {}


async def predict(request: Request):
    payload = await request.json()
    frame = pd.DataFrame(payload["instances"])[["mean_radius", "mean_texture", "mean_concave_points", "worst_area"]]
    return {"predictions": [int(v) for v in request.app.state.model.predict(frame)]}


app.add_api_route(os.environ["AIP_HEALTH_ROUTE"], healthy, methods=["GET"])
app.add_api_route(os.environ["AIP_PREDICT_ROUTE"], predict, methods=["POST"])
"""
''',
    _v(VX, "class Row(BaseModel):\n    mean_radius: float\n", "class Row(BaseModel):\n    mean_radius: float = Field(gt=0)\n",
       "from pydantic import BaseModel", "from pydantic import BaseModel, Field",
       "def health():\n    return {\"status\": \"ok\"}", "def health():\n    return {\"ready\": \"model\" in state}",
       '    return {"predictions": state["model"].predict(frame).tolist()}',
       '    labels = state["model"].predict(frame)\n    return {"predictions": [int(x) for x in labels], "deployedModelId": os.environ.get("AIP_DEPLOYED_MODEL_ID", "")}'),
]}

# ---------------- tools
T = {"tabular_baseline": "scikit-learn", "research_model": "pytorch", "tf_production": "tensorflow",
     "high_level_api": "keras", "compare_runs": "mlflow", "same_environment": "docker",
     "aws_managed": "sagemaker", "gcp_managed": "vertex_ai"}
def _t(**kw):
    d = dict(T)
    for k, v in kw.items():
        if v is None:
            d.pop(k)
        else:
            d[k] = v
    return f"tool_for = {d!r}\n"
CASES["p3.tools.pick_tool"] = {"wrong": [
    _t(research_model="tensorflow", tf_production="pytorch"),
    _t(tf_production="keras"),
    _t(high_level_api="tensorflow"),
    _t(aws_managed="vertex_ai", gcp_managed="sagemaker"),
    _t(research_model="PyTorch"),
    _t(same_environment="conda"),
    _t(gcp_managed=None),
    _t(tabular_baseline="pytorch"),
    _t(compare_runs="docker", same_environment="mlflow"),
], "right": [
    "pairs = [('gcp_managed', 'vertex_ai'), ('aws_managed', 'sagemaker'), ('same_environment', 'docker'),\n"
    "         ('compare_runs', 'mlflow'), ('high_level_api', 'keras'), ('tf_production', 'tensorflow'),\n"
    "         ('research_model', 'pytorch'), ('tabular_baseline', 'scikit-learn')]\ntool_for = dict(pairs)\n",
    "choice = dict(zip(scenarios, [tools[0], tools[1], tools[2], tools[3], tools[4], tools[5], tools[6], tools[7]]))\n"
    "tool_for = {k: choice[k] for k in sorted(choice)}\n",
]}

# Written when the prompt did not say that case is ignored; it now does (`"PyTorch"` is fine), so
# this answer is a valid alternative.
CASES["p3.tools.pick_tool"]["right"].append(CASES["p3.tools.pick_tool"]["wrong"].pop(4))
