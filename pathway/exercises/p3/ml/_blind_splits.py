"""Blind red-team answers to notebook 03's split and boosting-library exercises.

Written by a reader who saw only the prompts (`/work/shared/redteam/prompts.py`), never the checks;
kept as they wrote them. Each exercise adds CASES[its id]["wrong"] and ["right"] to its own.
"""
# ruff: noqa: E501
# (answer cells are kept as the reader wrote them, long lines included)

CASES: dict[str, dict[str, list[str]]] = {}

# ---------------------------------------------------------------- p3.splits
CASES["p3.splits.time_folds"] = {
    "wrong": [
        'time_cv = TimeSeriesSplit(n_splits=5)',
        'time_cv = TimeSeriesSplit(n_splits=5, gap=6)',             # a gap one short
        'time_cv = KFold(n_splits=5)',
        'time_cv = KFold(n_splits=5, shuffle=True, random_state=0)',
        'time_cv = TimeSeriesSplit(n_splits=4, gap=7)',
        '''class _Fixed:
    """folds computed once on the notebook's sales, whatever X is"""
    def __init__(self):
        self.folds = list(TimeSeriesSplit(n_splits=5, gap=GAP).split(sales))
    def split(self, X=None, y=None, groups=None):
        yield from self.folds
    def get_n_splits(self, X=None, y=None, groups=None):
        return 5
time_cv = _Fixed()
''',
        '''class _ShuffledTS:
    def __init__(self):
        self.inner = TimeSeriesSplit(n_splits=5, gap=GAP)
    def split(self, X, y=None, groups=None):
        rng = np.random.default_rng(0)
        for tr, te in self.inner.split(X):
            yield rng.permutation(tr), rng.permutation(te)   # rows shuffled within parts
    def get_n_splits(self, X=None, y=None, groups=None):
        return 5
time_cv = _ShuffledTS()
''',
        '''class _GapInTest:
    def split(self, X, y=None, groups=None):
        for tr, te in TimeSeriesSplit(n_splits=5).split(X):
            yield tr[:-(GAP - 1)], te                        # gap taken out of the training part: one row short
    def get_n_splits(self, X=None, y=None, groups=None):
        return 5
time_cv = _GapInTest()
''',
    ],
    "right": [
        'time_cv = TimeSeriesSplit(n_splits=5, gap=GAP + 1)',
        'time_cv = TimeSeriesSplit(n_splits=5, gap=GAP, max_train_size=120)',
    ],
}

CASES["p3.splits.group_folds"] = {
    "wrong": [
        'patient_cv = KFold(n_splits=5)',
        'patient_cv = KFold(n_splits=5, shuffle=True, random_state=0)',
        'patient_cv = StratifiedKFold(n_splits=5)',
        'patient_cv = GroupKFold(n_splits=4)',
        '''from sklearn.model_selection import GroupShuffleSplit
patient_cv = GroupShuffleSplit(n_splits=5, test_size=0.2, random_state=0)''',
        '''class _GlobalGroups:
    def split(self, X, y=None, groups=None):
        g = visits["patient"].to_numpy()[np.arange(len(X)) % len(visits)]   # notebook's patients, not groups
        return GroupKFold(n_splits=5).split(X, y, g)
    def get_n_splits(self, X=None, y=None, groups=None):
        return 5
patient_cv = _GlobalGroups()
''',
        '''class _HalfGroups:
    def split(self, X, y=None, groups=None):
        g = np.arange(len(X)) // 2                              # ignores groups: pairs of rows
        return GroupKFold(n_splits=5).split(X, y, g)
    def get_n_splits(self, X=None, y=None, groups=None):
        return 5
patient_cv = _HalfGroups()
''',
    ],
    "right": [
        'patient_cv = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=0)',
        'patient_cv = GroupKFold(n_splits=5, shuffle=True, random_state=1)',
    ],
}

