"""Answers by a second blind red team for notebook 03e, written from the prompts only.

For augment_train_only, checkpoint_resume, tf_pipeline.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
(The team's tf_export cases go in with that check's own rework, on another branch.)
"""

CASES: dict[str, dict[str, list[str]]] = {
    "p3.craft.augment_train_only": {
        "wrong": [
            r"""
def _shift(img, dy, dx):
    out = torch.zeros_like(img)
    h, w = img.shape[-2:]
    out[..., max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        img[..., max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out

class ShiftDS(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y
    def __len__(self):
        return len(self.X)
    def __getitem__(self, i):
        dy, dx = torch.randint(-1, 2, (2,)).tolist()
        return _shift(self.X[i], dy, dx), self.y[i]

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    train = DataLoader(ShiftDS(X_train, y_train), batch_size=batch_size, shuffle=True)
    val = DataLoader(ShiftDS(X_val, y_val), batch_size=batch_size, shuffle=False)
    return train, val""",
            r"""
def _shift(img, dy, dx):
    out = torch.zeros_like(img)
    h, w = img.shape[-2:]
    out[..., max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        img[..., max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out

class ShiftDS(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y
    def __len__(self):
        return len(self.X)
    def __getitem__(self, i):
        dy, dx = torch.randint(-1, 1, (2,)).tolist()
        return _shift(self.X[i], dy, dx), self.y[i]

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    train = DataLoader(ShiftDS(X_train, y_train), batch_size=batch_size, shuffle=True)
    val = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size, shuffle=False)
    return train, val""",
            r"""
def _shift(img, dy, dx):
    out = torch.zeros_like(img)
    h, w = img.shape[-2:]
    out[..., max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        img[..., max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out

class ShiftDS(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y
    def __len__(self):
        return len(self.X)
    def __getitem__(self, i):
        dy, dx = torch.randint(-1, 2, (2,)).tolist()
        return torch.roll(self.X[i], (dy, dx), dims=(-2, -1)), self.y[i]

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    train = DataLoader(ShiftDS(X_train, y_train), batch_size=batch_size, shuffle=True)
    val = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size, shuffle=False)
    return train, val""",
            r"""
def _shift(img, dy, dx):
    out = torch.zeros_like(img)
    h, w = img.shape[-2:]
    out[..., max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        img[..., max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out

class ShiftDS(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y
    def __len__(self):
        return len(self.X)
    def __getitem__(self, i):
        dy, dx = torch.randint(-1, 2, (2,)).tolist()
        return _shift(self.X[i], dy, dx), self.y[i]

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    train = DataLoader(ShiftDS(X_train, y_train), batch_size=batch_size, shuffle=False)
    val = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size, shuffle=False)
    return train, val""",
            r"""
def _shift(img, dy, dx):
    out = torch.zeros_like(img)
    h, w = img.shape[-2:]
    out[..., max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        img[..., max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out

class ShiftDS(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y
    def __len__(self):
        return len(self.X)
    def __getitem__(self, i):
        dy, dx = torch.randint(-1, 2, (2,)).tolist()
        return _shift(self.X[i], dy, dx), self.y[i]

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    train = DataLoader(ShiftDS(X_train, y_train), batch_size=batch_size, shuffle=True)
    val = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size, shuffle=True)
    return train, val""",
            r"""
def _shift(img, dy, dx):
    out = torch.zeros_like(img)
    h, w = img.shape[-2:]
    out[..., max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        img[..., max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out

def _collate(batch):
    xs = torch.stack([b[0] for b in batch]); ys = torch.stack([b[1] for b in batch])
    dy, dx = torch.randint(-1, 2, (2,)).tolist()
    return _shift(xs, dy, dx), ys

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    train = DataLoader(TensorDataset(X_train, y_train), batch_size=batch_size, shuffle=True,
                       collate_fn=_collate)
    val = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size)
    return train, val""",
            r"""
def _shift(img, dy, dx):
    out = torch.zeros_like(img)
    h, w = img.shape[-2:]
    out[..., max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        img[..., max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    shifts = torch.randint(-1, 2, (len(X_train), 2)).tolist()
    Xa = torch.stack([_shift(x, dy, dx) for x, (dy, dx) in zip(X_train, shifts)])
    train = DataLoader(TensorDataset(Xa, y_train), batch_size=batch_size, shuffle=True)
    val = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size)
    return train, val""",
            r"""
def _shift(img, dy, dx):
    out = torch.zeros_like(img)
    h, w = img.shape[-2:]
    out[..., max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        img[..., max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out

class ShiftDS(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y
    def __len__(self):
        return len(self.X)
    def __getitem__(self, i):
        dy, dx = torch.randint(-1, 2, (2,)).tolist()
        self.X[i] = _shift(self.X[i], dy, dx)
        return self.X[i], self.y[i]

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    train = DataLoader(ShiftDS(X_train, y_train), batch_size=batch_size, shuffle=True)
    val = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size, shuffle=False)
    return train, val""",
            r"""
def _shift(img, dy, dx):
    out = torch.zeros_like(img)
    h, w = img.shape[-2:]
    out[..., max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        img[..., max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out

class ShiftDS(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y
    def __len__(self):
        return len(self.X)
    def __getitem__(self, i):
        dy, dx = torch.randint(-1, 2, (2,), generator=torch.Generator().manual_seed(int(i))).tolist()
        return _shift(self.X[i], dy, dx), self.y[i]

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    train = DataLoader(ShiftDS(X_train, y_train), batch_size=batch_size, shuffle=True)
    val = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size, shuffle=False)
    return train, val""",
        ],
        "right": [
            """\
import torch.nn.functional as F

def _collate_shift(batch):
    xs = torch.stack([b[0] for b in batch])
    ys = torch.stack([b[1] for b in batch])
    h, w = xs.shape[-2:]
    padded = F.pad(xs, (1, 1, 1, 1))
    out = torch.empty_like(xs)
    d = torch.randint(-1, 2, (len(xs), 2))
    for k in range(len(xs)):
        dy, dx = int(d[k, 0]), int(d[k, 1])
        out[k] = padded[k, :, 1 - dy:1 - dy + h, 1 - dx:1 - dx + w]
    return out, ys

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    train_loader = DataLoader(TensorDataset(X_train, y_train), batch_size=batch_size,
                              shuffle=True, collate_fn=_collate_shift)
    val_loader = DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size, shuffle=False)
    return train_loader, val_loader""",
            """\
class Jitter(Dataset):
    def __init__(self, X, y, augment):
        self.X, self.y, self.augment = X, y, augment
    def __len__(self):
        return self.X.shape[0]
    def __getitem__(self, i):
        img = self.X[i].clone()
        if self.augment:
            dy = int(torch.randint(3, ()).item()) - 1
            dx = int(torch.randint(3, ()).item()) - 1
            img = torch.roll(img, shifts=(dy, dx), dims=(-2, -1))
            if dy == 1: img[..., 0, :] = 0
            if dy == -1: img[..., -1, :] = 0
            if dx == 1: img[..., :, 0] = 0
            if dx == -1: img[..., :, -1] = 0
        return img, self.y[i]

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    return (DataLoader(Jitter(X_train, y_train, True), batch_size, shuffle=True),
            DataLoader(Jitter(X_val, y_val, False), batch_size, shuffle=False))""",
        ],
    },
    "p3.craft.checkpoint_resume": {
        "wrong": [
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epoch": epoch}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    ck = torch.load(path, weights_only=False)
    model.load_state_dict(ck["model"])
    optimizer.load_state_dict(ck["optimizer"])
    scheduler.load_state_dict(ck["scheduler"])
    return ck["epoch"]

checkpointing = (save_checkpoint, load_checkpoint)""",
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epoch": epoch,
                "rng": torch.get_rng_state()}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    ck = torch.load(path, weights_only=False)
    model.load_state_dict(ck["model"])
    optimizer.load_state_dict(ck["optimizer"])
    scheduler.load_state_dict(ck["scheduler"])
    return ck["epoch"]

checkpointing = (save_checkpoint, load_checkpoint)""",
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epoch": epoch,
                "rng": torch.get_rng_state()}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    ck = torch.load(path, weights_only=False)
    model.load_state_dict(ck["model"])
    scheduler.load_state_dict(ck["scheduler"])
    torch.set_rng_state(ck["rng"])
    return ck["epoch"]

checkpointing = (save_checkpoint, load_checkpoint)""",
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epoch": epoch,
                "rng": torch.get_rng_state()}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    ck = torch.load(path, weights_only=False)
    model.load_state_dict(ck["model"])
    optimizer.load_state_dict(ck["optimizer"])
    torch.set_rng_state(ck["rng"])
    return ck["epoch"]

checkpointing = (save_checkpoint, load_checkpoint)""",
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epoch": epoch,
                "rng": torch.get_rng_state()}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    ck = torch.load(path, weights_only=False)
    model.load_state_dict(ck["model"])
    optimizer.load_state_dict(ck["optimizer"])
    scheduler.load_state_dict(ck["scheduler"])
    torch.set_rng_state(ck["rng"])
    return ck["epoch"] + 1

checkpointing = (save_checkpoint, load_checkpoint)""",
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epoch": epoch,
                "rng": np.random.get_state()}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    ck = torch.load(path, weights_only=False)
    model.load_state_dict(ck["model"])
    optimizer.load_state_dict(ck["optimizer"])
    scheduler.load_state_dict(ck["scheduler"])
    np.random.set_state(ck["rng"])
    return ck["epoch"]

checkpointing = (save_checkpoint, load_checkpoint)""",
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(), "epoch": epoch,
                "rng": torch.get_rng_state()}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    ck = torch.load(path, weights_only=False)
    model.load_state_dict(ck["model"])
    optimizer.load_state_dict(ck["optimizer"])
    scheduler.load_state_dict(ck["scheduler"])
    torch.set_rng_state(torch.get_rng_state())
    return ck["epoch"]

