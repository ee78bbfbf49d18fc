"""Checks of programs written in R, Java or C++: built and run with the real toolchain.

`built(source, language)` turns the learner's source text into a running `Program` (see
`labs.toolchains`), or raises what the learner should hear: `Incomplete` for a skeleton still
holding `____`, `Skipped` when the toolchain is missing (with the install line), `Incorrect` with
the compiler's first complaint. `output(program, ...)` runs it on the check's own input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from ...labs import toolchains
from ..engine import Incomplete, Incorrect, Skipped, incomplete, is_blank
from .values import type_name

_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:Inf|NaN|NA)\b")
_R_INDEX = re.compile(r"^\s*\[\d+\]", re.MULTILINE)  # R's `[1]` in front of printed values


@contextmanager
def built(source: Any, language: str, name: str) -> Iterator[toolchains.Program]:
    """The learner's program, compiled in a temporary folder (deleted afterwards)."""
    if is_blank(source):
        raise incomplete(source)
    if not isinstance(source, str):
        raise Incorrect(f"{name} should be the program's source code as a string, got {type_name(source)}")
    if "____" in source:
        raise Incomplete(f"{name} still holds `____`: write that part of the program, then run the "
                         "cell again")
    if not source.strip():
        raise Incomplete(f"{name} is empty: write the program in the string, then run the cell again")
    try:
        with toolchains.build(language, source) as program:
            compiled = program.compiled
            if compiled is not None and not compiled.ok:
                if compiled.timed_out:
                    raise Incorrect(f"compiling {name} took over {toolchains.COMPILE_SECONDS:g} s and was "
                                    "stopped")
                raise Incorrect(f"{name} does not compile:\n{toolchains.first_error(compiled)}")
            yield program
    except toolchains.ToolchainMissing as exc:
        raise Skipped(exc.message) from None
    except OSError as exc:  # no room for a temporary folder, a toolchain that cannot start
        raise Incorrect(f"{name} could not be built here: {exc}") from None


def output(program: toolchains.Program, name: str, label: str, *, stdin: str = "",
           files: Mapping[str, str] | None = None, seconds: float = toolchains.RUN_SECONDS) -> str:
    """What the program prints on the check's input; a crash, a hang or a flood is `Incorrect`."""
    run = program.run(stdin, files=files, seconds=seconds)
    if run.timed_out:
        raise Incorrect(f"{name} ran over {seconds:g} s on {label} and was stopped: look for a loop "
                        "that never ends, or a read that waits for input that never comes")
    if run.cut:
        raise Incorrect(f"{name} printed over {toolchains.MAX_OUTPUT:,} bytes on {label} and was "
                        "stopped: print only what the question asks for")
    if run.returncode != 0:
        said = toolchains.first_error(run) or f"exit code {run.returncode}"
        raise Incorrect(f"{name} failed on {label}:\n{said}")
    return run.stdout


def number_words(text: str, language: str = "") -> list[str]:
    """The numbers a program printed, as printed (R's `[1]` index markers left out)."""
    if language == "r":
        text = _R_INDEX.sub(" ", text)
    return _NUMBER.findall(text)


def numbers(text: str, language: str = "") -> list[float]:
    """The numbers a program printed, in order (R's `[1]` index markers left out)."""
    found = []
    for token in number_words(text, language):
        word = token.lstrip("+-")
        if word in ("NA", "NaN"):
            found.append(float("nan"))
        elif word == "Inf":
            found.append(float("-inf") if token.startswith("-") else float("inf"))
        else:
            found.append(float(token))
    return found
