"""Blind red-team answers to notebook 03's explanation and slice exercises.

Written by a reader who saw only the prompts (`/work/shared/redteam/prompts.py`), never the checks;
kept as they wrote them, apart from one move: the shap_row answer whose base value is the
prediction minus the contributions went from wrong to right (by SHAP's additivity that number is
the explainer's expected value, which is what the prompt asks). Each exercise adds
CASES[its id]["wrong"] and ["right"] to its own.
"""
# ruff: noqa: E501
# (answer cells are kept as the reader wrote them, long lines included)

CASES: dict[str, dict[str, list[str]]] = {}

# ---------------------------------------------------------------- p3.explain
CASES["p3.explain.held_out_importance"] = {
    "wrong": [
        '''def held_out_importance(model, X, y):
    r = permutation_importance(model, Xh_test, yh_test, n_repeats=10, random_state=0, n_jobs=1)   # globals
    return pd.Series(r.importances_mean, index=Xh_test.columns)
''',
        '''def held_out_importance(model, X, y):
    r = permutation_importance(model, Xh_train, yh_train, n_repeats=10, random_state=0, n_jobs=1)  # training rows
    return pd.Series(r.importances_mean, index=Xh_train.columns)
''',
        '''def held_out_importance(model, X, y):
    return pd.Series(model.feature_importances_, index=X.columns)       # impurity importance
''',
        '''def held_out_importance(model, X, y):
    r = permutation_importance(model, X, y, n_repeats=10, random_state=0, n_jobs=1)
    return pd.Series(r.importances_std, index=X.columns)                # std, not mean
''',
        '''def held_out_importance(model, X, y):
    r = permutation_importance(model, X, y, n_repeats=10, random_state=0, n_jobs=1,
                               scoring="neg_mean_absolute_error")      # not R^2
    return pd.Series(r.importances_mean, index=X.columns)
''',
        '''def held_out_importance(model, X, y):
    r = permutation_importance(model, X, y, n_repeats=10, random_state=0, n_jobs=1)
    return pd.Series(r.importances_mean)                                # indexed 0..k-1
''',
        '''def held_out_importance(model, X, y):
    base = model.score(X, y)
    out = {}
    for col in X.columns:
        drops = []
        for i in range(10):
            Xp = X.copy()
            Xp[col] = Xp[col].sample(frac=1, random_state=i)           # aligns on index: no shuffle
            drops.append(base - model.score(Xp, y))
        out[col] = np.mean(drops)
    return pd.Series(out)
''',
        '''def held_out_importance(model, X, y):
    base = model.score(X, y)
    rng = np.random.default_rng(0)
    Xp = X.copy()
    out = {}
    for col in X.columns:                                               # earlier columns stay shuffled
        drops = []
        for _ in range(10):
            Xp[col] = rng.permutation(Xp[col].to_numpy())
            drops.append(base - model.score(Xp, y))
        out[col] = np.mean(drops)
    return pd.Series(out)
''',
        '''def held_out_importance(model, X, y):
    base = model.score(X, y)
    rng = np.random.default_rng(0)
    out = {}
    for col in X.columns:
        drops = []
        for _ in range(10):
            Xp = X.copy()
            Xp[col] = rng.permutation(Xp[col].to_numpy())
            drops.append(model.score(Xp, y) - base)                     # sign flipped
        out[col] = np.mean(drops)
    return pd.Series(out)
''',
    ],
    "right": [
        '''def held_out_importance(model, X, y):
    base = model.score(X, y)
    rng = np.random.default_rng(42)
    out = {}
    for col in X.columns:
        drops = []
        for _ in range(10):
            Xp = X.copy()
            Xp[col] = rng.permutation(Xp[col].to_numpy())
            drops.append(base - model.score(Xp, y))
        out[col] = float(np.mean(drops))
    return out
''',
        '''def held_out_importance(model, X, y):
    r = permutation_importance(model, X, y, scoring="r2", n_repeats=10, random_state=123, n_jobs=1)
    return dict(zip(X.columns, r.importances.mean(axis=1)))
''',
    ],
}

