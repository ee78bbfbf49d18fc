# ruff: noqa: E501  (answers kept as the blind red team wrote them)
"""Blind red-team answers for notebook 03d: written from the prompts and setups only.

For p3.rag.chunk_words, p3.rag.grounded_answer, p3.finetune.frozen_head, p3.finetune.lora, p3.finetune.adapter_reload.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
"""

CASES: dict[str, dict[str, list[str]]] = {
    "p3.rag.chunk_words": {
        "wrong": [
            '''\
def chunk_words(text, size, overlap):
    w = text.split()
    return [" ".join(w[i:i + size]) for i in range(0, len(w), size - overlap)]''',
            '''\
def chunk_words(text, size, overlap):
    w = text.split()
    return [" ".join(w[i:i + size]) for i in range(0, len(w), size)]''',
            '''\
def chunk_words(text, size, overlap):
    w = text.split(); out = []; i = 0
    while w:
        out.append(" ".join(w[i:i + size]))
        if i + size >= len(w): break
        i += max(overlap, 1)
    return out''',
            '''\
def chunk_words(text, size, overlap):
    w = text.split(" "); out = []; i = 0
    while True:
        out.append(" ".join(w[i:i + size]))
        if i + size >= len(w): break
        i += size - overlap
    return out''',
            '''\
def chunk_words(text, size, overlap):
    w = text.split(); out = []; i = 0
    while w:
        out.append(" ".join(w[i:i + size]))
        if i + size > len(w): break
        i += size - overlap
    return out''',
            '''\
def chunk_words(text, size, overlap):
    w = text.split()
    return [" ".join(w[i:i + size]) for i in range(0, len(w) - size + 1, size - overlap)]''',
            '''\
def chunk_words(text, size, overlap):
    out = []; i = 0
    while i < len(text):
        out.append(text[i:i + size])
        if i + size >= len(text): break
        i += size - overlap
    return out''',
            '''\
def chunk_words(text, size, overlap):
    w = text.split(); out = []; i = 0
    while True:
        out.append(" ".join(w[i:i + size]))
        if i + size >= len(w): break
        i += size - overlap
    return out''',
        ],
        "right": [
            '''\
import re, math
def chunk_words(text, size, overlap):
    w = [x for x in re.split(r"\\s+", text) if x]
    if not w:
        return []
    step = size - overlap
    n = 1 + max(0, math.ceil((len(w) - size) / step))
    return [" ".join(w[j * step:j * step + size]) for j in range(n)]''',
            '''\
def chunk_words(text, size, overlap):
    words = text.split()
    chunks = []
    start = 0
    while start < len(words):
        end = min(start + size, len(words))
        chunks.append(" ".join(words[start:end]))
        if end == len(words):
            break
        start = end - overlap
    return chunks''',
        ],
    },
    "p3.rag.grounded_answer": {
        "wrong": [
            '''\
def grounded_answer(question, passages, threshold):
    pids, sents, allsents = [], [], []
    for pid, text in zip(passages["id"], passages["text"]):
        for s in help_center.sentences(text):
            allsents.append(s)
            if True:
                pids.append(pid); sents.append(s)
    if not sents:
        return {"answer": None, "citations": []}
    S = language.embed(sents); q = language.embed([question])[0]
    sims = S @ q
    b = int(np.argmax(sims))
    if sims[b] < threshold:
        return {"answer": None, "citations": []}
    pid = pids[b] if b < len(pids) else pids[-1]
    return {"answer": sents[b], "citations": [pid]}''',
            '''\
def grounded_answer(question, passages, threshold):
    pids, sents, allsents = [], [], []
    for pid, text in zip(passages["id"], passages["text"]):
        for s in help_center.sentences(text):
            allsents.append(s)
            if not help_center.looks_like_instruction(s):
                pids.append(pid); sents.append(s)
    if not allsents:
        return {"answer": None, "citations": []}
    S = language.embed(allsents); q = language.embed([question])[0]
    sims = S @ q
    b = int(np.argmax(sims))
    if sims[b] < threshold:
        return {"answer": None, "citations": []}
    pid = pids[b] if b < len(pids) else pids[-1]
    return {"answer": allsents[b], "citations": [pid]}''',
            '''\
def grounded_answer(question, passages, threshold):
    pids, sents, allsents = [], [], []
    for pid, text in zip(passages["id"], passages["text"]):
        for s in help_center.sentences(text):
            allsents.append(s)
            if not help_center.looks_like_instruction(s):
                pids.append(pid); sents.append(s)
    if not sents:
        return {"answer": None, "citations": []}
    S = language.embed(sents); q = language.embed([question])[0]
    sims = S @ q
    b = int(np.argmax(sims))
    if sims[b] <= threshold:
        return {"answer": None, "citations": []}
    pid = pids[b] if b < len(pids) else pids[-1]
    return {"answer": sents[b], "citations": [pid]}''',
            '''\
def grounded_answer(question, passages, threshold):
    pids, sents, allsents = [], [], []
    for pid, text in zip(passages["id"], passages["text"]):
        for s in [text]:
            allsents.append(s)
            if not help_center.looks_like_instruction(s):
                pids.append(pid); sents.append(s)
    if not sents:
        return {"answer": None, "citations": []}
    S = language.embed(sents); q = language.embed([question])[0]
    sims = S @ q
    b = int(np.argmax(sims))
    if sims[b] < threshold:
        return {"answer": None, "citations": []}
    pid = pids[b] if b < len(pids) else pids[-1]
    return {"answer": sents[b], "citations": [pid]}''',
            '''\
def grounded_answer(question, passages, threshold):
    pids, sents, allsents = [], [], []
    for pid, text in zip(passages["id"], passages["text"]):
        for s in help_center.sentences(text):
            allsents.append(s)
            if not help_center.looks_like_instruction(s):
                pids.append(pid); sents.append(s)
    if not sents:
        return {"answer": None, "citations": []}
    S = language.embed(sents); q = language.embed([question])[0]
    sims = S @ q
    b = int(np.argmax(sims))
    if sims[b] < threshold:
        return {"answer": None, "citations": []}
    pid = pids[b] if b < len(pids) else pids[-1]
    return {"answer": sents[b], "citations": pid}''',
            '''\
corpus = passages

def grounded_answer(question, passages, threshold):
    pids, sents, allsents = [], [], []
    for pid, text in zip(corpus["id"], corpus["text"]):
        for s in help_center.sentences(text):
            allsents.append(s)
            if not help_center.looks_like_instruction(s):
                pids.append(pid); sents.append(s)
    if not sents:
        return {"answer": None, "citations": []}
    S = language.embed(sents); q = language.embed([question])[0]
    sims = S @ q
    b = int(np.argmax(sims))
    if sims[b] < threshold:
        return {"answer": None, "citations": []}
    pid = pids[b] if b < len(pids) else pids[-1]
    return {"answer": sents[b], "citations": [pid]}''',
            '''\
def grounded_answer(question, passages, threshold):
    pids, sents, allsents = [], [], []
    for pid, text in zip(passages["id"], passages["text"]):
        for s in help_center.sentences(text):
            allsents.append(s)
            if not help_center.looks_like_instruction(s):
                pids.append(pid); sents.append(s)
    if not sents:
        return {"answer": "", "citations": []}
    S = language.embed(sents); q = language.embed([question])[0]
    sims = S @ q
    b = int(np.argmax(sims))
    if sims[b] < threshold:
        return {"answer": "", "citations": []}
    pid = pids[b] if b < len(pids) else pids[-1]
    return {"answer": sents[b], "citations": [pid]}''',
            '''\
def grounded_answer(question, passages, threshold):
    pids, sents = [], []
    for pid, text in zip(passages["id"], passages["text"]):
        ss = help_center.sentences(text)
        if any(help_center.looks_like_instruction(s) for s in ss):
            continue
        for s in ss:
            pids.append(pid); sents.append(s)
    if not sents:
        return {"answer": None, "citations": []}
    sims = language.embed(sents) @ language.embed([question])[0]
    b = int(np.argmax(sims))
    if sims[b] < threshold:
        return {"answer": None, "citations": []}
    return {"answer": sents[b], "citations": [pid for pid in [pids[b]]]}''',
        ],
        "right": [
            '''\
from sklearn.metrics.pairwise import cosine_similarity
def grounded_answer(question, passages, threshold):
    rows = [(pid, s) for pid, t in zip(passages["id"], passages["text"])
            for s in help_center.sentences(t) if not help_center.looks_like_instruction(s)]
    if not rows:
        return {"answer": None, "citations": []}
    sims = cosine_similarity(language.embed([question]), language.embed([s for _, s in rows]))[0]
    b = int(np.argmax(sims))
    if sims[b] < threshold:
        return {"answer": None, "citations": []}
    return {"answer": rows[b][1], "citations": [rows[b][0]]}''',
            '''\
def grounded_answer(question, passages, threshold):
    q = torch.as_tensor(language.embed([question])[0])
    best = (-2.0, None, None)
    for _, row in passages.iterrows():
        keep = [s for s in help_center.sentences(row["text"]) if not help_center.looks_like_instruction(s)]
        if not keep:
            continue
        S = torch.as_tensor(language.embed(keep))
        sims = torch.nn.functional.cosine_similarity(S, q[None, :])
        i = int(sims.argmax())
        if float(sims[i]) > best[0]:
            best = (float(sims[i]), keep[i], row["id"])
    if best[1] is None or best[0] < threshold:
        return {"answer": None, "citations": []}
    return {"answer": best[1], "citations": [best[2]]}''',
        ],
    },
    "p3.finetune.frozen_head": {
        "wrong": [
            '''\
from sklearn.linear_model import LogisticRegression
rng = np.random.default_rng(0)
X = language.embed([train_texts[i] for i in rng.permutation(len(train_texts))])
head = LogisticRegression(max_iter=1000).fit(X, train_labels)''',
            '''\
from sklearn.linear_model import LinearRegression
head = LinearRegression().fit(language.embed(train_texts), train_labels)''',
            '''\
from sklearn.linear_model import LogisticRegression
head = LogisticRegression(max_iter=1000).fit(language.embed(train_texts), [intents[y] for y in train_labels])''',
            '''\
from sklearn.linear_model import LogisticRegression
head = LogisticRegression(max_iter=1000).fit(language.embed(train_texts[:6]), train_labels[:6])''',
            '''\
from sklearn.cluster import KMeans
head = KMeans(4, n_init=10, random_state=0).fit(language.embed(train_texts))''',
            '''\
from sklearn.dummy import DummyClassifier
head = DummyClassifier(strategy="most_frequent").fit(language.embed(train_texts), train_labels)''',
            '''\
from sklearn.linear_model import LogisticRegression
extra_t, extra_y = help_center.messages(2000, seed=1)
head = LogisticRegression(max_iter=1000).fit(language.embed(list(train_texts) + list(extra_t)), list(train_labels) + list(extra_y))''',
            '''\
from sklearn.linear_model import LogisticRegression
head = LogisticRegression(max_iter=1000).fit(language.embed(train_texts[1:]), train_labels[:-1])''',
        ],
        "right": [
            '''\
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC
head = make_pipeline(StandardScaler(), LinearSVC(C=0.5)).fit(language.embed(train_texts), np.array(train_labels))''',
            '''\
from sklearn.neighbors import KNeighborsClassifier
head = KNeighborsClassifier(n_neighbors=7, metric="cosine").fit(language.embed(train_texts), train_labels)''',
        ],
    },
    "p3.finetune.lora": {
        "wrong": [
            '''\
from peft import LoraConfig, get_peft_model
torch.manual_seed(0)
lora_model = get_peft_model(language.classifier(num_labels=4),
                            LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=8, target_modules=["query", "value"]))

opt = torch.optim.AdamW([p for p in lora_model.parameters() if p.requires_grad], lr=0.003)
y = torch.tensor(train_labels)
for epoch in range(0):
    lora_model.train()
    perm = torch.randperm(len(train_texts))
    for i in range(0, len(train_texts), 32):
        idx = perm[i:i + 32]
        batch = tokenizer([train_texts[j] for j in idx], padding=True, return_tensors="pt")
        loss = lora_model(**batch, labels=y[idx]).loss
        opt.zero_grad(); loss.backward(); opt.step()
lora_model.eval()''',
            '''\
from peft import LoraConfig, get_peft_model
torch.manual_seed(0)
lora_model = get_peft_model(language.classifier(num_labels=4),
                            LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=8, target_modules=["query", "value"]))

opt = torch.optim.AdamW([p for p in lora_model.parameters() if p.requires_grad], lr=0.003)
y = torch.tensor(train_labels)
for epoch in range(3):
    lora_model.train()
    perm = torch.randperm(len(train_texts))
    for i in range(0, len(train_texts), 32):
        idx = perm[i:i + 32]
        batch = tokenizer([train_texts[j] for j in idx], padding=True, return_tensors="pt")
        loss = lora_model(**batch, labels=y[idx]).loss
        opt.zero_grad(); loss.backward(); opt.step()
lora_model.eval()
lora_model = lora_model.merge_and_unload()''',
            '''\
from peft import LoraConfig, get_peft_model
torch.manual_seed(0)
lora_model = get_peft_model(language.classifier(num_labels=4),
                            LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=8, target_modules=["query", "value"]))
for p in lora_model.parameters(): p.requires_grad = True
opt = torch.optim.AdamW([p for p in lora_model.parameters() if p.requires_grad], lr=5e-05)
y = torch.tensor(train_labels)
for epoch in range(1):
    lora_model.train()
    perm = torch.randperm(len(train_texts))
    for i in range(0, len(train_texts), 32):
        idx = perm[i:i + 32]
        batch = tokenizer([train_texts[j] for j in idx], padding=True, return_tensors="pt")
        loss = lora_model(**batch, labels=y[idx]).loss
        opt.zero_grad(); loss.backward(); opt.step()
lora_model.eval()''',
            '''\
from peft import LoraConfig, get_peft_model
torch.manual_seed(0)
lora_model = get_peft_model(language.classifier(num_labels=4),
                            LoraConfig(task_type="SEQ_CLS", r=64, lora_alpha=8, target_modules=["query", "value"]))

opt = torch.optim.AdamW([p for p in lora_model.parameters() if p.requires_grad], lr=0.003)
y = torch.tensor(train_labels)
for epoch in range(1):
    lora_model.train()
    perm = torch.randperm(len(train_texts))
    for i in range(0, len(train_texts), 32):
        idx = perm[i:i + 32]
        batch = tokenizer([train_texts[j] for j in idx], padding=True, return_tensors="pt")
        loss = lora_model(**batch, labels=y[idx]).loss
        opt.zero_grad(); loss.backward(); opt.step()
lora_model.eval()''',
            '''\
from peft import LoraConfig, get_peft_model
torch.manual_seed(0)
lora_model = get_peft_model(language.classifier(num_labels=4),
                            LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=8, target_modules=["query", "value"]))
for n_, p in lora_model.named_parameters():
    if 'lora_' in n_: p.requires_grad = False
opt = torch.optim.AdamW([p for p in lora_model.parameters() if p.requires_grad], lr=0.003)
y = torch.tensor(train_labels)
for epoch in range(3):
    lora_model.train()
    perm = torch.randperm(len(train_texts))
    for i in range(0, len(train_texts), 32):
        idx = perm[i:i + 32]
        batch = tokenizer([train_texts[j] for j in idx], padding=True, return_tensors="pt")
        loss = lora_model(**batch, labels=y[idx]).loss
        opt.zero_grad(); loss.backward(); opt.step()
lora_model.eval()''',
            '''\
torch.manual_seed(0)
lora_model = language.classifier(num_labels=4)
opt = torch.optim.AdamW(lora_model.parameters(), lr=5e-5)
y = torch.tensor(train_labels)
lora_model.train()
for i in range(0, len(train_texts), 32):
    batch = tokenizer(train_texts[i:i + 32], padding=True, return_tensors="pt")
    loss = lora_model(**batch, labels=y[i:i + 32]).loss
    opt.zero_grad(); loss.backward(); opt.step()
lora_model.eval()''',
        ],
        "right": [
            '''\
from peft import LoraConfig, get_peft_model
torch.manual_seed(0)
lora_model = get_peft_model(language.classifier(num_labels=4),
                            LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=16, target_modules=["query", "value"]))

opt = torch.optim.AdamW([p for p in lora_model.parameters() if p.requires_grad], lr=0.002)
y = torch.tensor(train_labels)
for epoch in range(2):
    lora_model.train()
    perm = torch.randperm(len(train_texts))
    for i in range(0, len(train_texts), 16):
        idx = perm[i:i + 16]
        batch = tokenizer([train_texts[j] for j in idx], padding=True, return_tensors="pt")
        loss = lora_model(**batch, labels=y[idx]).loss
        opt.zero_grad(); loss.backward(); opt.step()
lora_model.eval()''',
            '''\
from peft import LoraConfig, get_peft_model
torch.manual_seed(0)
lora_model = get_peft_model(language.classifier(num_labels=4),
                            LoraConfig(task_type="SEQ_CLS", r=4, lora_alpha=8, target_modules=["query", "value"]))

opt = torch.optim.AdamW([p for p in lora_model.parameters() if p.requires_grad], lr=0.003)
y = torch.tensor(train_labels)
for epoch in range(3):
    lora_model.train()
    perm = torch.randperm(len(train_texts))
    for i in range(0, len(train_texts), 32):
        idx = perm[i:i + 32]
        batch = tokenizer([train_texts[j] for j in idx], padding=True, return_tensors="pt")
        loss = lora_model(**batch, labels=y[idx]).loss
        opt.zero_grad(); loss.backward(); opt.step()
lora_model.eval()''',
        ],
    },
    "p3.finetune.adapter_reload": {
        "wrong": [
            '''\
def save_and_reload(model, folder):
    model.save_pretrained(folder)
    return model''',
            '''\
def save_and_reload(model, folder):
    model.save_pretrained(folder)
    return language.classifier(num_labels=4).eval()''',
            '''\
from peft import PeftModel
import os
def save_and_reload(model, folder):
    model.save_pretrained(folder)
    torch.save(model.state_dict(), os.path.join(folder, "full_model.pt"))
    return PeftModel.from_pretrained(language.classifier(num_labels=4), folder).eval()''',
            '''\
from transformers import BertForSequenceClassification
def save_and_reload(model, folder):
    merged = model.merge_and_unload()
    merged.save_pretrained(folder)
    return BertForSequenceClassification.from_pretrained(folder).eval()''',
            '''\
from peft import PeftModel
def save_and_reload(model, folder):
    model.save_pretrained("/tmp/redteam-nlp/fixed_adapter")
    return PeftModel.from_pretrained(language.classifier(num_labels=4), "/tmp/redteam-nlp/fixed_adapter").eval()''',
            '''\
from peft import get_peft_model, set_peft_model_state_dict, get_peft_model_state_dict
import os
def save_and_reload(model, folder):
    sd = {k: v for k, v in get_peft_model_state_dict(model).items() if "lora_" in k}
    os.makedirs(folder, exist_ok=True)
    torch.save(sd, os.path.join(folder, "lora_only.pt"))
    cfg = model.peft_config["default"]
    fresh = get_peft_model(language.classifier(num_labels=4, seed=1), cfg)
    set_peft_model_state_dict(fresh, torch.load(os.path.join(folder, "lora_only.pt")))
    return fresh.eval()''',
        ],
        "right": [
            '''\
from peft import PeftModel
def save_and_reload(model, folder):
    model.save_pretrained(folder, safe_serialization=False)
    fresh = PeftModel.from_pretrained(language.classifier(num_labels=4), folder, is_trainable=False)
    fresh.eval()
    return fresh''',
            '''\
from peft import PeftModel
from pathlib import Path
def save_and_reload(model, folder):
    folder = Path(folder)
    model.save_pretrained(str(folder), selected_adapters=["default"])
    base = language.classifier(num_labels=4)
    base.eval()
    return PeftModel.from_pretrained(base, str(folder), adapter_name="default").eval()''',
        ],
    },
}
