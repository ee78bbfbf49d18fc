"""Phase 3, deep learning: answers the blind red team wrote from the prompts alone (early stopping to saving).

Each exercise adds its cases to its own wrong=/right= (tests/test_exercise_contract.py runs them).
"""

# ruff: noqa: E501  (the cases are kept as the red team wrote them)
from __future__ import annotations

from ._blind_basics import CASES

# ---------------------------------------------------------------- rnn_first_sign
_RNN_LOOP = '''
def _train(net, X, y, epochs=25, lr=0.01, bs=64):
    torch.manual_seed(0)
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    loader = DataLoader(TensorDataset(X, y), batch_size=bs, shuffle=True)
    net.train()
    for _ in range(epochs):
        for xb, yb in loader:
            opt.zero_grad(); nn.functional.cross_entropy(net(xb), yb).backward(); opt.step()
    return net.eval()
'''
_GRU = '''torch.manual_seed(0)
class RNN(nn.Module):
    def __init__(self, kind=nn.GRU, hidden=32, flip=False):
        super().__init__()
        self.rnn = kind(1, hidden, batch_first=True); self.head = nn.Linear(hidden, 2); self.flip = flip
    def forward(self, x):
        if self.flip: x = x.flip(1)
        out, _ = self.rnn(x)
        return self.head(out[:, -1])
'''
CASES["p3.deep.rnn_first_sign"] = {"wrong": [
_RNN_LOOP + '''torch.manual_seed(0)
class R(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(1, 16, batch_first=True); self.head = nn.Linear(1, 2)
    def forward(self, x):
        self.gru(x)                    # output ignored
        return self.head(x[:, 0])
rnn = _train(R(), X_seq, y_seq)
''',
_GRU + "rnn = RNN().eval()  # untrained\n",
_RNN_LOOP + "torch.manual_seed(0)\nrnn = _train(nn.Sequential(nn.Flatten(), nn.Linear(12, 2)), X_seq, y_seq)  # no recurrent layer\n",
_RNN_LOOP + _GRU + "rnn = _train(RNN(), X_seq, 1 - y_seq)  # inverted\n",
_RNN_LOOP + "torch.manual_seed(0)\nrnn = _train(nn.Sequential(nn.Flatten(), nn.Linear(12, 16), nn.ReLU(), nn.Linear(16, 2)), X_seq, y_seq)\n",
_RNN_LOOP + _GRU + "rnn = _train(RNN(), X_seq, y_seq, epochs=1, lr=1e-4)\n",
_RNN_LOOP + '''torch.manual_seed(0)
class R(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(1, 16, batch_first=True); self.head = nn.Linear(1, 2)
    def forward(self, x):
        self.gru(x)
        return self.head(x[:, -1])     # last value, GRU ignored
rnn = _train(R(), X_seq, y_seq)
''',
], "right": [
_RNN_LOOP + _GRU + "rnn = _train(RNN(nn.GRU), X_seq, y_seq, epochs=30)\n",
_RNN_LOOP + _GRU + "rnn = _train(RNN(nn.LSTM, hidden=24, flip=True), X_seq, y_seq, epochs=20)  # reads backwards: first value last\n",
]}

# ---------------------------------------------------------------- padding_mask
def _enc(pos="learned", mask="pad_mask", attn="layer", extra=""):
    posline = {
        "learned": "self.pos = nn.Embedding(64, d)",
        "none": "self.pos = None",
        "fromend": "self.pos = nn.Embedding(64, d)",
    }[pos]
    posuse = {
        "learned": "h = h + self.pos(torch.arange(L, device=tokens.device))[None]",
        "none": "",
        "fromend": "h = h + self.pos(torch.arange(L - 1, -1, -1, device=tokens.device))[None]",
    }[pos]
    attuse = {
        "layer": f"h = self.layer(h, src_key_padding_mask={mask})",
        "skip": "pass",
        "mha_repeat": ("am = pad_mask[:, None, :].expand(n, L, L).repeat(2, 1, 1)\n"
                       "        h = self.mha(h, h, h, attn_mask=am, need_weights=False)[0]"),
    }[attn]
    return f'''torch.manual_seed(0)
class Enc(nn.Module):
    def __init__(self, d=32):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, d, padding_idx=0)
        {posline}
        self.layer = nn.TransformerEncoderLayer(d, 2, 64, dropout=0.0, batch_first=True)
        self.mha = nn.MultiheadAttention(d, 2, batch_first=True)
        self.d_model = d
    def forward(self, tokens, pad_mask):
        n, L = tokens.shape
        h = self.emb(tokens)
        {posuse}
        {attuse}
        {extra}
        return h
encoder = Enc().eval()
'''

