"""Run a notebook solved with the network refused, and prove it stayed in its lane.

Shared by the offline tests of the notebooks that run real tools (03c MLOps, 03d NLP): a
sitecustomize.py turns `pathway.labs.offline`'s guard on in the kernel and in every process it starts,
HOME and the temporary folder point into the test's own folder, and afterwards the test proves that no
connection other than loopback was attempted, no process is left running, and no file was written into
the repository or HOME.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import nbformat

from pathway.progress import ProgressStore
from tests.conftest import ROOT
from tests.notebook_runner import execute, exercise_tags

SKIP_DIRS = {".git", ".venv", "build", "__pycache__", ".ruff_cache", ".pytest_cache", ".ipynb_checkpoints"}


def _tree(root: Path) -> dict[str, float]:
    found = {}
    for path in root.rglob("*"):
        if any(part in SKIP_DIRS for part in path.relative_to(root).parts) or not path.is_file():
            continue
        found[str(path.relative_to(root))] = path.stat().st_mtime
    return found


def _processes_with(mark: str) -> list[str]:
    alive = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if mark.encode() in (proc / "environ").read_bytes():
                status = (proc / "status").read_text()
                if "zombie" not in status:
                    command = (proc / "cmdline").read_bytes().replace(b"\0", b" ")[:120]
                    alive.append(f"{proc.name}: {command!r}")
        except OSError:
            continue
    return alive


def run_offline(notebook: Path, tmp_path: Path, monkeypatch: Any, *, min_exercises: int) -> float:
    """Execute `notebook` solved under the guard; assert it stayed offline and in its folders and
    recorded every exercise done. Returns the seconds the run took."""
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text("from pathway.labs import offline\noffline.install_from_env()\n")
    home, temp, workbook = tmp_path / "home", tmp_path / "tmp", tmp_path / "workbook"
    for folder in (home, temp, workbook):
        folder.mkdir()
    log = tmp_path / "network.log"
    mark = f"pathway-offline-{uuid.uuid4().hex}"
    env = {
        "PYTHONPATH": os.pathsep.join([str(guard), str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "PATHWAY_OFFLINE_GUARD": "1", "PATHWAY_NETWORK_LOG": str(log), "PATHWAY_TEST_MARK": mark,
        "PATHWAY_HOME": str(workbook), "HOME": str(home), "TMPDIR": str(temp),
        "MPLCONFIGDIR": str(temp / "mpl"), "IPYTHONDIR": str(temp / "ipython"),
        "JUPYTER_RUNTIME_DIR": str(temp / "jupyter"), "JUPYTER_DATA_DIR": str(temp / "jupyter-data"),
        "JUPYTER_CONFIG_DIR": str(temp / "jupyter-config"),
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    for key in ("HF_HOME", "HF_HUB_CACHE", "TRANSFORMERS_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(key, raising=False)  # a library's cache must not escape to a shared folder
    monkeypatch.setattr(tempfile, "tempdir", None)  # the test process, too, uses TMPDIR from now on
    before = _tree(ROOT)
    start = time.perf_counter()
    ran = execute(notebook, solved=True)
    seconds = time.perf_counter() - start
    time.sleep(0.5)

    assert not log.exists(), f"the solved run tried to reach the network:\n{log.read_text()}"
    leftovers = _processes_with(mark)
    assert not leftovers, f"processes left running after the notebook: {leftovers}"
    after = _tree(ROOT)
    changed = sorted(k for k in after if before.get(k) != after[k])
    assert not changed, f"the notebook wrote into the repository: {changed[:10]}"
    in_home = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    assert not in_home, f"the notebook wrote into HOME: {in_home[:10]}"

    ids = {i for _, i in exercise_tags(nbformat.read(notebook, as_version=4))}
    latest = ProgressStore(workbook / "progress.db").latest()
    said = [str(o.get("data", {}).get("text/plain", "")) for c in ran.cells if ".check(" in c.source
            for o in c.get("outputs", [])]
    not_done = sorted(i for i in ids if not (latest.get(i) and latest[i].status == "done"))
    assert not not_done, f"not done: {not_done}; the checks said: {[t for t in said if 'Correct' not in t]}"
    assert len(ids) >= min_exercises
    return seconds
