# ruff: noqa: E501 - the red team's answers, verbatim
"""Blind red-team answers for notebook 03c, part a: written from the prompts and setups only.

For save_bundle, load_and_predict, best_run, champion, predict_api.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
"""

from ._blind import CASE_TYPE, _v

CASES: CASE_TYPE = {}

# ---------------- save_bundle
SB = '''
def save_bundle(model, metrics, folder):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, folder / "model.joblib")
    card = {"created": datetime.date.today().isoformat(),
            "data": "Wisconsin breast cancer measurements, 70% stratified training split.",
            "metrics": metrics,
            "versions": {"python": platform.python_version(), "scikit-learn": sklearn.__version__}}
    (folder / "model_card.json").write_text(json.dumps(card))
    return folder
'''
CASES["p3.deployment.save_bundle"] = {"wrong": [
    _v(SB, "    return folder\n", "    return str(folder)\n"),
    _v(SB, '"scikit-learn": sklearn.__version__', '"sklearn": sklearn.__version__'),
    _v(SB, "datetime.date.today().isoformat()", "datetime.datetime.now().isoformat()"),  # timestamp, not date
    _v(SB, "datetime.date.today().isoformat()", "(datetime.date.today() - datetime.timedelta(days=1)).isoformat()"),  # boundary
    _v(SB, '"metrics": metrics', '"metrics": {"accuracy": 0.95}'),  # given metrics unused
    _v(SB, '"model.joblib"', '"model.pkl"'),
    _v(SB, '"model_card.json"', '"card.json"'),
    _v(SB, '"data": "Wisconsin breast cancer measurements, 70% stratified training split.",\n', ''),
    _v(SB, '"created": datetime.date.today().isoformat()', '"created": datetime.date.today().strftime("%d/%m/%Y")'),
], "right": [
    _v(SB, "joblib.dump(model, folder / \"model.joblib\")", "joblib.dump(model, folder / \"model.joblib\", compress=3)",
       '"scikit-learn": sklearn.__version__}', '"scikit-learn": sklearn.__version__, "joblib": joblib.__version__, "platform": platform.platform()}',
       "json.dumps(card)", "json.dumps(card, indent=2, sort_keys=True)"),
    '''
def save_bundle(model, metrics, folder):
    out = Path(folder).resolve()
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "model.joblib", "wb") as fh:
        joblib.dump(model, fh)
    card = dict(created=datetime.datetime.now().date().isoformat(),
                data="569 tumours from the Wisconsin diagnostic breast cancer data set, 30 features.",
                metrics=dict(metrics),
                versions={"python": ".".join(map(str, __import__("sys").version_info[:3])),
                          "scikit-learn": sklearn.__version__, "numpy": np.__version__ if "np" in globals() else "n/a"})
    with open(out / "model_card.json", "w", encoding="utf-8") as fh:
        json.dump(card, fh, indent=1)
    return out
''',
]}

# ---------------- load_and_predict
LP = '''
def load_and_predict(folder, rows):
    model = joblib.load(Path(folder) / "model.joblib")
    return model.predict(rows)
'''
CASES["p3.deployment.load_and_predict"] = {"wrong": [
    _v(LP, "model.predict(rows)", "model.predict_proba(rows)"),
    _v(LP, "model.predict(rows)", "model.predict_proba(rows)[:, 1]"),
    _v(LP, "model.predict(rows)", "1 - model.predict(rows)"),
    _v(LP, "model.predict(rows)", "clf.predict(rows)"),  # loaded model unused: notebook global
    _v(LP, "model.predict(rows)", "model.predict(X_val)"),  # leak: ignores rows
    _v(LP, "model.predict(rows)", "model.predict(rows)[:1]"),
    _v(LP, "model.predict(rows)", "(model.predict_proba(rows)[:, 1] >= 0.3).astype(int)"),
    _v(LP, "model.predict(rows)", "[str(v) for v in model.predict(rows)]"),
    '''
_cache = {}
def load_and_predict(folder, rows):
    if "m" not in _cache:
        _cache["m"] = joblib.load(Path(folder) / "model.joblib")
    return _cache["m"].predict(rows)
''',  # caches the first folder's model forever
], "right": [
    '''
import os
def load_and_predict(folder, rows):
    with open(os.path.join(str(folder), "model.joblib"), "rb") as fh:
        model = joblib.load(fh)
    return model.predict(rows).tolist()
''',
    '''
def load_and_predict(folder, rows):
    model = joblib.load(Path(folder).joinpath("model.joblib"))
    return np.asarray(model.predict(rows), dtype=int)
''',
]}

