"""The small datasets that ship in `data/` (see data/README.md for sources and licences)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..paths import data_file

if TYPE_CHECKING:
    import pandas as pd


def path(name: str) -> str:
    """The full path of a shipped data file, e.g. `path("penguins.csv")`."""
    return str(data_file(name))


def load(name: str, **read_csv_options) -> pd.DataFrame:
    """A shipped CSV as a DataFrame, by file name with or without `.csv`."""
    import pandas as pd

    file = name if name.endswith(".csv") else f"{name}.csv"
    return pd.read_csv(data_file(file), **read_csv_options)


def penguins() -> pd.DataFrame:
    """Palmer penguins: 344 penguins, 3 species, measurements with missing values (CC0)."""
    return load("penguins")
