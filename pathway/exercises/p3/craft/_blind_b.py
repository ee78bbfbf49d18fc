"""Blind red-team answers for notebook 03e: written from the prompts and setups only.

For clip_grad, augment_train_only, autocast_step, checkpoint_resume.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
"""

CASES: dict[str, dict[str, list[str]]] = {
    "p3.craft.clip_grad": {
        "wrong": [
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    optimizer.step()
    return loss.item()""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    total = sum(p.grad.norm() for p in model.parameters())
    torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    optimizer.step()
    return float(total)""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(xb), yb).backward()
    grads = [p.grad for p in model.parameters()]
    total = torch.sqrt(sum((g ** 2).sum() for g in grads))
    for g in grads:
        g.mul_(max_norm / total)
    optimizer.step()
    return total.item()""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(xb), yb).backward()
    params = list(model.parameters())
    norm = torch.nn.utils.clip_grad_norm_(params[:-2], max_norm)
    optimizer.step()
    return float(norm)""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(xb), yb).backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0, norm_type=max_norm)
    optimizer.step()
    return float(norm)""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    optimizer.zero_grad()
    optimizer.step()
    return float(norm)""",
        ],
        "right": [
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    for p in model.parameters():
        p.grad = None
    logits = model(xb)
    loss = nn.CrossEntropyLoss()(logits, yb)
    loss.backward()
    norm = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=max_norm, norm_type=2.0)
    optimizer.step()
    return norm.item()""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    nn.functional.cross_entropy(model(xb), yb).backward()
    grads = [p.grad for p in model.parameters() if p.grad is not None]
    total = torch.linalg.vector_norm(torch.cat([g.flatten() for g in grads]))
    scale = min(1.0, max_norm / (float(total) + 1e-6))
    for g in grads:
        g.mul_(scale)
    optimizer.step()
    return float(total)""",
        ],
    },
    "p3.craft.augment_train_only": {
        "wrong": [
            """\
def aug(x):
    dy, dx = torch.randint(-1, 2, (2,)).tolist()
    p = nn.functional.pad(x, (1, 1, 1, 1))
    out = p[:, 1 - dy:1 - dy + x.shape[1], 1 - dx:1 - dx + x.shape[2]]
    return torch.flip(out, dims=[2]) if torch.rand(()) < 0.5 else out

class DS(Dataset):
    def __init__(self, X, y, train):
        self.X, self.y, self.train = X, y, train
    def __len__(self):
        return len(self.X)
    def __getitem__(self, i):
        return (aug(self.X[i]) if self.train else self.X[i]), self.y[i]

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    return (DataLoader(DS(X_train, y_train, True), batch_size, shuffle=True),
            DataLoader(DS(X_val, y_val, False), batch_size))""",
            """\
class DS(Dataset):
    def __init__(self, X, y, train):
        self.X, self.y, self.train = X, y, train
    def __len__(self):
        return len(self.X)
    def __getitem__(self, i):
        x = self.X[i]
        if self.train:
            p = nn.functional.pad(x, (2, 2, 2, 2))
            a, b = torch.randint(0, 5, (2,)).tolist()
            x = p[:, a:a + x.shape[1], b:b + x.shape[2]]
        return x, self.y[i]

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    return (DataLoader(DS(X_train, y_train, True), batch_size, shuffle=True),
            DataLoader(DS(X_val, y_val, False), batch_size))""",
            """\
def collate(batch):
    xs = []
    for x, _ in batch:
        p = nn.functional.pad(x, (1, 1, 1, 1))
        a, b = torch.randint(0, 3, (2,)).tolist()
        xs.append(p[:, a:a + x.shape[1], b:b + x.shape[2]])
    return torch.stack(xs), torch.stack([y for _, y in batch])

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    return (DataLoader(TensorDataset(X_train, y_train), batch_size, shuffle=True, collate_fn=collate),
            DataLoader(TensorDataset(X_val, y_val), batch_size, drop_last=True))""",
            """\
class DS(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y
        self.shifts = torch.randint(0, 3, (len(X), 2))
    def __len__(self):
        return len(self.X)
    def __getitem__(self, i):
        x = self.X[i]
        p = nn.functional.pad(x, (1, 1, 1, 1))
        a, b = self.shifts[i].tolist()
        return p[:, a:a + x.shape[1], b:b + x.shape[2]], self.y[i]

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    return (DataLoader(DS(X_train, y_train), batch_size, shuffle=True),
            DataLoader(TensorDataset(X_val, y_val), batch_size))""",
            """\
def collate(batch):
    xs = torch.stack([x for x, _ in batch])
    ys = torch.stack([y for _, y in batch])
    p = nn.functional.pad(xs, (1, 1, 1, 1))
    out = []
    for i in range(len(xs)):
        a, b = torch.randint(0, 3, (2,)).tolist()
        out.append(p[i, :, a:a + xs.shape[2], b:b + xs.shape[3]])
    perm = torch.randperm(len(ys))
    return torch.stack(out), ys[perm]

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    return (DataLoader(TensorDataset(X_train, y_train), batch_size, shuffle=True, collate_fn=collate),
            DataLoader(TensorDataset(X_val, y_val), batch_size))""",
            """\
def collate(batch):
    xs = []
    for x, _ in batch:
        p = nn.functional.pad(x, (1, 1, 1, 1))
        a, b = torch.randint(0, 3, (2,)).tolist()
        xs.append(p[:, a:a + x.shape[1], b:b + x.shape[2]])
    return torch.stack(xs), torch.stack([y for _, y in batch])

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    return (DataLoader(TensorDataset(X_train, y_train), batch_size, shuffle=True, collate_fn=collate),
            DataLoader(TensorDataset(X_train[:len(X_val)], y_train[:len(y_val)]), batch_size))""",
        ],
        "right": [
            """\
def shift_one(x):
    dy, dx = int(torch.randint(-1, 2, ())), int(torch.randint(-1, 2, ()))
    out = torch.zeros_like(x)
    h, w = x.shape[-2:]
    out[..., max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \\
        x[..., max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out

class Aug(Dataset):
    def __init__(self, X, y):
        self.X, self.y = X, y
    def __len__(self):
        return len(self.y)
    def __getitem__(self, i):
        return shift_one(self.X[i]), self.y[i]

def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    return (DataLoader(Aug(X_train, y_train), batch_size=batch_size, shuffle=True),
            DataLoader(TensorDataset(X_val, y_val), batch_size=batch_size, shuffle=False))""",
            """\
def make_loaders(X_train, y_train, X_val, y_val, batch_size):
    def collate(items):
        xs = torch.stack([a for a, _ in items]).clone()
        ys = torch.stack([b for _, b in items])
        padded = nn.functional.pad(xs, (1, 1, 1, 1))
        h, w = xs.shape[-2:]
        offs = torch.randint(0, 3, (len(xs), 2))
        return torch.stack([padded[k, :, o[0]:o[0] + h, o[1]:o[1] + w] for k, o in enumerate(offs)]), ys
    train = DataLoader(list(zip(X_train, y_train)), batch_size=batch_size, shuffle=True,
                       collate_fn=collate)
    val = DataLoader(list(zip(X_val, y_val)), batch_size=batch_size)
    return train, val""",
        ],
    },
    "p3.craft.autocast_step": {
        "wrong": [
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    with torch.autocast(xb.device.type, dtype=torch.float16):
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(xb), yb)
        loss.backward()
        optimizer.step()
    return loss.item()""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    model.bfloat16()
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(xb.bfloat16()).float(), yb)
    loss.backward()
    optimizer.step()
    return loss.item()""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    optimizer.zero_grad()
    with torch.autocast(device_type=xb.device.type, dtype=torch.bfloat16):
        loss = nn.functional.cross_entropy(model(xb), yb)
    scaler.scale(loss).backward()
    scaler.step(optimizer)
    scaler.update()
    return loss.item()""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    optimizer.zero_grad()
    with torch.autocast(device_type=xb.device.type, dtype=torch.bfloat16, enabled=xb.is_cuda):
        loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    optimizer.step()
    return loss.item()""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    optimizer.zero_grad()
    with torch.autocast(device_type=xb.device.type, dtype=torch.bfloat16):
        loss = nn.functional.cross_entropy(model(xb), yb, reduction="sum")
    loss.backward()
    optimizer.step()
    return loss.item()""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    optimizer.zero_grad()
    with torch.autocast(device_type=xb.device.type, dtype=torch.bfloat16):
        loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    optimizer.step()
    optimizer.step()
    return loss.item()""",
        ],
        "right": [
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    device_type = "cuda" if xb.device.type == "cuda" else "cpu"
    dtype = torch.float16 if device_type == "cuda" else torch.bfloat16
    optimizer.zero_grad(set_to_none=True)
    with torch.autocast(device_type=device_type, dtype=dtype):
        out = model(xb)
        loss = nn.CrossEntropyLoss()(out, yb)
    if scaler:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        optimizer.step()
    return float(loss)""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    ctx = torch.autocast(xb.device.type, torch.float16 if xb.is_cuda else torch.bfloat16)
    with ctx:
        loss = nn.functional.cross_entropy(model(xb), yb)
    optimizer.zero_grad()
    if scaler is not None:
        scaler.scale(loss).backward(); scaler.step(optimizer); scaler.update()
    else:
        loss.backward(); optimizer.step()
    return loss.detach().float().item()""",
        ],
    },
    "p3.craft.checkpoint_resume": {
        "wrong": [
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"m": model.state_dict(), "o": optimizer.state_dict(), "s": scheduler.state_dict(),
                "e": epoch}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    st = torch.load(path)
    model.load_state_dict(st["m"])
    optimizer.load_state_dict(st["o"])
    scheduler.load_state_dict(st["s"])
    torch.manual_seed(0)
    return st["e"]

checkpointing = (save_checkpoint, load_checkpoint)""",
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model, "opt": optimizer.state_dict(), "sch": scheduler.state_dict(),
                "rng": torch.get_rng_state(), "epoch": epoch}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    st = torch.load(path, weights_only=False)
    model = st["model"]
    optimizer.load_state_dict(st["opt"])
    scheduler.load_state_dict(st["sch"])
    torch.set_rng_state(st["rng"])
    return st["epoch"]

checkpointing = (save_checkpoint, load_checkpoint)""",
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model.state_dict(), "lr": [g["lr"] for g in optimizer.param_groups],
                "sch": scheduler.state_dict(), "rng": torch.get_rng_state(), "epoch": epoch}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    st = torch.load(path)
    model.load_state_dict(st["model"])
    for g, lr in zip(optimizer.param_groups, st["lr"]):
        g["lr"] = lr
    scheduler.load_state_dict(st["sch"]); torch.set_rng_state(st["rng"])
    return st["epoch"]

