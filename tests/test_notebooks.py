"""The notebooks: clean when committed, every exercise tagged once, solved runs pass for real.

The unsolved run is nbval's (`pytest --nbval-lax notebooks`); conftest.py checks that it
recorded nothing as done.
"""

from __future__ import annotations

import json
import os
from collections import Counter

import nbformat
import pytest

import pathway
from pathway import exercises
from pathway.progress import ProgressStore
from tests.conftest import NOTEBOOKS
from tests.notebook_runner import execute, exercise_tags

PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_every_phase_has_its_notebook():
    roadmap = pathway.load_roadmap()
    names = {p.name for p in PATHS}
    missing = [n for p in roadmap.phases for n in p.notebooks if n not in names]
    present = [p for p in roadmap.phases if set(p.notebooks) & names]
    assert present, "no phase notebook found"
    if missing:
        pytest.skip(f"phase notebooks not written yet: {missing}")


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_committed_without_outputs_and_with_clean_tags(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"{path.name}: a code cell has outputs"
            assert cell.get("execution_count") is None, f"{path.name}: execution counts present"
        for tag in cell.get("metadata", {}).get("tags", []):
            assert tag.startswith("exercise:"), f"{path.name}: unexpected tag {tag!r}"
    assert nb["cells"][0]["cell_type"] == "markdown" and nb["cells"][0]["source"].startswith("# ")
    headings = [c["source"] for c in nb["cells"] if c["cell_type"] == "markdown"]
    assert any(h.lstrip().lower().startswith("## recap") for h in headings), "a recap is missing"


def test_every_exercise_has_exactly_one_tagged_cell_in_its_phase_notebook():
    roadmap = pathway.load_roadmap()
    where: Counter[str] = Counter()
    for path in PATHS:
        for _, exercise_id in exercise_tags(nbformat.read(path, as_version=4)):
            ex = exercises.get(exercise_id)  # raises for an unknown id
            assert path.name in roadmap.phase(ex.phase).notebooks, f"{exercise_id} in {path.name}"
            where[exercise_id] += 1
    assert all(count == 1 for count in where.values()), where
    notebooks = {p.name for p in PATHS}
    expected = {e.id for e in exercises.all() if set(roadmap.phase(e.phase).notebooks) & notebooks}
    assert set(where) == expected


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.name)
def test_solved_notebook_records_every_exercise_done(path, home):
    execute(path, solved=True)
    ids = {exercise_id for _, exercise_id in exercise_tags(nbformat.read(path, as_version=4))}
    latest = ProgressStore().latest()
    # Where an exercise's toolchain (R, Java, C++) is missing, its solution cannot run: it is recorded
    # skipped, as a learner's would be (CI installs the toolchains, so there every one is done).
    from pathway.labs import toolchains

    unrunnable = set() if os.environ.get("CI") else {
        e.id for e in exercises.all() if e.id in ids and not all(map(toolchains.available, e.needs))}
    not_done = sorted(i for i in ids if latest.get(i) is None
                      or latest[i].status != ("skipped" if i in unrunnable else "done"))
    assert not not_done, f"{path.name}: not recorded done after the solved run: {not_done}"
