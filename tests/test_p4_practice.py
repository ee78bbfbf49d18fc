"""Phase 4's new practice tools: the shake-up, the interview labs, the git sandbox, the question bank."""

from __future__ import annotations

import os
import subprocess

import pytest

from pathway.exercises.p4 import interview as interview_exercises
from pathway.labs import datasets, gitpractice, interview, quiz, shakeup, shop_db


# ------------------------------------------------------------------ the shake-up
def test_history_hides_the_private_scores_until_the_reveal():
    assert "private_score" not in shakeup.history()
    revealed = shakeup.history(reveal=True)
    assert list(revealed.index) == list(range(1, 10))
    assert revealed["public_score"].between(0, 1).all() and revealed["private_score"].between(0, 1).all()


def test_the_public_favourite_is_not_the_submission_to_trust():
    history = shakeup.history(reveal=True)
    by_cv, by_public = history["cv_score"].idxmax(), history["public_score"].idxmax()
    assert by_cv != by_public
    assert history.loc[by_cv, "private_score"] == history["private_score"].max()
    assert history.loc[by_public, "private_score"] < history.loc[by_cv, "private_score"] - 0.03


def test_the_board_ranks_nine_teams_and_the_reveal_moves_them():
    public = shakeup.board()
    assert len(public) == 9 and "private_score" not in public
    final = shakeup.board(reveal=True)
    assert (final["moved"] == final["public_rank"] - final["private_rank"]).all()
    assert final.loc["you", "submissions"] == 9
    assert shakeup.board(your_pick=9).loc["you", "public_score"] == pytest.approx(
        shakeup.history().loc[9, "public_score"])
    with pytest.raises(ValueError, match="no submission"):
        shakeup.board(your_pick=42)


def test_only_the_teams_that_chased_the_public_board_overfitted_beyond_the_noise():
    flagged = shakeup.overfitted()
    assert flagged == {"public_probers", "leaderboard_climbers"}
    final = shakeup.board(reveal=True)
    assert all(final.loc[t, "submissions"] >= 40 for t in flagged)
    # a team that also chose by the public board stays within the noise: the rule is not "many tries"
    assert "threshold_tweakers" not in flagged and final.loc["threshold_tweakers", "submissions"] == 30
    assert shakeup.overfitted(z=1.0) > flagged


def test_standard_error():
    assert shakeup.standard_error(0.5, 100) == pytest.approx(0.05)
    assert shakeup.n_public() == 300


# ------------------------------------------------------------------ interview labs
def test_the_design_vocabularies_cover_the_sections_the_check_asks_for():
    assert interview.LEAKY_FEATURES <= set(interview.CANDIDATE_FEATURES)
    assert interview_exercises.PRECISE <= set(interview.OFFLINE_METRICS)
    assert interview_exercises.FRAUD_SIDE | interview_exercises.CUSTOMER_SIDE <= set(interview.ONLINE_METRICS)
    assert len(interview.SECTIONS) == 8


def test_stopwatch_reports_against_its_limit():
    watch = interview.drill("auc", limit_minutes=20)
    assert "within the 20-minute limit" in watch.stop()
    watch.started -= 30 * 60
    assert "over the 20-minute limit" in watch.stop()


@pytest.mark.parametrize("seed", interview_exercises.SEEDS)
def test_every_shop_holds_the_edge_cases(seed):
    conn = shop_db.connect(seed)
    try:
        never = conn.execute("SELECT COUNT(*) FROM customers c WHERE NOT EXISTS "
                             "(SELECT 1 FROM orders o WHERE o.customer_id = c.id)").fetchone()[0]
        cancelled_only = conn.execute(
            "SELECT COUNT(*) FROM (SELECT customer_id FROM orders GROUP BY customer_id "
            "HAVING COUNT(amount) = 0)").fetchone()[0]
        ties = conn.execute(
            "SELECT COUNT(*) FROM (SELECT c.country, SUM(o.amount) AS t FROM customers c JOIN orders o "
            "ON o.customer_id = c.id GROUP BY c.id HAVING t IS NOT NULL) GROUP BY country, t "
            "HAVING COUNT(*) > 1").fetchall()
        assert never >= 1 and cancelled_only >= 1 and ties
        rows = conn.execute(interview_exercises.TOP_SPENDERS).fetchall()
        assert any(country == "PL" for country, *_ in rows)
    finally:
        conn.close()


def test_the_same_seed_gives_the_same_shop():
    a, b = shop_db.connect(3), shop_db.connect(3)
    assert a.execute("SELECT * FROM orders").fetchall() == b.execute("SELECT * FROM orders").fetchall()
    assert a.execute("SELECT * FROM orders").fetchall() != shop_db.connect(4).execute(
        "SELECT * FROM orders").fetchall()


def test_the_interview_question_bank_loads_and_records_against_a_roadmap_item(home):
    import pathway

    bank = quiz.load_bank(datasets.path("p4_interview_questions.toml"))
    assert len(bank.questions) >= 15 and {a.id for a in bank.areas} == {
        "interview_ml", "interview_systems", "interview_data"}
    items = {i.id for i in pathway.load_roadmap().items}
    assert {q.cert for q in bank.questions} <= items
    assert len({q.answer for q in bank.questions}) >= 3  # the right letter is not always the same
    first = bank.questions[0]
    quiz.answer(first.id, first.answer, bank=bank)
    assert quiz.results()["question"].tolist() == [first.id]


# ------------------------------------------------------------------ git sandbox
needs_git = pytest.mark.skipif(not gitpractice.available(), reason="git is not installed")


@needs_git
def test_practice_repo_has_one_commit_and_two_untracked_files(tmp_path):
    repo = gitpractice.practice_repo(tmp_path)
    assert gitpractice.git(repo, "rev-list", "--count", "main") == "1"
    status = gitpractice.git(repo, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert sorted(line[3:] for line in status) == sorted(gitpractice.UNTRACKED)
    assert gitpractice.git(repo, "config", "--local", "user.email") == "learner@example.com"


@needs_git
def test_the_learners_global_config_is_never_written(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    repo = gitpractice.practice_repo(tmp_path)
    gitpractice.git(repo, "switch", "-c", "topic")
    assert not (home / ".gitconfig").exists() and not (home / ".config").exists()


@needs_git
def test_a_failing_git_command_says_why(tmp_path):
    repo = gitpractice.practice_repo(tmp_path)
    with pytest.raises(gitpractice.GitError, match="git switch no-such-branch failed"):
        gitpractice.git(repo, "switch", "no-such-branch")


def test_missing_git_is_explained(monkeypatch, tmp_path):
    monkeypatch.setattr(gitpractice.shutil, "which", lambda name: None)
    assert not gitpractice.available()
    with pytest.raises(gitpractice.GitError, match="git is not installed"):
        gitpractice.practice_repo(tmp_path)
    from pathway import exercises

    result = exercises.get("p4.git.pull_request").evaluate({"repo": str(tmp_path), "branch": "x",
                                                            "title": "t", "description": ""})
    assert result.outcome == "incorrect" and "git is not installed" in result.message


def test_git_runs_without_a_global_identity(tmp_path):
    env = gitpractice._env()
    assert env["GIT_CONFIG_GLOBAL"] == os.devnull and env["GIT_CONFIG_NOSYSTEM"] == "1"
    if gitpractice.available():
        repo = gitpractice.practice_repo(tmp_path)
        out = subprocess.run(["git", "-C", str(repo), "log", "--format=%an"], capture_output=True,
                             text=True, env=env, check=True).stdout.strip()
        assert out == "Practice Learner"
