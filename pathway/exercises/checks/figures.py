"""Checks of matplotlib figures and axes (matplotlib loads on first use)."""

from __future__ import annotations

from typing import Any

from ..engine import Incomplete, Incorrect, is_blank
from .values import type_name


def axes_of(answer: Any) -> list[Any]:
    """The Axes of a Figure, an Axes, or a seaborn grid (FacetGrid, JointGrid)."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if is_blank(answer):
        raise Incomplete()
    if isinstance(answer, Axes):
        return [answer]
    if isinstance(answer, Figure):
        return list(answer.axes)
    if hasattr(answer, "figure") and isinstance(answer.figure, Figure):  # seaborn grids
        return list(answer.figure.axes)
    raise Incorrect(f"expected a matplotlib Figure or Axes, got {type_name(answer)}")


def _drawn(ax: Any) -> dict[str, int]:
    from matplotlib.collections import PathCollection, PolyCollection
    from matplotlib.patches import PathPatch, Rectangle

    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) > 0]
    rects = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_height() != 0]
    return {
        "lines": len(lines),
        "bars": len(rects) + sum(len(getattr(c, "patches", [])) for c in ax.containers),
        "points": sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection)),
        "boxes": sum(isinstance(p, PathPatch) for p in ax.patches)
        + sum(isinstance(c, PolyCollection) for c in ax.collections),
        "images": len(ax.images),
    }


def plot(
    answer: Any, *, kind: str | None = None, title: bool = False, xlabel: bool = False,
    ylabel: bool = False, min_series: int = 1, name: str = "your plot",
) -> Any:
    """A figure whose (first non-empty) Axes shows the expected kind of plot, labelled.

    `kind` is one of 'bars' (bar charts and histograms), 'lines', 'points' (scatter),
    'boxes' (box and violin plots) or 'images' (heat maps).
    """
    axes = axes_of(answer)
    drawn = [(ax, _drawn(ax)) for ax in axes]
    used = [(ax, d) for ax, d in drawn if any(d.values())]
    if not used:
        raise Incomplete(f"{name} is empty: nothing is drawn on it yet")
    ax, counts = used[0]
    if kind is not None and counts.get(kind, 0) == 0:
        seen = ", ".join(k for k, v in counts.items() if v) or "nothing"
        raise Incorrect(f"{name} should show {kind}, but it draws {seen}")
    if title and not (ax.get_title() or (ax.figure._suptitle and ax.figure._suptitle.get_text())):
        raise Incorrect(f"the title is missing: give {name} one with `ax.set_title(...)`")
    if xlabel and not ax.get_xlabel():
        raise Incorrect("the x-axis label is missing: use `ax.set_xlabel(...)`")
    if ylabel and not ax.get_ylabel():
        raise Incorrect("the y-axis label is missing: use `ax.set_ylabel(...)`")
    if min_series > 1:
        legend = ax.get_legend()
        series_count = len(legend.get_texts()) if legend else 0
        if series_count < min_series:
            raise Incorrect(
                f"{name} should compare at least {min_series} groups with a legend; "
                f"it shows {series_count}"
            )
    return ax
