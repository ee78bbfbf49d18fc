"""Phase 3, training craft: data augmentation on the training batches, and only there."""

from __future__ import annotations

import functools
from collections import Counter
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from ..deep import _torch
from ..deep._data import held_out_digits
from ..deep._torch import TORCH
from ._blind_b import CASES as BLIND

SETUP = TORCH + """\
X_all, y_all = (torch.as_tensor(a) for a in deep.digits_images())   # (1347, 1, 8, 8), (1347,)
X_tr, y_tr, X_va, y_va = X_all[:1000], y_all[:1000], X_all[1000:], y_all[1000:]
"""

_LOADERS = """\
def shift(images):
    \"\"\"Each image moved by its own random (dy, dx) in {-1, 0, 1}², zeros filling what moves in.\"\"\"
    n, _, h, w = images.shape
    padded = nn.functional.pad(images, (1, 1, 1, 1))          # a border of zeros all round
    dy, dx = torch.randint(0, 3, (n,)), torch.randint(0, 3, (n,))
    return torch.stack([padded[i, :, dy[i]:dy[i] + h, dx[i]:dx[i] + w] for i in range(n)])


def augmented(batch):
    xb, yb = torch.utils.data.default_collate(batch)          # the usual stacking, then the shift
    return shift(xb), yb


def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    train = DataLoader(TensorDataset(X_train, y_train), batch_size=batch_size, shuffle=True,
                       collate_fn=augmented)
    val = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size)   # untouched, in order
    return train, val"""

# Pieces of the reference that the wrong answers change.
_PAD_AND_CUT = """\
    padded = nn.functional.pad(images, (1, 1, 1, 1))          # a border of zeros all round
    dy, dx = torch.randint(0, 3, (n,)), torch.randint(0, 3, (n,))
    return torch.stack([padded[i, :, dy[i]:dy[i] + h, dx[i]:dx[i] + w] for i in range(n)])"""
_ROLL = """\
    dy, dx = torch.randint(-1, 2, (n,)), torch.randint(-1, 2, (n,))
    return torch.stack([torch.roll(images[i], (int(dy[i]), int(dx[i])), dims=(1, 2)) for i in range(n)])"""
_TRAIN = """\
    train = DataLoader(TensorDataset(X_train, y_train), batch_size=batch_size, shuffle=True,
                       collate_fn=augmented)"""

_SHIFTS = tuple((dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1))


def _moved(image: Any, dy: int, dx: int, wrap: bool = False) -> Any:
    """`image` (c, h, w) moved down dy and right dx, zeros filling in (or wrapping round)."""
    import torch

    if wrap:
        return torch.roll(image, (dy, dx), dims=(1, 2))
    h, w = image.shape[1:]
    padded = torch.nn.functional.pad(image, (1, 1, 1, 1))
    return padded[:, 1 - dy:1 - dy + h, 1 - dx:1 - dx + w]


@functools.cache
def _data() -> tuple[Any, Any, Any, Any]:
    """60 distinct training and 30 validation images from the held-out digits (never handed out)."""
    import torch

    X, y = held_out_digits()
    seen, rows = set(), []
    for i, image in enumerate(X):
        if image.tobytes() not in seen:
            seen.add(image.tobytes())
            rows.append(i)
    X, y = torch.as_tensor(X[rows]), torch.as_tensor(y[rows])
    return X[:60], y[:60], X[60:90], y[60:90]


@functools.cache
def _lookup(wrap: bool) -> dict[bytes, tuple[int, tuple[int, int]]]:
    X = _data()[0]
    table = {}
    for i, image in enumerate(X):
        for s in reversed(_SHIFTS):  # (0, 0) last, so an image that equals itself moved counts as unmoved
            table[_moved(image, *s, wrap=wrap).numpy().tobytes()] = (i, s)
    return table


def _epoch(loader: Any, what: str) -> list[tuple[Any, Any]]:
    import torch

    batches = []
    try:
        for batch in loader:
            xb, yb = batch[0], batch[1]
            if not (isinstance(xb, torch.Tensor) and isinstance(yb, torch.Tensor)):
                raise Incorrect(f"{what} yields {checks.type_name(xb)} batches: yield (images, labels) "
                                f"tensors")
            batches.append((xb.detach().cpu(), yb.detach().cpu()))
    except Incorrect:
        raise
    except Exception as exc:
        raise Incorrect(f"iterating {what} failed: {type(exc).__name__}: "
                        f"{checks.short(str(exc), 200)}") from None
    return batches