CASES["p3.splits.past_features"] = {
    "wrong": [
        '''def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].rolling(28).mean().shift(6)     # t-33..t-6: one day too late
    return out
''',
        '''def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].shift(8).rolling(28).mean()    # t-35..t-8
    return out
''',
        '''def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].rolling(28).mean()             # includes today
    return out
''',
        '''def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(-7)                         # future
    out["mean_28"] = out["sales"].shift(7).rolling(28).mean()
    return out
''',
        '''def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].shift(7).rolling(28, min_periods=1).mean()   # no NaN
    return out
''',
        '''def add_history(frame):
    frame["lag_7"] = frame["sales"].shift(7)                      # modifies frame
    frame["mean_28"] = frame["sales"].shift(7).rolling(28).mean()
    return frame
''',
        '''def add_history(frame):
    out = frame.copy()
    s = sales["sales"].iloc[:len(frame)].to_numpy()              # notebook global
    out["lag_7"] = pd.Series(s, index=frame.index).shift(7)
    out["mean_28"] = pd.Series(s, index=frame.index).shift(7).rolling(28).mean()
    return out
''',
        '''def add_history(frame):
    out = frame.copy()
    out["lag_7"] = np.roll(out["sales"].to_numpy(), 7)            # wraps around
    out["mean_28"] = out["sales"].shift(7).rolling(28).mean()
    return out
''',
        '''def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].shift(7).rolling(28, center=True).mean()    # centred: future
    return out
''',
        '''def add_history(frame):
    out = frame[["sales"]].copy()                                 # drops other columns
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].shift(7).rolling(28).mean()
    return out
''',
    ],
    "right": [
        '''def add_history(frame):
    past = frame["sales"].rolling(28).mean()
    return frame.assign(lag_7=frame["sales"].shift(7), mean_28=past.shift(7))
''',
        '''def add_history(frame):
    s = frame["sales"].to_numpy(dtype=float)
    n = len(s)
    lag = np.full(n, np.nan); lag[7:] = s[:-7] if n > 7 else lag[7:]
    mean = np.full(n, np.nan)
    for t in range(34, n):
        mean[t] = s[t - 34:t - 6].mean()
    out = frame.copy()
    out["lag_7"] = lag
    out["mean_28"] = mean
    return out
''',
    ],
}

# ---------------------------------------------------------------- p3.boosting_libs
_SBS_LOOP = '''from sklearn.base import clone
side_by_side = {}
for name, model in boosters.items():
    scores = []
    for tr, te in {FOLDS}:
        m = clone(model).fit(Xg_train.iloc[tr], yg_train.iloc[tr])
        {SCORE}
    side_by_side[name] = scores
'''
def _sbs(folds='folds_g.split(Xg_train, yg_train)',
         score='scores.append(roc_auc_score(yg_train.iloc[te], m.predict_proba(Xg_train.iloc[te])[:, 1]))'):
    return _SBS_LOOP.replace("{FOLDS}", folds).replace("{SCORE}", score)

