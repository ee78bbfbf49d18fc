"""The rubric lines that run the learner's code: tests, training, the service, the container.

Each works in the checker's own copy of the project (a temporary folder), so the learner's folder
is never written to; every child process has a time limit and every server is stopped.
"""

from __future__ import annotations

import math
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import project, runs
from .lines import Line, failed, passed, skipped

_SHUFFLE_SEED = 40_917  # the leak probe's own; no notebook shows it
_SERVICE_ROWS = 8
_TIMED = re.compile(r"time|second|duration|latency|elapsed|_ms$|_sec$", re.IGNORECASE)


def tests_line(folder: Path, tmp: Path) -> Line:
    """The project's tests, in a fresh venv built from its pyproject.toml, offline."""
    how = ("fresh venv seeing the workbook's packages; pip install --no-deps --no-index of the project; "
           "python -m pytest -q")
    work = project.workspace(folder, tmp / "tests")
    python = runs.fresh_venv(tmp / "venv")
    install = runs.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index",
                        "--no-build-isolation", "-q", str(work)], work, runs.TEST_SECONDS)
    if not install.ok:
        return failed("tests", f"pip could not install the project from pyproject.toml: {install.tail(300)}",
                      "fix pyproject.toml until `pip install -e .` works (name, version, py-modules)")
    missing = runs.missing_dependencies(python, work)
    if missing:
        return failed("tests", f"the project needs {', '.join(missing)}, not installed in the workbook's "
                      "Python (the check downloads nothing)",
                      "install them (pip install NAME) and check again, or loosen the version in "
                      "pyproject.toml")
    done = runs.run([str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], work,
                    runs.TEST_SECONDS)
    last = done.tail(200).rsplit(" | ", 1)[-1]
    if done.code == 5:
        return failed("tests", "pytest found no tests in tests/",
                      "write tests: tests/test_*.py with test_ functions")
    if not done.ok:
        return failed("tests", f"{done.failures()} ({how})",
                      "run `pytest -q` in the project and make every test pass")
    return passed("tests", f"{last} ({how})")


@dataclass
class Trained:
    """What the training lines found, for the service line: the model the first run wrote."""

    lines: list[Line] = field(default_factory=list)
    model: Path | None = None
    predictions: list[str] = field(default_factory=list)
    work: Path | None = None


