# ruff: noqa: E501  (answers kept as the blind red team wrote them)
"""Blind red-team answers for notebook 03d: written from the prompts and setups only.

For p3.decoding.generate, p3.llm_eval.qa_scores, p3.llm_eval.system_report.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
"""

CASES: dict[str, dict[str, list[str]]] = {
    "p3.decoding.generate": {
        "wrong": [
            '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    seq = torch.as_tensor(prompt_ids).clone()
    new = []
    with torch.no_grad():
        for _ in range(steps):
            scores = lm(seq[None, -context:])[0, -1]
            if temperature == 0:
                nxt = int(torch.argmax(scores))
            else:
                scores = scores / temperature
                if top_k is not None:
                    kth = torch.topk(scores, min(top_k, scores.numel())).values[-1]
                    scores = scores.masked_fill(scores < kth, float("-inf"))
                probs = torch.softmax(scores, -1)
                nxt = int(torch.multinomial(probs, 1, generator=g))
            new.append(nxt)
            seq = torch.cat([seq, torch.tensor([nxt], dtype=seq.dtype)])
    return seq.tolist()''',
            '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    seq = torch.as_tensor(prompt_ids).clone()
    new = []
    with torch.no_grad():
        for _ in range(steps):
            scores = lm(seq[None, -context:])[0, 0]
            if temperature == 0:
                nxt = int(torch.argmax(scores))
            else:
                scores = scores / temperature
                if top_k is not None:
                    kth = torch.topk(scores, min(top_k, scores.numel())).values[-1]
                    scores = scores.masked_fill(scores < kth, float("-inf"))
                probs = torch.softmax(scores, -1)
                nxt = int(torch.multinomial(probs, 1, generator=g))
            new.append(nxt)
            seq = torch.cat([seq, torch.tensor([nxt], dtype=seq.dtype)])
    return new''',
            '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    seq = torch.as_tensor(prompt_ids).clone()
    new = []
    with torch.no_grad():
        for _ in range(steps):
            scores = lm(seq[None, -context:])[0, -1]
            if temperature == 0:
                nxt = int(torch.argmax(scores))
            else:
                scores = scores
                if top_k is not None:
                    kth = torch.topk(scores, min(top_k, scores.numel())).values[-1]
                    scores = scores.masked_fill(scores < kth, float("-inf"))
                probs = torch.softmax(scores, -1)
                nxt = int(torch.multinomial(probs, 1, generator=g))
            new.append(nxt)
            seq = torch.cat([seq, torch.tensor([nxt], dtype=seq.dtype)])
    return new''',
            '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    seq = torch.as_tensor(prompt_ids).clone()
    new = []
    with torch.no_grad():
        for _ in range(steps):
            scores = lm(seq[None, -context:])[0, -1]
            if temperature == 0:
                nxt = int(torch.argmax(scores))
            else:
                scores = scores / temperature
                if top_k is not None:
                    kth = torch.topk(scores, min(top_k + 1, scores.numel())).values[-1]
                    scores = scores.masked_fill(scores < kth, float("-inf"))
                probs = torch.softmax(scores, -1)
                nxt = int(torch.multinomial(probs, 1, generator=g))
            new.append(nxt)
            seq = torch.cat([seq, torch.tensor([nxt], dtype=seq.dtype)])
    return new''',
            '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    seq = torch.as_tensor(prompt_ids).clone()
    new = []
    with torch.no_grad():
        for _ in range(steps):
            scores = lm(seq[None, -context + 1:])[0, -1]
            if temperature == 0:
                nxt = int(torch.argmax(scores))
            else:
                scores = scores / temperature
                if top_k is not None:
                    kth = torch.topk(scores, min(top_k, scores.numel())).values[-1]
                    scores = scores.masked_fill(scores < kth, float("-inf"))
                probs = torch.softmax(scores, -1)
                nxt = int(torch.multinomial(probs, 1, generator=g))
            new.append(nxt)
            seq = torch.cat([seq, torch.tensor([nxt], dtype=seq.dtype)])
    return new''',
            '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    seq = torch.as_tensor(prompt_ids).clone()
    new = []
    with torch.no_grad():
        for _ in range(steps):
            scores = lm(seq[None, -context:])[0, -1]
            if temperature == 0:
                nxt = int(torch.argmax(scores))
            else:
                scores = scores / temperature
                if top_k is not None:
                    kth = torch.topk(scores, min(top_k, scores.numel())).values[-1]
                    scores = scores.masked_fill(scores < kth, float("-inf"))
                probs = torch.softmax(scores, -1)
                nxt = int(torch.multinomial(probs, 1, generator=torch.Generator().manual_seed(seed)))
            new.append(nxt)
            seq = torch.cat([seq, torch.tensor([nxt], dtype=seq.dtype)])
    return new''',
            '''\
_G = torch.Generator().manual_seed(0)

def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    seq = torch.as_tensor(prompt_ids).clone()
    new = []
    with torch.no_grad():
        for _ in range(steps):
            scores = lm(seq[None, -context:])[0, -1]
            if temperature == 0:
                nxt = int(torch.argmax(scores))
            else:
                scores = scores / temperature
                if top_k is not None:
                    kth = torch.topk(scores, min(top_k, scores.numel())).values[-1]
                    scores = scores.masked_fill(scores < kth, float("-inf"))
                probs = torch.softmax(scores, -1)
                nxt = int(torch.multinomial(probs, 1, generator=_G))
            new.append(nxt)
            seq = torch.cat([seq, torch.tensor([nxt], dtype=seq.dtype)])
    return new''',
            '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    g = torch.Generator().manual_seed(seed)
    seq = torch.as_tensor(prompt_ids).clone()
    new = []
    with torch.no_grad():
        for _ in range(steps - 1):
            scores = lm(seq[None, -context:])[0, -1]
            if temperature == 0:
                nxt = int(torch.argmax(scores))
            else:
                scores = scores / temperature
                if top_k is not None:
                    kth = torch.topk(scores, min(top_k, scores.numel())).values[-1]
                    scores = scores.masked_fill(scores < kth, float("-inf"))
                probs = torch.softmax(scores, -1)
                nxt = int(torch.multinomial(probs, 1, generator=g))
            new.append(nxt)
            seq = torch.cat([seq, torch.tensor([nxt], dtype=seq.dtype)])
    return new''',
        ],
        "right": [
            '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    gen = torch.Generator().manual_seed(seed)
    ids_ = list(torch.as_tensor(prompt_ids).tolist())
    out = []
    for _ in range(steps):
        with torch.no_grad():
            logits = lm(torch.tensor(ids_)[None, -context:])[0, -1]
        if temperature == 0:
            t = int(logits.argmax())
        else:
            logits = logits / temperature
            if top_k is None:
                t = int(torch.multinomial(torch.softmax(logits, -1), 1, generator=gen))
            else:
                vals, idx = torch.topk(logits, min(top_k, logits.numel()))
                t = int(idx[torch.multinomial(torch.softmax(vals, -1), 1, generator=gen)])
        out.append(t); ids_.append(t)
    return out''',
            '''\
def generate(lm, prompt_ids, steps, temperature, top_k, seed):
    gen = torch.Generator().manual_seed(seed)
    x = torch.as_tensor(prompt_ids).long()
    out = []
    for _ in range(steps):
        with torch.no_grad():
            s = lm(x[None, -context:])[0, -1].float()
        if temperature == 0:
            t = int(torch.argmax(s).item())
        else:
            s = s / temperature
            if top_k is not None:
                keep = torch.zeros_like(s, dtype=torch.bool)
                keep[torch.topk(s, min(top_k, s.numel())).indices] = True
                s = torch.where(keep, s, torch.full_like(s, float("-inf")))
            t = int(torch.multinomial(torch.softmax(s, dim=-1), num_samples=1, generator=gen).item())
        out.append(t)
        x = torch.cat([x, torch.tensor([t])])
    return out''',
        ],
    },
    "p3.llm_eval.qa_scores": {
        "wrong": [
            '''\
def qa_scores(prediction, truth):
    p, t = normalise(prediction), normalise(truth)
    em = float(prediction == truth)
    pw, tw = p.split(), t.split()
    if not pw or not tw:
        return em, float(pw == tw)
    common = sum((Counter(pw) & Counter(tw)).values())
    if common == 0:
        return em, 0.0
    prec, rec = common / len(pw), common / len(tw)
    return em, 2 * prec * rec / (prec + rec)''',
            '''\
def qa_scores(prediction, truth):
    p, t = normalise(prediction), normalise(truth)
    em = float(p == t)
    pw, tw = p.split(), t.split()
    if not pw or not tw:
        return em, float(pw == tw)
    common = len(set(pw) & set(tw))
    if common == 0:
        return em, 0.0
    prec, rec = common / len(pw), common / len(tw)
    return em, 2 * prec * rec / (prec + rec)''',
            '''\
def qa_scores(prediction, truth):
    p, t = normalise(prediction), normalise(truth)
    em = float(p == t)
    pw, tw = p.split(), t.split()
    if not pw or not tw:
        return em, 0.0
    common = sum((Counter(pw) & Counter(tw)).values())
    if common == 0:
        return em, 0.0
    prec, rec = common / len(pw), common / len(tw)
    return em, 2 * prec * rec / (prec + rec)''',
            '''\
def qa_scores(prediction, truth):
    p, t = normalise(prediction), normalise(truth)
    em = float(p == t)
    pw, tw = p.split(), t.split()
    if not pw or not tw:
        return em, float(pw == tw)
    common = sum((Counter(pw) & Counter(tw)).values())
    if common == 0:
        return em, 0.0
    prec, rec = common / len(pw), common / len(tw)
    return em, (prec + rec) / 2''',
            '''\
def qa_scores(prediction, truth):
    p, t = normalise(prediction), normalise(truth)
    em = float(p == t)
    pw, tw = p.split(), t.split()
    if not pw or not tw:
        return em, float(pw == tw)
    common = sum(1 for w in pw if w in tw)
    if common == 0:
        return em, 0.0
    prec, rec = common / len(pw), common / len(tw)
    return em, 2 * prec * rec / (prec + rec)''',
            '''\
def qa_scores(prediction, truth):
    p, t = normalise(prediction), truth.lower()
    em = float(p == t)
    pw, tw = p.split(), t.split()
    if not pw or not tw:
        return em, float(pw == tw)
    common = sum((Counter(pw) & Counter(tw)).values())
    if common == 0:
        return em, 0.0
    prec, rec = common / len(pw), common / len(tw)
    return em, 2 * prec * rec / (prec + rec)''',
            '''\
def qa_scores(prediction, truth):
    p, t = normalise(prediction), normalise(truth)
    em = p == t
    pw, tw = p.split(), t.split()
    if not pw or not tw:
        return em, float(pw == tw)
    common = sum((Counter(pw) & Counter(tw)).values())
    if common == 0:
        return em, 0.0
    prec, rec = common / len(pw), common / len(tw)
    return em, 2 * prec * rec / (prec + rec)''',
            '''\
def qa_scores(prediction, truth):
    p, t = normalise(prediction), normalise(truth)
    em = float(p == t)
    pw, tw = p.split(), t.split()
    if not pw or not tw:
        return em, float(pw == tw)
    common = sum((Counter(p) & Counter(t)).values())
    if common == 0:
        return em, 0.0
    prec, rec = common / len(pw), common / len(tw)
    return em, 2 * (common / len(p)) * (common / len(t)) / ((common / len(p)) + (common / len(t)))''',
        ],
        "right": [
            '''\
def qa_scores(prediction, truth):
    p, t = normalise(prediction), normalise(truth)
    exact = 1.0 if p == t else 0.0
    pw, tw = p.split(), t.split()
    if len(pw) == 0 or len(tw) == 0:
        return exact, 1.0 if len(pw) == len(tw) == 0 else 0.0
    left = list(tw); common = 0
    for w in pw:
        if w in left:
            left.remove(w); common += 1
    if common == 0:
        return exact, 0.0
    return exact, float(2 * common / (len(pw) + len(tw)))''',
            '''\
def qa_scores(prediction, truth):
    pc, tc = Counter(normalise(prediction).split()), Counter(normalise(truth).split())
    em = float(normalise(prediction) == normalise(truth))
    if not pc or not tc:
        return em, float(not pc and not tc)
    common = sum(min(pc[w], tc[w]) for w in pc)
    if not common:
        return em, 0.0
    precision = common / sum(pc.values()); recall = common / sum(tc.values())
    return em, 2 * precision * recall / (precision + recall)''',
        ],
    },
    "p3.llm_eval.system_report": {
        "wrong": [
            '''\
def system_report(records, passages, price_in, price_out):
    text = dict(zip(passages["id"], passages["text"]))
    answered = [r for r in records if r["answer"] is not None]
    ok = 0
    for r in answered:
        a = normalise(r["answer"])
        if all(a in normalise(text.get(c, "")) for c in r["citations"]):
            ok += 1
    faith = ok / len(answered) if answered else 1.0
    costs = [(r["tokens_in"] * price_in + r["tokens_out"] * price_out) / 1e6 for r in records]
    return {"faithfulness": float(faith), "cost_per_query": float(np.mean(costs)),
            "p95_seconds": float(np.percentile([r["seconds"] for r in records], 95))}''',
            '''\
def system_report(records, passages, price_in, price_out):
    text = dict(zip(passages["id"], passages["text"]))
    answered = [r for r in records if r["answer"] is not None]
    ok = 0
    for r in answered:
        a = normalise(r["answer"])
        if any(a in normalise(text.get(c, "")) for c in r["citations"]):
            ok += 1
    faith = ok / len(answered) if answered else 1.0
    costs = [(r["tokens_in"] * price_in + r["tokens_out"] * price_out) / 1e6 for r in records]
    return {"faithfulness": float(faith), "cost_per_query": float(np.mean(costs)),
            "p95_seconds": float(np.percentile([r["seconds"] for r in records], 95))}''',
            '''\
def system_report(records, passages, price_in, price_out):
    text = dict(zip(passages["id"], passages["text"]))
    answered = [r for r in records if r["answer"] is not None]
    ok = 0
    for r in answered:
        a = normalise(r["answer"])
        if r["citations"] and all(r["answer"] in text.get(c, "") for c in r["citations"]):
            ok += 1
    faith = ok / len(answered) if answered else 1.0
    costs = [(r["tokens_in"] * price_in + r["tokens_out"] * price_out) / 1e6 for r in records]
    return {"faithfulness": float(faith), "cost_per_query": float(np.mean(costs)),
            "p95_seconds": float(np.percentile([r["seconds"] for r in records], 95))}''',
            '''\
def system_report(records, passages, price_in, price_out):
    text = dict(zip(passages["id"], passages["text"]))
    answered = [r for r in records if r["answer"] is not None]
    ok = 0
    for r in answered:
        a = normalise(r["answer"])
        if r["citations"] and all(a in normalise(text[c]) for c in r["citations"] if c in text):
            ok += 1
    faith = ok / len(answered) if answered else 1.0
    costs = [(r["tokens_in"] * price_in + r["tokens_out"] * price_out) / 1e6 for r in records]
    return {"faithfulness": float(faith), "cost_per_query": float(np.mean(costs)),
            "p95_seconds": float(np.percentile([r["seconds"] for r in records], 95))}''',
            '''\
def system_report(records, passages, price_in, price_out):
    text = dict(zip(passages["id"], passages["text"]))
    answered = [r for r in records if True]
    ok = 0
    for r in answered:
        a = normalise(r["answer"])
        if r["answer"] is not None and r["citations"] and all(a in normalise(text.get(c, "")) for c in r["citations"]):
            ok += 1
    faith = ok / len(answered) if answered else 1.0
    costs = [(r["tokens_in"] * price_in + r["tokens_out"] * price_out) / 1e6 for r in records]
    return {"faithfulness": float(faith), "cost_per_query": float(np.mean(costs)),
            "p95_seconds": float(np.percentile([r["seconds"] for r in records], 95))}''',
            '''\
def system_report(records, passages, price_in, price_out):
    text = dict(zip(passages["id"], passages["text"]))
    answered = [r for r in records if r["answer"] is not None]
    ok = 0
    for r in answered:
        a = normalise(r["answer"])
        if r["citations"] and all(a in normalise(text.get(c, "")) for c in r["citations"]):
            ok += 1
    faith = ok / len(answered) if answered else 0.0
    costs = [(r["tokens_in"] * price_in + r["tokens_out"] * price_out) / 1e6 for r in records]
    return {"faithfulness": float(faith), "cost_per_query": float(np.mean(costs)),
            "p95_seconds": float(np.percentile([r["seconds"] for r in records], 95))}''',
            '''\
def system_report(records, passages, price_in, price_out):
    text = dict(zip(passages["id"], passages["text"]))
    answered = [r for r in records if r["answer"] is not None]
    ok = 0
    for r in answered:
        a = normalise(r["answer"])
        if r["citations"] and all(a in normalise(text.get(c, "")) for c in r["citations"]):
            ok += 1
    faith = ok / len(answered) if answered else 1.0
    costs = [(r["tokens_in"] * price_in + r["tokens_out"] * price_out) / 1e6 for r in [r for r in records if r["answer"] is not None] or records]
    return {"faithfulness": float(faith), "cost_per_query": float(np.mean(costs)),
            "p95_seconds": float(np.percentile([r["seconds"] for r in records], 95))}''',
            '''\
def system_report(records, passages, price_in, price_out):
    text = dict(zip(passages["id"], passages["text"]))
    answered = [r for r in records if r["answer"] is not None]
    ok = 0
    for r in answered:
        a = normalise(r["answer"])
        if r["citations"] and all(a in normalise(text.get(c, "")) for c in r["citations"]):
            ok += 1
    faith = ok / len(answered) if answered else 1.0
    costs = [(r["tokens_in"] * price_in + r["tokens_out"] * price_out) / 1e3 for r in records]
    return {"faithfulness": float(faith), "cost_per_query": float(np.mean(costs)),
            "p95_seconds": float(np.percentile([r["seconds"] for r in records], 95))}''',
            '''\
def system_report(records, passages, price_in, price_out):
    text = dict(zip(passages["id"], passages["text"]))
    answered = [r for r in records if r["answer"] is not None]
    ok = 0
    for r in answered:
        a = normalise(r["answer"])
        if r["citations"] and all(a in normalise(text.get(c, "")) for c in r["citations"]):
            ok += 1
    faith = ok / len(answered) if answered else 1.0
    costs = [(r["tokens_in"] * price_in + r["tokens_out"] * price_out) / 1e6 for r in records]
    return {"faithfulness": float(faith), "cost_per_query": float(np.mean(costs)),
            "p95_seconds": float(sorted(r["seconds"] for r in records)[int(0.95 * (len(records) - 1))])}''',
        ],
        "right": [
            '''\
def system_report(records, passages, price_in, price_out):
    text = dict(zip(passages["id"], passages["text"]))
    answered = [r for r in records if r["answer"] is not None]
    ok = 0
    for r in answered:
        a = normalise(r["answer"])
        if r["citations"] and all(a in normalise(text.get(c, "")) for c in r["citations"]):
            ok += 1
    faith = ok / len(answered) if answered else 1.0
    costs = [(r["tokens_in"] * price_in + r["tokens_out"] * price_out) / 1e6 for r in records]
    return {"faithfulness": float(faith), "cost_per_query": float(np.mean(costs)),
            "p95_seconds": float(np.quantile(np.array([r["seconds"] for r in records], dtype=float), 0.95))}''',
            '''\
import pandas as pd
def system_report(records, passages, price_in, price_out):
    df = pd.DataFrame(list(records))
    lookup = {pid: normalise(t) for pid, t in zip(passages["id"], passages["text"])}
    def faithful(row):
        cites = list(row["citations"])
        a = normalise(row["answer"])
        return len(cites) > 0 and all(c in lookup and a in lookup[c] for c in cites)
    ans = df[df["answer"].notna()]
    faith = float(ans.apply(faithful, axis=1).mean()) if len(ans) else 1.0
    cost = float(((df["tokens_in"] * price_in + df["tokens_out"] * price_out) / 1_000_000).mean())
    return {"faithfulness": faith, "cost_per_query": cost,
            "p95_seconds": float(np.percentile(df["seconds"].to_numpy(dtype=float), 95))}''',
        ],
    },
}
