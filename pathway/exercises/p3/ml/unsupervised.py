"""Phase 3, machine-learning specialization: unsupervised learning."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from .._shared import _PCA, _WINE, _ns, _numbers


@functools.cache
def _silhouette_expected() -> dict[str, dict[int, float]]:
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score

    ns = _ns(_WINE)
    out: dict[str, dict[int, float]] = {"scaled": {}, "raw": {}, "inertia": {}}
    for k in range(2, 7):
        for kind, data in (("scaled", ns["wine_scaled"]), ("raw", ns["wine"])):
            model = KMeans(n_clusters=k, n_init=10, random_state=0).fit(data)
            out[kind][k] = float(silhouette_score(data, model.labels_))
            if kind == "scaled":
                out["inertia"][k] = float(model.inertia_)
    return out


@exercise(
    "p3.unsupervised.silhouette_k",
    title="Choose k for k-means with the silhouette score",
    prompt="For k from 2 to 6, cluster `wine_scaled` with "
    "`KMeans(n_clusters=k, n_init=10, random_state=0)` and compute the silhouette score of the "
    "labels. Set `silhouette` to a dictionary {k: score}.",
    answer="silhouette",
    setup=_WINE,
    solution="""\
silhouette = {}
for k in range(2, 7):
    labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(wine_scaled)
    silhouette[k] = silhouette_score(wine_scaled, labels)""",
    wrong=[
        """\
silhouette = {}
for k in range(2, 7):
    labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(wine)
    silhouette[k] = silhouette_score(wine, labels)""",
        """\
silhouette = {}
for k in range(2, 7):
    silhouette[k] = KMeans(n_clusters=k, n_init=10, random_state=0).fit(wine_scaled).inertia_""",
        """\
silhouette = {}
for k in range(1, 6):
    labels = KMeans(n_clusters=k + 1, n_init=10, random_state=0).fit_predict(wine_scaled)
    silhouette[k] = silhouette_score(wine_scaled, labels)""",
        # k-means' own default n_init: another clustering for some k than the prompt's
        """\
silhouette = {}
for k in range(2, 7):
    labels = KMeans(n_clusters=k, n_init=1, random_state=1).fit_predict(wine_scaled)
    silhouette[k] = silhouette_score(wine_scaled, labels)""",
        # scored on the raw measurements, clustered on the scaled ones
        """\
silhouette = {}
for k in range(2, 7):
    labels = KMeans(n_clusters=k, n_init=10, random_state=0).fit_predict(wine_scaled)
    silhouette[k] = silhouette_score(wine, labels)""",
    ],
    right=[
        # a comprehension over the fitted models' labels_, with NumPy integer keys
        """\
import numpy as np
fits = {k: KMeans(n_clusters=k, n_init=10, random_state=0).fit(wine_scaled) for k in np.arange(2, 7)}
silhouette = {k: silhouette_score(wine_scaled, model.labels_) for k, model in fits.items()}""",
    ],
    hints=[
        "Loop `for k in range(2, 7)`; in each pass fit a KMeans with that many clusters and keep "
        "the score under the key `k`.",
        "`KMeans(...).fit_predict(wine_scaled)` returns one cluster label per wine; "
        "`silhouette_score(data, labels)` needs the same data the labels came from.",
        "In each pass: fit the KMeans of the prompt on `wine_scaled`, take its labels, score them "
        "on `wine_scaled`, and store the score under the key `k`.",
    ],
)
def silhouette_k(answer):
    expected = _silhouette_expected()
    keys = list(range(2, 7))
    checks.expect_type(answer, dict, "a dictionary {k: score}")
    if any(isinstance(k, str) for k in answer):
        raise Incorrect("use the numbers of clusters themselves as keys (2, 3, ...), not strings")
    if set(answer) != set(keys):
        raise Incorrect(f"silhouette should have one key for each k from 2 to 6; its keys are "
                        f"{sorted(answer, key=repr)[:8]}")
    got = _numbers(answer, keys, "silhouette")
    if any(abs(v) > 1 for v in got.values()):
        raise Incorrect("silhouette scores lie between -1 and 1; these look like inertia (sums of "
                        "squared distances): use silhouette_score(data, labels)")
    if all(abs(got[k] - expected["raw"][k]) < 1e-6 for k in keys):
        raise Incorrect("these scores come from the unscaled data, where proline (in the hundreds) "
                        "drowns out every other column: cluster `wine_scaled`")
    # The scores are computed exactly as the reference does, so they agree to ~1e-12; another
    # clustering (another n_init or seed) moves a score by 1e-3 or more, so 1e-6 tells them apart.
    bad = [k for k in keys if abs(got[k] - expected["scaled"][k]) > 1e-6]
    if bad:
        raise Incorrect(f"the score for k={bad[0]} is off: fit the KMeans of the prompt (n_init=10, "
                        "random_state=0) on wine_scaled and score its labels on the same data")
    best = max(expected["scaled"], key=expected["scaled"].get)
    return (f"the silhouette peaks at k={best}, and the wines do come from 3 cultivars: the "
            "clusters found without labels match a real structure.")


@functools.cache
def _pca_expected() -> dict[str, Any]:
    import numpy as np
    from sklearn.decomposition import PCA
    from sklearn.preprocessing import StandardScaler

    ns = _ns(_PCA)
    scaled = np.cumsum(PCA().fit(StandardScaler().fit_transform(ns["X"])).explained_variance_ratio_)
    raw = np.cumsum(PCA().fit(ns["X"]).explained_variance_ratio_)
    return {"scaled": scaled, "n": int(np.argmax(scaled >= 0.9) + 1),
            "raw_n": int(np.argmax(raw >= 0.9) + 1), "features": ns["X"].shape[1]}


@exercise(
    "p3.unsupervised.pca_components",
    title="How many principal components keep 90% of the variance?",
    prompt="Scale `X` with StandardScaler, and set `n_components_90` to the smallest number of "
    "principal components whose explained variance adds up to at least 90%.",
    answer="n_components_90",
    setup=_PCA,
    solution="""\
