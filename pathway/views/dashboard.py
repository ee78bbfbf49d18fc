"""Every chart on one page, for `pathway chart --out progress.png` (one picture of your progress)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .charts import DPI

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def dashboard(figures: dict[str, Figure], columns: int = 2) -> Figure:
    """Several charts on one page: each drawn at full resolution, then tiled two to a row.

    The charts keep their own sizes and layouts (they are drawn separately), so the dashboard looks
    exactly like the single charts side by side, whatever each one's shape.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    images = []
    for fig in figures.values():
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
        images.append(np.asarray(canvas.buffer_rgba()))
    rows = -(-len(images) // columns)
    cell_h = max(img.shape[0] for img in images) / DPI
    cell_w = max(img.shape[1] for img in images) / DPI
    page = Figure(figsize=(cell_w * min(columns, len(images)), cell_h * rows), dpi=DPI)
    FigureCanvasAgg(page)
    grid = page.add_gridspec(rows, min(columns, len(images)), wspace=0.02, hspace=0.02,
                             left=0.01, right=0.99, top=0.99, bottom=0.01)
    for n, img in enumerate(images):
        alone = n == len(images) - 1 and n % columns == 0  # the last chart, alone on its row: full width
        ax = page.add_subplot(grid[n // columns, :] if alone else grid[n // columns, n % columns])
        ax.imshow(img, interpolation="lanczos")
        ax.set_axis_off()
    return page
