"""Phase 2, data-science foundations: visualisation."""

from __future__ import annotations

from functools import cache
from typing import Any

from .. import checks
from ..checks import figures
from ..engine import Incorrect, exercise
from ._shared import MEASUREMENTS, PLOT_SETUP, _penguins

SPECIES = ("Adelie", "Chinstrap", "Gentoo")
MASS_UNITS = ("g", "grams", "gram", "kg", "kilograms")
LENGTH_UNITS = ("mm", "millimetres", "millimeters", "cm")


@cache
def _species_values(column: str) -> dict[str, Any]:
    df = _penguins()
    return {s: df.loc[df["species"] == s, column].dropna().to_numpy() for s in SPECIES}


@cache
def _species_pairs(complete_rows: bool = False) -> tuple[Any, dict[str, Any]]:
    """The (bill length, bill depth) pairs, by species; of the complete rows only if asked."""
    df = _penguins()
    df = df.dropna() if complete_rows else df.dropna(subset=["bill_length_mm", "bill_depth_mm"])
    pairs = df[["bill_length_mm", "bill_depth_mm"]].to_numpy()
    return pairs, {s: pairs[(df["species"] == s).to_numpy()] for s in SPECIES}


@cache
def _mass_medians() -> tuple[dict[str, float], dict[str, list[str]]]:
    df = _penguins()
    med = df.groupby(["species", "sex"])["body_mass_g"].median()
    medians = {f"{species} {sex}": float(v) for (species, sex), v in med.items()}
    split = {sex: [k for k in medians if k.endswith(f" {sex}")] for sex in ("female", "male")}
    return medians, split


def _readable(ax: Any) -> None:
    """Axis labels written for a reader, not the raw column names seaborn puts there."""
    for axis, label in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())):
        if label in MEASUREMENTS:
            raise Incorrect(f"the {axis}-axis label is still the column name {label!r}: write "
                            f"it for a reader, with its unit (`ax.set_{axis}label(...)`)")


