"""The workbook as a learner installs it: from a wheel, in a fresh venv, away from the repository.

Builds the wheel with pip, installs it (and a kernel) in a new virtual environment, then, from an
empty folder, copies the notebooks out with `pathway notebooks`, runs `00_start_here.ipynb` from
that copy with the venv's own Jupyter kernel, and loads the roadmap and a dataset. This proves the
shipped data and notebooks (carried as `pathway/data` and `pathway/notebooks`) are found with no
checkout next to them. Slow (a venv install, about a minute with a
warm pip cache): deselect with `-m "not slow"`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

import pathway
from pathway.labs import datasets
from tests.conftest import NOTEBOOKS, ROOT

pytestmark = pytest.mark.slow

NOTEBOOK = "00_start_here.ipynb"
KERNEL_PACKAGES = ["ipykernel", "nbclient", "nbformat"]

# Run by the venv's interpreter: execute the notebook with nbclient in the folder it sits in, then
# report which interpreter the kernel was and where it found the package and its data.
RUN_NOTEBOOK = textwrap.dedent("""
    import sys
    from pathlib import Path

    import nbformat
    from nbclient import NotebookClient

    path = Path(sys.argv[1])
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import sys, pathway, pathway.paths\\n"
        "print('KERNEL=' + sys.prefix)\\n"
        "print('PACKAGE=' + pathway.__file__)\\n"
        "print('DATA=' + str(pathway.paths.data_dir()))"
    ))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path.with_name("executed.ipynb"))