CASES["p3.boosting_libs.same_folds"] = {
    "wrong": [
        'side_by_side = {n: cross_val_score(m, Xg_train, yg_train, cv=5, scoring="roc_auc") for n, m in boosters.items()}',
        'side_by_side = {n: cross_val_score(m, Xg_train, yg_train, cv=folds_g) for n, m in boosters.items()}',   # accuracy
        'side_by_side = {n: cross_val_score(m, Xg, yg, cv=folds_g, scoring="roc_auc") for n, m in boosters.items()}',  # test rows in
        'side_by_side = {n: cross_val_score(m, Xg_train, yg_train, cv=StratifiedKFold(5, shuffle=True, random_state=1), scoring="roc_auc") for n, m in boosters.items()}',
        _sbs(score='scores.append(roc_auc_score(yg_train.iloc[te], m.predict(Xg_train.iloc[te])))'),             # labels, not scores
        _sbs(score='scores.append(roc_auc_score(yg_test, m.predict_proba(Xg_test)[:, 1]))'),                       # scored on the test rows
        '''from sklearn.base import clone
side_by_side = {}
for name, model in boosters.items():
    m = clone(model).fit(Xg_train, yg_train)                   # trained on every fold
    side_by_side[name] = [roc_auc_score(yg_train.iloc[te], m.predict_proba(Xg_train.iloc[te])[:, 1])
                          for _, te in folds_g.split(Xg_train, yg_train)]
''',
        'side_by_side = {n: sorted(cross_val_score(m, Xg_train, yg_train, cv=folds_g, scoring="roc_auc")) for n, m in boosters.items()}',  # fold order lost
        '''_s = {n: cross_val_score(m, Xg_train, yg_train, cv=folds_g, scoring="roc_auc") for n, m in boosters.items()}
side_by_side = {"hist": _s["lightgbm"], "lightgbm": _s["hist"]}''',                                               # names swapped
    ],
    "right": [
        _sbs(folds='list(folds_g.split(Xg_train, yg_train))'),
        '''from sklearn.model_selection import cross_validate
side_by_side = pd.DataFrame({n: cross_validate(m, Xg_train, yg_train, cv=folds_g, scoring="roc_auc", n_jobs=1)["test_score"]
                             for n, m in boosters.items()})''',
    ],
}

_ES = '''X_fit, X_val, y_fit, y_val = train_test_split(Xg_train, yg_train, test_size=0.2, random_state=0, stratify=yg_train)
stopped = lgb.LGBMClassifier({PARAMS})
stopped.fit({FIT}, eval_set=[{EVAL}], eval_metric={METRIC}, callbacks=[lgb.early_stopping({PAT}, verbose=False)])
'''
def _es(params='n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1',
        fit='X_fit, y_fit', ev='(X_val, y_val)', metric='"auc"', pat='50', pre=''):
    return pre + _ES.replace("{PARAMS}", params).replace("{FIT}", fit).replace("{EVAL}", ev).replace("{METRIC}", metric).replace("{PAT}", pat)

CASES["p3.boosting_libs.lgbm_early_stop"] = {
    "wrong": [
        _es(fit='Xg_train, yg_train', ev='(Xg_test, yg_test)'),                       # validates on the test rows
        _es(ev='(X_fit, y_fit)'),                                                     # validates on its training rows
        _es(metric='None'),                                                           # stops on logloss
        _es(pat='10'),                                                                # patience 10
        _es(pat='49'),                                                                # patience one short
        _es(params='n_estimators=2000, learning_rate=0.2, n_jobs=1, random_state=0, verbose=-1'),   # wrong learning rate
        '''stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1)
stopped.fit(Xg_train, yg_train)                                                       # never stops
''',
        '''X_fit, X_val, y_fit, y_val = train_test_split(Xg, yg, test_size=0.2, random_state=0, stratify=yg)   # validation from all rows
stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1)
stopped.fit(X_fit, y_fit, eval_set=[(X_val, y_val)], eval_metric="auc", callbacks=[lgb.early_stopping(50, verbose=False)])
''',
        '''_codes = lambda X: X.assign(merchant=X["merchant"].cat.codes.astype(int))       # merchant as plain ints
X_fit, X_val, y_fit, y_val = train_test_split(Xg_train, yg_train, test_size=0.2, random_state=0, stratify=yg_train)
stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1)
stopped.fit(_codes(X_fit), y_fit, eval_set=[(_codes(X_val), y_val)], eval_metric="auc", callbacks=[lgb.early_stopping(50, verbose=False)])
''',
        _es(params='n_estimators=100, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1'),   # not 2000 trees
    ],
    "right": [
        '''tr, va = next(iter(folds_g.split(Xg_train, yg_train)))
stopped = lgb.LGBMClassifier(n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1,
                             num_leaves=15, min_child_samples=30, metric="auc")
stopped.fit(Xg_train.iloc[tr], yg_train.iloc[tr], eval_set=[(Xg_train.iloc[va], yg_train.iloc[va])],
            eval_names=["valid"], eval_metric="auc", callbacks=[lgb.early_stopping(50, first_metric_only=True, verbose=False)])
''',
        _es(params='n_estimators=2000, learning_rate=0.05, n_jobs=1, random_state=0, verbose=-1, subsample=0.8, subsample_freq=1, colsample_bytree=0.8',
            pre='', fit='X_fit, y_fit').replace("test_size=0.2, random_state=0", "test_size=0.25, random_state=7"),
    ],
}



