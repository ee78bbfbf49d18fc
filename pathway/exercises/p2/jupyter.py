"""Phase 2, data-science foundations: Jupyter and Colab."""

from __future__ import annotations

from .. import checks
from ..engine import Incorrect, exercise

_SHORTCUTS = {
    "run the cell and select the next one": "shift+enter",
    "run the cell and stay on it": "ctrl+enter",
    "insert a cell below (command mode)": "b",
    "turn the cell into Markdown (command mode)": "m",
    "leave edit mode for command mode": "esc",
    "insert a code cell below, in Google Colab": "ctrl+m b",
}

_SHORTCUT_SOLUTION = """
shortcuts = {
    "run the cell and select the next one": "Shift+Enter",
    "run the cell and stay on it": "Ctrl+Enter",
    "insert a cell below (command mode)": "B",
    "turn the cell into Markdown (command mode)": "M",
    "leave edit mode for command mode": "Esc",
    "insert a code cell below, in Google Colab": "Ctrl+M B",
}
"""


def _keys(text: str) -> str:
    """Keys as typed, compared loosely: case, spaces, 'Escape', 'Cmd' and 'then' do not matter."""
    text = str(text).lower().replace("escape", "esc").replace("return", "enter")
    text = text.replace(" then ", " ").replace(",", " ").replace("⌘", "ctrl").replace("⇧", "shift+")
    text = text.replace("cmd", "ctrl").replace("control", "ctrl").replace("-", "+")
    return "".join(text.split())


@exercise(
    "p2.notebook.shortcuts",
    title="Jupyter and Colab keyboard shortcuts",
    prompt="Fill in the `shortcuts` dictionary: for each action, the keys that do it, chosen "
    "from `Shift+Enter`, `Ctrl+Enter`, `A`, `B`, `M`, `Y`, `D D`, `Esc`, `Ctrl+M B`.",
    answer="shortcuts",
    solution=_SHORTCUT_SOLUTION,
    wrong=[
        _SHORTCUT_SOLUTION.replace('"Shift+Enter"', '"X"').replace('"Ctrl+Enter"', '"Shift+Enter"')
        .replace('"X"', '"Ctrl+Enter"'),
        _SHORTCUT_SOLUTION.replace('"B",', '"A",'),
        _SHORTCUT_SOLUTION.replace('"Ctrl+M B"', '"B"'),
        _SHORTCUT_SOLUTION.replace('"M",', '"Y",'),
        _SHORTCUT_SOLUTION.replace('"Esc",', '"Enter",'),
        _SHORTCUT_SOLUTION.replace('"Ctrl+M B"', '"Ctrl+B"'),
    ],
    right=[
        _SHORTCUT_SOLUTION.replace('"Shift+Enter"', '"shift + enter"').replace('"Esc"', '"Escape"')
        .replace('"Ctrl+M B"', '"Ctrl+M then B"').replace('"Ctrl+Enter"', '"Cmd+Return"'),
        _SHORTCUT_SOLUTION.replace('"Ctrl+M B"', '["Ctrl+M", "B"]').replace('"B",', '"b",'),
    ],
    hints=[
        "Jupyter has two modes: edit mode (typing in a cell) and command mode (acting on "
        "cells, with single keys). Try each key in this notebook.",
        "In command mode, A and B insert a cell Above and Below; M and Y make it Markdown or "
        "code. Colab puts Ctrl+M in front of the same letters.",
        "Shift+Enter runs and moves on, Ctrl+Enter runs and stays; Esc enters command mode.",
    ],
)
def shortcuts(answer):
    from collections.abc import Mapping

    checks.expect_type(answer, Mapping, "a dictionary")
    checks.same_set(answer.keys(), _SHORTCUTS.keys(), "the actions in shortcuts")
    why = {
        "a": "A inserts a cell *above*",
        "y": "Y turns a cell into code",
        "dd": "D D deletes the cell",
        "shift+enter": "Shift+Enter moves on to the next cell",
        "ctrl+enter": "Ctrl+Enter stays on the cell",
        "b": "in Colab, the single-letter keys need a Ctrl+M first",
    }
    for action, want in _SHORTCUTS.items():
        given = answer[action]
        if isinstance(given, (list, tuple)) and all(isinstance(k, str) for k in given):
            given = " ".join(given)
        if not isinstance(given, str):
            raise Incorrect(f"the keys for {action!r} should be text like \"Shift+Enter\", got "
                            f"{checks.type_name(given)}")
        got = _keys(given)
        if got != _keys(want):
            reason = why.get(got, "")
            raise Incorrect(f"the keys for {action!r} are not right" +
                            (f": {reason}" if reason else ""))
    return ("in Colab, Ctrl+M H lists every shortcut; in JupyterLab the command palette "
            "(Ctrl+Shift+C) shows each command with its keys.")
