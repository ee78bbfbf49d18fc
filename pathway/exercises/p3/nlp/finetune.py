"""Notebook 03d, fine-tuning: a classifier on frozen embeddings against LoRA with peft, and an adapter
saved and loaded on its own."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ._blind_c import CASES as BLIND
from ._held_back import held_back
from ._nlp import MODEL

SETUP = MODEL + """\
train_texts, train_labels = help_center.messages(240, seed=0)   # 240 support messages, 60 per intent
intents = help_center.INTENTS                                      # label 0..3: their names
"""

_PROBE_SEED = 4_211
_SAME_ROWS = 0.97   # a deterministic refit on the same rows agrees 100%; 200 extra rows give 88%
FROZEN_NEED = 0.8   # on these 56: a logistic regression 91%, SVC and kNN 95%; chance is 25%
LORA_NEED = 0.7     # honest recipes 82-95% on these 56; the head alone 71-79% (the adapters check)


@functools.cache
def _held_back_vectors() -> Any:
    from ....labs import language

    return language.embed([t for t, _ in held_back()])


@functools.cache
def _training_vectors() -> tuple[Any, list[int]]:
    from ....labs import help_center, language

    texts, labels = help_center.messages(240, seed=0)   # the notebook's own training messages
    return language.embed(texts), labels


def _trained_on_train_texts(head: Any) -> None:
    """Incorrect unless a fresh copy of `head`, fitted on exactly `train_texts`, decides like `head`
    near the intents' borders (midpoints between messages of two intents): more rows move them.
    A randomised estimator whose own refits disagree there is not judged on this."""
    import numpy as np
    from sklearn.base import clone

    X, labels = _training_vectors()
    rng = np.random.default_rng(_PROBE_SEED)
    a, b = rng.integers(len(X), size=(2, 400))
    keep = np.asarray(labels)[a] != np.asarray(labels)[b]
    probes = (X[a[keep]] + X[b[keep]]) / 2

    def refit(**seed: int) -> Any:
        return np.asarray(clone(head).set_params(**seed).fit(X, labels).predict(probes))

    try:
        agree = float(np.mean(np.asarray(head.predict(probes)) == refit()))
        if agree >= _SAME_ROWS:
            return
        seeds = [k for k in head.get_params() if k == "random_state" or k.endswith("__random_state")]
        if float(np.mean(refit(**dict.fromkeys(seeds, 1)) == refit(**dict.fromkeys(seeds, 2)))) < _SAME_ROWS:
            return  # its refits vary by themselves: the rows cannot be told from its decisions
    except Exception:
        return  # not refittable as given: judged by its predictions alone
    raise Incorrect(f"head decides differently from the same classifier fitted on `train_texts` and "
                    f"`train_labels` ({agree:.0%} agreement near the intents' borders): fit it on the "
                    "240 training messages only, no other rows")


@exercise(
    "p3.finetune.frozen_head",
    title="A classifier on frozen sentence embeddings",
    prompt="Fit `head`, a scikit-learn classifier (e.g. `LogisticRegression(max_iter=1000)`), on the "
    "embeddings of `train_texts` (`language.embed`) and `train_labels` (the intents' integers 0..3, "
    "which `head.predict` returns). The encoder stays frozen: "
    "only the head learns. The check embeds support messages it kept back, worded differently, "
    f"and needs at least {FROZEN_NEED:.0%} of their intents right.",
    answer="head",
    setup=SETUP,
    solution='''\
from sklearn.linear_model import LogisticRegression

train_vectors = language.embed(train_texts)        # (240, 384), computed once
head = LogisticRegression(max_iter=1000).fit(train_vectors, train_labels)''',
    right=[
        '''\
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

head = make_pipeline(StandardScaler(), SVC()).fit(language.embed(train_texts), np.array(train_labels))''',
        '''\
from sklearn.neighbors import KNeighborsClassifier

head = KNeighborsClassifier(n_neighbors=5, metric="cosine").fit(language.embed(train_texts), train_labels)''',
    ] + BLIND["p3.finetune.frozen_head"]["right"],
    wrong=[
        # the intents' names as labels: the prompt asks for `train_labels`, the integers 0..3
        '''\
from sklearn.linear_model import LogisticRegression

names = [intents[y] for y in train_labels]
head = LogisticRegression(max_iter=2000, C=10).fit(language.embed(train_texts), names)''',
        "from sklearn.linear_model import LogisticRegression\nhead = LogisticRegression(max_iter=1000)",
        # eight messages only
        '''\
from sklearn.linear_model import LogisticRegression
head = LogisticRegression(max_iter=1000).fit(language.embed(train_texts[:8]), train_labels[:8])''',
        # the first 10 dimensions of the embeddings
        '''\
from sklearn.linear_model import LogisticRegression
head = LogisticRegression(max_iter=1000).fit(language.embed(train_texts)[:, :10], train_labels)''',
        '''\
from sklearn.dummy import DummyClassifier
head = DummyClassifier().fit(language.embed(train_texts), train_labels)''',
        # TF-IDF features: not the embeddings the check feeds it
        '''\
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
head = LogisticRegression(max_iter=1000).fit(TfidfVectorizer().fit_transform(train_texts), train_labels)''',
        # labels shuffled against the texts
        '''\
from sklearn.linear_model import LogisticRegression
head = LogisticRegression(max_iter=1000).fit(language.embed(train_texts), sorted(train_labels))''',
    ] + BLIND["p3.finetune.frozen_head"]["wrong"],
    hints=[
        "`language.embed(train_texts)` gives one 384-number row per message: that is your X.",
        "Any scikit-learn classifier fitted on (X, `train_labels`) will do; a logistic regression is "
        "the usual first choice.",
        "`.fit` returns the fitted estimator, so `head = LogisticRegression(max_iter=1000).fit(X, y)`.",
    ],
)
def frozen_head(answer):
    import numpy as np

    checks.estimator(answer, name="head")
    model = answer
    X = _held_back_vectors()
    try:
        predicted = np.asarray(model.predict(X))
    except Exception as exc:
        raise Incorrect(f"head.predict on 384-dimensional sentence embeddings raised {type(exc).__name__}: "
                        "fit it on `language.embed(train_texts)`") from None
    y = np.asarray([label for _, label in held_back()])
    if predicted.shape != y.shape:
        raise Incorrect(f"head.predict returned shape {predicted.shape} for {len(y)} messages")
    if predicted.dtype.kind in "UOS":
        raise Incorrect(f"head.predict returns {checks.short(predicted[:2].tolist())}, not the integer "
                        "labels 0..3: fit it on `train_labels` as given (the intents' index, not their "
                        "names)")
    score = float(np.mean(predicted == y))
    if score < FROZEN_NEED:
        raise Incorrect(f"head gets {score:.0%} of the check's {len(y)} held-back messages right; it needs "
                        f"{FROZEN_NEED:.0%}. Is it fitted on the embeddings with the labels in their order?")
    _trained_on_train_texts(model)
    return (f"{score:.0%} on messages worded unlike any you trained on, with 1,540 parameters trained "
            "(384 x 4 weights and 4 biases) in a fraction of a second: the pretrained encoder did the "
            "reading.")


# ---------------------------------------------------------------- LoRA

_LORA = '''\
from peft import LoraConfig, get_peft_model

config = LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=16, lora_dropout=0.0,
                    target_modules=["query", "value"])
lora_model = get_peft_model(language.classifier(num_labels=4, seed=0), config)
lora_model.print_trainable_parameters()

optimizer = torch.optim.AdamW([p for p in lora_model.parameters() if p.requires_grad], lr=1e-2)
labels = torch.tensor(train_labels)
torch.manual_seed(0)
lora_model.train()
for epoch in range(3):
    for start in range(0, len(train_texts), 32):
        batch = tokenizer(train_texts[start:start + 32], padding=True, return_tensors="pt")
        loss = lora_model(**batch, labels=labels[start:start + 32]).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
lora_model.eval()'''


def _logits(model: Any, texts: list[str], name: str) -> Any:
    import torch

    from ....labs import language

    batch = language.tokenizer()(texts, padding=True, return_tensors="pt")
    try:
        model.eval()
        with torch.no_grad():
            out = model(**batch)
    except Exception as exc:
        raise Incorrect(f"{name}(**tokenizer(texts, padding=True, return_tensors='pt')) raised "
                        f"{type(exc).__name__}: {checks.short(str(exc), 150)}") from None
    logits = getattr(out, "logits", None)
    if logits is None or tuple(logits.shape) != (len(texts), 4):
        raise Incorrect(f"{name}'s output has no `.logits` of shape ({len(texts)}, 4): build it on "
                        "`language.classifier(num_labels=4)`")
    return logits.float()


def _peft_model(answer: Any, name: str) -> Any:
    try:
        from peft import PeftModel
    except ImportError:
        raise Incorrect("peft is not installed: `pip install 'mle-pathway[nlp]'`") from None
    if not isinstance(answer, PeftModel):
        raise Incorrect(f"{name} is {checks.type_name(answer)}, not a peft model: wrap the classifier "
                        "with `get_peft_model(model, LoraConfig(...))`")
    return answer


def _base_changed(model: Any) -> list[str]:
    """Names of pretrained encoder weights that differ from the released model's."""
    import torch

    from ....labs import language

    pretrained = language.transformer().state_dict()
    changed = []
    for name, param in model.named_parameters():
        if "lora_" in name or "modules_to_save" in name or ".bert." not in name:
            continue
        key = name.split(".bert.", 1)[1].replace(".base_layer", "")
        if key in pretrained and not torch.equal(param.detach().cpu(), pretrained[key]):
            changed.append(key)
    return changed