CASES["p3.deep.padding_mask"] = {"wrong": [
_enc(mask="~pad_mask"),                    # inverted mask
_enc(mask="None"),                         # mask not used
_enc(pos="none"),                          # no positions
_enc(pos="fromend"),                       # positions counted from the end: shift when padded
_enc(attn="skip"),                         # no self-attention at all
_enc(attn="mha_repeat"),                   # attn_mask tiled with repeat instead of repeat_interleave
_enc(extra="h = h + h.mean(dim=1, keepdim=True)"),   # pooling over padding
], "right": [
'''import math
torch.manual_seed(1)
class SinEnc(nn.Module):
    def __init__(self, d=24, heads=3):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, d)
        self.attn = nn.MultiheadAttention(d, heads, batch_first=True, dropout=0.0)
        self.norm = nn.LayerNorm(d); self.d = d
    def pe(self, L):
        pos = torch.arange(L)[:, None].float(); i = torch.arange(0, self.d, 2).float()
        ang = pos / (10000 ** (i / self.d))
        p = torch.zeros(L, self.d); p[:, 0::2] = torch.sin(ang); p[:, 1::2] = torch.cos(ang)
        return p
    def forward(self, tokens, pad_mask):
        h = self.emb(tokens) * math.sqrt(self.d) + self.pe(tokens.shape[1])[None]
        a, _ = self.attn(h, h, h, key_padding_mask=pad_mask, need_weights=False)
        return self.norm(h + a)
encoder = SinEnc().eval()
''',
'''torch.manual_seed(2)
class Enc2(nn.Module):
    def __init__(self, d=16, heads=4):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, d); self.pos = nn.Parameter(torch.randn(max_len, d))
        self.mha = nn.MultiheadAttention(d, heads, batch_first=True); self.heads = heads
        self.ff = nn.Sequential(nn.Linear(d, 32), nn.ReLU(), nn.Linear(32, d))
    def forward(self, tokens, pad_mask):
        n, L = tokens.shape
        h = self.emb(tokens) + self.pos[:L]
        am = pad_mask[:, None, :].expand(n, L, L).repeat_interleave(self.heads, dim=0)
        h = h + self.mha(h, h, h, attn_mask=am, need_weights=False)[0]
        return h + self.ff(h)
encoder = Enc2().eval()
''',
]}

# ---------------------------------------------------------------- tiny_transformer
def _clf(mask="pad_mask", pool="masked", attn=True, labels="labels", n="len(tokens)", epochs=12, train=True):
    pooluse = {
        "masked": "keep = (~pad_mask).unsqueeze(-1).float(); z = (h * keep).sum(1) / keep.sum(1)",
        "all": "z = h.mean(1)",
        "first": "z = h[:, 0]",
    }[pool]
    attline = f"h = self.layer(h, src_key_padding_mask={mask})" if attn else "pass"
    trainc = f'''opt = torch.optim.Adam(classifier.parameters(), lr=3e-3)
loader = DataLoader(TensorDataset(tokens[:{n}], pad_mask[:{n}], {labels}[:{n}]), batch_size=64, shuffle=True)
for _ in range({epochs}):
    classifier.train()
    for tb, mb, yb in loader:
        opt.zero_grad(); nn.functional.cross_entropy(classifier(tb, mb), yb).backward(); opt.step()
''' if train else ""
    return f'''torch.manual_seed(0)
class Clf(nn.Module):
    def __init__(self, d=32):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, d, padding_idx=0); self.pos = nn.Embedding(64, d)
        self.layer = nn.TransformerEncoderLayer(d, 2, 64, dropout=0.0, batch_first=True)
        self.head = nn.Linear(d, 2)
    def forward(self, tokens, pad_mask):
        L = tokens.shape[1]
        h = self.emb(tokens) + self.pos(torch.arange(L))[None]
        {attline}
        {pooluse}
        return self.head(z)
classifier = Clf()
{trainc}classifier.eval()
'''

