"""Checks of matplotlib figures and axes (matplotlib loads on first use).

`plot` checks what kind of plot is drawn and that it is labelled; `points`, `histogram` and
`boxes` check the data behind the artists: which values sit on each axis, which group each colour
holds, and that every legend label names the group drawn in its colour. They read every honest
way of drawing (seaborn's axes-level and figure-level functions, pandas' `.plot`, `.hist` and
`.boxplot`, `ax.plot(x, y, "o")`, the `plt` state machine), because they look at the artists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..engine import Incomplete, Incorrect, incomplete, is_blank
from .artists import (
    _box_colors,
    _box_outline,
    _drawn,
    _face_or_edge,
    _legend,
    _legend_colors,
    _markers_only,
    _rgb,
    _step_bars,
    _steps,
    bar_groups,
    box_medians,
    point_groups,
)
from .values import type_name

__all__ = [
    "axes_of", "plot", "units", "points", "histogram", "boxes", "bar_groups", "box_medians",
    "point_groups", "_drawn", "_box_outline", "_markers_only", "_face_or_edge", "_rgb",
    "_step_bars", "_steps", "_legend", "_legend_colors", "_box_colors",
]


def axes_of(answer: Any) -> list[Any]:
    """The Axes of a Figure, an Axes, a seaborn grid (FacetGrid, JointGrid) or an array of Axes."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    if is_blank(answer):
        raise incomplete(answer)
    if isinstance(answer, Axes):
        return [answer]
    if isinstance(answer, (Figure, SubFigure)):
        return list(answer.axes)
    if hasattr(answer, "figure") and isinstance(answer.figure, Figure):  # seaborn grids
        return list(answer.figure.axes)
    if type(answer).__name__ == "ndarray" or isinstance(answer, (list, tuple)):  # pandas .hist
        flat = list(getattr(answer, "flat", answer))
        if flat and all(isinstance(a, Axes) for a in flat):
            return flat
    raise Incorrect(f"expected a matplotlib Figure or Axes, got {type_name(answer)}")


def plot(
    answer: Any, *, kind: str | None = None, title: bool = False, xlabel: bool = False,
    ylabel: bool = False, min_series: int = 1, name: str = "your plot",
) -> Any:
    """A figure whose (first non-empty) Axes shows the expected kind of plot, labelled.

    `kind` is one of 'bars' (bar charts and histograms), 'lines', 'points' (scatter, including
    markers without lines), 'boxes' (box and violin plots) or 'images' (heat maps).
    """
    axes = axes_of(answer)
    drawn = [(ax, _drawn(ax)) for ax in axes]
    used = [(ax, d) for ax, d in drawn if any(d.values())]
    if not used:
        raise Incomplete(f"{name} is empty: nothing is drawn on it yet")
    ax, counts = used[0]
    if kind is not None and counts.get(kind, 0) == 0:
        other = next(((a, d) for a, d in used if d.get(kind, 0)), None)
        if other is None:
            seen = ", ".join(k for k, v in counts.items() if v) or "nothing"
            raise Incorrect(f"{name} should show {kind}, but it draws {seen}")
        ax, counts = other
    suptitle = getattr(ax.figure, "_suptitle", None)
    if title and not (ax.get_title() or (suptitle is not None and suptitle.get_text())):
        raise Incorrect(f"the title is missing: give {name} one with `ax.set_title(...)`")
    if xlabel and not _axis_label(ax, "x"):
        raise Incorrect("the x-axis label is missing: use `ax.set_xlabel(...)`")
    if ylabel and not _axis_label(ax, "y"):
        raise Incorrect("the y-axis label is missing: use `ax.set_ylabel(...)`")
    if min_series > 1:
        legend = _legend(ax)
        series_count = len([t for t in legend.get_texts() if t.get_text()]) if legend else 0
        if series_count < min_series:
            raise Incorrect(
                f"{name} should compare at least {min_series} groups with a legend; "
                f"it shows {series_count}"
            )
    return ax


def _axis_label(ax: Any, axis: str) -> str:
    """The axis label, or the figure's shared label (`fig.supxlabel`, a FacetGrid's outer label)."""
    label = ax.get_xlabel() if axis == "x" else ax.get_ylabel()
    if label:
        return label
    shared = getattr(ax.figure, f"_sup{axis}label", None)
    return shared.get_text() if shared is not None else ""


def units(ax: Any, *, x: Sequence[str] = (), y: Sequence[str] = ()) -> None:
    """Each axis label names one of its units (whole words: 'g', 'grams', 'kg'; '(mm)' counts)."""
    for axis, wanted in (("x", x), ("y", y)):
        if not wanted:
            continue
        label = _axis_label(ax, axis).lower()
        if not any(re.search(rf"(?<![a-z]){re.escape(u.lower())}(?![a-z])", label) for u in wanted):
            raise Incorrect(f"the {axis}-axis label {label!r} gives no unit: say what the numbers "
                            f"are measured in, e.g. ({wanted[0]})")


