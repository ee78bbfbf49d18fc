"""Phase 3, machine-learning specialization: the exercises of its notebooks, one module per section."""

# The sections in the order the notebooks meet them (the order `pathway next` suggests exercises).
SECTIONS = (
    # 03_ml_specialization
    "supervised", "unsupervised", "nlp", "features", "evaluation",
    "tuning", "boosting", "imbalance", "calibration", "creation", "open_ended",
    # 03b_deep_learning
    "deep_learning", "tensors", "training", "cnn", "overfitting", "sequences", "transformers",
    "transfer", "keras_twin", "saving",
    # 03c_mlops
    "deployment", "tracking", "registry", "service", "container", "ci", "formats", "monitoring",
    "cloud", "tools",
)
