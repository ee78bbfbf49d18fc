"""What the notebooks say about themselves comes from one place each (scripts/sync_notebooks.py)."""

from __future__ import annotations

import importlib.util
import json
import re

import pytest

import pathway
from tests.conftest import NOTEBOOKS, ROOT


@pytest.fixture(scope="module")
def sync():
    spec = importlib.util.spec_from_file_location("sync_notebooks", ROOT / "scripts" / "sync_notebooks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_notebook_readme_and_guide_are_in_step(sync):
    stale = [str(p.relative_to(ROOT)) for p in sync.out_of_step()]
    assert not stale, f"out of step: {stale}; run python scripts/sync_notebooks.py"


def test_a_fork_changes_one_line_and_every_badge_and_setup_cell_follows(sync, monkeypatch):
    old_repository, _ = sync.project()
    monkeypatch.setattr(sync, "project", lambda: ("https://github.com/someone/my-fork", "9.9.9"))
    planned = sync.planned()
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        text = planned[path]
        assert old_repository.removeprefix("https://github.com/") not in text, path.name
        cells = json.loads(text)["cells"]
        setup = "".join(next(c for c in cells if c["cell_type"] == "code")["source"])
        install = r"mle-pathway(\[[\w,]+\])? @ git\+https://github\.com/someone/my-fork@v9\.9\.9"
        assert re.search(install, setup), path.name
        badge = f"https://colab.research.google.com/github/someone/my-fork/blob/v9.9.9/notebooks/{path.name}"
        assert badge in "".join(cells[0]["source"]), path.name
    readme = planned[ROOT / "README.md"]
    assert "someone/my-fork/blob/v9.9.9/notebooks/00_start_here.ipynb" in readme
    assert old_repository.removeprefix("https://github.com/") + "/blob" not in readme


def test_every_notebook_states_its_time_and_what_it_assumes():
    roadmap = pathway.load_roadmap()
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        guide = roadmap.guide[path.name]
        title = "".join(json.loads(path.read_text(encoding="utf-8"))["cells"][0]["source"])
        assert "⏱ **About" in title and "**Assumes:**" in title, path.name
        for needed in guide.assumes:
            assert needed.split("_")[0] + " · " in title, f"{path.name} does not name {needed}"


def test_each_setup_cell_checks_its_notebooks_extras_right_after_import_pathway(sync):
    roadmap = pathway.load_roadmap()
    assert roadmap.guide["03b_deep_learning.ipynb"].extras == ("deep",)
    assert roadmap.guide["03c_mlops.ipynb"].extras == ("mlops",)
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        setup = "".join(next(c for c in cells if c["cell_type"] == "code")["source"])
        extras = roadmap.guide[path.name].extras
        if extras:
            assert "\n\n" + sync.require_line(extras) + "ex = " in setup, path.name
        else:
            assert "require_extra" not in setup, path.name
    cell = "import pathway\nfrom pathway import ____\n\nex = 1\n"
    line = 'pathway.require_extra("a", "b")  # a missing package? this line says how to install it\n'
    assert sync.setup_cell(cell, ("a", "b")) == cell.replace("ex = 1", line + "ex = 1")
    assert sync.setup_cell(sync.setup_cell(cell, ("a",)), ()) == cell


def test_the_lab_extra_gives_every_notebooks_extra():
    """The README's one install (`.[lab]`) is enough for every notebook: `lab` includes each extra a
    notebook names in [notebook_guide]."""
    from pathway.api import extra_requirements

    lab = set(extra_requirements("lab"))
    for name, guide in pathway.load_roadmap().guide.items():
        for extra in guide.extras:
            needed = set(extra_requirements(extra))
            assert needed and needed <= lab, f"{name} needs [{extra}], which [lab] lacks: {needed - lab}"


def test_a_missing_package_stops_the_setup_cell_with_what_to_install(monkeypatch):
    from importlib import metadata

    from pathway.errors import MissingExtraError

    real = metadata.distribution

    def without_torch(name):
        if name == "torch":
            raise metadata.PackageNotFoundError(name)
        return real(name)

    pathway.require_extra("deep")  # all there: silent
    monkeypatch.setattr(metadata, "distribution", without_torch)
    with pytest.raises(MissingExtraError) as caught:
        pathway.require_extra("deep")
    (line,) = caught.value._render_traceback_()  # what IPython shows: one line, no traceback
    assert "deep extra" in line and "missing here: torch." in line
    assert '%pip install "torch>=2.3"' in line and "keras" not in line.split("missing here:")[1]
    assert "conda env update -f environment.yml" in line


def test_the_cpu_build_of_tensorflow_meets_the_tf_extra(monkeypatch):
    """`tensorflow-cpu` installs the same `tensorflow` package, so 03e's setup cell lets it through."""
    from importlib import metadata

    import pathway
    from pathway.errors import MissingExtraError

    real = metadata.distribution

    def only(installed):
        def distribution(name):
            if name.startswith("tensorflow") and name != installed:
                raise metadata.PackageNotFoundError(name)
            return real(name) if not name.startswith("tensorflow") else object()
        return distribution

    monkeypatch.setattr(metadata, "distribution", only("tensorflow-cpu"))
    pathway.require_extra("tf")  # silent
    monkeypatch.setattr(metadata, "distribution", only("none"))
    with pytest.raises(MissingExtraError, match="missing here: tensorflow"):
        pathway.require_extra("tf")


def test_an_installed_wheel_reads_the_extras_from_its_metadata(tmp_path, monkeypatch):
    from importlib import metadata

    from pathway import api, paths

    monkeypatch.setattr(paths, "data_dir", lambda: tmp_path / "pathway" / "data")  # no pyproject beside it
    monkeypatch.setattr(metadata, "requires", lambda name: [
        "numpy>=1.26", 'torch>=2.3; extra == "deep"', "keras>=3.0 ; extra == 'deep'",
        'mlflow>=3.2; extra == "mlops"', 'mle-pathway[deep,mlops]; extra == "lab"',
        'jupyterlab>=4.0; extra == "lab"'])
    assert api.extra_requirements("deep") == ["torch>=2.3", "keras>=3.0"]
    assert api.extra_requirements("lab") == ["torch>=2.3", "keras>=3.0", "mlflow>=3.2", "jupyterlab>=4.0"]


def test_phase_overview_shows_each_notebooks_time_and_prerequisites(home):
    from pathway.views import phase_overview

    text = repr(phase_overview("p3"))
    guide = pathway.load_roadmap().guide["03b_deep_learning.ipynb"]
    assert "03b_deep_learning.ipynb: about" in text and "assumes 03" in text
    assert guide.minutes >= 5
