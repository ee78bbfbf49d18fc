"""What the checks of notebook 03d share: the setup cells, the model, answers read as numbers.

torch, transformers and sentence-transformers are imported inside the functions (through
`pathway.labs.language`), so `import pathway` never loads them.
"""

from __future__ import annotations

from typing import Any

from ... import checks
from ...engine import Incorrect

# The notebook's setup cell for the sections on the pretrained model (each exercise's `setup` starts
# with it).
MODEL = """\
import numpy as np
import torch
from torch import nn

from pathway.labs import deep, help_center, language

deep.threads()                   # one CPU thread: the fastest for a model this small
tokenizer = language.tokenizer()  # loads all-MiniLM-L6-v2 from its package, offline, once
"""

CORPUS = MODEL + """\
passages = help_center.corpus()                    # 36 passages: id, source, title, text
doc_vectors = language.embed(passages["text"])     # (36, 384), each of length 1
queries = help_center.queries()                    # 12 labelled questions: query, relevant ids
"""


def tensor(value: Any, name: str) -> Any:
    """`value` as a float torch tensor (a tensor, a NumPy array or nested lists), or Incorrect."""
    import torch

    if isinstance(value, torch.Tensor):
        return value.detach().float().cpu()
    try:
        return torch.as_tensor(value, dtype=torch.float32)
    except Exception:
        raise Incorrect(f"{name} should be a tensor or an array of numbers, got "
                        f"{checks.type_name(value)}") from None


def ids_list(value: Any, name: str) -> list:
    """A returned ranking (a list, tuple or 1-D array) as a plain list, or Incorrect."""
    if hasattr(value, "tolist") and getattr(value, "ndim", 1) == 1:
        value = value.tolist()
    if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
        raise Incorrect(f"{name} should return a list, got {checks.type_name(value)}")
    return list(value)
