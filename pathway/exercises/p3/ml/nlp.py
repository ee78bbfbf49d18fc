"""Phase 3, machine-learning specialization: NLP."""

from __future__ import annotations

import functools
from typing import Any

from ... import checks
from ...engine import Incorrect, exercise
from .._shared import _POSTINGS, _TOP_WORDS, _fitted_on_train, _held_out_accuracy, _ns


@functools.cache
def _postings() -> dict[str, tuple[Any, Any]]:
    """The training, test and all rows of the postings, as the notebook splits them."""
    import pandas as pd

    ns = _ns(_POSTINGS)
    return {"train": (ns["text_train"], ns["role_train"]), "test": (ns["text_test"], ns["role_test"]),
            "all": (pd.concat([ns["text_train"], ns["text_test"]]),
                    pd.concat([ns["role_train"], ns["role_test"]]))}


_LINEAR_TEXT_MODELS = (
    "LogisticRegression", "LogisticRegressionCV", "SGDClassifier", "RidgeClassifier",
    "RidgeClassifierCV", "LinearSVC", "Perceptron", "PassiveAggressiveClassifier",
)


@exercise(
    "p3.nlp.text_classifier",
    title="Classify job postings with TF-IDF and a linear model",
    prompt="Build `text_model`: a pipeline of `TfidfVectorizer()` and a linear classifier such as "
    "`LogisticRegression(max_iter=1000)`, fitted on `text_train`, `role_train` (all of them, and "
    "nothing else). It should classify at least 85% of the test postings correctly.",
    answer="text_model",
    setup=_POSTINGS,
    solution="""\
text_model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))
text_model.fit(text_train, role_train)""",
    right=[
        # named steps, the two parts fitted one after the other
        """\
from sklearn.pipeline import Pipeline
tfidf = TfidfVectorizer().fit(text_train)
clf = LogisticRegression(max_iter=1000).fit(tfidf.transform(text_train), role_train)
text_model = Pipeline([("tfidf", tfidf), ("clf", clf)])""",
        # another linear model and other vectorizer settings
        """\
from sklearn.svm import LinearSVC
text_model = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), LinearSVC())
text_model.fit(list(text_train), list(role_train))""",
    ],
    wrong=[
        "text_model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))",
        "from sklearn.dummy import DummyClassifier\n"
        "text_model = make_pipeline(TfidfVectorizer(), DummyClassifier()).fit(text_train, role_train)",
        "from sklearn.feature_extraction.text import CountVectorizer\n"
        "text_model = make_pipeline(CountVectorizer(), LogisticRegression(max_iter=1000))"
        ".fit(text_train, role_train)",
        # fitted on every posting, the test ones included: it scores best on them, and cheats
        "text_model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))"
        ".fit(postings[\"text\"], postings[\"role\"])",
        # fitted on the test rows
        "text_model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))"
        ".fit(text_test, role_test)",
        # fitted on part of the training rows
        "text_model = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))"
        ".fit(text_train[:150], role_train[:150])",
        # the vectorizer learned its vocabulary from every posting
        """\
vec = TfidfVectorizer().fit(postings["text"])
clf = LogisticRegression(max_iter=1000).fit(vec.transform(text_train), role_train)
text_model = make_pipeline(vec, clf)""",
    ],
    hints=[
        "A model needs numbers, so the pipeline's first step turns each text into a vector of "
        "word weights and the second learns from those vectors.",
        "`make_pipeline(...)` chains a `TfidfVectorizer()` and a classifier; the pipeline is "
        "fitted like any model, on the training texts and their labels only.",
        "Build the pipeline of the two steps, then call its `.fit` with `text_train` and "
        "`role_train`: the test postings stay unseen until the score.",
    ],
)
def text_classifier(answer):
    from sklearn.feature_extraction.text import TfidfVectorizer

    checks.estimator(answer, steps=[TfidfVectorizer], must_be_fitted=False, name="text_model")
    final = answer.steps[-1][1]
    if type(final).__name__ not in _LINEAR_TEXT_MODELS:
        raise Incorrect(f"text_model should end in a linear classifier such as LogisticRegression, "
                        f"not {type(final).__name__}")
    if not checks.fitted(answer):
        raise Incorrect("text_model is not fitted yet: call `.fit(text_train, role_train)` on it")
    data = _postings()
    text_test, role_test = data["test"]
    outputs = _fitted_on_train(answer, data, text_test, name="text_model",
                               train="text_train, role_train")
    score = _held_out_accuracy(answer, outputs, text_test, role_test, name="text_model", at_least=0.85)
    return (f"{score:.0%} of unseen postings labelled correctly, from word weights alone. "
            "TF-IDF down-weights words every posting uses (\"skills\", \"python\") and "
            "up-weights the telling ones.")


