# ruff: noqa: E501  (answers kept as the blind red team wrote them)
"""Blind red-team answers for notebook 03d: written from the prompts and setups only.

For p3.tokens.encode_batch, p3.tokens.pack_context, p3.embeddings.mean_pool.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
"""

CASES: dict[str, dict[str, list[str]]] = {
    "p3.tokens.encode_batch": {
        "wrong": [
            '''\
def encode_batch(texts, max_length):
    return tokenizer(texts, padding="max_length", truncation=True, max_length=max_length, return_tensors="pt")''',
            '''\
def encode_batch(texts, max_length):
    return tokenizer(texts, padding=True, return_tensors="pt")''',
            '''\
def encode_batch(texts, max_length):
    out = tokenizer(texts, padding=True, return_tensors="pt")
    return {"input_ids": out["input_ids"][:, :max_length], "attention_mask": out["attention_mask"][:, :max_length]}''',
            '''\
def encode_batch(texts, max_length):
    return tokenizer(texts, padding=True, truncation=True, max_length=max_length, add_special_tokens=False, return_tensors="pt")''',
            '''\
def encode_batch(texts, max_length):
    return tokenizer(texts, padding=True, truncation=True, max_length=max_length - 2, return_tensors="pt")''',
            '''\
MAX_LEN = 16
def encode_batch(texts, max_length):
    return tokenizer(texts, padding=True, truncation=True, max_length=MAX_LEN, return_tensors="pt")''',
            '''\
def encode_batch(texts, max_length):
    out = tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
    return {"input_ids": out["input_ids"], "attention_mask": torch.ones_like(out["input_ids"])}''',
            '''\
def encode_batch(texts, max_length):
    return tokenizer(texts, padding=True, truncation=True, max_length=max_length, return_tensors="np")''',
        ],
        "right": [
            '''\
def encode_batch(texts, max_length):
    cls, sep = tokenizer.cls_token_id, tokenizer.sep_token_id
    rows = []
    for t in texts:
        body = tokenizer.encode(t, add_special_tokens=False)[:max(max_length - 2, 0)]
        rows.append([cls] + body + [sep])
    L = max(len(r) for r in rows)
    ids = torch.zeros((len(rows), L), dtype=torch.long)
    mask = torch.zeros((len(rows), L), dtype=torch.long)
    for i, r in enumerate(rows):
        ids[i, :len(r)] = torch.tensor(r)
        mask[i, :len(r)] = 1
    return {"input_ids": ids, "attention_mask": mask}''',
            '''\
def encode_batch(texts, max_length):
    out = tokenizer(texts, padding="longest", truncation="longest_first", max_length=max_length,
                    add_special_tokens=True, return_tensors="pt")
    return {"input_ids": out["input_ids"], "attention_mask": out["attention_mask"]}''',
        ],
    },
    "p3.tokens.pack_context": {
        "wrong": [
            '''\
def pack_context(question, passages, max_tokens):
    total = len(tokenizer.tokenize(question))
    out = []
    for p in passages:
        n = len(tokenizer.tokenize(p))
        if total + n < max_tokens:
            total += n
            out.append(p)
        else:
            break
    return out''',
            '''\
def pack_context(question, passages, max_tokens):
    total = len(tokenizer.tokenize(question))
    out = []
    for p in passages:
        n = len(tokenizer.tokenize(p))
        if total + n <= max_tokens:
            total += n
            out.append(p)
        else:
            continue
    return out''',
            '''\
def pack_context(question, passages, max_tokens):
    total = 0
    out = []
    for p in passages:
        n = len(tokenizer.tokenize(p))
        if total + n <= max_tokens:
            total += n
            out.append(p)
        else:
            break
    return out''',
            '''\
def pack_context(question, passages, max_tokens):
    total = len(tokenizer(question)['input_ids'])
    out = []
    for p in passages:
        n = len(tokenizer(p)['input_ids'])
        if total + n <= max_tokens:
            total += n
            out.append(p)
        else:
            break
    return out''',
            '''\
def pack_context(question, passages, max_tokens):
    total = len(question.split())
    out = []
    for p in passages:
        n = len(p.split())
        if total + n <= max_tokens:
            total += n
            out.append(p)
        else:
            break
    return out''',
            '''\
def pack_context(question, passages, max_tokens):
    total = len(tokenizer.tokenize(question)); out = []
    for p in passages:
        out.append(p)
        total += len(tokenizer.tokenize(p))
        if total > max_tokens:
            break
    return out''',
            '''\
def pack_context(question, passages, max_tokens):
    total = len(tokenizer.tokenize(question)); out = []
    for p in passages:
        n = len(tokenizer.tokenize(p))
        if total + n > 512:
            break
        total += n; out.append(p)
    return out''',
            '''\
def pack_context(question, passages, max_tokens):
    total = len(question) // 4
    out = []
    for p in passages:
        n = len(p) // 4
        if total + n <= max_tokens:
            total += n
            out.append(p)
        else:
            break
    return out''',
        ],
        "right": [
            '''\
def pack_context(question, passages, max_tokens):
    left = max_tokens - len(tokenizer.tokenize(question))
    if left < 0:
        return []
    out = []
    for p in passages:
        n = len(tokenizer.tokenize(p))
        if n > left:
            break
        left -= n
        out.append(p)
    return out''',
            '''\
from itertools import accumulate
def pack_context(question, passages, max_tokens):
    passages = list(passages)
    sizes = [len(tokenizer.tokenize(question))] + [len(tokenizer.tokenize(p)) for p in passages]
    totals = list(accumulate(sizes))
    if totals[0] > max_tokens:
        return []
    n = 0
    for t in totals[1:]:
        if t > max_tokens:
            break
        n += 1
    return passages[:n]''',
        ],
    },
    "p3.embeddings.mean_pool": {
        "wrong": [
            '''\
def mean_pool(token_states, attention_mask):
    return token_states.mean(dim=1)''',
            '''\
def mean_pool(token_states, attention_mask):
    m = attention_mask.unsqueeze(-1).float()
    return (token_states * m).sum(1) / token_states.shape[1]''',
            '''\
def mean_pool(token_states, attention_mask):
    return token_states[:, 0]''',
            '''\
def mean_pool(token_states, attention_mask):
    m = attention_mask.unsqueeze(-1).bool()
    return token_states.masked_fill(~m, float("-inf")).max(1).values''',
            '''\
def mean_pool(token_states, attention_mask):
    m = attention_mask.unsqueeze(-1).float()
    v = (token_states * m).sum(1) / m.sum(1)
    return torch.nn.functional.normalize(v, dim=-1)''',
            '''\
def mean_pool(token_states, attention_mask):
    m = attention_mask.unsqueeze(-1).float()
    return (token_states * m).sum(1) / m.sum()''',
            '''\
def mean_pool(token_states, attention_mask):
    m = batch["attention_mask"].unsqueeze(-1).float()
    n = min(m.shape[1], token_states.shape[1])
    return (token_states[:, :n] * m[:, :n]).sum(1) / m[:, :n].sum(1)''',
            '''\
def mean_pool(token_states, attention_mask):
    m = attention_mask.clone().float()
    lengths = attention_mask.sum(1)
    m[torch.arange(m.shape[0]), lengths - 1] = 0
    m = m.unsqueeze(-1)
    return (token_states * m).sum(1) / m.sum(1)''',
        ],
        "right": [
            '''\
def mean_pool(token_states, attention_mask):
    return torch.stack([token_states[i][attention_mask[i].bool()].mean(0) for i in range(token_states.shape[0])])''',
            '''\
def mean_pool(token_states, attention_mask):
    m = attention_mask.float()
    summed = torch.einsum("nld,nl->nd", token_states.float(), m)
    return summed / m.sum(dim=1, keepdim=True)''',
        ],
    },
}