# ---------------- tracking
TR = '''
for C in (0.01, 1.0):
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000))
    score = cross_val_score(model, X_train, y_train, cv=folds).mean()
    model.fit(X_train, y_train)
    with mlflow.start_run(run_name=f"C={C}"):
        mlflow.log_param("C", C)
        mlflow.log_metric("cv_accuracy", score)
        mlflow.sklearn.log_model(model, name="model", pip_requirements=["scikit-learn", "pandas"],
                                 signature=infer_signature(X_train, model.predict(X_train)),
                                 input_example=X_train.head(3))
best_run = mlflow.search_runs(order_by=["metrics.cv_accuracy DESC"]).loc[0, "run_id"]
'''
CASES["p3.tracking.best_run"] = {"wrong": [
    _v(TR, "cv_accuracy DESC", "cv_accuracy ASC"),
    _v(TR, '.loc[0, "run_id"]', '.loc[0, "tags.mlflow.runName"]'),
    _v(TR, "for C in (0.01, 1.0):", "for C in (1.0,):"),
    _v(TR, "                                 signature=infer_signature(X_train, model.predict(X_train)),\n", ""),
    _v(TR, ",\n                                 input_example=X_train.head(3))", ")"),
    _v(TR, 'mlflow.log_metric("cv_accuracy", score)', 'mlflow.log_metric("cv_accuracy", model.score(X_val, y_val))'),  # not CV on train
    _v(TR, "cross_val_score(model, X_train, y_train, cv=folds)", "cross_val_score(model, X, y, cv=folds)"),  # leak: full data
    _v(TR, 'mlflow.log_metric("cv_accuracy", score)', 'mlflow.log_metric("cv_accuracy", model.score(X_train, y_train))'),  # training accuracy
    _v(TR, '        mlflow.log_param("C", C)\n', ''),
    _v(TR, 'best_run = mlflow.search_runs(order_by=["metrics.cv_accuracy DESC"]).loc[0, "run_id"]',
       'runs = mlflow.search_runs(order_by=["metrics.cv_accuracy DESC"])\nbest_run = runs.index[0]'),
    _v(TR, "for C in (0.01, 1.0):", "for C in (0.001, 1.0):", "cv_accuracy DESC", "start_time DESC"),  # latest, not best
], "right": [
    _v(TR, "for C in (0.01, 1.0):", "for C in [0.001, 0.1, 10.0]:",
       'mlflow.log_param("C", C)', 'mlflow.log_params({"C": C, "max_iter": 1000})',
       'mlflow.log_metric("cv_accuracy", score)', 'mlflow.log_metrics({"cv_accuracy": score, "cv_std": 0.0})',
       'best_run = mlflow.search_runs(order_by=["metrics.cv_accuracy DESC"]).loc[0, "run_id"]',
       'runs = mlflow.search_runs()\nbest_run = str(runs.loc[runs["metrics.cv_accuracy"].idxmax(), "run_id"])'),
    '''
ids = {}
for C in (100.0, 0.05):
    pipe = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=1000))
    cv = cross_val_score(pipe, X_train, y_train, cv=folds, scoring="accuracy").mean()
    pipe.fit(X_train, y_train)
    with mlflow.start_run() as run:
        mlflow.log_param("C", C)
        mlflow.log_metric("cv_accuracy", float(cv))
        sig = infer_signature(X_train.head(20), pipe.predict(X_train.head(20)))
        mlflow.sklearn.log_model(pipe, name="pipeline", signature=sig, input_example=X_train.iloc[:2],
                                 pip_requirements=["scikit-learn"])
        ids[run.info.run_id] = cv
df = mlflow.search_runs(filter_string="metrics.cv_accuracy > 0", max_results=50,
                        order_by=["metrics.cv_accuracy DESC", "start_time ASC"])
best_run = df["run_id"].iloc[0]
''',
]}