pca = PCA().fit(StandardScaler().fit_transform(X))
cumulative = np.cumsum(pca.explained_variance_ratio_)
n_components_90 = int(np.argmax(cumulative >= 0.90) + 1)""",
    wrong=[
        """\
pca = PCA().fit(X)
cumulative = np.cumsum(pca.explained_variance_ratio_)
n_components_90 = int(np.argmax(cumulative >= 0.90) + 1)""",
        """\
pca = PCA().fit(StandardScaler().fit_transform(X))
cumulative = np.cumsum(pca.explained_variance_ratio_)
n_components_90 = int(np.argmax(cumulative >= 0.90))""",
        # the shares compared with 90 instead of 0.90: never reached, so argmax says position 0
        """\
pca = PCA().fit(StandardScaler().fit_transform(X))
cumulative = np.cumsum(pca.explained_variance_ratio_)
n_components_90 = int(np.argmax(cumulative >= 90) + 1)""",
        # the variances themselves, not their shares
        """\
pca = PCA().fit(StandardScaler().fit_transform(X))
cumulative = np.cumsum(pca.explained_variance_)
n_components_90 = int(np.argmax(cumulative >= 0.90) + 1)""",
        # the number of components *beyond* 90%
        """\
pca = PCA().fit(StandardScaler().fit_transform(X))
cumulative = np.cumsum(pca.explained_variance_ratio_)
n_components_90 = int(np.sum(cumulative >= 0.90))""",
    ],
    right=[
        # PCA picks the count itself when n_components is a share
        """\
pca = PCA(n_components=0.90).fit(StandardScaler().fit_transform(X))
n_components_90 = pca.n_components_""",
        # count the components still short of 90%, plus the one that crosses it
        """\
shares = make_pipeline(StandardScaler(), PCA()).fit(X)[-1].explained_variance_ratio_
n_components_90 = int((np.cumsum(shares) < 0.9).sum()) + 1""",
    ],
    hints=[
        "`pca.explained_variance_ratio_` holds each component's share of the variance, largest "
        "first; `np.cumsum` turns them into running totals.",
        "Find the first position where the running total reaches 0.90 (`np.argmax` of a boolean "
        "array gives the first True), and remember positions start at 0.",
        "With `pca` fitted on the *scaled* data: the running total of its variance shares, the "
        "first position where it reaches 0.90, plus one.",
    ],
)
def pca_components(answer):
    expected = _pca_expected()
    value = checks.number(answer, "n_components_90")
    if value != int(value):
        raise Incorrect("n_components_90 should be a whole number of components")
    n = int(value)
    if n == expected["n"]:
        return (f"{n} components out of {expected['features']} keep 90% of the information: "
                "a four-fold compression, and a faster, less noisy input for a model.")
    if n == 1 == expected["raw_n"]:
        raise Incorrect(f"1 component keeps only {expected['scaled'][0]:.0%} of the variance of the "
                        "scaled data. If your running total passed 90% at once, look at three "
                        "things: scale X first (unscaled, the areas in the hundreds hold nearly all "
                        "the variance), add up explained_variance_ratio_ (shares, not variances), and "
                        "compare with 0.90, not 90")
    if 1 <= n < expected["n"]:
        share = expected["scaled"][n - 1]
        raise Incorrect(f"{n} components explain only {share:.1%}, short of 90%: count up to and "
                        "including the component that crosses 90% (np.argmax gives a position, "
                        "which starts at 0)")
    if not 1 <= n <= expected["features"]:
        raise Incorrect(f"there are only {expected['features']} features, so between 1 and "
                        f"{expected['features']} components")
    raise Incorrect(f"{n} components is not the smallest number reaching 90%: look at the "
                    "cumulative sum of explained_variance_ratio_ on the scaled data")
