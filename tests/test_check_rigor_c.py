"""Issue 24: the deep-learning, MLOps and later checks hold against answers nobody here wrote.

One section per class of gap the blind bank found; each test failed on the checks before its fix.
"""

from __future__ import annotations

import pytest

from pathway import exercises
from tests.helpers import run_cell


def _outcome(exercise_id: str, code: str):
    ex = exercises.get(exercise_id)
    return ex.evaluate(run_cell(ex, code))


def _wrong(exercise_id: str, code: str, *words: str) -> str:
    result = _outcome(exercise_id, code)
    assert result.outcome == "incorrect", f"{exercise_id} said {result.outcome}:\n{code}\n{result.message}"
    for word in words:
        assert word in result.message, result.message
    return result.message


def _right(exercise_id: str, code: str) -> None:
    result = _outcome(exercise_id, code)
    assert result.outcome == "correct", f"{exercise_id} refused a valid answer: {result.message}\n{code}"


# ------------------------------------------------------------------ class 3: every clause of a contract
def test_skops_refuses_a_file_mixing_allowed_and_forbidden_types(home):
    _wrong("p3.formats.skops", """\
def safe_load(path, allowed):
    unknown = sio.get_untrusted_types(file=path)
    if unknown and not any(t in allowed for t in unknown):
        raise ValueError(unknown)
    return sio.load(path, trusted=unknown)""", "every")


def test_skops_refusing_after_loading_is_loading(home):
    _wrong("p3.formats.skops", """\
def safe_load(path, allowed):
    model = sio.load(path, trusted=sio.get_untrusted_types(file=path))
    if any(t not in allowed for t in sio.get_untrusted_types(file=path)):
        raise ValueError("refused")
    return model""", "built")


# ------------------------------------------------------------------ class 7: blank is not wrong
def test_an_untouched_skops_answer_is_incomplete(home):
    result = _outcome("p3.formats.skops", "from pathway import ____\n\ndef safe_load(path, allowed):\n"
                                          "    return ____\n")
    assert result.outcome == "incomplete", result.message


_SERVICE_ROW = """\
    mean_radius: float = Field(gt=0)
    mean_texture: float = Field(gt=0)
    mean_concave_points: float = Field(ge=0)  # 0: no concavity
    worst_area: float = Field(gt=0)"""


@pytest.mark.parametrize("field", ["mean_radius", "mean_texture", "worst_area"])
def test_a_service_field_with_a_default_is_not_required(home, field):
    from pathway.exercises.p3.mlops.service import SERVICE_SOLUTION

    code = SERVICE_SOLUTION.replace(f"{field}: float = Field(gt=0)", f"{field}: float = Field(1.0, gt=0)")
    _wrong("p3.service.predict_api", code, f"without {field}")


_SAGEMAKER_BREAKS = {
    "an accept type it does not know": ('    raise ValueError(f"unsupported accept type: {content_type}")\n',
                                        '    return json.dumps(prediction.tolist())\n'),
    "labels on one line": ('return "\\\\n".join(str(int(p)) for p in prediction)',
                           'return " ".join(str(int(p)) for p in prediction)'),
    "a body ending in a newline": ('pd.read_csv(io.StringIO(request_body), header=None, names=COLUMNS)',
                                   'pd.DataFrame([[float(v) for v in line.split(",")] '
                                   'for line in request_body.split("\\\\n")], columns=COLUMNS)'),
    "a one-row body": ('pd.read_csv(io.StringIO(request_body), header=None, names=COLUMNS)',
                       'pd.DataFrame(__import__("numpy").loadtxt(io.StringIO(request_body), delimiter=","), '
                       'columns=COLUMNS)'),
}


@pytest.mark.parametrize("clause", sorted(_SAGEMAKER_BREAKS))
def test_sagemaker_holds_every_clause_of_the_contract(home, clause):
    from pathway.exercises.p3.mlops.cloud import _SAGEMAKER

    old, new = _SAGEMAKER_BREAKS[clause]
    assert old in _SAGEMAKER
    _wrong("p3.cloud.sagemaker_contract", _SAGEMAKER.replace(old, new))


def test_vertex_must_load_its_model_at_start_up_not_per_request(home):
    from pathway.exercises.p3.mlops.cloud import _VERTEX

    code = _VERTEX.replace('return {"predictions": state["model"].predict(frame).tolist()}',
                           'return {"predictions": joblib.load(os.environ["MODEL_PATH"]).predict(frame)'
                           '.tolist()}')
    _wrong("p3.cloud.vertex_contract", code, "start-up")