@exercise(
    "p3.craft.augment_train_only",
    title="Augment the training batches, and nothing else",
    prompt="Complete `make_loaders(X_train, y_train, X_val, y_val, batch_size)` for images (n, 1, h, w): "
    "return `(train_loader, val_loader)`, two DataLoaders of (images, labels) batches. The training "
    "loader shuffles and, every time it hands out an image, moves that image by its own random "
    "(dy, dx), each in {-1, 0, 1}, with zeros filling the row and column that move in (pixels that "
    "move out are lost). The validation loader hands out the validation images exactly as they are, "
    "in their order. Neither may change the tensors it was given. The check builds the loaders from "
    "images of its own and reads two epochs.",
    answer="make_loaders",
    setup=SETUP,
    solution=_LOADERS,
    right=[
        """\
class Digits(Dataset):
    def __init__(self, X, y, augment):
        self.X, self.y, self.augment = X, y, augment

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        image = self.X[i]
        if self.augment:                                   # a fresh shift on every access
            padded = nn.functional.pad(image, (1, 1, 1, 1))
            top, left = torch.randint(0, 3, (2,)).tolist()
            image = padded[:, top:top + image.shape[1], left:left + image.shape[2]]
        return image, self.y[i]


def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    return (DataLoader(Digits(X_train, y_train, augment=True), batch_size=batch_size, shuffle=True),
            DataLoader(Digits(X_val, y_val, augment=False), batch_size=batch_size, shuffle=False))""",
        """\
def roll_and_clear(image, dy, dx):
    moved = torch.roll(image, shifts=(dy, dx), dims=(1, 2)).clone()
    if dy == 1:
        moved[:, 0] = 0                  # the row that wrapped round from the bottom
    elif dy == -1:
        moved[:, -1] = 0
    if dx == 1:
        moved[:, :, 0] = 0
    elif dx == -1:
        moved[:, :, -1] = 0
    return moved


def collate(batch):
    images = [roll_and_clear(x, *torch.randint(-1, 2, (2,)).tolist()) for x, _ in batch]
    return torch.stack(images), torch.stack([y for _, y in batch])


def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    train_loader = DataLoader(list(zip(X_train, y_train)), batch_size, shuffle=True, collate_fn=collate)
    val_loader = DataLoader(TensorDataset(X_val, y_val), batch_size)
    return train_loader, val_loader""",
    ] + BLIND["p3.craft.augment_train_only"]["right"],
    wrong=[
        _LOADERS.replace("    val = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size)",
                         "    val = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size, "
                         "collate_fn=augmented)"),
        _LOADERS.replace("    val = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size)",
                         "    val = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size, "
                         "shuffle=True)"),
        _LOADERS.replace(_PAD_AND_CUT, _ROLL),
        _LOADERS.replace("    dy, dx = torch.randint(0, 3, (n,)), torch.randint(0, 3, (n,))",
                         "    dy, dx = torch.randint(0, 3, (1,)).repeat(n), torch.randint(0, 3, "
                         "(1,)).repeat(n)"),
        _LOADERS.replace(_TRAIN, "    train = DataLoader(TensorDataset(shift(X_train), y_train), "
                                 "batch_size=batch_size, shuffle=True)"),
        """\
class Shifted(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y

    def __len__(self):
        return len(self.X)

    def __getitem__(self, i):
        dy, dx = torch.randint(-1, 2, (2,)).tolist()
        moved = torch.zeros_like(self.X[i])
        h, w = moved.shape[1:]
        moved[:, max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \\
            self.X[i][:, max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
        self.X[i] = moved                  # keeps the shifted image: the next epoch shifts it again
        return moved, self.y[i]


def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    return (DataLoader(Shifted(X_train, y_train), batch_size=batch_size, shuffle=True),
            DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size))""",
        _LOADERS.replace("shuffle=True,\n                       collate_fn", "collate_fn"),
        _LOADERS.replace(_TRAIN, "    train = DataLoader(TensorDataset(X_train, y_train), "
                                 "batch_size=batch_size, shuffle=True)"),
    ] + BLIND["p3.craft.augment_train_only"]["wrong"],
    hints=[
        "A DataLoader calls its dataset's `__getitem__` for every image and its `collate_fn` for every "
        "batch, each epoch anew: either is a place to draw a fresh random shift.",
        "Pad the image with one row and column of zeros on every side (`nn.functional.pad`), then cut "
        "an (h, w) window starting at a random offset of 0, 1 or 2 in each direction.",
        "The validation loader needs none of this: the plain TensorDataset, no shuffle.",
    ],
)
def augment_train_only(answer):
    import torch

    X_tr, y_tr, X_va, y_va = _data()
    given = tuple(t.clone() for t in (X_tr, y_tr, X_va, y_va))
    with _torch.time_limit(10, "make_loaders"):
        torch.manual_seed(5)
        loaders = checks.returns(answer, *given, 16, name="make_loaders")
        if not (isinstance(loaders, tuple | list) and len(loaders) == 2):
            raise Incorrect(f"make_loaders returned {checks.type_name(loaders)}: return the pair "
                            "(train_loader, val_loader)")
        train, val = loaders
        val_before = _epoch(val, "the validation loader")
        epochs = [_epoch(train, "the training loader") for _ in range(2)]
        val_after = _epoch(val, "the validation loader")
    for got in (val_before, val_after):
        _check_val(got, X_va, y_va)
    for name, mine, kept in zip(("X_train", "y_train", "X_val", "y_val"), given, (X_tr, y_tr, X_va, y_va)):
        if not torch.equal(mine, kept):
            raise Incorrect(f"the loaders changed the {name} tensor they were given: augment a copy, so the "
                            "data stays as it was for the next epoch (and for everyone else)")
    seen = [_originals(batches) for batches in epochs]
    if dict(seen[0]) == dict(seen[1]):
        raise Incorrect("both epochs handed out the same images with the same shifts: draw the random shift "
                        "each time an image is handed out, not once when the loader is built")
    if [i for i, _ in seen[0]] == list(range(len(X_tr))):
        raise Incorrect("the training loader hands the images out in their order: shuffle them")
    moved = sum(s != (0, 0) for epoch in seen for _, s in epoch) / (2 * len(X_tr))
    if moved < 0.5:
        raise Incorrect(f"only {moved:.0%} of the training images were moved: each should get a random "
                        "(dy, dx), which is (0, 0) only one time in nine")
    if all(len({s for _, s in _match([batch])}) == 1 for batches in epochs for batch in batches):
        raise Incorrect("every batch moves all its images by the same (dy, dx): give each image its own "
                        "shift")
    return (f"{moved:.0%} of the training images were moved, differently each epoch, while the validation "
            "images came out exactly as given, in order. Augmentation is made-up variety for the model to "
            "learn from; the validation score must measure the images as they really are.")


