"""The errors a learner can meet. Each message names the problem and the fix."""

from __future__ import annotations


class PathwayError(Exception):
    """Base of every error the workbook raises on purpose (the CLI prints these as one line)."""


class RoadmapError(PathwayError):
    """A roadmap file that cannot be used: names the file, the entry and what is wrong."""


class UnknownItemError(PathwayError, KeyError):
    """An item id that is not in the roadmap; suggests the closest ids."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ProgressStoreError(PathwayError):
    """A progress store that cannot be read or written; says how to recover without losing data."""


class ImportFormatError(PathwayError):
    """A progress file to import that is malformed or of a foreign format."""


class OutputFileError(PathwayError, ValueError):
    """A file to write (an export, a report) that cannot be written where it was asked."""


class MissingExtraError(PathwayError):
    """A notebook's setup cell found a package of the extra it needs missing: says which, and how to
    install it. IPython shows the message alone, in one line, instead of a traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython's hook for an exception's own display
        return [f"{type(self).__name__}: {self}"]
