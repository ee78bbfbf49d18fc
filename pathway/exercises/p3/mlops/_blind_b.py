# ruff: noqa: E501 - the red team's answers, verbatim
"""Blind red-team answers for notebook 03c, part b: written from the prompts and setups only.

For dockerfile, workflow, onnx, skops, drift_report.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
"""

from ._blind import CASE_TYPE, _v

CASES: CASE_TYPE = {}

# ---------------- Dockerfile
DF = '''dockerfile = """FROM python:3.12.7-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY serve.py model.joblib ./
ENV MODEL_PATH=/app/model.joblib
RUN useradd --create-home appuser
USER appuser
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"]
CMD ["uvicorn", "serve:app", "--host", "0.0.0.0", "--port", "8000"]
"""
'''
CASES["p3.container.dockerfile"] = {"wrong": [
    _v(DF, "FROM python:3.12.7-slim", "FROM python:latest"),
    _v(DF, "FROM python:3.12.7-slim", "FROM python"),
    _v(DF, "COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY serve.py model.joblib ./\n",
       "COPY . .\nRUN pip install --no-cache-dir -r requirements.txt\n"),
    _v(DF, "RUN useradd --create-home appuser\nUSER appuser\n", ""),
    _v(DF, "ENV MODEL_PATH=/app/model.joblib\n", "ENV MODEL_PATH=/app/model.joblib\nENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"),
    _v(DF, 'CMD ["uvicorn", "serve:app", "--host", "0.0.0.0", "--port", "8000"]', "CMD uvicorn serve:app --host 0.0.0.0 --port 8000"),
    _v(DF, '"--host", "0.0.0.0"', '"--host", "127.0.0.1"'),
    # curl in a slim image: not installed
    _v(DF, """CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"]""",
       """CMD ["curl", "-f", "http://localhost:8000/health"]"""),
    # boundary: port mismatch
    _v(DF, '"--port", "8000"', '"--port", "8080"'),
    _v(DF, "/health')", "/')"),
    _v(DF, "--no-cache-dir ", ""),  # hadolint DL3042
    _v(DF, "EXPOSE 8000\n", ""),
    _v(DF, "USER appuser\n", "USER appuser\nUSER root\n"),
], "right": [
    '''dockerfile = """# syntax=docker/dockerfile:1
FROM python:3.11.9-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \\\\
    PYTHONUNBUFFERED=1 \\\\
    MODEL_PATH=/srv/model.joblib \\\\
    PORT=8080
WORKDIR /srv
COPY requirements.txt /srv/requirements.txt
RUN pip install --no-cache-dir --requirement /srv/requirements.txt
COPY model.joblib serve.py /srv/
USER 10001
EXPOSE 8080
HEALTHCHECK CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://localhost:8080/health').status == 200 else 1)"]
CMD ["python", "-m", "uvicorn", "serve:app", "--host=0.0.0.0", "--port=8080"]
"""
''',
    _v(DF, "RUN useradd --create-home appuser\nUSER appuser\n",
       "RUN groupadd --system app && useradd --system --gid app --no-log-init app\nUSER app:app\n",
       "COPY serve.py model.joblib ./", "COPY --chown=app:app serve.py model.joblib ./",
       "FROM python:3.12.7-slim", "FROM python:3.12.7-slim@sha256:2a6386ad2db20e7f55073f69a98d6da2cf9f168e05e7487d2670baeb9b7601c5"),
]}
# (note: in the second right case the COPY precedes useradd; --chown with a user not yet created fails at build, so reorder)
CASES["p3.container.dockerfile"]["right"][1] = _v(DF,
    "COPY requirements.txt .\n", "RUN groupadd --system app && useradd --system --gid app --no-log-init app\nCOPY requirements.txt .\n",
    "COPY serve.py model.joblib ./", "COPY --chown=app:app serve.py model.joblib ./",
    "RUN useradd --create-home appuser\nUSER appuser\n", "USER app:app\n",
    "FROM python:3.12.7-slim", "FROM python:3.12.7-slim@sha256:2a6386ad2db20e7f55073f69a98d6da2cf9f168e05e7487d2670baeb9b7601c5")