# ------------------------------------------------------------------ the data behind the artists
def _same_points(got: Any, want: Any) -> bool:
    import numpy as np

    if got.shape != want.shape:
        return False
    a = got[np.lexsort((got[:, 1], got[:, 0]))]
    b = want[np.lexsort((want[:, 1], want[:, 0]))]
    return bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))


def _labelled(label: str, group: str) -> bool:
    return re.search(rf"(?<![a-z]){re.escape(group.lower())}(?![a-z])", label.lower()) is not None


def _check_legend(ax: Any, found: Mapping[Any, Any], groups: Sequence[str], fits: Any, name: str,
                  what: str) -> None:
    """Each group is named in the legend, and each label sits on a colour whose data fits it."""
    entries = _legend_colors(ax)
    if not entries:
        raise Incorrect(f"{name} has no legend: a reader cannot tell which colour is which {what}")
    for label, color in entries:
        owner = next((g for g in groups if _labelled(label, g)), None)
        if owner is None or color is None or color not in found:
            continue
        if not fits(color, owner):
            raise Incorrect(f"the legend label {label!r} sits on a colour that does not hold the "
                            f"{owner} data: each label must name the {what} drawn in its colour")
    missing = [g for g in groups if not any(_labelled(t, g) for t, _ in entries)]
    if missing:
        raise Incorrect(f"the legend of {name} does not name {', '.join(map(repr, missing))}")


def _match_groups(found: Mapping[Any, Any], groups: Sequence[str], fits: Any) -> dict[Any, str] | None:
    """An assignment of each colour to its own group that `fits` every pair, or None."""
    import itertools

    colors = list(found)
    if len(colors) != len(groups) or len(groups) > 7:
        return None
    for order in itertools.permutations(groups):
        if all(fits(c, g) for c, g in zip(colors, order)):
            return dict(zip(colors, order))
    return None


