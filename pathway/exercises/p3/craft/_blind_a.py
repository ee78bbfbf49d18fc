"""Blind red-team answers for notebook 03e: written from the prompts and setups only.

For warmup_cosine, lr_range_test, deep_init, batchnorm_by_hand.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
"""

CASES: dict[str, dict[str, list[str]]] = {
    "p3.craft.warmup_cosine": {
        "wrong": [
            """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    def f(t):
        if t <= warmup_steps:
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
        return math.cos(math.pi / 2 * (t - warmup_steps) / (total_steps - warmup_steps))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, f)""",
            """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    base = optimizer.param_groups[0]["lr"]
    def f(t):
        if t < warmup_steps:
            return base * (t + 1) / warmup_steps
        return base * 0.5 * (1 + math.cos(math.pi * (t - warmup_steps) / (total_steps - warmup_steps)))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, f)""",
            """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    warm = torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=1e-8, total_iters=warmup_steps)
    cos = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=total_steps - warmup_steps)
    return torch.optim.lr_scheduler.SequentialLR(optimizer, [warm, cos], milestones=[warmup_steps])""",
            """\
class S:
    def __init__(self, opt, w, T):
        self.opt, self.w, self.T, self.t = opt, w, T, 0
        self.base = [g["lr"] for g in opt.param_groups]
    def f(self, t):
        if t < self.w:
            return (t + 1) / self.w
        return 0.5 * (1 + math.cos(math.pi * (t - self.w) / (self.T - self.w)))
    def step(self):
        for g, b in zip(self.opt.param_groups, self.base):
            g["lr"] = b * self.f(self.t)
        self.t += 1

def make_scheduler(optimizer, warmup_steps, total_steps):
    return S(optimizer, warmup_steps, total_steps)""",
        ],
        "right": [
            """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    lam = lambda t: (t + 1) / warmup_steps if t < warmup_steps else (
        (1 + math.cos(math.pi * (t - warmup_steps) / (total_steps - warmup_steps))) / 2)
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lr_lambda=[lam] * len(optimizer.param_groups))""",
            """\
def make_scheduler(optimizer, warmup_steps, total_steps):
    def f(step):
        step = min(step, total_steps - 1)
        if step < warmup_steps:
            return float(step + 1) / float(max(1, warmup_steps))
        progress = float(step - warmup_steps) / float(max(1, total_steps - warmup_steps))
        return max(0.0, 0.5 * (1.0 + math.cos(math.pi * progress)))
    return torch.optim.lr_scheduler.LambdaLR(optimizer, f)""",
        ],
    },
    "p3.craft.lr_range_test": {
        "wrong": [
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0])
    xb, yb = next(iter(loader))
    losses = []
    for lr in lrs:
        opt.param_groups[0]["lr"] = lr
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        losses.append(loss.item())
        if not math.isfinite(losses[-1]) or losses[-1] > 4 * min(losses):
            break
        loss.backward(); opt.step()
    return losses""",
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0])
    it = iter(loader)
    losses = []
    for lr in lrs:
        for g in opt.param_groups:
            g["lr"] = lr
        try:
            xb, yb = next(it)
        except StopIteration:
            it = iter(loader); xb, yb = next(it)
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        if losses and (not math.isfinite(loss.item()) or loss.item() >= 4 * min(losses)):
            break
        losses.append(loss.item())
        loss.backward(); opt.step()
    return losses""",
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0])
    it = iter(loader)
    losses = []
    for lr in lrs:
        for g in opt.param_groups:
            g["lr"] = lr
        try:
            xb, yb = next(it)
        except StopIteration:
            it = iter(loader); xb, yb = next(it)
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        losses.append(loss.item())
        if not math.isfinite(losses[-1]) or losses[-1] > 4 * losses[0]:
            break
        loss.backward(); opt.step()
    return losses""",
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0])
    it = iter(loader)
    losses, used = [], []
    for lr in lrs:
        for g in opt.param_groups:
            g["lr"] = lr
        try:
            xb, yb = next(it)
        except StopIteration:
            it = iter(loader); xb, yb = next(it)
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        losses.append(loss.item()); used.append(lr)
        if not math.isfinite(losses[-1]) or losses[-1] > 4 * min(losses):
            break
        loss.backward(); opt.step()
    return used""",
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.Adam(model.parameters(), lr=lrs[0])
    it = iter(loader)
    losses = []
    for lr in lrs:
        for g in opt.param_groups:
            g["lr"] = lr
        try:
            xb, yb = next(it)
        except StopIteration:
            it = iter(loader); xb, yb = next(it)
        opt.zero_grad()
        loss = loss_fn(model(xb), yb)
        losses.append(loss.item())
        if not math.isfinite(losses[-1]) or losses[-1] > 4 * min(losses):
            break
        loss.backward(); opt.step()
    return losses""",
            # First written as valid; wrong since the check's loader shuffles anew each pass: list(loader)
            # replays the first pass instead of starting the loader again, as the prompt asks.
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
    losses, i = [], 0
    batches = list(loader)
    while i < len(lrs):
        xb, yb = batches[i % len(batches)]
        optimizer.param_groups[0]["lr"] = lrs[i]
        out = loss_fn(model(xb), yb)
        losses.append(out.item())
        if math.isnan(losses[-1]) or math.isinf(losses[-1]) or losses[-1] > 4 * min(losses):
            break
        optimizer.zero_grad()
        out.backward()
        optimizer.step()
        i += 1
    return losses""",
        ],
        "right": [
            """\
def lr_range_test(model, loader, loss_fn, lrs):
    opt = torch.optim.SGD(model.parameters(), lr=lrs[0])
    def forever():
        while True:
            yield from loader
    stream = forever()
    losses = []
    best = float("inf")
    for lr in lrs:
        for group in opt.param_groups:
            group["lr"] = lr
        xb, yb = next(stream)
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        value = loss.item()
        losses.append(value)
        best = min(best, value)
        if not math.isfinite(value) or value > 4 * best:
            break
        loss.backward()
        opt.step()
    return losses""",
        ],
    },
    "p3.craft.deep_init": {
        "wrong": [
            """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth):
        l = nn.Linear(width, width)
        nn.init.kaiming_normal_(l.weight, nonlinearity="linear")
        nn.init.zeros_(l.bias)
        layers += [l, nn.ReLU()]
    return nn.Sequential(*layers[:-1])""",
            """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth):
        l = nn.Linear(width, width)
        nn.init.orthogonal_(l.weight)
        nn.init.zeros_(l.bias)
        layers += [l, nn.ReLU()]
    return nn.Sequential(*layers[:-1])""",
            """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth):
        l = nn.Linear(width, width)
        nn.init.kaiming_normal_(l.weight, nonlinearity="relu")
        layers += [l, nn.ReLU()]
    return nn.Sequential(*layers)""",
            """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth - 1):
        layers += [nn.Linear(width, width), nn.ReLU()]
    layers += [nn.Linear(width, width), nn.LayerNorm(width)]
    return nn.Sequential(*layers)""",
            """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth - 1):
        l = nn.Linear(width, width)
        nn.init.kaiming_normal_(l.weight, nonlinearity="relu")
        layers += [l, nn.ReLU()]
    return nn.Sequential(*layers[:-1])""",
            """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth):
        l = nn.Linear(width, width)
        nn.init.normal_(l.weight, std=2 / width)
        nn.init.zeros_(l.bias)
        layers += [l, nn.ReLU()]
    return nn.Sequential(*layers[:-1])""",
        ],
        "right": [
            """\
import math


def make_deep_net(depth, width):
    net = nn.Sequential()
    for i in range(depth):
        lin = nn.Linear(width, width)
        with torch.no_grad():
            lin.weight.normal_(0, math.sqrt(2 / width))
            lin.bias.zero_()
        net.append(lin)
        if i < depth - 1:
            net.append(nn.ReLU())
    return net""",
            """\
def make_deep_net(depth, width):
    blocks = []
    for i in range(depth - 1):
        blocks += [nn.Linear(width, width), nn.LayerNorm(width), nn.ReLU()]
    return nn.Sequential(*blocks, nn.Linear(width, width))""",
        ],
    },
    "p3.craft.batchnorm_by_hand": {
        "wrong": [
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    n = x.shape[0]
    mean, var = x.mean(0), x.var(0, unbiased=False)
    new_mean = (1 - momentum) * running_mean + momentum * mean
    new_var = (1 - momentum) * running_var + momentum * x.var(0)
    if training:
        y = (x - mean) / torch.sqrt(var + eps) * weight + bias
    else:
        y = (x - running_mean) / torch.sqrt(running_var + eps) * weight + bias
    return y, new_mean, new_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        mean, var = x.mean(1, keepdim=True), x.var(1, unbiased=False, keepdim=True)
        running_mean = (1 - momentum) * running_mean + momentum * x.mean(0)
        running_var = (1 - momentum) * running_var + momentum * x.var(0)
    else:
        mean, var = running_mean, running_var
    return (x - mean) / torch.sqrt(var + eps) * weight + bias, running_mean, running_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        mean, var = x.mean(0), x.var(0, unbiased=False)
        running_mean = running_mean + momentum * (mean - running_mean)
        running_var = running_var + momentum * (var - running_var)
        return (x - mean) / torch.sqrt(var + eps) * weight + bias, running_mean, running_var
    return (x - running_mean) / torch.sqrt(running_var + eps) * weight + bias, running_mean, running_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        mean, var = x.mean(0), x.var(0, unbiased=False)
        n = len(x)
        running_mean = 0.9 * running_mean + 0.1 * mean
        running_var = 0.9 * running_var + 0.1 * var * n / (n - 1)
    else:
        mean, var = running_mean, running_var
    return (x - mean) / torch.sqrt(var + eps), running_mean, running_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        mean, var = x.mean(0), x.var(0, unbiased=False)
        n = len(x)
        running_mean = (1 - momentum) * running_mean + momentum * mean
        running_var = (1 - momentum) * running_var + momentum * var * n / (n - 1)
    else:
        mean, var = running_mean, running_var
    x -= mean
    x /= torch.sqrt(var + eps)
    return x * weight + bias, running_mean, running_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        mean, var = x.mean(0), x.var(0, unbiased=False)
        n = len(x)
        running_mean = running_mean * 0.9 + mean * 0.1
        running_var = running_var * 0.9 + var * n / (n - 1) * 0.1
    else:
        mean, var = running_mean, running_var
    return (x - mean) / torch.sqrt(var + 1e-5) * weight + bias, running_mean, running_var""",
        ],
        "right": [
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    y = nn.functional.batch_norm(x, running_mean.clone(), running_var.clone(), weight, bias,
                                 training=False, eps=eps) if not training else None
    if training:
        rm, rv = running_mean.clone(), running_var.clone()
        y = nn.functional.batch_norm(x, rm, rv, weight, bias, training=True, momentum=momentum, eps=eps)
        return y, rm, rv
    return y, running_mean, running_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        n = x.size(0)
        mu = x.sum(0) / n
        centred = x - mu
        biased = (centred ** 2).sum(0) / n
        unbiased = (centred ** 2).sum(0) / (n - 1)
        out = weight * centred * torch.rsqrt(biased + eps) + bias
        new_mean = running_mean * (1 - momentum) + mu * momentum
        return out, new_mean, running_var * (1 - momentum) + unbiased * momentum
    out = weight * (x - running_mean) * torch.rsqrt(running_var + eps) + bias
    return out, running_mean.clone(), running_var.clone()""",
        ],
    },
}
