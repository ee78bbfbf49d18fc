"""Blind red-team answers to notebook 02's data-contract and experiment exercises.

Written by a reader who saw only the prompts (`/work/shared/redteam/prompts.py`), never the checks;
kept as they wrote them. Each exercise adds CASES[its id]["wrong"] and ["right"] to its own.
"""
# ruff: noqa: E501
# (answer cells are kept as the reader wrote them, long lines included)

CASES: dict[str, dict[str, list[str]]] = {}

# ---------------------------------------------------------------- p2.schemas
_OK_COLS = '''
    "items": pa.Column(int, pa.Check.in_range(1, 20)),
    "country": pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"])),
    "coupon": pa.Column(str, nullable=True),
'''
def _orders(order_id='pa.Column(int, unique=True)',
            amount='pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)])',
            items='pa.Column(int, pa.Check.in_range(1, 20))',
            country='pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"]))',
            coupon='pa.Column(str, nullable=True)', extra=''):
    return f'''orders_schema = pa.DataFrameSchema({{
    "order_id": {order_id},
    "amount": {amount},
    "items": {items},
    "country": {country},
    "coupon": {coupon},
}}{extra})
'''

CASES["p2.schemas.orders_contract"] = {
    "wrong": [
        _orders(amount='pa.Column(float, [pa.Check.ge(0), pa.Check.le(5000)])'),          # boundary: 0 allowed
        _orders(amount='pa.Column(float, [pa.Check.gt(0), pa.Check.lt(5000)])'),          # boundary: 5000 refused
        _orders(items='pa.Column(int, pa.Check.in_range(1, 20, include_max=False))'),     # boundary: 20 refused
        _orders(order_id='pa.Column(int)'),                                                # not unique
        _orders(extra=', coerce=True'),                                                    # coerces
        _orders(country='pa.Column(str, pa.Check.isin(["DE", "FR", "NL"]))'),             # BE missing
        _orders(coupon='pa.Column(str)'),                                                  # coupon may be missing
        _orders(amount='pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000, raise_warning=True)])'),  # declared, only warns
        _orders(country='pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"]), required=False)'),   # column may be absent
        _orders(order_id='pa.Column(unique=True)'),                                        # no dtype: float ids pass
        _orders(amount='pa.Column(float, [pa.Check.gt(0), pa.Check.le(5000)], nullable=True)'),       # amount missing allowed
        _orders(country='pa.Column(str, pa.Check.isin(["DE", "FR", "NL", "BE"]), nullable=True)'),    # country missing allowed
        _orders(coupon='pa.Column(nullable=True)'),                                        # coupon: no text dtype
    ],
    "right": [
        '''from pandera.typing import Series

class orders_schema(pa.DataFrameModel):
    order_id: Series[int] = pa.Field(unique=True)
    amount: Series[float] = pa.Field(gt=0, le=5000)
    items: Series[int] = pa.Field(ge=1, le=20)
    country: Series[str] = pa.Field(isin=["DE", "FR", "NL", "BE"])
    coupon: Series[str] = pa.Field(nullable=True)
''',
        _orders(order_id='pa.Column("int64", nullable=False, unique=True)',
                amount='pa.Column("float64", pa.Check(lambda s: (s > 0) & (s <= 5000)), nullable=False)',
                items='pa.Column("int64", [pa.Check.ge(1), pa.Check.le(20)])',
                country='pa.Column(pa.String, pa.Check(lambda s: s.isin({"DE", "FR", "NL", "BE"})), nullable=False)',
                coupon='pa.Column(pa.String, nullable=True, required=True)',
                extra=', coerce=False'),
    ],
}