def _adapters_trained(model: Any) -> None:
    """Incorrect unless the LoRA matrices are trainable and moved: B starts at zero, so an adapter
    that never learned leaves every lora_B at 0 and the head does all the work."""
    import torch

    lora = {name: p for name, p in model.named_parameters() if "lora_" in name}
    if not lora:
        raise Incorrect("lora_model has no LoRA matrices (lora_A, lora_B): target the attention's "
                        "\"query\" and \"value\" layers in LoraConfig")
    frozen = sum(p.numel() for p in lora.values() if not p.requires_grad)
    if frozen:
        raise Incorrect(f"{frozen:,} of the {sum(p.numel() for p in lora.values()):,} LoRA weights are "
                        "frozen (requires_grad False): only the head learned. Leave the adapters trainable")
    if all(torch.count_nonzero(p.detach()) == 0 for name, p in lora.items() if "lora_B" in name):
        raise Incorrect("every lora_B matrix is still zero, as peft initialises it: the adapters never "
                        "learned. Give the optimizer the LoRA parameters and train")


@exercise(
    "p3.finetune.lora",
    title="Fine-tune with LoRA: a few thousand weights instead of 22 million",
    prompt="Build `lora_model`: wrap `language.classifier(num_labels=4)` (the pretrained encoder with a "
    "new classification head) with peft's `get_peft_model` and a `LoraConfig(task_type=\"SEQ_CLS\", "
    "r=4, target_modules=[\"query\", \"value\"])`, and train it on `train_texts` and `train_labels` "
    "(batches from `tokenizer(..., padding=True, return_tensors=\"pt\")`, the loss from "
    "`lora_model(**batch, labels=...)`). At most 1 % of the weights may train; the pretrained "
    f"weights must stay as released; the check needs {LORA_NEED:.0%} on its held-back messages.",
    answer="lora_model",
    setup=SETUP,
    solution=_LORA,
    right=[
        _LORA.replace('r=4, lora_alpha=16', 'r=8, lora_alpha=16').replace("lr=1e-2", "lr=5e-3")
        .replace("range(0, len(train_texts), 32)", "range(0, len(train_texts), 16)")
        .replace("start + 32", "start + 16"),
    ] + BLIND["p3.finetune.lora"]["right"],
    wrong=[
        # never trained
        _LORA.split("optimizer =")[0] + "lora_model.eval()",
        # every weight trained: no LoRA at all
        '''\
lora_model = language.classifier(num_labels=4, seed=0)
optimizer = torch.optim.AdamW(lora_model.parameters(), lr=3e-5)
labels = torch.tensor(train_labels)
lora_model.train()
for start in range(0, len(train_texts), 32):
    batch = tokenizer(train_texts[start:start + 32], padding=True, return_tensors="pt")
    lora_model(**batch, labels=labels[start:start + 32]).loss.backward()
    optimizer.step()
    optimizer.zero_grad()
lora_model.eval()''',
        # LoRA, but the encoder's own weights unfrozen too
        _LORA.replace("lora_model.print_trainable_parameters()",
                      "for p in lora_model.parameters():\n    p.requires_grad = True"),
        # one batch only
        _LORA.replace("range(3)", "range(1)").replace("range(0, len(train_texts), 32)", "range(0, 32, 32)"),
    ] + BLIND["p3.finetune.lora"]["wrong"],
    hints=[
        "`from peft import LoraConfig, get_peft_model`; a peft model's `print_trainable_parameters()` "
        "shows how few weights LoRA trains.",
        "The loop of notebook 03b: for each batch of 32 texts, tokenize, call the model with "
        "`labels=`, take `.loss`, `backward()`, `step()`, `zero_grad()`; give the optimizer only the "
        "parameters with `requires_grad`.",
        "Three epochs of AdamW at a learning rate of about 1e-2 are enough; end by switching the "
        "model to evaluation mode.",
    ],
)
def lora(answer):
    import numpy as np

    model = _peft_model(answer, "lora_model")
    total = sum(p.numel() for p in model.parameters())
    trained = sum(p.numel() for p in model.parameters() if p.requires_grad)
    if trained > 0.01 * total:
        raise Incorrect(f"lora_model trains {trained:,} of its {total:,} weights ({trained / total:.1%}); "
                        "LoRA should leave the pretrained weights frozen (at most 1 % trainable)")
    _adapters_trained(model)
    changed = _base_changed(model)
    if changed:
        raise Incorrect(f"{len(changed)} pretrained weight tensors changed (e.g. {changed[0]}): only the "
                        "LoRA matrices and the new head should learn")
    logits = _logits(model, [t for t, _ in held_back()], "lora_model")
    score = float(np.mean(logits.argmax(1).numpy() == np.asarray([y for _, y in held_back()])))
    if score < LORA_NEED:
        raise Incorrect(f"lora_model gets {score:.0%} of the check's {len(held_back())} held-back messages "
                        f"right; it needs {LORA_NEED:.0%}. Is it trained (a few epochs, the loss falling)?")
    return (f"{score:.0%} on held-back messages, training {trained:,} of {total:,} weights "
            f"({trained / total:.2%}). On a task this small the frozen head is as good and far cheaper; "
            "LoRA pays off when the pretrained features do not fit the task.")