@functools.cache
def _top_words_expected() -> dict[str, Any]:
    import numpy as np

    ns = _ns(_TOP_WORDS)
    words, clf = ns["words"], ns["classifier"]
    top, bottom = {}, {}
    for role, coefs in zip(clf.classes_, clf.coef_):
        order = np.argsort(coefs)
        top[str(role)] = [str(w) for w in words[order[::-1][:5]]]
        bottom[str(role)] = [str(w) for w in words[order[:5]]]
    return {"top": top, "bottom": bottom}


@exercise(
    "p3.nlp.top_words",
    title="The most telling words for each role",
    prompt="`classifier.coef_` has one row of word weights per class (in the order of "
    "`classifier.classes_`), and `words` names the columns. Set `top_words` to a dictionary "
    "mapping each role to a list of its 5 words with the *largest* coefficients, largest first.",
    answer="top_words",
    setup=_TOP_WORDS,
    solution="""\
top_words = {}
for role, coefs in zip(classifier.classes_, classifier.coef_):
    largest_first = np.argsort(coefs)[::-1]
    top_words[role] = list(words[largest_first[:5]])""",
    wrong=[
        """\
top_words = {}
for role, coefs in zip(classifier.classes_, classifier.coef_):
    top_words[role] = list(words[np.argsort(coefs)[:5]])""",
        """\
top_words = {}
for role, coefs in zip(classifier.classes_, classifier.coef_):
    top_words[role] = list(words[:5])""",
        # the right five, smallest of them first
        """\
top_words = {}
for role, coefs in zip(classifier.classes_, classifier.coef_):
    top_words[role] = list(words[np.argsort(coefs)[-5:]])""",
    ],
    right=[
        # a Series of weights per role, and its five largest
        """\
import pandas as pd
top_words = {
    role: pd.Series(coefs, index=words).nlargest(5).index.tolist()
    for role, coefs in zip(classifier.classes_, classifier.coef_)
}""",
        # sorting the negated weights, kept as an array of words
        """\
top_words = {classifier.classes_[i]: words[np.argsort(-classifier.coef_[i])[:5]]
             for i in range(len(classifier.classes_))}""",
    ],
    hints=[
        "Loop over `zip(classifier.classes_, classifier.coef_)`: each pass gives a role and its "
        "row of coefficients, one per word.",
        "`np.argsort(coefs)` gives the positions that sort the coefficients from smallest to "
        "largest; reverse it with `[::-1]` for largest first, and index `words` with the first 5.",
        "Inside the loop: reverse the order `np.argsort(coefs)` gives, keep its first 5 positions, "
        "look them up in `words`, and store them as a list under the role.",
    ],
)
def top_words(answer):
    expected = _top_words_expected()
    roles = list(expected["top"])
    checks.expect_type(answer, dict, "a dictionary {role: [words]}")
    checks.same_set([str(k) for k in answer.keys()], roles, "the keys of top_words")
    given = {str(k): v for k, v in answer.items()}
    for role in roles:
        value = given[role]
        if isinstance(value, str) or not hasattr(value, "__iter__"):
            raise Incorrect(f"top_words[{role!r}] should be a list of 5 words, got "
                            f"{checks.type_name(value)}")
        items = list(value)
        if not all(isinstance(w, str) for w in items):
            raise Incorrect(f"top_words[{role!r}] should hold the words themselves (text), got "
                            f"{checks.type_name(items[0] if items else value)} elements")
        got = [str(w) for w in items]
        if len(got) != 5:
            raise Incorrect(f"top_words[{role!r}] has {len(got)} words; keep the top 5")
        if set(got) == set(expected["bottom"][role]):
            raise Incorrect(f"top_words[{role!r}] holds the words with the *smallest* "
                            "coefficients, the ones that count against that role: sort from the "
                            "largest")
        if got != expected["top"][role]:
            if set(got) == set(expected["top"][role]):
                raise Incorrect(f"top_words[{role!r}] has the right words in the wrong order: "
                                "largest coefficient first")
            wrong = len(set(got) - set(expected["top"][role]))
            raise Incorrect(f"{wrong} of the words in top_words[{role!r}] are not among its 5 "
                            "largest coefficients")
    sample = expected["top"].get("data_engineer", next(iter(expected["top"].values())))
    return (f"the model's reasons are readable: data_engineer leans on {', '.join(sample[:3])}. "
            "Reading coefficients like this is how you catch a model that learned a shortcut.")