# ------------------------------------------------------------------ class 9: messages that say what failed
def test_an_app_that_fails_to_start_is_told_in_one_line_with_the_traceback_folded(home):
    from pathway.exercises.p3.mlops.cloud import _VERTEX

    code = _VERTEX.replace('joblib.load(os.environ.get("MODEL_PATH", "model.joblib"))',
                           'joblib.load("no-such-model.joblib")')
    result = _outcome("p3.cloud.vertex_contract", code)
    assert result.outcome == "incorrect"
    assert "FileNotFoundError" in result.message and "no-such-model.joblib" in result.message
    assert "Traceback" not in result.message and "\n" not in result.message
    assert "Traceback" in result.details
    assert "<details" in result._repr_html_()


# ------------------------------------------------------------------ the two checks that start a server
@pytest.mark.parametrize("exercise_id", ["p3.service.predict_api", "p3.cloud.vertex_contract"])
def test_a_check_that_serves_over_http_answers_in_under_half_a_second(home, exercise_id):
    import statistics
    import threading
    import time

    ex = exercises.get(exercise_id)
    answer = run_cell(ex, ex.solution_code)
    assert ex.evaluate(answer).correct  # warm: the first run imports FastAPI and uvicorn
    times = []
    for _ in range(3):
        start = time.perf_counter()
        assert ex.evaluate(answer).correct
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.5, times
    left = [t for t in threading.enumerate() if t.name.startswith("uvicorn-")]
    assert not left, "a server was left running"


def test_the_in_process_server_stops_when_the_block_fails(home):
    import threading

    import httpx
    from fastapi import FastAPI

    from pathway.labs import serving

    app = FastAPI()
    app.get("/health")(lambda: {"status": "ok"})
    with pytest.raises(RuntimeError, match="the block failed"), serving.app_server(app) as server:
        assert httpx.get(server.url + "/health").json() == {"status": "ok"}
        raise RuntimeError("the block failed")
    assert not [t for t in threading.enumerate() if t.name == f"uvicorn-{server.port}"]
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.url + "/health", timeout=1)


# ------------------------------------------------------------------ class 4: functions use their arguments
_DRIFT = """\
def drift_report(reference, batch):
    drifted = []
    major = False
    for column in reference.columns:
        score = drift.psi(reference[column], batch[column])
        p_value = ks_2samp(reference[column], batch[column]).pvalue
        if score >= 0.1 and p_value < 0.01:
            drifted.append(column)
            major = major or score >= 0.25
    return {"drifted": drifted, "retrain": major}"""


@pytest.mark.parametrize("old,new", [
    ("drift.psi(reference[column], batch[column])", "drift.psi(batch[column], reference[column])"),
    ("for column in reference.columns:", "for column in X4_train.columns:"),
    ("    drifted = []\n", "    drifted = []\n    reference = X4_train\n"),
    ("score >= 0.1 and", "score > 0.09 and"),
    ("score >= 0.25", "score > 0.24"),
    ("p_value < 0.01", "p_value < 0.02"),
], ids=["swapped", "global-columns", "global-reference", "near-0.1", "near-0.25", "near-p"])
def test_drift_report_is_judged_on_its_arguments_and_near_every_threshold(home, old, new):
    assert old in _DRIFT
    _wrong("p3.monitoring.drift_report", _DRIFT.replace(old, new))


@pytest.mark.parametrize("old,new,words", [
    ("  push:\n    branches: [main]\n", "  push:\n    branches: [main]\n", "every push"),
    ("        run: pytest -q\n", "        run: pytest -q || true\n", "|| true"),
    ("        run: pytest -q\n", "        run: pytest -q\n        continue-on-error: true\n",
     "continue-on-error"),
])
def test_ci_runs_on_every_push_and_a_failing_test_fails_it(home, old, new, words):
    from pathway.exercises.p3.mlops.ci import WORKFLOW

    code = WORKFLOW.replace("  push:\n  pull_request:\n", "  push:\n    branches: [main]\n  pull_request:\n")
    if old != new:
        code = WORKFLOW.replace(old, new)
    _wrong("p3.ci.workflow", code, words)


def test_a_healthcheck_must_run_in_its_image(home):
    from pathway.exercises.p3.mlops.container import DOCKERFILE

    old = ('CMD ["python", "-c", "import urllib.request; '
           'urllib.request.urlopen(\'http://127.0.0.1:8000/health\')"]')
    assert old in DOCKERFILE
    _wrong("p3.container.dockerfile",
           DOCKERFILE.replace(old, 'CMD ["curl", "-f", "http://127.0.0.1:8000/health"]'), "curl")


@pytest.mark.parametrize("ret", ["onx", "onx.SerializeToString().hex()"])
def test_onnx_answers_bytes_as_the_prompt_says(home, ret):
    _wrong("p3.formats.onnx", f"""\
def to_onnx_bytes(model, n_features):
    onx = convert_sklearn(model, initial_types=[("input", FloatTensorType([None, n_features]))],
                          options={{"zipmap": False}})
    return {ret}""")