CASES["p3.deep.tiny_transformer"] = {"wrong": [
_clf(pool="all"),                 # pools over padding
_clf(mask="None"),                # padding attended
_clf(train=False),                # untrained
_clf(labels="(1 - labels)"),      # inverted task
_clf(attn=False),                 # self-attention skipped
_clf(n=100, epochs=2),            # barely trained
_clf(mask="~pad_mask"),           # inverted mask
], "right": [
# attention pooling with a learned query, sinusoid-free: no positions needed for counting
'''torch.manual_seed(1)
class PoolClf(nn.Module):
    def __init__(self, d=32):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, d)
        self.self_attn = nn.MultiheadAttention(d, 4, batch_first=True)
        self.query = nn.Parameter(torch.randn(1, 1, d) * 0.1)
        self.pool = nn.MultiheadAttention(d, 4, batch_first=True)
        self.head = nn.Sequential(nn.Linear(d, 32), nn.ReLU(), nn.Linear(32, 2))
    def forward(self, tokens, pad_mask):
        h = self.emb(tokens)
        h = h + self.self_attn(h, h, h, key_padding_mask=pad_mask, need_weights=False)[0]
        q = self.query.expand(len(tokens), 1, -1)
        z = self.pool(q, h, h, key_padding_mask=pad_mask, need_weights=False)[0][:, 0]
        return self.head(z)
classifier = PoolClf()
opt = torch.optim.AdamW(classifier.parameters(), lr=2e-3)
loader = DataLoader(TensorDataset(tokens, pad_mask, labels), batch_size=50, shuffle=True)
for _ in range(15):
    classifier.train()
    for tb, mb, yb in loader:
        opt.zero_grad(); nn.functional.cross_entropy(classifier(tb, mb), yb).backward(); opt.step()
classifier.eval()
''',
# TransformerEncoder stack, positions from a table of size max_len (sequences are up to 16 tokens)
'''torch.manual_seed(2)
class StackClf(nn.Module):
    def __init__(self, d=24):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, d); self.pos = nn.Embedding(max_len, d)
        self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(d, 3, 48, dropout=0.0, batch_first=True), 2)
        self.head = nn.Linear(d, 2)
    def forward(self, tokens, pad_mask):
        L = tokens.shape[1]
        h = self.enc(self.emb(tokens) + self.pos(torch.arange(L))[None], src_key_padding_mask=pad_mask)
        h = h.masked_fill(pad_mask.unsqueeze(-1), float("-inf"))
        return self.head(h.max(dim=1).values)
classifier = StackClf()
opt = torch.optim.Adam(classifier.parameters(), lr=2e-3)
loader = DataLoader(TensorDataset(tokens, pad_mask, labels), batch_size=64, shuffle=True)
for _ in range(15):
    classifier.train()
    for tb, mb, yb in loader:
        opt.zero_grad(); nn.functional.cross_entropy(classifier(tb, mb), yb).backward(); opt.step()
classifier.eval()
''',
]}

# ---------------------------------------------------------------- transfer
def _ft(copy_base=True, freeze="features", head="new", data="X, y", epochs=60, reset=False, train_on="trainable"):
    return f'''def fine_tune(base, X, y):
    torch.manual_seed(0)
    model = {"copy.deepcopy(base)" if copy_base else "base"}
    {"[m.reset_parameters() for m in model if hasattr(m, 'reset_parameters')]" if reset else ""}
    {"model[-1] = nn.Linear(model[-1].in_features, 5)" if head == "new" else ("model[-1] = nn.Linear(model[-1].in_features, 10)" if head == "ten" else "")}
    for i, m in enumerate(model):
        for p in m.parameters():
            p.requires_grad = {{"features": "not isinstance(m, nn.Conv2d)", "none": "True", "first": "i != 0", "all": "False"}}["{freeze}"] == "True" if False else {{"features": not isinstance(m, nn.Conv2d), "none": True, "first": i != 0, "all": False}}["{freeze}"]
    params = [p for p in model.parameters() if p.requires_grad]
    if params:
        opt = torch.optim.Adam(params, lr=0.01)
        Xt, yt = {data}
        model.train()
        for _ in range({epochs}):
            opt.zero_grad(); nn.functional.cross_entropy(model(Xt), yt).backward(); opt.step()
    return model.eval()
'''

