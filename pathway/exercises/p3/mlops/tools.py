"""Phase 3, machine-learning specialization: frameworks and cloud tools."""

from __future__ import annotations

from ... import checks
from ...engine import Incorrect, exercise
from .._shared import _TOOLS
from ._blind_c import CASES as BLIND

_TOOL_ANSWERS = {
    "tabular_baseline": "scikit-learn", "research_model": "pytorch", "tf_production": "tensorflow",
    "high_level_api": "keras", "compare_runs": "mlflow", "same_environment": "docker",
    "aws_managed": "sagemaker", "gcp_managed": "vertex_ai",
}
_TOOL_NUDGES = {
    "tabular_baseline": "a table of rows and a laptop CPU call for classical models, not deep learning",
    "research_model": "which framework publishes most research code, with eager, Pythonic "
    "custom training loops?",
    "tf_production": "stay with the framework the team's serving and mobile tooling is built on",
    "high_level_api": "which high-level API runs on several backends (multi-backend since version 3)?",
    "compare_runs": "comparing runs and registering models is experiment tracking, not training",
    "same_environment": "the need is to package an environment, not to train or track a model",
    "aws_managed": "the data is in Amazon S3: which managed ML platform is AWS's?",
    "gcp_managed": "BigQuery is Google Cloud: which managed ML platform is Google's?",
}


@exercise(
    "p3.tools.pick_tool",
    title="The right tool for the job",
    prompt="For each key of `scenarios`, pick the best-fitting tool from `tools`. Set `tool_for` to "
    "a dictionary {scenario: tool}, each tool a name from `tools` (case, spaces and hyphens do not "
    "matter: `\"PyTorch\"` and `\"Vertex AI\"` are fine).",
    answer="tool_for",
    setup=_TOOLS,
    solution="""\
tool_for = {
    "tabular_baseline": "scikit-learn",
    "research_model": "pytorch",
    "tf_production": "tensorflow",
    "high_level_api": "keras",
    "compare_runs": "mlflow",
    "same_environment": "docker",
    "aws_managed": "sagemaker",
    "gcp_managed": "vertex_ai",
}""",
    right=["""\
picks = ["scikit-learn", "PyTorch", "TensorFlow", "Keras", "MLflow", "Docker", "SageMaker", "Vertex AI"]
tool_for = dict(zip(scenarios, picks))""",
        *BLIND["p3.tools.pick_tool"]["right"]],
    wrong=[
        "tool_for = {key: \"pytorch\" for key in scenarios}",
        """\
tool_for = {
    "tabular_baseline": "scikit-learn", "research_model": "pytorch", "tf_production": "tensorflow",
    "high_level_api": "keras", "compare_runs": "docker", "same_environment": "mlflow",
    "aws_managed": "sagemaker", "gcp_managed": "vertex_ai",
}""",
        """\
tool_for = {
    "tabular_baseline": "scikit-learn",
    "research_model": "pytorch",
    "tf_production": "tensorflow",
    "high_level_api": "keras",
    "compare_runs": "mlflow",
    "same_environment": "docker",
    "aws_managed": "vertex_ai",
    "gcp_managed": "sagemaker",
}""",
        *BLIND["p3.tools.pick_tool"]["wrong"]],
    hints=[
        "Read the table above the exercise: each tool has a line on when to pick it.",
        "Three groups: frameworks that train models (scikit-learn, PyTorch, TensorFlow, Keras), "
        "tools around training and shipping (MLflow, Docker), and managed cloud platforms "
        "(SageMaker on AWS, Vertex AI on Google Cloud).",
        "Classical tabular → scikit-learn; research code → PyTorch; TF Serving → TensorFlow; "
        "multi-backend layers → Keras; runs → MLflow; same environment → Docker; S3 → SageMaker; "
        "BigQuery → Vertex AI.",
    ],
)
def pick_tool(answer):
    options = sorted(set(_TOOL_ANSWERS.values()))
    checks.expect_type(answer, dict, "a dictionary {scenario: tool}")
    checks.same_set(answer.keys(), _TOOL_ANSWERS.keys(), "the keys of tool_for")
    wrong = []
    for key, want in _TOOL_ANSWERS.items():
        value = answer[key]
        if not isinstance(value, str):
            raise Incorrect(f"tool_for[{key!r}] should be one of the names in `tools`, got "
                            f"{checks.type_name(value)}")
        pick = value.strip().lower().replace("-", "_").replace(" ", "_")
        if pick == "scikit_learn" or pick == "sklearn":
            pick = "scikit-learn"
        if pick not in options:
            raise Incorrect(f"tool_for[{key!r}] is {value!r}, which is not in `tools`")
        if pick != want:
            wrong.append(key)
    if wrong:
        first = wrong[0]
        raise Incorrect(f"{len(wrong)} of {len(_TOOL_ANSWERS)} scenarios have a better fit; "
                        f"start with {first!r}: {_TOOL_NUDGES[first]}")
    return ("eight jobs, eight tools: most teams use several of them together, e.g. scikit-learn "
            "or PyTorch to train, MLflow to track, Docker to ship, a cloud platform to serve.")
