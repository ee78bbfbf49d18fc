"""Answers by a second blind red team for notebook 03e, written from the prompts only.

For deep_init, batchnorm_by_hand, autocast_step.
Each exercise adds them to its `wrong=` and `right=`, so the contract test keeps running them.
(The team's tf_export cases go in with that check's own rework, on another branch.)
"""

CASES: dict[str, dict[str, list[str]]] = {
    "p3.craft.deep_init": {
        "wrong": [
            """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth):
        layers.append(nn.Linear(width, width))
        if i < depth - 1:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)""",
            """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth):
        lin = nn.Linear(width, width)
        nn.init.xavier_normal_(lin.weight)
        nn.init.zeros_(lin.bias)
        layers.append(lin)
        if i < depth - 1:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)""",
            """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth):
        lin = nn.Linear(width, width)
        nn.init.kaiming_normal_(lin.weight, nonlinearity="linear")
        nn.init.zeros_(lin.bias)
        layers.append(lin)
        if i < depth - 1:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)""",
            """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth):
        lin = nn.Linear(width, width)
        nn.init.normal_(lin.weight, std=0.01)
        nn.init.zeros_(lin.bias)
        layers.append(lin)
        if i < depth - 1:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)""",
            """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth - 1):
        lin = nn.Linear(width, width)
        nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
        nn.init.zeros_(lin.bias)
        layers.append(lin)
        if i < depth - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)""",
            """\
def make_deep_net(depth, width):
    layers = []
    for i in range(depth):
        lin = nn.Linear(width, width)
        nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
        nn.init.zeros_(lin.bias)
        layers.append(lin)
        layers.append(nn.ReLU())
    return nn.Sequential(*layers)""",
            """\
def make_deep_net(depth, width):
    inited = [nn.Linear(width, width) for _ in range(depth)]
    for lin in inited:
        nn.init.kaiming_normal_(lin.weight, nonlinearity="relu")
        nn.init.zeros_(lin.bias)
    layers = []
    for i in range(depth):
        layers.append(nn.Linear(width, width))
        if i < depth - 1:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)""",
            """\
class _Res(nn.Module):
    def __init__(self, depth, width):
        super().__init__()
        self.lins = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))
    def forward(self, x):
        for i, lin in enumerate(self.lins):
            h = lin(x)
            x = x + (torch.relu(h) if i < len(self.lins) - 1 else h)
        return x
def make_deep_net(depth, width):
    return _Res(depth, width)""",
        ],
        "right": [
            """\
class DeepPlain(nn.Module):
    def __init__(self, depth, width):
        super().__init__()
        self.layers = nn.ModuleList(nn.Linear(width, width) for _ in range(depth))
        for lin in self.layers:
            nn.init.orthogonal_(lin.weight, gain=nn.init.calculate_gain("relu"))
            nn.init.zeros_(lin.bias)
    def forward(self, x):
        for i, lin in enumerate(self.layers):
            x = lin(x)
            if i < len(self.layers) - 1:
                x = torch.relu(x)
        return x
def make_deep_net(depth, width):
    return DeepPlain(depth, width)""",
            """\
def make_deep_net(depth, width):
    mods = []
    for i in range(depth - 1):
        mods += [nn.Linear(width, width), nn.BatchNorm1d(width), nn.ReLU()]
    mods.append(nn.Linear(width, width))
    return nn.Sequential(*mods)""",
        ],
    },
    "p3.craft.batchnorm_by_hand": {
        "wrong": [
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        mean = x.mean(0)
        var = x.var(0, unbiased=True)
        y = (x - mean) / torch.sqrt(var + eps) * weight + bias
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * x.var(0, unbiased=True)
        return y, new_mean, new_var
    y = (x - running_mean) / torch.sqrt(running_var + eps) * weight + bias
    return y, running_mean, running_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        mean = x.mean(0)
        var = x.var(0, unbiased=False)
        y = (x - mean) / torch.sqrt(var + eps) * weight + bias
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var
        return y, new_mean, new_var
    y = (x - running_mean) / torch.sqrt(running_var + eps) * weight + bias
    return y, running_mean, running_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        mean = x.mean(0)
        var = x.var(0, unbiased=False)
        y = (x - mean) / torch.sqrt(var + eps) * weight + bias
        new_mean = momentum * running_mean + (1 - momentum) * mean
        new_var = momentum * running_var + (1 - momentum) * x.var(0, unbiased=True)
        return y, new_mean, new_var
    y = (x - running_mean) / torch.sqrt(running_var + eps) * weight + bias
    return y, running_mean, running_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        mean = x.mean(0)
        var = x.var(0, unbiased=False)
        y = (x - mean) / (torch.sqrt(var) + eps) * weight + bias
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * x.var(0, unbiased=True)
        return y, new_mean, new_var
    y = (x - running_mean) / (torch.sqrt(running_var) + eps) * weight + bias
    return y, running_mean, running_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        mean = x.mean(0)
        var = x.var(0, unbiased=False)
        y = (x - mean) / torch.sqrt(var + eps) * weight + bias
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * x.var(0, unbiased=True)
        return y, running_mean, running_var
    y = (x - running_mean) / torch.sqrt(running_var + eps) * weight + bias
    return y, running_mean, running_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    mean = x.mean(0)
    var = x.var(0, unbiased=False)
    y = (x - mean) / torch.sqrt(var + eps) * weight + bias
    if training:
        return y, (1 - momentum) * running_mean + momentum * mean, (
            1 - momentum) * running_var + momentum * x.var(0)
    return y, running_mean, running_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        mean = x.mean(0)
        var = x.var(0, unbiased=False)
        y = (x - mean) / torch.sqrt(var + eps)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * x.var(0, unbiased=True)
        return y, new_mean, new_var
    y = (x - running_mean) / torch.sqrt(running_var + eps)
    return y, running_mean, running_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        running_mean = (1 - momentum) * running_mean + momentum * x.mean(0)
        running_var = (1 - momentum) * running_var + momentum * x.var(0, unbiased=True)
    y = (x - running_mean) / torch.sqrt(running_var + eps) * weight + bias
    return y, running_mean, running_var""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        mean = x.mean(1, keepdim=True)
        var = x.var(1, unbiased=False, keepdim=True)
        y = (x - mean) / torch.sqrt(var + eps) * weight + bias
        new_mean = (1 - momentum) * running_mean + momentum * x.mean(0)
        new_var = (1 - momentum) * running_var + momentum * x.var(0, unbiased=True)
        return y, new_mean, new_var
    y = (x - running_mean) / torch.sqrt(running_var + eps) * weight + bias
    return y, running_mean, running_var""",
        ],
        "right": [
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if not training:
        inv = torch.rsqrt(running_var + eps)
        return (x - running_mean) * inv * weight + bias, running_mean.clone(), running_var.clone()
    n = x.shape[0]
    var_b, mean_b = torch.var_mean(x, dim=0, correction=0)
    xhat = (x - mean_b) * torch.rsqrt(var_b + eps)
    unbiased = var_b * n / (n - 1)
    rm = running_mean + momentum * (mean_b - running_mean)
    rv = running_var + momentum * (unbiased - running_var)
    return weight * xhat + bias, rm, rv""",
            """\
def batch_norm(x, running_mean, running_var, weight, bias, training, momentum=0.1, eps=1e-5):
    if training:
        n = x.size(0)
        mu = x.sum(dim=0) / n
        centred = x - mu
        ss = (centred ** 2).sum(dim=0)
        std = (ss / n + eps) ** 0.5
        out = centred / std
        new_rm = running_mean * (1 - momentum) + mu * momentum
        new_rv = running_var * (1 - momentum) + (ss / (n - 1)) * momentum
    else:
        out = (x - running_mean) / (running_var + eps) ** 0.5
        new_rm, new_rv = running_mean, running_var
    return out * weight + bias, new_rm, new_rv""",
        ],
    },
    "p3.craft.autocast_step": {
        "wrong": [
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    dev = xb.device.type
    dtype = torch.float16 if dev == "cuda" else torch.bfloat16
    optimizer.zero_grad()
    ctx = torch.autocast(device_type=dev, dtype=dtype)
    loss = nn.functional.cross_entropy(model(xb), yb)
    if scaler is not None:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        optimizer.step()
    return float(loss)""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    dev = xb.device.type
    dtype = torch.float16
    optimizer.zero_grad()
    with torch.autocast(device_type=dev, dtype=dtype):
        loss = nn.functional.cross_entropy(model(xb), yb)
    if scaler is not None:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        optimizer.step()
    return float(loss)""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    dev = xb.device.type
    dtype = torch.float16 if dev == "cuda" else torch.bfloat16
    optimizer.zero_grad()
    with torch.autocast(device_type="cuda", dtype=torch.float16):
        loss = nn.functional.cross_entropy(model(xb), yb)
    if scaler is not None:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        optimizer.step()
    return float(loss)""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    model.to(torch.bfloat16)
    optimizer.zero_grad()
    loss = nn.functional.cross_entropy(model(xb.to(torch.bfloat16)).float(), yb)
    loss.backward()
    optimizer.step()
    return float(loss)""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    dev = xb.device.type
    dtype = torch.float16 if dev == "cuda" else torch.bfloat16
    with torch.autocast(device_type=dev, dtype=dtype):
        loss = nn.functional.cross_entropy(model(xb), yb)
    if scaler is not None:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        optimizer.step()
    return float(loss)""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    optimizer.zero_grad()
    with torch.autocast(device_type=xb.device.type, dtype=torch.bfloat16):
        loss = nn.functional.cross_entropy(model(xb), yb)
    loss.backward()
    optimizer.step()
    return float(loss)""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    dev = xb.device.type
    dtype = torch.float16 if dev == "cuda" else torch.bfloat16
    optimizer.zero_grad()
    with torch.autocast(device_type=dev, dtype=dtype):
        loss = nn.functional.cross_entropy(model(xb), yb)
    if scaler is not None:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
    return float(loss)""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    dev = xb.device.type
    dtype = torch.float16 if dev == "cuda" else torch.bfloat16
    optimizer.zero_grad()
    with torch.autocast(device_type=dev, dtype=dtype):
        loss = nn.functional.cross_entropy(model(xb), yb)
    if scaler is not None:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        optimizer.step()
    return loss""",
        ],
        "right": [
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    kind = xb.device.type
    half = torch.float16 if kind == "cuda" else torch.bfloat16
    optimizer.zero_grad(set_to_none=True)
    with torch.autocast(kind, dtype=half):
        logits = model(xb)
    loss = nn.functional.cross_entropy(logits.float(), yb)
    if scaler is None:
        loss.backward()
        optimizer.step()
    else:
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    return loss.item()""",
            """\
def amp_step(model, xb, yb, optimizer, scaler=None):
    use_fp16 = xb.is_cuda
    for p in model.parameters():
        p.grad = None
    with torch.amp.autocast(device_type=xb.device.type,
                            dtype=torch.float16 if use_fp16 else torch.bfloat16, enabled=True):
        out = model(xb)
        loss = nn.CrossEntropyLoss()(out, yb)
    if scaler is not None and scaler.is_enabled():
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    else:
        loss.backward()
        optimizer.step()
    return float(loss.detach().float().cpu())""",
        ],
    },
}
