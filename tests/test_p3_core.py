"""Phase 3's core-craft sections: the generated tables, and checks that judge on rows nobody saw."""

from __future__ import annotations

import re

import pytest

from pathway import exercises
from pathway.exercises.p3.ml import calibration, open_ended
from pathway.labs import tabular
from tests.conftest import NOTEBOOKS

CORE = [e for e in exercises.all() if e.id.split(".")[1] in
        {"tuning", "boosting", "imbalance", "calibration", "creation", "open_ended"}]


def test_generators_are_deterministic_and_the_seed_only_picks_rows():
    X1, y1 = tabular.rare_events(n=300, seed=5)
    X2, y2 = tabular.rare_events(n=300, seed=5)
    assert X1.equals(X2) and y1.equals(y2)
    assert not X1.equals(tabular.rare_events(n=300, seed=6)[0])
    # The same distribution under any seed: the share of positives stays near 6%.
    for seed in (0, 1, 2):
        assert 0.04 < tabular.rare_events(n=4000, seed=seed)[1].mean() < 0.08
    a, b = tabular.orders(n=2000, seed=0), tabular.orders(n=2000, seed=1)
    assert a.equals(tabular.orders(n=2000, seed=0)) and not a.equals(b)
    assert abs(a["returned"].mean() - b["returned"].mean()) < 0.04
    assert list(a.columns) == ["ordered_at", "amount", "items", "merchant", "account_days", "voucher",
                               "returned"]


def test_the_checks_fresh_rows_come_from_seeds_no_notebook_cell_uses():
    seeds = {open_ended._RARE_SEED, open_ended._ORDERS_SEED, calibration._FRESH_SEED}
    text = "".join(p.read_text(encoding="utf-8") for p in NOTEBOOKS.glob("03*.ipynb"))
    used = {int(s) for s in re.findall(r"seed=(\d+)", text)}
    assert used and not seeds & used


def test_core_exercises_follow_the_hint_rule():
    for ex in CORE:
        setup = set(ex.setup.splitlines())
        for line in ex.solution_code.splitlines():
            line = line.strip()
            if (not line or line.startswith(("#", "import ", "from ")) or len(line) < 15
                    or line in {s.strip() for s in setup}):
                continue
            assert not any(line in hint for hint in ex.hints), f"{ex.id}: a hint holds {line!r}"


def test_open_task_checks_judge_the_outcome_not_the_recipe(home):
    """A model the reference would never write passes if it clears the bar; a linear one does not."""
    from sklearn.ensemble import ExtraTreesClassifier
    from sklearn.linear_model import LogisticRegression

    X, y = tabular.rare_events(n=1200, seed=0)
    trees = ExtraTreesClassifier(n_estimators=200, min_samples_leaf=2, random_state=0, n_jobs=1).fit(X, y)
    result = exercises.get("p3.open_ended.rare_events_model").evaluate(trees)
    assert result.outcome == "correct", result.message
    linear = LogisticRegression(max_iter=1000).fit(X, y)
    result = exercises.get("p3.open_ended.rare_events_model").evaluate(linear)
    assert result.outcome == "incorrect" and "0.3" in result.message


@pytest.mark.parametrize("junk", [3, "model", [], {"inner": 1}])
def test_core_checks_reject_junk_without_raising(junk):
    for ex in CORE:
        assert ex.evaluate(junk).outcome == "incorrect", ex.id


def test_the_notebook_runs_the_setup_the_checks_assume():
    """Every statement line of a core exercise's setup is in notebook 03 (imports may be shared)."""
    import nbformat

    nb = nbformat.read(NOTEBOOKS / "03_ml_specialization.ipynb", as_version=4)
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for ex in CORE:
        for line in ex.setup.splitlines():
            if line.strip() and not line.startswith(("import ", "from ", " ", ")")):
                assert line in source, f"{ex.id}: the notebook lacks {line!r}"
