"""The texts of notebook 03d: a bike-share help centre, support messages to classify, characters.

`corpus()` and `queries()` read the files in `data/` (written for the workbook; see data/README.md).
`messages(n, seed)` draws labelled support messages from phrase lists, deterministically; the checks
hold back messages, queries and passages of their own, worded differently, and judge on those.
"""

from __future__ import annotations

import re
from typing import Any

from . import datasets

INTENTS = ("billing", "technical", "account", "bike")
"""The four intents of a support message: payments and refunds, the app and its errors, the rider's
account and data, the bike itself (broken, lost, stolen)."""

_OPENERS = ("", "hi, ", "hello, ", "quick question: ", "please help, ", "urgent: ", "hey team, ")
_CLOSERS = ("", " thanks", " thank you!", " what should I do?", " can you help?", " please advise.")
_PHRASES = {
    "billing": (
        "I was charged twice for one ride", "my card was billed two times", "I want a refund for my pass",
        "why did my day pass cost more than 6 euros", "the fare on my invoice looks wrong",
        "can I pay with Google Pay", "my wallet top-up did not arrive", "how do I get my money back",
        "I see a charge I do not recognise", "the student discount was not applied to my payment",
        "I need an invoice for my company", "the price per minute seems too high",
    ),
    "technical": (
        "the app crashes when I open it", "I get error E-217 when unlocking", "the QR code scanner does "
        "not work", "the map in the app is blank", "the app says the station is offline",
        "I cannot log in, the app freezes", "the app shows the wrong battery level",
        "notifications from the app never arrive", "the app keeps asking me to update",
        "the unlock button does nothing", "the app will not load on my phone",
        "bluetooth connection to the bike fails",
    ),
    "account": (
        "I forgot my password", "how do I delete my account", "I want to change my phone number",
        "please remove my personal data", "how do I update my e-mail address",
        "I never got the six-digit code to sign up", "can I pause my membership",
        "my account is blocked", "how do I add a second payment card to my profile",
        "I want to change the name on my account", "can my son use my membership",
        "how do I download my ride history",
    ),
    "bike": (
        "the bike has a flat tyre", "the brakes on bike 4512 are broken", "my bike was stolen",
        "the chain keeps falling off", "the saddle will not stay up", "I lost the bike I rented",
        "the front light does not work", "the bike makes a grinding noise", "the handlebar is loose",
        "I left my bag in the bike basket", "the electric assist stopped working",
        "the bike will not lock into the dock",
    ),
}


def corpus() -> Any:
    """The help centre: 36 passages (`id`, `source`, `title`, `text`), a DataFrame. `source` is
    `handbook` for the company's own pages and `forum` for text a user wrote."""
    return datasets.load("p3_help_center")


def queries() -> Any:
    """12 questions a rider asked, each with the ids of the passages that answer it (`relevant`, a
    list): the labelled queries the notebook evaluates its search on."""
    frame = datasets.load("p3_help_queries")
    frame["relevant"] = frame["relevant"].str.split(";")
    return frame


def sentences(text: str) -> list[str]:
    """`text` split into sentences at `.`, `!` or `?` followed by a space (the corpus has no
    abbreviations, so this simple rule is exact here)."""
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", str(text).strip()) if s.strip()]


def messages(n: int, seed: int = 0) -> tuple[list[str], list[int]]:
    """`n` support messages and their intent (an index into `INTENTS`), balanced, in shuffled order."""
    import numpy as np

    rng = np.random.default_rng(seed)
    texts, labels = [], []
    for i in range(n):
        label = i % len(INTENTS)
        phrase = _PHRASES[INTENTS[label]][rng.integers(len(_PHRASES[INTENTS[label]]))]
        text = _OPENERS[rng.integers(len(_OPENERS))] + phrase + _CLOSERS[rng.integers(len(_CLOSERS))]
        texts.append(text[0].upper() + text[1:])
        labels.append(label)
    order = rng.permutation(n)
    return [texts[i] for i in order], [labels[i] for i in order]


CHARS = " abcdefghijklmnopqrstuvwxyz0123456789.,;:'-?!%/()"
"""The character vocabulary of the small language model: id 0 is the space; text is lower-cased
and any other character becomes a space."""


def encode_chars(text: str) -> Any:
    """Character ids (int64 array) of `text`, lower-cased; unknown characters become spaces."""
    import numpy as np

    index = {c: i for i, c in enumerate(CHARS)}
    return np.asarray([index.get(c, 0) for c in str(text).lower()], dtype="int64")


def decode_chars(ids: Any) -> str:
    """The text of a sequence of character ids."""
    return "".join(CHARS[int(i)] for i in ids)


def handbook_text() -> str:
    """Every handbook passage, one per line: the training text of the character language model."""
    frame = corpus()
    return "\n".join(frame.loc[frame["source"] == "handbook", "text"])


_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|rules|prompts?|messages)\b"
    r"|\byou are now\b|\b(admin|developer|jailbreak) mode\b|\bsystem prompt\b"
    r"|\b(assistants?|chatbots?|ai|language models?|llms?)\b.{0,30}\b(must|should|shall|always|never)\b"
    r"|\b(tell|inform|answer)\b.{0,20}\b(every|all|each) (users?|customers?|riders?|passengers?)\b",
    re.IGNORECASE,
)


def looks_like_instruction(sentence: str) -> bool:
    """Whether a sentence gives orders to an AI system ("ignore all previous instructions", "you are
    now in admin mode", "assistants must ..."): text retrieved from a corpus is data to quote, never
    instructions to follow, and a sentence like this is no evidence for any answer. A pattern list
    like this one catches the common phrasings, not every possible one."""
    return bool(_INSTRUCTION.search(str(sentence)))