""")


def _run(args, *, cwd, env, timeout=600) -> subprocess.CompletedProcess:
    out = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                         timeout=timeout)
    command = " ".join(map(str, args))
    assert out.returncode == 0, f"{command} failed ({out.returncode}):\n{out.stdout}\n{out.stderr}"
    return out


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """(wheel, venv, env, empty work folder): the wheel installed in a fresh venv."""
    base = tmp_path_factory.mktemp("wheel")
    dist, venv, work, home = base / "dist", base / "venv", base / "work", base / "home"
    work.mkdir()

    env = {k: v for k, v in os.environ.items()
           if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PATHWAY_ROADMAP", "JUPYTER_PATH"}}
    env.update(
        PATHWAY_HOME=str(home),                        # the learner's store: a throwaway one
        JUPYTER_DATA_DIR=str(base / "jupyter-data"),   # no user kernelspec points elsewhere
        JUPYTER_CONFIG_DIR=str(base / "jupyter-config"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        MPLBACKEND="Agg",
    )

    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", dist, ROOT], cwd=base, env=env)
    wheels = list(dist.glob("mle_pathway-*.whl"))
    assert len(wheels) == 1, wheels

    _run([sys.executable, "-m", "venv", venv], cwd=base, env=env)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    env["PATH"] = str(bin_dir) + os.pathsep + env.get("PATH", "")
    env["VIRTUAL_ENV"] = str(venv)
    _run([bin_dir / "python", "-m", "pip", "install", "-q", wheels[0], *KERNEL_PACKAGES], cwd=base, env=env)
    return wheels[0], bin_dir, env, work


def test_wheel_carries_the_data_and_nothing_of_the_repository(installed):
    wheel = installed[0]
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"pathway/data/{p.name}" for p in (ROOT / "data").iterdir() if p.is_file()}
    shipped |= {f"pathway/notebooks/{p.name}" for p in NOTEBOOKS.glob("*.ipynb")}
    assert shipped <= names, f"missing from the wheel: {sorted(shipped - names)}"
    assert "pathway/data/roadmap.toml" in names
    strays = sorted(n for n in names if n.split("/")[0] in {"tests", "notebooks", "data", "ci", "build"})
    assert not strays, f"the wheel carries repository files outside the package: {strays[:5]}"
    leftovers = sorted(n for n in names if n.endswith((".db", ".db-journal", ".sqlite", ".sqlite3", ".pyc"))
                       or {"__pycache__", ".ipynb_checkpoints", "mlruns", "mlartifacts"} & set(n.split("/")))
    assert not leftovers, f"the wheel carries databases or caches: {leftovers[:5]}"
    notebooks = sorted(n for n in names if n.startswith("pathway/notebooks/"))
    assert notebooks == sorted(f"pathway/notebooks/{p.name}" for p in NOTEBOOKS.glob("*.ipynb")), (
        f"pathway/notebooks/ should hold the notebooks and nothing else: {notebooks}")


def test_installed_package_finds_its_roadmap_and_data_away_from_the_repository(installed):
    _, bin_dir, env, work = installed
    script = (
        "import json, pathway, pathway.paths\n"
        "from pathway.labs import datasets\n"
        "print(json.dumps({'package': pathway.__file__, 'data': str(pathway.paths.data_dir()),"
        " 'items': len(pathway.load_roadmap().items), 'penguins': list(datasets.penguins().shape)}))"
    )
    found = json.loads(_run([bin_dir / "python", "-c", script], cwd=work, env=env).stdout)
    venv = bin_dir.parent.resolve()
    assert Path(found["package"]).resolve().is_relative_to(venv), f"imported the checkout: {found}"
    assert Path(found["data"]).resolve().is_relative_to(venv), f"data from the checkout: {found}"
    assert found["items"] == len(pathway.load_roadmap().items)
    assert found["penguins"] == list(datasets.penguins().shape)


def test_pathway_command_runs_from_the_wheel(installed):
    _, bin_dir, env, work = installed
    out = _run([bin_dir / "pathway", "status"], cwd=work, env=env).stdout
    first_phase = pathway.load_roadmap().phases[0]
    assert first_phase.title in out, out


def test_start_notebook_runs_on_the_installed_wheel_in_an_empty_folder(installed):
    _, bin_dir, env, work = installed
    folder = work / "notebook"
    copied = _run([bin_dir / "pathway", "notebooks", folder], cwd=work, env=env).stdout
    assert f"copied {len(list(NOTEBOOKS.glob('*.ipynb')))}" in copied, copied
    runner = work / "run_notebook.py"
    runner.write_text(RUN_NOTEBOOK, encoding="utf-8")
    _run([bin_dir / "python", runner, folder / NOTEBOOK], cwd=folder, env=env)

    nb = json.loads((folder / "executed.ipynb").read_text(encoding="utf-8"))
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o["output_type"] == "error"]
    text = "\n".join(
        "".join(o.get("text", "")) + "".join(
            "".join(v) if isinstance(v, list) else str(v) for v in o.get("data", {}).values())
        for o in outputs
    )
    facts = dict(line.split("=", 1) for line in text.splitlines()
                 if line.split("=", 1)[0] in {"KERNEL", "PACKAGE", "DATA"})
    venv = bin_dir.parent.resolve()
    for key in ("KERNEL", "PACKAGE", "DATA"):
        assert Path(facts[key]).resolve().is_relative_to(venv), f"kernel's {key} outside the venv: {facts}"
    assert "<table" in text, "pathway.status() rendered no table"
    assert pathway.load_roadmap().phases[0].title in text, "the roadmap is not in the status table"
    assert "incomplete" in text.lower(), "an unanswered exercise's check did not say Incomplete"
    assert (Path(env["PATHWAY_HOME"]) / "progress.db").is_file(), "the notebook wrote no progress store"


def test_pathway_notebooks_again_keeps_a_changed_notebook_and_says_so(installed):
    _, bin_dir, env, work = installed
    folder = work / "again"
    _run([bin_dir / "pathway", "notebooks", folder], cwd=work, env=env)
    mine = folder / "01_academic_foundation.ipynb"
    mine.write_text(mine.read_text(encoding="utf-8").replace("Academic", "My academic", 1), encoding="utf-8")
    changed = mine.read_text(encoding="utf-8")
    out = _run([bin_dir / "pathway", "notebooks", folder], cwd=work, env=env).stdout
    assert "left your changes" in out and mine.name in out, out
    assert mine.read_text(encoding="utf-8") == changed
