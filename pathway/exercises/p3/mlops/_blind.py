"""What the blind red-team case files of 03c share: a case is a base answer with a few edits."""

CASE_TYPE = dict[str, dict[str, list[str]]]


def _v(base: str, *pairs: str) -> str:
    """`base` with each (old, new) pair of `pairs` replaced; the old text must be there."""
    for old, new in zip(pairs[::2], pairs[1::2]):
        if old not in base:
            raise ValueError(f"a blind case edits text its base does not hold: {old!r}")
        base = base.replace(old, new)
    return base