CASES["p3.deep.transfer"] = {"wrong": [
_ft(copy_base=False),                     # base modified
_ft(freeze="none"),                       # convs fine-tuned too
_ft(freeze="all", head="keep"),           # head never retrained
_ft(data="X_new, y_new"),                 # ignores the X, y passed in
_ft(reset=True, freeze="none"),           # trained from scratch
_ft(head="ten"),                          # head with 10 outputs
_ft(freeze="first"),                      # second conv unfrozen
_ft(epochs=1),                            # head barely trained
], "right": [
'''def fine_tune(base, X, y):
    torch.manual_seed(1)
    features = copy.deepcopy(base[:-1])
    for p in features.parameters():
        p.requires_grad_(False)
    head = nn.Linear(base[-1].in_features, 5)
    model = nn.Sequential(*features, head)
    with torch.no_grad():
        F = features.eval()(X)
    opt = torch.optim.Adam(head.parameters(), lr=0.02)
    for _ in range(150):
        opt.zero_grad(); nn.functional.cross_entropy(head(F), y).backward(); opt.step()
    return model.eval()
''',
'''def fine_tune(base, X, y):
    torch.manual_seed(2)
    model = copy.deepcopy(base)
    model[7] = nn.Linear(128, 5)
    opt = torch.optim.SGD(model[7].parameters(), lr=0.1, momentum=0.9)   # only the head is stepped
    for _ in range(100):
        opt.zero_grad(); nn.functional.cross_entropy(model(X), y).backward(); opt.step()
    model.zero_grad(set_to_none=True)
    return model.eval()
''',
]}

# ---------------------------------------------------------------- keras_cnn
def _k(body="conv", fit="validation_split=0.2", cb="keras.callbacks.EarlyStopping(monitor='val_loss', patience=5, restore_best_weights=True)", do_fit=True, y="yk"):
    layers = {
        "conv": "keras.layers.Conv2D(16, 3, padding='same', activation='relu'), keras.layers.MaxPooling2D(2), keras.layers.Flatten(), keras.layers.Dense(10)",
        "dense": "keras.layers.Flatten(), keras.layers.Dense(64, activation='relu'), keras.layers.Dense(10)",
    }[body]
    fitc = f"kmodel.fit(Xk, {y}, epochs=40, batch_size=32, {fit}, callbacks=[{cb}] if {cb!r} else [], verbose=0)\n" if do_fit else ""
    return f'''keras.utils.set_random_seed(0)
kmodel = keras.Sequential([keras.Input((8, 8, 1)), {layers}])
kmodel.compile(optimizer=keras.optimizers.Adam(0.005), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
{fitc}'''

CASES["p3.deep.keras_cnn"] = {"wrong": [
_k(body="dense"),                                   # no Conv2D
_k(cb=""),                                          # no EarlyStopping
_k(cb="keras.callbacks.EarlyStopping(monitor='loss', patience=5)"),     # on training loss
_k(fit="validation_data=(Xk, yk)"),                 # validated on its training rows
_k(do_fit=False),                                   # never fitted
_k(cb="keras.callbacks.EarlyStopping(monitor='val_accuracy', patience=5)"),   # not the validation loss
'''keras.utils.set_random_seed(0)
inp = keras.Input((8, 8, 1))
conv = keras.layers.Conv2D(16, 3, padding="same", activation="relu")   # declared, never connected
x = keras.layers.Flatten()(inp)
x = keras.layers.Dense(64, activation="relu")(x)
kmodel = keras.Model(inp, keras.layers.Dense(10)(x))
kmodel.compile("adam", keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
kmodel.fit(Xk, yk, epochs=40, validation_split=0.2, callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)], verbose=0)
''',
_k(y="(yk + 1) % 10"),
], "right": [
# left out: the first right answer reads 89% of the held-out digits, under the 95% bar
'''keras.utils.set_random_seed(4)
idx = np.random.default_rng(0).permutation(len(Xk)); cut = int(0.8 * len(Xk))
tr, va = idx[:cut], idx[cut:]
kmodel = keras.Sequential([keras.Input((8, 8, 1)), keras.layers.Conv2D(24, 3, padding="same", activation="relu"),
                           keras.layers.Flatten(), keras.layers.Dropout(0.2), keras.layers.Dense(10)])
kmodel.compile(optimizer=keras.optimizers.RMSprop(1e-3), loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
kmodel.fit(Xk[tr], yk[tr], validation_data=(Xk[va], yk[va]), epochs=60, verbose=0,
           callbacks=[keras.callbacks.EarlyStopping("val_loss", patience=6, restore_best_weights=True)])
''',
]}

