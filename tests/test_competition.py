"""The offline competition: data as the script makes it, a scorer that explains, a leaderboard in the log."""

from __future__ import annotations

import runpy

import pandas as pd
import pytest

import pathway
from pathway.labs import competition
from pathway.labs.competition import SubmissionError
from tests.conftest import ROOT


def hidden() -> pd.DataFrame:
    """The hidden labels: id, churn and the board each row is scored on."""
    return pd.read_csv(ROOT / "data" / "p4_test_labels.csv")


def perfect() -> pd.DataFrame:
    """The hidden labels as a submission."""
    return hidden()[["id", "churn"]]


def test_data_files_are_what_the_committed_script_makes():
    script = runpy.run_path(str(ROOT / "scripts" / "make_p4_competition.py"))
    for name, frame in script["competition"]().items():
        made = frame.to_csv(index=False, lineterminator="\n")
        assert made == (ROOT / "data" / name).read_text(encoding="utf-8"), name
    made = script["applications"]().to_csv(index=False, lineterminator="\n")
    assert made == (ROOT / "data" / "p4_applications.csv").read_text(encoding="utf-8")


def test_train_and_test_are_disjoint_and_test_has_no_labels():
    train, test = competition.train(), competition.test()
    assert len(train) == 1500 and len(test) == 1000
    assert "churn" in train and "churn" not in test
    assert not set(train["id"]) & set(test["id"])
    assert set(train["churn"]) == set(competition.LABELS)
    assert competition.features() == [c for c in test.columns if c != "id"]
    assert len(competition.features()) == 9
    assert set(competition.numeric_features()) | set(competition.categorical_features()) == set(
        competition.features())


def test_the_data_is_messy_like_a_real_export():
    train = competition.train()
    missing = train[competition.features()].isna().sum()
    assert {"usage_hours", "age", "contract"} <= set(missing[missing > 0].index)
    assert competition.categorical_features() == ["contract", "region", "payment"]
    usage = train["usage_hours"].dropna()
    assert usage.mean() > 1.3 * usage.median()  # a long right tail
    share = (train["churn"] == "yes").mean()
    assert 0.25 < share < 0.35


def test_public_and_private_boards_split_the_test_set():
    public, private = competition.board_ids("public"), competition.board_ids("private")
    assert len(public) == 300 and len(private) == 700 and not public & private
    assert public | private == set(competition.test()["id"])
    with pytest.raises(ValueError, match="public"):
        competition.board_ids("secret")


def test_scores_range_from_perfect_to_baseline():
    assert competition.score(perfect()) == 1.0
    baseline = competition.score(competition.sample_submission())
    assert baseline == pytest.approx((perfect()["churn"] == "no").mean())
    flipped = perfect().assign(churn=lambda f: f["churn"].map({"no": "yes", "yes": "no"}))
    assert competition.score(flipped) == 0.0
    labels = hidden()
    for board in ("public", "private"):
        rows = labels[labels["board"] == board]
        assert competition.score(competition.sample_submission(), board) == pytest.approx(
            (rows["churn"] == "no").mean())


def test_no_model_reaches_the_label_ceiling_and_a_good_model_beats_the_baseline_clearly():
    """The generator's own probabilities (the best any model can do) stay well below the ceiling
    the submission check uses to recognise copied labels."""
    import numpy as np

    from pathway.exercises.p4.competition import LABEL_CEILING, PASS_MARK

    script = runpy.run_path(str(ROOT / "scripts" / "make_p4_competition.py"))
    _, churned, p = script["customers"]()
    test = slice(script["N_TRAIN"], None)
    labels = hidden()
    private = (labels["board"] == "private").to_numpy()
    best = float(np.mean(((p[test] > 0.5) == churned[test])[private]))
    baseline = competition.score(competition.sample_submission(), "private")
    assert baseline < PASS_MARK < best - 0.05 and best + 0.05 < LABEL_CEILING


def test_row_order_and_column_order_do_not_matter():
    shuffled = perfect().sample(frac=1, random_state=0)[["churn", "id"]]
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
        (lambda f: f.rename(columns={"churn": "label"}), "missing column 'churn'"),
        (lambda f: f.drop(columns="id"), "missing column 'id'"),
        (lambda f: f.set_index("id"), "is it the index"),
        (lambda f: f.assign(extra=1), "unexpected column 'extra'"),
        (lambda f: pd.concat([f, f.head(2)]), "2 ids appear more than once"),
        (lambda f: f.iloc[5:], "5 test ids have no prediction"),
        (lambda f: f.assign(id=f["id"] - 1500), "not in the test set"),
        (lambda f: f.assign(churn=(f["churn"] == "yes").astype(int)), "look like class numbers"),
        (lambda f: f.assign(churn=f["churn"].str.upper()), "use exactly 'no'"),
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


def test_submit_shows_the_public_score_and_the_reveal_adds_the_private_one(home):
    value = competition.submit(competition.sample_submission(), model="majority class")
    assert value == competition.score(competition.sample_submission(), "public")
    assert "private" not in competition.leaderboard()
    revealed = competition.leaderboard(reveal=True)
    assert revealed["private"].iloc[0] == pytest.approx(
        competition.score(competition.sample_submission(), "private"), abs=1e-6)


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
