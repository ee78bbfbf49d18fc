"""Each class of check-rigor gap (issue 13), with an answer the old checks judged wrongly.

Every test here failed before the fix: a valid drawing refused, a wrong plot or text accepted, a
boundary never tested, a tolerance wider than the mistake, a misleading diagnosis, `None` told to
replace the blank, or a comparison counted as the solution viewed.
"""

from __future__ import annotations

import pytest

from pathway import exercises
from pathway.exercises import checks
from pathway.exercises.checks import figures, prose
from tests.helpers import run_cell


def outcome(ex_id: str, cell: str):
    ex = exercises.get(ex_id)
    return ex.evaluate(run_cell(ex, cell))


# ------------------------------------------------------------------ plots: the data behind the artists
HIST = """
fig, ax = plt.subplots()
sns.histplot(data=penguins, x={x!r}, hue={hue!r}, ax=ax)
ax.set_title("Body mass by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Number of penguins")
"""


def test_a_histogram_of_the_wrong_variable_is_refused():
    result = outcome("p2.viz.distribution", HIST.format(x="flipper_length_mm", hue="species"))
    assert result.outcome == "incorrect" and "do not describe body mass" in result.message


def test_a_histogram_coloured_by_the_wrong_grouping_is_refused():
    result = outcome("p2.viz.distribution", HIST.format(x="body_mass_g", hue="island"))
    assert result.outcome == "incorrect" and "species" in result.message


def test_a_figure_level_seaborn_histogram_is_accepted():
    cell = """
grid = sns.displot(data=penguins, x="body_mass_g", hue="species")
grid.set_axis_labels("Body mass (g)", "Count")
grid.figure.suptitle("Body mass by species")
fig = grid
"""
    assert outcome("p2.viz.distribution", cell).outcome == "correct"


def test_a_pandas_histogram_is_accepted():
    cell = """
ax = penguins.pivot(columns="species", values="body_mass_g").plot.hist(bins=20, alpha=0.5)
ax.set_title("Body mass by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Penguins")
fig = ax.figure
"""
    assert outcome("p2.viz.distribution", cell).outcome == "correct"


def test_legend_labels_must_name_the_data_in_their_colour():
    cell = """
fig, ax = plt.subplots()
for name, group in penguins.groupby("species"):
    ax.scatter(group["bill_length_mm"], group["bill_depth_mm"])
ax.legend(["Gentoo", "Chinstrap", "Adelie"])
ax.set_title("Bills")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
"""
    result = outcome("p2.viz.relationship", cell)
    assert result.outcome == "incorrect" and "legend label" in result.message


def test_markers_without_lines_are_a_scatter_plot():
    cell = """
fig, ax = plt.subplots()
for name, group in penguins.groupby("species"):
    ax.plot(group["bill_length_mm"], group["bill_depth_mm"], "o", label=name)
ax.legend()
ax.set_title("Bills")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
"""
    assert outcome("p2.viz.relationship", cell).outcome == "correct"


def test_swapped_axes_are_named():
    cell = """
fig, ax = plt.subplots()
sns.scatterplot(data=penguins, x="bill_depth_mm", y="bill_length_mm", hue="species", ax=ax)
ax.set_title("Bills")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
"""
    assert "swapped" in outcome("p2.viz.relationship", cell).message


def test_units_are_checked_where_the_prompt_asks():
    cell = HIST.format(x="body_mass_g", hue="species").replace("Body mass (g)", "Body mass")
    result = outcome("p2.viz.distribution", cell)
    assert result.outcome == "incorrect" and "unit" in result.message


def test_pandas_box_plots_and_their_tick_labels_are_accepted():
    cell = """
fig, ax = plt.subplots()
penguins.boxplot(column="body_mass_g", by=["species", "sex"], ax=ax)
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Species, sex")
ax.set_ylabel("Body mass (g)")
"""
    assert outcome("p2.viz.comparison", cell).outcome == "correct"