# ---------------------------------------------------------------- save_load
CASES["p3.deep.save_load"] = {"wrong": [
"""def save_and_load(model, make_model, folder):
    torch.save(model.state_dict(), pathlib.Path(folder) / "w.pt")
    return model.eval()   # the same object, nothing loaded
""",
"""def save_and_load(model, make_model, folder):
    torch.save(model.state_dict(), pathlib.Path(folder) / "w.pt")
    return make_model().eval()   # fresh but never loaded
""",
"""def save_and_load(model, make_model, folder):
    p = pathlib.Path(folder) / "w.pt"; torch.save(model.state_dict(), p)
    fresh = make_model(); fresh.load_state_dict(torch.load(p, weights_only=True))
    return fresh   # left in training mode
""",
"""def save_and_load(model, make_model, folder):
    p = pathlib.Path(folder) / "m.pt"; torch.save(model, p)   # whole model pickled
    return torch.load(p, weights_only=False).eval()
""",
"""def save_and_load(model, make_model, folder):
    p = pathlib.Path(folder) / "w.pt"
    torch.save({"net." + k: v for k, v in model.state_dict().items()}, p)
    fresh = make_model(); fresh.load_state_dict(torch.load(p, weights_only=True), strict=False)   # nothing matches
    return fresh.eval()
""",
"""import copy
def save_and_load(model, make_model, folder):
    torch.save(model.state_dict(), pathlib.Path(folder) / "w.pt")
    return copy.deepcopy(model).eval()   # not make_model, not loaded
""",
"""def save_and_load(model, make_model, folder):
    p = pathlib.Path(folder) / "w.pt"
    torch.save({k: v.detach() for k, v in model.named_parameters()}, p)   # BN running stats lost
    fresh = make_model(); fresh.load_state_dict(torch.load(p, weights_only=True), strict=False)
    return fresh.eval()
""",
"""def save_and_load(model, make_model, folder):
    p = pathlib.Path(tempfile.gettempdir()) / "redteam03b_w.pt"   # not in folder
    torch.save(model.state_dict(), p)
    fresh = make_model(); fresh.load_state_dict(torch.load(p, weights_only=True))
    return fresh.eval()
""",
], "right": [
"""import os
def save_and_load(model, make_model, folder):
    path = os.path.join(str(folder), "checkpoint.pth")
    torch.save(model.state_dict(), path)
    net = make_model()
    net.load_state_dict(torch.load(path, weights_only=True, map_location="cpu"), strict=True)
    net.train(False)
    return net
""",
"""def save_and_load(model, make_model, folder):
    folder = pathlib.Path(folder); folder.mkdir(parents=True, exist_ok=True)
    target = folder / "weights" / "model_state.pt"; target.parent.mkdir(exist_ok=True)
    with open(target, "wb") as fh:
        torch.save(model.state_dict(), fh)
    fresh = make_model()
    with open(target, "rb") as fh:
        state = torch.load(fh, weights_only=True)
    fresh.load_state_dict(state)
    for p in fresh.parameters():
        p.requires_grad_(False)
    return fresh.eval()
""",
]}


def blind(exercise_id: str, kind: str) -> list[str]:
    """The blind red team's `kind` ("wrong" or "right") answers for one exercise."""
    return CASES[exercise_id][kind]