CASES["p3.explain.partial_dependence"] = {
    "wrong": [
        '''def pd_curve(model, X, feature, grid):
    out = []
    for v in grid:
        X[feature] = v                                   # no copy: X is changed
        out.append(model.predict(X).mean())
    return out
''',
        '''from sklearn.inspection import partial_dependence
def pd_curve(model, X, feature, grid):
    r = partial_dependence(model, X, [feature], grid_resolution=len(grid), kind="average")   # its own grid
    return list(r["average"][0])
''',
        '''def pd_curve(model, X, feature, grid):
    out = []
    for v in grid:
        Xc = X.copy(); Xc[feature] = v
        out.append(float(np.median(model.predict(Xc))))  # median
    return out
''',
        '''def pd_curve(model, X, feature, grid):
    out = []
    for v in sorted(grid):                               # sorted, not grid order
        Xc = X.copy(); Xc[feature] = v
        out.append(model.predict(Xc).mean())
    return out
''',
        '''def pd_curve(model, X, feature, grid):
    out = []
    preds = model.predict(X)
    spread = (X[feature].max() - X[feature].min()) / 10
    for v in grid:
        near = (X[feature] - v).abs() <= spread          # rows near v (M-plot)
        out.append(preds[near.to_numpy()].mean() if near.any() else np.nan)
    return out
''',
        '''def pd_curve(model, X, feature, grid):
    out = []
    for v in grid:
        Xc = Xh_test.copy(); Xc[feature] = v             # notebook global
        out.append(model.predict(Xc).mean())
    return out
''',
        '''def pd_curve(model, X, feature, grid):
    out = []
    for v in grid:
        Xc = X.copy(); Xc.iloc[0, Xc.columns.get_loc(feature)] = v   # first row only
        out.append(model.predict(Xc).mean())
    return out
''',
        '''def pd_curve(model, X, feature, grid):
    out = []
    for v in grid:
        Xc = X.copy(); Xc[feature] = v
        out.append(model.predict(Xc.iloc[[0]])[0])       # one row (ICE), not the average
    return out
''',
    ],
    "right": [
        '''def pd_curve(model, X, feature, grid):
    big = pd.concat([X.assign(**{feature: v}) for v in grid], ignore_index=True)
    return model.predict(big).reshape(len(grid), len(X)).mean(axis=1)
''',
        '''def pd_curve(model, X, feature, grid):
    values = np.empty(len(grid))
    for i, v in enumerate(grid):
        Xc = X.copy(deep=True)
        Xc.loc[:, feature] = v
        values[i] = np.mean(model.predict(Xc))
    return values
''',
    ],
}

CASES["p3.explain.shap_row"] = {
    "wrong": [
        '''def explain_row(model, row):
    ex = shap.TreeExplainer(model, data=Xh_train.iloc[:100])          # background data
    sv = ex.shap_values(row)
    return float(np.ravel(ex.expected_value)[0]), pd.Series(sv[0], index=row.columns)
''',
        '''def explain_row(model, row):
    ex = shap.TreeExplainer(model)
    sv = ex.shap_values(row)
    return float(yh_train.mean()), pd.Series(sv[0], index=row.columns)   # base = mean price
''',
        '''def explain_row(model, row):
    ex = shap.TreeExplainer(model)
    sv = ex.shap_values(row)
    return float(np.ravel(ex.expected_value)[0]), pd.Series(sv[0])       # positional index
''',
        '''def explain_row(model, row):
    ex = shap.TreeExplainer(model)
    sv = ex.shap_values(row)
    return float(np.ravel(ex.expected_value)[0]), pd.Series(np.abs(sv[0]), index=row.columns)   # absolute
''',
        '''def explain_row(model, row):
    ex = shap.TreeExplainer(model)
    sv = ex.shap_values(Xh_test.iloc[[0]])                               # global row
    return float(np.ravel(ex.expected_value)[0]), pd.Series(sv[0], index=row.columns)
''',
        '''def explain_row(model, row):
    ex = shap.TreeExplainer(forest)                                      # global model
    sv = ex.shap_values(row)
    return float(np.ravel(ex.expected_value)[0]), pd.Series(sv[0], index=row.columns)
''',
        '''def explain_row(model, row):
    ex = shap.TreeExplainer(model)
    return float(np.ravel(ex.expected_value)[0]), pd.Series(model.feature_importances_, index=row.columns)
''',
    ],
    "right": [
        # moved from wrong: by SHAP's additivity, prediction - contributions IS the expected value
        '''def explain_row(model, row):
    ex = shap.TreeExplainer(model)
    contrib = pd.Series(ex.shap_values(row)[0], index=row.columns)
    return float(model.predict(row)[0] - contrib.sum()), contrib         # base forced to add up
''',
        '''def explain_row(model, row):
    explanation = shap.TreeExplainer(model)(row)
    base = np.ravel(explanation.base_values)[0]
    return base, pd.Series(explanation.values[0], index=list(row.columns))
''',
        '''def explain_row(model, row):
    ex = shap.TreeExplainer(model)
    vals = np.asarray(ex.shap_values(row)).reshape(-1)
    return np.ravel(ex.expected_value)[0], {c: float(v) for c, v in zip(row.columns, vals)}
''',
    ],
}

