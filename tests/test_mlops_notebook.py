"""Notebook 03c solved, with the network refused: every exercise done, no connection to another
machine attempted (by the kernel or any process it started), no server left running, and no file
written outside the temporary and workbook folders."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import nbformat
import pytest

from pathway.progress import ProgressStore
from tests.conftest import NOTEBOOKS, ROOT
from tests.notebook_runner import execute, exercise_tags

pytest.importorskip("mlflow")
pytest.importorskip("fastapi")

NOTEBOOK = NOTEBOOKS / "03c_mlops.ipynb"
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


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find leftover processes")
def test_solved_run_is_offline_leaves_no_process_and_writes_only_to_temp(tmp_path, monkeypatch):
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text("from pathway.labs import offline\noffline.install_from_env()\n")
    home, temp, workbook = tmp_path / "home", tmp_path / "tmp", tmp_path / "workbook"
    for folder in (home, temp, workbook):
        folder.mkdir()
    log = tmp_path / "network.log"
    mark = f"pathway-mlops-{uuid.uuid4().hex}"
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
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # the test process, too, uses TMPDIR from now on
    before = _tree(ROOT)
    start = time.perf_counter()
    ran = execute(NOTEBOOK, solved=True)
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

    ids = {i for _, i in exercise_tags(nbformat.read(NOTEBOOK, as_version=4))}
    latest = ProgressStore(workbook / "progress.db").latest()
    said = [str(o.get("data", {}).get("text/plain", "")) for c in ran.cells if ".check(" in c.source
            for o in c.get("outputs", [])]
    not_done = sorted(i for i in ids if not (latest.get(i) and latest[i].status == "done"))
    assert not not_done, f"not done: {not_done}; the checks said: {[t for t in said if 'Correct' not in t]}"
    assert len(ids) >= 10
    print(f"03c solved offline in {seconds:.1f} s")
