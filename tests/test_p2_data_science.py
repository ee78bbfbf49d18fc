"""Phase 2 checks accept the other correct ways to write an answer, not only the reference."""

from __future__ import annotations

import pytest

from pathway import exercises
from tests.helpers import run_cell

ALTERNATIVES = {
    "p2.stats.sample_std": [
        """
import math
def sample_std(values):
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
""",
    ],
    "p2.stats.confidence_interval": [
        """
gentoo = penguins.query("species == 'Gentoo'")["body_mass_g"].dropna()
ci = stats.t.interval(0.95, df=len(gentoo) - 1, loc=gentoo.mean(), scale=stats.sem(gentoo))
""",
    ],
    "p2.stats.bootstrap_ci": [
        # a loop draws the same numbers from the same seed
        """
rng = np.random.default_rng(42)
medians = [np.median(rng.choice(mass, size=len(mass))) for _ in range(5000)]
boot_ci = tuple(np.percentile(medians, [2.5, 97.5]))
""",
        # another seed moves an end by one 25 g step at most
        """
rng = np.random.default_rng(0)
medians = np.median(rng.choice(mass, size=(5000, len(mass))), axis=1)
boot_ci = list(np.percentile(medians, [2.5, 97.5]))
""",
    ],
    "p2.pandas.group_summary": [
        'mass_by_group = penguins.groupby(["species", "sex"], as_index=False)["body_mass_g"]'
        '.agg(["mean", "std", "count"])',
        'mass_by_group = penguins.groupby(["species", "sex"])["body_mass_g"].agg(["mean", "std", '
        '"count"]).reset_index()',
    ],
    "p2.pandas.merge_lab": [
        'import pandas as pd\ncombined = pd.merge(field, lab, how="left", '
        'on=["Individual ID", "studyName"])',
    ],
    "p2.pandas.pivot": [
        'flipper_table = penguins.groupby(["species", "island"])["flipper_length_mm"].mean()'
        '.unstack()',
    ],
    "p2.numpy.zscores": [
        "import pandas as pd\nframe = pd.DataFrame(measurements)\nz = (frame - frame.mean()) / frame.std()",
    ],
    "p2.eda.iqr_outliers": [
        """
def iqr_outliers(values):
    q1, q3 = values.quantile([0.25, 0.75])
    fence = 1.5 * (q3 - q1)
    return ~values.between(q1 - fence, q3 + fence) & values.notna()
""",
    ],
    "p2.eda.within_species_corr": [
        """
import pandas as pd
bill_corr = pd.Series({
    name: group["bill_length_mm"].corr(group["bill_depth_mm"])
    for name, group in penguins.groupby("species")
})
""",
    ],
    "p2.validation.cross_val": [
        """
cv = StratifiedKFold(5, shuffle=True, random_state=0)
scores = list(cross_val_score(make_pipeline(StandardScaler(), LogisticRegression()), X, y, cv=cv))
""",
    ],
    "p2.notebook.shortcuts": [
        """
shortcuts = {
    "run the cell and select the next one": "shift + enter",
    "run the cell and stay on it": "Control+Enter",
    "insert a cell below (command mode)": "b",
    "turn the cell into Markdown (command mode)": "m",
    "leave edit mode for command mode": "Escape",
    "insert a code cell below, in Google Colab": "Cmd+M B",
}
""",
    ],
}


@pytest.mark.parametrize(
    "exercise_id,code",
    [(i, c) for i, codes in ALTERNATIVES.items() for c in codes],
    ids=lambda v: v if isinstance(v, str) and v.startswith("p2.") else "",
)
def test_other_correct_answers_pass(exercise_id, code, home):
    ex = exercises.get(exercise_id)
    result = ex.evaluate(run_cell(ex, code))
    assert result.outcome == "correct", f"{exercise_id}: {result.message}"


def test_checking_records_the_attempt_in_the_event_log(home):
    import pathway

    ex = exercises.get("p2.eda.missing_values")
    assert ex.check(run_cell(ex, ex.solution_code)).correct
    assert pathway.statuses()["p2.eda.missing_values"] == "done"


def test_plot_checks_ask_for_readable_labels(home):
    ex = exercises.get("p2.viz.relationship")
    code = ex.solution_code.replace('ax.set_ylabel("Bill depth (mm)")', "")
    result = ex.evaluate(run_cell(ex, code))
    assert result.outcome == "incorrect" and "column name" in result.message


def test_iqr_check_explains_a_one_sided_rule(home):
    ex = exercises.get("p2.eda.iqr_outliers")
    result = ex.evaluate(run_cell(ex, ex.wrong[0]))
    assert "missed 1 outlier" in result.message
