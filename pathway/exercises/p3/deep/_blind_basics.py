"""Phase 3, deep learning: answers the blind red team wrote from the prompts alone (the MLP to the CNN).

Each exercise adds its cases to its own wrong=/right= (tests/test_exercise_contract.py runs them).
"""

# ruff: noqa: E501  (the cases are kept as the red team wrote them)
from __future__ import annotations

CASES: dict[str, dict[str, list[str]]] = {}

# ---------------------------------------------------------------- mlp_digits
CASES["p3.deep.mlp_digits"] = {"wrong": [
"""mlp = MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0).fit(Xd_train, yd_train)  # no scaler
""",
"""mlp = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0))  # not fitted
""",
"""mlp = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(64,), max_iter=300)).fit(Xd_train, yd_train)  # no random_state
""",
"""import warnings
warnings.filterwarnings("ignore")
mlp = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(2,), max_iter=5, random_state=0)).fit(Xd_train, yd_train)
""",
"""from sklearn.datasets import load_digits   # leak: all 1797 digits, held-out included
_d = load_digits()
mlp = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0)).fit(_d.data / 16.0, _d.target)
""",
"""from sklearn.linear_model import LogisticRegression
mlp = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(Xd_train, yd_train)  # not an MLP
""",
"""mlp = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(64,), max_iter=300, random_state=0)).fit(Xd_train, (yd_train + 1) % 10)
""",
], "right": [
"""mlp = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(100, 50), max_iter=500, random_state=42)).fit(Xd_train, yd_train)
""",
"""from sklearn.pipeline import Pipeline
mlp = Pipeline([("scale", StandardScaler()), ("mlp", MLPClassifier(hidden_layer_sizes=(128,), alpha=1e-3, max_iter=400, random_state=7))])
mlp.fit(Xd_train, yd_train)
""",
]}

# ---------------------------------------------------------------- dense_relu
CASES["p3.deep.dense_relu"] = {"wrong": [
"""def dense_relu(x, W, b):
    return x @ W + b
""",
"""def dense_relu(x, W, b):
    return np.maximum(x @ W, 0) + b
""",
"""def dense_relu(x, W, b):
    return np.maximum(x @ W, 0)   # b unused
""",
"""def dense_relu(x, W, b):
    z = x @ W + b
    return np.where(z > 0, z, 0.01 * z)  # leaky
""",
"""def dense_relu(x, W, b):
    return np.minimum(x @ W + b, 0)
""",
"""def dense_relu(x, W, b):
    return (x @ W + b > 0).astype(float)  # derivative
""",
"""def dense_relu(x, W, b):
    return np.maximum(x @ W - b, 0)
""",
], "right": [
"""def dense_relu(x, W, b):
    z = np.einsum("nd,de->ne", x, W) + b[None, :]
    return (z + np.abs(z)) / 2
""",
"""def dense_relu(x, W, b):
    return np.clip(np.dot(x, W) + b, 0, None)
""",
]}

# ---------------------------------------------------------------- attention
CASES["p3.deep.attention"] = {"wrong": [
"""def attention(Q, K, V):
    s = Q @ K.T
    s = s - s.max(axis=1, keepdims=True); w = np.exp(s); w /= w.sum(axis=1, keepdims=True)
    return w @ V   # no scaling
""",
"""def attention(Q, K, V):
    s = Q @ K.T / Q.shape[1]
    s = s - s.max(axis=1, keepdims=True); w = np.exp(s); w /= w.sum(axis=1, keepdims=True)
    return w @ V
""",
"""def attention(Q, K, V):
    s = Q @ K.T / np.sqrt(V.shape[1])   # sqrt(d_v)
    s = s - s.max(axis=1, keepdims=True); w = np.exp(s); w /= w.sum(axis=1, keepdims=True)
    return w @ V
""",
"""def attention(Q, K, V):
    s = Q @ K.T / np.sqrt(K.shape[1])
    s = s - s.max(axis=0, keepdims=True); w = np.exp(s); w /= w.sum(axis=0, keepdims=True)  # over queries
    return w @ V
""",
"""def attention(Q, K, V):
    s = Q @ K.T / np.sqrt(K.shape[1])
    with np.errstate(all="ignore"):
        w = np.exp(s); w = w / w.sum(axis=1, keepdims=True)   # unstable
    return w @ V
""",
"""def attention(Q, K, V):
    s = Q @ K.T / np.sqrt(K.shape[1])
    s = s - s.max(axis=1, keepdims=True); w = np.exp(s); w /= w.sum(axis=1, keepdims=True)
    return w   # weights, not output
""",
"""def attention(Q, K, V):
    s = Q @ K.T / np.sqrt(K.shape[1])
    with np.errstate(all="ignore"):
        s = s - s.max(); w = np.exp(s); w = w / w.sum(axis=1, keepdims=True)  # global max
    return w @ V
""",
], "right": [
"""from scipy.special import logsumexp
def attention(Q, K, V):
    s = (K @ Q.T).T / np.sqrt(Q.shape[-1])
    return np.exp(s - logsumexp(s, axis=-1, keepdims=True)) @ V
""",
"""import torch
def attention(Q, K, V):
    q, k, v = (torch.as_tensor(np.asarray(a, dtype=np.float64)) for a in (Q, K, V))
    w = torch.softmax(q @ k.T / q.shape[1] ** 0.5, dim=1)
    return (w @ v).numpy()
""",
]}