def training_lines(folder: Path, tmp: Path, want: set[str]) -> Trained:
    """Two runs of train.py (same metric, same model?) and the held-back score, with a leak probe.

    The leak probe trains a third time, in its own copy, on data/train.csv with its labels shuffled:
    a train.py that learns only from that file then scores no better than chance on the held-back
    rows. It runs beside the second run, to save time. Only the runs the wanted lines need are made
    (the service needs just the first model).
    """
    import pandas as pd

    held, config = project.held_back(folder)
    work = project.workspace(folder, tmp / "train")
    found = Trained(work=work)
    rows_csv = tmp / "held-back.csv"
    held.drop(columns=[config.target]).to_csv(rows_csv, index=False)
    shipped = pd.read_csv(work / project.TRAIN_CSV)
    models = [tmp / f"model-{n}.joblib" for n in (1, 2, 3)]
    logged_before = len(runs.mlflow_metrics(work))  # a store the learner committed keeps its old runs
    first = runs.train(work, models[0])
    logged_first = len(runs.mlflow_metrics(work))
    with ThreadPoolExecutor(max_workers=1) as pool:
        leak_run = None
        if first.ok and "held_back" in want:
            leak_run = pool.submit(runs.train, _shuffled_copy(folder, tmp, shipped, config.target), models[2])
        second = runs.train(work, models[1]) if first.ok and "reproducible" in want else first
        leak_done = leak_run.result() if leak_run is not None else None
    if second is first and first.ok:
        shutil.copyfile(models[0], models[1])  # the second run was not wanted: nothing to compare
    for done, model in ((first, models[0]), (second, models[1])):
        if not done.ok or not model.is_file():
            why = done.error() if not done.ok else "it wrote no model file"
            fix = ("run `python train.py` in the project and fix what it says" if not done.ok else
                   "save the fitted model with joblib.dump(model, MODEL_PATH) "
                   "(MODEL_PATH from the environment)")
            line = failed("reproducible", f"python train.py failed: {why}", fix)
            found.lines = [line, failed("held_back", "no model to score: training failed", line.fix)]
            return found
    leak_ok = leak_done is not None and leak_done.ok and models[2].is_file()
    try:
        scores = runs.score(work, models if leak_ok else models[:2], rows_csv)
    except RuntimeError as exc:
        fix = ("model.predict must take a DataFrame with the columns of data/train.csv "
               "(missing values included)")
        line = failed("held_back", f"the model could not predict the held-back rows: {exc}", fix)
        found.lines = [failed("reproducible", "the models could not be compared: see the next line", fix),
                       line]
        return found
    logged = runs.mlflow_metrics(work)
    found.lines.append(_reproducible(logged[logged_before:logged_first], logged[logged_first:], scores))
    truth = held[config.target].astype(str).tolist()
    majority = str(shipped[config.target].mode().iloc[0])
    baseline = sum(t == majority for t in truth) / len(truth)
    accuracy = _accuracy(scores[0]["pred"], truth)
    found.model, found.predictions = models[0], scores[0]["pred"]
    where = f"{len(truth)} held-back rows"
    if accuracy <= baseline:
        found.lines.append(failed("held_back", f"accuracy {accuracy:.3f} on {where}, no better than always "
                                  f"predicting {majority!r} ({baseline:.3f})",
                                  "improve the model (features, preprocessing, estimator) until it beats the "
                                  "majority baseline on rows it never saw"))
    elif not leak_ok:
        why = leak_done.error() if leak_done is not None and not leak_done.ok else "it wrote no model file"
        found.lines.append(failed("held_back", f"train.py failed on shuffled labels (the leak probe): {why}",
                                  "train.py must run on any labels in data/train.csv"))
    elif (leaked := _accuracy(scores[2]["pred"], truth)) > _leak_bar(baseline, accuracy, len(truth)):
        found.lines.append(failed(
            "held_back", f"trained on data/train.csv with its labels shuffled, the model still scores "
            f"{leaked:.3f} on the held-back rows (baseline {baseline:.3f}): train.py learns from rows "
            "outside data/train.csv, the held-back rows leak into training",
            "train only on data/train.csv: never read the workbook's full dataset or any other copy of it"))
    else:
        found.lines.append(passed("held_back", f"accuracy {accuracy:.3f} on {where} vs majority baseline "
                                  f"{baseline:.3f}; with shuffled labels {leaked:.3f} (no leak)"))
    return found


def _leak_bar(baseline: float, accuracy: float, n: int) -> float:
    """Above this, a model trained on shuffled labels learned from somewhere else: halfway from the
    baseline to the real model's accuracy, and at least two standard errors above the baseline."""
    return max((baseline + accuracy) / 2, baseline + 2 * math.sqrt(baseline * (1 - baseline) / n))


def _shuffled_copy(folder: Path, tmp: Path, shipped: Any, target: str) -> Path:
    """Another copy of the project whose data/train.csv has its labels shuffled (the leak probe)."""
    import numpy as np

    probe = project.workspace(folder, tmp / "leak-probe")
    shuffled = shipped.copy()
    shuffled[target] = np.random.default_rng(_SHUFFLE_SEED).permutation(shuffled[target].to_numpy())
    shuffled.to_csv(probe / project.TRAIN_CSV, index=False)
    return probe


def _accuracy(predicted: list[str], truth: list[str]) -> float:
    return sum(p == t for p, t in zip(predicted, truth, strict=True)) / len(truth)


