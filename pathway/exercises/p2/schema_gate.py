"""Phase 2, data-science foundations: the data contract at the door of a pipeline.

Validate a batch lazily before a model sees it, and let a broken batch stop the pipeline with every
rule named. The check calls the learner's function with batches of its own, valid and broken.
"""

from __future__ import annotations

import functools
from typing import Any

from .. import checks
from ..engine import Incorrect, exercise
from . import _blind_eval
from .schemas import _named

# ------------------------------------------------------------------ the schema at the pipeline's door
_GATE = """\
import numpy as np
import pandas as pd
import pandera.pandas as pa
from sklearn.compose import make_column_transformer
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder

readings_schema = pa.DataFrameSchema({
    "temperature": pa.Column(float, pa.Check.in_range(-40, 60)),
    "humidity": pa.Column(float, pa.Check.in_range(0, 100)),
    "machine": pa.Column(str, pa.Check.isin(["press", "lathe", "mill"])),
})
rng = np.random.default_rng(0)
history = pd.DataFrame({
    "temperature": rng.uniform(-10, 40, 300),
    "humidity": rng.uniform(10, 90, 300),
    "machine": rng.choice(["press", "lathe", "mill"], 300),
})
energy = 50 + 1.5 * history["temperature"] + 0.3 * history["humidity"] + 20 * (history["machine"] == "press")
energy_model = make_pipeline(
    make_column_transformer((OneHotEncoder(), ["machine"]), remainder="passthrough"), LinearRegression()
).fit(history, energy)
"""


def _readings(seed: int, n: int = 12) -> Any:
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng([seed, 31])
    frame = pd.DataFrame({
        "temperature": rng.uniform(-30, 50, n),
        "humidity": rng.uniform(5, 95, n),
        "machine": rng.choice(["press", "lathe", "mill"], n).astype(object),
    })
    frame.loc[0, ["temperature", "humidity"]] = [-40.0, 100.0]  # on the boundaries: valid
    frame.loc[1, ["temperature", "humidity"]] = [60.0, 0.0]
    return frame


@functools.cache
def _energy_model() -> Any:
    namespace: dict[str, Any] = {"__name__": "__p2_schemas_reference__"}
    exec(compile(_GATE, "<p2 schemas reference setup>", "exec"), namespace)
    return namespace["energy_model"]