@exercise(
    "p2.viz.distribution",
    title="A distribution: histogram by species",
    prompt="Draw a histogram of `body_mass_g` with one colour per species and a legend naming "
    "them, a title, and readable axis labels (the x-axis with its unit). Set `fig` to the figure "
    "(or the seaborn grid) you drew.",
    answer="fig",
    setup=PLOT_SETUP,
    solution="""
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="body_mass_g", hue="species", ax=ax)
ax.set_title("Body mass of Palmer penguins by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Number of penguins")
""",
    right=[
        """
fig, ax = plt.subplots()
for name, group in penguins.groupby("species"):
    ax.hist(group["body_mass_g"].dropna(), bins=15, alpha=0.6, label=name)
ax.legend(title="Species")
ax.set_title("Body mass of Palmer penguins by species")
ax.set_xlabel("Body mass [g]")
ax.set_ylabel("Count")
""",
        """
grid = sns.displot(data=penguins, x="body_mass_g", hue="species", stat="density")
grid.set_axis_labels("Body mass (grams)", "Density")
grid.figure.suptitle("Body mass by species")
fig = grid.figure
""",
        """
fig, ax = plt.subplots()
wide = penguins.pivot(columns="species", values="body_mass_g")
wide.plot.hist(ax=ax, bins=20, alpha=0.5)
ax.set_title("Body mass by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Penguins")
""",
        """
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="body_mass_g", hue="species", multiple="stack", ax=ax)
ax.set_title("Body mass by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Number of penguins")
""",
        """
fig, ax = plt.subplots()
for name, group in penguins.groupby("species"):
    ax.hist(group["body_mass_g"].dropna(), histtype="step", linewidth=2, label=name)
ax.legend()
ax.set_title("Body mass by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Count")
""",
        """
fig, ax = plt.subplots()
sns.histplot(data=penguins, y="body_mass_g", hue="species", ax=ax)
ax.set_title("Body mass by species")
ax.set_ylabel("Body mass (g)")
ax.set_xlabel("Number of penguins")
""",
        """
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="body_mass_g", hue="species", element="step", stat="density",
             common_norm=False, ax=ax)
ax.set_title("Body mass by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Density")
""",
    ],
    wrong=[
        """
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="body_mass_g", ax=ax)
ax.set_title("Body mass of Palmer penguins")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Number of penguins")
""",
        """
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="body_mass_g", hue="species", ax=ax)
ax.set_xlabel("Body mass (g)")
""",
        """
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="body_mass_g", hue="species", ax=ax)
ax.set_title("Body mass of Palmer penguins by species")
""",
        """
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="flipper_length_mm", hue="species", ax=ax)
ax.set_title("Body mass by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Number of penguins")
""",
        """
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="body_mass_g", hue="island", ax=ax)
ax.set_title("Body mass by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Number of penguins")
""",
        """
fig, ax = plt.subplots()
for name, group in penguins.groupby("species"):
    ax.hist(group["body_mass_g"].dropna(), bins=15, alpha=0.6)
ax.legend(["Gentoo", "Adelie", "Chinstrap"])
ax.set_title("Body mass by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Count")
""",
        """
fig, ax = plt.subplots()
sns.kdeplot(data=penguins, x="body_mass_g", hue="species", ax=ax)
ax.set_title("Body mass by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Density")
""",
        """
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="body_mass_g", hue="species", ax=ax)
ax.set_title("Body mass by species")
ax.set_xlabel("Body mass")
ax.set_ylabel("Number of penguins")
""",
        """
fig, ax = plt.subplots()
for name, group in penguins.groupby("species"):
    ax.hist(group["body_mass_g"].dropna(), bins=15, alpha=0.6, label=name)
ax.set_title("Body mass by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Count")
""",
    ],
    hints=[
        "seaborn draws from a DataFrame by column name: `data=`, `x=`, and `hue=` for the "
        "colour, on the `ax` you pass it (or loop over the species with `ax.hist` and a `label=`).",
        "`sns.histplot` with `x` set to the body mass column and `hue` to the species column "
        "draws one colour per species and its legend.",
        "Then set a title, an x label that names the unit (grams) and a y label for the counts.",
    ],
)
def distribution(answer):
    ax = checks.plot(answer, kind="bars", title=True, xlabel=True, ylabel=True,
                     name="your histogram")
    groups = _species_values("body_mass_g")
    axis = figures.histogram(ax, _penguins()["body_mass_g"].dropna().to_numpy(), groups=groups,
                             variable="body mass", name="your histogram", what="species")
    _readable(ax)
    figures.units(ax, **{axis: MASS_UNITS})
    return "the overall shape has two humps: the heavy one is the Gentoo penguins."