def _reproducible(first_runs: list[dict[str, float]], second_runs: list[dict[str, float]],
                  scores: list[dict]) -> Line:
    """Each training logged its MLflow run(s); the two trainings' metrics and models are the same."""
    if not first_runs or not second_runs:
        return failed("reproducible", "a training logged no finished MLflow run to a SQLite store in the "
                      "project", "log each training run to MLflow with the tracking URI set explicitly: "
                      "mlflow.set_tracking_uri(f\"sqlite:///{HERE / 'mlflow.db'}\") and mlflow.start_run()")
    first_runs, second_runs = _untimed(first_runs), _untimed(second_runs)
    first = first_runs[-1]
    if not first or any(isinstance(v, float) and math.isnan(v) for v in first.values()):
        return failed("reproducible", f"the run logged no usable metric ({first or 'none'})",
                      "log the validation metric, e.g. mlflow.log_metric(\"accuracy\", value)")
    if first_runs != second_runs:
        return failed("reproducible", f"two trainings logged different metrics: {first_runs} then "
                      f"{second_runs}", "fix every seed (the split's random_state, the model's random_state)")
    same_proba = _close(scores[0].get("proba"), scores[1].get("proba"))
    if scores[0]["pred"] != scores[1]["pred"] or not same_proba:
        return failed("reproducible", "two runs logged the same metric but gave different models "
                      "(their predictions on the held-back rows differ)",
                      "fix every seed (the split's random_state, the model's random_state)")
    shown = ", ".join(f"{k}={v:.4g}" for k, v in sorted(first.items()))
    return passed("reproducible", f"two runs, the same MLflow metrics ({shown}) and the same predictions")


def _untimed(logged: list[dict[str, float]]) -> list[dict[str, float]]:
    """The metrics without those that measure time, which differ between any two runs."""
    return [{k: v for k, v in run.items() if not _TIMED.search(k)} for run in logged]


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return all(math.isclose(x, y, abs_tol=1e-7) for ra, rb in zip(a, b, strict=True)
               for x, y in zip(ra, rb, strict=True))


def service_line(folder: Path, trained: Trained) -> Line:
    """uvicorn on 127.0.0.1: /health, /predict for good rows (the model's answers), 422, loaded once."""
    if trained.model is None or trained.work is None:
        return failed("service", "no trained model to serve: training failed",
                      "fix train.py first (see above)")
    from ..serving import uvicorn_server

    held, config = project.held_back(folder)
    served = trained.work / "served-model.joblib"
    shutil.copyfile(trained.model, served)
    env = {**runs.offline_env(), "MODEL_PATH": str(served)}
    try:
        with uvicorn_server(trained.work, env=env, timeout=90) as server:
            return _probe_service(server.url, held, config.target, trained.predictions, served)
    except (RuntimeError, TimeoutError, OSError) as exc:
        return failed("service", f"uvicorn serve:app did not start: {str(exc)[-400:]}",
                      "run `uvicorn serve:app --host 127.0.0.1` in the project and fix what it says")


