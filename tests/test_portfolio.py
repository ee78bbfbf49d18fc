"""The repository checklist and the portfolio README drawn from recorded progress."""

from __future__ import annotations

import pytest

import pathway
from pathway.labs import competition, portfolio

TIDY = [
    "README.md", "LICENSE", ".gitignore", "environment.yml", "src/model.py",
    "tests/test_model.py", "data/README.md", ".env.example",
]
GOOD_COMMITS = ["Initial commit", "Add a baseline model", "Fix the leakage in the scaler",
                "Document how to download the data"]


def test_a_tidy_repository_passes_everything():
    board = portfolio.review(TIDY, GOOD_COMMITS)
    assert list(board.index) == list(portfolio.CHECKLIST)
    assert board["passed"].tolist() == [True] * len(portfolio.CHECKLIST)
    assert portfolio.failing(TIDY, GOOD_COMMITS) == set()


def test_commits_are_not_checked_without_them():
    board = portfolio.review(TIDY)
    assert board.loc["meaningful_commits", "passed"] is None
    assert "meaningful_commits" not in portfolio.failing(TIDY)


@pytest.mark.parametrize(
    "files, failing",
    [
        (["src/model.py"], {"readme", "licence", "gitignore", "environment", "tests"}),
        (TIDY + ["kaggle.json"], {"no_secrets"}),
        (TIDY + ["config/.env"], {"no_secrets"}),
        (TIDY + ["keys/deploy.pem"], {"no_secrets"}),
        (TIDY + ["models/model.pkl"], {"no_data_dumps"}),
        (TIDY + ["weights/best.pt"], {"no_data_dumps"}),
        (TIDY + ["data/raw.zip"], {"no_data_dumps"}),
        (TIDY + ["src/__pycache__/model.cpython-312.pyc"], {"gitignore"}),
        (TIDY + ["notebooks/.ipynb_checkpoints/eda-checkpoint.ipynb"], {"gitignore"}),
        ([f for f in TIDY if f != "LICENSE"] + ["LICENCE.txt"], set()),
        ([f for f in TIDY if not f.startswith("tests/")] + ["src/test_model.py"], set()),
        ([f for f in TIDY if f != "environment.yml"] + ["requirements-dev.txt"], set()),
        (["docs/README.md"] + [f for f in TIDY if f != "README.md"], {"readme"}),
    ],
)
def test_each_check_finds_its_problem(files, failing):
    assert portfolio.failing(files, GOOD_COMMITS) == failing


def test_sizes_flag_large_files():
    sizes = {f: 1000 for f in TIDY} | {"data/big.csv": 60 * 1024 * 1024}
    assert portfolio.failing(sizes) == {"no_data_dumps"}
    assert portfolio.failing({f: 1000 for f in TIDY}) == set()


@pytest.mark.parametrize("message", ["update", "wip", "Fix.", "Add files via upload", "Update train.py",
                                     "", "asdf"])
def test_vague_commit_messages(message):
    assert portfolio.is_vague(message)


@pytest.mark.parametrize("message", ["Initial commit", "Fix typo in README", "Add tests",
                                     "Update the README with results"])
def test_meaningful_commit_messages(message):
    assert not portfolio.is_vague(message)


def test_a_few_vague_commits_are_tolerated_but_not_many():
    assert "meaningful_commits" not in portfolio.failing(TIDY, GOOD_COMMITS + ["wip"])
    assert "meaningful_commits" in portfolio.failing(TIDY, GOOD_COMMITS + ["wip", "fix"])
    assert "meaningful_commits" in portfolio.failing(TIDY, [])


def test_the_checklist_table_explains_every_item():
    table = portfolio.checklist()
    assert list(table.index) == list(portfolio.CHECKLIST)
    assert table["why"].str.len().min() > 20


PROJECTS = [{"name": "Diagnosis", "description": "Logistic regression, 0.97 accuracy",
             "link": "https://github.com/me/diagnosis", "tools": ["pandas", "scikit-learn"]},
            {"name": "Penguins", "description": "EDA of 344 penguins"}]


def test_readme_on_an_empty_store(home):
    text = portfolio.readme()
    assert text.startswith("# Machine Learning Engineer portfolio\n")
    for heading in ("## Projects", "## Progress on the roadmap", "## Practice",
                    "## Certifications", "## Currently working on"):
        assert heading in text
    assert "no submission yet" in text and "none completed yet" in text
    for phase in pathway.load_roadmap().phases:
        assert phase.title in text


def test_readme_reflects_recorded_progress(home):
    roadmap = pathway.load_roadmap()
    for item in roadmap.items_in("p0"):
        pathway.mark(item.id, "done")
    cert = next(i for i in roadmap.items if i.kind == "certification")
    pathway.mark(cert.id, "done")
    pathway.mark("p4.exp.mentorship", "in_progress")
    competition.submit(competition.sample_submission(), model="majority class")
    text = portfolio.readme(PROJECTS, name="Ada Lovelace", headline="Hello.")
    assert text.startswith("# Ada Lovelace\n\nHello.")
    assert "- **[Diagnosis](https://github.com/me/diagnosis)**: Logistic regression, 0.97 accuracy " \
           "*Tools: pandas, scikit-learn.*" in text
    assert "- **Penguins**: EDA of 344 penguins" in text
    start = roadmap.phase("p0")
    assert f"| {start.number} · {start.title} ✓ |" in text and "100% |" in text
    assert f"best accuracy {competition.best():.3f} over 1 submission" in text
    assert f"- {cert.title}" in text
    assert "- Mentorship from professionals in the ML field" in text
    exercises = [i for i in roadmap.items if i.kind == "exercise"]
    solved = sum(1 for i in roadmap.items_in("p0") if i.kind == "exercise")
    assert f"Exercises solved: {solved} of {len(exercises)}" in text


@pytest.mark.parametrize(
    "projects, message",
    [
        ({"name": "x"}, "list of dictionaries"),
        (["just a name"], "should be a dictionary"),
        ([{"name": "x"}], "no description"),
        ([{"name": "x", "description": "y", "link": "github.com/me/x"}], "not a web address"),
    ],
)
def test_readme_refuses_malformed_projects(home, projects, message):
    with pytest.raises(ValueError, match=message):
        portfolio.readme(projects)