@exercise(
    "p2.viz.relationship",
    title="A relationship: scatter plot by species",
    prompt="Draw a scatter plot of bill depth (y) against bill length (x), one colour per "
    "species with a legend naming them, a title and readable axis labels with their units. Set "
    "`fig` to the figure (or the seaborn grid) you drew.",
    answer="fig",
    setup=PLOT_SETUP,
    solution="""
fig, ax = plt.subplots()
sns.scatterplot(data=penguins, x="bill_length_mm", y="bill_depth_mm", hue="species", ax=ax)
ax.set_title("Bill length and depth by species")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
""",
    right=[
        """
fig, ax = plt.subplots()
for name, group in penguins.groupby("species"):
    ax.plot(group["bill_length_mm"], group["bill_depth_mm"], "o", label=name)
ax.legend()
ax.set_title("Bill length and depth by species")
ax.set_xlabel("Bill length [mm]")
ax.set_ylabel("Bill depth [mm]")
""",
        """
grid = sns.relplot(data=penguins, x="bill_length_mm", y="bill_depth_mm", hue="species")
grid.set_axis_labels("Bill length (mm)", "Bill depth (mm)")
grid.figure.suptitle("Bills by species")
fig = grid.figure
""",
        """
fig, ax = plt.subplots()
for name, group in penguins.groupby("species"):
    ax.scatter(group["bill_length_mm"], group["bill_depth_mm"], label=name, s=12)
ax.legend(title="Species")
ax.set_title("Bill length and depth by species")
ax.set_xlabel("Bill length (millimetres)")
ax.set_ylabel("Bill depth (millimetres)")
""",
        """
fig, ax = plt.subplots()
sns.scatterplot(data=penguins.dropna(), x="bill_length_mm", y="bill_depth_mm", hue="species",
                style="species", ax=ax)
ax.set(title="Bills by species", xlabel="Bill length (mm)", ylabel="Bill depth (mm)")
""",
    ],
    wrong=[
        """
fig, ax = plt.subplots()
sns.scatterplot(data=penguins, x="bill_length_mm", y="bill_depth_mm", ax=ax)
ax.set_title("Bill length and depth")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
""",
        """
fig, ax = plt.subplots()
sns.lineplot(data=penguins, x="bill_length_mm", y="bill_depth_mm", hue="species", ax=ax)
ax.set_title("Bill length and depth by species")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
""",
        """
fig, ax = plt.subplots()
sns.scatterplot(data=penguins, x="bill_length_mm", y="bill_depth_mm", hue="species", ax=ax)
ax.set_title("Bill length and depth by species")
""",
        """
fig, ax = plt.subplots()
sns.scatterplot(data=penguins, x="bill_depth_mm", y="bill_length_mm", hue="species", ax=ax)
ax.set_title("Bill length and depth by species")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
""",
        """
fig, ax = plt.subplots()
sns.scatterplot(data=penguins, x="bill_length_mm", y="bill_depth_mm", hue="island", ax=ax)
ax.set_title("Bill length and depth by species")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
""",
        """
fig, ax = plt.subplots()
sns.scatterplot(data=penguins, x="flipper_length_mm", y="bill_depth_mm", hue="species", ax=ax)
ax.set_title("Bill length and depth by species")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
""",
        """
fig, ax = plt.subplots()
for name, group in penguins.groupby("species"):
    ax.scatter(group["bill_length_mm"], group["bill_depth_mm"])
ax.legend(["Gentoo", "Chinstrap", "Adelie"])
ax.set_title("Bill length and depth by species")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
""",
        """
fig, ax = plt.subplots()
sns.scatterplot(data=penguins, x="bill_length_mm", y="bill_depth_mm", hue="species", ax=ax)
ax.set_title("Bill length and depth by species")
ax.set_xlabel("Bill length")
ax.set_ylabel("Bill depth")
""",
    ],
    hints=[
        "A relationship between two numbers is a scatter plot: one point per penguin.",
        "`sns.scatterplot` takes the DataFrame, the column for each axis (length across, depth "
        "up) and `hue=` for the species colour; or loop over the species with `ax.scatter`.",
        "Finish with a title and both axis labels, each naming its unit (millimetres).",
    ],
)
def relationship(answer):
    ax = checks.plot(answer, kind="points", title=True, xlabel=True, ylabel=True,
                     name="your scatter plot")
    try:
        pairs, groups = _species_pairs()
        figures.points(ax, pairs[:, 0], pairs[:, 1], groups=groups, xname="bill length",
                       yname="bill depth", name="your scatter plot", what="species")
    except Incorrect:
        # Plotting `penguins.dropna()` leaves out 9 birds of unknown sex: still an honest plot.
        pairs, groups = _species_pairs(complete_rows=True)
        if len(figures.point_groups(ax)) and sum(map(len, figures.point_groups(ax).values())) \
                != len(pairs):
            raise
        figures.points(ax, pairs[:, 0], pairs[:, 1], groups=groups, xname="bill length",
                       yname="bill depth", name="your scatter plot", what="species")
    _readable(ax)
    figures.units(ax, x=LENGTH_UNITS, y=LENGTH_UNITS)
    return ("look at each colour on its own: within every species, longer bills are also "
            "deeper. Keep that in mind for the correlation exercise.")