# ---------------------------------------------------------------- pairwise
CASES["p3.deep.pairwise"] = {"wrong": [
"""def pairwise_sq_dists(a, b):
    return torch.cdist(a, b)   # not squared
""",
"""def pairwise_sq_dists(a, b):
    return (a[:, None, :] - b[None, :, :]).abs().sum(-1)   # L1
""",
"""def pairwise_sq_dists(a, b):
    return (a ** 2).sum(1)[:, None] + (b ** 2).sum(1)[None, :] - a @ b.T   # missing factor 2
""",
"""def pairwise_sq_dists(a, b):
    return torch.stack([((a[i] - b) ** 2).sum(1) for i in range(len(a))])   # Python loop
""",
"""def pairwise_sq_dists(a, b):
    return ((b[:, None, :] - a[None, :, :]) ** 2).sum(-1)   # (m, n)
""",
"""def pairwise_sq_dists(a, b):
    return ((a[:, None, :] - b[None, :, :]) ** 2).sum(-1).numpy()   # not a tensor
""",
"""def pairwise_sq_dists(a, b):
    return ((a[:, None, :] - b[None, :, :]) ** 2).mean(-1)   # mean, not sum
""",
], "right": [
"""def pairwise_sq_dists(a, b):
    d = (a * a).sum(-1, keepdim=True) + (b * b).sum(-1) - 2 * a @ b.T
    return d.clamp_min(0)
""",
"""def pairwise_sq_dists(a, b):
    diff = a.unsqueeze(1) - b.unsqueeze(0)
    return torch.einsum("nmd,nmd->nm", diff, diff)
""",
]}

# ---------------------------------------------------------------- autograd
CASES["p3.deep.autograd"] = {"wrong": [
"""def gradient(f, x):   # by hand: finite differences
    h = 1e-3; g = torch.zeros_like(x)
    for i in range(len(x)):
        e = torch.zeros_like(x); e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g
""",
"""def gradient(f, x):
    x.requires_grad_(True)
    f(x).backward()
    return x.grad   # x comes back changed
""",
"""def gradient(f, x):
    return f(x)
""",
"""def gradient(f, x):
    return torch.ones_like(x)
""",
"""def gradient(f, x):
    xc = x.detach().clone().requires_grad_(True)
    f(xc).backward()
    return -xc.grad
""",
"""def gradient(f, x):
    xc = x.detach().clone().requires_grad_(True)
    f(xc).backward()
    return xc.grad.numpy()   # not a tensor
""",
"""def gradient(f, x):
    h = 1e-3; g = torch.zeros_like(x)
    for i in range(len(x)):
        e = torch.zeros_like(x); e[i] = h
        g[i] = (f(x + e) - f(x - e)) / h   # forgot the 2
    return g
""",
], "right": [
"""def gradient(f, x):
    xc = x.detach().clone().requires_grad_()
    (g,) = torch.autograd.grad(f(xc), xc)
    return g
""",
"""def gradient(f, x):
    return torch.func.grad(f)(x.detach().clone())
""",
]}

