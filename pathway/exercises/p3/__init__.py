"""Phase 3, machine-learning specialization: the exercises of its notebook, one module per section."""

# The sections in the order the notebook meets them (the order `pathway next` suggests exercises).
SECTIONS = (
    "supervised", "unsupervised", "deep_learning", "nlp", "features", "evaluation", "deployment",
    "tracking", "registry", "service", "container", "ci", "formats", "monitoring", "cloud", "tools",
)
