"""The learner's copy of the notebooks: copied, updated without losing changes, opened in JupyterLab."""

from __future__ import annotations

import json

import pytest

from pathway import paths
from pathway.errors import PathwayError
from pathway.views import workbook

NAMES = [p.name for p in sorted(paths.notebooks_dir().glob("*.ipynb"))]


def test_copy_writes_every_notebook_and_a_manifest(tmp_path):
    report = workbook.copy_notebooks(tmp_path / "nb")
    assert report.written == NAMES and not report.kept
    assert sorted(p.name for p in (tmp_path / "nb").glob("*.ipynb")) == NAMES
    manifest = json.loads((tmp_path / "nb" / workbook.MANIFEST).read_text())
    assert set(manifest["files"]) == set(NAMES)


def test_a_changed_notebook_is_kept_and_the_new_version_goes_beside_it(tmp_path, monkeypatch):
    folder = tmp_path / "nb"
    workbook.copy_notebooks(folder)
    mine = folder / NAMES[1]
    mine.write_text(mine.read_text() + " ", encoding="utf-8")
    again = workbook.copy_notebooks(folder)  # nothing new in the workbook: the learner's work stays
    assert again.yours == [NAMES[1]] and not again.kept and mine.read_text().endswith(" ")
    assert "left your changes" in "\n".join(again.lines())

    shipped = tmp_path / "shipped"
    shipped.mkdir()
    for name in NAMES:
        (shipped / name).write_bytes((paths.notebooks_dir() / name).read_bytes())
    for name in NAMES[:3]:  # the workbook changes three notebooks, one of which the learner changed
        (shipped / name).write_text((shipped / name).read_text() + "\n", encoding="utf-8")
    monkeypatch.setattr(paths, "notebooks_dir", lambda: shipped)
    report = workbook.copy_notebooks(folder)
    beside = folder / NAMES[1].replace(".ipynb", ".new.ipynb")
    assert report.kept == [(NAMES[1], beside.name)]
    assert sorted(report.updated) == sorted([NAMES[0], NAMES[2]])
    assert mine.read_text().endswith(" ") and beside.read_text() == (shipped / NAMES[1]).read_text()
    text = "\n".join(report.lines())
    assert f"kept your changed {NAMES[1]}" in text and beside.name in text
    assert workbook.copy_notebooks(folder).kept == []  # run again: nothing more written beside it
    assert not (folder / NAMES[1].replace(".ipynb", ".new2.ipynb")).exists()


def test_copy_refuses_a_file_as_the_folder(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(PathwayError, match="not a folder"):
        workbook.copy_notebooks(tmp_path / "file")


@pytest.mark.parametrize("spec,expected", [
    (None, "00_start_here.ipynb"), ("0", "00_start_here.ipynb"), ("3", "03_ml_specialization.ipynb"),
    ("03b", "03b_deep_learning.ipynb"),
    ("deep", "03b_deep_learning.ipynb"), ("07_learning_and_exams.ipynb", "07_learning_and_exams.ipynb"),
    ("06_graduate_studies", "06_graduate_studies.ipynb"),
])
def test_find_notebook_by_number_word_or_name(spec, expected):
    assert workbook.find_notebook(spec, NAMES) == expected


@pytest.mark.parametrize("spec,message", [("9", "no notebook matches"), ("ml", "several notebooks")])
def test_find_notebook_says_what_is_wrong(spec, message):
    with pytest.raises(PathwayError, match=message):
        workbook.find_notebook(spec, NAMES)


def test_lab_copies_then_opens_the_named_notebook(tmp_path):
    report, command, url = workbook.prepare_lab("03c", tmp_path / "nb")
    assert report.written == NAMES
    assert command[1:4] == ["-m", "jupyter", "lab"] and command[-1] == "03c_mlops.ipynb"
    assert f"--ServerApp.root_dir={report.folder}" in command
    port = next(a for a in command if a.startswith("--ServerApp.port=")).split("=")[1]
    token = next(a for a in command if a.startswith("--IdentityProvider.token=")).split("=")[1]
    assert url == f"http://localhost:{port}/lab/tree/03c_mlops.ipynb?token={token}" and len(token) >= 32


# A fake JupyterLab: `python -m jupyter` finds this module first and only records how it was started.
FAKE_JUPYTER = """
import json, os, sys
from pathlib import Path
Path(os.environ["FAKE_JUPYTER_LOG"]).write_text(json.dumps({"argv": sys.argv[1:], "cwd": os.getcwd()}))
"""


@pytest.mark.parametrize("root", [True, False], ids=["as root", "as a user"])
def test_pathway_lab_allows_root_says_so_and_prints_the_notebooks_url(tmp_path, monkeypatch, capsys, root):
    from pathway import cli

    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "jupyter.py").write_text(FAKE_JUPYTER, encoding="utf-8")
    import os

    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(fake), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("FAKE_JUPYTER_LOG", str(tmp_path / "started.json"))
    monkeypatch.setattr(workbook.os, "geteuid", lambda: 0 if root else 1000, raising=False)

    assert cli.main(["lab", "03b", "--folder", str(tmp_path / "nb")]) == 0
    out = capsys.readouterr().out
    started = json.loads((tmp_path / "started.json").read_text())
    assert started["argv"][0] == "lab" and started["argv"][-1] == "03b_deep_learning.ipynb"
    assert started["cwd"] == str((tmp_path / "nb").resolve())
    assert ("--allow-root" in started["argv"]) is root
    assert ("starting JupyterLab with --allow-root" in out) is root
    token = next(a for a in started["argv"] if a.startswith("--IdentityProvider.token=")).split("=")[1]
    port = next(a for a in started["argv"] if a.startswith("--ServerApp.port=")).split("=")[1]
    assert f"open http://localhost:{port}/lab/tree/03b_deep_learning.ipynb?token={token}" in out


def test_pathway_lab_help_documents_root(capsys):
    from pathway import cli

    with pytest.raises(SystemExit):
        cli.main(["lab", "--help"])
    assert "--allow-root" in " ".join(capsys.readouterr().out.split())


def test_lab_without_jupyterlab_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(PathwayError, match=r'pip install "mle-pathway\[lab\]"'):
        workbook.prepare_lab(None, tmp_path / "nb")
    assert not (tmp_path / "nb").exists()


def test_exercise_notebooks_maps_each_exercise_to_its_notebook():
    where = workbook.exercise_notebooks()
    assert where["p3.deep.attention"] == "03b_deep_learning.ipynb"
    assert where["p2.stats.sample_std"] == "02_data_science_foundations.ipynb"
