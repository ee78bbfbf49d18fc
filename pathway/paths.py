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


def output_target(target: str | os.PathLike[str], *, example: str = "progress.json") -> Path:
    """The file that writing to `target` would replace (a symlink followed); refuses what is not a file."""
    from .errors import OutputFileError

    if not str(target).strip():
        raise OutputFileError(f"no file name given; name the file to write, e.g. {example}")
    path = Path(target).expanduser()
    real = Path(os.path.realpath(path))
    check_folder_path(real.parent, path)
    if real.is_dir():
        raise OutputFileError(f"{path} is a folder; give a file name such as {path / example}")
    if real.exists() and not real.is_file():
        raise OutputFileError(f"{path} is not a regular file (a device, pipe or socket); "
                              f"give the name of a file, e.g. {example}")
    return real


def check_folder_path(folder: Path, asked: str | os.PathLike[str] | None = None) -> None:
    """Refuse, in one line, a folder path that runs through a file (`notes.txt/out.png`)."""
    from .errors import OutputFileError

    for part in (folder, *folder.parents):
        if part.exists():
            if not part.is_dir():
                raise OutputFileError(f"{part} is a file, so {asked or folder} cannot be written "
                                      "inside it; name a path in a folder")
            return


def write_text_atomic(target: str | os.PathLike[str], text: str, *, example: str = "progress.json") -> Path:
    """Write `text` to `target` as UTF-8, whole or not at all (see `write_bytes_atomic`)."""
    return write_bytes_atomic(target, text.encode("utf-8"), example=example)


def write_bytes_atomic(target: str | os.PathLike[str], data: bytes, *,
                       example: str = "progress.json") -> Path:
    """Write `data` to `target` whole or not at all (a temporary file, then a rename); returns the file.

    A symlink is written through to the file it points at (the link stays); a folder, a device
    or a pipe is refused with one clear line, and no temporary file is ever left behind, even when
    the write is cut short (a full disk, a file size limit).
    """
    import stat
    import tempfile

    real = output_target(target, example=example)
    real.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(real.stat().st_mode) if real.exists() else 0o666 & ~_umask()
    fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return real


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current
