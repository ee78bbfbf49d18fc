"""A newcomer's first run: the README's open command alone (without starting JupyterLab's server) gives a
venv in which every notebook runs top to bottom, unsolved, with no error.

The command is read from README.md (between `<!-- open-command -->` markers) and run, as written, in a
copy of the repository's files, so the `.venv` it makes never lands in the checkout. pip keeps its cache
and honours `PIP_CONSTRAINT` (CI sets it, so torch comes from the CPU wheel on the machine's disk).
Then `pathway notebooks` copies the notebooks out and each runs in the venv's own kernel. Slow (a
venv with JupyterLab, PyTorch and MLflow, then every notebook): deselect with `-m "not slow"`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

LAB = " && .venv/bin/pathway lab"

# Run by the venv's interpreter: execute each notebook named on the command line, in its folder, with
# the venv's kernel; print one JSON line per notebook (its seconds and its first error, if any).
RUN_NOTEBOOKS = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path

    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    for name in sys.argv[1:]:
        path = Path(name)
        nb = nbformat.read(path, as_version=4)
        start, error = time.perf_counter(), None
        try:
            NotebookClient(nb, timeout=600, kernel_name="python3",
                           resources={"metadata": {"path": str(path.parent)}}).execute()
        except CellExecutionError as exc:
            error = str(exc)[-2000:]
        print(json.dumps({"notebook": path.name, "seconds": round(time.perf_counter() - start, 1),
                          "error": error}), flush=True)
""")


def open_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- open-command -->\s*```bash\n(.*?)\n```", readme, re.S)
    assert block, "README.md has no open command between the open-command markers"
    return block.group(1).strip()


def repository_files(target: Path) -> None:
    """The repository as a fresh clone has it: the tracked files (or, outside git, all but the junk)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listed.returncode == 0 and listed.stdout:
        for name in filter(None, listed.stdout.decode().split("\0")):
            source = ROOT / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
    else:
        shutil.copytree(ROOT, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns(
            ".venv", "venv", "build", "dist", "__pycache__", ".git", "*.db", ".pytest_cache"))


def test_the_readme_open_command_gives_a_venv_where_every_notebook_runs(tmp_path):
    if sys.platform == "win32":  # pragma: no cover - the README gives Windows its own form
        pytest.skip("the README's open command is the POSIX one")
    command = open_command()
    assert command.endswith(LAB), f"the open command should end by starting the lab: {command}"
    install = command.removesuffix(LAB)
    clone, work, home = tmp_path / "clone", tmp_path / "work", tmp_path / "home"
    clone.mkdir()
    work.mkdir()
    repository_files(clone)
    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PATHWAY_ROADMAP", "JUPYTER_PATH",
                        "PIP_NO_CACHE_DIR", "MLFLOW_TRACKING_URI"}}
    env.update(PATHWAY_HOME=str(home), JUPYTER_DATA_DIR=str(tmp_path / "jupyter-data"),
               JUPYTER_CONFIG_DIR=str(tmp_path / "jupyter-config"), MPLBACKEND="Agg",
               PIP_DISABLE_PIP_VERSION_CHECK="1", OMP_NUM_THREADS="1")
    start = time.perf_counter()
    out = subprocess.run(["bash", "-euo", "pipefail", "-c", install], cwd=clone, env=env,
                         capture_output=True, text=True, timeout=1800)
    installed = time.perf_counter() - start
    assert out.returncode == 0, f"{install} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"

    bin_dir = clone / ".venv" / "bin"
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(clone / ".venv")
    subprocess.run([bin_dir / "pathway", "notebooks", work / "nb"], cwd=work, env=env, check=True,
                   capture_output=True, timeout=120)
    runner = work / "run_notebooks.py"
    runner.write_text(RUN_NOTEBOOKS, encoding="utf-8")
    notebooks = sorted((work / "nb").glob("*.ipynb"))
    ran = subprocess.run([bin_dir / "python", runner, *notebooks], cwd=work / "nb", env=env,
                         capture_output=True, text=True, timeout=1800)
    results = [json.loads(line) for line in ran.stdout.splitlines() if line.startswith("{")]
    timing = ", ".join(f"{r['notebook'].split('_')[0]} {r['seconds']} s" for r in results)
    print(f"\nfirst run: install {installed:.0f} s; notebooks unsolved: {timing}")
    assert [r["notebook"] for r in results] == [p.name for p in notebooks], ran.stderr[-3000:]
    failed = {r["notebook"]: r["error"] for r in results if r["error"]}
    assert not failed, f"notebooks that stopped with an error after the README's install: {failed}"
