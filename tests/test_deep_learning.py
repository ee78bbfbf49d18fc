"""Notebook 03b's tools and promises: torch stays out of `import pathway`, the data is deterministic,
the checks judge on data the notebook never hands out, and the deep extra suits Colab."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from pathway.exercises.p3.deep._data import held_out_digits
from pathway.labs import deep, sequences
from tests.conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

torch = pytest.importorskip("torch")

# What Colab preinstalled in early 2026 (see /work/notes/facts.md): the deep extra must not upgrade it.
COLAB = {"torch": "2.10.0", "keras": "3.10.0"}


def test_import_pathway_and_status_do_not_load_torch_keras_or_tensorflow(tmp_path):
    code = ("import sys, pathway; pathway.status(); from pathway.exercises import registry; "
            "registry.all_exercises(); "
            "print(sorted(m for m in ('torch', 'keras', 'tensorflow') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={"PATHWAY_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_deep_extra_is_met_by_colab_and_test_includes_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    included = {e for s in extras["test"] if (r := Requirement(s)).name == project["name"] for e in r.extras}
    assert "deep" in included
    for spec in extras["deep"]:
        req = Requirement(spec)
        assert req.specifier.contains(Version(COLAB[req.name])), f"{req}: Colab has {COLAB[req.name]}"


def test_ci_pins_torch_to_the_cpu_build_on_disk():
    pins = (ROOT / ".ci" / "constraints.txt").read_text()
    assert "torch==2.13.0" in pins
    assert "PIP_CONSTRAINT" in (ROOT / ".ci" / "run").read_text()


def test_digit_split_is_fixed_and_disjoint():
    X, y = deep.digits_images()
    Xh, yh = held_out_digits()
    assert X.shape == (1347, 1, 8, 8) and Xh.shape == (450, 1, 8, 8)
    assert X.dtype == np.float32 and 0.0 <= X.min() and X.max() <= 1.0
    seen = {row.tobytes() for row in X}
    assert sum(row.tobytes() in seen for row in Xh) < 5  # load_digits holds a few duplicate images
    again, _ = deep.digits_images()
    assert np.array_equal(X, again)
    X[0] = 0  # a learner's in-place edit must not reach the checks' copy
    assert not np.array_equal(X, deep.digits_images()[0])


def test_generators_are_deterministic_and_balanced():
    a, b = deep.spirals(300, seed=1), deep.spirals(300, seed=1)
    assert np.array_equal(a[0], b[0]) and set(np.unique(a[1])) == {0, 1, 2}
    x, y = sequences.first_sign(500, seed=3)
    assert x.shape == (500, 12, 1) and np.array_equal(y, x[:, 0, 0] > 0)
    assert 0.4 < y.mean() < 0.6
    tokens, mask, labels = sequences.count_compare(400, seed=4)
    assert np.array_equal(mask, tokens == sequences.PAD)
    ones = ((tokens == 1) & ~mask).sum(1)
    twos = ((tokens == 2) & ~mask).sum(1)
    assert np.all(ones != twos) and np.array_equal(labels, ones > twos)
    assert (~mask).sum(1).min() >= 3


def test_few_digits_takes_the_requested_classes_from_the_training_part():
    X, y = deep.few_digits(per_class=4, seed=2)
    assert X.shape == (20, 1, 8, 8) and sorted(np.bincount(y)) == [4] * 5
    train = {row.tobytes() for row in deep.digits_images()[0]}
    assert all(row.tobytes() in train for row in X)


def test_pretrained_cnn_is_a_fresh_copy_and_reads_its_own_classes():
    a, b = deep.pretrained_cnn(), deep.pretrained_cnn()
    a[0].weight.data.zero_()
    assert b[0].weight.abs().sum() > 0
    Xh, yh = held_out_digits()
    keep = yh < 5
    with torch.no_grad():
        acc = (b(torch.as_tensor(Xh[keep])).argmax(1).numpy() == yh[keep]).mean()
    assert acc > 0.9


def test_time_limit_stops_a_learner_function_that_never_ends(home):
    from pathway.exercises import get
    from pathway.exercises.engine import Incorrect
    from pathway.exercises.p3.deep import _torch

    with pytest.raises(Incorrect, match="took more than"):
        with _torch.time_limit(0.2, "train_epoch"):
            while True:
                pass
    result = get("p3.deep.save_load").check(lambda *a: __import__("time").sleep(30))
    assert result.outcome == "incorrect" and "took more than" in result.message
