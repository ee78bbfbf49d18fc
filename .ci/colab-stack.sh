#!/usr/bin/env bash
# The notebooks on Google Colab's stack: a Python 3.12 venv with Colab's preinstalled versions
# (.ci/colab-constraints.txt), then the unsolved run (nbval) and the solved run
# (tests/test_notebooks.py) of every notebook. Usage: .ci/colab-stack.sh [VENV_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

venv=${1:-build/venv-colab}

# Colab runs Python 3.12; 3.13 is the fallback (every pin in the constraints has 3.13 wheels
# except pandas 2.2.2, which would then build from source).
python=""
for candidate in /root/.pyenv/versions/3.12.*/bin/python python3.12 /root/.pyenv/versions/3.13.*/bin/python python3.13; do
  if command -v "$candidate" >/dev/null 2>&1; then
    python=$(command -v "$candidate")
    break
  fi
done
if [ -z "$python" ]; then
  echo ".ci/colab-stack.sh: no Python 3.12 or 3.13 found (looked in /root/.pyenv/versions and on PATH);" \
       "install one, e.g. 'pyenv install 3.12', to test the notebooks on Colab's stack" >&2
  exit 1
fi
echo "+ Colab stack on $("$python" -V 2>&1) ($python), constraints .ci/colab-constraints.txt"

rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install -q -e ".[test]" -c .ci/colab-constraints.txt
"$venv/bin/python" -m pip list 2>/dev/null \
  | grep -iE '^(numpy|pandas|matplotlib|seaborn|scikit-learn|scipy|platformdirs|ipykernel|ipython) ' || true
# --- MLOps notebook (03c) ---------------------------------------------------------------------
# .[test] includes the mlops extra; FastAPI, uvicorn, httpx and pydantic are held at Colab's versions by
# the constraints, the rest (MLflow, ONNX, skops, the linters) is what 03c's setup cell installs in Colab.
"$venv/bin/python" -m pip list 2>/dev/null \
  | grep -iE '^(mlflow|fastapi|starlette|uvicorn|httpx|pydantic|onnx|onnxruntime|skl2onnx|skops) ' || true
# --- end MLOps ----------------------------------------------------------------------------------

# ipykernel 6.17 on Python 3.12 warns about frozen modules at every kernel start; quiet it.
export PYDEVD_DISABLE_FILE_VALIDATION=1
# The unsolved run (nbval: top to bottom, no error, nothing recorded done) and the solved run.
"$venv/bin/python" -m pytest -q -p no:cacheprovider --nbval-lax notebooks tests/test_notebooks.py
