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
from .values import type_name


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


def _markers_only(line: Any) -> bool:
    """A Line2D drawn as markers without a line: `ax.plot(x, y, "o")` is a scatter plot."""
    return line.get_linestyle() in ("None", "", " ", "none") and line.get_marker() not in (
        None, "None", "none", "", " ")


def _box_outline(line: Any) -> bool:
    """A box drawn as a closed rectangle of lines (matplotlib's and pandas' box plots)."""
    try:
        xs, ys = line.get_xdata(), line.get_ydata()
        return (len(xs) == 5 and xs[0] == xs[-1] and ys[0] == ys[-1]
                and len(set(map(float, xs))) == 2 and len(set(map(float, ys))) == 2)
    except (TypeError, ValueError):
        return False


def _step_bars(vertices: Any) -> list[tuple[float, float, float]]:
    """The bars a step outline draws (a histogram with `histtype="step"` or `element="step"`).

    An outline whose segments all run along the axes, with at least two level tops above zero,
    is a step histogram; a violin or a density curve is not (its segments are slanted).
    """
    import numpy as np

    v = np.asarray(vertices, dtype=float)
    if v.ndim != 2 or len(v) < 4 or not np.isfinite(v).all():
        return []
    dx, dy = np.diff(v[:, 0]), np.diff(v[:, 1])
    if np.mean((np.abs(dx) < 1e-12) | (np.abs(dy) < 1e-12)) < 0.95:
        return []
    bars = [((v[i, 0] + v[i + 1, 0]) / 2, abs(v[i, 1]), abs(dx[i]))
            for i in range(len(v) - 1) if abs(dy[i]) < 1e-12 and abs(dx[i]) > 0 and v[i, 1] != 0]
    return bars if len(bars) >= 2 else []


