"""Execute a notebook for real (nbclient, a real kernel), optionally with the solutions filled in."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from pathway import exercises

TAG_PREFIX = "exercise:"


def exercise_tags(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(cell index, exercise id) for every tagged answer cell."""
    found = []
    for index, cell in enumerate(nb.cells):
        for tag in cell.get("metadata", {}).get("tags", []):
            if tag.startswith(TAG_PREFIX):
                found.append((index, tag[len(TAG_PREFIX):]))
    return found


def with_solutions(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of the notebook whose tagged answer cells hold each exercise's `solution_code`."""
    solved = nbformat.from_dict(nb)
    for index, exercise_id in exercise_tags(solved):
        solved.cells[index].source = exercises.get(exercise_id).solution_code
    return solved


def execute(path: Path, *, solved: bool, timeout: int = 600) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    if solved:
        nb = with_solutions(nb)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return nb