def test_box_plots_of_another_variable_are_refused():
    cell = """
fig, ax = plt.subplots()
sns.boxplot(data=penguins, x="species", y="flipper_length_mm", hue="sex", ax=ax)
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Species")
ax.set_ylabel("Body mass (g)")
"""
    assert outcome("p2.viz.comparison", cell).outcome == "incorrect"


def test_an_array_of_axes_is_read(home):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2)
    axes[1].plot([1, 2], [3, 4])
    assert figures.axes_of(axes) == list(axes)
    plt.close(fig)


# ------------------------------------------------------------------ rules the value cannot show
def test_a_forbidden_library_call_is_seen_in_the_code():
    cell = "import statistics\n\n\ndef sample_std(values):\n    return statistics.stdev(values)\n"
    result = outcome("p2.stats.sample_std", cell)
    assert result.outcome == "incorrect" and "stdev" in result.message


def test_loops_and_names_are_read_from_the_code_object():
    def looped(values):
        return [v * 2 for v in values]

    def vectorised(values):
        return values * 2

    assert checks.has_loop(looped) and not checks.has_loop(vectorised)
    assert "std" in checks.code_names(lambda a: a.std())


def test_prompts_no_longer_state_rules_a_value_cannot_show():
    assert "no Python loop" not in exercises.get("p2.numpy.zscores").prompt
    assert "vectorised call" not in exercises.get("p2.stats.bootstrap_ci").prompt
    assert "using a list comprehension" not in exercises.get("p0.warmup.squares").prompt


# ------------------------------------------------------------------ text: whole words, the conclusion
def test_keywords_match_whole_words_only():
    assert not prose.mentions_term("the final table is complete", "NA")
    assert prose.mentions_term("two rows hold NA values", "NA")
    assert prose.mentions_term("the correlations differ", "correlat")
    with pytest.raises(checks.Incorrect):
        checks.text("the final answer", mentions=[("NA",)])


def test_a_reversed_conclusion_is_refused():
    from pathway.exercises.p2.eda import _FINDING

    reversed_text = _FINDING.replace(
        "negative correlation over all penguins but a positive correlation within",
        "positive correlation over all penguins but a negative correlation within")
    result = outcome("p2.eda.finding", reversed_text)
    assert result.outcome == "incorrect" and "within a species" in result.message


def test_claims_pair_each_sign_with_its_nearest_scope():
    said = prose.claims("positive overall and negative within each species",
                        {"within": r"\bwithin\b", "overall": r"\boverall\b"},
                        {"positive": r"positive", "negative": r"negative"})
    assert said == {("overall", "positive"), ("within", "negative")}


# ------------------------------------------------------------------ boundaries, tolerances, diagnoses
def test_a_value_exactly_on_the_fence_is_not_an_outlier():
    cell = """
def iqr_outliers(values):
    q1, q3 = values.quantile(0.25), values.quantile(0.75)
    iqr = q3 - q1
    return (values <= q1 - 1.5 * iqr) | (values >= q3 + 1.5 * iqr)
"""
    result = outcome("p2.eda.iqr_outliers", cell)
    assert result.outcome == "incorrect" and "exactly on a fence" in result.message


def test_the_normal_approximation_is_not_a_percentile_bootstrap():
    cell = """
rng = np.random.default_rng(42)
medians = np.median(rng.choice(mass, size=(5000, len(mass)), replace=True), axis=1)
boot_ci = (np.median(mass) - 1.96 * medians.std(ddof=1), np.median(mass) + 1.96 * medians.std(ddof=1))
"""
    result = outcome("p2.stats.bootstrap_ci", cell)
    assert result.outcome == "incorrect" and "normal approximation" in result.message