# ---------------- CI workflow
WF = '''workflow = """name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
          cache: pip
      - run: pip install -r requirements.txt
      - run: pytest
      - run: docker build -t tumour-service .
"""
'''
CASES["p3.ci.workflow"] = {"wrong": [
    _v(WF, "on: [push, pull_request]", "on:\n  push:\n    branches: [main]\n  pull_request:"),  # filtered to one branch
    _v(WF, "- run: pytest", "- run: pytest || true"),
    _v(WF, "actions/checkout@v5", "actions/checkout@main"),
    _v(WF, "\n          cache: pip", ""),
    _v(WF, "on: [push, pull_request]", "on: [push]"),
    _v(WF, "      - run: docker build -t tumour-service .\n", ""),
    _v(WF, "- run: pip install -r requirements.txt", "- run: pip install pytest"),
    _v(WF, "    runs-on: ubuntu-latest\n", ""),  # actionlint error
    _v(WF, "- run: pytest", "- run: pytest\n        continue-on-error: true"),
    _v(WF, "actions/setup-python@v6", "actions/setup-python"),  # unpinned
], "right": [
    '''workflow = """name: model-ci

on:
  push:
  pull_request:

jobs:
  build:
    runs-on: ubuntu-24.04
    steps:
      - name: Check out
        uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
      - name: Set up Python
        uses: actions/setup-python@v6
        with:
          python-version: "3.11"
      - name: Cache pip
        uses: actions/cache@v5
        with:
          path: ~/.cache/pip
          key: pip-${{ runner.os }}-${{ hashFiles('requirements.txt') }}
          restore-keys: pip-${{ runner.os }}-
      - name: Install
        run: |
          python -m pip install --upgrade pip
          python -m pip install -r requirements.txt
      - name: Test
        run: python -m pytest -q
      - name: Build image
        run: docker build --pull --tag "tumour-service:${GITHUB_SHA}" .
"""
''',
    '''workflow = """name: ci
on:
  - push
  - pull_request
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - uses: actions/setup-python@v6
        with:
          python-version: "3.12"
          cache: "pip"
          cache-dependency-path: requirements.txt
      - run: pip install -r requirements.txt
      - run: pytest
  image:
    needs: test
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
      - run: docker build --tag tumour-service:${{ github.sha }} .
"""
''',
]}

# ---------------- ONNX
OX = '''
def to_onnx_bytes(model, n_features):
    onx = convert_sklearn(model, initial_types=[("input", FloatTensorType([None, n_features]))],
                          options={"zipmap": False})
    return onx.SerializeToString()
'''
CASES["p3.formats.onnx"] = {"wrong": [
    _v(OX, "FloatTensorType([None, n_features])", "FloatTensorType([1, n_features])"),  # fixed batch
    _v(OX, "convert_sklearn(model,", "convert_sklearn(model.steps[-1][1],"),  # scaler dropped
    _v(OX, "return onx.SerializeToString()", "return onx"),
    _v(OX, "return onx.SerializeToString()", "return str(onx).encode()"),
    _v(OX, "convert_sklearn(model,", "convert_sklearn(small,"),  # notebook's model, not the argument
    _v(OX, "FloatTensorType([None, n_features])", "FloatTensorType([None, 4])"),  # n_features unused
    _v(OX, "convert_sklearn(model,", "convert_sklearn(make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(np.random.RandomState(0).rand(40, n_features), np.arange(40) % 2),"),
    _v(OX, "FloatTensorType([None, n_features])", "FloatTensorType([None, n_features])",
       "return onx.SerializeToString()", "import onnx\n    m = onnx.load_from_string(onx.SerializeToString())\n    return onx.SerializeToString()[: len(onx.SerializeToString()) // 2]"),
], "right": [
    '''
def to_onnx_bytes(model, n_features):
    sample = np.zeros((2, n_features), dtype=np.float32)
    onx = to_onnx(model, sample, target_opset=17, options={"zipmap": False})
    return bytes(onx.SerializeToString())
''',
    '''
def to_onnx_bytes(model, n_features):
    onx = convert_sklearn(model, name="tumour", initial_types=[("float_input", FloatTensorType([None, int(n_features)]))])
    data = onx.SerializeToString()
    sess = ort.InferenceSession(data, providers=["CPUExecutionProvider"])  # smoke test
    sess.run(None, {"float_input": np.ones((3, n_features), dtype=np.float32)})
    return data
''',
]}