# The first blind red team of p3.splits.past_features (kept here to keep splits.py short).
FIRST_PAST_FEATURES: dict[str, list[str]] = {
    "right": [
        # blind red team (written from the prompt and setup alone)
        """\
def add_history(frame):
    s = frame["sales"]
    lagged = s.shift(7)
    return pd.concat(
        [frame, lagged.rename("lag_7"), lagged.rolling(window=28).mean().rename("mean_28")], axis=1
    )""",
        """\
def add_history(frame):
    out = frame.copy()
    values = out["sales"].to_numpy(dtype=float)
    out["lag_7"] = np.concatenate([np.full(7, np.nan), values[:-7]])
    kernel = np.convolve(values, np.ones(28) / 28, mode="valid")
    mean = np.full(len(values), np.nan)
    mean[34:] = kernel[: len(values) - 34]
    out["mean_28"] = mean
    return out""",
        """\
def add_history(frame):
    return frame.assign(
        lag_7=frame["sales"].shift(7),
        mean_28=frame["sales"].rolling(28).mean().shift(7),
    )""",
        """\
def add_history(frame):
    values = frame["sales"].to_numpy(dtype=float)
    lag = np.full(len(values), np.nan)
    mean = np.full(len(values), np.nan)
    for t in range(len(values)):
        if t >= 7:
            lag[t] = values[t - 7]
        if t >= 34:
            mean[t] = values[t - 34:t - 6].mean()
    result = frame.copy()
    result["lag_7"], result["mean_28"] = lag, mean
    return result""",
    ],
    "wrong": [
        # blind red team (written from the prompt and setup alone)
        """\
def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].shift(6).rolling(28).mean()
    return out""",
        """\
def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].shift(7).rolling(27).mean()
    return out""",
        """\
def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].shift(7).expanding().mean()
    return out""",
        """\
def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7).bfill()
    out["mean_28"] = out["sales"].shift(7).rolling(28).mean()
    return out""",
        """\
def add_history(frame):
    out = frame.copy()
    z = (out["sales"] - out["sales"].mean()) / out["sales"].std()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = z.shift(7).rolling(28).mean()
    return out""",
        """\
def add_history(frame):
    out = frame[["sales"]].copy()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].shift(7).rolling(28).mean()
    return out""",
        """\
def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].shift(7).rolling(28, min_periods=20).mean()
    return out""",
        # the rolling mean includes the last (unknown) week
        """\
def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].rolling(28).mean()
    return out""",
        # a centred window: half of it lies in the future
        """\
def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].shift(7).rolling(28, center=True).mean()
    return out""",
        # shift(-7): next week's sales
        """\
def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(-7)
    out["mean_28"] = out["sales"].shift(7).rolling(28).mean()
    return out""",
        # yesterday's sales: not known yet
        """\
def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(1)
    out["mean_28"] = out["sales"].shift(1).rolling(28).mean()
    return out""",
        # partial windows at the start: a mean of 1, 2, ... days called a 28-day mean
        """\
def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7)
    out["mean_28"] = out["sales"].shift(7).rolling(28, min_periods=1).mean()
    return out""",
        # the input itself modified
        """\
def add_history(frame):
    frame["lag_7"] = frame["sales"].shift(7)
    frame["mean_28"] = frame["lag_7"].rolling(28).mean()
    return frame""",
        # missing history filled with the mean of the whole series (future included)
        """\
def add_history(frame):
    out = frame.copy()
    out["lag_7"] = out["sales"].shift(7).fillna(out["sales"].mean())
    out["mean_28"] = out["sales"].shift(7).rolling(28).mean()
    return out""",
    ],
}