checkpointing = (save_checkpoint, load_checkpoint)""",
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model.state_dict(), "epoch": epoch, "rng": torch.get_rng_state()}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    ck = torch.load(path)
    model.load_state_dict(ck["model"])
    torch.set_rng_state(ck["rng"])
    return ck["epoch"]

checkpointing = (save_checkpoint, load_checkpoint)""",
        ],
        "right": [
            """\
import random

def save_checkpoint(path, model, optimizer, scheduler, epoch):
    state = {
        "epoch": int(epoch),
        "model_state": model.state_dict(),
        "optim_state": optimizer.state_dict(),
        "sched_state": scheduler.state_dict(),
        "torch_rng": torch.random.get_rng_state(),
        "py_rng": random.getstate(),
    }
    torch.save(state, str(path))

def load_checkpoint(path, model, optimizer, scheduler):
    state = torch.load(str(path), map_location="cpu", weights_only=True)
    model.load_state_dict(state["model_state"])
    optimizer.load_state_dict(state["optim_state"])
    scheduler.load_state_dict(state["sched_state"])
    torch.random.set_rng_state(state["torch_rng"])
    random.setstate(state["py_rng"])
    return state["epoch"]

checkpointing = (save_checkpoint, load_checkpoint)""",
            """\
def _save(path, model, optimizer, scheduler, epoch):
    blob = (epoch, torch.get_rng_state().clone(), model.state_dict(),
            optimizer.state_dict(), scheduler.state_dict())
    with open(path, "wb") as f:
        torch.save(blob, f)

def _load(path, model, optimizer, scheduler):
    with open(path, "rb") as f:
        epoch, rng, m, o, s = torch.load(f, weights_only=False)
    torch.set_rng_state(rng)
    scheduler.load_state_dict(s)
    optimizer.load_state_dict(o)
    model.load_state_dict(m)
    return epoch

save_checkpoint, load_checkpoint = _save, _load
checkpointing = (save_checkpoint, load_checkpoint)""",
        ],
    },
    "p3.craft.tf_pipeline": {
        "wrong": [
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.cache().batch(batch_size)
    if training:
        ds = ds.shuffle(int(ds.cardinality()), seed=seed)
    return ds.prefetch(tf.data.AUTOTUNE)""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    if training:
        ds = ds.shuffle(int(ds.cardinality()), seed=seed)
    ds = ds.cache().batch(batch_size)
    return ds.prefetch(tf.data.AUTOTUNE)""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    if training:
        n = int(ds.cardinality())
        ds = ds.shuffle(n, seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size)
    return ds.prefetch(tf.data.AUTOTUNE)""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.cache()
    if training:
        n = int(ds.cardinality())
        ds = ds.shuffle(n, seed=seed, reshuffle_each_iteration=False)
    ds = ds.batch(batch_size)
    return ds.prefetch(tf.data.AUTOTUNE)""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.cache()
    if training:
        n = int(ds.cardinality())
        ds = ds.shuffle(batch_size, seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size)
    return ds.prefetch(tf.data.AUTOTUNE)""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.cache()
    if training:
        n = int(ds.cardinality())
        ds = ds.shuffle(n, seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size, drop_remainder=True)
    return ds.prefetch(tf.data.AUTOTUNE)""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.cache().prefetch(tf.data.AUTOTUNE)
    if training:
        ds = ds.shuffle(int(ds.cardinality()), seed=seed)
    return ds.batch(batch_size)""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.cache()
    if True:
        n = int(ds.cardinality())
        ds = ds.shuffle(n, seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size)
    return ds.prefetch(tf.data.AUTOTUNE)""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    ds = ds.cache()
    if training:
        n = int(ds.cardinality())
        ds = ds.shuffle(n, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size)
    return ds.prefetch(tf.data.AUTOTUNE)""",
        ],
        "right": [
            """\
import tempfile, os as _os
def make_pipeline(ds, batch_size, training, seed=0):
    cache_file = _os.path.join(tempfile.mkdtemp(prefix="tfcache_"), "cache")
    out = ds.cache(cache_file)
    if training:
        out = out.shuffle(buffer_size=1_000_000, seed=seed)
    out = out.batch(batch_size, drop_remainder=False)
    out = out.prefetch(1)
    return out""",
            """\
def make_pipeline(ds, batch_size, training, seed=0):
    cached = ds.cache()
    if not training:
        return cached.batch(batch_size).prefetch(buffer_size=tf.data.AUTOTUNE)
    n = int(cached.cardinality().numpy())
    if n < 0:
        n = int(cached.reduce(0, lambda c, _: c + 1).numpy())
    shuffled = cached.shuffle(buffer_size=max(n, 1), seed=seed, reshuffle_each_iteration=True)
    return shuffled.batch(batch_size).prefetch(tf.data.AUTOTUNE)""",
        ],
    },
}
