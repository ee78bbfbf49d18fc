"""TensorFlow, and Keras on more than one backend, for notebook 03e: all offline, one CPU thread.

Keras 3 picks its backend (TensorFlow, JAX or PyTorch) once, at the first `import keras` of a process,
from the KERAS_BACKEND environment variable. So a notebook that wants TensorFlow sets the variable
before anything imports Keras, and running the same model on another backend takes another process:
`predict_on_backend` starts one. `serve_here` loads an exported SavedModel with TensorFlow's own loader
(no Keras, none of the notebook's code), as a server would; `serve_saved_model` does the same in a fresh
process, where nothing of the exporting session can help.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

_SERVE = """\
import sys
import numpy as np
from pathway.labs import keras_backends
keras_backends.tf_threads()
try:
    full, one = keras_backends.serve_here(sys.argv[1], np.load(sys.argv[2]))
except RuntimeError as exc:
    sys.exit(str(exc))
np.save(sys.argv[3], full)
np.save(sys.argv[4], one)
"""

_PREDICT = """\
import sys
import numpy as np
import keras
model = keras.saving.load_model(sys.argv[1])
np.save(sys.argv[3], np.asarray(model.predict(np.load(sys.argv[2]), verbose=0)))
print(keras.backend.backend())
"""


def tf_threads(n: int = 1) -> int:
    """Run TensorFlow on `n` CPU threads (default 1), as `deep.threads` does for torch; returns `n`.

    TensorFlow fixes its thread pools when it first runs an operation; after that the call is ignored.
    """
    import tensorflow as tf

    try:
        tf.config.threading.set_intra_op_parallelism_threads(n)
        tf.config.threading.set_inter_op_parallelism_threads(n)
    except RuntimeError:
        pass
    return n


def keras_on(backend: str) -> Any:
    """Keras on `backend`: set before the first import or, if Keras came in on another backend earlier in
    this process, reloaded on this one (Keras objects made before the switch must then be rebuilt)."""
    os.environ["KERAS_BACKEND"] = backend
    import keras

    if keras.backend.backend() != backend:
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # "already-instantiated objects ...": said above
            keras.config.set_backend(backend)
        import keras
    return keras


def serve_here(export_dir: str | Path, X: Any) -> tuple[Any, Any]:
    """The SavedModel's `serving_default` outputs for `X` and for `X[:1]`, loaded in this process with
    TensorFlow's own loader (`tf.saved_model.load`: the stored graph and weights, no Keras, no Python code
    of the model's author). RuntimeError, saying what is wrong, if the SavedModel cannot serve them."""
    import numpy as np
    import tensorflow as tf

    try:
        loaded = tf.saved_model.load(str(export_dir))
    except Exception as exc:
        raise RuntimeError(f"tf.saved_model.load could not read it: {type(exc).__name__}: "
                           f"{_first_line(str(exc))}") from None
    if "serving_default" not in loaded.signatures:
        raise RuntimeError("the SavedModel has no 'serving_default' signature; it has: "
                           + (", ".join(loaded.signatures) or "none"))
    serve = loaded.signatures["serving_default"]
    names = list(serve.structured_input_signature[1])  # signatures take keyword arguments only
    if len(names) != 1:
        raise RuntimeError(f"its signature takes {len(names)} inputs ({', '.join(names)}); a model of images "
                           "takes one")
    outputs = []
    for rows in (np.asarray(X, dtype="float32"), np.asarray(X[:1], dtype="float32")):  # a batch, and one
        try:
            result = serve(**{names[0]: tf.constant(rows)})
        except Exception as exc:
            said = _first_line(str(exc))
            said = "" if said.startswith("Graph execution error") else f": {said}"  # TF's header, no reason
            raise RuntimeError(f"its signature refused a batch of shape {rows.shape} "
                               f"({type(exc).__name__}{said})") from None
        if len(result) != 1:
            raise RuntimeError(f"its signature returns {len(result)} outputs ({', '.join(result)}); "
                               "a model of 10 scores returns one")
        outputs.append(np.asarray(next(iter(result.values())), dtype="float64"))
    return outputs[0], outputs[1]


def _first_line(text: str) -> str:
    return (text.strip().splitlines() or [""])[0][:160]


def _child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "KERAS_BACKEND"}
    env.update(OMP_NUM_THREADS="1", TF_CPP_MIN_LOG_LEVEL="3", PYTHONWARNINGS="ignore", **extra)
    return env


def _with_this_package() -> str:
    """PYTHONPATH for a child that imports this very `pathway` (a clone run in place, or an install)."""
    here = str(Path(__file__).resolve().parents[2])
    return os.pathsep.join([here, *filter(None, [os.environ.get("PYTHONPATH")])])


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def start_serving(export_dir: str | Path, X: Any, folder: str | Path) -> tuple[subprocess.Popen, Path, Path]:
    """Start a fresh process that serves `X` (and its first row) through the SavedModel's signature."""
    import numpy as np

    folder = Path(folder)
    np.save(folder / "inputs.npy", np.asarray(X, dtype="float32"))
    outs = folder / "served.npy", folder / "served_one.npy"
    proc = subprocess.Popen([sys.executable, "-c", _SERVE, str(export_dir), str(folder / "inputs.npy"),
                             *map(str, outs)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_child_env(PYTHONPATH=_with_this_package()), cwd=folder)
    return proc, *outs


def finish(proc: subprocess.Popen, what: str, timeout: float = 180) -> None:
    """Wait for a child process; RuntimeError with its last line of error if it failed."""
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise RuntimeError(f"{what} took more than {timeout:.0f} s") from None
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed: {_last_line(err)}")


def serve_saved_model(export_dir: str | Path, X: Any) -> tuple[Any, Any]:
    """The SavedModel's `serving_default` outputs for `X` and for `X[:1]`, computed in a fresh process."""
    import numpy as np

    with tempfile.TemporaryDirectory() as folder:
        proc, full, one = start_serving(export_dir, X, folder)
        finish(proc, "serving the SavedModel")
        return np.load(full), np.load(one)


def start_predict(model_path: str | Path, X: Any, backend: str,
                  folder: str | Path) -> tuple[subprocess.Popen, Path]:
    """Start a child process that loads a `.keras` file with KERAS_BACKEND=`backend` and predicts `X`."""
    import numpy as np

    folder = Path(folder)
    inputs, out = folder / f"inputs_{backend}.npy", folder / f"predicted_{backend}.npy"
    np.save(inputs, np.asarray(X, dtype="float32"))
    proc = subprocess.Popen([sys.executable, "-c", _PREDICT, str(model_path), str(inputs), str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=_child_env(KERAS_BACKEND=backend), cwd=folder)
    return proc, out


def predict_on_backend(model_path: str | Path, X: Any, backend: str) -> Any:
    """The predictions of a saved `.keras` model on `X`, with Keras on `backend`, in a child process."""
    import numpy as np

    with tempfile.TemporaryDirectory() as folder:
        proc, out = start_predict(model_path, X, backend, folder)
        finish(proc, f"predicting on the {backend} backend")
        return np.load(out)