@exercise(
    "p2.viz.comparison",
    title="A comparison: box plots by species and sex",
    prompt="Compare body mass across species with box plots split by sex (two boxes per "
    "species, and a legend or labels saying which is which), with a title and readable axis "
    "labels. Set `fig` to the figure (or the seaborn grid) you drew.",
    answer="fig",
    setup=PLOT_SETUP,
    solution="""
fig, ax = plt.subplots()
sns.boxplot(data=penguins, x="species", y="body_mass_g", hue="sex", ax=ax)
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Species")
ax.set_ylabel("Body mass (g)")
""",
    right=[
        """
fig, ax = plt.subplots()
penguins.boxplot(column="body_mass_g", by=["species", "sex"], ax=ax, rot=45)
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Species, sex")
ax.set_ylabel("Body mass (g)")
""",
        """
grid = sns.catplot(data=penguins, x="species", y="body_mass_g", hue="sex", kind="box")
grid.set_axis_labels("Species", "Body mass (g)")
grid.figure.suptitle("Body mass by species and sex")
fig = grid.figure
""",
        """
fig, ax = plt.subplots()
sns.boxplot(data=penguins, y="species", x="body_mass_g", hue="sex", ax=ax)
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Species")
""",
        """
fig, ax = plt.subplots()
groups = penguins.dropna(subset=["sex"]).groupby(["species", "sex"])["body_mass_g"]
names = [f"{species}, {sex}" for species, sex in groups.groups]
ax.boxplot([values.dropna() for _, values in groups])
ax.set_xticks(range(1, len(names) + 1))
ax.set_xticklabels(names, rotation=45)
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Species and sex")
ax.set_ylabel("Body mass (g)")
""",
    ],
    wrong=[
        """
fig, ax = plt.subplots()
sns.boxplot(data=penguins, x="species", y="body_mass_g", ax=ax)
ax.set_title("Body mass by species")
ax.set_xlabel("Species")
ax.set_ylabel("Body mass (g)")
""",
        """
fig, ax = plt.subplots()
sns.barplot(data=penguins, x="species", y="body_mass_g", hue="sex", ax=ax)
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Species")
ax.set_ylabel("Body mass (g)")
""",
        """
fig, ax = plt.subplots()
sns.boxplot(data=penguins, x="species", y="body_mass_g", hue="sex", ax=ax)
ax.set_title("Body mass by species and sex")
""",
        """
fig, ax = plt.subplots()
sns.boxplot(data=penguins, x="species", y="flipper_length_mm", hue="sex", ax=ax)
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Species")
ax.set_ylabel("Body mass (g)")
""",
        """
fig, ax = plt.subplots()
sns.boxplot(data=penguins, x="island", y="body_mass_g", hue="sex", ax=ax)
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Species")
ax.set_ylabel("Body mass (g)")
""",
        """
fig, ax = plt.subplots()
sns.violinplot(data=penguins, x="species", y="body_mass_g", hue="sex", ax=ax)
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Species")
ax.set_ylabel("Body mass (g)")
""",
        """
fig, ax = plt.subplots()
sns.boxplot(data=penguins, x="species", y="body_mass_g", hue="sex", ax=ax)
ax.legend(ax.get_legend().legend_handles, ["female", "male"])
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Species")
ax.set_ylabel("Body mass (g)")
""",
    ],
    hints=[
        "A box plot shows each group's median, quartiles and outliers side by side.",
        "`sns.boxplot` with species on one axis, body mass on the other and `hue=` set to the "
        "sex column draws two boxes per species, and a legend for them.",
        "Add a title and axis labels a reader understands (the mass axis with its unit, grams).",
    ],
)
def comparison(answer):
    ax = checks.plot(answer, kind="boxes", title=True, xlabel=True, ylabel=True,
                     name="your box plot")
    drawn = figures._drawn(ax)
    if drawn["boxes"] and not any(type(p).__name__ == "PathPatch" for p in ax.patches) and not any(
            figures._box_outline(line) for line in ax.get_lines()):
        raise Incorrect("those are violins: the question asks for box plots, which show the "
                        "quartiles and the outliers")
    medians, split = _mass_medians()
    figures.boxes(ax, medians, split=split, name="your box plot", what="species and sex")
    _readable(ax)
    return ("a bar of means hides the spread; boxes show it. The dots beyond the whiskers are "
            "the IQR rule's outliers, which the EDA section comes back to.")