CASES["p2.schemas.validated_predict"] = {
    "wrong": [
        '''def predict_checked(batch):
    readings_schema.validate(batch)            # not lazy: stops at the first rule
    return energy_model.predict(batch)
''',
        '''def predict_checked(batch):
    try:
        readings_schema.validate(batch, lazy=True)
    except pa.errors.SchemaErrors as e:
        print(e)
    return energy_model.predict(batch)         # scores anyway
''',
        '''def predict_checked(batch):
    try:
        readings_schema.validate(batch, lazy=True)
    except pa.errors.SchemaErrors:
        return None                            # swallows the error
    return energy_model.predict(batch)
''',
        '''def predict_checked(batch):
    preds = energy_model.predict(batch)        # model sees it first
    readings_schema.validate(batch, lazy=True)
    return preds
''',
        '''def predict_checked(batch):
    try:
        readings_schema.validate(batch, lazy=True)
        return energy_model.predict(batch)
    except pa.errors.SchemaErrors as e:
        bad = e.failure_cases["index"].dropna().unique()
        good = batch.drop(index=[i for i in bad if i in batch.index])
        return energy_model.predict(good)      # scores the valid rows
''',
        '''def predict_checked(batch):
    try:
        readings_schema.validate(batch, lazy=True)
    except pa.errors.SchemaErrors as e:
        raise ValueError(f"bad batch: {e}")    # not pandera's error
    return energy_model.predict(batch)
''',
        '''def predict_checked(batch):
    readings_schema.validate(batch, head=5, lazy=True)   # only the first 5 rows checked
    return energy_model.predict(batch)
''',
        '''def predict_checked(batch):
    readings_schema.validate(batch, lazy=True)
    return energy_model.predict(history.iloc[:len(batch)])   # global instead of batch
''',
    ],
    "right": [
        '''def predict_checked(batch):
    valid = readings_schema(batch, lazy=True)
    return energy_model.predict(valid)
''',
        '''def predict_checked(batch):
    try:
        checked = readings_schema.validate(batch.copy(), lazy=True)
    except pa.errors.SchemaErrors as err:
        print(f"{len(err.failure_cases)} failures; not scoring")
        raise
    return np.asarray(energy_model.predict(checked))
''',
    ],
}

# ---------------------------------------------------------------- p2.experiments
CASES["p2.experiments.sample_size"] = {
    "wrong": [
        '''def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    z = norm.ppf(1 - alpha) + norm.ppf(power)          # one-sided
    return int(np.ceil(z**2 * (p_base*(1-p_base) + p2*(1-p2)) / mde**2))
''',
        '''def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    z = norm.ppf(1 - alpha/2) + norm.ppf(power)
    return int(round(z**2 * (p_base*(1-p_base) + p2*(1-p2)) / mde**2))   # rounded, not up
''',
        '''def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base * (1 + mde)                            # relative mde
    z = norm.ppf(1 - alpha/2) + norm.ppf(power)
    return int(np.ceil(z**2 * (p_base*(1-p_base) + p2*(1-p2)) / (p2 - p_base)**2))
''',
        '''def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    z = norm.ppf(1 - alpha/2) + norm.ppf(power)
    return 2 * int(np.ceil(z**2 * (p_base*(1-p_base) + p2*(1-p2)) / mde**2))   # both arms
''',
        '''def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    z = norm.ppf(alpha/2) + norm.ppf(power)            # sign slip
    return int(np.ceil(z**2 * (p_base*(1-p_base) + p2*(1-p2)) / mde**2))
''',
        '''def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    z = 1.96 + 0.84                                    # ignores alpha and power
    return int(np.ceil(z**2 * (p_base*(1-p_base) + p2*(1-p2)) / mde**2))
''',
        '''def sample_size(p_base, mde, alpha=0.05, power=0.8):
    z = norm.ppf(1 - alpha/2) + norm.ppf(power)
    return int(np.ceil(z**2 * (p_base*(1-p_base)) / mde**2))   # one arm's variance only
''',
        '''def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    z = norm.ppf(1 - alpha/2) + norm.ppf(1 - power)    # beta instead of power
    return int(np.ceil(z**2 * (p_base*(1-p_base) + p2*(1-p2)) / mde**2))
''',
    ],
    "right": [
        '''import math
def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p1, p2 = p_base, p_base + mde
    pbar = (p1 + p2) / 2
    za, zb = norm.ppf(1 - alpha/2), norm.ppf(power)
    n = (za*math.sqrt(2*pbar*(1-pbar)) + zb*math.sqrt(p1*(1-p1) + p2*(1-p2)))**2 / mde**2
    return math.ceil(n)
''',
        '''def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    pbar = (p_base + p2) / 2
    z = norm.isf(alpha/2) - norm.ppf(1 - power)
    return int(np.ceil(2 * pbar * (1 - pbar) * (z / mde)**2))
''',
        '''def sample_size(p_base, mde, alpha=0.05, power=0.8):
    p2 = p_base + mde
    var = p_base*(1-p_base) + p2*(1-p2)
    return int(np.ceil((norm.ppf(1-alpha/2) + norm.ppf(power))**2 * var / mde**2))
''',
    ],
}

