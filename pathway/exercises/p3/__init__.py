"""Phase 3, machine-learning specialization: the exercises of its notebooks, one module per section."""

# The sections in the order the notebooks meet them (the order `pathway next` suggests exercises).
# 03b_deep_learning: deep_learning .. saving.
SECTIONS = (
    "supervised", "unsupervised",
    "deep_learning", "tensors", "training", "cnn", "overfitting", "sequences", "transformers",
    "transfer", "keras_twin", "saving",
    "nlp", "features", "evaluation", "deployment", "tracking", "tools",
)