def _steps(ax: Any) -> list[tuple[Any, list[tuple[float, float, float]]]]:
    """(colour, bars) of each step outline on `ax`: Polygon patches and filled step areas."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Polygon

    found = []
    for patch in ax.patches:
        if isinstance(patch, Polygon):
            bars = _step_bars(patch.get_xy())
            if bars:
                found.append((_face_or_edge(patch.get_facecolor(), patch.get_edgecolor()), bars))
    for coll in ax.collections:
        if isinstance(coll, PolyCollection):
            faces, edges = coll.get_facecolors(), coll.get_edgecolors()
            for i, path in enumerate(coll.get_paths()):
                bars = _step_bars(path.vertices)
                if bars:
                    face = faces[i % len(faces)] if len(faces) else (0, 0, 0, 0)
                    edge = edges[i % len(edges)] if len(edges) else (0, 0, 0, 1)
                    found.append((_face_or_edge(face, edge), bars))
    return found


def _face_or_edge(face: Any, edge: Any) -> tuple[float, float, float]:
    """The colour a reader sees: the fill, or the outline when the fill is transparent."""
    from matplotlib.colors import to_rgba

    try:
        return _rgb(edge) if to_rgba(face)[3] == 0 else _rgb(face)
    except (TypeError, ValueError):
        return (0.0, 0.0, 0.0)


def _drawn(ax: Any) -> dict[str, int]:
    from matplotlib.collections import PathCollection, PolyCollection
    from matplotlib.patches import PathPatch, Rectangle

    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) > 0]
    marker_lines = [ln for ln in lines if _markers_only(ln)]
    rects = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_height() != 0]
    steps = _steps(ax)
    polys = sum(isinstance(c, PolyCollection) for c in ax.collections)
    step_polys = sum(1 for c in ax.collections if isinstance(c, PolyCollection)
                     and any(_step_bars(p.vertices) for p in c.get_paths()))
    return {
        "lines": len(lines) - len(marker_lines) - sum(_box_outline(ln) for ln in lines),
        "bars": len(rects) + sum(len(b) for _, b in steps)
        + sum(len(getattr(c, "patches", [])) for c in ax.containers
              if type(c).__name__ == "BarContainer" and not rects),
        "points": sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
        + sum(len(ln.get_xdata()) for ln in marker_lines),
        "boxes": sum(isinstance(p, PathPatch) for p in ax.patches) + polys - step_polys
        + sum(_box_outline(ln) for ln in lines),
        "images": len(ax.images),
    }


def _legend(ax: Any) -> Any:
    legend = ax.get_legend()
    if legend is None:
        figure_legends = getattr(ax.figure, "legends", [])
        legend = figure_legends[0] if figure_legends else None
    return legend


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
def _rgb(color: Any) -> tuple[float, float, float]:
    from matplotlib.colors import to_rgba

    r, g, b, _ = to_rgba(color)
    return (round(r, 3), round(g, 3), round(b, 3))


def point_groups(ax: Any) -> dict[tuple[float, float, float], Any]:
    """Every scatter point on `ax` as an (n, 2) array of (x, y), grouped by colour."""
    import numpy as np
    from matplotlib.collections import PathCollection

    groups: dict[tuple[float, float, float], list[Any]] = {}
    for coll in ax.collections:
        if not isinstance(coll, PathCollection):
            continue
        offsets = np.asarray(coll.get_offsets(), dtype=float)
        if offsets.size == 0:
            continue
        colors = coll.get_facecolors()
        if len(colors) == 0:
            colors = coll.get_edgecolors()
        for i, point in enumerate(offsets):
            color = _rgb(colors[i % len(colors)]) if len(colors) else (0.0, 0.0, 0.0)
            if np.isfinite(point).all():
                groups.setdefault(color, []).append(point)
    for line in ax.get_lines():
        if _markers_only(line) and len(line.get_xdata()):
            color = _rgb(line.get_markerfacecolor() if line.get_markerfacecolor() not in ("none", "None")
                         else line.get_color())
            xy = np.column_stack([np.asarray(line.get_xdata(), dtype=float),
                                  np.asarray(line.get_ydata(), dtype=float)])
            groups.setdefault(color, []).extend(xy[np.isfinite(xy).all(axis=1)])
    return {c: np.asarray(v, dtype=float).reshape(-1, 2) for c, v in groups.items()}


def _same_points(got: Any, want: Any) -> bool:
    import numpy as np

    if got.shape != want.shape:
        return False
    a = got[np.lexsort((got[:, 1], got[:, 0]))]
    b = want[np.lexsort((want[:, 1], want[:, 0]))]
    return bool(np.allclose(a, b, rtol=1e-6, atol=1e-9))


def _legend_colors(ax: Any) -> list[tuple[str, tuple[float, float, float] | None]]:
    """(label, colour) of each legend entry, from the ax's legend or the figure's."""
    legend = _legend(ax)
    if legend is None:
        return []
    handles = getattr(legend, "legend_handles", None) or getattr(legend, "legendHandles", [])
    entries = []
    for text, handle in zip(legend.get_texts(), handles):
        entries.append((text.get_text(), _handle_color(handle)))
    return entries


def _handle_color(handle: Any) -> tuple[float, float, float] | None:
    try:
        if hasattr(handle, "get_markerfacecolor") and _markers_only(handle):
            return _rgb(handle.get_markerfacecolor())
        if hasattr(handle, "get_color") and type(handle).__name__ == "Line2D":
            return _rgb(handle.get_color())
        if hasattr(handle, "get_facecolors") and len(handle.get_facecolors()):
            edges = handle.get_edgecolors() if hasattr(handle, "get_edgecolors") else []
            return _face_or_edge(handle.get_facecolors()[0], edges[0] if len(edges) else (0, 0, 0, 1))
        if hasattr(handle, "get_facecolor"):
            return _face_or_edge(handle.get_facecolor(), handle.get_edgecolor())
    except (TypeError, ValueError, IndexError):
        return None
    return None


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


def bar_groups(ax: Any, horizontal: bool = False) -> dict[tuple[float, float, float], Any]:
    """The bars of `ax` as (centre, height, width) rows, grouped by colour.

    With `horizontal`, bars are read lying down (`histplot(y=...)`, `barh`): their centre is on
    the y-axis and their length along x.
    """
    import numpy as np
    from matplotlib.patches import Rectangle

    groups: dict[tuple[float, float, float], list[tuple[float, float, float]]] = {}
    for patch in ax.patches:
        if isinstance(patch, Rectangle) and patch.get_height() != 0 and patch.get_width() != 0:
            x, w, h = patch.get_x(), patch.get_width(), patch.get_height()
            if horizontal:
                x, w, h = patch.get_y(), patch.get_height(), patch.get_width()
            color = _face_or_edge(patch.get_facecolor(), patch.get_edgecolor())
            groups.setdefault(color, []).append((x + w / 2, abs(h), abs(w)))
    if not horizontal:
        for color, bars in _steps(ax):
            groups.setdefault(color, []).extend(bars)
    return {c: np.asarray(v, dtype=float) for c, v in groups.items()}


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


def box_medians(ax: Any) -> list[float]:
    """The values of the short level lines drawn on a box plot (medians, and caps), both orientations."""
    values = []
    for line in ax.get_lines():
        xs, ys = line.get_xdata(), line.get_ydata()
        if len(xs) != 2:
            continue
        try:
            x0, x1, y0, y1 = float(xs[0]), float(xs[1]), float(ys[0]), float(ys[1])
        except (TypeError, ValueError):
            continue
        if y0 == y1 and x0 != x1:
            values.append(y0)
        elif x0 == x1 and y0 != y1:
            values.append(x0)
    return values


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


def _box_colors(ax: Any) -> dict[tuple[float, float, float], list[float]]:
    """The median of each filled box, grouped by the box's colour."""
    from matplotlib.patches import PathPatch

    levels = []
    for line in ax.get_lines():
        xs, ys = line.get_xdata(), line.get_ydata()
        if len(xs) == 2:
            try:
                levels.append(tuple(float(v) for v in (xs[0], xs[1], ys[0], ys[1])))
            except (TypeError, ValueError):
                continue
    found: dict[tuple[float, float, float], list[float]] = {}
    for patch in ax.patches:
        if not isinstance(patch, PathPatch):
            continue
        box = patch.get_path().get_extents(patch.get_patch_transform())
        for x0, x1, y0, y1 in levels:
            vertical = y0 == y1 and box.x0 - 1e-9 <= min(x0, x1) and max(x0, x1) <= box.x1 + 1e-9
            if vertical and box.y0 - 1e-9 <= y0 <= box.y1 + 1e-9 and abs(x1 - x0) > 0.5 * box.width:
                found.setdefault(_face_or_edge(patch.get_facecolor(), patch.get_edgecolor()),
                                 []).append(y0)
                break
            sideways = x0 == x1 and box.y0 - 1e-9 <= min(y0, y1) and max(y0, y1) <= box.y1 + 1e-9
            if sideways and box.x0 - 1e-9 <= x0 <= box.x1 + 1e-9 and abs(y1 - y0) > 0.5 * box.height:
                found.setdefault(_face_or_edge(patch.get_facecolor(), patch.get_edgecolor()),
                                 []).append(x0)
                break
    return found


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