def _probe_service(url: str, held: Any, target: str, expected: list[str], model: Path) -> Line:
    import httpx

    fix_schema = "declare `class Row(BaseModel)` with one typed field per feature and `def predict(row: Row)`"
    with httpx.Client(base_url=url, timeout=30) as client:
        health = client.get("/health")
        if health.status_code != 200:
            return failed("service", f"GET /health answered {health.status_code}",
                          "make /health answer 200 (and say the model is loaded)")
        try:
            fields, numeric = _request_fields(client.get("/openapi.json").json())
        except ValueError:
            return failed("service", "GET /openapi.json is not JSON: the request's fields are unknown",
                          "keep FastAPI's OpenAPI page on (do not set openapi_url=None)")
        if not fields:
            return failed("service", "POST /predict declares no required field in its request body",
                          fix_schema)
        frame = held.drop(columns=[target])
        rows = frame.dropna(subset=[f for f in fields if f in frame.columns]).head(_SERVICE_ROWS)
        if rows.empty:
            return failed("service", "no held-back row has every field the service requires",
                          "require only the fields a caller always has")
        answers = []
        for index, row in rows.iterrows():
            body = {k: None if v != v else (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
            response = client.post("/predict", json=body)
            if response.status_code != 200:
                return failed("service", f"POST /predict answered {response.status_code} to a good row: "
                              f"{response.text[:200]}", "predict must answer 200 and {\"prediction\": label}")
            answers.append((index, _prediction(response), body))
        wrong = [i for i, got, _ in answers if str(got) != expected[i]]
        if wrong:
            return failed("service", f"the service's prediction differs from model.joblib's for "
                          f"{len(wrong)} of {len(answers)} rows",
                          "predict with the model loaded from MODEL_PATH, and answer {\"prediction\": label}")
        good = answers[0][2]
        bad = [{k: v for k, v in good.items() if k != fields[0]}]
        if numeric:
            bad.append({**good, numeric[0]: "not a number"})
        for body in bad:
            status = client.post("/predict", json=body).status_code
            if status != 422:
                return failed("service", f"a bad row ({_describe(body, good)}) got {status}, not 422",
                              fix_schema)
        moved = model.with_suffix(".moved")
        model.rename(moved)
        again = client.post("/predict", json=good)
        if again.status_code != 200 or str(_prediction(again)) != expected[answers[0][0]]:
            return failed("service", f"with the model file moved away after start-up, /predict answered "
                          f"{again.status_code}: the model is loaded per request",
                          "load the model once, at start-up (module level or a lifespan handler)")
    refused = "a missing field" + (" and a word for a number" if numeric else "")
    return passed("service", f"uvicorn on 127.0.0.1: /health 200; {len(answers)} held-back rows predicted as "
                  f"model.joblib does; 422 for {refused}; still answers with the model file gone "
                  "(loaded once)")


def _prediction(response: Any) -> Any:
    try:
        data = response.json()
    except ValueError:
        return None
    return data.get("prediction") if isinstance(data, dict) else None


def _describe(body: dict, good: dict) -> str:
    missing = [k for k in good if k not in body]
    if missing:
        return f"without {missing[0]}"
    changed = [k for k in body if body[k] != good[k]]
    return f"{changed[0]}={body[changed[0]]!r}"


def _request_fields(schema: dict) -> tuple[list[str], list[str]]:
    """(required fields, numeric ones) of POST /predict's JSON body in an OpenAPI document."""
    try:
        body = schema["paths"]["/predict"]["post"]["requestBody"]["content"]["application/json"]["schema"]
        while "$ref" in body:
            body = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]
    except (KeyError, TypeError):
        return [], []
    required = [str(f) for f in body.get("required", [])]
    props = body.get("properties", {})

    def types(spec: dict) -> set[str]:
        found = {spec.get("type")} | {t.get("type") for t in spec.get("anyOf", []) if isinstance(t, dict)}
        return {t for t in found if t}

    numeric = [f for f in required if types(props.get(f, {})) <= {"number", "integer"}
               and types(props.get(f, {}))]
    return required, numeric


def docker_line(folder: Path, trained: Trained, allow: bool) -> Line:
    """docker build + a request to the container, only with a daemon and the learner's go-ahead."""
    from .. import linters

    reason = linters.docker_daemon()
    if reason is not None:
        return skipped("docker", f"not run: {reason}", "run the check where Docker runs, with --docker")
    if not allow:
        return skipped("docker", "a Docker daemon answers, but docker build downloads the base image and "
                       "packages, so it runs only when you ask", "pathway capstone check DIR --docker")
    if trained.model is None or trained.work is None:
        return failed("docker", "no trained model to put in the image", "fix train.py first")
    return _docker_build_and_ask(trained)


def _docker_build_and_ask(trained: Trained) -> Line:
    import httpx

    from ..serving import free_port

    work = trained.work
    shutil.copyfile(trained.model, work / "model.joblib")
    tag = f"pathway-capstone-check:{abs(hash(str(work))) % 10**8}"
    build = runs.run(["docker", "build", "-q", "-t", tag, "."], work, 900)
    if not build.ok:
        return failed("docker", f"docker build failed: {build.tail(300)}", "run `docker build .` and fix it")
    exposed = re.findall(r"^\s*EXPOSE\s+(\d+)", (work / "Dockerfile").read_text(), re.M | re.I)
    port, name = free_port(), tag.replace(":", "-")
    started = runs.run(["docker", "run", "-d", "--rm", "--name", name, "-p",
                        f"127.0.0.1:{port}:{exposed[0] if exposed else 8000}", tag], work, 120)
    try:
        if not started.ok:
            return failed("docker", f"docker run failed: {started.tail(300)}", "run the image and fix it")
        import time

        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    return passed("docker", f"docker build, docker run, GET /health 200 on 127.0.0.1:{port}")
            except httpx.HTTPError:
                time.sleep(1)
        return failed("docker", "the container never answered /health within 60 s",
                      "check CMD (uvicorn on 0.0.0.0 at the EXPOSEd port)")
    finally:
        runs.run(["docker", "rm", "-f", name], work, 60)
        runs.run(["docker", "image", "rm", "-f", tag], work, 60)

