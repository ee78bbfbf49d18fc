"""`pathway capstone`: a scaffold fails the rubric honestly, a finished project passes every line,
and each way of breaking it fails the right line with its fix.

One finished project is built per module (`capstone.example`, the scaffold completed as a learner
would); each break works on a copy of it and runs only the line it should fail, to keep this quick.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pathway.labs import capstone, linters
from pathway.labs.capstone import project, report, rubric, templates
from pathway.progress import ProgressStore
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> str:
    return project.git(repo, *args)


def _commit(repo: Path, message: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "-c", "commit.gpgsign=false", "-c", "user.name=Learner", "-c", "user.email=l@example.com",
         "commit", "-q", "-m", message)


def _status(lines: list, key: str):
    return next(line for line in lines if line.key == key)


@pytest.fixture(scope="module")
def finished(tmp_path_factory) -> Path:
    return capstone.example(tmp_path_factory.mktemp("capstone") / "finished")


@pytest.fixture(scope="module")
def finished_lines(finished) -> list:
    return rubric.check(finished)


@pytest.fixture
def broken(finished, tmp_path) -> Path:
    """A copy of the finished project (with its history) to break."""
    copy = tmp_path / "broken"
    shutil.copytree(finished, copy, symlinks=True)
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _fails(folder: Path, key: str, *words: str) -> str:
    [line] = rubric.check(folder, only=[key])
    assert line.status == "fail", line
    said = f"{line.detail} {line.fix}"
    for word in words:
        assert word.lower() in said.lower(), (word, line)
    assert line.fix
    return said


# ------------------------------------------------------------------ new
def test_help_describes_new_and_check():
    out = subprocess.run([sys.executable, "-m", "pathway.cli", "capstone", "--help"], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0 and "new" in out.stdout and "check" in out.stdout
    check = subprocess.run([sys.executable, "-m", "pathway.cli", "capstone", "check", "--help"],
                           capture_output=True, text=True, timeout=60)
    assert "--html" in check.stdout and "--docker" in check.stdout


def test_new_scaffolds_a_repository_whose_every_decision_is_a_todo(tmp_path, home):
    import pandas as pd

    created = capstone.new_project(tmp_path / "mine")
    folder = created.folder
    for name in ("README.md", "LICENSE", "train.py", "serve.py", "Dockerfile", ".github/workflows/ci.yml",
                 "MODEL_CARD.md", "pyproject.toml", "tests/test_train.py", "tests/test_serve.py",
                 "data/train.csv", "capstone.toml"):
        assert (folder / name).is_file(), name
    for name in ("README.md", "LICENSE", "train.py", "serve.py", "Dockerfile", ".github/workflows/ci.yml",
                 "MODEL_CARD.md", "tests/test_train.py"):
        assert "TODO" in (folder / name).read_text(), name
    assert _git(folder, "rev-list", "--count", "HEAD") == "1"
    assert _git(folder, "status", "--porcelain") == ""
    held, config = project.held_back(folder)
    shipped = pd.read_csv(folder / "data/train.csv")
    assert config.dataset == "penguins" and len(shipped) == created.shipped
    assert len(held) + len(shipped) == 344
    train_rows = set(map(tuple, shipped.astype(str).values))  # the project holds none of the held-back rows
    assert not train_rows & set(map(tuple, held.astype(str).values))
    assert "sqlite:///" in (folder / "train.py").read_text()  # the MLflow store is inside the project


@pytest.mark.parametrize("where", ["not_empty", "a_file", "workbook", "other_repo"])
def test_new_refuses_a_folder_it_must_not_use(tmp_path, where, home):
    if where == "not_empty":
        target = tmp_path / "full"
        target.mkdir()
        (target / "notes.txt").write_text("mine")
        expected = "not empty"
    elif where == "a_file":
        target = tmp_path / "file.txt"
        target.write_text("x")
        expected = "is a file"
    elif where == "workbook":
        target = ROOT / "my-capstone"
        expected = "inside the workbook"
    else:
        subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True, timeout=30)
        target = tmp_path / "repo" / "capstone"
        expected = "inside the git repository"
    with pytest.raises(project.CapstoneError, match=expected):
        capstone.new_project(target)
    assert not (ROOT / "my-capstone").exists()
    if where == "not_empty":
        assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_new_from_the_learners_csv_keeps_the_held_back_rows_outside_the_project(tmp_path, home):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"x": rng.normal(size=200), "y": rng.choice(["a", "b"], size=200)})
    frame.to_csv(tmp_path / "mine.csv", index=False)
    with pytest.raises(project.CapstoneError, match="--target"):
        capstone.new_project(tmp_path / "p0", csv=tmp_path / "mine.csv")
    with pytest.raises(project.CapstoneError, match="no column 'label'"):
        capstone.new_project(tmp_path / "p1", csv=tmp_path / "mine.csv", target="label")
    with pytest.raises(project.CapstoneError, match="unknown dataset"):
        capstone.new_project(tmp_path / "p2", data="iris")
    created = capstone.new_project(tmp_path / "p3", csv=tmp_path / "mine.csv", target="y")
    held, config = project.held_back(created.folder)
    assert config.dataset == "csv" and len(held) == created.held_back == 60
    assert project.holdout_path(config.holdout).is_file()
    assert home in project.holdout_path(config.holdout).parents
    assert len(pd.read_csv(created.folder / "data/train.csv")) == 140


def test_new_sets_a_local_identity_only_when_none_is_configured(tmp_path, home, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for key in ("GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(key, raising=False)
    created = capstone.new_project(tmp_path / "anon")
    assert any("placeholder" in note for note in created.notes)
    assert _git(created.folder, "config", "--local", "user.email") == "learner@example.com"
    mine = tmp_path / "gitconfig"
    mine.write_text("[user]\n\tname = Ada\n\temail = ada@example.org\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(mine))
    created = capstone.new_project(tmp_path / "ada")
    assert not created.notes
    assert project.git(created.folder, "config", "--local", "user.email", may_fail=True) == ""
    assert _git(created.folder, "log", "--format=%ae") == "ada@example.org"


# ------------------------------------------------------------------ check: scaffold and finished
def test_the_scaffold_fails_the_rubric_honestly(tmp_path, home):
    folder = capstone.new_project(tmp_path / "fresh").folder
    lines = rubric.check(folder)
    by_key = {line.key: line for line in lines}
    assert [line.key for line in lines] == list(rubric.LINES)
    must_fail = ["tests", "reproducible", "held_back", "service", "dockerfile", "workflow", "model_card",
                 "readme", "history"]
    assert all(by_key[k].status == "fail" and by_key[k].fix for k in must_fail), by_key
    assert "TODO" in by_key["reproducible"].detail  # train.py's own TODO error, named
    assert by_key["secrets"].status == by_key["large_files"].status == "pass"
    assert _git(folder, "status", "--porcelain", "--ignored") == ""  # nothing written into the project


def test_a_finished_project_passes_every_line(finished, finished_lines):
    failing = [line for line in finished_lines if line.status == "fail"]
    assert not failing, failing
    docker = _status(finished_lines, "docker")
    if linters.docker_daemon() is not None:
        assert docker.status == "skipped" and "not run" in docker.detail
    assert "fresh venv" in _status(finished_lines, "tests").detail
    assert "shuffled labels" in _status(finished_lines, "held_back").detail
    assert _git(finished, "status", "--porcelain", "--ignored") == ""
    psutil = pytest.importorskip("psutil")
    assert not psutil.Process().children(recursive=True)  # uvicorn and every child process stopped


def test_the_table_the_page_and_the_roadmap_items(finished, finished_lines, tmp_path, home):
    text = report.table(finished_lines, finished)
    assert "✔ pass" in text and "ready to ship" in text
    page = report.write_page(finished_lines, finished, tmp_path / "rubric.html")
    assert "<table>" in page.read_text() and not list(tmp_path.glob(".rubric.html.*"))
    statuses = report.item_statuses(finished_lines)
    assert set(statuses.values()) == {"done"} and len(statuses) == 7
    assert report.record(finished_lines, finished) and not report.record(finished_lines, finished)
    latest = ProgressStore().latest()
    assert latest["p4.capstone.container"].status == "done"  # docker skipped beside a passed Dockerfile
    broken = [rubric.failed("secrets", "a key", "rotate it") if line.key == "secrets" else line
              for line in finished_lines]
    report.record(broken, finished)
    assert ProgressStore().latest()["p4.capstone.history"].status == "in_progress"
    assert "✘ FAIL" in report.table(broken) and "fix: rotate it" in report.table(broken)


def test_the_command_records_a_learners_project_but_never_the_example(finished, tmp_path, home):
    mine = tmp_path / "mine"
    shutil.copytree(finished, mine, symlinks=True)
    _edit(mine / "capstone.toml", "example = true\n", "")
    env = {**os.environ, "PATHWAY_HOME": str(home)}
    args = ["capstone", "check", "--only", "model_card", "--only", "readme",
            "--html", str(tmp_path / "r.html")]
    out = subprocess.run([sys.executable, "-m", "pathway.cli", *args, str(mine)], capture_output=True,
                         text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "p4.capstone.docs" in out.stdout and (tmp_path / "r.html").is_file()
    status = subprocess.run([sys.executable, "-m", "pathway.cli", "status", "p4"], capture_output=True,
                            text=True, env=env, timeout=120).stdout
    assert re.search(r"\[✔\] p4\.capstone\.docs", status)
    example = subprocess.run([sys.executable, "-m", "pathway.cli", "capstone", "check", "--only", "history",
                              str(finished)], capture_output=True, text=True, env={**env, "PATHWAY_HOME":
                                                                                   str(tmp_path / "h2")},
                             timeout=120)
    assert "nothing was recorded" in example.stdout and not (tmp_path / "h2" / "progress.db").exists()
    bad = subprocess.run([sys.executable, "-m", "pathway.cli", "capstone", "check", str(tmp_path)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert bad.returncode == 1 and "capstone.toml" in bad.stderr


# ------------------------------------------------------------------ eight (and more) ways to break it
def test_a_failing_test(broken):
    (broken / "tests" / "test_more.py").write_text("def test_rows_are_positive():\n    assert -1 > 0\n")
    _commit(broken, "Add a test")
    said = _fails(broken, "tests", "test_rows_are_positive", "pytest")
    assert "fresh venv" in said


def test_an_unseeded_model(broken):
    _edit(broken / "train.py", "SEED = 0", "SEED = None")
    _edit(broken / "train.py", "LogisticRegression(max_iter=2000, random_state=SEED)",
          "RandomForestClassifier(n_estimators=15, random_state=SEED)")
    _edit(broken / "train.py", "from sklearn.linear_model import LogisticRegression",
          "from sklearn.ensemble import RandomForestClassifier")
    _fails(broken, "reproducible", "seed")


def test_training_that_logs_nothing_to_mlflow_and_a_timing_metric_that_is_tolerated(broken):
    train = broken / "train.py"
    written = train.read_text()
    _edit(train, '        mlflow.log_metric("accuracy", accuracy)\n',
          '        mlflow.log_metric("accuracy", accuracy)\n'
          '        mlflow.log_metric("train_seconds", __import__("time").perf_counter())\n')
    [line] = rubric.check(broken, only=["reproducible"])
    assert line.status == "pass", line  # a time differs between runs; the metric that matters does not
    train.write_text(written.replace("    with mlflow.start_run():", "    if False:"))
    _fails(broken, "reproducible", "no finished MLflow run", "set_tracking_uri")


def test_docker_runs_only_with_a_daemon_and_the_learners_go_ahead(finished, monkeypatch):
    from pathway.labs.capstone import probes

    monkeypatch.setattr(linters, "docker_daemon", lambda: None)
    line = probes.docker_line(finished, probes.Trained(), allow=False)
    assert line.status == "skipped" and "--docker" in line.fix
    assert probes.docker_line(finished, probes.Trained(), allow=True).status == "fail"  # no model to ship
    monkeypatch.setattr(linters, "docker_daemon", lambda: "no Docker daemon answers")
    assert probes.docker_line(finished, probes.Trained(), allow=True).status == "skipped"


def test_held_back_rows_leaking_into_training(broken):
    _edit(broken / "train.py", "    frame = pd.read_csv(TRAIN_CSV)\n",
          "    from pathway.labs import datasets\n\n    frame = pd.read_csv(TRAIN_CSV)\n"
          "    frame = pd.concat([frame, datasets.load('penguins').dropna(subset=[TARGET])])\n")
    _fails(broken, "held_back", "leak", "only on data/train.csv")


def test_a_model_no_better_than_the_majority(broken):
    _edit(broken / "train.py", "LogisticRegression(max_iter=2000, random_state=SEED)",
          "DummyClassifier(strategy='most_frequent')")
    _edit(broken / "train.py", "from sklearn.linear_model import LogisticRegression",
          "from sklearn.dummy import DummyClassifier")
    _fails(broken, "held_back", "no better than always predicting")


def test_a_service_that_loads_its_model_per_request(broken):
    _edit(broken / "serve.py", 'model = joblib.load(MODEL_PATH)  # once, when the service starts\n', "")
    _edit(broken / "serve.py", "    label = model.predict(frame)[0]",
          "    label = joblib.load(MODEL_PATH).predict(frame)[0]")
    _fails(broken, "service", "per request", "once")


def test_a_service_that_accepts_any_body(broken):
    _edit(broken / "serve.py", "def predict(row: Row) -> dict:\n    frame = pd.DataFrame([row.model_dump("
          "by_alias=True)])", "def predict(row: dict) -> dict:\n    frame = pd.DataFrame([row])")
    _fails(broken, "service", "required field", "BaseModel")


def test_a_root_container(broken):
    _edit(broken / "Dockerfile", "USER app\n", "")
    _fails(broken, "dockerfile", "root", "USER")


def test_a_workflow_without_tests(broken):
    _edit(broken / ".github/workflows/ci.yml", "      - name: Test\n        run: pytest -q\n", "")
    _fails(broken, "workflow", "tests")


def test_an_empty_model_card(broken):
    card = broken / "MODEL_CARD.md"
    written = card.read_text()
    card.write_text(templates.FILES["MODEL_CARD.md"])
    _fails(broken, "model_card", "TODO", "data")
    card.write_text(re.sub(r"## Metric\n.*?\n\n", "## Metric\nAccuracy is high on the validation rows and "
                           "clearly better than the baseline, good enough for what it is for.\n\n", written,
                           flags=re.S))
    _fails(broken, "model_card", "uncertainty")
    card.write_text(re.sub(r"## Metric\n.*?\n\n", "## Metric\nAccuracy 0.97 over five folds of the training "
                           "rows; always predicting the most frequent class scores 0.44.\n\n", written,
                           flags=re.S))  # a value without its spread
    _fails(broken, "model_card", "uncertainty")


def test_a_committed_key_stays_in_the_history(broken):
    (broken / "settings.py").write_text('AWS_ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLQ"\n')
    _commit(broken, "Add settings")
    (broken / "settings.py").unlink()
    _commit(broken, "Remove settings")
    _fails(broken, "secrets", "AWS access key", "settings.py", "rotate")


def test_a_single_commit_and_a_large_file(broken):
    shutil.rmtree(broken / ".git")
    (broken / "data" / "big.csv").write_text("x\n" + "1234567890\n" * 120_000)
    _git(broken, "init", "-q")
    _commit(broken, "Everything at once")
    _fails(broken, "history", "1 commit")
    _fails(broken, "large_files", "data/big.csv", "git")


def test_unfilled_readme_and_licence(broken):
    (broken / "LICENSE").write_text(templates.FILES["LICENSE"])
    _fails(broken, "readme", "LICENSE", "licence")


def test_a_missing_folder_or_config_is_one_clear_error(tmp_path):
    with pytest.raises(project.CapstoneError, match="not a folder"):
        rubric.check(tmp_path / "nowhere")
    with pytest.raises(project.CapstoneError, match="capstone new"):
        rubric.check(tmp_path)