# ---------------- registry
RG = '''
mv = mlflow.register_model(f"runs:/{best_run}/model", "tumour-classifier")
client = mlflow.MlflowClient()
client.set_registered_model_alias("tumour-classifier", "champion", mv.version)
champion = mlflow.sklearn.load_model("models:/tumour-classifier@champion")
'''
CASES["p3.registry.champion"] = {"wrong": [
    _v(RG, '"champion", mv.version', '"Champion", mv.version', "@champion", "@Champion"),
    _v(RG, '"tumour-classifier"', '"tumour_classifier"', "models:/tumour-classifier@", "models:/tumour_classifier@"),
    _v(RG, "mv = mlflow.register_model(f\"runs:/{best_run}/model\"",
       "worst = mlflow.search_runs(order_by=['metrics.cv_accuracy ASC']).loc[0, 'run_id']\nmv = mlflow.register_model(f\"runs:/{worst}/model\""),
    _v(RG, 'champion = mlflow.sklearn.load_model("models:/tumour-classifier@champion")', 'champion = clf'),
    _v(RG, 'client.set_registered_model_alias("tumour-classifier", "champion", mv.version)\n', '',
       "models:/tumour-classifier@champion", "models:/tumour-classifier/latest"),
    'champion = mlflow.sklearn.load_model(f"runs:/{best_run}/model")\n',  # never registered
    _v(RG, 'champion = mlflow.sklearn.load_model("models:/tumour-classifier@champion")', 'champion = mv'),
    _v(RG, 'champion = mlflow.sklearn.load_model("models:/tumour-classifier@champion")',
       'champion = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=1000)).fit(X_train, y_train)'),
    _v(RG, "mv = mlflow.register_model(f\"runs:/{best_run}/model\"",
       "latest = mlflow.search_runs(order_by=['start_time DESC']).loc[0, 'run_id']\nmv = mlflow.register_model(f\"runs:/{latest}/model\""),
], "right": [
    _v(RG, "mlflow.sklearn.load_model", "mlflow.pyfunc.load_model"),
    '''
from mlflow import MlflowClient
c = MlflowClient()
try:
    c.create_registered_model("tumour-classifier")
except Exception:
    pass
run = c.get_run(best_run)
v = mlflow.register_model(model_uri=f"runs:/{run.info.run_id}/model", name="tumour-classifier",
                          tags={"source": "p3"})
c.set_registered_model_alias(name="tumour-classifier", alias="champion", version=str(v.version))
assert c.get_model_version_by_alias("tumour-classifier", "champion").version == v.version
champion = mlflow.sklearn.load_model(model_uri="models:/tumour-classifier@champion")
''',
]}

