"""The offline competition: data as the script makes it, a scorer that explains, a leaderboard in the log."""

from __future__ import annotations

import runpy

import pandas as pd
import pytest

import pathway
from pathway.labs import competition
from pathway.labs.competition import SubmissionError
from tests.conftest import ROOT


def perfect() -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / "p4_test_labels.csv")


def test_data_files_are_what_the_committed_script_makes():
    script = runpy.run_path(str(ROOT / "scripts" / "make_p4_competition.py"))
    for name, frame in script["competition"]().items():
        made = frame.to_csv(index=False, lineterminator="\n")
        assert made == (ROOT / "data" / name).read_text(encoding="utf-8"), name
    made = script["applications"]().to_csv(index=False, lineterminator="\n")
    assert made == (ROOT / "data" / "p4_applications.csv").read_text(encoding="utf-8")


def test_train_and_test_are_disjoint_and_test_has_no_labels():
    train, test = competition.train(), competition.test()
    assert len(train) == 398 and len(test) == 171
    assert "diagnosis" in train and "diagnosis" not in test
    assert not set(train["id"]) & set(test["id"])
    assert set(train["diagnosis"]) == set(competition.LABELS)
    assert competition.features() == [c for c in test.columns if c != "id"]
    assert len(competition.features()) == 30


def test_scores_range_from_perfect_to_baseline():
    assert competition.score(perfect()) == 1.0
    baseline = competition.score(competition.sample_submission())
    assert baseline == pytest.approx((perfect()["diagnosis"] == "benign").mean())
    flipped = perfect().assign(diagnosis=lambda f: f["diagnosis"].map(
        {"benign": "malignant", "malignant": "benign"}))
    assert competition.score(flipped) == 0.0


def test_row_order_and_column_order_do_not_matter():
    shuffled = perfect().sample(frac=1, random_state=0)[["diagnosis", "id"]]
    assert competition.score(shuffled) == 1.0


def test_scores_a_csv_file_and_explains_a_written_index(tmp_path):
    good, indexed = tmp_path / "good.csv", tmp_path / "indexed.csv"
    perfect().to_csv(good, index=False)
    perfect().to_csv(indexed)
    assert competition.score(good) == 1.0
    assert competition.score(str(good)) == 1.0
    with pytest.raises(SubmissionError, match="index=False"):
        competition.score(indexed)
    with pytest.raises(SubmissionError, match="no file"):
        competition.score(tmp_path / "missing.csv")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda f: f.rename(columns={"diagnosis": "label"}), "missing column 'diagnosis'"),
        (lambda f: f.drop(columns="id"), "missing column 'id'"),
        (lambda f: f.set_index("id"), "is it the index"),
        (lambda f: f.assign(extra=1), "unexpected column 'extra'"),
        (lambda f: pd.concat([f, f.head(2)]), "2 ids appear more than once"),
        (lambda f: f.iloc[5:], "5 test ids have no prediction"),
        (lambda f: f.assign(id=f["id"] - 398), "not in the test set"),
        (lambda f: f.assign(diagnosis=(f["diagnosis"] == "malignant").astype(int)),
         "look like class numbers"),
        (lambda f: f.assign(diagnosis=f["diagnosis"].str.upper()), "use exactly 'benign'"),
        (lambda f: f.assign(id=f["id"].astype(str) + "x"), "whole numbers"),
        (lambda f: f.assign(id=f["id"] + 0.5), "fractions"),
    ],
)
def test_malformed_submissions_are_refused_with_a_reason(change, message):
    with pytest.raises(SubmissionError, match=message):
        competition.score(change(perfect()))


def test_anything_else_is_refused():
    with pytest.raises(SubmissionError, match="DataFrame or the path"):
        competition.score([1, 2, 3])
    assert issubclass(SubmissionError, ValueError) and issubclass(SubmissionError, pathway.PathwayError)


def test_submissions_are_logged_and_ranked_best_first(home):
    assert competition.leaderboard().empty and competition.best() is None
    worse = competition.submit(competition.sample_submission(), model="majority class")
    best = competition.submit(perfect(), model="oracle", note="peeked")
    pathway.log("p4.exp.kaggle", "submission", score=0.78, model="random forest",
                competition="titanic")
    pathway.log("p4.exp.kaggle", "submission", score=0.9, model="by hand")
    board = competition.leaderboard()
    assert list(board.index) == [1, 2, 3]
    assert list(board["model"]) == ["oracle", "by hand", "majority class"]
    assert list(board["score"]) == [best, 0.9, pytest.approx(worse, abs=1e-6)]
    assert competition.best() == 1.0
    assert len(competition.leaderboard(competition=None)) == 4
    assert list(competition.leaderboard("titanic")["score"]) == [0.78]
    events = pathway.logged("p4.exp.kaggle", "submission")
    assert events[0].detail["competition"] == competition.NAME
    assert pathway.statuses()["p4.exp.kaggle"] == "todo"  # logging is not progress on its own


def test_ties_keep_the_earlier_submission_first(home):
    competition.submit(perfect(), model="first")
    competition.submit(perfect(), model="second")
    assert list(competition.leaderboard()["model"]) == ["first", "second"]


def test_an_invalid_submission_is_not_logged(home):
    with pytest.raises(SubmissionError):
        competition.submit(perfect().iloc[1:], model="partial")
    with pytest.raises(SubmissionError, match="describe the model"):
        competition.submit(perfect(), model=" ")
    assert competition.leaderboard().empty