CASES["p2.experiments.difference_ci"] = {
    "wrong": [
        '''def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa_, pb_ = conv_a/n_a, conv_b/n_b
    d = pa_ - pb_                                       # A minus B
    se = np.sqrt(pa_*(1-pa_)/n_a + pb_*(1-pb_)/n_b)
    z = norm.ppf(1 - (1-level)/2)
    return d, d - z*se, d + z*se
''',
        '''def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa_, pb_ = conv_a/n_a, conv_b/n_b
    d = pb_ - pa_
    p = (conv_a + conv_b) / (n_a + n_b)                 # pooled
    se = np.sqrt(p*(1-p)*(1/n_a + 1/n_b))
    z = norm.ppf(1 - (1-level)/2)
    return d, d - z*se, d + z*se
''',
        '''def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa_, pb_ = conv_a/n_a, conv_b/n_b
    d = pb_ - pa_
    se = np.sqrt(pa_*(1-pa_)/n_a + pb_*(1-pb_)/n_b)
    return d, d - 1.96*se, d + 1.96*se                  # ignores level
''',
        '''def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa_, pb_ = conv_a/n_a, conv_b/n_b
    d = pb_ - pa_
    se = np.sqrt(pa_*(1-pa_)/n_a + pb_*(1-pb_)/n_b)
    z = norm.ppf(level)                                 # one-sided quantile
    return d, d - z*se, d + z*se
''',
        '''def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa_, pb_ = conv_a/n_a, conv_b/n_b
    d = pb_ - pa_
    se = np.sqrt(pa_*(1-pa_)/n_a + pb_*(1-pb_)/n_a)     # n_a twice
    z = norm.ppf(1 - (1-level)/2)
    return d, d - z*se, d + z*se
''',
        '''def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa_, pb_ = conv_a/n_a, conv_b/n_b
    d = pb_ - pa_
    se = np.sqrt(pa_*(1-pa_)/n_a) + np.sqrt(pb_*(1-pb_)/n_b)   # adds SDs
    z = norm.ppf(1 - (1-level)/2)
    return d, d - z*se, d + z*se
''',
        '''def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa_, pb_ = conv_a/n_a, conv_b/n_b
    d = pb_ - pa_
    se = np.sqrt(pa_*(1-pa_)/n_a + pb_*(1-pb_)/n_b)
    z = norm.ppf(1 - (1-level)/2)
    return 100*d, 100*(d - z*se), 100*(d + z*se)        # percentage points
''',
        '''def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa_, pb_ = conv_a/n_a, conv_b/n_b
    d = (pb_ - pa_) / pa_                               # relative lift
    se = np.sqrt(pa_*(1-pa_)/n_a + pb_*(1-pb_)/n_b) / pa_
    z = norm.ppf(1 - (1-level)/2)
    return d, d - z*se, d + z*se
''',
    ],
    "right": [
        '''def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    pa_, pb_ = conv_a/n_a, conv_b/n_b
    d = pb_ - pa_
    se = ((pa_*(1-pa_))/n_a + (pb_*(1-pb_))/n_b) ** 0.5
    low, high = norm.interval(level, loc=d, scale=se)
    return (float(d), float(low), float(high))
''',
        '''def difference_ci(conv_a, n_a, conv_b, n_b, level=0.95):
    rates = np.array([conv_a/n_a, conv_b/n_b]); ns = np.array([n_a, n_b])
    d = rates[1] - rates[0]
    half = norm.isf((1 - level)/2) * np.sqrt((rates*(1-rates)/ns).sum())
    return d, d - half, d + half
''',
    ],
}

_PEEK_VEC = '''def peeking_rate(looks, rng):
    step = VISITORS // looks
    a = (rng.random((N_EXPERIMENTS, VISITORS)) < RATE).cumsum(axis=1)
    b = (rng.random((N_EXPERIMENTS, VISITORS)) < RATE).cumsum(axis=1)
    won = np.zeros(N_EXPERIMENTS, bool)
    for k in {LOOKS}:
        n = step * k
        ca, cb = a[:, n-1], b[:, n-1]
        {BODY}
        with np.errstate(invalid="ignore", divide="ignore"):
            z = (cb/n - ca/n) / se
            p = {PVAL}
        won |= np.nan_to_num(p, nan=1.0) < {ALPHA}
    return won.mean()
'''
_POOLED = 'pool = (ca + cb) / (2*n); se = np.sqrt(pool*(1-pool)*2/n)'
def _peek(looks='range(1, looks + 1)', body=_POOLED, pval='2 * norm.sf(np.abs(z))', alpha='0.05'):
    return _PEEK_VEC.replace("{LOOKS}", looks).replace("{BODY}", body).replace("{PVAL}", pval).replace("{ALPHA}", alpha)

