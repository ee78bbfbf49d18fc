"""Phase 2, data-science foundations: the exercises of its notebook, one module per section."""

# The sections in the order the notebook meets them (the order `pathway next` suggests exercises).
SECTIONS = (
    "stats", "wrangling", "plots", "eda", "validation", "schemas", "schema_gate", "experiments", "peeking",
    "multiple_testing", "jupyter",
)
