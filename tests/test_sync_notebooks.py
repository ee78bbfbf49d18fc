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


def test_the_estimate_grows_with_the_work(tmp_path):
    from pathway.views.workbook import estimate_minutes

    def notebook(words: int, exercises: int) -> int:
        cells = [{"cell_type": "markdown", "metadata": {}, "source": "word " * words}]
        cells += [{"cell_type": "code", "metadata": {"tags": [f"exercise:p0.x.e{n}"]}, "source": "x = ____"}
                  for n in range(exercises)]
        path = tmp_path / f"n{words}_{exercises}.ipynb"
        path.write_text(json.dumps({"cells": cells}), encoding="utf-8")
        return estimate_minutes(path)

    assert notebook(1500, 0) == 10 and notebook(1500, 3) == 40 and notebook(0, 0) == 5


def test_phase_overview_shows_each_notebooks_time_and_prerequisites(home):
    from pathway.views import phase_overview

    text = repr(phase_overview("p3"))
    guide = pathway.load_roadmap().guide["03b_deep_learning.ipynb"]
    assert "03b_deep_learning.ipynb: about" in text and "assumes 03" in text
    assert guide.minutes >= 5