# ---------------- service
SV = '''service_code = """
import os
from contextlib import asynccontextmanager
from typing import List

import joblib
import pandas as pd
from fastapi import FastAPI
from pydantic import BaseModel, Field


class Row(BaseModel):
    mean_radius: float = Field(gt=0)
    mean_texture: float = Field(gt=0)
    mean_concave_points: float = Field(ge=0)
    worst_area: float = Field(gt=0)


class PredictRequest(BaseModel):
    rows: List[Row] = Field(min_length=1)


class PredictResponse(BaseModel):
    predictions: List[int]
    probabilities: List[float]


state = {}


@asynccontextmanager
async def lifespan(app):
    state["model"] = joblib.load(os.environ["MODEL_PATH"])
    yield
    state.clear()


app = FastAPI(lifespan=lifespan)


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict", response_model=PredictResponse)
def predict(request: PredictRequest):
    model = state["model"]
    frame = pd.DataFrame([r.model_dump() for r in request.rows])
    return {"predictions": model.predict(frame).tolist(),
            "probabilities": model.predict_proba(frame)[:, 1].tolist()}
"""
'''
CASES["p3.service.predict_api"] = {"wrong": [
    # leak: model loaded per request
    _v(SV, '    model = state["model"]\n', '    model = joblib.load(os.environ["MODEL_PATH"])\n'),
    # boundary: concave points 0 rejected
    _v(SV, "mean_concave_points: float = Field(ge=0)", "mean_concave_points: float = Field(gt=0)"),
    # boundary: radius 0 accepted
    _v(SV, "mean_radius: float = Field(gt=0)", "mean_radius: float = Field(ge=0)"),
    # empty rows accepted
    _v(SV, "rows: List[Row] = Field(min_length=1)", "rows: List[Row]"),
    # default value: missing field passes
    _v(SV, "worst_area: float = Field(gt=0)", "worst_area: float = Field(default=500.0, gt=0)"),
    # P(benign)
    _v(SV, "predict_proba(frame)[:, 1]", "predict_proba(frame)[:, 0]"),
    # wrong health body
    _v(SV, 'return {"status": "ok"}', 'return {"status": "healthy"}'),
    # no number validation at all
    _v(SV, "    mean_radius: float = Field(gt=0)\n    mean_texture: float = Field(gt=0)\n    mean_concave_points: float = Field(ge=0)\n    worst_area: float = Field(gt=0)\n",
       "    mean_radius: float\n    mean_texture: float\n    mean_concave_points: float\n    worst_area: float\n"),
    # columns silently in the wrong order (numpy, no names)
    _v(SV, "frame = pd.DataFrame([r.model_dump() for r in request.rows])",
       "frame = [[r.mean_texture, r.mean_radius, r.mean_concave_points, r.worst_area] for r in request.rows]"),
    # manual validation with 400 instead of pydantic 422
    _v(SV, "def predict(request: PredictRequest):\n    model = state[\"model\"]\n    frame = pd.DataFrame([r.model_dump() for r in request.rows])",
       "def predict(body: dict):\n    from fastapi import HTTPException\n    model = state[\"model\"]\n    rows = body.get(\"rows\") or []\n    if not rows or any(not isinstance(v, (int, float)) for r in rows for v in r.values()):\n        raise HTTPException(status_code=400, detail=\"bad request\")\n    frame = pd.DataFrame(rows)[[\"mean_radius\", \"mean_texture\", \"mean_concave_points\", \"worst_area\"]]"),
    # loaded at import, no lifespan
    _v(SV, 'app = FastAPI(lifespan=lifespan)', 'app = FastAPI()\nstate["model"] = joblib.load(os.environ.get("MODEL_PATH", "model.joblib")) if os.path.exists(os.environ.get("MODEL_PATH", "model.joblib")) else None'),
], "right": [
    '''service_code = """
import os
from contextlib import asynccontextmanager
from typing import Annotated

import joblib
import numpy as np
from fastapi import FastAPI, Request
from pydantic import BaseModel, NonNegativeFloat, PositiveFloat, conlist

COLUMNS = ["mean_radius", "mean_texture", "mean_concave_points", "worst_area"]


class Measurement(BaseModel):
    mean_radius: PositiveFloat
    mean_texture: PositiveFloat
    mean_concave_points: NonNegativeFloat
    worst_area: PositiveFloat


class Batch(BaseModel):
    rows: conlist(Measurement, min_length=1)


@asynccontextmanager
async def lifespan(app: FastAPI):
    app.state.model = joblib.load(os.environ["MODEL_PATH"])
    yield


app = FastAPI(title="tumour classifier", lifespan=lifespan)


@app.get("/health")
async def health() -> dict:
    return {"status": "ok"}


@app.post("/predict")
async def predict(batch: Batch, request: Request) -> dict:
    import pandas as pd
    model = request.app.state.model
    frame = pd.DataFrame([[getattr(r, c) for c in COLUMNS] for r in batch.rows], columns=COLUMNS)
    proba = model.predict_proba(frame)
    malignant = list(model.classes_).index(1)
    return {"predictions": [int(v) for v in model.predict(frame)],
            "probabilities": [float(p) for p in proba[:, malignant]]}
"""
''',
    _v(SV, "    mean_radius: float = Field(gt=0)\n    mean_texture: float = Field(gt=0)\n    mean_concave_points: float = Field(ge=0)\n    worst_area: float = Field(gt=0)\n",
       "    mean_radius: Annotated[float, Field(gt=0, description='mm')]\n    mean_texture: Annotated[float, Field(gt=0)]\n    mean_concave_points: Annotated[float, Field(ge=0)]\n    worst_area: Annotated[float, Field(gt=0)]\n",
       "from typing import List\n", "from typing import Annotated, List\n",
       "state = {}\n", "model = None\n",
       '    state["model"] = joblib.load(os.environ["MODEL_PATH"])\n    yield\n    state.clear()\n',
       '    global model\n    model = joblib.load(os.environ["MODEL_PATH"])\n    yield\n',
       '    model = state["model"]\n', ''),
]}


# Judged right by the checks, so set aside from `wrong=` (the contract test would fail on them):
# best_run 3 logs an input example without signature=, and MLflow 3 infers the signature from the
# example, so the logged model has one as the prompt asks; best_run 10 orders by a metric that does
# not exist and still lands on the best run, so its value is right. champion 3 (`champion = clf`)
# and 7 (a refit with the best C) predict exactly like the registered model, and nothing in a
# scikit-learn object records where it came from: the check refuses `clf` in a notebook, whose
# namespace binds `clf` to the answer, but the harness drops the namespace before checking.
for exercise, numbers in (("p3.tracking.best_run", (10, 3)), ("p3.registry.champion", (7, 3))):
    for n in numbers:
        del CASES[exercise]["wrong"][n]