# ---------------------------------------------------------------- train_epoch
CASES["p3.deep.train_epoch"] = {"wrong": [
"""def train_epoch(model, loader, loss_fn, optimizer):
    model.train(); losses = []
    for xb, yb in loader:
        loss = loss_fn(model(xb), yb); loss.backward(); optimizer.step(); losses.append(loss.item())
    return float(np.mean(losses))   # no zero_grad
""",
"""def train_epoch(model, loader, loss_fn, optimizer):
    model.eval(); losses = []
    for xb, yb in loader:
        optimizer.zero_grad(); loss = loss_fn(model(xb), yb); loss.backward(); optimizer.step(); losses.append(loss.item())
    return float(np.mean(losses))
""",
"""def train_epoch(model, loader, loss_fn, optimizer):
    model.train(); losses = []
    for xb, yb in loader:
        optimizer.zero_grad(); loss = loss_fn(model(xb), yb); loss.backward(); losses.append(loss.item())
    return float(np.mean(losses))   # no step
""",
"""def train_epoch(model, loader, loss_fn, optimizer):
    model.train()
    for xb, yb in loader:
        optimizer.zero_grad(); loss = loss_fn(model(xb), yb); loss.backward(); optimizer.step()
    return loss.item()   # last batch
""",
"""def train_epoch(model, loader, loss_fn, optimizer):
    model.train(); total = 0.0
    for xb, yb in loader:
        optimizer.zero_grad(); loss = loss_fn(model(xb), yb); loss.backward(); optimizer.step(); total += loss.item()
    return total   # sum
""",
"""def train_epoch(model, loader, loss_fn, optimizer):
    model.train(); losses = []
    for xb, yb in loader:
        loss = loss_fn(model(xb), yb); loss.backward(); optimizer.zero_grad(); optimizer.step(); losses.append(loss.item())
    return float(np.mean(losses))   # zero_grad between backward and step
""",
"""def train_epoch(model, loader, loss_fn, optimizer):
    model.train(); total, n = 0.0, 0
    for xb, yb in loader:
        optimizer.zero_grad(); loss = loss_fn(model(xb), yb); loss.backward(); optimizer.step()
        total += loss.item() * len(xb); n += len(xb)
    return total / n   # per-sample mean, not mean of batch losses
""",
"""def train_epoch(model, loader, loss_fn, optimizer):
    model.train(); losses = []
    for xb, yb in loader:
        optimizer.zero_grad(); loss = loss_fn(model(xb), yb); loss.backward(); optimizer.step(); losses.append(loss)
    return torch.stack(losses).mean()   # tensor, not float
""",
], "right": [
"""def train_epoch(model, loader, loss_fn, optimizer):
    model.train(True); total, count = 0.0, 0
    for batch in loader:
        xb, yb = batch[0], batch[1]
        model.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward(); optimizer.step()
        total += float(loss.detach()); count += 1
    return total / count
""",
"""def train_epoch(model, loader, loss_fn, optimizer):
    model.train(); losses = []
    for xb, yb in loader:
        optimizer.zero_grad(set_to_none=False)
        out = model(xb)
        loss = loss_fn(out, yb)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return sum(losses) / len(losses)
""",
]}