def _check_val(batches: list[tuple[Any, Any]], X: Any, y: Any) -> None:
    import torch

    if not batches:
        raise Incorrect("the validation loader yields no batches")
    xs, ys = torch.cat([b[0] for b in batches]), torch.cat([b[1] for b in batches])
    if xs.shape == X.shape and torch.equal(xs, X) and torch.equal(ys, y):
        return
    if xs.shape == X.shape and sorted(map(bytes, xs.numpy().reshape(len(xs), -1))) == sorted(
            map(bytes, X.numpy().reshape(len(X), -1))):
        raise Incorrect("the validation loader shuffles: hand the validation images out in their order "
                        "(the order cannot change the score, but it must not change run to run either)")
    raise Incorrect("the validation loader hands out images that differ from the validation images: the "
                    "validation path must stay untouched (no augmentation), or its score says nothing "
                    "about real images")


def _match(batches: list[tuple[Any, Any]]) -> list[tuple[int, tuple[int, int]]]:
    """For each image handed out, (which training image, which shift), or Incorrect."""
    X, y = _data()[:2]
    table, rolled = _lookup(False), _lookup(True)
    found = []
    for xb, yb in batches:
        if xb.ndim != 4 or tuple(xb.shape[1:]) != tuple(X.shape[1:]):
            raise Incorrect(f"a training batch has shape {tuple(xb.shape)}: expected (n, "
                            f"{', '.join(map(str, X.shape[1:]))})")
        for image, label in zip(xb, yb):
            key = image.float().numpy().tobytes()
            if key not in table:
                if key in rolled:
                    raise Incorrect("a training image came back with pixels wrapped round from the other "
                                    "edge (torch.roll): fill the row and column that move in with zeros")
                raise Incorrect("a training batch holds an image that is not a training image moved by at "
                                "most one pixel (with zeros filling in)")
            i, s = table[key]
            if int(label) != int(y[i]):
                raise Incorrect("a training image came out with another image's label: move the images, "
                                "keep each with its own label")
            found.append((i, s))
    return found


def _originals(batches: list[tuple[Any, Any]]) -> list[tuple[int, tuple[int, int]]]:
    """An epoch's (training image, shift) pairs, checked to hand out every training image once."""
    X = _data()[0]
    found = _match(batches)
    counts = Counter(i for i, _ in found)
    if len(found) != len(X) or set(counts.values()) != {1}:
        raise Incorrect(f"an epoch of the training loader handed out {len(found)} images, "
                        f"{len(counts)} of them different, for {len(X)} training images: each exactly once")
    return found
