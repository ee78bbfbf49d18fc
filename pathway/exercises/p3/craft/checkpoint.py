"""Phase 3, training craft: a checkpoint that resumes a run exactly where it stopped."""

from __future__ import annotations

import copy
import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ..deep import _torch
from ..deep._data import held_out_digits
from ..deep._torch import TORCH
from ._blind_b import CASES as BLIND
from ._craft import same_weights

SETUP = TORCH + "import tempfile\nfrom pathlib import Path\n"

_CHECKPOINT = """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({
        "model": model.state_dict(),
        "optimizer": optimizer.state_dict(),      # Adam's running averages, the step count
        "scheduler": scheduler.state_dict(),      # where the schedule is
        "epoch": epoch,
        "rng": torch.get_rng_state(),             # the next dropout masks and shuffles
        "cuda_rng": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else [],
    }, path)


def load_checkpoint(path, model, optimizer, scheduler):
    state = torch.load(path, weights_only=True)
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    torch.set_rng_state(state["rng"])
    if state["cuda_rng"]:
        torch.cuda.set_rng_state_all(state["cuda_rng"])
    return state["epoch"]


checkpointing = (save_checkpoint, load_checkpoint)"""

_EPOCHS, _STOP = 6, 3


def _parts(seed: int) -> tuple[Any, Any, Any]:
    """A model with dropout and batch norm, Adam, a step schedule: every piece of state matters."""
    import torch
    from torch import nn

    torch.manual_seed(seed)
    model = nn.Sequential(nn.Linear(64, 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.3),
                          nn.Linear(32, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=2, gamma=0.5)
    return model, optimizer, scheduler


def _loader() -> Any:
    import torch
    from torch.utils.data import DataLoader, TensorDataset


    X, y = held_out_digits()  # images the notebook never had
    data = TensorDataset(torch.as_tensor(X[:200]).flatten(1), torch.as_tensor(y[:200]))
    return DataLoader(data, batch_size=32, shuffle=True)  # shuffles with torch's global generator


def _epochs(model: Any, optimizer: Any, scheduler: Any, start: int, stop: int) -> None:
    import torch

    loader = _loader()
    for _ in range(start, stop):
        model.train()
        for xb, yb in loader:
            optimizer.zero_grad()
            torch.nn.functional.cross_entropy(model(xb), yb).backward()
            optimizer.step()
        scheduler.step()


@functools.cache
def _uninterrupted() -> Any:
    model, optimizer, scheduler = _parts(0)
    _epochs(model, optimizer, scheduler, 0, _EPOCHS)
    return model


def _resumed(save: Any, load: Any, folder: str) -> tuple[Any, Any]:
    """Three epochs, a checkpoint, new objects and random numbers, the rest: (model, epoch)."""
    import os

    import torch

    model, optimizer, scheduler = _parts(0)
    _epochs(model, optimizer, scheduler, 0, _STOP)
    path = os.path.join(folder, "checkpoint.pt")
    checks.call(save, path, model, optimizer, scheduler, _STOP, name="save_checkpoint")
    model, optimizer, scheduler = _parts(1234)  # another initialisation; the RNG moves on too
    epoch = checks.call(load, path, model, optimizer, scheduler, name="load_checkpoint")
    if not isinstance(epoch, int) or isinstance(epoch, bool):
        if isinstance(epoch, torch.Tensor) and epoch.numel() == 1:
            epoch = int(epoch)
        else:
            raise Incorrect(f"load_checkpoint returned {checks.type_name(epoch)}: return the number of "
                            "epochs already done, the int you saved")
    if epoch != _STOP:
        raise Incorrect(f"the checkpoint was saved after {_STOP} epochs (epoch={_STOP}), but "
                        f"load_checkpoint returned {epoch}: return the saved epoch")
    _epochs(model, optimizer, scheduler, epoch, _EPOCHS)
    return model, epoch


@functools.cache
def _forgetful() -> dict[str, Any]:
    """The reference resume with one piece of state left out, for each piece (to recognise the mistake)."""
    import os
    import tempfile

    import torch

    namespace: dict[str, Any] = {"torch": torch}
    exec(_CHECKPOINT, namespace)
    with tempfile.TemporaryDirectory() as folder:
        model, optimizer, scheduler = _parts(0)
        _epochs(model, optimizer, scheduler, 0, _STOP)
        path = os.path.join(folder, "checkpoint.pt")
        namespace["save_checkpoint"](path, model, optimizer, scheduler, _STOP)
        state = torch.load(path, weights_only=True)
    # A deep copy each: a loaded optimizer shares the state's tensors and updates them in place.
    return {forget: _forget(forget, copy.deepcopy(state)) for forget in ("optimizer", "scheduler", "rng")}


def _forget(forget: str, state: dict[str, Any]) -> Any:
    import torch

    model, optimizer, scheduler = _parts(1234)
    model.load_state_dict(state["model"])
    if forget != "optimizer":
        optimizer.load_state_dict(state["optimizer"])
    if forget != "scheduler":
        scheduler.load_state_dict(state["scheduler"])
    if forget != "rng":
        torch.set_rng_state(state["rng"])
    _epochs(model, optimizer, scheduler, _STOP, _EPOCHS)
    return model


_FORGOT = {
    "optimizer": "the resumed run differs: the optimizer's state was not restored. Adam keeps running "
                 "averages of the gradients (and a step count); without them it restarts cold",
    "scheduler": "the resumed run differs: the scheduler's state was not restored, so the learning rate "
                 "restarted from the beginning of the schedule",
    "rng": "the resumed run differs: the random-number state was not restored, so the dropout masks and "
           "the shuffling after the restart are not those of the uninterrupted run",
}


@exercise(
    "p3.craft.checkpoint_resume",
    title="Checkpoint and resume, bit for bit",
    prompt="Write `save_checkpoint(path, model, optimizer, scheduler, epoch)`, which saves to the file "
    "`path` everything a run needs to go on exactly as if it had not stopped (the model's, "
    "optimizer's and scheduler's states, the number of epochs done, and torch's random-number "
    "state), and `load_checkpoint(path, model, optimizer, scheduler)`, which restores all of it into "
    "freshly built objects and returns the number of epochs done. Set `checkpointing = "
    "(save_checkpoint, load_checkpoint)`. The check trains a network with dropout for 6 epochs in one "
    "go, and again with a stop after 3 and a resume into new objects; the weights must be equal bit "
    "for bit.",
    answer="checkpointing",
    setup=SETUP,
    solution=_CHECKPOINT,
    right=[
        """\
import pickle
import random


def save_checkpoint(path, model, optimizer, scheduler, epoch):
    state = {"epoch": epoch, "weights": model.state_dict(), "opt": optimizer.state_dict(),
             "sched": scheduler.state_dict(), "torch_rng": torch.get_rng_state(),
             "numpy_rng": np.random.get_state(), "python_rng": random.getstate()}   # every generator
    with open(path, "wb") as f:
        pickle.dump(state, f)


def load_checkpoint(path, model, optimizer, scheduler):
    with open(path, "rb") as f:
        state = pickle.load(f)
    model.load_state_dict(state["weights"])
    optimizer.load_state_dict(state["opt"])
    scheduler.load_state_dict(state["sched"])
    torch.set_rng_state(state["torch_rng"])
    np.random.set_state(state["numpy_rng"])
    random.setstate(state["python_rng"])
    return int(state["epoch"])


checkpointing = save_checkpoint, load_checkpoint""",
    ] + BLIND["p3.craft.checkpoint_resume"]["right"],
    wrong=[
        _CHECKPOINT.replace("    optimizer.load_state_dict(state[\"optimizer\"])\n", ""),
        _CHECKPOINT.replace("    scheduler.load_state_dict(state[\"scheduler\"])\n", ""),
        _CHECKPOINT.replace("    torch.set_rng_state(state[\"rng\"])\n", ""),
        _CHECKPOINT.replace("    return state[\"epoch\"]", "    return state[\"epoch\"] + 1   # the next "
                                                           "epoch"),
        """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model.state_dict(), "epoch": epoch}, path)


def load_checkpoint(path, model, optimizer, scheduler):
    state = torch.load(path, weights_only=True)
    model.load_state_dict(state["model"])
    return state["epoch"]


checkpointing = (save_checkpoint, load_checkpoint)""",
        _CHECKPOINT.replace('        "rng": torch.get_rng_state(),             # the next dropout masks and '
                            'shuffles\n',
                            '        "rng": torch.random.initial_seed(),\n')
        .replace('    torch.set_rng_state(state["rng"])', '    torch.manual_seed(state["rng"])'),
    ] + BLIND["p3.craft.checkpoint_resume"]["wrong"],
    hints=[
        "Models, optimizers and schedulers all have `state_dict()` and `load_state_dict(...)`; one "
        "`torch.save` of a dict holding them (and the epoch) writes a checkpoint.",
        "Dropout and a shuffling DataLoader draw from torch's random-number generator: "
        "`torch.get_rng_state()` is its whole state, a tensor you can save; `torch.set_rng_state` puts "
        "it back.",
        "Re-seeding with the original seed is not the same: it replays the first epochs' random numbers, "
        "not the ones the run would have drawn next.",
    ],
)
def checkpoint_resume(answer):
    import tempfile

    if not (isinstance(answer, tuple | list) and len(answer) == 2 and all(callable(f) for f in answer)):
        raise Incorrect(f"checkpointing is {checks.type_name(answer)}: set it to the pair of functions "
                        "(save_checkpoint, load_checkpoint)")
    save, load = answer
    with tempfile.TemporaryDirectory() as folder, _torch.time_limit(20, "the resumed run"):
        resumed, _ = _resumed(save, load, folder)
    whole = _uninterrupted()
    if same_weights(resumed, whole):
        return (f"the run stopped after {_STOP} epochs and resumed in new objects ends bit for bit where the "
                "uninterrupted one does: weights, batch-norm statistics, everything. That is what lets a "
                "long training survive a preempted GPU or a closed Colab tab.")
    for forget, model in _forgetful().items():
        if same_weights(resumed, model):
            raise Incorrect(_FORGOT[forget])
    raise Incorrect("the resumed run ends with other weights than the uninterrupted one: save and restore "
                    "the model, the optimizer, the scheduler and torch's random-number state")
