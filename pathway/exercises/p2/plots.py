"""Phase 2, data-science foundations: visualisation."""

from __future__ import annotations

from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from ._shared import MEASUREMENTS, PLOT_SETUP


def _readable(ax: Any) -> None:
    """Axis labels written for a reader, not the raw column names seaborn puts there."""
    for axis, label in (("x", ax.get_xlabel()), ("y", ax.get_ylabel())):
        if label in MEASUREMENTS:
            raise Incorrect(f"the {axis}-axis label is still the column name {label!r}: write "
                            f"it for a reader, with its unit (`ax.set_{axis}label(...)`)")


@exercise(
    "p2.viz.distribution",
    title="A distribution: histogram by species",
    prompt="On `ax`, draw a histogram of `body_mass_g` with one colour per species (seaborn's "
    "`histplot`), and give it a title and readable axis labels with units.",
    answer="fig",
    setup=PLOT_SETUP,
    solution="""
fig, ax = plt.subplots()
sns.histplot(data=penguins, x="body_mass_g", hue="species", ax=ax)
ax.set_title("Body mass of Palmer penguins by species")
ax.set_xlabel("Body mass (g)")
ax.set_ylabel("Number of penguins")
""",
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
    ],
    hints=[
        "seaborn draws from a DataFrame by column name: `data=`, `x=`, and `hue=` for the "
        "colour, on the `ax` you pass it.",
        "`sns.histplot(data=penguins, x=\"body_mass_g\", hue=\"species\", ax=ax)`.",
        "Then `ax.set_title(...)`, `ax.set_xlabel(\"Body mass (g)\")` and `ax.set_ylabel(...)`.",
    ],
)
def distribution(answer):
    ax = checks.plot(answer, kind="bars", title=True, xlabel=True, ylabel=True, min_series=3,
                     name="your histogram")
    _readable(ax)
    return "the overall shape has two humps: the heavy one is the Gentoo penguins."


@exercise(
    "p2.viz.relationship",
    title="A relationship: scatter plot by species",
    prompt="On `ax`, draw a scatter plot of bill depth (y) against bill length (x), coloured by "
    "species, with a title and readable axis labels with units.",
    answer="fig",
    setup=PLOT_SETUP,
    solution="""
fig, ax = plt.subplots()
sns.scatterplot(data=penguins, x="bill_length_mm", y="bill_depth_mm", hue="species", ax=ax)
ax.set_title("Bill length and depth by species")
ax.set_xlabel("Bill length (mm)")
ax.set_ylabel("Bill depth (mm)")
""",
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
    ],
    hints=[
        "A relationship between two numbers is a scatter plot: one point per penguin.",
        "`sns.scatterplot(data=penguins, x=\"bill_length_mm\", y=\"bill_depth_mm\", "
        "hue=\"species\", ax=ax)`.",
        "Finish with `ax.set_title(...)`, `ax.set_xlabel(\"Bill length (mm)\")` and "
        "`ax.set_ylabel(\"Bill depth (mm)\")`.",
    ],
)
def relationship(answer):
    ax = checks.plot(answer, kind="points", title=True, xlabel=True, ylabel=True, min_series=3,
                     name="your scatter plot")
    _readable(ax)
    return ("look at each colour on its own: within every species, longer bills are also "
            "deeper. Keep that in mind for the correlation exercise.")


@exercise(
    "p2.viz.comparison",
    title="A comparison: box plots by species and sex",
    prompt="On `ax`, compare body mass across species with box plots, split by sex (two boxes "
    "per species), with a title and readable axis labels.",
    answer="fig",
    setup=PLOT_SETUP,
    solution="""
fig, ax = plt.subplots()
sns.boxplot(data=penguins, x="species", y="body_mass_g", hue="sex", ax=ax)
ax.set_title("Body mass by species and sex")
ax.set_xlabel("Species")
ax.set_ylabel("Body mass (g)")
""",
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
    ],
    hints=[
        "A box plot shows each group's median, quartiles and outliers side by side.",
        "`sns.boxplot(data=penguins, x=\"species\", y=\"body_mass_g\", hue=\"sex\", ax=ax)` "
        "draws one box per species and sex.",
        "Add `ax.set_title(...)`, `ax.set_xlabel(\"Species\")` and "
        "`ax.set_ylabel(\"Body mass (g)\")`.",
    ],
)
def comparison(answer):
    ax = checks.plot(answer, kind="boxes", title=True, xlabel=True, ylabel=True, min_series=2,
                     name="your box plot")
    _readable(ax)
    return ("a bar of means hides the spread; boxes show it. The dots beyond the whiskers are "
            "the IQR rule's outliers, which the EDA section comes back to.")