# ---------------------------------------------------------------- the adapter alone


def _check_model() -> tuple[Any, Any]:
    """A private copy of the check's model for one evaluation (an answer that merges or edits the
    model it is given must not spoil the next one), and its logits on the held-back messages."""
    import copy

    model, want = _check_model_original()
    return copy.deepcopy(model), want


@functools.cache
def _check_model_original() -> tuple[Any, Any]:
    """A LoRA classifier whose adapter and head hold random values (so a lost adapter shows), and its
    logits on the held-back messages."""
    import torch
    from peft import LoraConfig, get_peft_model

    from ....labs import language

    model = get_peft_model(language.classifier(num_labels=4, seed=7),
                           LoraConfig(task_type="SEQ_CLS", r=2, target_modules=["query", "value"]))
    g = torch.Generator().manual_seed(99)
    with torch.no_grad():
        for param in model.parameters():
            if param.requires_grad:
                param.copy_(torch.randn(param.shape, generator=g) * 0.2)
    model.pathway_given = True   # a copy carries this attribute; a model loaded from the folder does not
    return model.eval(), _logits(model, [t for t, _ in held_back()], "the check's model")


@exercise(
    "p3.finetune.adapter_reload",
    title="Save only the adapter, load it on a fresh base",
    prompt="Complete `save_and_reload(model, folder)`: `model` is a LoRA classifier like yours. Save "
    "only its adapter in `folder` (peft's `save_pretrained` writes the LoRA weights and the new head, "
    "not the 90 MB encoder), then load it onto a fresh `language.classifier(num_labels=4)` with "
    "`PeftModel.from_pretrained` and return that new model, ready to predict. The check saves its own "
    "model into a temporary folder, weighs the files and compares predictions.",
    answer="save_and_reload",
    setup=SETUP,
    solution='''\
from peft import PeftModel


def save_and_reload(model, folder):
    model.save_pretrained(folder)
    base = language.classifier(num_labels=4)
    return PeftModel.from_pretrained(base, folder).eval()''',
    right=[
        '''\
import pathlib

from peft import PeftModel


def save_and_reload(model, folder):
    target = pathlib.Path(folder) / "intent-adapter"
    model.save_pretrained(str(target))
    fresh = PeftModel.from_pretrained(language.classifier(num_labels=model.config.num_labels), str(target))
    fresh.eval()
    return fresh''',
    ] + BLIND["p3.finetune.adapter_reload"]["right"],
    wrong=[
        # nothing reloaded
        "def save_and_reload(model, folder):\n    model.save_pretrained(folder)\n    return model",
        # the whole model saved, 90 MB
        '''\
def save_and_reload(model, folder):
    import pathlib
    import copy
    path = pathlib.Path(folder) / "full.pt"
    torch.save(model.state_dict(), path)
    fresh = copy.deepcopy(model)
    fresh.load_state_dict(torch.load(path, weights_only=True))
    return fresh.eval()''',
        # a fresh adapter on the fresh base: the trained one is never loaded
        '''\
from peft import LoraConfig, get_peft_model


def save_and_reload(model, folder):
    model.save_pretrained(folder)
    config = LoraConfig(task_type="SEQ_CLS", r=2, target_modules=["query", "value"])
    return get_peft_model(language.classifier(num_labels=4), config).eval()''',
        # saved, but the copy in memory is returned instead of what was saved
        '''\
import copy


def save_and_reload(model, folder):
    model.save_pretrained(folder)
    return copy.deepcopy(model).eval()''',
        # the adapter merged into the base and the merged model saved
        '''\
def save_and_reload(model, folder):
    import copy
    from transformers import AutoModelForSequenceClassification
    merged = copy.deepcopy(model).merge_and_unload()
    merged.save_pretrained(folder)
    return AutoModelForSequenceClassification.from_pretrained(folder).eval()''',
    ] + BLIND["p3.finetune.adapter_reload"]["wrong"],
    hints=[
        "A peft model's `save_pretrained(folder)` writes `adapter_config.json` and "
        "`adapter_model.safetensors` (a few hundred kB).",
        "Loading needs the same base: build a fresh `language.classifier(num_labels=4)`, then "
        "`PeftModel.from_pretrained(base, folder)`.",
        "Return the loaded model after `.eval()`, not the `model` you were given.",
    ],
)
def adapter_reload(answer):
    import tempfile
    from pathlib import Path

    import torch

    model, want = _check_model()
    with tempfile.TemporaryDirectory(prefix="pathway-adapter-") as folder:
        fresh = checks.returns(answer, model, folder, name="save_and_reload")
        sizes = {str(p.relative_to(folder)): p.stat().st_size for p in Path(folder).rglob("*") if p.is_file()}
    if fresh is model:
        raise Incorrect("save_and_reload returned the model it was given: load a new one from the folder")
    if getattr(fresh, "pathway_given", False) and sum(sizes.values()) <= 5_000_000:
        raise Incorrect("save_and_reload returned a copy of the model it was given, not a model loaded from "
                        "the folder: load the saved adapter with PeftModel.from_pretrained")
    if not sizes:
        raise Incorrect("save_and_reload wrote nothing into `folder`")
    biggest = max(sizes, key=sizes.get)
    if sum(sizes.values()) > 5_000_000:
        raise Incorrect(f"save_and_reload wrote {sum(sizes.values()) / 1e6:.0f} MB ({biggest} is the "
                        "biggest): save only the adapter (peft's save_pretrained), not the whole model")
    _peft_model(fresh, "the reloaded model")
    got = _logits(fresh, [t for t, _ in held_back()], "the reloaded model")
    if not torch.allclose(got, want, atol=1e-4):
        raise Incorrect("the reloaded model predicts differently from the saved one: load the saved "
                        "adapter (PeftModel.from_pretrained) onto a fresh base, rather than a new adapter")
    return (f"{sum(sizes.values()) / 1e3:.0f} kB on disk for a model whose encoder weighs 90 MB: one "
            "base model can serve many small adapters, one per task or customer.")