checkpointing = (save_checkpoint, load_checkpoint)""",
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model.state_dict(), "opt": optimizer.state_dict(), "sch": scheduler.state_dict(),
                "rng": torch.get_rng_state(), "epoch": epoch}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    st = torch.load(path)
    torch.set_rng_state(st["rng"])
    for m in model.modules():
        if hasattr(m, "reset_parameters"):
            m.reset_parameters()
    model.load_state_dict(st["model"])
    optimizer.load_state_dict(st["opt"])
    scheduler.load_state_dict(st["sch"])
    return st["epoch"]

checkpointing = (save_checkpoint, load_checkpoint)""",
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model.state_dict(), "opt": optimizer.state_dict(), "sch": scheduler.state_dict(),
                "rng": torch.get_rng_state(), "epoch": epoch}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    st = torch.load(path)
    model.load_state_dict(st["model"])
    optimizer.load_state_dict(st["opt"])
    scheduler.load_state_dict(st["sch"])
    torch.set_rng_state(st["rng"])

checkpointing = (save_checkpoint, load_checkpoint)""",
            """\
def save_checkpoint(path, model, optimizer, scheduler, epoch):
    torch.save({"model": model.state_dict(), "opt": optimizer.state_dict(),
                "rng": torch.get_rng_state(), "epoch": epoch}, path)

