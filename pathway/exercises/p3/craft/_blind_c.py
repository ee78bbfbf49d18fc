"""Answers by a second blind red team for notebook 03e, written from the prompts only.

For warmup_cosine, lr_range_test, clip_grad.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
(The team's tf_export cases go in with that check's own rework, on another branch.)
"""

CASES: dict[str, dict[str, list[str]]] = {
    "p3.craft.warmup_cosine": {
        "wrong": [
            """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    def f(t):
        if t < warmup_steps:
            return t / warmup_steps
        return 0.5 * (1 + math.cos(math.pi * (t - warmup_steps) / (total_steps - warmup_steps)))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, f)""",
            """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    def f(t):
        if t <= warmup_steps:
            return (t + 1) / warmup_steps
        return 0.5 * (1 + math.cos(math.pi * (t - warmup_steps) / (total_steps - warmup_steps)))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, f)""",
            """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    def f(t):
        if t < warmup_steps:
            return (t + 1) / warmup_steps
        return 0.5 * (1 + math.cos(math.pi * (t - warmup_steps) / (total_steps - warmup_steps - 1)))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, f)""",
            """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    return torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total_steps)""",
            """\
class _S:
    def __init__(self, opt, w, T):
        self.opt, self.w, self.T, self.t = opt, w, T, 0
        self.base = opt.param_groups[0]["lr"]
        self._set()
    def _f(self, t):
        if t < self.w:
            return (t + 1) / self.w
        return 0.5 * (1 + math.cos(math.pi * (t - self.w) / (self.T - self.w)))
    def _set(self):
        for g in self.opt.param_groups:
            g["lr"] = self.base * self._f(self.t)
    def step(self):
        self.t += 1
        self._set()
def make_scheduler(optimizer, warmup_steps, total_steps):
    return _S(optimizer, warmup_steps, total_steps)""",
            """\
class _S:
    def __init__(self, opt, w, T):
        self.opt, self.w, self.T, self.t = opt, w, T, 0
        self.base = [g["lr"] for g in opt.param_groups]
        for g, b in zip(opt.param_groups, self.base):
            g["lr"] = b * self.factor()
    def factor(self):
        t = self.t
        if t < self.w:
            return (t + 1) / self.w
        return 0.5 * (1 + math.cos(math.pi * (t - self.w) / (self.T - self.w)))
    def step(self):
        self.t += 1
        self.lr = [b * self.factor() for b in self.base]
def make_scheduler(optimizer, warmup_steps, total_steps):
    return _S(optimizer, warmup_steps, total_steps)""",
            """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    def f(t):
        if t < warmup_steps:
            return (t + 1) / warmup_steps
        return 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * (t - warmup_steps) / (total_steps - warmup_steps)))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, f)""",
            """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    def f(t):
        if t < warmup_steps:
            return (t + 1) / warmup_steps
        return 0.5 * (1 + math.cos(math.pi * (t - warmup_steps) / (total_steps - warmup_steps)))
    return torch.optim.lr_scheduler.MultiplicativeLR(optimizer, f)""",
        ],
        "right": [
            """\
class WarmCos:
    def __init__(self, optimizer, warmup_steps, total_steps):
        self.optimizer = optimizer
        self.w, self.T = warmup_steps, total_steps
        self.base = [g["lr"] for g in optimizer.param_groups]
        self.t = 0
        self._apply()
    def _apply(self):
        t, w, T = self.t, self.w, self.T
        if t < w:
            k = (t + 1) / w
        else:
            k = 0.5 * (1 + np.cos(np.pi * (t - w) / (T - w)))
        for g, b in zip(self.optimizer.param_groups, self.base):
            g["lr"] = b * float(k)
    def step(self):
        self.t += 1
        self._apply()
def make_scheduler(optimizer, warmup_steps, total_steps):
    return WarmCos(optimizer, warmup_steps, total_steps)""",
            """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    w, T = warmup_steps, total_steps
    def factor(step):
        if step < w:
            return (step + 1) / w
        frac = (step - w) / (T - w)
        return math.cos(math.pi * frac / 2) ** 2     # = 0.5 (1 + cos(pi frac))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, [factor] * len(optimizer.param_groups))""",
        ],
    },
    "p3.craft.lr_range_test": {
        "wrong": [
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0])
    it = iter(loader)
    losses, best = [], math.inf
    for lr in lrs:
        for g in opt.param_groups:
            g["lr"] = lr
        try:
            xb, yb = next(it)
        except StopIteration:
            it = iter(loader)
            xb, yb = next(it)
        loss = loss_fn(model(xb), yb)
        v = loss.item()
        if not math.isfinite(v) or v > 4 * best:
            break
        losses.append(v)
        best = min(best, v)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return losses""",
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0])
    it = iter(loader)
    losses, best = [], math.inf
    for lr in lrs:
        for g in opt.param_groups:
            g["lr"] = lr
        try:
            xb, yb = next(it)
        except StopIteration:
            it = iter(loader)
            xb, yb = next(it)
        loss = loss_fn(model(xb), yb)
        v = loss.item()
        losses.append(v)
        best = losses[0]
        if not math.isfinite(v) or v > 4 * best:
            break
        opt.zero_grad()
        loss.backward()
        opt.step()
    return losses""",
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0])
    losses, best = [], math.inf
    for lr, (xb, yb) in zip(lrs, loader):
        for g in opt.param_groups:
            g["lr"] = lr
        loss = loss_fn(model(xb), yb)
        v = loss.item()
        losses.append(v)
        best = min(best, v)
        if not math.isfinite(v) or v > 4 * best:
            break
        opt.zero_grad(); loss.backward(); opt.step()
    return losses""",
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0])
    it = iter(loader)
    losses, best = [], math.inf
    for lr in lrs:
        for g in opt.param_groups:
            g["lr"] = lr
        try:
            xb, yb = next(it)
        except StopIteration:
            it = iter(loader)
            xb, yb = next(it)
        loss = loss_fn(model(xb), yb)
        v = loss.item()
        losses.append(v)
        best = min(best, v)
        if not math.isfinite(v) or v > 4 * best:
            break
        loss.backward()
        opt.step()
    return losses""",
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0], momentum=0.9)
    it = iter(loader)
    losses, best = [], math.inf
    for lr in lrs:
        for g in opt.param_groups:
            g["lr"] = lr
        try:
            xb, yb = next(it)
        except StopIteration:
            it = iter(loader)
            xb, yb = next(it)
        loss = loss_fn(model(xb), yb)
        v = loss.item()
        losses.append(v)
        best = min(best, v)
        if not math.isfinite(v) or v > 4 * best:
            break
        opt.zero_grad()
        loss.backward()
        opt.step()
    return losses""",
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0])
    it = iter(loader)
    losses, best = [], math.inf
    for lr in lrs:
        opt.lr = lr
        try:
            xb, yb = next(it)
        except StopIteration:
            it = iter(loader)
            xb, yb = next(it)
        loss = loss_fn(model(xb), yb)
        v = loss.item()
        losses.append(v)
        best = min(best, v)
        if not math.isfinite(v) or v > 4 * best:
            break
        opt.zero_grad()
        loss.backward()
        opt.step()
    return losses""",
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0])
    it = iter(loader)
    losses, best = [], math.inf
    for lr in lrs:
        for g in opt.param_groups:
            g["lr"] = lr
        try:
            xb, yb = next(it)
        except StopIteration:
            it = iter(loader)
            xb, yb = next(it)
        loss = loss_fn(model(xb), yb)
        v = loss.item()
        losses.append(v)
        best = min(best, v)
        if not math.isfinite(v) or v > 4 * best:
            pass
        opt.zero_grad()
        loss.backward()
        opt.step()
    return losses""",
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0])
    it = iter(loader)
    losses, best = [], math.inf
    for lr in lrs:
        for g in opt.param_groups:
            g["lr"] = lr
        try:
            xb, yb = next(it)
        except StopIteration:
            it = iter(loader)
            xb, yb = next(it)
        loss = loss_fn(model(xb), yb)
        v = loss.item()
        losses.append(v)
        best = min(best, v)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if not math.isfinite(v) or v > 4 * best:
            break
    return losses""",
            """\
import itertools
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0])
    batches = itertools.cycle(loader)
    losses, best = [], math.inf
    for lr in lrs:
        for g in opt.param_groups:
            g["lr"] = lr
        xb, yb = next(batches)
        loss = loss_fn(model(xb), yb)
        v = loss.item()
        losses.append(v)
        best = min(best, v)
        if not math.isfinite(v) or v > 4 * best:
            break
        opt.zero_grad(); loss.backward(); opt.step()
    return losses""",
        ],
        "right": [
            """\
def _forever(loader):
    while True:
        for batch in loader:
            yield batch

def lr_range_test(model, loader, loss_fn, lrs):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.0)
    batches = _forever(loader)
    recorded = []
    for lr in lrs:
        optimizer.param_groups[0]["lr"] = lr
        xb, yb = next(batches)
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        recorded.append(loss.item())
        if not torch.isfinite(loss).item() or recorded[-1] > 4 * min(recorded):
            return recorded
        loss.backward()
        optimizer.step()
    return recorded""",
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    sgd = torch.optim.SGD(params=list(model.parameters()), lr=float(lrs[0]), momentum=0.0)
    out = []
    smallest = float("inf")
    it = None
    i = 0
    while i < len(lrs):
        sgd.param_groups[0]["lr"] = float(lrs[i])
        batch = next(it, None) if it is not None else None
        if batch is None:
            it = iter(loader)
            batch = next(it)
        xb, yb = batch
        loss = loss_fn(model(xb), yb)
        val = loss.item()
        out.append(val)
        smallest = val if val < smallest else smallest
        if val != val or val in (float("inf"), float("-inf")) or val > 4 * smallest:
            break
        sgd.zero_grad()
        loss.backward()
        sgd.step()
        i += 1
    return out""",
        ],
    },
    "p3.craft.clip_grad": {
        "wrong": [
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    total = torch.sqrt(sum((p.grad ** 2).sum() for p in model.parameters() if p.grad is not None))
    torch.nn.utils.clip_grad_value_(model.parameters(), max_norm)
    optimizer.step()
    return float(total)""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    total = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    optimizer.step()
    return float(torch.sqrt(sum((p.grad ** 2).sum() for p in model.parameters() if p.grad is not None)))""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    optimizer.step()
    total = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    return float(total)""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    total = torch.nn.utils.get_total_norm([p.grad for p in model.parameters() if p.grad is not None])
    optimizer.step()
    return float(total)""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    norms = []
    for p in model.parameters():
        if p.grad is not None:
            norms.append(torch.nn.utils.clip_grad_norm_([p], max_norm))
    optimizer.step()
    return float(torch.stack(norms).norm())""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    grads = [p.grad for p in model.parameters() if p.grad is not None]
    total = torch.sqrt(sum((g ** 2).sum() for g in grads))
    for g in grads:
        g.mul_(max_norm / (total + 1e-6))
    optimizer.step()
    return float(total)""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    total = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    optimizer.step()
    return float(total)""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    total = torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm)
    optimizer.step()
    return float(total) ** 2""",
        ],
        "right": [
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    optimizer.zero_grad(set_to_none=True)
    logits = model(xb)
    loss = nn.CrossEntropyLoss()(logits, yb)
    loss.backward()
    grads = [p.grad for p in model.parameters() if p.grad is not None]
    total = math.sqrt(sum(float(g.detach().double().pow(2).sum()) for g in grads))
    coef = max_norm / (total + 1e-6)
    if coef < 1:
        for g in grads:
            g.mul_(coef)
    optimizer.step()
    return total""",
            """\
def clipped_step(model, xb, yb, optimizer, max_norm):
    params = [p for p in model.parameters() if p.requires_grad]
    for p in params:
        p.grad = None
    loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    before = nn.utils.clip_grad_norm_(params, max_norm=max_norm, norm_type=2.0, foreach=True)
    optimizer.step()
    return before.item()""",
        ],
    },
}