@pytest.mark.parametrize("change,named", [
    ('alternative="less"', "one-sided"),
    (None, "1 minus"),
])
def test_welch_mistakes_are_named_not_blamed_on_the_groups(change, named):
    call = "stats.ttest_ind(adelie, chinstrap, equal_var=False{})".format(
        f", {change}" if change else "")
    value = f"{call}.pvalue" if change else f"1 - {call}.pvalue"
    cell = (
        'adelie = penguins.loc[penguins["species"] == "Adelie", "body_mass_g"].dropna()\n'
        'chinstrap = penguins.loc[penguins["species"] == "Chinstrap", "body_mass_g"].dropna()\n'
        f"p_value = {value}\n"
    )
    result = outcome("p2.stats.welch_ttest", cell)
    assert result.outcome == "incorrect" and named in result.message
    assert "groups you selected" not in result.message


def test_a_percentage_is_not_told_it_is_a_fraction():
    result = outcome("p2.eda.missing_values", "missing = penguins.isna().mean() * 100")
    assert "percentages" in result.message


def test_a_sql_group_by_without_order_by_is_refused():
    query = ('query_group = "SELECT species, COUNT(*), ROUND(AVG(body_mass_g), 1) '
             'FROM penguins GROUP BY species"')
    assert outcome("p1.sql.group_by", query).outcome == "incorrect"


# ------------------------------------------------------------------ valid answers in any reasonable form
@pytest.mark.parametrize("ex_id,cell", [
    ("p2.eda.missing_values", "missing = penguins.isna().sum().to_dict()"),
    ("p2.eda.within_species_corr",
     'bill_corr = {s: g["bill_length_mm"].corr(g["bill_depth_mm"]) for s, g in penguins.groupby("species")}'),
    ("p0.warmup.items_per_phase", 'items_per_phase = pathway.status()["total"].to_dict()'),
    ("p2.pandas.pivot", 'flipper_table = penguins.pivot_table(index="species", columns="island", '
                        'values=["flipper_length_mm"])'),
])
def test_a_dictionary_or_another_form_is_accepted(ex_id, cell, home):
    assert outcome(ex_id, cell).outcome == "correct"


# ------------------------------------------------------------------ None, and the comparison after a pass
def test_none_is_told_as_none_not_as_the_blank():
    from pathway.exercises.engine import NONE_MESSAGE

    result = exercises.get("p2.eda.missing_values").evaluate(None)
    assert result.outcome == "incomplete" and result.message == NONE_MESSAGE
    assert "to_csv" in result.message and "replace `____`" not in result.message


def test_a_function_without_return_is_told_so():
    result = outcome("p2.stats.sample_std", "def sample_std(values):\n    print(sum(values))\n")
    assert result.outcome == "incorrect" and "without a `return`" in result.message


def test_the_solution_after_a_pass_is_a_comparison(home):
    from pathway import progress

    ex = exercises.get("p0.warmup.squares")
    result = ex.check([n * n for n in range(1, 16, 2)])
    assert result.correct and "solution()" in result.message
    shown = ex.solution()
    assert "compare" in repr(shown)
    events = progress.ProgressStore().events(ex.id)
    assert events[-1].detail["action"] == "compare"
    ex.check([n * n for n in range(1, 16, 2)])
    assert progress.ProgressStore().events(ex.id)[-1].detail["solution_seen"] is False


def test_a_query_without_a_placeholder_is_seen_in_the_code():
    cell = '''
def island_count(conn, island):
    safe = island.replace("'", "''")
    return conn.execute(f"SELECT COUNT(*) FROM penguins WHERE island = '{safe}'").fetchone()[0]
'''
    result = outcome("p1.sql.parameterised", cell)
    assert result.outcome == "incorrect" and "placeholder" in result.message


def test_sql_is_also_judged_on_the_checks_own_rows():
    query = ('query_missing = "SELECT id, species, island FROM penguins '
             'WHERE sex IS NULL OR body_mass_g IS NULL"')
    result = outcome("p1.sql.missing", query)
    assert result.outcome == "incorrect" and "lab's table" in result.message


def test_dedupe_must_return_a_new_list():
    cell = ("def dedupe(items):\n"
            "    return items if len(set(items)) == len(items) else list(dict.fromkeys(items))\n")
    assert "new" in outcome("p1.python.dedupe", cell).message