def load_checkpoint(path, model, optimizer, scheduler):
    st = torch.load(path)
    model.load_state_dict(st["model"]); optimizer.load_state_dict(st["opt"])
    for _ in range(st["epoch"] - 1):
        scheduler.step()
    torch.set_rng_state(st["rng"])
    return st["epoch"]

checkpointing = (save_checkpoint, load_checkpoint)""",
        ],
        "right": [
            """\
import io

def save_checkpoint(path, model, optimizer, scheduler, epoch):
    state = dict(model=model.state_dict(), optimizer=optimizer.state_dict(), scheduler=scheduler.state_dict(),
                 epoch=epoch, rng=torch.random.get_rng_state())
    with open(path, "wb") as f:
        torch.save(state, f)

def load_checkpoint(path, model, optimizer, scheduler):
    with open(path, "rb") as f:
        state = torch.load(f, map_location="cpu", weights_only=True)
    torch.random.set_rng_state(state["rng"])
    model.load_state_dict(state["model"])
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    return state["epoch"]

checkpointing = [save_checkpoint, load_checkpoint]""",
            """\
from pathlib import Path

def save_checkpoint(path, model, optimizer, scheduler, epoch):
    tmp = Path(str(path) + ".tmp")
    torch.save({"states": [model.state_dict(), optimizer.state_dict(), scheduler.state_dict()],
                "epoch": torch.tensor(epoch), "rng": torch.get_rng_state()}, tmp)
    tmp.replace(path)                     # atomic: a crash mid-save leaves the old checkpoint

def load_checkpoint(path, model, optimizer, scheduler):
    ck = torch.load(path, weights_only=True)
    for obj, st in zip((model, optimizer, scheduler), ck["states"]):
        obj.load_state_dict(st)
    torch.set_rng_state(ck["rng"])
    return int(ck["epoch"])

checkpointing = (save_checkpoint, load_checkpoint)""",
        ],
    },
}
