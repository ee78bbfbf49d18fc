"""Notebook 03c solved, with the network refused: every exercise done, no connection to another
machine attempted (by the kernel or any process it started), no server left running, and no file
written outside the temporary and workbook folders."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import NOTEBOOKS
from tests.offline_run import run_offline

pytest.importorskip("mlflow")
pytest.importorskip("fastapi")


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find leftover processes")
def test_solved_run_is_offline_leaves_no_process_and_writes_only_to_temp(tmp_path, monkeypatch):
    seconds = run_offline(NOTEBOOKS / "03c_mlops.ipynb", tmp_path, monkeypatch, min_exercises=10)
    print(f"03c solved offline in {seconds:.1f} s")