@exercise(
    "p2.schemas.validated_predict",
    title="Validate before you predict",
    prompt="Write `predict_checked(batch)`: validate `batch` with `readings_schema` *before* "
    "`energy_model` sees it, collecting every broken rule rather than stopping at the first "
    "(pandera's lazy validation). A batch that breaks a rule must not be scored: let pandera's "
    "error propagate, so the pipeline stops and the error names every rule. A valid batch returns "
    "`energy_model`'s predictions for all its rows.",
    answer="predict_checked",
    setup=_GATE,
    solution="""\
def predict_checked(batch):
    valid = readings_schema.validate(batch, lazy=True)
    return energy_model.predict(valid)""",
    right=[
        *_blind_eval.CASES["p2.schemas.validated_predict"]["right"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def predict_checked(batch):
    validated = readings_schema.validate(batch.copy(), lazy=True)
    predictions = energy_model.predict(validated[["temperature", "humidity", "machine"]])
    return np.asarray(predictions)""",
        """\
def predict_checked(batch):
    try:
        good = readings_schema.validate(batch, lazy=True)
    except pa.errors.SchemaErrors:
        raise
    else:
        return pd.Series(energy_model.predict(good))""",
        """\
def predict_checked(batch):
    try:
        readings_schema.validate(batch, lazy=True)
    except pa.errors.SchemaErrors as errors:
        print(errors.failure_cases[["column", "check", "failure_case"]])
        raise
    return list(energy_model.predict(batch))""",
        """\
def predict_checked(batch):
    checked = readings_schema(batch, lazy=True)
    return pd.Series(energy_model.predict(checked), index=checked.index)""",
    ],
    wrong=[
        *_blind_eval.CASES["p2.schemas.validated_predict"]["wrong"],  # second blind red team
        # blind red team (written from the prompt and setup alone)
        """\
def predict_checked(batch):
    readings_schema.validate(batch[["temperature"]], lazy=True)
    return energy_model.predict(batch)""",
        """\
def predict_checked(batch):
    try:
        readings_schema.validate(batch, lazy=True)
    except pa.errors.SchemaErrors as err:
        raise ValueError(str(err))
    return energy_model.predict(batch)""",
        """\
def predict_checked(batch):
    try:
        readings_schema.validate(batch, lazy=True)
        return energy_model.predict(batch)
    except pa.errors.SchemaErrors as err:
        return err.failure_cases""",
        """\
def predict_checked(batch):
    predictions = energy_model.predict(batch)
    try:
        readings_schema.validate(batch, lazy=True)
    except Exception:
        pass
    return predictions""",
        """\
def predict_checked(batch):
    fixed = batch.copy()
    fixed["temperature"] = fixed["temperature"].clip(-40, 60)
    fixed["humidity"] = fixed["humidity"].clip(0, 100)
    return energy_model.predict(
        readings_schema.validate(
            fixed[fixed["machine"].isin(["press", "lathe", "mill"])], lazy=True
        )
    )""",
        """\
def predict_checked(batch):
    valid = readings_schema.validate(batch, lazy=True)
    return energy_model.predict(valid.head(1))""",
        "def predict_checked(batch):\n    return energy_model.predict(batch)",
        # stops at the first broken rule
        """\
def predict_checked(batch):
    return energy_model.predict(readings_schema.validate(batch))""",
        # the error is caught and swallowed
        """\
def predict_checked(batch):
    try:
        readings_schema.validate(batch, lazy=True)
    except pa.errors.SchemaErrors as errors:
        print(errors)
        return None
    return energy_model.predict(batch)""",
        # bad rows dropped silently
        """\
def predict_checked(batch):
    ok = batch["temperature"].between(-40, 60) & batch["humidity"].between(0, 100) \\
        & batch["machine"].isin(["press", "lathe", "mill"])
    return energy_model.predict(batch[ok])""",
        # a hand-written rule for one column only
        """\
def predict_checked(batch):
    if not batch["temperature"].between(-40, 60).all():
        raise ValueError("temperature out of range")
    return energy_model.predict(batch)""",
        # validated, but the training history is scored
        """\
def predict_checked(batch):
    readings_schema.validate(batch, lazy=True)
    return energy_model.predict(history)""",
    ],
    hints=[
        "A pandera schema's `.validate(frame)` returns the frame when it is valid and raises when it "
        "is not; the model should only ever see what `.validate` returned.",
        "`lazy=True` makes pandera check every rule and raise one `SchemaErrors` listing all the "
        "failures, instead of a `SchemaError` at the first.",
        "Two lines: validate lazily, then predict on the validated frame. Do not catch the error "
        "(or re-raise it after logging).",
    ],
)
def validated_predict(answer):
    import numpy as np
    import pandera.pandas as pa

    clean = _readings(seed=6)
    got = checks.returns(answer, clean.copy(), name="predict_checked")
    want = _energy_model().predict(clean)
    try:
        values = np.asarray(got, dtype=float).ravel()
    except (TypeError, ValueError):
        raise Incorrect(f"predict_checked returned {checks.type_name(got)}; return the model's "
                        "predictions, one number per row") from None
    if values.shape != want.shape:
        raise Incorrect(f"predict_checked returned {values.size} predictions for a valid batch of "
                        f"{len(clean)} rows (with readings exactly on the schema's bounds)")
    if not np.allclose(values, want):
        raise Incorrect("for a valid batch, predict_checked does not return energy_model's "
                        "predictions for that batch's rows")
    bad = _readings(seed=7)
    bad.loc[3, "temperature"] = 900.0
    bad.loc[5, "machine"] = "drill"
    try:
        result = answer(bad.copy())
    except pa.errors.SchemaErrors as exc:
        named = _named(exc.failure_cases)
        if not {"temperature", "machine"} <= named:
            raise Incorrect("the error for a batch with a temperature of 900 and a machine 'drill' "
                            f"names only {sorted(named)}: validate with readings_schema") from None
        return ("a bad batch now stops at the door with every broken rule listed (temperature "
                "900, machine 'drill'); a model would have scored it without a word. In a pipeline "
                "this is the first step after reading a batch, and its failures go to the log or "
                "an alert, never into predictions.")
    except pa.errors.SchemaError:
        raise Incorrect("the batch with two broken rules raised at the first one only: validate "
                        "with lazy=True so the error lists every failure") from None
    except Exception as exc:
        raise Incorrect(f"a batch with a temperature of 900 and a machine 'drill' raised "
                        f"{type(exc).__name__}, not pandera's SchemaErrors: validate with "
                        "readings_schema (lazy=True) and let its error through") from None
    if result is None:
        raise Incorrect("a batch with a temperature of 900 returned None: the error was caught and "
                        "swallowed; let it propagate so the pipeline stops")
    size = np.size(result) if not isinstance(result, (str, bytes)) else 1
    if size < len(bad):
        raise Incorrect(f"a batch of {len(bad)} rows with two broken rows returned {size} "
                        "predictions: dropping bad rows silently hides the problem; raise instead")
    raise Incorrect("a batch with a temperature of 900 °C and a machine 'drill' was scored: "
                    "validate it first, and let the failure stop the pipeline")