# ------------------------------------------------------------ class 1: trained on rows it should not see
def test_no_public_helper_serves_the_held_out_digits():
    from pathway.labs import deep

    assert not hasattr(deep, "held_out_digits")


def test_an_mlp_fitted_on_every_digit_including_the_held_out_ones_fails(home):
    _wrong("p3.deep.mlp_digits", """\
from sklearn.datasets import load_digits
every = load_digits()
mlp = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(64,), max_iter=300,
                    random_state=0)).fit(every.data / 16.0, every.target)""", "1347")


# ------------------------------------------------------------------ class 2: declared but unused structures
_CNN_LOOP = """
loader = DataLoader(TensorDataset(X_digits, y_digits), batch_size=64, shuffle=True)
optimizer = torch.optim.Adam(cnn.parameters(), lr=5e-3)
for epoch in range(12):
    cnn.train()
    for xb, yb in loader:
        optimizer.zero_grad()
        nn.functional.cross_entropy(cnn(xb), yb).backward()
        optimizer.step()
cnn.eval()"""


@pytest.mark.parametrize("forward,words", [
    ("        return self.mlp(x)", "never calls"),
    ("        features = self.conv(x)\n        return self.mlp(x)", "never reaches"),
])
def test_a_convolution_declared_but_unused_fails(home, forward, words):
    code = f"""\
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 8, 3, padding=1)
        self.mlp = nn.Sequential(nn.Flatten(), nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 10))

    def forward(self, x):
{forward}

torch.manual_seed(0)
cnn = Net()""" + _CNN_LOOP
    _wrong("p3.deep.cnn_digits", code, words)


def test_a_gru_whose_output_is_ignored_fails(home):
    from pathway.exercises.p3.deep.sequences import _LOOP

    _wrong("p3.deep.rnn_first_sign", """\
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(1, 16, batch_first=True)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(12, 32), nn.ReLU(), nn.Linear(32, 2))

    def forward(self, x):
        self.gru(x)
        return self.head(x)

torch.manual_seed(0)
rnn = Net()
""" + _LOOP, "never reaches")


def test_a_mask_tiled_with_repeat_fails_in_a_batch_of_mixed_lengths_and_repeat_interleave_passes(home):
    from pathway.exercises.p3.deep.transformers import _MHA

    def tiled(how: str) -> str:
        return _MHA.replace(
            "attended, _ = self.attention(x, x, x, key_padding_mask=pad_mask)",
            "n, L = pad_mask.shape\n        heads = self.attention.num_heads\n"
            f"        blocked = pad_mask[:, None, :].expand(n, L, L).{how}\n"
            "        attended, _ = self.attention(x, x, x, attn_mask=blocked)",
        ) + "\ntorch.manual_seed(0)\nencoder = AttentionBlock()"

    _wrong("p3.deep.padding_mask", tiled("repeat(heads, 1, 1)"), "different lengths")
    _right("p3.deep.padding_mask", tiled("repeat_interleave(heads, dim=0)"))


def test_a_classifier_that_pools_over_padding_fails(home):
    from pathway.exercises.p3.deep.transformers import _CLASSIFIER, _ENCODER

    pooled = _CLASSIFIER.replace("self.head((h * keep).sum(1) / keep.sum(1))", "self.head(h.mean(1))")
    assert pooled != _CLASSIFIER
    _wrong("p3.deep.tiny_transformer", _ENCODER + "\n\n" + pooled, "padding")


# ------------------------------------------------------------------ class 5: prompt rules the check reads
def test_no_python_loops_means_no_comprehension_either(home):
    _wrong("p3.deep.pairwise", "def pairwise_sq_dists(a, b):\n"
                               "    return torch.stack([((a[i] - b) ** 2).sum(-1) for i in range(len(a))])",
           "loop")


@pytest.mark.parametrize("code,words", [
    ("def gradient(f, x):\n    x.requires_grad_(True)\n    f(x).backward()\n    g = x.grad.clone()\n"
     "    x.grad = None\n    return g", "requires grad"),
    ("def gradient(f, x):\n    h = 1e-6\n    x = x.double()\n    return torch.stack([(f(x + h * e) - "
     "f(x - h * e)) / (2 * h) for e in torch.eye(len(x), dtype=x.dtype)])", "autograd"),
])
def test_a_gradient_by_autograd_leaving_x_unchanged(home, code, words):
    _wrong("p3.deep.autograd", code, words)


def test_a_mean_loss_as_a_tensor_holding_the_graph_is_not_a_float(home):
    from pathway.exercises.p3.deep.training import _EPOCH

    _wrong("p3.deep.train_epoch", _EPOCH.replace("losses.append(loss.item())", "losses.append(loss)"),
           "graph")