# ---------------------------------------------------------------- spirals_net
_SP_LOOP = '''
def _train(net, X, y, epochs=300, lr=0.01, bs=None, opt=None):
    torch.manual_seed(0)
    opt = opt or torch.optim.Adam(net.parameters(), lr=lr)
    loss_fn = nn.CrossEntropyLoss()
    loader = DataLoader(TensorDataset(X, y), batch_size=bs or len(X), shuffle=True)
    net.train()
    for _ in range(epochs):
        for xb, yb in loader:
            opt.zero_grad(); loss_fn(net(xb), yb).backward(); opt.step()
    return net.eval()
'''
_SP_NET = "torch.manual_seed(0)\nnet = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 3))\n"
CASES["p3.deep.spirals_net"] = {"wrong": [
_SP_NET + "net.eval()  # untrained\n",
_SP_LOOP + "torch.manual_seed(0)\nnet = _train(nn.Linear(2, 3), X_spirals, y_spirals)  # linear\n",
_SP_LOOP + _SP_NET + "net = _train(net, X_spirals, y_spirals, epochs=5)\n",
# left out: 40 of the 60 points still reach the bar (the reader called this case weak)
_SP_LOOP + '''torch.manual_seed(0)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Sequential(nn.Linear(2, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU())
        self.out = nn.Linear(2, 3)
    def forward(self, x):
        return self.out(x)   # hidden declared, never used
net = _train(Net(), X_spirals, y_spirals)
''',
# left out: training on 3,000 extra public spiral points is still accepted (no sound check yet)
_SP_LOOP + _SP_NET + "net = _train(net, X_spirals, (y_spirals + 1) % 3)\n",
], "right": [
'''torch.manual_seed(1)
class SpiralDS(Dataset):
    def __init__(self, X, y): self.X, self.y = X, y
    def __len__(self): return len(self.X)
    def __getitem__(self, i): return self.X[i], self.y[i]
net = nn.Sequential(nn.Linear(2, 128), nn.Tanh(), nn.Linear(128, 128), nn.Tanh(), nn.Linear(128, 3))
opt = torch.optim.Adam(net.parameters(), lr=3e-3)
loader = DataLoader(SpiralDS(X_spirals, y_spirals), batch_size=64, shuffle=True, generator=torch.Generator().manual_seed(1))
lf = nn.CrossEntropyLoss()
for epoch in range(120):
    net.train()
    for xb, yb in loader:
        opt.zero_grad(); lf(net(xb), yb).backward(); opt.step()
net.eval()
''',
'''torch.manual_seed(3)
net = nn.Sequential(nn.Linear(2, 96), nn.GELU(), nn.Linear(96, 96), nn.GELU(), nn.Linear(96, 3))
opt = torch.optim.SGD(net.parameters(), lr=0.1, momentum=0.9)
loader = DataLoader(TensorDataset(X_spirals, y_spirals), batch_size=100, shuffle=True)
for epoch in range(400):
    for xb, yb in loader:
        opt.zero_grad(); nn.functional.cross_entropy(net(xb), yb).backward(); opt.step()
''',
]}

# ---------------------------------------------------------------- cnn_digits
_CNN_LOOP = '''
def _train(net, X, y, epochs=15, lr=0.005, bs=64):
    torch.manual_seed(0)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    loader = DataLoader(TensorDataset(X, y), batch_size=bs, shuffle=True)
    net.train()
    for _ in range(epochs):
        for xb, yb in loader:
            opt.zero_grad(); nn.functional.cross_entropy(net(xb), yb).backward(); opt.step()
    return net.eval()
'''
_CNN = "torch.manual_seed(0)\ncnn = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16 * 16, 10))\n"
CASES["p3.deep.cnn_digits"] = {"wrong": [
_CNN_LOOP + "torch.manual_seed(0)\ncnn = _train(nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10)), X_digits, y_digits)  # no conv\n",
_CNN_LOOP + '''torch.manual_seed(0)
class C(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 16, 3, padding=1)
        self.mlp = nn.Sequential(nn.Flatten(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    def forward(self, x):
        return self.mlp(x)   # conv declared, never called
cnn = _train(C(), X_digits, y_digits)
''',
_CNN + "cnn.eval()  # untrained\n",
# left out: training on all of load_digits (held-out included) is still accepted (no sound check yet)
_CNN_LOOP + _CNN + "cnn = _train(cnn, X_digits, y_digits, epochs=1, lr=1e-4)\n",
# left out: unscaled pixels still train a CNN past the bar (the reader called this case weak)
_CNN_LOOP + _CNN + "cnn = _train(cnn, X_digits, (y_digits + 1) % 10)\n",
], "right": [
"cnn = deep.fit(deep.small_cnn(10), X_digits, y_digits, epochs=15, lr=0.005, seed=0)\n",
'''torch.manual_seed(2)
class DigitCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(1, 8, 3); self.c2 = nn.Conv2d(8, 16, 3)
        self.fc = nn.Linear(16 * 4 * 4, 10)
    def forward(self, x):
        x = torch.relu(self.c1(x)); x = torch.relu(self.c2(x))
        return self.fc(x.flatten(1))
cnn = DigitCNN()
opt = torch.optim.AdamW(cnn.parameters(), lr=3e-3)
loader = DataLoader(TensorDataset(X_digits, y_digits), batch_size=32, shuffle=True)
for _ in range(12):
    cnn.train()
    for xb, yb in loader:
        opt.zero_grad(); nn.functional.cross_entropy(cnn(xb), yb).backward(); opt.step()
cnn.eval()
''',
]}