CASES["p2.experiments.peeking"] = {
    "wrong": [
        _peek(looks='[looks]'),                                 # only the last look
        _peek(looks='range(1, looks)'),                         # off by one: misses the final look
        _peek(pval='norm.sf(z)'),                               # one-sided
        _peek(alpha='0.025'),                                   # wrong level
        '''def peeking_rate(looks, rng):
    step = VISITORS // looks
    a = rng.random((N_EXPERIMENTS, VISITORS)) < RATE
    b = rng.random((N_EXPERIMENTS, VISITORS)) < RATE
    won = np.zeros(N_EXPERIMENTS, bool)
    for k in range(looks):                                  # only the newest batch, not all so far
        ca = a[:, k*step:(k+1)*step].sum(1); cb = b[:, k*step:(k+1)*step].sum(1); n = step
        pool = (ca + cb) / (2*n); se = np.sqrt(pool*(1-pool)*2/n)
        with np.errstate(invalid="ignore", divide="ignore"):
            p = 2*norm.sf(np.abs((cb - ca)/n/se))
        won |= np.nan_to_num(p, nan=1.0) < 0.05
    return won.mean()
''',
        '''def peeking_rate(looks, rng):
    step = VISITORS // looks
    a = (rng.random((N_EXPERIMENTS, VISITORS)) < RATE).cumsum(axis=1)
    b = (rng.random((N_EXPERIMENTS, VISITORS)) < RATE).cumsum(axis=1)
    hits = 0
    for k in range(1, looks + 1):
        n = step * k; ca, cb = a[:, n-1], b[:, n-1]
        pool = (ca + cb) / (2*n); se = np.sqrt(pool*(1-pool)*2/n)
        with np.errstate(invalid="ignore", divide="ignore"):
            p = 2*norm.sf(np.abs((cb - ca)/n/se))
        hits += (np.nan_to_num(p, nan=1.0) < 0.05).sum()    # counts significant looks, not tests
    return hits / N_EXPERIMENTS
''',
        '''def peeking_rate(looks, rng):
    step = VISITORS // looks
    a = (np.random.random((N_EXPERIMENTS, VISITORS)) < RATE).cumsum(axis=1)   # global RNG, not rng
    b = (np.random.random((N_EXPERIMENTS, VISITORS)) < RATE).cumsum(axis=1)
    won = np.zeros(N_EXPERIMENTS, bool)
    for k in range(1, looks + 1):
        n = step * k; ca, cb = a[:, n-1], b[:, n-1]
        pool = (ca + cb) / (2*n); se = np.sqrt(pool*(1-pool)*2/n)
        with np.errstate(invalid="ignore", divide="ignore"):
            p = 2*norm.sf(np.abs((cb - ca)/n/se))
        won |= np.nan_to_num(p, nan=1.0) < 0.05
    return won.mean()
''',
        '''def peeking_rate(looks, rng):
    rng = np.random.default_rng(0)                          # ignores the generator passed in
    step = VISITORS // looks
    a = (rng.random((N_EXPERIMENTS, VISITORS)) < RATE).cumsum(axis=1)
    b = (rng.random((N_EXPERIMENTS, VISITORS)) < RATE).cumsum(axis=1)
    won = np.zeros(N_EXPERIMENTS, bool)
    for k in range(1, looks + 1):
        n = step * k; ca, cb = a[:, n-1], b[:, n-1]
        pool = (ca + cb) / (2*n); se = np.sqrt(pool*(1-pool)*2/n)
        with np.errstate(invalid="ignore", divide="ignore"):
            p = 2*norm.sf(np.abs((cb - ca)/n/se))
        won |= np.nan_to_num(p, nan=1.0) < 0.05
    return won.mean()
''',
    ],
    "right": [
        # per-segment binomial counts, cumulated
        '''def peeking_rate(looks, rng):
    step = VISITORS // looks
    ca = rng.binomial(step, RATE, size=(N_EXPERIMENTS, looks)).cumsum(axis=1)
    cb = rng.binomial(step, RATE, size=(N_EXPERIMENTS, looks)).cumsum(axis=1)
    n = step * np.arange(1, looks + 1)
    pool = (ca + cb) / (2 * n)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (cb - ca) / n / np.sqrt(pool * (1 - pool) * 2 / n)
        p = 2 * norm.sf(np.abs(z))
    sig = np.nan_to_num(p, nan=1.0) < 0.05
    return float(sig.any(axis=1).mean())
''',
        # explicit loop, stop at the first win
        '''def peeking_rate(looks, rng):
    step = VISITORS // looks
    wins = 0
    for _ in range(N_EXPERIMENTS):
        a = rng.random(VISITORS) < RATE
        b = rng.random(VISITORS) < RATE
        for k in range(1, looks + 1):
            n = step * k
            xa, xb = a[:n].sum(), b[:n].sum()
            pool = (xa + xb) / (2 * n)
            if pool in (0, 1):
                continue
            z = (xb - xa) / n / np.sqrt(pool * (1 - pool) * 2 / n)
            if 2 * norm.sf(abs(z)) < 0.05:
                wins += 1
                break
    return wins / N_EXPERIMENTS
''',
        _peek(body='se = np.sqrt(ca/n*(1-ca/n)/n + cb/n*(1-cb/n)/n)'),   # unpooled z-test
    ],
}

