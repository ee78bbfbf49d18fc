"""Where the workbook's files live: shipped data, the roadmap, and the learner's progress store."""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "PATHWAY_HOME"
ROADMAP_ENV = "PATHWAY_ROADMAP"
APP_NAME = "mle-pathway"


def data_dir() -> Path:
    """The shipped data folder: inside an installed wheel, else the repository's `data/`.

    A wheel carries `data/` as `pathway/data`; an editable install or a checkout reads the
    repository's folder directly, so both find the same files.
    """
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def notebooks_dir() -> Path:
    """The shipped notebooks: inside an installed wheel (`pathway/notebooks`), else the repository's."""
    packaged = Path(__file__).resolve().parent / "notebooks"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "notebooks"


def data_file(name: str) -> Path:
    """A shipped data file by name, with an error that says where it was looked for."""
    path = data_dir() / name
    if not path.is_file():
        raise FileNotFoundError(
            f"the data file {name!r} is not in {data_dir()}: reinstall mle-pathway "
            "(pip install --force-reinstall mle-pathway) or check out the repository's data/ folder"
        )
    return path


def roadmap_path() -> Path:
    """The roadmap in use: `$PATHWAY_ROADMAP` when set, else the shipped `roadmap.toml`."""
    custom = os.environ.get(ROADMAP_ENV, "").strip()
    if custom:
        return Path(custom).expanduser()
    return data_dir() / "roadmap.toml"


def home() -> Path:
    """The learner's folder: `$PATHWAY_HOME`, else the platform's user data directory."""
    custom = os.environ.get(HOME_ENV, "").strip()
    if custom:
        return Path(custom).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def progress_db() -> Path:
    return home() / "progress.db"
