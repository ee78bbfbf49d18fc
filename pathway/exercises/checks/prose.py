"""Checks of written answers and multiple choice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..engine import Incomplete, Incorrect, is_blank
from .values import type_name


def text(answer: Any, *, min_words: int = 1, mentions: Sequence[Sequence[str]] = (),
         name: str = "your answer") -> str:
    """Written text of at least `min_words` words mentioning one term from each group."""
    if is_blank(answer):
        raise Incomplete()
    if not isinstance(answer, str):
        raise Incorrect(f"{name} should be text (a string), got {type_name(answer)}")
    words = answer.split()
    if len(words) < min_words:
        raise Incorrect(f"{name} has {len(words)} words; write at least {min_words}")
    lowered = answer.lower()
    for group in mentions:
        if not any(term.lower() in lowered for term in group):
            raise Incorrect(f"{name} should mention {' or '.join(repr(t) for t in group[:3])}")
    return answer


def choice(answer: Any, options: Sequence[str], correct: str | set[str],
           name: str = "your choice", why: Mapping[str, str] | None = None) -> str:
    """One option (or a set) out of `options`; `why` explains each wrong pick."""
    if is_blank(answer):
        raise Incomplete()
    picks = {answer} if isinstance(answer, str) else answer
    if not isinstance(picks, (set, frozenset, list, tuple)) or not all(isinstance(p, str) for p in picks):
        raise Incorrect(f"{name} should be one of {', '.join(map(repr, options))}")
    picks = {p.strip().lower() for p in picks}
    unknown = picks - {o.lower() for o in options}
    if unknown:
        raise Incorrect(f"{', '.join(map(repr, sorted(unknown)))} is not an option; "
                        f"choose from {', '.join(map(repr, options))}")
    want = {correct.lower()} if isinstance(correct, str) else {c.lower() for c in correct}
    if picks != want:
        reason = next((why[p] for p in sorted(picks - want) if why and p in why), None)
        if reason:
            raise Incorrect(reason)
        if isinstance(correct, str) or len(picks) == len(want):
            raise Incorrect(f"{name} is not the best answer: re-read the question")
        raise Incorrect(f"{name} picks {len(picks)} options; {len(want)} are right")
    return next(iter(picks)) if len(picks) == 1 else ",".join(sorted(picks))