# ---------------- skops
SK = '''
def safe_load(path, allowed):
    untrusted = sio.get_untrusted_types(file=path)
    unexpected = [t for t in untrusted if t not in allowed]
    if unexpected:
        raise ValueError(f"refusing to load, untrusted types: {unexpected}")
    return sio.load(path, trusted=untrusted)
'''
CASES["p3.formats.skops"] = {"wrong": [
    '''
def safe_load(path, allowed):
    return sio.load(path, trusted=sio.get_untrusted_types(file=path))
''',  # trusts everything
    _v(SK, "if unexpected:", "if len(unexpected) == len(untrusted) and untrusted:"),  # any allowed passes
    _v(SK, "unexpected = [t for t in untrusted if t not in allowed]", "unexpected = [t for t in untrusted[:1] if t not in allowed]"),
    _v(SK, "t not in allowed]", "not any(t in a or a in t for a in allowed)]"),  # substring matching
    _v(SK, '        raise ValueError(f"refusing to load, untrusted types: {unexpected}")', "        return None"),
    '''
def safe_load(path, allowed):
    model = sio.load(path, trusted=sio.get_untrusted_types(file=path))
    bad = [t for t in sio.get_untrusted_types(file=path) if t not in allowed]
    if bad:
        raise ValueError(bad)
    return model
''',  # loads before checking
    '''
def safe_load(path, allowed):
    try:
        untrusted = sio.get_untrusted_types(file=path)
        if any(t not in allowed for t in untrusted):
            raise ValueError(untrusted)
        return sio.load(path, trusted=untrusted)
    except Exception:
        return sio.load(path, trusted=sio.get_untrusted_types(file=path))
''',  # swallows the refusal
    _v(SK, "unexpected = [t for t in untrusted if t not in allowed]", "unexpected = [t for t in allowed if t not in untrusted]"),  # reversed subset
    _v(SK, "t not in allowed]", "t.split('.')[-1] not in [a.split('.')[-1] for a in allowed]]"),  # compares short names only
], "right": [
    '''
def safe_load(path, allowed):
    return sio.load(path, trusted=list(allowed))
''',
    '''
class NotAllowed(Exception):
    pass

def safe_load(path, allowed):
    allowed = set(allowed)
    for name in sio.get_untrusted_types(file=str(path)):
        if name not in allowed:
            raise NotAllowed(name)
    return sio.load(str(path), trusted=sorted(allowed))
''',
]}

# ---------------- drift
DR = '''
def drift_report(reference, batch):
    drifted, retrain = [], False
    for col in reference.columns:
        score = drift.psi(reference[col], batch[col])
        p = ks_2samp(reference[col], batch[col]).pvalue
        if score >= 0.1 and p < 0.01:
            drifted.append(col)
            if score >= 0.25:
                retrain = True
    return {"drifted": drifted, "retrain": retrain}
'''
CASES["p3.monitoring.drift_report"] = {"wrong": [
    _v(DR, "score >= 0.1", "score > 0.1"),  # boundary
    _v(DR, "if score >= 0.25:", "if score > 0.25:"),  # boundary
    _v(DR, "p < 0.01", "p <= 0.01"),
    _v(DR, "p < 0.01", "p < 0.05"),
    _v(DR, "score >= 0.1 and p < 0.01", "score >= 0.1 or p < 0.01"),
    _v(DR, "drift.psi(reference[col], batch[col])", "drift.psi(batch[col], reference[col])"),  # swapped args
    _v(DR, "            if score >= 0.25:\n                retrain = True\n", "",
       "        if score >= 0.1 and p < 0.01:", "        if score >= 0.25:\n            retrain = True\n        if score >= 0.1 and p < 0.01:"),  # retrain on a non-drifted feature
    _v(DR, "p < 0.01", "p > 0.01"),
    _v(DR, "            if score >= 0.25:\n                retrain = True\n", "",
       '    return {"drifted": drifted, "retrain": retrain}', '    return {"drifted": drifted, "retrain": len(drifted) > 0}'),
    _v(DR, "if score >= 0.1 and p < 0.01:", "if score >= 0.1 and ks_2samp(reference[col], reference[col]).pvalue < 0.01:"),  # KS on wrong data
], "right": [
    '''
def drift_report(reference, batch):
    psis = {c: float(drift.psi(reference[c].to_numpy(), batch[c].to_numpy())) for c in reference.columns}
    pvals = {c: ks_2samp(reference[c], batch[c])[1] for c in reference.columns}
    drifted = [c for c in reference.columns if psis[c] >= drift.PSI_WATCH and pvals[c] < 0.01]
    return {"drifted": list(drifted), "retrain": bool(any(psis[c] >= drift.PSI_MAJOR for c in drifted))}
''',
    '''
def drift_report(reference, batch):
    rows = []
    for name in batch.columns:
        if name not in reference.columns:
            continue
        rows.append((name, drift.psi(reference[name], batch[name]), ks_2samp(batch[name], reference[name]).pvalue))
    table = pd.DataFrame(rows, columns=["feature", "psi", "p"])
    hit = table[(table.psi >= 0.1) & (table.p < 0.01)]
    return {"drifted": hit.feature.tolist(), "retrain": bool((hit.psi >= 0.25).any())}
''',
]}