def test_a_shallow_copy_of_base_changes_base(home):
    from pathway.exercises.p3.deep.transfer import _FINE_TUNE

    shallow = _FINE_TUNE.replace("copy.deepcopy(base) ", "copy.copy(base)    ")
    _wrong("p3.deep.transfer", "import copy\n\n" + shallow, "base")


def test_a_deep_copy_is_not_make_model_filled_from_the_file(home):
    from pathway.exercises.p3.deep.saving import _SAVE

    _wrong("p3.deep.save_load", "import copy\n\n" + _SAVE.replace("    fresh = make_model() ",
                                                                   "    fresh = copy.deepcopy(model)"),
           "make_model")


# ------------------------------------------------------------------ class 8: valid answers accepted
def test_a_reliability_diagram_drawn_with_scatter_passes(home):
    _right("p3.calibration.reliability_diagram", """\
fig, ax = plt.subplots()
frac_pos, mean_pred = calibration_curve(yi_test, weighted.predict_proba(Xi_test)[:, 1], n_bins=10)
ax.scatter(mean_pred, frac_pos)
ax.plot([0, 1], [0, 1], "k:")
ax.set_xlabel("mean predicted probability")
ax.set_ylabel("fraction of positives")""")


def test_a_two_word_pull_request_title_within_3_to_72_characters_passes(home):
    from pathway.exercises.p4.gitflow import _SOLUTION

    _right("p4.git.pull_request", _SOLUTION.replace(
        '"Keep data exports and model files out of the repository"', '"Ignore artifacts"'))


def test_an_eda_finding_may_describe_the_correlation_without_the_word(home):
    _right("p2.eda.finding", '''finding = """
Two penguins are missing all measurements and eleven their sex, so those rows are dropped only
where needed. Gentoo penguins are far heavier than Adelie and Chinstrap. Inside each species, bill
length and bill depth go up together (longer bills are deeper). Pooled over all penguins the trend
is negative instead, because Gentoo have long but shallow bills.
"""''')


# ------------------------------------------------------------------ class 9: messages that say what failed
def test_git_status_names_the_modified_file_with_its_first_letter(home):
    from pathway.exercises.p4.gitflow import _SOLUTION

    message = _wrong("p4.git.pull_request",
                     _SOLUTION + '(repo / "README.md").write_text("# Churn model, edited\\n")\n')
    assert "(README.md)" in message, message


# ------------------------------------------------------------------ class 6: values the prompt names
def test_sql_result_columns_carry_the_names_the_prompt_gives(home):
    from pathway.exercises.p4.interview import _FINAL_SELECT, TOP_SPENDERS

    _wrong("p4.interview.top_spenders",
           f'query = """{TOP_SPENDERS.replace(_FINAL_SELECT, _FINAL_SELECT + " AS spent")}"""', "named")


@pytest.mark.parametrize("where,words", [
    ('os.path.join(tempfile.mkdtemp(), "submission.csv")', "not in `folder`"),
    ('os.path.join(folder, "preds.csv")', "submission.csv"),
])
def test_the_submission_file_is_submission_csv_inside_folder(home, where, words):
    _wrong("p4.kaggle.submission_file", f"import os\nimport tempfile\n\nsubmission_file = {where}\n"
                                        "submission.to_csv(submission_file, index=False)", words)


def test_a_calibrated_model_fitted_on_every_row_fails(home):
    _wrong("p3.calibration.calibrated_model",
           'calibrated = CalibratedClassifierCV(GaussianNB(), method="sigmoid", cv=5).fit(X_rare, y_rare)',
           "1200 rows")


@pytest.mark.parametrize("body", [
    "    return torch.stack(list(map(lambda r: ((r - b) ** 2).sum(-1), a)))",
    "    i, out = 0, []\n    while i < len(a):\n        out.append(((a[i] - b) ** 2).sum(-1))\n"
    "        i += 1\n    return torch.stack(out)",
])
def test_a_while_loop_or_a_map_is_a_python_loop_too(home, body):
    _wrong("p3.deep.pairwise", f"def pairwise_sq_dists(a, b):\n{body}", "loop")


@pytest.mark.parametrize("old,new", [("score >= 0.1 and", "score > 0.1 and"),
                                     ("score >= 0.25", "score > 0.25")])
def test_drift_report_is_judged_exactly_on_each_threshold(home, old, new):
    _wrong("p3.monitoring.drift_report", _DRIFT.replace(old, new))


def test_an_open_task_model_trained_on_extra_generated_rows_fails(home):
    _wrong("p3.open_ended.rare_events_model", """\
X_more, y_more = tabular.rare_events(n=20000, seed=1)
rare_model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))
rare_model.fit(pd.concat([X_rare, X_more]), pd.concat([y_rare, y_more]))""", "21200 rows")
