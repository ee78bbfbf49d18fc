# ruff: noqa: E501  (answers kept as the blind red team wrote them)
"""Blind red-team answers for notebook 03d: written from the prompts and setups only.

For p3.causal.causal_mask, p3.causal.char_lm.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
"""

CASES: dict[str, dict[str, list[str]]] = {
    "p3.causal.causal_mask": {
        "wrong": [
            '''\
def causal_mask(length):
    return torch.tril(torch.ones(length, length, dtype=torch.bool))''',
            '''\
def causal_mask(length):
    return torch.triu(torch.ones(length, length, dtype=torch.bool), diagonal=2)''',
            '''\
def causal_mask(length):
    return torch.zeros(length, length, dtype=torch.bool)''',
            '''\
def causal_mask(length):
    return torch.triu(torch.ones(length, length), diagonal=1)''',
            '''\
def causal_mask(length):
    return torch.tril(torch.ones(length, length, dtype=torch.bool), diagonal=-1)''',
            '''\
def causal_mask(length):
    return torch.triu(torch.ones(context, context, dtype=torch.bool), diagonal=1)''',
            '''\
def causal_mask(length):
    m = torch.triu(torch.ones(length, length, dtype=torch.bool), diagonal=0)
    m[0, 0] = False
    return m''',
        ],
        "right": [
            '''\
def causal_mask(length):
    i = torch.arange(length)
    return i[None, :] > i[:, None]''',
            '''\
def causal_mask(length):
    return ~torch.tril(torch.ones((length, length), dtype=torch.bool))''',
        ],
    },
    "p3.causal.char_lm": {
        "wrong": [
            '''\
torch.manual_seed(0)
class _LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, 64)
        self.rnn = nn.GRU(64, 128, batch_first=True)
        self.out = nn.Linear(128, vocab_size)
    def forward(self, x):
        h = self.rnn(self.emb(x))[0]
        return self.out(h)
lm = _LM()
opt = torch.optim.Adam(lm.parameters(), lr=3e-3)
for step in range(0):
    st = torch.randint(0, len(ids) - context - 1, (64,))
    x = torch.stack([ids[s:s + context] for s in st])
    y = torch.stack([ids[s + 1:s + context + 1] for s in st])
    logits = lm(x)
    loss = nn.functional.cross_entropy(logits.reshape(-1, vocab_size), y.reshape(-1))
    opt.zero_grad(); loss.backward(); opt.step()
lm.eval()''',
            '''\
torch.manual_seed(0)
class _LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, 64)
        self.rnn = nn.GRU(64, 64, batch_first=True, bidirectional=True)
        self.out = nn.Linear(128, vocab_size)
    def forward(self, x):
        h = self.rnn(self.emb(x))[0]
        return self.out(h)
lm = _LM()
opt = torch.optim.Adam(lm.parameters(), lr=3e-3)
for step in range(80):
    st = torch.randint(0, len(ids) - context - 1, (64,))
    x = torch.stack([ids[s:s + context] for s in st])
    y = torch.stack([ids[s + 1:s + context + 1] for s in st])
    logits = lm(x)
    loss = nn.functional.cross_entropy(logits.reshape(-1, vocab_size), y.reshape(-1))
    opt.zero_grad(); loss.backward(); opt.step()
lm.eval()''',
            '''\
torch.manual_seed(0)
class _LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, 64)
        self.rnn = nn.GRU(64, 128, batch_first=True)
        self.out = nn.Linear(128, vocab_size)
    def forward(self, x):
        h = self.rnn(self.emb(x))[0]
        return self.out(h)
lm = _LM()
opt = torch.optim.Adam(lm.parameters(), lr=3e-3)
for step in range(80):
    st = torch.randint(0, len(ids) - context - 1, (64,))
    x = torch.stack([ids[s:s + context] for s in st])
    y = torch.stack([ids[s + 0:s + context + 0] for s in st])
    logits = lm(x)
    loss = nn.functional.cross_entropy(logits.reshape(-1, vocab_size), y.reshape(-1))
    opt.zero_grad(); loss.backward(); opt.step()
lm.eval()''',
            '''\
torch.manual_seed(0)
class _LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, 64)
        self.rnn = nn.GRU(64, 128, batch_first=True)
        self.out = nn.Linear(128, vocab_size)
    def forward(self, x):
        h = self.rnn(self.emb(x))[0]
        return self.out(h).transpose(1, 2)
lm = _LM()
opt = torch.optim.Adam(lm.parameters(), lr=3e-3)
for step in range(80):
    st = torch.randint(0, len(ids) - context - 1, (64,))
    x = torch.stack([ids[s:s + context] for s in st])
    y = torch.stack([ids[s + 1:s + context + 1] for s in st])
    logits = lm(x)
    loss = nn.functional.cross_entropy(logits.transpose(1, 2).reshape(-1, vocab_size), y.reshape(-1))
    opt.zero_grad(); loss.backward(); opt.step()
lm.eval()''',
            '''\
torch.manual_seed(0)
class _LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, 64)
        self.rnn = nn.GRU(64, 128, batch_first=True)
        self.out = nn.Linear(128, vocab_size)
    def forward(self, x):
        h = self.rnn(self.emb(x))[0]
        return torch.softmax(self.out(h), -1)
lm = _LM()
opt = torch.optim.Adam(lm.parameters(), lr=3e-3)
for step in range(80):
    st = torch.randint(0, len(ids) - context - 1, (64,))
    x = torch.stack([ids[s:s + context] for s in st])
    y = torch.stack([ids[s + 1:s + context + 1] for s in st])
    logits = lm(x)
    loss = nn.functional.cross_entropy(torch.log(logits + 1e-9).reshape(-1, vocab_size), y.reshape(-1))
    opt.zero_grad(); loss.backward(); opt.step()
lm.eval()''',
            '''\
torch.manual_seed(0)
class _TLM(nn.Module):
    def __init__(self, d=48):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, d); self.pos = nn.Embedding(context, d)
        self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(d, 4, 2 * d, dropout=0.0, batch_first=True), 1)
        self.out = nn.Linear(d, vocab_size)
    def forward(self, x):
        L = x.shape[1]
        mask = torch.triu(torch.ones(L, L, dtype=torch.bool), diagonal=1)
        h = self.emb(x) + self.pos(torch.arange(L))
        return self.out(self.enc(h))
lm = _TLM()
opt = torch.optim.Adam(lm.parameters(), lr=3e-3)
for step in range(80):
    st = torch.randint(0, len(ids) - context - 1, (64,))
    x = torch.stack([ids[s:s + context] for s in st]); y = torch.stack([ids[s + 1:s + context + 1] for s in st])
    loss = nn.functional.cross_entropy(lm(x).reshape(-1, vocab_size), y.reshape(-1))
    opt.zero_grad(); loss.backward(); opt.step()
lm.eval()''',
            '''\
torch.manual_seed(0)
class _TLM(nn.Module):
    def __init__(self, d=48):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, d); self.pos = nn.Embedding(context, d)
        self.enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(d, 4, 2 * d, dropout=0.0, batch_first=True), 1)
        self.out = nn.Linear(d, vocab_size)
    def forward(self, x):
        L = x.shape[1]
        mask = torch.triu(torch.ones(L, L, dtype=torch.bool), diagonal=2)
        h = self.emb(x) + self.pos(torch.arange(L))
        return self.out(self.enc(h, mask=mask))
lm = _TLM()
opt = torch.optim.Adam(lm.parameters(), lr=3e-3)
for step in range(80):
    st = torch.randint(0, len(ids) - context - 1, (64,))
    x = torch.stack([ids[s:s + context] for s in st]); y = torch.stack([ids[s + 1:s + context + 1] for s in st])
    loss = nn.functional.cross_entropy(lm(x).reshape(-1, vocab_size), y.reshape(-1))
    opt.zero_grad(); loss.backward(); opt.step()
lm.eval()''',
        ],
        "right": [
            '''\
torch.manual_seed(0)
class _LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, 64)
        self.rnn = nn.GRU(64, 128, batch_first=True)
        self.out = nn.Linear(128, vocab_size)
    def forward(self, x):
        h = self.rnn(self.emb(x))[0]
        return self.out(h)
lm = _LM()
opt = torch.optim.Adam(lm.parameters(), lr=3e-3)
for step in range(130):
    st = torch.randint(0, len(ids) - context - 1, (64,))
    x = torch.stack([ids[s:s + context] for s in st])
    y = torch.stack([ids[s + 1:s + context + 1] for s in st])
    logits = lm(x)
    loss = nn.functional.cross_entropy(logits.reshape(-1, vocab_size), y.reshape(-1))
    opt.zero_grad(); loss.backward(); opt.step()
lm.eval()''',
            '''\
torch.manual_seed(0)
class _LM(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(vocab_size, 64)
        self.rnn = nn.LSTM(64, 128, num_layers=2, batch_first=True)
        self.out = nn.Linear(128, vocab_size)
    def forward(self, x):
        h = self.rnn(self.emb(x))[0]
        return self.out(h)
lm = _LM()
opt = torch.optim.Adam(lm.parameters(), lr=3e-3)
for step in range(150):
    st = torch.randint(0, len(ids) - context - 1, (64,))
    x = torch.stack([ids[s:s + context] for s in st])
    y = torch.stack([ids[s + 1:s + context + 1] for s in st])
    logits = lm(x)
    loss = nn.functional.cross_entropy(logits.reshape(-1, vocab_size), y.reshape(-1))
    opt.zero_grad(); loss.backward(); opt.step()
lm.eval()''',
        ],
    },
}
