# ruff: noqa: E501  (answers kept as the blind red team wrote them)
"""Blind red-team answers for notebook 03d: written from the prompts and setups only.

For p3.search.top_k, p3.search.semantic_search, p3.metrics.recall_at_k, p3.metrics.mrr, p3.metrics.ndcg_at_k.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
"""

CASES: dict[str, dict[str, list[str]]] = {
    "p3.search.top_k": {
        "wrong": [
            '''\
def top_k(query, docs, k):
    s = np.asarray(docs) @ np.asarray(query)
    return [int(i) for i in np.argsort(-s, kind="stable")[:k]]''',
            '''\
def top_k(query, docs, k):
    D = np.asarray(docs, float); q = np.asarray(query, float)
    s = D @ q / (np.linalg.norm(D, axis=1) * np.linalg.norm(q))
    return [int(i) for i in np.argsort(s, kind="stable")[:k]]''',
            '''\
def top_k(query, docs, k):
    D = np.asarray(docs, float); q = np.asarray(query, float)
    s = D @ q / (np.linalg.norm(D, axis=1) * np.linalg.norm(q))
    return [int(i) for i in np.argsort(s, kind="stable")[::-1][:k]]''',
            '''\
def top_k(query, docs, k):
    D = np.asarray(docs, float); q = np.asarray(query, float)
    s = D @ q / (np.linalg.norm(D, axis=1) * np.linalg.norm(q))
    order = sorted(range(len(D)), key=lambda i: (s[i], -i))
    return order[-k:][::-1]''',
            '''\
def top_k(query, docs, k):
    q = np.asarray(query, float); q = q / np.linalg.norm(q)
    s = np.asarray(docs, float) @ q
    return [int(i) for i in np.argsort(-s, kind="stable")[:k]]''',
            '''\
def top_k(query, docs, k):
    d = np.linalg.norm(np.asarray(docs, float) - np.asarray(query, float), axis=1)
    return [int(i) for i in np.argsort(d, kind="stable")[:k]]''',
            '''\
def top_k(query, docs, k):
    D = np.asarray(docs, float); q = np.asarray(query, float)
    s = D @ q / (np.linalg.norm(D, axis=1) * np.linalg.norm(q))
    return [int(i) for i in np.argsort(-s, kind="stable")[:5]]''',
            '''\
def top_k(query, docs, k):
    D = np.asarray(docs, float); q = np.asarray(query, float)
    s = D @ q / (np.linalg.norm(D, axis=1) * np.linalg.norm(q))
    return sorted(s.tolist(), reverse=True)[:k]''',
        ],
        "right": [
            '''\
def top_k(query, docs, k):
    q = np.asarray(query, dtype=float); D = np.asarray(docs, dtype=float)
    s = D @ q / (np.linalg.norm(D, axis=1) * np.linalg.norm(q))
    return sorted(range(len(D)), key=lambda i: (-s[i], i))[:k]''',
            '''\
def top_k(query, docs, k):
    q = np.asarray(query, dtype=float); D = np.asarray(docs, dtype=float)
    s = (D / np.linalg.norm(D, axis=1, keepdims=True)) @ (q / np.linalg.norm(q))
    order = np.lexsort((np.arange(len(D)), -s))
    return [int(i) for i in order[:max(k, 0)]]''',
        ],
    },
    "p3.search.semantic_search": {
        "wrong": [
            '''\
def semantic_search(query, k):
    s = doc_vectors @ language.embed([query])[0]
    return [int(i) for i in np.argsort(-s)[:k]]''',
            '''\
def semantic_search(query, k):
    s = doc_vectors @ language.embed([query])[0]
    return list(passages["id"].iloc[np.argsort(s)[:k]])''',
            '''\
def semantic_search(query, k):
    s = doc_vectors @ language.embed([query])[0]
    return list(passages["title"].iloc[np.argsort(-s)[:k]])''',
            '''\
def semantic_search(query, k):
    s = doc_vectors @ language.embed([query])[0]
    return list(passages["id"].iloc[np.argsort(-s)[:3]])''',
            '''\
def semantic_search(query, k):
    s = doc_vectors @ language.embed([query])[0]
    return sorted(passages["id"].iloc[np.argsort(-s)[:k]])''',
            '''\
def semantic_search(query, k):
    s = doc_vectors @ language.embed([query])[0]
    return list(passages["id"].iloc[np.argsort(-s)[1:k + 1]])''',
            '''\
def semantic_search(query, k):
    qw = set(query.lower().split())
    s = np.array([len(qw & set(t.lower().split())) for t in passages["text"]])
    return list(passages["id"].iloc[np.argsort(-s, kind="stable")[:k]])''',
            '''\
title_vectors = language.embed(passages["title"])
def semantic_search(query, k):
    s = title_vectors @ language.embed([query])[0]
    return list(passages["id"].iloc[np.argsort(-s)[:k]][::-1])''',
        ],
        "right": [
            '''\
def semantic_search(query, k):
    q = language.embed([query])[0]
    d = np.linalg.norm(doc_vectors - q, axis=1)          # unit vectors: same order as cosine
    return list(passages["id"].iloc[np.argsort(d, kind="stable")[:k]])''',
            '''\
def semantic_search(query, k):
    q = torch.as_tensor(language.embed([query]))
    s = torch.nn.functional.cosine_similarity(torch.as_tensor(doc_vectors), q)
    idx = torch.topk(s, k=min(k, len(s))).indices.tolist()
    return [passages["id"].tolist()[i] for i in idx]''',
        ],
    },
    "p3.metrics.recall_at_k": {
        "wrong": [
            '''\
def recall_at_k(retrieved, relevant, k):
    if not relevant: return 0.0
    return len(set(retrieved[:k]) & set(relevant)) / k''',
            '''\
def recall_at_k(retrieved, relevant, k):
    if not relevant: return 0.0
    return sum(1 for r in retrieved[:k] if r in set(relevant)) / len(set(relevant))''',
            '''\
def recall_at_k(retrieved, relevant, k):
    if not relevant: return 0.0
    return len(set(retrieved[:k - 1]) & set(relevant)) / len(set(relevant))''',
            '''\
def recall_at_k(retrieved, relevant, k):
    if not relevant: return 0.0
    return len(set(retrieved[:k]) & set(relevant)) / min(k, len(set(relevant)))''',
            '''\
def recall_at_k(retrieved, relevant, k):
    if not relevant: return 1.0
    return len(set(retrieved[:k]) & set(relevant)) / len(set(relevant))''',
            '''\
def recall_at_k(retrieved, relevant, k):
    if not relevant: return 0.0
    return len(set(retrieved) & set(relevant)) / len(set(relevant))''',
            '''\
def recall_at_k(retrieved, relevant, k):
    return 1.0 if set(retrieved[:k]) & set(relevant) else 0.0''',
            '''\
def recall_at_k(retrieved, relevant, k):
    if not relevant: return 0
    return len(set(retrieved[:k]) & set(relevant)) // len(set(relevant))''',
        ],
        "right": [
            '''\
def recall_at_k(retrieved, relevant, k):
    rel = set(relevant)
    if not rel:
        return 0.0
    found = set()
    for r in list(retrieved)[:max(k, 0)]:
        if r in rel:
            found.add(r)
    return float(len(found)) / len(rel)''',
            '''\
def recall_at_k(retrieved, relevant, k):
    rel = set(relevant)
    top = set(list(retrieved)[:k])
    return float(np.mean([r in top for r in rel])) if rel else 0.0''',
        ],
    },
    "p3.metrics.mrr": {
        "wrong": [
            '''\
def mrr(runs):
    if not runs: return 0.0
    tot = 0.0
    for ret, rel in runs:
        for i, r in enumerate(ret, 1):
            if r in rel:
                tot += 1 / (i + 1); break
    return tot / len(runs)''',
            '''\
def mrr(runs):
    if not runs: return 0.0
    tot = 0.0
    for ret, rel in runs:
        rr = 0.0
        for i, r in enumerate(ret, 1):
            if r in rel:
                rr = 1 / i
        tot += rr
    return tot / len(runs)''',
            '''\
def mrr(runs):
    rrs = []
    for ret, rel in runs:
        for i, r in enumerate(ret, 1):
            if r in rel:
                rrs.append(1 / i); break
    return float(np.mean(rrs)) if rrs else 0.0''',
            '''\
def mrr(runs):
    if not runs: return 0.0
    return sum(sum(1 / i for i, r in enumerate(ret, 1) if r in rel) for ret, rel in runs) / len(runs)''',
            '''\
def mrr(runs):
    if not runs: return 1.0
    return sum(next((1 / i for i, r in enumerate(ret, 1) if r in rel), 0.0) for ret, rel in runs) / len(runs)''',
            '''\
def mrr(runs):
    if not runs: return 0.0
    tot = 0.0
    for ret, rel in runs:
        for r in rel:
            if r in ret:
                tot += 1 / (list(ret).index(r) + 1); break
    return tot / len(runs)''',
            '''\
def mrr(runs):
    ranks = []
    for ret, rel in runs:
        ranks.append(next((i for i, r in enumerate(ret, 1) if r in rel), len(ret) + 1))
    return 1 / float(np.mean(ranks)) if ranks else 0.0''',
            '''\
def mrr(runs):
    if not runs: return 0.0
    return sum(next((1 / i for i, r in enumerate(list(ret)[:3], 1) if r in rel), 0.0) for ret, rel in runs) / len(runs)''',
        ],
        "right": [
            '''\
def mrr(runs):
    scores = []
    for ret, rel in runs:
        rel = set(rel)
        hits = [i for i, r in enumerate(ret) if r in rel]
        scores.append(1.0 / (hits[0] + 1) if hits else 0.0)
    return float(np.mean(scores)) if scores else 0.0''',
            '''\
def mrr(runs):
    runs = list(runs)
    total = 0.0
    for ret, rel in runs:
        total += next((1.0 / pos for pos, r in enumerate(ret, start=1) if r in set(rel)), 0.0)
    return total / len(runs) if runs else 0.0''',
        ],
    },
    "p3.metrics.ndcg_at_k": {
        "wrong": [
            '''\
import math
def ndcg_at_k(retrieved, gains, k):
    dcg = sum(gains.get(r, 0) / math.log2(i + 2) for i, r in enumerate(retrieved[:k], 1))
    ideal = sum(g / math.log2(i + 2) for i, g in enumerate(sorted(gains.values(), reverse=True)[:k], 1))
    return dcg / ideal if ideal else 0.0''',
            '''\
import math
def ndcg_at_k(retrieved, gains, k):
    got = [gains.get(r, 0) for r in retrieved[:k]]
    dcg = sum(g / math.log2(i + 1) for i, g in enumerate(got, 1))
    ideal = sum(g / math.log2(i + 1) for i, g in enumerate(sorted(got, reverse=True), 1))
    return dcg / ideal if ideal else 0.0''',
            '''\
import math
def ndcg_at_k(retrieved, gains, k):
    dcg = sum(gains.get(r, 0) / math.log2(i + 1) for i, r in enumerate(retrieved[:k], 1))
    ideal = sum(g / math.log2(i + 1) for i, g in enumerate(sorted(gains.values(), reverse=True), 1))
    return dcg / ideal if ideal else 0.0''',
            '''\
import math
def ndcg_at_k(retrieved, gains, k):
    dcg = sum((2 ** gains.get(r, 0) - 1) / math.log2(i + 1) for i, r in enumerate(retrieved[:k], 1))
    ideal = sum((2 ** g - 1) / math.log2(i + 1) for i, g in enumerate(sorted(gains.values(), reverse=True)[:k], 1))
    return dcg / ideal if ideal else 0.0''',
            '''\
import math
def ndcg_at_k(retrieved, gains, k):
    dcg = sum(gains.get(r, 0) / math.log2(i + 1) for i, r in enumerate(retrieved[:k], 1))
    ideal = sum(g / math.log2(i + 1) for i, g in enumerate(sorted(gains.values(), reverse=True)[:k], 1))
    return dcg / ideal if ideal else 1.0''',
            '''\
import math
def ndcg_at_k(retrieved, gains, k):
    dcg = sum(gains.get(r, 0) / math.log2(i + 1) for i, r in enumerate(retrieved, 1))
    ideal = sum(g / math.log2(i + 1) for i, g in enumerate(sorted(gains.values(), reverse=True)[:k], 1))
    return min(dcg / ideal, 1.0) if ideal else 0.0''',
            '''\
import math
def ndcg_at_k(retrieved, gains, k):
    b = {r: 1 if g > 0 else 0 for r, g in gains.items()}
    dcg = sum(b.get(r, 0) / math.log2(i + 1) for i, r in enumerate(retrieved[:k], 1))
    ideal = sum(g / math.log2(i + 1) for i, g in enumerate(sorted(b.values(), reverse=True)[:k], 1))
    return dcg / ideal if ideal else 0.0''',
        ],
        "right": [
            '''\
def ndcg_at_k(retrieved, gains, k):
    g = np.array([gains.get(r, 0) for r in list(retrieved)[:k]], dtype=float)
    dcg = float((g / np.log2(np.arange(2, len(g) + 2))).sum())
    ig = np.sort(np.array(list(gains.values()), dtype=float))[::-1][:k]
    idcg = float((ig / np.log2(np.arange(2, len(ig) + 2))).sum())
    return dcg / idcg if idcg > 0 else 0.0''',
            '''\
import math
def ndcg_at_k(retrieved, gains, k):
    def dcg(values):
        return sum(v / math.log2(pos + 1) for pos, v in zip(range(1, k + 1), values))
    ideal = dcg(sorted((v for v in gains.values() if v > 0), reverse=True))
    if ideal == 0:
        return 0.0
    return float(dcg([gains.get(r, 0) for r in retrieved]) / ideal)''',
            '''\
import math
def ndcg_at_k(retrieved, gains, k):
    dcg = sum(gains.get(r, 0) / math.log(i + 1) for i, r in enumerate(retrieved[:k], 1))
    ideal = sum(g / math.log(i + 1) for i, g in enumerate(sorted(gains.values(), reverse=True)[:k], 1))
    return dcg / ideal if ideal else 0.0''',
        ],
    },
}
