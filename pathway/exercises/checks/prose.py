"""Checks of written answers and multiple choice.

Keywords match whole words (so 'NA' is not found inside 'final'): a term of five letters or more
also matches as the start of a word ('correlat' finds 'correlation'), a shorter one only as a
word, plural included. A conclusion is read clause by clause, so a text that states the opposite
of what the data showed can be caught with `refuse` or `clause_says`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..engine import Incorrect, incomplete, is_blank
from .values import type_name


def term_pattern(term: str) -> str:
    """The regular expression for a keyword: a whole word, or a word's start for a long stem."""
    core = re.escape(term.strip().lower()).replace(r"\ ", r"\s+")
    tail = r"\w*" if len(term.strip()) >= 5 else r"(?:s|es)?\b"
    return rf"(?<!\w){core}{tail}"


def mentions_term(answer: str, term: str) -> bool:
    """Whether `term` occurs in `answer` as a word (not as letters inside another word)."""
    return re.search(term_pattern(term), answer.lower()) is not None


# A line break inside a sentence (text wrapped in a triple-quoted string) does not end a clause;
# a blank line or a new bullet does.
_CLAUSE_BREAK = re.compile(
    r"(?<!\d)[.;:!?]+|\n\s*\n|\n\s*[-*\u2022]\s|\s(?:but|while|whereas|although|though)\s", re.IGNORECASE
)


def clauses(answer: str) -> list[str]:
    """The text cut into clauses (at sentence ends and 'but', 'while', 'whereas', 'although'...)."""
    return [c.strip().lower() for c in _CLAUSE_BREAK.split(answer) if c and c.strip()]


def clause_says(answer: str, about: str, says: str, unless: str | None = None) -> bool:
    """Whether one clause matches the regex `about` and `says` (and not `unless`)."""
    for clause in clauses(answer):
        if re.search(about, clause) and re.search(says, clause):
            if unless is None or not re.search(unless, clause):
                return True
    return False


def claims(answer: str, scopes: Mapping[str, str], signs: Mapping[str, str]) -> set[tuple[str, str]]:
    """Which (scope, sign) pairs the text asserts: each sign word goes with its nearest scope.

    Read clause by clause, so "negative over all penguins but positive within each species"
    gives {("overall", "negative"), ("within", "positive")}, and the reversed text the reverse.
    """
    found: set[tuple[str, str]] = set()
    for clause in clauses(answer):
        places = [(m.start(), name) for name, rx in scopes.items() for m in re.finditer(rx, clause)]
        if not places:
            continue
        for sign, rx in signs.items():
            for m in re.finditer(rx, clause):
                nearest = min(places, key=lambda p: abs(p[0] - m.start()))
                found.add((nearest[1], sign))
    return found


def text(answer: Any, *, min_words: int = 1, mentions: Sequence[Sequence[str]] = (),
         name: str = "your answer", refuse: Mapping[str, str] | None = None) -> str:
    """Written text of at least `min_words` words mentioning one term from each group.

    Terms match as words (see `term_pattern`). `refuse` maps a regular expression (matched on the
    lower-cased text) to the message to give when it is found: the reversed conclusion.
    """
    if is_blank(answer):
        raise incomplete(answer)
    if not isinstance(answer, str):
        raise Incorrect(f"{name} should be text (a string), got {type_name(answer)}")
    words = answer.split()
    if len(words) < min_words:
        raise Incorrect(f"{name} has {len(words)} words; write at least {min_words}")
    lowered = " ".join(answer.lower().split())
    for pattern, message in (refuse or {}).items():
        if re.search(pattern, lowered):
            raise Incorrect(message)
    for group in mentions:
        if not any(mentions_term(lowered, term) for term in group if term.strip()):
            raise Incorrect(f"{name} should mention {' or '.join(repr(t.strip()) for t in group[:3])}")
    return answer


def choice(answer: Any, options: Sequence[str], correct: str | set[str],
           name: str = "your choice", why: Mapping[str, str] | None = None) -> str:
    """One option (or a set) out of `options`; `why` explains each wrong pick."""
    if is_blank(answer):
        raise incomplete(answer)
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