# ---------------------------------------------------------------- p3.slices
_WILSON = '''def _wilson(k, n, z):
    if n == 0:
        return np.nan, np.nan
    p = k / n
    den = 1 + z**2 / n
    c = (p + z**2 / (2*n)) / den
    h = z * np.sqrt(p*(1-p)/n + z**2/(4*n**2)) / den
    return c - h, c + h
'''
def _sr(body):
    return _WILSON + body

CASES["p3.slices.slice_recall"] = {
    "wrong": [
        _sr('''def slice_recall(y_true, y_pred, groups):
    hit = (y_true == 1) & (pd.Series(y_pred) == 1)             # aligns a RangeIndex with the shuffled index
    rows = {}
    for g in groups.unique():
        labels = groups.index[groups == g]
        n = int((y_true.loc[labels] == 1).sum()); k = int(hit.reindex(labels, fill_value=False).sum())
        lo, hi = _wilson(k, n, norm.ppf(0.975))
        rows[g] = {"n_positive": n, "recall": k/n if n else np.nan, "low": lo, "high": hi}
    return pd.DataFrame.from_dict(rows, orient="index")
'''),
        '''def slice_recall(y_true, y_pred, groups):
    yt, yp, g = y_true.to_numpy(), np.asarray(y_pred), groups.to_numpy()
    z = norm.ppf(0.975); rows = {}
    for name in pd.unique(g):
        m = (g == name) & (yt == 1); n = int(m.sum()); p = yp[m].mean()
        h = z*np.sqrt(p*(1-p)/n)                              # Wald
        rows[name] = {"n_positive": n, "recall": p, "low": p - h, "high": p + h}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        '''def slice_recall(y_true, y_pred, groups):
    yt, yp, g = y_true.to_numpy(), np.asarray(y_pred), groups.to_numpy()
    z = norm.ppf(0.975); rows = {}
    for name in pd.unique(g):
        m = (g == name) & (yt == 1); n = int(m.sum()); p = yp[m].mean()
        h = z*np.sqrt(p*(1-p)/n)                              # Wald, clipped: zero width at 0 or 1
        rows[name] = {"n_positive": n, "recall": p, "low": max(0.0, p - h), "high": min(1.0, p + h)}
    return pd.DataFrame.from_dict(rows, orient="index")
''',
        _sr('''def slice_recall(y_true, y_pred, groups):
    yt, yp, g = y_true.to_numpy(), np.asarray(y_pred), groups.to_numpy()
    rows = {}
    for name in pd.unique(g):
        m = (g == name) & (yt == 1); n = int(m.sum()); k = int(yp[m].sum())
        lo, hi = _wilson(k, n, norm.ppf(0.95))               # 90% interval
        rows[name] = {"n_positive": n, "recall": k/n, "low": lo, "high": hi}
    return pd.DataFrame.from_dict(rows, orient="index")
'''),
        _sr('''def slice_recall(y_true, y_pred, groups):
    yt, yp, g = y_true.to_numpy(), np.asarray(y_pred), groups.to_numpy()
    rows = {}
    for name in pd.unique(g):
        grp = g == name; m = grp & (yt == 1); n = int(m.sum()); k = int(yp[m].sum())
        lo, hi = _wilson(k, n, norm.ppf(0.975))
        rows[name] = {"n_positive": int(grp.sum()), "recall": k/n, "low": lo, "high": hi}   # group size
    return pd.DataFrame.from_dict(rows, orient="index")
'''),
        _sr('''def slice_recall(y_true, y_pred, groups):
    yt, yp, g = y_true.to_numpy(), np.asarray(y_pred), groups.to_numpy()
    rows = {}
    for name in pd.unique(g):
        m = (g == name) & (yt == 1); n = int(m.sum())
        flagged = (g == name) & (yp == 1); k = int((yt[flagged] == 1).sum()); nf = int(flagged.sum())
        lo, hi = _wilson(k, nf, norm.ppf(0.975))             # precision
        rows[name] = {"n_positive": n, "recall": k/nf, "low": lo, "high": hi}
    return pd.DataFrame.from_dict(rows, orient="index")
'''),
        _sr('''def slice_recall(y_true, y_pred, groups):
    yt, yp, g = y_true.to_numpy(), np.asarray(y_pred), groups.to_numpy()
    rows = {}
    for name in pd.unique(g):
        grp = g == name; m = grp & (yt == 1); n = int(m.sum()); k = int(yp[m].sum())
        lo, hi = _wilson(k, int(grp.sum()), norm.ppf(0.975))  # interval on the group size
        rows[name] = {"n_positive": n, "recall": k/n, "low": lo, "high": hi}
    return pd.DataFrame.from_dict(rows, orient="index")
'''),
        _sr('''def slice_recall(y_true, y_pred, groups):
    yt, yp, g = y_true.to_numpy(), np.asarray(y_pred), test["region"].to_numpy()[:len(y_true)]   # notebook global
    rows = {}
    for name in pd.unique(g):
        m = (g == name) & (yt == 1); n = int(m.sum()); k = int(yp[m].sum())
        lo, hi = _wilson(k, n, norm.ppf(0.975))
        rows[name] = {"n_positive": n, "recall": k/n if n else np.nan, "low": lo, "high": hi}
    return pd.DataFrame.from_dict(rows, orient="index")
'''),
        _sr('''def slice_recall(y_true, y_pred, groups):
    yt, yp, g = y_true.to_numpy(), np.asarray(y_pred), groups.to_numpy()
    rows = {}
    for name in pd.unique(g):
        m = (g == name) & (yt == 1); n = int(m.sum()); k = int(yp[m].sum())
        lo, hi = _wilson(k, n, norm.ppf(0.975))
        rows[name] = {"n_positive": n, "recall": 100*k/n, "low": 100*lo, "high": 100*hi}   # percent
    return pd.DataFrame.from_dict(rows, orient="index")
'''),
    ],
    "right": [
        '''def slice_recall(y_true, y_pred, groups):
    df = pd.DataFrame({"t": y_true.to_numpy(), "p": np.asarray(y_pred), "g": groups.to_numpy()})
    pos = df[df["t"] == 1]
    agg = pos.groupby("g").agg(n_positive=("p", "size"), caught=("p", "sum"))
    z = norm.ppf(0.975); n = agg["n_positive"].astype(float); k = agg["caught"].astype(float)
    centre = (k + z**2/2) / (n + z**2)
    half = z / (n + z**2) * np.sqrt(k*(n - k)/n + z**2/4)
    out = pd.DataFrame({"n_positive": agg["n_positive"], "recall": k/n, "low": centre - half, "high": centre + half})
    out.index.name = None
    return out
''',
        _sr('''def slice_recall(y_true, y_pred, groups):
    pred = pd.Series(np.asarray(y_pred), index=y_true.index)
    out = {}
    for name, idx in groups.groupby(groups).groups.items():
        t = y_true.loc[idx]; p = pred.loc[idx]
        n = int((t == 1).sum()); k = int(((t == 1) & (p == 1)).sum())
        lo, hi = _wilson(k, n, 1.959963984540054)
        out[name] = [n, k / n if n else np.nan, lo, hi]
    return pd.DataFrame.from_dict(out, orient="index", columns=["n_positive", "recall", "low", "high"])
'''),
    ],
}

_GT = '''def equal_recall_thresholds(scores, y_true, groups, target):
    scores, y_true, groups = np.asarray(scores), np.asarray(y_true), np.asarray(groups)
    out = {}
    for g in np.unique(groups):
        pos = np.sort(scores[(groups == g) & (y_true == 1)])[::-1]
        {BODY}
    return out
'''
def _gt(body):
    return _GT.replace("{BODY}", body)

CASES["p3.slices.group_thresholds"] = {
    "wrong": [
        _gt('k = int(np.ceil(target * len(pos))); out[g] = pos[min(k, len(pos) - 1)]'),                        # off by one: next score down
        _gt('out[g] = float(np.quantile(pos, 1 - target))'),                               # interpolated quantile
        _gt('recall = np.arange(1, len(pos)+1) / len(pos); out[g] = pos[np.argmax(recall > target)]'),   # strict >
        _gt('k = int(np.ceil(target * len(pos))); out[g] = pos[k-1]'),                      # float ceil: 0.7*10 -> 8
        '''def equal_recall_thresholds(scores, y_true, groups, target):
    scores, y_true, groups = np.asarray(scores), np.asarray(y_true), np.asarray(groups)
    pos = np.sort(scores[y_true == 1])[::-1]                   # one threshold for everyone
    t = pos[np.argmax(np.arange(1, len(pos)+1)/len(pos) >= target)]
    return {g: t for g in np.unique(groups)}
''',
        '''def equal_recall_thresholds(scores, y_true, groups, target):
    y_true, groups = np.asarray(y_true), np.asarray(groups)
    out = {}
    for g in np.unique(groups):
        pos = np.sort(test_scores[(groups == g) & (y_true == 1)])[::-1]   # notebook scores, not the argument
        out[g] = pos[np.argmax(np.arange(1, len(pos)+1)/len(pos) >= target)]
    return out
''',
        '''from sklearn.metrics import roc_curve
def equal_recall_thresholds(scores, y_true, groups, target):
    scores, y_true, groups = np.asarray(scores), np.asarray(y_true), np.asarray(groups)
    out = {}
    for g in np.unique(groups):
        m = groups == g
        fpr, tpr, thr = roc_curve(y_true[m], scores[m])        # drop_intermediate=True drops points
        out[g] = float(thr[np.argmax(tpr >= target)])
    return out
''',
        _gt('out[g] = pos[np.argmax(np.arange(1, len(pos)+1)/len(pos) >= target)] - 1e-9'),   # "a bit below" to be safe
        _gt('all_s = np.sort(scores[groups == g])[::-1]; k = int(np.ceil(target * len(all_s))); out[g] = all_s[k-1]'),  # flags target of all rows
    ],
    "right": [
        '''from sklearn.metrics import roc_curve
def equal_recall_thresholds(scores, y_true, groups, target):
    scores, y_true, groups = np.asarray(scores), np.asarray(y_true), np.asarray(groups)
    out = {}
    for g in pd.unique(groups):
        m = groups == g
        fpr, tpr, thr = roc_curve(y_true[m], scores[m], drop_intermediate=False)
        out[g] = float(thr[np.argmax(tpr >= target)])
    return pd.Series(out)
''',
        '''def equal_recall_thresholds(scores, y_true, groups, target):
    scores, y_true, groups = np.asarray(scores), np.asarray(y_true), np.asarray(groups)
    out = {}
    for g in np.unique(groups):
        s, t = scores[groups == g], y_true[groups == g]
        npos = (t == 1).sum()
        for cand in np.unique(s)[::-1]:                        # every score of the group, highest first
            if ((s >= cand) & (t == 1)).sum() / npos >= target:
                out[g] = cand
                break
    return out
''',
    ],
}
