"""The MLOps labs: servers that always stop, a network guard that refuses loudly, drift statistics,
Dockerfile parsing and the two linters, and a Docker build where a daemon answers."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pathway.labs import drift, linters, offline, serving

pytest.importorskip("fastapi")

APP = '''
from fastapi import FastAPI

app = FastAPI()


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/boom")
def boom():
    raise RuntimeError("boom")
'''


def _alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()


def test_free_port_is_on_loopback_and_free():
    port = serving.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))  # nothing holds it


def test_uvicorn_server_answers_on_loopback_and_stops_even_when_the_block_fails(tmp_path):
    import httpx

    serving.write_module(APP, tmp_path)
    with pytest.raises(ZeroDivisionError):
        with serving.uvicorn_server(tmp_path, "serve:app") as server:
            assert server.url.startswith("http://127.0.0.1:")
            assert httpx.get(server.url + "/health").json() == {"status": "ok"}
            assert httpx.get(server.url + "/boom").status_code == 500
            pid = server.process.pid
            raise ZeroDivisionError("a check failed inside the block")
    assert server.process.poll() is not None and not _alive(pid)


def test_a_server_that_cannot_start_is_reported_with_what_it_printed(tmp_path):
    serving.write_module("raise SystemExit('no model here')\n", tmp_path)
    with pytest.raises(RuntimeError, match="no model here"):
        with serving.uvicorn_server(tmp_path, "serve:app", timeout=30):
            pass


def test_stop_kills_a_child_that_ignores_terminate():
    code = ("import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('up', flush=True); "
            "time.sleep(60)")
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert child.stdout.readline().strip() == b"up"
    serving.stop(child, grace=0.5)
    assert child.returncode is not None


def test_import_module_sets_the_environment_only_while_importing(tmp_path, monkeypatch):
    monkeypatch.delenv("PATHWAY_TEST_ROUTE", raising=False)
    path = serving.write_module("import os\nROUTE = os.environ['PATHWAY_TEST_ROUTE']\n", tmp_path, "m")
    module = serving.import_module(path, {"PATHWAY_TEST_ROUTE": "/x"})
    assert module.ROUTE == "/x"
    import os

    assert "PATHWAY_TEST_ROUTE" not in os.environ


def test_the_network_guard_refuses_other_hosts_at_once_and_allows_loopback():
    original = socket.socket.connect
    with offline.guard() as attempts:
        with pytest.raises(offline.NetworkRefused, match="203.0.113.5"):
            socket.create_connection(("203.0.113.5", 443), timeout=30)
        with pytest.raises(offline.NetworkRefused):
            socket.getaddrinfo("config.mlflow-telemetry.io", 443)
        with socket.socket() as server:
            server.bind(("127.0.0.1", 0))
            server.listen()
            socket.create_connection(server.getsockname(), timeout=5).close()
        assert any("203.0.113.5" in a for a in attempts)
    assert socket.socket.connect is original and not offline._installed


@pytest.mark.parametrize("host,local", [("127.0.0.1", True), ("127.8.0.1", True), ("::1", True),
                                        ("localhost", True), ("10.0.0.1", False), ("pypi.org", False)])
def test_loopback_is_recognised(host, local):
    assert offline.is_loopback(host) is local


def test_psi_is_zero_for_the_same_sample_and_grows_with_the_shift():
    rng = np.random.default_rng(0)
    ref = rng.normal(size=5000)
    assert drift.psi(ref, ref) == pytest.approx(0.0, abs=1e-12)
    small, large = drift.psi(ref, ref + 0.1), drift.psi(ref, ref + 1.0)
    assert 0 < small < drift.PSI_WATCH < drift.PSI_MAJOR < large


def test_psi_by_hand_on_two_bins():
    ref = np.array([0.0] * 50 + [1.0] * 50)
    cur = np.array([0.0] * 80 + [1.0] * 20)
    want = (0.8 - 0.5) * np.log(0.8 / 0.5) + (0.2 - 0.5) * np.log(0.2 / 0.5)
    assert drift.psi(ref, cur, bins=2) == pytest.approx(want)


def test_shifted_batches_are_deterministic_and_moved_where_asked():
    ref = pd.DataFrame({"a": np.linspace(1, 100, 500), "b": np.linspace(5, 6, 500)})
    one = drift.shifted_batch(ref, {"a": 1.0}, n=300, seed=4)
    assert one.equals(drift.shifted_batch(ref, {"a": 1.0}, n=300, seed=4))
    report = drift.report(ref, one)
    assert report.loc["a", "psi"] > drift.PSI_MAJOR and report.loc["a", "ks_pvalue"] < 0.01
    assert report.loc["b", "psi"] < drift.PSI_WATCH


def test_dockerfile_instructions_join_continuations_and_skip_comments():
    text = "# a comment\nFROM python:3.12.8-slim\nRUN pip install a \\\n    # inside\n    b\nCMD [\"x\"]\n"
    steps = linters.instructions(text)
    assert [(s.keyword, s.args, s.line) for s in steps] == [
        ("FROM", "python:3.12.8-slim", 2), ("RUN", "pip install a b", 3), ("CMD", '["x"]', 6)]


def test_hadolint_and_actionlint_run_offline():
    assert any(f["code"] == "DL3007" for f in linters.hadolint("FROM python:latest\n"))
    found = linters.actionlint("on: push\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n"
                               "      - run: ech\n      - uses: actions/checkout@v5\n        with:\n"
                               "          nope: 1\n")
    assert any("nope" in f["message"] for f in found)


def test_the_solution_dockerfile_builds_where_a_docker_daemon_answers(tmp_path):
    """The taught Dockerfile, built for real: only where Docker runs (not on the project's CI machine)."""
    reason = linters.docker_daemon()
    if reason:
        pytest.skip(f"docker build needs a Docker daemon: {reason}")
    import joblib
    from sklearn.dummy import DummyClassifier

    from pathway import exercises
    from pathway.exercises.p3.mlops.service import SERVICE_SOLUTION
    from tests.helpers import run_cell

    dockerfile = run_cell(exercises.get("p3.container.dockerfile"),
                          exercises.get("p3.container.dockerfile").solution_code)
    ns: dict = {}
    exec(SERVICE_SOLUTION, ns)
    (tmp_path / "Dockerfile").write_text(dockerfile)
    (tmp_path / "serve.py").write_text(ns["service_code"])
    (tmp_path / "requirements.txt").write_text("scikit-learn\npandas\njoblib\nfastapi\nuvicorn\n")
    joblib.dump(DummyClassifier().fit([[1, 2, 3, 4]], [0]), tmp_path / "model.joblib")
    result = subprocess.run(["docker", "build", "-t", "mle-pathway-test-service", str(tmp_path)],
                            capture_output=True, text=True, timeout=900, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
