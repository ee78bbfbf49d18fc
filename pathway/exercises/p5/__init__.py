"""Phase 5, certifications: the exercises of its notebook, one module per section."""

# The sections in the order the notebook meets them (the order `pathway next` suggests exercises).
SECTIONS = ("catalogue", "planning", "questions")
