"""Notebook 03e's promises: a checkpointed run resumes bit for bit, and a SavedModel exported from Keras on
TensorFlow serves, in a fresh process, the predictions of the Keras model; the tf extra suits Colab."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from tests.conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

torch = pytest.importorskip("torch")

# Colab's TensorFlow since July 2025 (googlecolab/colabtools#5489, checked 2026-12-06): the tf extra must
# be met by it, so that installing the extra there upgrades nothing.
COLAB_TENSORFLOW = "2.19.0"


def _namespace(code: str) -> dict:
    namespace = {"torch": torch, "nn": torch.nn, "math": __import__("math")}
    exec(code, namespace)
    return namespace


def test_a_checkpointed_run_resumes_with_the_weights_of_the_uninterrupted_run():
    from pathway.exercises.p3.craft import checkpoint
    from pathway.exercises.p3.craft._craft import same_weights

    whole = checkpoint._uninterrupted()
    right = _namespace(checkpoint._CHECKPOINT)
    with tempfile.TemporaryDirectory() as folder:
        resumed, epoch = checkpoint._resumed(right["save_checkpoint"], right["load_checkpoint"], folder)
    assert epoch == checkpoint._STOP
    state, other = resumed.state_dict(), whole.state_dict()
    assert state.keys() == other.keys()
    assert all(torch.equal(state[k], other[k]) for k in state)  # bit for bit, buffers included
    # Without the random-number state the same resume ends elsewhere: the comparison has teeth.
    forgetful = _namespace(checkpoint._CHECKPOINT.replace('    torch.set_rng_state(state["rng"])\n', ""))
    with tempfile.TemporaryDirectory() as folder:
        drifted, _ = checkpoint._resumed(forgetful["save_checkpoint"], forgetful["load_checkpoint"], folder)
    assert not same_weights(drifted, whole)


_TRAIN_AND_EXPORT = """
import os, sys
import numpy as np
import keras
from pathway.exercises.p3.deep._data import held_out_digits
from pathway.labs import deep, keras_backends
keras_backends.tf_threads()
assert keras.backend.backend() == "tensorflow", keras.backend.backend()
X, y = deep.digits_images()
X = X.transpose(0, 2, 3, 1)[:300]
keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input(shape=(8, 8, 1)), keras.layers.Conv2D(8, 3, activation="relu"),
                          keras.layers.Flatten(), keras.layers.Dense(10)])
model.compile(optimizer="adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
model.fit(X, y[:300], epochs=2, batch_size=64, verbose=0)
Xh, _ = held_out_digits()
np.save(sys.argv[2], model.predict(Xh.transpose(0, 2, 3, 1), verbose=0))
model.export(sys.argv[1], verbose=False)
model.save(sys.argv[3])
"""


@pytest.fixture(scope="module")
def trained_on_tensorflow(tmp_path_factory):
    """A small CNN trained in a child process with Keras on TensorFlow: its SavedModel folder, its own
    predictions of the held-out digits, and its `.keras` file."""
    if importlib.util.find_spec("tensorflow") is None:
        pytest.skip("needs the tf extra")
    from pathway.labs import keras_backends

    folder = tmp_path_factory.mktemp("keras_tf")
    export_dir, expected, keras_file = folder / "saved", folder / "keras.npy", folder / "cnn.keras"
    env = keras_backends._child_env(KERAS_BACKEND="tensorflow", PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-c", _TRAIN_AND_EXPORT, str(export_dir), str(expected),
                          str(keras_file)], capture_output=True, text=True, timeout=600, env=env, cwd=folder)
    assert run.returncode == 0, run.stderr[-2000:]
    return export_dir, np.load(expected), keras_file


def _held_out_channels_last():
    from pathway.exercises.p3.deep._data import held_out_digits

    Xh, _ = held_out_digits()
    return Xh.transpose(0, 2, 3, 1)


def test_the_exported_saved_model_serves_the_keras_predictions_in_a_fresh_process(trained_on_tensorflow):
    from pathway.labs import keras_backends

    export_dir, keras_scores, _ = trained_on_tensorflow
    assert (export_dir / "saved_model.pb").is_file()
    served, one = keras_backends.serve_saved_model(export_dir, _held_out_channels_last())
    assert served.shape == keras_scores.shape == (450, 10)
    np.testing.assert_allclose(served, keras_scores, atol=1e-5)
    np.testing.assert_allclose(one[0], served[0], atol=1e-5)


def test_the_same_keras_file_predicts_the_same_on_the_torch_backend(trained_on_tensorflow):
    """One model, two engines: the weights trained on TensorFlow, loaded in a fresh process on torch."""
    from pathway.labs import keras_backends

    _, keras_scores, keras_file = trained_on_tensorflow
    on_torch = keras_backends.predict_on_backend(keras_file, _held_out_channels_last(), "torch")
    assert on_torch.shape == keras_scores.shape
    assert (on_torch.argmax(1) == keras_scores.argmax(1)).all()
    np.testing.assert_allclose(on_torch, keras_scores, atol=1e-4)
    assert len(set(keras_scores.argmax(1))) > 3  # a model whose answers vary: the agreement has teeth


def test_the_tf_extra_is_met_by_colab_and_included_in_test_and_lab():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    for name in ("test", "lab"):
        own = [Requirement(s) for s in extras[name] if Requirement(s).name == project["name"]]
        included = {e for r in own for e in r.extras}
        assert "tf" in included, f"the {name} extra should include tf"
    for spec in extras["tf"]:
        req = Requirement(spec)
        assert req.name == "tensorflow", "Colab has `tensorflow`; another name would install beside it"
        assert req.specifier.contains(Version(COLAB_TENSORFLOW)), f"{req}: Colab has {COLAB_TENSORFLOW}"


def test_colab_stack_runs_03e_where_torch_and_tensorflow_are():
    script = (ROOT / ".ci" / "colab-stack.sh").read_text()
    assert "03e_training_craft" in script
    assert "tensorflow" in script


def test_notebook_03e_is_listed_after_03b():
    notebooks = tomllib.loads((ROOT / "data" / "roadmap.toml").read_text())["phases"]
    p3 = next(p for p in notebooks if p["id"] == "p3")["notebooks"]
    assert p3.index("03e_training_craft.ipynb") == p3.index("03b_deep_learning.ipynb") + 1
    assert Path(ROOT / "notebooks" / "03e_training_craft.ipynb").is_file()


@pytest.mark.skipif(importlib.util.find_spec("tensorflow") is None, reason="needs the tf extra")
def test_the_export_check_serves_in_this_process_in_milliseconds(home, monkeypatch):
    import time

    from pathway import exercises
    from tests.helpers import run_cell

    ex = exercises.get("p3.craft.tf_export")
    answer = run_cell(ex, ex.solution_code)

    def no_process(*args, **kwargs):
        raise AssertionError("the check started a process: the fresh-process serve is this file's test")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        result = ex.evaluate(answer)
        times.append(time.perf_counter() - start)
        assert result.outcome == "correct", result.message
    assert sorted(times)[1] < 0.5, times