CASES["p2.experiments.holm"] = {
    "wrong": [
        '''def holm(p_values, alpha=0.05):
    p = np.asarray(p_values, float)
    return p <= alpha / len(p)                     # Bonferroni
''',
        '''def holm(p_values, alpha=0.05):
    p = np.asarray(p_values, float); m = len(p)
    out = np.zeros(m, bool)
    for k, i in enumerate(np.argsort(p), start=1):
        out[i] = p[i] <= alpha / (m - k + 1)       # never stops
    return out
''',
        '''def holm(p_values, alpha=0.05):
    p = np.asarray(p_values, float); m = len(p)
    out = np.zeros(m, bool)
    for k, i in enumerate(np.argsort(p), start=1):
        if p[i] < alpha / (m - k + 1):             # strict: boundary
            out[i] = True
        else:
            break
    return out
''',
        '''def holm(p_values, alpha=0.05):
    p = np.sort(np.asarray(p_values, float)); m = len(p)
    out = np.zeros(m, bool)
    for k in range(1, m + 1):
        if p[k-1] <= alpha / (m - k + 1):
            out[k-1] = True
        else:
            break
    return out                                     # sorted order, not input order
''',
        '''def holm(p_values, alpha=0.05):
    p = np.asarray(p_values, float); m = len(p)
    out = np.zeros(m, bool)
    for k, i in enumerate(np.argsort(p)):          # k from 0: off by one
        if p[i] <= alpha / (m - k + 1):
            out[i] = True
        else:
            break
    return out
''',
        '''def holm(p_values, alpha=0.05):
    p = np.asarray(p_values, float); m = len(p)
    order = np.argsort(p)
    ok = [p[i] <= alpha / (m - k) for k, i in enumerate(order)]
    last = max([k for k, o in enumerate(ok) if o], default=-1)   # step-up (Hochberg)
    out = np.zeros(m, bool)
    out[order[:last + 1]] = True
    return out
''',
        '''def holm(p_values, alpha=0.05):
    p = np.asarray(p_values, float); m = len(p)
    out = np.zeros(m, bool)
    for k, i in enumerate(np.argsort(p), start=1):
        if p[i] <= 0.05 / (m - k + 1):             # ignores alpha
            out[i] = True
        else:
            break
    return out
''',
        '''def holm(p_values, alpha=0.05):
    m = len(p_values)
    vals = [p_values[i] for i in range(m)]         # label lookup on a Series
    order = sorted(range(m), key=lambda i: vals[i])
    out = [False] * m
    for k, i in enumerate(order, start=1):
        if vals[i] <= alpha / (m - k + 1):
            out[i] = True
        else:
            break
    return out
''',
    ],
    "right": [
        '''def holm(p_values, alpha=0.05):
    p = list(np.asarray(p_values, dtype=float))
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    out = [False] * m
    k = 1
    while k <= m and p[order[k-1]] <= alpha / (m - k + 1):
        out[order[k-1]] = True
        k += 1
    return out
''',
        '''import pandas as pd
def holm(p_values, alpha=0.05):
    s = pd.Series(np.asarray(p_values, dtype=float)) if not isinstance(p_values, pd.Series) else p_values.astype(float)
    m = len(s)
    ranked = s.sort_values(kind="mergesort")
    thresholds = alpha / (m - np.arange(1, m + 1) + 1)
    passes = (ranked.to_numpy() <= thresholds)
    keep = np.cumprod(passes).astype(bool)
    rejected = pd.Series(keep, index=ranked.index).reindex(s.index)
    return rejected.to_numpy() if not isinstance(p_values, pd.Series) else rejected
''',
    ],
}