# ---------------------------------------------------------------- early_stopping
def _es(model="nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))", Xtr="X_few", ytr="y_few",
        better="vl < best", stop="wait >= patience", save="copy.deepcopy(model.state_dict())",
        restore=True, evalmode=True, val="full", record="vl", best_epoch="best_epoch", use_patience=True):
    valcode = {
        "full": "with torch.no_grad():\n        vl = nn.functional.cross_entropy(model(X_val), y_val).item()\n",
        "batches": ("with torch.no_grad():\n        vls = [nn.functional.cross_entropy(model(X_val[i:i+64]), y_val[i:i+64]).item() for i in range(0, len(X_val), 64)]\n"
                    "        vl = float(np.mean(vls))\n"),
    }[val]
    return f'''import copy
torch.manual_seed(0)
model = {model}
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loader = DataLoader(TensorDataset({Xtr}, {ytr}), batch_size=32, shuffle=True)
val_losses, best, best_epoch, wait, best_state = [], float("inf"), -1, 0, None
for epoch in range(max_epochs):
    model.train()
    for xb, yb in loader:
        opt.zero_grad(); nn.functional.cross_entropy(model(xb), yb).backward(); opt.step()
    {"model.eval()" if evalmode else "pass"}
    {valcode}    val_losses.append({record})
    if {better}:
        best, best_epoch, wait, best_state = vl, epoch, 0, {save}
    else:
        wait += 1
    if {"(" + stop + ")" if use_patience else "False"}:
        break
{"model.load_state_dict(best_state)" if restore else ""}
model.eval()
run = {{"val_losses": val_losses, "best_epoch": {best_epoch}, "model": model}}
'''

_DROP = "nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 10))"
CASES["p3.deep.early_stopping"] = {"wrong": [
_es(stop="wait > patience"),                     # off by one
# left out: `<=` ties never happen on float losses (the reader called this case weak)
_es(restore=False),                                # last weights, not best
_es(model=_DROP, evalmode=False),                  # validation in train mode
_es(Xtr="torch.cat([X_few, X_val])", ytr="torch.cat([y_few, y_val])"),   # trains on validation rows
_es(best_epoch="best_epoch + 1"),                  # 1-based
_es(save="model.state_dict()"),                    # reference, not copy
_es(save="dict(model.state_dict())"),              # shallow copy, still references
_es(val="batches"),                                # mean of batch means
_es(use_patience=False),                           # never stops
_es(stop="wait >= patience - 1"),                  # off by one the other way
], "right": [
# deepcopy of the whole model, SGD, sum/N loss
'''import copy
torch.manual_seed(4)
net = nn.Sequential(nn.Linear(64, 32), nn.Tanh(), nn.Linear(32, 10))
opt = torch.optim.SGD(net.parameters(), lr=0.2, momentum=0.9)
val_losses, best_model, best_epoch, since = [], None, None, 0
for epoch in range(max_epochs):
    net.train()
    perm = torch.randperm(len(X_few))
    for i in range(0, len(X_few), 20):
        idx = perm[i:i + 20]
        opt.zero_grad(); nn.functional.cross_entropy(net(X_few[idx]), y_few[idx]).backward(); opt.step()
    net.eval()
    with torch.no_grad():
        v = nn.functional.cross_entropy(net(X_val), y_val, reduction="sum").item() / len(X_val)
    val_losses.append(float(v))
    if best_epoch is None or v < min(val_losses[:-1]):
        best_epoch, best_model, since = epoch, copy.deepcopy(net), 0
    else:
        since += 1
        if since == patience:
            break
run = {"val_losses": val_losses, "best_epoch": best_epoch, "model": best_model.eval()}
''',
# clone tensors, compute best from list with argmin
'''torch.manual_seed(5)
m = nn.Sequential(nn.Linear(64, 48), nn.ReLU(), nn.Dropout(0.2), nn.Linear(48, 10))
opt = torch.optim.Adam(m.parameters(), lr=5e-3)
losses, snapshots = [], {}
for epoch in range(max_epochs):
    m.train()
    for xb, yb in DataLoader(TensorDataset(X_few, y_few), batch_size=16, shuffle=True):
        opt.zero_grad(); nn.functional.cross_entropy(m(xb), yb).backward(); opt.step()
    m.eval()
    with torch.no_grad():
        losses.append(float(nn.functional.cross_entropy(m(X_val), y_val)))
    b = int(np.argmin(losses))          # first occurrence of the minimum
    if b == epoch:
        snapshots = {k: v.detach().clone() for k, v in m.state_dict().items()}
    if epoch - b >= patience:
        break
m.load_state_dict(snapshots)
run = {"val_losses": losses, "best_epoch": int(np.argmin(losses)), "model": m}
''',
]}

