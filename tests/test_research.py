"""pathway.labs.research: the statistical tests against scipy, and the benchmark's properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from pathway.labs import research

RNG = np.random.default_rng(7)
SCORES = [(RNG.uniform(0.8, 0.95, size=n), RNG.uniform(0.8, 0.95, size=n)) for n in (5, 10, 25)]


@pytest.mark.parametrize("a,b", SCORES)
def test_naive_paired_ttest_matches_scipy(a, b):
    got = research.paired_ttest(a, b)
    want = stats.ttest_rel(b, a)
    assert got.statistic == pytest.approx(want.statistic, rel=1e-10)
    assert got.pvalue == pytest.approx(want.pvalue, rel=1e-10)
    assert got.df == len(a) - 1


@pytest.mark.parametrize("a,b", SCORES)
def test_corrected_t_is_the_naive_t_shrunk_by_the_correction(a, b):
    n_train, n_test = 455, 114
    j = len(a)
    naive = stats.ttest_rel(b, a).statistic
    got = research.corrected_resampled_ttest(a, b, n_train, n_test)
    # (1/J + n_test/n_train) = (1/J) * (1 + J * n_test/n_train)
    assert got.statistic == pytest.approx(naive / math.sqrt(1 + j * n_test / n_train), rel=1e-10)
    assert got.pvalue == pytest.approx(2 * stats.t.sf(abs(got.statistic), j - 1), rel=1e-10)
    assert got.pvalue > stats.ttest_rel(b, a).pvalue  # the correction is conservative


def test_corrected_t_by_hand():
    d = [0.02, 0.01, 0.03, 0.0, 0.02]
    mean, var = 0.016, np.var(d, ddof=1)
    expected = mean / math.sqrt((1 / 5 + 20 / 80) * var)
    assert research.corrected_t_statistic(d, 80, 20) == pytest.approx(expected)


def test_corrected_t_edge_cases():
    assert research.corrected_t_statistic([0.0, 0.0, 0.0], 80, 20) == 0.0
    assert research.corrected_t_statistic([0.1, 0.1], 80, 20) == math.inf
    assert research.corrected_t_statistic([-0.1, -0.1], 80, 20) == -math.inf
    with pytest.raises(ValueError, match="at least two"):
        research.corrected_t_statistic([0.1], 80, 20)
    with pytest.raises(ValueError, match="same length"):
        research.paired_ttest([0.1, 0.2], [0.1, 0.2, 0.3])


@pytest.mark.parametrize("b,c", [(1, 10), (4, 6), (0, 7), (12, 3), (25, 40), (9, 10)])
def test_exact_mcnemar_matches_scipy_binomtest(b, c):
    got = research.mcnemar(b, c, exact=True)
    assert got.pvalue == pytest.approx(stats.binomtest(min(b, c), b + c, 0.5).pvalue, rel=1e-10)


@pytest.mark.parametrize("b,c", [(1, 10), (4, 6), (12, 3), (25, 40)])
def test_chi_square_mcnemar_matches_its_formula_and_scipy_chi2(b, c):
    got = research.mcnemar(b, c, exact=False)
    statistic = (abs(b - c) - 1) ** 2 / (b + c)
    assert got.statistic == pytest.approx(statistic)
    assert got.pvalue == pytest.approx(stats.chi2.sf(statistic, 1))
    # With one degree of freedom, chi2 = z^2: the same p-value from the normal distribution.
    assert got.pvalue == pytest.approx(2 * stats.norm.sf(math.sqrt(statistic)))


def test_mcnemar_without_disagreements_and_with_bad_counts():
    assert research.mcnemar(0, 0).pvalue == 1.0
    assert research.mcnemar_chi2(0, 0) == 0.0
    with pytest.raises(ValueError):
        research.mcnemar(-1, 3)


def test_mcnemar_counts_only_disagreements():
    y = [0, 1, 1, 0, 1, 0]
    a = [0, 1, 0, 0, 0, 1]  # right on 0, 1, 3
    b = [0, 0, 1, 0, 1, 1]  # right on 0, 2, 3, 4
    assert research.mcnemar_counts(y, a, b) == (1, 2)


def test_split_sizes():
    assert research.split_sizes(569) == (456, 113)
    assert research.split_sizes(150, 10) == (135, 15)


def test_cv_scores_are_deterministic_and_paired():
    first = research.cv_scores("decision_tree", "iris")
    second = research.cv_scores("decision_tree", "iris")
    assert first.shape == (research.N_SPLITS * research.N_REPEATS,)
    np.testing.assert_array_equal(first, second)
    first[0] = -1  # callers get a copy: the cache stays intact
    assert research.cv_scores("decision_tree", "iris")[0] != -1
    assert ((0 <= second) & (second <= 1)).all()


def test_claims_table_shape_and_p_values():
    table = research.claims()
    assert list(table.columns) == [
        "dataset", "baseline", "baseline_accuracy", "candidate_accuracy", "improvement",
        "p_naive", "p_corrected",
    ]
    assert len(table) == len(research.DATASETS) * (len(research.MODELS) - 1)
    assert set(table["baseline"]) == {"k_nearest_neighbors", "decision_tree"}
    assert (table["p_corrected"] >= table["p_naive"]).all()
    assert table["improvement"].to_numpy() == pytest.approx(
        (table["candidate_accuracy"] - table["baseline_accuracy"]).to_numpy()
    )
    naive_wins = ((table["improvement"] > 0) & (table["p_naive"] < 0.05)).sum()
    corrected_wins = ((table["improvement"] > 0) & (table["p_corrected"] < 0.05)).sum()
    assert corrected_wins < naive_wins  # the point of the notebook's exercise


def test_holdout_predictions_are_paired_and_seeded():
    y, a, b = research.holdout_predictions()
    y2, a2, b2 = research.holdout_predictions()
    assert len(y) == len(a) == len(b)
    np.testing.assert_array_equal(a, a2)
    np.testing.assert_array_equal(b, b2)
    b_count, c_count = research.mcnemar_counts(y, a, b)
    assert b_count + c_count == int(((a == y) != (b == y)).sum())


def test_unknown_names_are_explained():
    with pytest.raises(ValueError, match="choose from"):
        research.load("mnist")
    with pytest.raises(ValueError, match="choose from"):
        research.model("svm")