def points(ax: Any, x: Any, y: Any, *, groups: Mapping[str, Any] | None = None,
           xname: str = "x", yname: str = "y", name: str = "your scatter plot",
           what: str = "group") -> None:
    """The scatter points are exactly the pairs (x, y) of the data, coloured by `groups`.

    `x`, `y`: the expected values (missing pairs dropped); `groups` maps each group's name to
    the (n, 2) array of its pairs, so a colour must hold one group's points, no more, no fewer.
    """
    import numpy as np

    found = point_groups(ax)
    if not found:
        raise Incorrect(f"{name} draws no points: a scatter plot shows one marker per row")
    got = np.concatenate(list(found.values()))
    want = np.column_stack([np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    if not _same_points(got, want):
        if _same_points(got[:, ::-1], want):
            raise Incorrect(f"the axes of {name} are swapped: put {xname} on the x-axis and "
                            f"{yname} on the y-axis")
        if len(got) != len(want):
            raise Incorrect(f"{name} draws {len(got)} points; the data has {len(want)} rows with "
                            f"both {xname} and {yname}")
        raise Incorrect(f"the points of {name} are not {yname} against {xname}: check the "
                        "column on each axis")
    if groups:
        wanted = {g: np.asarray(v, dtype=float) for g, v in groups.items()}

        def fits(color: Any, group: str) -> bool:
            return _same_points(found[color], wanted[group])

        if _match_groups(found, list(wanted), fits) is None:
            raise Incorrect(f"the colours of {name} do not follow the {what}: give each {what} "
                            f"its own colour (there are {len(groups)})")
        _check_legend(ax, found, list(wanted), fits, name, what)


def _like_histogram(bars: Any, values: Any) -> bool:
    """Bars whose weighted centre, spread and range are those of `values` (within binning error)."""
    import numpy as np

    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    centres, heights, widths = bars[:, 0], bars[:, 1], bars[:, 2]
    if heights.sum() <= 0 or len(values) < 2:
        return False
    # A bin's width; dodged bars (side by side) are narrower than the bins they sit in.
    spacing = np.diff(np.unique(np.round(centres, 9)))
    step = max(float(np.median(widths)), float(np.median(spacing)) if len(spacing) else 0.0)
    mean = float(np.average(centres, weights=heights))
    std = float(np.sqrt(np.average((centres - mean) ** 2, weights=heights)))
    low, high = float((centres - widths / 2).min()), float((centres + widths / 2).max())
    # Binning moves the mean by at most half a bin and the spread by about a bin / sqrt(12).
    return (abs(mean - values.mean()) <= 0.5 * step + 1e-9
            and abs(std - values.std()) <= 0.3 * step + 0.05 * values.std()
            and low <= values.min() + step and high >= values.max() - step)


def histogram(ax: Any, values: Any, *, groups: Mapping[str, Any] | None = None,
              variable: str = "the variable", name: str = "your histogram",
              what: str = "group") -> str:
    """The bars are a histogram of `values` (any bins, counts or density), coloured by `groups`.

    Returns the axis ('x', or 'y' for a histogram lying down) that carries the variable.
    """
    try:
        _histogram(ax, bar_groups(ax), values, groups, variable, name, what)
        return "x"
    except Incorrect:
        lying = bar_groups(ax, horizontal=True)
        try:
            if lying:
                _histogram(ax, lying, values, groups, variable, name, what)
                return "y"
        except Incorrect:
            pass
        raise


def _histogram(ax: Any, found: Mapping[Any, Any], values: Any, groups: Mapping[str, Any] | None,
               variable: str, name: str, what: str) -> None:
    import numpy as np

    if not found:
        raise Incorrect(f"{name} draws no bars: a histogram counts values into bins")
    every = np.concatenate(list(found.values()))
    whole = np.asarray(values, dtype=float)
    if groups is None:
        if not _like_histogram(every, whole):
            raise Incorrect(f"the bars of {name} do not describe {variable}: check the column "
                            "you plotted")
        return
    if len(found) == 1 and _like_histogram(every, whole):
        raise Incorrect(f"{name} draws every {what} in one colour: split the bars by {what}")
    wanted = {g: np.asarray(v, dtype=float) for g, v in groups.items()}
    wanted = {g: v[~np.isnan(v)] for g, v in wanted.items()}
    total_n = sum(len(v) for v in wanted.values())
    # Counts (heights) or a density over all groups (areas) keep each group's share of the rows;
    # a density per group gives every group the same area, and then shares say nothing.
    measures = [{c: float(b[:, 1].sum()) for c, b in found.items()},
                {c: float((b[:, 1] * b[:, 2]).sum()) for c, b in found.items()}]
    shares_kept = all(max(m.values()) - min(m.values()) > 0.02 * sum(m.values()) for m in measures)

    def fits(color: Any, group: str) -> bool:
        share = len(wanted[group]) / total_n
        if shares_kept and not any(abs(m[color] / sum(m.values()) - share) <= 0.02 for m in measures):
            return False
        return _like_histogram(found[color], wanted[group])

    matched = _match_groups(found, list(wanted), fits)
    if matched is None:
        spread = every[:, 0]
        if spread.min() > np.nanmax(whole) or spread.max() < np.nanmin(whole):
            raise Incorrect(f"the bars of {name} do not describe {variable}: check the column "
                            "you plotted")
        raise Incorrect(f"the colours of {name} do not hold one {what} each: colour the bars of "
                        f"{variable} by {what} (there are {len(groups)})")
    _check_legend(ax, found, list(wanted), fits, name, what)


def boxes(ax: Any, medians: Mapping[str, float], *, name: str = "your box plot",
          what: str = "group", split: Mapping[str, Sequence[str]] | None = None) -> None:
    """One box per group: exactly `len(medians)` boxes, each group's median among their levels.

    `split` maps each level of a second grouping (a hue such as sex) to the keys of `medians` it
    holds: the legend must put each level's name on boxes of that level (or the ticks name them).
    """
    import math

    count = _drawn(ax)["boxes"]
    if count != len(medians):
        raise Incorrect(f"{name} draws {count} boxes; one per {what} makes {len(medians)}")
    levels = box_medians(ax)
    missing = [g for g, m in medians.items()
               if not any(math.isclose(v, m, rel_tol=1e-9, abs_tol=1e-9) for v in levels)]
    if missing:
        raise Incorrect(f"the boxes of {name} are not those of the data asked for: no box has the "
                        f"median of {missing[0]}. Check the variable and the grouping")
    if split:
        _check_split(ax, medians, split, name)


def _check_split(ax: Any, medians: Mapping[str, float], split: Mapping[str, Sequence[str]],
                 name: str) -> None:
    """The reader can tell the levels of the split apart: a legend on the right colours, or ticks."""
    import math

    entries = _legend_colors(ax)
    named = {level: next((c for t, c in entries if _labelled(t, level)), None) for level in split}
    if entries and all(c is not None for c in named.values()):
        by_color = _box_colors(ax)
        for level, color in named.items():
            own = [medians[k] for k in split[level]]
            for value in by_color.get(color, []):
                if not any(math.isclose(value, m, rel_tol=1e-9, abs_tol=1e-9) for m in own):
                    raise Incorrect(f"the legend label {level!r} sits on boxes that are not the "
                                    f"{level} data: each label must name the boxes in its colour")
        return
    ticks = " ".join(t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()).lower()
    if all(_labelled(ticks, level) for level in split):
        return
    raise Incorrect(f"{name} does not say which box is which: add a legend naming "
                    f"{' and '.join(map(repr, split))}")
