"""Reading matplotlib artists back into data: points, bars, step outlines, box medians, legends.

`figures` judges a plot with these; they only read, and never raise on an odd artist.
"""

from __future__ import annotations

from typing import Any


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
